//! The OpenAPI 3.1 document of the HTTP API: the paths registered with the router (each
//! handler's `#[utoipa::path]`), plus the MCP endpoint, which `crate::mcp` serves under its own
//! protocol, and the document's description, tags and error schemas.

use utoipa::OpenApi;

use super::api::AskEvent;
use super::{AnswerDelta, ChatCompletionChunk, ErrorBody, OpenAiErrorBody};

/// Returns the OpenAPI document of every endpoint the server serves.
pub fn document() -> utoipa::openapi::OpenApi {
    describe(super::routes().1)
}

/// Completes the document of the router's paths with the rest of the API.
pub(crate) fn describe(paths: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(paths);
    document
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "lanzhou-qa",
        description = "Grounded question answering over a small corpus of statistics-heavy articles. \
            Every answer cites sentences of the corpus by byte offsets into the text served at \
            `/docs/{doc_id}`. Errors outside `/v1` are `{\"error\": {\"code\", \"message\"}}` (ErrorBody); \
            under `/v1` they take OpenAI's shape (OpenAiErrorBody). Every endpoint may answer 404 \
            `not_found` for an unknown path and 405 `method_not_allowed` for an unserved method."
    ),
    paths(mcp::post, mcp::get, mcp::delete),
    // The payloads of server-sent events, which no path can reference as a schema.
    components(schemas(ErrorBody, OpenAiErrorBody, AnswerDelta, AskEvent, ServerSentEvent, ChatCompletionChunk, mcp::JsonRpcMessage)),
    tags(
        (name = "qa", description = "Questions and answers"),
        (name = "corpus", description = "The documents, the fact table and text search"),
        (name = "openai", description = "The OpenAI-compatible chat API, for chat front ends"),
        (name = "mcp", description = "The Model Context Protocol server, over streamable HTTP"),
        (name = "page", description = "The chat page"),
        (name = "meta", description = "This document"),
        (name = "admin", description = "Operating the server, from this machine only"),
    )
)]
struct ApiDoc;

/// A server-sent event: its `data` line, and an `event`, `id` and `retry` when sent.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ServerSentEvent {
    /// The event's name, when it has one.
    event: Option<String>,
    /// The event's data: JSON (a ChatCompletionChunk under `/v1`, a JsonRpcMessage under
    /// `/mcp`), `[DONE]` at the end of a `/v1` stream, or empty in a priming event.
    data: String,
    /// The event id, for resuming a stream.
    id: Option<String>,
    /// How many milliseconds a client should wait before reconnecting.
    retry: Option<u64>,
}

/// The MCP endpoint, described here because `mcp.rs` serves it as a whole protocol rather
/// than as handlers with `#[utoipa::path]`; these functions exist only to be described.
#[allow(dead_code)]
mod mcp {
    use super::ServerSentEvent;

    /// A JSON-RPC 2.0 message of the Model Context Protocol: a request (with `id`), a
    /// notification (without), or a response.
    #[derive(utoipa::ToSchema)]
    pub struct JsonRpcMessage {
        /// Always "2.0".
        jsonrpc: String,
        /// The request id; absent for notifications.
        id: Option<serde_json::Value>,
        /// The method, e.g. "initialize", "tools/list", "tools/call".
        method: Option<String>,
        params: Option<serde_json::Value>,
        result: Option<serde_json::Value>,
        error: Option<serde_json::Value>,
    }

    /// Sends a JSON-RPC message to the MCP server.
    #[utoipa::path(post, path = "/mcp", tag = "mcp",
        params(("Mcp-Session-Id" = Option<String>, Header, description = "The session, as returned by `initialize`; absent on `initialize` itself")),
        request_body(content = JsonRpcMessage, content_type = "application/json",
            description = "One JSON-RPC 2.0 message. Send `Accept: application/json, text/event-stream`, \
                and the `Mcp-Session-Id` header returned by `initialize` on later requests."),
        responses(
            (status = 200, description = "The JSON-RPC response, as JSON or as server-sent events",
                content((JsonRpcMessage = "application/json"), (ServerSentEvent = "text/event-stream"))),
            (status = 202, description = "A notification or response was accepted"),
            (status = 400, description = "Not a valid MCP message (a JSON-RPC parse or invalid-request error)", body = JsonRpcMessage),
            (status = 401, description = "An API key is required", body = JsonRpcMessage),
            (status = 403, description = "The Host or Origin is not allowed (DNS-rebinding protection)", body = JsonRpcMessage),
            (status = 404, description = "Unknown or expired session", body = JsonRpcMessage),
            (status = 406, description = "The Accept header does not name both application/json and text/event-stream", body = JsonRpcMessage),
            (status = 413, description = "The body is over 4 MiB", body = JsonRpcMessage),
            (status = 415, description = "The body is not sent as JSON", body = JsonRpcMessage),
        ))]
    async fn post() {}

    /// Opens a stream of server-sent messages for a session.
    #[utoipa::path(get, path = "/mcp", tag = "mcp",
        params(("Mcp-Session-Id" = String, Header, description = "The session, as returned by `initialize`")),
        responses(
            (status = 200, description = "Server-sent JSON-RPC messages", body = ServerSentEvent, content_type = "text/event-stream"),
            (status = 400, description = "No or a malformed session id", body = JsonRpcMessage),
            (status = 401, description = "An API key is required", body = JsonRpcMessage),
            (status = 403, description = "The Host or Origin is not allowed", body = JsonRpcMessage),
            (status = 404, description = "Unknown or expired session", body = JsonRpcMessage),
            (status = 405, description = "The server does not offer a standalone stream", body = JsonRpcMessage),
            (status = 406, description = "The Accept header does not name text/event-stream", body = JsonRpcMessage),
        ))]
    async fn get() {}

    /// Ends a session.
    #[utoipa::path(delete, path = "/mcp", tag = "mcp",
        params(("Mcp-Session-Id" = String, Header, description = "The session, as returned by `initialize`")),
        responses(
            (status = 204, description = "The session is ended"),
            (status = 400, description = "No or a malformed session id", body = JsonRpcMessage),
            (status = 401, description = "An API key is required", body = JsonRpcMessage),
            (status = 403, description = "The Host or Origin is not allowed", body = JsonRpcMessage),
            (status = 404, description = "Unknown or expired session", body = JsonRpcMessage),
            (status = 405, description = "The server does not keep sessions", body = JsonRpcMessage),
        ))]
    async fn delete() {}
}
