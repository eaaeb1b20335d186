//! The HTTP front end: the router ([`app`]) and server ([`serve`]) over one shared
//! [`Engine`], serving the chat page, the question-answering API, the OpenAI-compatible
//! API under `/v1`, MCP at `/mcp` and the OpenAPI document. It is the only module that
//! knows axum and the wire JSON; every handler extracts, calls the engine and converts.
//!
//! The router and the OpenAPI document come from one registration ([`routes`]), so a
//! route cannot be served without being described, nor described without being served.
//! The MCP endpoint, mounted whole from `mcp.rs`, is described in `openapi.rs`; the
//! integration tests hold the document and the router together.

mod api;
mod chat_tasks;
mod error;
mod extract;
mod guard;
mod mcp;
mod openai;
mod openai_request;
pub mod openapi;
mod options;
mod rate;
mod server;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, Method, Uri, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::RequestBodyDeadlineLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use api::{AnswerDelta, Health, HealthStatus};
pub use error::{ApiError, ErrorBody, ErrorCode, ErrorDetail};
pub use extract::MAX_BODY_BYTES;
pub use guard::{MAX_HEADER_BYTES, MAX_URI_BYTES};
pub use openai::{ChatCompletionChunk, MODEL_ID, OpenAiErrorBody};
pub use options::{ConnectionInfo, Limits, ServerOptions, is_loopback};
pub use server::{SHUTDOWN_GRACE, serve};

use crate::engine::Engine;
use crate::workers::Workers;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    workers: Workers,
    /// The OpenAPI document, serialized once.
    openapi: Bytes,
}

/// Returns the router that serves every endpoint over `engine`.
///
/// Outermost first, every request is logged at INFO (`tower_http::trace`: method, path,
/// status, latency; the query string, which may hold a question, only at DEBUG); its errors are completed to the JSON contract with
/// `X-Content-Type-Options: nosniff` (`guard::complete_errors`); it is checked for size,
/// `Host`, the connection cap and declared body length (`guard::check_request`); CORS
/// answers browsers from `cors_origins` only; the API key is checked when one is set;
/// each client is held to its rate when one is set (`rate.rs`); and its body must arrive
/// within the body timeout and be at most [`MAX_BODY_BYTES`]
/// (4 MiB under `/mcp`). Unknown paths and methods get the JSON error contract
/// (`not_found`, `method_not_allowed` with an `Allow` header).
pub fn app(engine: Arc<Engine>, options: ServerOptions) -> Router {
    let (routes, document) = routes();
    let document = openapi::describe(document);
    let openapi = match document.to_json() {
        Ok(json) => Bytes::from(json),
        Err(error) => {
            tracing::error!(%error, "the OpenAPI document does not serialize");
            Bytes::from_static(b"{}")
        }
    };
    let limits = &options.limits;
    let workers = Workers::new(engine, limits.ask_workers, limits.ask_queue);
    let state = AppState {
        workers: workers.clone(),
        openapi,
    };
    let router = routes
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    // Front ends that own their protocol mount here, before the fallbacks below.
    let router = router.nest("/mcp", mcp::router(workers, &options));
    let shared = Arc::new(options.clone());
    let router = router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(RequestBodyDeadlineLayer::new(limits.body_timeout));
    let router = match limits.rate_per_client {
        Some(per_second) => rate::limit(router, per_second),
        None => router,
    };
    router
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard::check_key,
        ))
        .layer(cors(&options))
        .layer(middleware::from_fn_with_state(shared, guard::check_request))
        .layer(middleware::from_fn(guard::complete_errors))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
}

/// CORS for the origins the options name, and no other: without any, browsers on other
/// origins cannot read a response. Preflight requests are answered here, before the key
/// check, since browsers send no key in them.
fn cors(options: &ServerOptions) -> CorsLayer {
    let allowed = options.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| allowed.allows_cors_origin(origin))
        }))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::ACCEPT,
            HeaderName::from_static("last-event-id"),
            HeaderName::from_static("mcp-session-id"),
            HeaderName::from_static("mcp-protocol-version"),
        ])
        .expose_headers([HeaderName::from_static("mcp-session-id")])
}

/// The span a request's log lines are in: its method and path, and its query string only
/// when DEBUG logs are on, so that questions asked with `GET /ask?question=...` are not
/// recorded at INFO.
fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        query = tracing::field::Empty,
    );
    if tracing::enabled!(tracing::Level::DEBUG)
        && let Some(query) = request.uri().query()
    {
        span.record("query", query);
    }
    span
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
        .routes(routes!(api::readyz))
        .routes(routes!(api::ask_get, api::ask_post))
        .routes(routes!(api::documents))
        .routes(routes!(api::document))
        .routes(routes!(api::facts))
        .routes(routes!(api::search))
        .routes(routes!(api::reload))
        .split_for_parts();
    let (v1, v1_document) = openai::routes().split_for_parts();
    let v1 = v1.method_not_allowed_fallback(openai::method_not_allowed);
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
