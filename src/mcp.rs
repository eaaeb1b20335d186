//! The MCP (Model Context Protocol) server: the `ask`, `search` and `facts` tools and the
//! corpus documents as resources, served over stdio and over streamable HTTP. Only this
//! module knows `rmcp`.
//!
//! Both transports serve the same [`QaServer`] handler over one shared engine, whose work
//! runs on the bounded [`Workers`]. The HTTP service ([`http_service`]) is a tower service
//! that the HTTP layer mounts at `/mcp` behind its guard (Host, Origin, key, and
//! [`check_message`] on each body); its sessions are bounded in number and idle time.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::Stream;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    ClientJsonRpcMessage, ContentBlock, ErrorCode, ErrorData, Implementation, IntoContents,
    ListResourceTemplatesResult, ListResourcesResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, ResourceTemplate, ServerCapabilities, ServerConfig, ServerJsonRpcMessage,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError, SessionConfig,
};
use rmcp::transport::streamable_http_server::session::{
    ServerSseMessage, SessionId as McpSessionId, SessionManager,
};
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{Json, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::corpus::Document;
use crate::facts::{Fact, FactFilter};
use crate::reply::{Question, QuestionError, Reply, SearchHit, SessionId, SessionIdError};
use crate::workers::{Busy, Workers};

/// The scheme and authority of every document resource: `lanzhou-qa://docs/{doc_id}`.
const DOC_URI_PREFIX: &str = "lanzhou-qa://docs/";

/// How many hits `search` returns when the call does not say.
const DEFAULT_SEARCH_LIMIT: i64 = 5;

/// The most hits one `search` call may ask for.
const MAX_SEARCH_LIMIT: i64 = 50;

/// How many document titles the server instructions name before summarising the rest.
const TITLES_IN_INSTRUCTIONS: usize = 12;

/// Errors serving MCP over stdio.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    /// The client broke the protocol before the handshake ended.
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
///
/// A client that closes the connection before or during the handshake (one that only
/// checked that the server starts) ends the session normally, as one that leaves later does.
pub async fn serve_stdio(workers: Workers) -> Result<(), McpError> {
    let running = match QaServer::new(workers).serve(rmcp::transport::stdio()).await {
        Ok(running) => running,
        Err(rmcp::service::ServerInitializeError::ConnectionClosed(during)) => {
            tracing::info!(%during, "the MCP client left before the handshake ended");
            return Ok(());
        }
        Err(error) => return Err(McpError::Handshake(Box::new(error))),
    };
    let reason = running.waiting().await?;
    tracing::info!(?reason, "MCP stdio session ended");
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The handler: tools, resources and server info.
// ---------------------------------------------------------------------------------------

/// The MCP handler over one engine; cheap to clone (one per HTTP session).
#[derive(Clone)]
pub struct QaServer {
    workers: Workers,
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
    /// The server is too busy to answer now, or the work failed.
    #[error("{0}")]
    Busy(#[from] Busy),
}

/// Returns a function that logs a refused call of `tool` at DEBUG (a client's mistake is
/// not the server's warning) and returns the error for the client.
fn refused<E: Into<ToolError>>(tool: &'static str) -> impl Fn(E) -> ToolError {
    move |error| {
        let error = error.into();
        tracing::debug!(tool, %error, "refused a tool call");
        error
    }
}

impl IntoContents for ToolError {
    fn into_contents(self) -> Vec<ContentBlock> {
        vec![ContentBlock::text(self.to_string())]
    }
}

#[tool_router]
impl QaServer {
    fn new(workers: Workers) -> QaServer {
        let instructions = instructions(workers.engine().documents()).into();
        QaServer {
            workers,
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
    async fn ask(&self, Parameters(args): Parameters<AskArgs>) -> Result<Json<Reply>, ToolError> {
        let question = Question::parse(&args.question).map_err(refused("ask"))?;
        let session = args
            .session
            .as_deref()
            .map(SessionId::parse)
            .transpose()
            .map_err(refused("ask"))?;
        let reply = self
            .workers
            .run(move |engine| engine.ask(&question, session.as_ref()))
            .await?;
        Ok(Json(reply))
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
    async fn search(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<Json<SearchResults>, ToolError> {
        if args.query.trim().is_empty() {
            return Err(refused("search")(ToolError::BlankQuery));
        }
        let limit = args.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
        let limit = match usize::try_from(limit) {
            Ok(n) if (1..=MAX_SEARCH_LIMIT).contains(&limit) => n,
            _ => return Err(refused("search")(ToolError::Limit(limit))),
        };
        let query = args.query;
        let hits = self
            .workers
            .run(move |engine| engine.search(&query, limit))
            .await?;
        Ok(Json(SearchResults { hits }))
    }

    #[tool(
        title = "List facts",
        description = "List rows of the fact table: every figure stated in the corpus as a \
            typed row (subject, measure, kind, value, unit, year, base_year, qualifier, the \
            figure as written, and the byte spans of the figure and of its sentence). All \
            filters are optional and combine: `subject` matches words of the subject \
            case-insensitively (e.g. \"tertiary\") or an everyday word for it that the \
            corpus's lexicon knows (e.g. \"services\"), `year` matches the year, base year or end \
            year, `doc` is a document id. Use it to tabulate or compare figures yourself; \
            use `ask` for an answer with citations.",
        annotations(read_only_hint = true, open_world_hint = false)
    )]
    fn facts(&self, Parameters(filter): Parameters<FactFilter>) -> Json<FactRows> {
        let facts = self.workers.engine().facts(&filter);
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
        let resources = self
            .workers
            .engine()
            .documents()
            .iter()
            .map(resource)
            .collect();
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
        let engine = self.workers.engine();
        let document = request
            .uri
            .strip_prefix(DOC_URI_PREFIX)
            .and_then(|doc_id| engine.document(doc_id))
            .ok_or_else(|| {
                tracing::debug!(uri = %request.uri, "refused to read an unknown resource");
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
// Over HTTP: the service, its bounded sessions, and the check of a message before rmcp.
// ---------------------------------------------------------------------------------------

/// The streamable-HTTP MCP service, to be mounted (behind the HTTP layer's guard) at `/mcp`.
pub type HttpService = StreamableHttpService<QaServer, BoundedSessions>;

/// The largest JSON-RPC body the HTTP transport reads (the `rmcp` default).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Returns the streamable-HTTP MCP service over `workers`. Each client gets its own MCP
/// session (the `Mcp-Session-Id` header); at most `max_sessions` are held, a new one past
/// it ending the least recently used, and a session is ended after `idle` without a
/// request. Host and Origin are not checked here: the HTTP layer does it for every route.
pub fn http_service(workers: Workers, max_sessions: usize, idle: Duration) -> HttpService {
    let server = QaServer::new(workers);
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .disable_allowed_origins()
        .with_max_request_body_bytes(MAX_BODY_BYTES);
    let mut session_config = SessionConfig::default();
    session_config.keep_alive = Some(idle);
    let mut sessions = LocalSessionManager::default();
    sessions.session_config = session_config;
    let sessions = BoundedSessions {
        inner: sessions,
        max: max_sessions.max(1),
        last_used: std::sync::Mutex::new(HashMap::new()),
    };
    StreamableHttpService::new(move || Ok(server.clone()), Arc::new(sessions), config)
}

/// rmcp's in-memory sessions, bounded in number: creating one past `max` first ends the
/// least recently used. (rmcp ends each after its idle time by itself.)
pub struct BoundedSessions {
    inner: LocalSessionManager,
    max: usize,
    /// When each live session was last used.
    last_used: std::sync::Mutex<HashMap<McpSessionId, Instant>>,
}

impl BoundedSessions {
    fn touch(&self, id: &McpSessionId) {
        let mut last_used = self.last_used.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = last_used.get_mut(id) {
            *at = Instant::now();
        }
    }

    /// Records a new session and returns the sessions to end to make room for it.
    fn admit(&self, id: &McpSessionId) -> Vec<McpSessionId> {
        let mut last_used = self.last_used.lock().unwrap_or_else(|e| e.into_inner());
        let mut evicted = Vec::new();
        if last_used.len() >= self.max {
            // Make room for a tenth of the bound at once, so a full store costs one sort
            // per max / 10 new sessions rather than a scan per session.
            let mut ages: Vec<(Instant, McpSessionId)> =
                last_used.iter().map(|(k, at)| (*at, k.clone())).collect();
            ages.sort_unstable();
            let excess = last_used.len() + 1 - self.max;
            for (_, oldest) in ages.into_iter().take(excess.max(self.max / 10)) {
                last_used.remove(&oldest);
                evicted.push(oldest);
            }
        }
        last_used.insert(id.clone(), Instant::now());
        evicted
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.last_used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// Returns true if and only if no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SessionManager for BoundedSessions {
    type Error = LocalSessionManagerError;
    type Transport = <LocalSessionManager as SessionManager>::Transport;

    async fn create_session(&self) -> Result<(McpSessionId, Self::Transport), Self::Error> {
        let (id, transport) = self.inner.create_session().await?;
        for oldest in self.admit(&id) {
            tracing::debug!(session = %oldest, "ending the least recently used MCP session");
            if let Err(error) = self.inner.close_session(&oldest).await {
                tracing::debug!(%error, "the evicted MCP session had already ended");
            }
        }
        Ok((id, transport))
    }

    async fn initialize_session(
        &self,
        id: &McpSessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        self.touch(id);
        self.inner.initialize_session(id, message).await
    }

    async fn has_session(&self, id: &McpSessionId) -> Result<bool, Self::Error> {
        self.touch(id);
        self.inner.has_session(id).await
    }

    async fn close_session(&self, id: &McpSessionId) -> Result<(), Self::Error> {
        self.last_used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
        self.inner.close_session(id).await
    }

    async fn create_stream(
        &self,
        id: &McpSessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        self.inner.create_stream(id, message).await
    }

    async fn accept_message(
        &self,
        id: &McpSessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<(), Self::Error> {
        self.touch(id);
        self.inner.accept_message(id, message).await
    }

    async fn create_standalone_stream(
        &self,
        id: &McpSessionId,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        self.inner.create_standalone_stream(id).await
    }

    async fn resume(
        &self,
        id: &McpSessionId,
        last_event_id: String,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        self.touch(id);
        self.inner.resume(id, last_event_id).await
    }
}

/// Why a POST body is not a JSON-RPC message an MCP client may send.
#[derive(Debug, PartialEq)]
pub struct MessageFault {
    /// The JSON-RPC error code: -32700 (parse error) or -32600 (invalid request).
    pub code: i32,
    pub message: String,
    /// The request id, when the body had a usable one; otherwise null.
    pub id: Value,
}

impl MessageFault {
    fn invalid(message: String, id: Value) -> MessageFault {
        MessageFault {
            code: ErrorCode::INVALID_REQUEST.0,
            message,
            id,
        }
    }
}

/// Checks that a POST body is one JSON-RPC message an MCP client may send: a request or
/// notification (with a `method`) or a response to the server (with `result` or `error`).
pub fn check_message(body: &[u8]) -> Result<(), MessageFault> {
    let value: Value = serde_json::from_slice(body).map_err(|e| MessageFault {
        code: ErrorCode::PARSE_ERROR.0,
        message: format!("Parse error: the body is not JSON ({e})"),
        id: Value::Null,
    })?;
    let Value::Object(message) = &value else {
        let what = if value.is_array() {
            "JSON-RPC batches are not supported; send one message per request"
        } else {
            "a JSON-RPC message must be a JSON object"
        };
        return Err(MessageFault::invalid(
            format!("Invalid Request: {what}"),
            Value::Null,
        ));
    };
    let id = match message.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(MessageFault::invalid(
            "Invalid Request: \"jsonrpc\" must be \"2.0\"".into(),
            id,
        ));
    }
    let is_response = message.contains_key("result") || message.contains_key("error");
    match message.get("method") {
        Some(Value::String(_)) => {}
        Some(_) => {
            return Err(MessageFault::invalid(
                "Invalid Request: \"method\" must be a string".into(),
                id,
            ));
        }
        None if is_response => {}
        None => {
            return Err(MessageFault::invalid(
                "Invalid Request: the message has no \"method\"".into(),
                id,
            ));
        }
    }
    serde_json::from_value::<ClientJsonRpcMessage>(value)
        .map(|_| ())
        .map_err(|e| MessageFault::invalid(format!("Invalid Request: {e}"), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_json_rpc_messages_are_refused_with_their_code() {
        let code = |body: &str| check_message(body.as_bytes()).err().map(|r| (r.code, r.id));
        assert_eq!(code("{not json"), Some((-32700, Value::Null)));
        assert_eq!(code(""), Some((-32700, Value::Null)));
        assert_eq!(code("[]").map(|c| c.0), Some(-32600));
        assert_eq!(code("42").map(|c| c.0), Some(-32600));
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":7}"#),
            Some((-32600, json!(7)))
        );
        assert_eq!(
            code(r#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#).map(|c| c.0),
            Some(-32600)
        );
        assert_eq!(
            code(r#"{"jsonrpc":"2.0","id":1,"method":3}"#).map(|c| c.0),
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
