//! The MCP (Model Context Protocol) server: the `ask`, `search` and `facts` tools and the
//! corpus documents as resources, served over stdio and over streamable HTTP. Only this
//! module knows `rmcp`.
//!
//! Both transports serve the same [`QaServer`] handler over one shared [`Engine`]. The HTTP
//! service is an axum router meant to be nested at `/mcp`; a guard in front of `rmcp` refuses
//! foreign `Host` and `Origin` headers (DNS-rebinding protection, as the MCP specification
//! requires) and malformed JSON-RPC bodies, each with a JSON-RPC error body rather than a bare
//! HTTP status.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header, uri::Authority};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    ClientJsonRpcMessage, ContentBlock, ErrorCode, ErrorData, Implementation, IntoContents,
    ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{Json, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::corpus::Document;
use crate::engine::Engine;
use crate::facts::{Fact, FactFilter};
use crate::http::ServerOptions;
use crate::reply::{Question, QuestionError, Reply, SearchHit, SessionId, SessionIdError};

/// The scheme and authority of every document resource: `lanzhou-qa://docs/{doc_id}`.
const DOC_URI_PREFIX: &str = "lanzhou-qa://docs/";

/// How many hits `search` returns when the call does not say.
const DEFAULT_SEARCH_LIMIT: i64 = 5;

/// The most hits one `search` call may ask for.
const MAX_SEARCH_LIMIT: i64 = 50;

/// The largest JSON-RPC body the HTTP transport reads (the `rmcp` default).
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How many document titles the server instructions name before summarising the rest.
const TITLES_IN_INSTRUCTIONS: usize = 12;

/// Errors serving MCP over stdio.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    /// The client closed the connection or broke the protocol before the handshake ended.
    #[error("the MCP handshake over stdio failed: {0}")]
    Handshake(Box<rmcp::service::ServerInitializeError>),
    /// The task serving the connection panicked or was aborted.
    #[error("the MCP stdio service stopped abnormally: {0}")]
    Service(#[from] tokio::task::JoinError),
}

/// Serves MCP over this process's stdin and stdout until the client disconnects. Nothing
/// but protocol messages is written to stdout; logs belong on stderr.
///
/// Fails when the client does not complete the handshake or the service task dies.
pub async fn serve_stdio(engine: Arc<Engine>) -> Result<(), McpError> {
    let running = QaServer::new(engine)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| McpError::Handshake(Box::new(error)))?;
    let reason = running.waiting().await?;
    tracing::info!(?reason, "MCP stdio session ended");
    Ok(())
}

/// Returns the streamable-HTTP MCP service as a router whose root is the MCP endpoint, to
/// be nested at `/mcp`. Each client gets its own MCP session (the `Mcp-Session-Id` header).
///
/// Before a request reaches `rmcp`, it is refused with 403 and a JSON-RPC error body when
/// its `Host` is not in `options.allowed_hosts` or its `Origin` (when present) is not in
/// `options.allowed_origins`; a POST body that is not a JSON-RPC message gets 400 with a
/// parse error (-32700) or invalid-request error (-32600).
pub fn router(engine: Arc<Engine>, options: &ServerOptions) -> Router {
    let server = QaServer::new(engine);
    // The guard below checks Host and Origin with JSON-RPC error bodies, so rmcp's own
    // check (plain-text 403s) is turned off rather than kept as a second, differing rule.
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .disable_allowed_origins()
        .with_max_request_body_bytes(MAX_BODY_BYTES);
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    Router::new()
        .route_service("/", service)
        .layer(middleware::from_fn_with_state(
            Arc::new(options.clone()),
            guard_request,
        ))
}

// ---------------------------------------------------------------------------------------
// The handler: tools, resources and server info.
// ---------------------------------------------------------------------------------------

/// The MCP handler over one engine; cheap to clone (one per HTTP session).
#[derive(Clone)]
struct QaServer {
    engine: Arc<Engine>,
    instructions: Arc<str>,
    tool_router: ToolRouter<QaServer>,
}

/// The arguments of the `ask` tool.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AskArgs {
    /// The question in plain words, e.g. "How much did tertiary industry grow since 1949?".
    /// 1 to 1000 characters.
    #[schemars(length(min = 1, max = 1000))]
    question: String,
    /// The `session` of an earlier reply, to ask a follow-up such as "and in 2018?". Omit
    /// it to start a new conversation. 1 to 128 characters of A-Z, a-z, 0-9, '_' and '-'.
    #[serde(default)]
    #[schemars(length(min = 1, max = 128), pattern(r"^[A-Za-z0-9_-]+$"))]
    session: Option<String>,
}

/// The arguments of the `search` tool.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    /// Free-text keywords, e.g. "tertiary industry added value".
    #[schemars(length(min = 1))]
    query: String,
    /// How many passages to return, best first: 1 to 50, default 5.
    #[serde(default)]
    #[schemars(range(min = 1, max = 50))]
    limit: Option<i64>,
}

/// The passages a `search` found.
#[derive(Debug, Serialize, JsonSchema)]
struct SearchResults {
    /// Passages, best first; empty when nothing matches.
    hits: Vec<SearchHit>,
}

/// The fact-table rows a `facts` call matched.
#[derive(Debug, Serialize, JsonSchema)]
struct FactRows {
    /// How many rows matched (the length of `facts`).
    count: usize,
    /// The matching rows, in table order.
    facts: Vec<Fact>,
}

/// Why a tool call was refused. The message goes back to the agent as an error result
/// (`isError: true`), not as a protocol error, so it can correct the call.
#[derive(Debug, thiserror::Error)]
enum ToolError {
    /// The question is blank or too long.
    #[error("invalid question: {0}")]
    Question(#[from] QuestionError),
    /// The session id is not 1-128 characters of the allowed alphabet.
    #[error("invalid session: {0}")]
    Session(#[from] SessionIdError),
    /// The search query has no text.
    #[error("the query is blank; give some keywords")]
    BlankQuery,
    /// The search limit is out of range.
    #[error("limit must be between 1 and {MAX_SEARCH_LIMIT}; got {0}")]
    Limit(i64),
}

impl IntoContents for ToolError {
    fn into_contents(self) -> Vec<ContentBlock> {
        vec![ContentBlock::text(self.to_string())]
    }
}

#[tool_router]
impl QaServer {
    fn new(engine: Arc<Engine>) -> QaServer {
        let instructions = instructions(engine.documents()).into();
        QaServer {
            engine,
            instructions,
            tool_router: QaServer::tool_router(),
        }
    }

    #[tool(
        title = "Ask the corpus",
        description = "Answer a question from the corpus of statistics-heavy news articles, \
            with citations. Use this first for any question about the corpus's figures: \
            amounts, growth multiples, shares, changes, comparisons and computed ratios. \
            The reply has `answer` (prose; each [n] marker refers to citations[n-1]), \
            `answered` (false means the corpus does not say: report that, do not guess), \
            `citations` (the exact sentences, each with byte offsets start..end into the text \
            of resource lanzhou-qa://docs/{doc_id}), `facts` (the fact-table rows used), \
            `derivation` (the arithmetic behind a computed number, or null), `notes` (where \
            the corpus's own figures disagree), `related` (closest passages when not \
            answered) and `session` (pass it back to ask a follow-up).",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    fn ask(&self, Parameters(args): Parameters<AskArgs>) -> Result<Json<Reply>, ToolError> {
        let question = Question::parse(&args.question)?;
        let session = args.session.as_deref().map(SessionId::parse).transpose()?;
        Ok(Json(self.engine.ask(&question, session.as_ref())))
    }

    #[tool(
        title = "Search passages",
        description = "Full-text search (BM25) over the sentences of the corpus. Returns up \
            to `limit` passages (default 5, at most 50), best first, each with doc_id, title, \
            snippet, byte offsets start..end into the document text and a score comparable \
            only within one search. Use it to find where a topic is discussed, to read around \
            a citation, or to look for material when `ask` answers `answered: false`. It \
            neither answers nor computes.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    fn search(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<Json<SearchResults>, ToolError> {
        if args.query.trim().is_empty() {
            return Err(ToolError::BlankQuery);
        }
        let limit = args.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
        let limit = match usize::try_from(limit) {
            Ok(n) if (1..=MAX_SEARCH_LIMIT).contains(&limit) => n,
            _ => return Err(ToolError::Limit(limit)),
        };
        Ok(Json(SearchResults {
            hits: self.engine.search(&args.query, limit),
        }))
    }

    #[tool(
        title = "List facts",
        description = "List rows of the fact table: every figure stated in the corpus as a \
            typed row (subject, measure, kind, value, unit, year, base_year, qualifier, the \
            figure as written, and the byte spans of the figure and of its sentence). All \
            filters are optional and combine: `subject` matches words of the subject \
            case-insensitively (e.g. \"tertiary\"), `year` matches the year, base year or end \
            year, `doc` is a document id. Use it to tabulate or compare figures yourself; \
            use `ask` for an answer with citations.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    fn facts(&self, Parameters(filter): Parameters<FactFilter>) -> Json<FactRows> {
        let facts = self.engine.facts(&filter);
        Json(FactRows {
            count: facts.len(),
            facts,
        })
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for QaServer {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(
                Implementation::new("lanzhou-qa", env!("CARGO_PKG_VERSION"))
                    .with_title("lanzhou-qa: grounded answers over a statistics corpus"),
            )
            .with_instructions(self.instructions.as_ref())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resources = self.engine.documents().iter().map(resource).collect();
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let template = ResourceTemplate::new(format!("{DOC_URI_PREFIX}{{doc_id}}"), "document")
            .with_title("A corpus document")
            .with_description(
                "The full text of a corpus document, exactly as the byte offsets of citations \
                 and search hits count it.",
            )
            .with_mime_type("text/plain");
        Ok(ListResourceTemplatesResult::with_all_items(vec![template]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let document = request
            .uri
            .strip_prefix(DOC_URI_PREFIX)
            .and_then(|doc_id| self.engine.document(doc_id))
            .ok_or_else(|| {
                ErrorData::resource_not_found(
                    format!("no corpus document has the URI {:?}", request.uri),
                    Some(json!({ "uri": request.uri })),
                )
            })?;
        let contents =
            ResourceContents::text(document.text.clone(), request.uri).with_mime_type("text/plain");
        Ok(ReadResourceResult::new(vec![contents]).into())
    }
}

/// Returns the resource that lists `document`.
fn resource(document: &Document) -> Resource {
    let about: Vec<&str> = [&document.source, &document.date, &document.place]
        .into_iter()
        .filter_map(|field| field.as_deref())
        .collect();
    let mut description = String::from("Full text of the article");
    if !about.is_empty() {
        description.push_str(&format!(" ({})", about.join(", ")));
    }
    description.push_str("; citation byte offsets count into exactly this text.");
    Resource::new(
        format!("{DOC_URI_PREFIX}{}", document.id),
        document.id.clone(),
    )
    .with_title(document.title.clone())
    .with_description(description)
    .with_mime_type("text/plain")
    .with_size(document.text.len() as u64)
}

/// Returns the instructions the server gives an agent at initialisation: what the corpus
/// is and when to call which tool.
fn instructions(documents: &[Document]) -> String {
    let mut titles: Vec<String> = documents
        .iter()
        .take(TITLES_IN_INSTRUCTIONS)
        .map(|d| format!("\"{}\" ({})", d.title, d.id))
        .collect();
    if documents.len() > TITLES_IN_INSTRUCTIONS {
        titles.push(format!(
            "and {} more",
            documents.len() - TITLES_IN_INSTRUCTIONS
        ));
    }
    format!(
        "lanzhou-qa answers questions from a fixed corpus of {count} statistics-heavy news \
         article(s): {titles}. It knows nothing beyond the corpus and uses no language model; \
         every answer is composed from cited sentences.\n\
         - Call `ask` for any question about the corpus (figures, growth, shares, comparisons, \
         computed ratios). `answered: false` means the corpus does not say; tell the user so \
         instead of guessing. Each [n] in `answer` refers to citations[n-1], whose `snippet` \
         is exactly bytes start..end of the document text. Pass `session` back to ask a \
         follow-up.\n\
         - Call `search` to find passages by keywords, for context or when `ask` refuses.\n\
         - Call `facts` to list the extracted figures (filter by subject, year, doc) when you \
         need to tabulate or compare numbers yourself.\n\
         - Read the resource lanzhou-qa://docs/{{doc_id}} for a document's full text; byte \
         offsets in citations and hits count into it.",
        count = documents.len(),
        titles = titles.join(", "),
    )
}

// ---------------------------------------------------------------------------------------
// The HTTP guard: Host and Origin allow-lists, and well-formed JSON-RPC bodies.
// ---------------------------------------------------------------------------------------

/// Refuses a request whose `Host` or `Origin` the options do not allow. The rule is the
/// HTTP server's own ([`ServerOptions::allows_host`], [`ServerOptions::allows_origin`]):
/// names are compared without their port. A request without `Host` is judged by the
/// authority of its URI, and refused when it has none.
fn check_host_and_origin(
    options: &ServerOptions,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<(), Refusal> {
    let host = match headers.get(header::HOST) {
        Some(value) => value.to_str().ok(),
        None => uri.authority().map(Authority::as_str),
    };
    if !host.is_some_and(|host| options.allows_host(host)) {
        tracing::warn!(?host, "refused an MCP request: its Host is not allowed");
        return Err(Refusal::forbidden(
            "Forbidden: the Host header is not allowed by this server",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN)
        && !origin
            .to_str()
            .is_ok_and(|origin| options.allows_origin(origin))
    {
        tracing::warn!(?origin, "refused an MCP request: its Origin is not allowed");
        return Err(Refusal::forbidden(
            "Forbidden: the Origin header is not allowed by this server",
        ));
    }
    Ok(())
}

/// A request refused before it reaches `rmcp`, answered with a JSON-RPC error body.
#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    /// The request id, when the body had a usable one.
    id: Value,
}

impl Refusal {
    fn forbidden(message: &str) -> Refusal {
        Refusal {
            status: StatusCode::FORBIDDEN,
            code: ErrorCode::INVALID_REQUEST,
            message: message.to_string(),
            id: Value::Null,
        }
    }

    fn invalid(message: String, id: Value) -> Refusal {
        Refusal {
            status: StatusCode::BAD_REQUEST,
            code: ErrorCode::INVALID_REQUEST,
            message,
            id,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code.0, "message": self.message },
        });
        (self.status, axum::Json(body)).into_response()
    }
}

/// Checks `Host` and `Origin` on every request and the body of every POST, then hands the
/// request (with its body restored) to `rmcp`.
async fn guard_request(
    State(options): State<Arc<ServerOptions>>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refusal) = check_host_and_origin(&options, request.uri(), request.headers()) {
        return refusal.into_response();
    }
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let declared_length = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared_length.is_some_and(|n| n > MAX_BODY_BYTES) {
        return too_large().into_response();
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "refused MCP request: unreadable body");
            return too_large().into_response();
        }
    };
    if let Err(refusal) = check_message(&bytes) {
        return refusal.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The refusal of a body that exceeds [`MAX_BODY_BYTES`] or could not be read.
fn too_large() -> Refusal {
    Refusal {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: ErrorCode::INVALID_REQUEST,
        message: format!(
            "Invalid Request: the body could not be read within the limit of {MAX_BODY_BYTES} bytes"
        ),
        id: Value::Null,
    }
}

/// Checks that a POST body is one JSON-RPC message an MCP client may send: a request or
/// notification (with a `method`) or a response to the server (with `result` or `error`).
fn check_message(body: &Bytes) -> Result<(), Refusal> {
    let value: Value = serde_json::from_slice(body).map_err(|e| Refusal {
        status: StatusCode::BAD_REQUEST,
        code: ErrorCode::PARSE_ERROR,
        message: format!("Parse error: the body is not JSON ({e})"),
        id: Value::Null,
    })?;
    let Value::Object(message) = &value else {
        let what = if value.is_array() {
            "JSON-RPC batches are not supported; send one message per request"
        } else {
            "a JSON-RPC message must be a JSON object"
        };
        return Err(Refusal::invalid(
            format!("Invalid Request: {what}"),
            Value::Null,
        ));
    };
    let id = match message.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(Refusal::invalid(
            "Invalid Request: \"jsonrpc\" must be \"2.0\"".into(),
            id,
        ));
    }
    let is_response = message.contains_key("result") || message.contains_key("error");
    match message.get("method") {
        Some(Value::String(_)) => {}
        Some(_) => {
            return Err(Refusal::invalid(
                "Invalid Request: \"method\" must be a string".into(),
                id,
            ));
        }
        None if is_response => {}
        None => {
            return Err(Refusal::invalid(
                "Invalid Request: the message has no \"method\"".into(),
                id,
            ));
        }
    }
    serde_json::from_value::<ClientJsonRpcMessage>(value)
        .map(|_| ())
        .map_err(|e| Refusal::invalid(format!("Invalid Request: {e}"), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_json_rpc_messages_are_refused_with_their_code() {
        let code = |body: &str| {
            check_message(&Bytes::from(body.to_string()))
                .err()
                .map(|r| (r.status, r.code.0, r.id))
        };
        assert_eq!(
            code("{not json"),
            Some((StatusCode::BAD_REQUEST, -32700, Value::Null))
        );
        assert_eq!(
            code(""),
            Some((StatusCode::BAD_REQUEST, -32700, Value::Null))
        );
        assert_eq!(code("[]").map(|c| c.1), Some(-32600));
        assert_eq!(code("42").map(|c| c.1), Some(-32600));
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":7}"#),
            Some((StatusCode::BAD_REQUEST, -32600, json!(7)))
        );
        assert_eq!(
            code(r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#).map(|c| c.1),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"method":3}"#).map(|c| c.1),
            Some(-32600)
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#), None);
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#),
            None
        );
        assert_eq!(code(r#"{"jsonrpc":"2.0","id":1,"result":{}}"#), None);
    }

    #[test]
    fn instructions_name_the_documents_and_the_tools() {
        let text = instructions(&[]);
        for needle in [
            "`ask`",
            "`search`",
            "`facts`",
            "answered: false",
            "lanzhou-qa://docs/",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
    }
}
