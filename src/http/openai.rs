//! The OpenAI-compatible chat API under `/v1`: the model list and chat completions (JSON
//! or streamed chunks), with OpenAI's error shape, so chat front ends can use the engine
//! as a model.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::api::{WORDS_PER_DELTA, word_chunks};
use super::error::{ApiError, ErrorCode};
use super::extract::JsonObject;
use crate::reply::{Citation, Question, Reply};

/// The one model this server offers.
pub const MODEL_ID: &str = "lanzhou-qa";

/// The `created` time reported for the model: 2025-01-01T00:00:00Z.
const MODEL_CREATED: u64 = 1_735_689_600;

/// The most characters of a snippet quoted in the "Sources:" list of a completion.
const SOURCE_SNIPPET_CHARS: usize = 120;

/// The `/v1` routes, registered for both the router and the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_models))
        .routes(routes!(chat_completions))
}

/// An error in OpenAI's shape, `{"error": {"message", "type", "param", "code"}}`.
#[derive(Debug)]
pub struct OpenAiError {
    status: StatusCode,
    detail: OpenAiErrorDetail,
}

/// The body of every error reply under `/v1`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenAiErrorBody {
    pub error: OpenAiErrorDetail,
}

/// What went wrong, as OpenAI describes it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OpenAiErrorDetail {
    pub message: String,
    /// "invalid_request_error" for a fault of the request, "server_error" otherwise.
    #[serde(rename = "type")]
    pub kind: String,
    /// The request field at fault, when one is.
    pub param: Option<String>,
    /// A stable code: `model_not_found`, or one of the codes of the main API.
    pub code: Option<String>,
}

impl OpenAiError {
    fn new(status: StatusCode, code: &str, param: Option<&str>, message: String) -> OpenAiError {
        let kind = if status.is_server_error() {
            "server_error"
        } else {
            "invalid_request_error"
        };
        OpenAiError {
            status,
            detail: OpenAiErrorDetail {
                message,
                kind: kind.to_string(),
                param: param.map(str::to_string),
                code: Some(code.to_string()),
            },
        }
    }

    fn bad_request(code: &str, param: Option<&str>, message: impl Into<String>) -> OpenAiError {
        OpenAiError::new(StatusCode::BAD_REQUEST, code, param, message.into())
    }
}

impl From<ApiError> for OpenAiError {
    fn from(error: ApiError) -> OpenAiError {
        let code = error.code();
        OpenAiError::new(
            code.status(),
            code.as_str(),
            None,
            error.message().to_string(),
        )
    }
}

impl IntoResponse for OpenAiError {
    fn into_response(self) -> Response {
        let body = OpenAiErrorBody { error: self.detail };
        (self.status, Json(body)).into_response()
    }
}

/// Returns the error response, in OpenAI's shape, of an error the main API's contract
/// names with `code`.
pub(super) fn error_response(code: ErrorCode, message: String) -> Response {
    OpenAiError::new(code.status(), code.as_str(), None, message).into_response()
}

/// Answers a `/v1` path that does not exist.
pub(super) async fn not_found(uri: Uri) -> OpenAiError {
    OpenAiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound.as_str(),
        None,
        format!("there is no endpoint {}", uri.path()),
    )
}

/// Answers a `/v1` path with a method it does not serve.
pub(super) async fn method_not_allowed() -> OpenAiError {
    OpenAiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MethodNotAllowed.as_str(),
        None,
        "this endpoint does not serve this method; see the Allow header".to_string(),
    )
}

/// The body of `GET /v1/models`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ModelList {
    /// Always "list".
    pub object: String,
    pub data: Vec<ModelInfo>,
}

/// A model this server offers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ModelInfo {
    pub id: String,
    /// Always "model".
    pub object: String,
    /// A fixed Unix time.
    pub created: u64,
    pub owned_by: String,
}

/// Lists the one model, `lanzhou-qa`.
#[utoipa::path(get, path = "/v1/models", tag = "openai",
    responses((status = 200, description = "The models", body = ModelList)))]
async fn list_models() -> Json<ModelList> {
    Json(ModelList {
        object: "list".to_string(),
        data: vec![ModelInfo {
            id: MODEL_ID.to_string(),
            object: "model".to_string(),
            created: MODEL_CREATED,
            owned_by: MODEL_ID.to_string(),
        }],
    })
}

/// The body of `POST /v1/chat/completions`; every other field is ignored.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChatRequest {
    /// Must be "lanzhou-qa".
    model: String,
    /// The conversation; the last user message is the question, the earlier user
    /// messages are its context.
    messages: Vec<ChatMessage>,
    /// Reply with server-sent `chat.completion.chunk` events.
    #[serde(default)]
    stream: Option<bool>,
}

/// A message of the conversation.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChatMessage {
    /// "system", "developer", "user", "assistant" or "tool"; only user messages are read.
    role: String,
    #[serde(default)]
    content: Option<MessageContent>,
}

/// A message's content: a string, or parts of which only the text parts are read.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum MessageContent {
    Text(String),
    Parts(Vec<ContentPart>),
}

/// A part of a message's content.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ContentPart {
    /// "text" for the parts that are read.
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<String>,
}

impl ChatMessage {
    /// The message's text: its string content, or its text parts joined by line breaks.
    fn text(&self) -> String {
        match &self.content {
            None => String::new(),
            Some(MessageContent::Text(text)) => text.clone(),
            Some(MessageContent::Parts(parts)) => parts
                .iter()
                .filter(|part| part.kind == "text")
                .filter_map(|part| part.text.as_deref())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// A checked chat request: the question, the earlier questions, and the reply mode.
struct Conversation {
    earlier: Vec<Question>,
    question: Question,
    stream: bool,
    /// Words in all messages, reported as `prompt_tokens`.
    prompt_words: usize,
}

impl Conversation {
    /// Checks a request body: the model, then the messages.
    fn from_json(body: serde_json::Map<String, Value>) -> Result<Conversation, OpenAiError> {
        let request: ChatRequest = serde_json::from_value(Value::Object(body)).map_err(|e| {
            OpenAiError::bad_request(ErrorCode::InvalidRequest.as_str(), None, e.to_string())
        })?;
        if request.model != MODEL_ID {
            return Err(OpenAiError::new(
                StatusCode::NOT_FOUND,
                "model_not_found",
                Some("model"),
                format!(
                    "the model {:?} does not exist; the only model is {MODEL_ID:?}",
                    request.model
                ),
            ));
        }
        let texts: Vec<(bool, String)> = request
            .messages
            .iter()
            .map(|m| (m.role == "user", m.text()))
            .collect();
        let Some(last) = texts.iter().rposition(|(user, _)| *user) else {
            let message = if texts.is_empty() {
                "`messages` is empty"
            } else {
                "`messages` has no user message"
            };
            return Err(OpenAiError::bad_request(
                ErrorCode::InvalidRequest.as_str(),
                Some("messages"),
                message,
            ));
        };
        let question = Question::parse(&texts[last].1).map_err(|e| {
            let e = ApiError::from(e);
            OpenAiError::bad_request(e.code().as_str(), Some("messages"), e.message())
        })?;
        // Earlier questions that were blank or too long could not have been answered;
        // they give no context, so they are skipped rather than refused.
        let earlier = texts[..last]
            .iter()
            .filter(|(user, _)| *user)
            .filter_map(|(_, text)| Question::parse(text).ok())
            .collect();
        let prompt_words = texts.iter().map(|(_, text)| word_count(text)).sum();
        Ok(Conversation {
            earlier,
            question,
            stream: request.stream.unwrap_or(false),
            prompt_words,
        })
    }
}

/// A chat completion: the reply as an assistant message, plus the structured citations
/// and the full reply.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChatCompletion {
    /// "chatcmpl-" and a unique suffix.
    pub id: String,
    /// Always "chat.completion".
    pub object: String,
    /// Unix time in seconds.
    pub created: u64,
    pub model: String,
    pub choices: Vec<ChatChoice>,
    pub usage: Usage,
    /// The citations of the answer, numbered as its `[n]` markers.
    pub citations: Vec<Citation>,
    /// The engine's full reply.
    pub lanzhou_qa: Reply,
}

/// The one choice of a completion.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChatChoice {
    pub index: u32,
    pub message: AssistantMessage,
    /// Always "stop".
    pub finish_reason: String,
}

/// The assistant's message.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AssistantMessage {
    /// Always "assistant".
    pub role: String,
    /// The answer with its `[n]` markers, then a blank line and a "Sources:" list.
    pub content: String,
}

/// Sizes counted in words (the engine has no tokens).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Usage {
    pub prompt_tokens: usize,
    pub completion_tokens: usize,
    pub total_tokens: usize,
}

/// One server-sent event of a streamed completion.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChatCompletionChunk {
    pub id: String,
    /// Always "chat.completion.chunk".
    pub object: String,
    pub created: u64,
    pub model: String,
    pub choices: Vec<ChunkChoice>,
    /// On the last chunk only: the citations of the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Citation>>,
}

/// The one choice of a chunk.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChunkChoice {
    pub index: u32,
    pub delta: ChunkDelta,
    /// "stop" on the last chunk, null before.
    pub finish_reason: Option<String>,
}

/// What a chunk adds to the message.
#[derive(Default, Serialize, utoipa::ToSchema)]
pub struct ChunkDelta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// Answers the last user message, with the earlier user messages as context.
#[utoipa::path(post, path = "/v1/chat/completions", tag = "openai",
    request_body(content = ChatRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "A chat.completion; or, with `\"stream\": true`, server-sent events whose \
            `data:` lines are ChatCompletionChunk objects (a role delta, content deltas, a last chunk with \
            `finish_reason: \"stop\"` and the citations), then `data: [DONE]`.",
            content((ChatCompletion = "application/json"), (String = "text/event-stream"))),
        (status = 400, description = "invalid_request_error: bad messages, question or body", body = OpenAiErrorBody),
        (status = 404, description = "model_not_found", body = OpenAiErrorBody),
        (status = 413, description = "payload_too_large", body = OpenAiErrorBody),
        (status = 415, description = "unsupported_media_type", body = OpenAiErrorBody),
    ))]
async fn chat_completions(
    State(state): State<AppState>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, OpenAiError> {
    let JsonObject(body) = body?;
    let conversation = Conversation::from_json(body)?;
    let (earlier, question) = (conversation.earlier, conversation.question);
    let reply = state
        .workers
        .run(move |engine| engine.ask_in_conversation(&earlier, &question))
        .await
        .map_err(ApiError::from)?;
    let completion = completion(reply, conversation.prompt_words);
    if conversation.stream {
        completion_events(completion)
    } else {
        Ok(Json(completion).into_response())
    }
}

/// Builds the completion for a reply.
fn completion(reply: Reply, prompt_words: usize) -> ChatCompletion {
    let content = message_content(&reply);
    let completion_words = word_count(&content);
    ChatCompletion {
        id: completion_id(),
        object: "chat.completion".to_string(),
        created: unix_now(),
        model: MODEL_ID.to_string(),
        choices: vec![ChatChoice {
            index: 0,
            message: AssistantMessage {
                role: "assistant".to_string(),
                content,
            },
            finish_reason: "stop".to_string(),
        }],
        usage: Usage {
            prompt_tokens: prompt_words,
            completion_tokens: completion_words,
            total_tokens: prompt_words + completion_words,
        },
        citations: reply.citations.clone(),
        lanzhou_qa: reply,
    }
}

/// The completion as server-sent events: a role delta, content deltas, the last chunk
/// with the citations, then `[DONE]`.
fn completion_events(completion: ChatCompletion) -> Result<Response, OpenAiError> {
    let chunk = |delta: ChunkDelta, finish_reason: Option<&str>, citations| ChatCompletionChunk {
        id: completion.id.clone(),
        object: "chat.completion.chunk".to_string(),
        created: completion.created,
        model: completion.model.clone(),
        choices: vec![ChunkChoice {
            index: 0,
            delta,
            finish_reason: finish_reason.map(str::to_string),
        }],
        citations,
    };
    let content = completion
        .choices
        .first()
        .map(|choice| choice.message.content.as_str())
        .unwrap_or("");
    let mut chunks = vec![chunk(
        ChunkDelta {
            role: Some("assistant".to_string()),
            content: Some(String::new()),
        },
        None,
        None,
    )];
    for piece in word_chunks(content, WORDS_PER_DELTA) {
        let delta = ChunkDelta {
            role: None,
            content: Some(piece.to_string()),
        };
        chunks.push(chunk(delta, None, None));
    }
    chunks.push(chunk(
        ChunkDelta::default(),
        Some("stop"),
        Some(completion.citations.clone()),
    ));
    let mut events = Vec::with_capacity(chunks.len() + 1);
    for chunk in &chunks {
        let data = serde_json::to_string(chunk).map_err(|e| ApiError::internal(&e))?;
        events.push(Event::default().data(data));
    }
    events.push(Event::default().data("[DONE]"));
    let events = events.into_iter().map(Ok::<Event, Infallible>);
    Ok(Sse::new(stream::iter(events)).into_response())
}

/// The assistant message: the answer, then a blank line and the sources it cites.
fn message_content(reply: &Reply) -> String {
    let mut content = reply.answer.clone();
    if !reply.citations.is_empty() {
        content.push_str("\n\nSources:");
        for citation in &reply.citations {
            let _ = write!(
                content,
                "\n[{}] {}: \"{}\"",
                citation.n,
                citation.title,
                short_snippet(&citation.snippet, SOURCE_SNIPPET_CHARS)
            );
        }
    }
    content
}

/// The snippet on one line, cut to at most `max_chars` characters (at a word boundary
/// when there is one) and marked with "…" when cut.
fn short_snippet(snippet: &str, max_chars: usize) -> String {
    let line = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max_chars {
        return line;
    }
    let cut = line
        .char_indices()
        .nth(max_chars)
        .map_or(line.len(), |(i, _)| i);
    let head = &line[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

/// The number of whitespace-separated words in `text`.
fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A completion id unique within this process and, by its time prefix, across restarts.
fn completion_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("chatcmpl-{nanos:x}{n:04x}")
}

/// The current Unix time in seconds.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_snippets_are_cut_at_a_word_with_an_ellipsis() {
        let snippet = "The added value from industrial output had surged to 64.65 billion yuan in 2018, \
                       an increase of over 10,000 times that of the 6 million yuan created in 1949.";
        let short = short_snippet(snippet, 60);
        assert!(short.ends_with('…'));
        assert!(short.chars().count() <= 61);
        assert!(snippet.starts_with(short.trim_end_matches('…')));
        assert_eq!(short_snippet("short\nline", 60), "short line");
    }

    #[test]
    fn the_message_is_the_answer_then_its_sources() {
        let citation = |n: usize, snippet: &str| Citation {
            n,
            doc_id: "d".to_string(),
            title: "Lanzhou's industries".to_string(),
            snippet: snippet.to_string(),
            start: 0,
            end: snippet.len(),
        };
        let long = "word ".repeat(60);
        let reply = Reply {
            answer: "It grew 17,500 times [1] [2].".to_string(),
            answered: true,
            citations: vec![
                citation(1, "An increase of 17,500 times."),
                citation(2, &long),
            ],
            facts: Vec::new(),
            derivation: None,
            notes: Vec::new(),
            related: Vec::new(),
            session: "s".to_string(),
        };
        let content = message_content(&reply);
        let (answer, sources) = content
            .split_once("\n\nSources:\n")
            .expect("a Sources list");
        assert_eq!(answer, reply.answer);
        let lines: Vec<&str> = sources.lines().collect();
        assert_eq!(
            lines[0],
            "[1] Lanzhou's industries: \"An increase of 17,500 times.\""
        );
        assert!(lines[1].starts_with("[2] Lanzhou's industries: \"word word"));
        assert!(lines[1].ends_with("…\""));
        assert_eq!(lines.len(), 2);

        let refusal = Reply {
            citations: Vec::new(),
            ..reply
        };
        assert_eq!(message_content(&refusal), refusal.answer);
    }

    #[test]
    fn completion_ids_are_unique() {
        let a = completion_id();
        let b = completion_id();
        assert_ne!(a, b);
        assert!(a.starts_with("chatcmpl-"));
    }

    #[test]
    fn the_last_user_message_is_the_question_and_earlier_ones_its_context() {
        let body = serde_json::json!({
            "model": "lanzhou-qa",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "What was industrial added value in 2018?"},
                {"role": "assistant", "content": "64.65 billion yuan [1]."},
                {"role": "user", "content": [{"type": "text", "text": "And in 1949?"}, {"type": "image_url", "image_url": {"url": "x"}}]},
            ],
            "temperature": 0.2,
        });
        let Value::Object(body) = body else {
            unreachable!("the literal is an object")
        };
        let conversation = Conversation::from_json(body).expect("a valid request");
        assert_eq!(conversation.question.as_str(), "And in 1949?");
        assert_eq!(conversation.earlier.len(), 1);
        assert_eq!(
            conversation.earlier[0].as_str(),
            "What was industrial added value in 2018?"
        );
        assert!(!conversation.stream);
    }
}
