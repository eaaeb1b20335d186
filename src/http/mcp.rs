//! `/mcp`: the MCP server's streamable-HTTP service (from `mcp.rs`), behind a check of
//! `Origin` (the MCP specification asks servers to refuse foreign ones) and of each POST
//! body, which must be one JSON-RPC message; refusals are JSON-RPC error responses. The
//! end of a session is answered 204, as MCP clients expect.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::ErrorCode;
use super::guard::{JSON_RPC_INVALID_REQUEST, refusal};
use super::options::ServerOptions;
use crate::mcp::{self, MAX_BODY_BYTES};
use crate::workers::Workers;

/// Returns the router of the MCP endpoint, to be nested at `/mcp`.
pub(super) fn router(workers: Workers, options: &ServerOptions) -> Router {
    let limits = &options.limits;
    let service = mcp::http_service(workers, limits.mcp_sessions, limits.mcp_session_idle);
    Router::new()
        .route_service("/", service)
        .layer(middleware::from_fn_with_state(
            Arc::new(options.clone()),
            check_mcp_request,
        ))
}

/// A JSON-RPC error response with an HTTP status.
fn json_rpc_error(status: StatusCode, code: i32, message: String, id: Value) -> Response {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    });
    (status, axum::Json(body)).into_response()
}

/// Checks `Origin` on every request and the body of every POST, then hands the request
/// (with its body restored) to rmcp; the end of a session (DELETE) is answered 204 No
/// Content. A request without `Accept`, or accepting `*/*`, accepts any type (RFC 9110),
/// so it is given the `Accept` MCP asks clients to send rather than refused with 406.
async fn check_mcp_request(
    State(options): State<Arc<ServerOptions>>,
    mut request: Request,
    next: Next,
) -> Response {
    let accepts_any = request
        .headers()
        .get_all(header::ACCEPT)
        .iter()
        .all(|value| value.to_str().is_ok_and(|v| v.contains("*/*")));
    if accepts_any {
        request.headers_mut().insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, text/event-stream"),
        );
    }
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && !origin
            .to_str()
            .is_ok_and(|origin| options.allows_origin(origin))
    {
        tracing::warn!(?origin, "refused an MCP request: its Origin is not allowed");
        return json_rpc_error(
            StatusCode::FORBIDDEN,
            JSON_RPC_INVALID_REQUEST,
            "Forbidden: the Origin header is not allowed by this server".into(),
            Value::Null,
        );
    }
    if request.method() == Method::DELETE {
        // rmcp answers the end of a session with 202 Accepted; MCP clients expect 200 or
        // 204 (the Python SDK logs 202 as a failed termination), and the session is gone.
        let mut response = next.run(request).await;
        if response.status() == StatusCode::ACCEPTED {
            *response.status_mut() = StatusCode::NO_CONTENT;
            response.headers_mut().remove(header::CONTENT_LENGTH);
            response.headers_mut().remove(header::CONTENT_TYPE);
            *response.body_mut() = Body::empty();
        }
        return response;
    }
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) if super::extract::is_timeout(&error) => {
            return refusal(
                "/mcp",
                ErrorCode::RequestTimeout,
                "the body did not arrive in time",
            );
        }
        Err(error) => {
            tracing::warn!(%error, "refused an MCP request: unreadable body");
            return json_rpc_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                JSON_RPC_INVALID_REQUEST,
                format!(
                    "Invalid Request: the body could not be read within the limit of {MAX_BODY_BYTES} bytes"
                ),
                Value::Null,
            );
        }
    };
    if let Err(fault) = mcp::check_message(&bytes) {
        return json_rpc_error(StatusCode::BAD_REQUEST, fault.code, fault.message, fault.id);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
