//! The question-answering API: `/healthz`, `/ask` (JSON or server-sent events), `/docs`,
//! `/facts` and `/search`, with their wire types.

use std::convert::Infallible;

use axum::Extension;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::IntoParams;
use utoipa::openapi::path::{Parameter, ParameterIn};

use super::AppState;
use super::error::{ApiError, ErrorBody, ErrorCode};
use super::extract::{JsonObject, PathParam, QueryParams};
use super::options::ConnectionInfo;
use crate::facts::{Fact, FactFilter};
use crate::reply::{Question, Reply, SearchHit, SessionId};
use crate::workers::Workers;

/// How many words each `delta` event of a streamed answer carries.
pub(super) const WORDS_PER_DELTA: usize = 6;

/// The default number of `/search` hits.
const DEFAULT_SEARCH_LIMIT: usize = 5;

/// The most `/search` hits; a larger `limit` is refused.
const MAX_SEARCH_LIMIT: usize = 50;

/// The body of `GET /healthz` and `GET /readyz`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// "ok"; "degraded" when the server serves an older index than its corpus folder
    /// asks for (see `reason`).
    #[schema(example = "ok")]
    pub status: HealthStatus,
    /// Why the server is degraded; absent when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub documents: usize,
    pub passages: usize,
    pub facts: usize,
}

/// Whether the server serves what its corpus folder holds.
#[derive(Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// It serves the index of its corpus folder.
    Ok,
    /// It serves an older index than its corpus folder asks for.
    Degraded,
}

/// Reads the engine's state into a [`Health`] body.
fn health(state: &AppState) -> Health {
    let engine = state.workers.engine();
    let stats = engine.stats();
    let reason = engine.degraded().map(str::to_string);
    Health {
        status: if reason.is_some() {
            HealthStatus::Degraded
        } else {
            HealthStatus::Ok
        },
        reason,
        documents: stats.documents,
        passages: stats.passages,
        facts: stats.facts,
    }
}

/// Reports that the server is up, with counts of what it serves and whether it is
/// degraded. Needs no API key, and is answered even over the connection cap.
#[utoipa::path(get, path = "/healthz", tag = "qa",
    responses((status = 200, description = "The server is up", body = Health)))]
pub(super) async fn healthz(State(state): State<AppState>) -> Json<Health> {
    Json(health(&state))
}

/// Reports whether the server is ready to answer: true when it serves at least one
/// document. Needs no API key, and is answered even over the connection cap.
#[utoipa::path(get, path = "/readyz", tag = "qa",
    responses(
        (status = 200, description = "Ready: at least one document is served", body = Health),
        (status = 503, description = "Not ready: no document is served", body = Health),
    ))]
pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    let health = health(&state);
    let status = if health.documents > 0 {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(health)).into_response()
}

/// Opens the engine again from its corpus and index folders, building a new index
/// generation when the corpus changed, and swaps it in while serving: questions already
/// being answered finish on the engine they started with, later ones get the new one, and
/// conversations carry over. Answered only to a client on this machine (a loopback
/// address); on failure the engine served so far stays.
#[utoipa::path(post, path = "/admin/reload", tag = "admin",
    responses(
        (status = 200, description = "The new engine serves; its counts", body = Health),
        (status = 403, description = "The request did not come from this machine", body = ErrorBody),
        (status = 500, description = "The reload failed; the engine served so far stays", body = ErrorBody),
    ))]
pub(super) async fn reload(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectionInfo>>,
) -> Result<Json<Health>, ApiError> {
    let local = connection.is_some_and(|Extension(c)| c.peer.ip().is_loopback());
    if !local {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the engine is reloaded only at the request of a client on this machine",
        ));
    }
    state
        .workers
        .reload()
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(health(&state)))
}

/// The body of `POST /ask`; other fields are ignored. `q` may stand for `question`.
///
/// This type documents the body; [`Ask::from_json`] reads it field by field, so that each
/// field's fault gets its own error code.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AskRequest {
    /// The question: not blank, at most 1000 characters. Any text is accepted as text.
    /// Required, unless `q` (another name for it, not listed here) is given instead.
    #[schema(
        min_length = 1,
        max_length = 1000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f]"
    )]
    question: String,
    /// The `session` of an earlier reply, to ask a follow-up in that conversation.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,128}$")]
    session: Option<String>,
    /// Reply with server-sent events instead of one JSON object.
    stream: Option<bool>,
}

/// The query of `GET /ask`, which answers exactly as `POST /ask` with the same fields.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AskQuery {
    /// The question: not blank, at most 1000 characters. `q` is read as another name for
    /// it when it is absent.
    #[param(
        required = true,
        min_length = 1,
        max_length = 1000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f]"
    )]
    question: Option<String>,
    /// Another name for `question`, read when `question` is absent. Not listed in the
    /// OpenAPI document, which cannot say that one of the two is required.
    #[param(ignore)]
    q: Option<String>,
    /// The `session` of an earlier reply, to ask a follow-up in that conversation.
    #[param(pattern = "^[A-Za-z0-9_-]{1,128}$")]
    session: Option<String>,
    /// Reply with server-sent events (as does `Accept: text/event-stream`).
    stream: Option<bool>,
}

/// A checked `/ask` request.
struct Ask {
    question: Question,
    session: Option<SessionId>,
    stream: bool,
}

impl Ask {
    /// Reads the `/ask` fields from a JSON object; `null` counts as absent for `session`
    /// and `stream`, and `q` stands for `question` when `question` is absent or null.
    fn from_json(body: &Map<String, Value>) -> Result<Ask, ApiError> {
        let question = match body
            .get("question")
            .filter(|v| !v.is_null())
            .or(body.get("q"))
        {
            Some(Value::String(text)) => Question::parse(text)?,
            None | Some(Value::Null) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidQuestion,
                    "the `question` field is missing",
                ));
            }
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidQuestion,
                    "the `question` field must be a string",
                ));
            }
        };
        let session = match body.get("session") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(SessionId::parse(text)?),
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidSession,
                    "the `session` field must be a string",
                ));
            }
        };
        let stream = match body.get("stream") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(stream)) => *stream,
            Some(_) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequest,
                    "the `stream` field must be true or false",
                ));
            }
        };
        Ok(Ask {
            question,
            session,
            stream,
        })
    }

    /// Reads the `/ask` fields from a query string, through the same checks as a body.
    fn from_query(query: AskQuery) -> Result<Ask, ApiError> {
        let mut body = Map::new();
        body.extend(
            query
                .question
                .map(|q| ("question".to_string(), Value::String(q))),
        );
        body.extend(query.q.map(|q| ("q".to_string(), Value::String(q))));
        body.extend(
            query
                .session
                .map(|s| ("session".to_string(), Value::String(s))),
        );
        body.extend(query.stream.map(|s| ("stream".to_string(), Value::Bool(s))));
        Ask::from_json(&body)
    }
}

/// Answers a question given in the query string; the same as `POST /ask`.
#[utoipa::path(get, path = "/ask", tag = "qa", params(AskQuery),
    responses(
        (status = 200, description = "The reply, as JSON; or, with `stream=true` or `Accept: text/event-stream`, \
            as server-sent events: `delta` events whose data is an AnswerDelta (the answer in pieces), \
            then one `reply` event whose data is the Reply, then `done` with data `{}`.",
            content((Reply = "application/json"), (AskEvent = "text/event-stream"))),
        (status = 400, description = "invalid_question, question_too_long, invalid_session or invalid_request", body = ErrorBody),
    ))]
pub(super) async fn ask_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<AskQuery>,
) -> Result<Response, ApiError> {
    let ask = Ask::from_query(query)?;
    reply_to(&state.workers, ask, &headers).await
}

/// Answers a question, with citations into the corpus.
#[utoipa::path(post, path = "/ask", tag = "qa",
    request_body(content = AskRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The reply, as JSON; or, with `\"stream\": true` or `Accept: text/event-stream`, \
            as server-sent events: `delta` events whose data is an AnswerDelta (the answer in pieces), \
            then one `reply` event whose data is the Reply, then `done` with data `{}`.",
            content((Reply = "application/json"), (AskEvent = "text/event-stream"))),
        (status = 400, description = "invalid_json, invalid_utf8, invalid_question, question_too_long, invalid_session or invalid_request", body = ErrorBody),
        (status = 413, description = "payload_too_large: the body is over 65536 bytes", body = ErrorBody),
        (status = 415, description = "unsupported_media_type: the body is not sent as JSON", body = ErrorBody),
    ))]
pub(super) async fn ask_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let ask = Ask::from_json(&body)?;
    reply_to(&state.workers, ask, &headers).await
}

/// Asks the engine on a worker and sends the reply as JSON or as events.
async fn reply_to(workers: &Workers, ask: Ask, headers: &HeaderMap) -> Result<Response, ApiError> {
    let stream = ask.stream || accepts_event_stream(headers);
    let reply = workers
        .run(move |engine| engine.ask(&ask.question, ask.session.as_ref()))
        .await?;
    if stream {
        reply_events(&reply)
    } else {
        Ok(Json(reply).into_response())
    }
}

/// Returns true if and only if an `Accept` header names `text/event-stream`.
fn accepts_event_stream(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("text/event-stream"))
}

/// One server-sent event of a streamed reply, sent as `event: <event>` and `data: <data>`
/// lines: several `delta`s, then one `reply`, then `done`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct AskEvent {
    event: AskEventName,
    /// JSON: an AnswerDelta for `delta`, the Reply for `reply`, `{}` for `done`.
    #[schema(content_media_type = "application/json")]
    data: String,
}

/// The name of an event of a streamed reply.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
pub enum AskEventName {
    /// A piece of the answer (`data` is an AnswerDelta).
    Delta,
    /// The whole reply (`data` is the Reply).
    Reply,
    /// The end of the stream (`data` is `{}`).
    Done,
}

/// A piece of a streamed answer; the pieces, concatenated, are the answer exactly.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AnswerDelta {
    pub text: String,
}

/// The reply as server-sent events: `delta`s, then `reply`, then `done`.
fn reply_events(reply: &Reply) -> Result<Response, ApiError> {
    let mut events = Vec::new();
    for piece in word_chunks(&reply.answer, WORDS_PER_DELTA) {
        let delta = AnswerDelta {
            text: piece.to_string(),
        };
        let data = serde_json::to_string(&delta).map_err(|e| ApiError::internal(&e))?;
        events.push(Event::default().event("delta").data(data));
    }
    let data = serde_json::to_string(reply).map_err(|e| ApiError::internal(&e))?;
    events.push(Event::default().event("reply").data(data));
    events.push(Event::default().event("done").data("{}"));
    let events = events.into_iter().map(Ok::<Event, Infallible>);
    Ok(Sse::new(stream::iter(events)).into_response())
}

/// Splits `text` after every `words` words, keeping all of it: the pieces, concatenated,
/// are `text` exactly, and each piece but the first starts with a word. An empty text
/// is one empty piece.
pub(super) fn word_chunks(text: &str, words: usize) -> Vec<&str> {
    let words = words.max(1);
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            if count == words {
                pieces.push(&text[start..i]);
                start = i;
                count = 0;
            }
            count += 1;
        }
    }
    if start < text.len() || pieces.is_empty() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// The body of `GET /docs`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentList {
    pub documents: Vec<DocumentInfo>,
    /// Up to three questions the corpus answers, to start a conversation with: built
    /// from the fact table and each answered by the engine (a chat page's examples).
    pub questions: Vec<String>,
}

/// A document of the corpus, without its text.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentInfo {
    pub doc_id: String,
    pub title: String,
    pub source: Option<String>,
    /// The publication date as written, ISO `YYYY-MM-DD` when known.
    pub date: Option<String>,
    pub url: Option<String>,
    /// The place the document is about, from its front matter or its title.
    pub place: Option<String>,
    /// The length of the text served at `/docs/{doc_id}`, in bytes.
    pub bytes: usize,
    /// The byte offset in that text where the body starts, after the front matter (0
    /// without front matter): what comes before it is metadata, not article text.
    pub body_start: usize,
}

/// Lists the documents of the corpus.
#[utoipa::path(get, path = "/docs", tag = "corpus",
    responses((status = 200, description = "The documents, in `doc_id` order", body = DocumentList)))]
pub(super) async fn documents(State(state): State<AppState>) -> Json<DocumentList> {
    let engine = state.workers.engine();
    let documents = engine
        .documents()
        .iter()
        .map(|d| DocumentInfo {
            doc_id: d.id.clone(),
            title: d.title.clone(),
            source: d.source.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
            place: d.place.clone(),
            bytes: d.text.len(),
            body_start: d.body.start,
        })
        .collect();
    Json(DocumentList {
        documents,
        questions: engine.opening_questions().to_vec(),
    })
}

/// Serves a document's text exactly; citation offsets are bytes of this text.
#[utoipa::path(get, path = "/docs/{doc_id}", tag = "corpus",
    params(("doc_id" = String, Path, description = "The document id, as listed by `/docs`")),
    responses(
        (status = 200, description = "The document text", body = String, content_type = "text/plain; charset=utf-8"),
        (status = 404, description = "not_found: no document has this id", body = ErrorBody),
    ))]
pub(super) async fn document(
    State(state): State<AppState>,
    PathParam(doc_id): PathParam<String>,
) -> Result<Response, ApiError> {
    let engine = state.workers.engine();
    let document = engine.document(&doc_id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no document has the id {doc_id:?}"),
        )
    })?;
    let content_type = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
    Ok((content_type, document.text.clone()).into_response())
}

/// The body of `GET /facts`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FactList {
    pub count: usize,
    pub facts: Vec<Fact>,
}

/// The query parameters of `/facts`: the fields of [`FactFilter`], in the query string.
struct FactQuery;

impl IntoParams for FactQuery {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        FactFilter::into_params(|| Some(ParameterIn::Query))
    }
}

/// Lists the rows of the fact table that match every given filter.
#[utoipa::path(get, path = "/facts", tag = "corpus", params(FactQuery),
    responses(
        (status = 200, description = "The matching rows, in table order", body = FactList),
        (status = 400, description = "invalid_request: e.g. a year that is not an integer", body = ErrorBody),
    ))]
pub(super) async fn facts(
    State(state): State<AppState>,
    QueryParams(filter): QueryParams<FactFilter>,
) -> Json<FactList> {
    let facts = state.workers.engine().facts(&filter);
    Json(FactList {
        count: facts.len(),
        facts,
    })
}

/// The query of `GET /search`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Free text; search syntax is treated as text. Not blank, at most 1000 characters.
    #[param(
        required = true,
        min_length = 1,
        max_length = 1000,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f]"
    )]
    q: Option<String>,
    /// How many hits to return: 1 to 50, 5 by default.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    limit: Option<String>,
}

/// The body of `GET /search`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
}

/// Finds the passages that best match a free-text query.
#[utoipa::path(get, path = "/search", tag = "corpus", params(SearchQuery),
    responses(
        (status = 200, description = "The hits, best first", body = SearchResults),
        (status = 400, description = "invalid_question (blank or missing `q`), question_too_long, or invalid_request (`limit` not from 1 to 50)", body = ErrorBody),
    ))]
pub(super) async fn search(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<SearchQuery>,
) -> Result<Json<SearchResults>, ApiError> {
    let text = query
        .q
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidQuestion, "the `q` parameter is missing"))?;
    let q = Question::parse(&text)?;
    let limit = search_limit(query.limit.as_deref())?;
    let hits = state
        .workers
        .run(move |engine| engine.search(q.as_str(), limit))
        .await?;
    Ok(Json(SearchResults { hits }))
}

/// Reads the `limit` of `/search`: [`DEFAULT_SEARCH_LIMIT`] when absent, else a whole
/// number from 1 to [`MAX_SEARCH_LIMIT`], as the MCP `search` tool requires.
fn search_limit(limit: Option<&str>) -> Result<usize, ApiError> {
    let Some(text) = limit else {
        return Ok(DEFAULT_SEARCH_LIMIT);
    };
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_SEARCH_LIMIT).contains(n))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                format!(
                    "`limit` must be a whole number from 1 to {MAX_SEARCH_LIMIT}; got {text:?}"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chunks_concatenate_to_the_text() {
        for text in [
            "",
            "one",
            "  leading and trailing  ",
            "Tertiary added value grew 17,500 times [1] between 1949 and 2018, says the report.",
            "emoji 🙂 and مرحبا\u{202e} text\nwith\tbreaks",
        ] {
            let pieces = word_chunks(text, 3);
            assert_eq!(pieces.concat(), text);
            assert!(!pieces.is_empty());
        }
    }

    #[test]
    fn word_chunks_break_only_before_words() {
        let pieces = word_chunks("a b c d e f g", 2);
        assert_eq!(pieces, ["a b ", "c d ", "e f ", "g"]);
    }

    #[test]
    fn ask_fields_are_checked_each_with_its_own_code() {
        let code = |body: Value| match body {
            Value::Object(map) => Ask::from_json(&map).err().map(|e| e.code()),
            _ => unreachable!("the tests pass objects"),
        };
        assert_eq!(code(serde_json::json!({"question": "hi"})), None);
        assert_eq!(
            code(serde_json::json!({})),
            Some(ErrorCode::InvalidQuestion)
        );
        assert_eq!(
            code(serde_json::json!({"question": 1})),
            Some(ErrorCode::InvalidQuestion)
        );
        assert_eq!(
            code(serde_json::json!({"question": " "})),
            Some(ErrorCode::InvalidQuestion)
        );
        assert_eq!(
            code(serde_json::json!({"question": "a".repeat(1001)})),
            Some(ErrorCode::QuestionTooLong)
        );
        assert_eq!(
            code(serde_json::json!({"question": "hi", "session": 7})),
            Some(ErrorCode::InvalidSession)
        );
        assert_eq!(
            code(serde_json::json!({"question": "hi", "session": "a b"})),
            Some(ErrorCode::InvalidSession)
        );
        assert_eq!(
            code(serde_json::json!({"question": "hi", "stream": "yes"})),
            Some(ErrorCode::InvalidRequest)
        );
    }
}
