//! The HTTP front end: the router ([`app`]) and server ([`serve`]) over one shared
//! [`Engine`], serving the chat page, the question-answering API, the OpenAI-compatible
//! API under `/v1` and the OpenAPI document. It is the only module that knows axum and
//! the wire JSON; every handler extracts, calls the engine and converts.
//!
//! The router and the OpenAPI document come from one registration ([`routes`]), so a
//! route cannot be served without being described, nor described without being served.
//! The MCP endpoint, mounted whole from `mcp.rs`, is described in `openapi.rs`; the
//! integration tests hold the document and the router together.

mod api;
mod error;
mod extract;
mod openai;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Uri, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower_http::cors::CorsLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use api::AnswerDelta;
pub use error::{ApiError, ErrorBody, ErrorCode, ErrorDetail};
pub use extract::MAX_BODY_BYTES;
pub use openai::{ChatCompletionChunk, MODEL_ID, OpenAiErrorBody};

use crate::engine::Engine;

/// Server options; `Default` allows localhost names only.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Host names (without port) that requests may be addressed to; any port is allowed.
    pub allowed_hosts: Vec<String>,
    /// Origins (scheme and host, without port) that browser requests may come from; any
    /// port is allowed.
    pub allowed_origins: Vec<String>,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            allowed_hosts: ["localhost", "127.0.0.1", "[::1]"]
                .map(String::from)
                .to_vec(),
            allowed_origins: ["http://localhost", "http://127.0.0.1", "http://[::1]"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl ServerOptions {
    /// Returns true if and only if `host` (a `Host` header value, with or without a port)
    /// names one of `allowed_hosts`, case-insensitively.
    pub fn allows_host(&self, host: &str) -> bool {
        let name = strip_port(host);
        self.allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name))
    }

    /// Returns true if and only if `origin` (an `Origin` header value, with or without a
    /// port) is one of `allowed_origins`, case-insensitively.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        let bare = format!("{scheme}://{}", strip_port(authority));
        self.allowed_origins
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(&bare))
    }
}

/// Returns `authority` without a trailing `:port` (an IPv6 literal keeps its brackets).
fn strip_port(authority: &str) -> &str {
    match authority.rfind(':') {
        Some(colon)
            if authority[colon + 1..].bytes().all(|b| b.is_ascii_digit())
                && !authority[..colon].ends_with(':')
                && (!authority.starts_with('[') || authority[..colon].ends_with(']')) =>
        {
            &authority[..colon]
        }
        _ => authority,
    }
}

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    engine: Arc<Engine>,
    /// The OpenAPI document, serialized once.
    openapi: Bytes,
}

/// Returns the router that serves every endpoint over `engine`.
///
/// Requests are logged at INFO (`tower_http::trace`: method, URI, status, latency), bodies are limited to [`MAX_BODY_BYTES`],
/// every response carries `X-Content-Type-Options: nosniff`, and unknown paths and
/// methods get the JSON error contract (`not_found`, `method_not_allowed` with an `Allow`
/// header).
pub fn app(engine: Arc<Engine>, options: ServerOptions) -> Router {
    let (routes, document) = routes();
    let document = crate::openapi::describe(document);
    let openapi = match document.to_json() {
        Ok(json) => Bytes::from(json),
        Err(error) => {
            tracing::error!(%error, "the OpenAPI document does not serialize");
            Bytes::from_static(b"{}")
        }
    };
    let state = AppState {
        engine: Arc::clone(&engine),
        openapi,
    };
    let router = routes.with_state(state);
    // Front ends that own their protocol mount here, before the fallbacks below.
    let router = router.nest("/mcp", crate::mcp::router(engine, &options));
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::map_response(no_sniff))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO))
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// How long a shutdown waits for requests in flight; long-lived streams (MCP's
/// server-sent events) are cut when it runs out.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Serves [`app`] on `listener` until `shutdown` completes, then finishes the requests in
/// flight for at most [`SHUTDOWN_GRACE`]. Fails only when the listener fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    options: ServerOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let signalled = Arc::new(tokio::sync::Notify::new());
    let notify = Arc::clone(&signalled);
    let server = axum::serve(listener, app(engine, options)).with_graceful_shutdown(async move {
        shutdown.await;
        notify.notify_one();
    });
    tokio::select! {
        result = server => result,
        () = async {
            signalled.notified().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still open after the shutdown grace period were cut");
            Ok(())
        }
    }
}

/// Every route with its OpenAPI description: the router (without fallbacks and outer
/// layers) and the document of its paths.
pub(crate) fn routes() -> (Router<AppState>, OpenApi) {
    let (site, mut document) = OpenApiRouter::new()
        .routes(routes!(index))
        .routes(routes!(chat_js))
        .routes(routes!(chat_css))
        .routes(routes!(openapi_json))
        .routes(routes!(api::healthz))
        .routes(routes!(api::ask_get, api::ask_post))
        .routes(routes!(api::documents))
        .routes(routes!(api::document))
        .routes(routes!(api::facts))
        .routes(routes!(api::search))
        .split_for_parts();
    // Browser-based chat front ends call `/v1` from other origins, so it alone allows
    // any. Its 405 handler is set before the CORS layer so that preflight requests,
    // which use the OPTIONS method no route serves, still reach the CORS layer.
    let (v1, v1_document) = openai::routes().split_for_parts();
    let v1 = v1
        .method_not_allowed_fallback(openai::method_not_allowed)
        .layer(CorsLayer::permissive());
    document.merge(v1_document);
    (site.merge(v1), document)
}

/// The Content-Security-Policy of the chat page and its assets.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const INDEX_HTML: &str = include_str!("../../assets/index.html");
const CHAT_JS: &str = include_str!("../../assets/chat.js");
const CHAT_CSS: &str = include_str!("../../assets/chat.css");

/// A page asset with its content type and the page's security headers.
fn page_asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        ],
        body,
    )
        .into_response()
}

/// Serves the chat page.
#[utoipa::path(get, path = "/", tag = "page",
    responses((status = 200, description = "The chat page", body = String, content_type = "text/html; charset=utf-8")))]
async fn index() -> Response {
    page_asset("text/html; charset=utf-8", INDEX_HTML)
}

/// Serves the chat page's script.
#[utoipa::path(get, path = "/assets/chat.js", tag = "page",
    responses((status = 200, description = "The chat page's script", body = String, content_type = "text/javascript; charset=utf-8")))]
async fn chat_js() -> Response {
    page_asset("text/javascript; charset=utf-8", CHAT_JS)
}

/// Serves the chat page's style sheet.
#[utoipa::path(get, path = "/assets/chat.css", tag = "page",
    responses((status = 200, description = "The chat page's style sheet", body = String, content_type = "text/css; charset=utf-8")))]
async fn chat_css() -> Response {
    page_asset("text/css; charset=utf-8", CHAT_CSS)
}

/// Serves this API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object, content_type = "application/json")))]
async fn openapi_json(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        state.openapi.clone(),
    )
        .into_response()
}

/// Answers a path no route serves, in the shape of its API.
async fn not_found(uri: Uri) -> Response {
    if is_openai_path(&uri) {
        return openai::not_found(uri).await.into_response();
    }
    ApiError::new(
        ErrorCode::NotFound,
        format!("there is no endpoint {}", uri.path()),
    )
    .into_response()
}

/// Answers a served path with a method it does not serve; axum adds the `Allow` header.
async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not serve this method; see the Allow header",
    )
}

/// Returns true if and only if the path is under `/v1`.
fn is_openai_path(uri: &Uri) -> bool {
    uri.path() == "/v1" || uri.path().starts_with("/v1/")
}

/// Marks every response so browsers never guess a content type.
async fn no_sniff(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_options_allow_localhost_on_any_port_only() {
        let options = ServerOptions::default();
        assert!(options.allows_host("localhost"));
        assert!(options.allows_host("LOCALHOST:8080"));
        assert!(options.allows_host("127.0.0.1:3000"));
        assert!(options.allows_host("[::1]:8080"));
        assert!(options.allows_host("[::1]"));
        assert!(!options.allows_host("evil.example"));
        assert!(!options.allows_host("localhost.evil.example:8080"));
        assert!(options.allows_origin("http://localhost:5173"));
        assert!(options.allows_origin("http://[::1]:8080"));
        assert!(!options.allows_origin("https://evil.example"));
        assert!(!options.allows_origin("null"));
    }
}
