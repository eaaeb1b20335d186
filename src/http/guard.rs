//! The checks every request passes before a handler sees it, and the completion of every
//! error response after: request size, `Host` (DNS-rebinding protection), the connection
//! cap, the declared body length, the API key; then the error contract and `nosniff` on
//! whatever comes back, including errors raised by rmcp or a layer rather than a handler.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Version, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::error::{ApiError, ErrorCode, RETRY_AFTER_SECONDS};
use super::extract::MAX_BODY_BYTES;
use super::options::{ConnectionInfo, ServerOptions};

/// The longest request target (path and query) served, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The most bytes of header names and values a request may carry in all.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// The largest error body of rmcp or a layer that is quoted as the error's message.
const MAX_QUOTED_BODY: usize = 1024;

/// Returns true if and only if `path` is a health probe, which needs no key and is
/// answered even over the connection cap.
pub(super) fn is_probe(path: &str) -> bool {
    path == "/healthz" || path == "/readyz"
}

/// The error shape of the API a path belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// `{"error": {"code", "message"}}`.
    Api,
    /// OpenAI's `{"error": {"message", "type", "param", "code"}}`, under `/v1`.
    OpenAi,
    /// A JSON-RPC error response, under `/mcp`.
    JsonRpc,
}

impl Shape {
    pub(super) fn of(path: &str) -> Shape {
        if path == "/v1" || path.starts_with("/v1/") {
            Shape::OpenAi
        } else if path == "/mcp" || path.starts_with("/mcp/") {
            Shape::JsonRpc
        } else {
            Shape::Api
        }
    }
}

/// Returns the error response for `code` in the shape of the API `path` belongs to.
pub(super) fn refusal(path: &str, code: ErrorCode, message: impl Into<String>) -> Response {
    let message = message.into();
    match Shape::of(path) {
        Shape::Api => ApiError::new(code, message).into_response(),
        Shape::OpenAi => {
            let mut response = super::openai::error_response(code, message);
            add_error_headers(code, &mut response);
            response
        }
        Shape::JsonRpc => {
            let body = json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": { "code": JSON_RPC_INVALID_REQUEST, "message": message },
            });
            let mut response = (code.status(), axum::Json(body)).into_response();
            add_error_headers(code, &mut response);
            response
        }
    }
}

/// The JSON-RPC code of a request refused before it reached the MCP server.
pub(super) const JSON_RPC_INVALID_REQUEST: i32 = -32600;

/// Adds `Retry-After` to answers that invite a retry and `WWW-Authenticate` to 401s.
fn add_error_headers(code: ErrorCode, response: &mut Response) {
    if matches!(code, ErrorCode::RateLimited | ErrorCode::Overloaded) {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
    if code == ErrorCode::Unauthorized {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
}

/// Refuses, before any handler runs or any body is read: a request target over
/// [`MAX_URI_BYTES`] (414), headers over [`MAX_HEADER_BYTES`] (431), an HTTP/1.1 request
/// without `Host` (400), a `Host` the options do not allow (403), a request over the
/// connection cap other than a health probe (503), and a declared body longer than the
/// route reads (413, so `Expect: 100-continue` is never answered with `100 Continue`).
pub(super) async fn check_request(
    State(options): State<Arc<ServerOptions>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if target > MAX_URI_BYTES {
        return refusal(
            &path,
            ErrorCode::UriTooLong,
            format!("the request target is longer than {MAX_URI_BYTES} bytes"),
        );
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return refusal(
            &path,
            ErrorCode::HeadersTooLarge,
            format!("the request headers are larger than {MAX_HEADER_BYTES} bytes"),
        );
    }
    let connection = request.extensions().get::<ConnectionInfo>().copied();
    let host = match request.headers().get(header::HOST) {
        Some(value) => value.to_str().ok(),
        None if request.version() >= Version::HTTP_11 && connection.is_some() => {
            return refusal(
                &path,
                ErrorCode::InvalidRequest,
                "an HTTP/1.1 request must have a Host header",
            );
        }
        None => request.uri().authority().map(|a| a.as_str()),
    };
    let local = connection.map(|c| c.local.ip());
    // A request with no name at all (HTTP/1.0, or a test calling the router directly) is
    // judged as addressed to localhost: a browser always sends Host.
    let host_allowed = match host {
        Some(host) => options.allows_host(host, local),
        None => request.headers().get(header::HOST).is_none(),
    };
    if !host_allowed {
        tracing::warn!(?host, %path, "refused a request: its Host is not allowed");
        return refusal(
            &path,
            ErrorCode::Forbidden,
            "Forbidden: the Host header is not allowed by this server",
        );
    }
    if connection.is_some_and(|c| c.over_capacity) && !is_probe(&path) {
        let mut response = refusal(
            &path,
            ErrorCode::Overloaded,
            "the server is at its limit of open connections; try again shortly",
        );
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    let limit = if Shape::of(&path) == Shape::JsonRpc {
        crate::mcp::MAX_BODY_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refusal(
            &path,
            ErrorCode::PayloadTooLarge,
            format!("the body is larger than {limit} bytes"),
        );
    }
    next.run(request).await
}

/// Refuses every request but the health probes without the API key, when one is set.
/// (CORS preflight requests are answered before this check: browsers send no key in them.)
pub(super) async fn check_key(
    State(options): State<Arc<ServerOptions>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if is_probe(path) {
        return next.run(request).await;
    }
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes);
    if !options.allows_key(authorization) {
        let path = path.to_string();
        return refusal(
            &path,
            ErrorCode::Unauthorized,
            "this server needs an API key: send `Authorization: Bearer <key>`",
        );
    }
    next.run(request).await
}

/// Gives every error response the JSON body of its API when it has none (rmcp's plain
/// text, a layer's empty body), and every response `X-Content-Type-Options: nosniff`.
pub(super) async fn complete_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let mut response = if needs_error_body(&response) {
        rewrite_error(&path, response).await
    } else {
        response
    };
    response
        .headers_mut()
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    response
}

/// Returns true if and only if `response` is an error without a JSON body.
fn needs_error_body(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return false;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    !content_type.starts_with("application/json")
}

/// Replaces the body of an error response with the error contract of `path`, keeping its
/// status and headers; the old body (short text from rmcp or a layer) becomes the message.
async fn rewrite_error(path: &str, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    let text = match axum::body::to_bytes(body, MAX_QUOTED_BODY).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    let code = ErrorCode::for_status(status);
    let message = if text.is_empty() || status.is_server_error() {
        default_message(status)
    } else {
        text
    };
    let mut rewritten = refusal(path, code, message);
    *rewritten.status_mut() = status;
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rewritten.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rewritten
}

/// A message for an error status that came without one.
fn default_message(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) if status.is_client_error() => reason.to_string(),
        _ => "the server failed to answer; the fault is logged".to_string(),
    }
}
