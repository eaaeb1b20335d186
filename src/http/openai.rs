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
use serde::Serialize;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::api::{WORDS_PER_DELTA, word_chunks};
use super::chat_tasks;
use super::error::{ApiError, ErrorCode};
use super::extract::{JsonObject, PathParam};
use super::openai_request::{Message, ParsedChat};
use crate::engine::Engine;
use crate::reply::{Citation, Question, Reply};

/// The one model this server offers.
pub const MODEL_ID: &str = "lanzhou-qa";

/// The `created` time reported for the model: 2025-01-01T00:00:00Z.
const MODEL_CREATED: u64 = 1_735_689_600;

/// The most characters of a snippet quoted in the "Sources:" list of a completion.
const SOURCE_SNIPPET_CHARS: usize = 120;

/// How many words after the figure a cut snippet keeps, so the figure is read in its
/// sentence rather than at the cut.
const WORDS_AFTER_FOCUS: usize = 3;

/// The `/v1` routes, registered for both the router and the OpenAPI document.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_models))
        .routes(routes!(retrieve_model))
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
    pub(super) fn new(
        status: StatusCode,
        code: &str,
        param: Option<&str>,
        message: String,
    ) -> OpenAiError {
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

/// The one model this server offers, as `/v1/models` lists it.
fn model_info() -> ModelInfo {
    ModelInfo {
        id: MODEL_ID.to_string(),
        object: "model".to_string(),
        created: MODEL_CREATED,
        owned_by: MODEL_ID.to_string(),
    }
}

/// Lists the one model, `lanzhou-qa`.
#[utoipa::path(get, path = "/v1/models", tag = "openai",
    responses((status = 200, description = "The models", body = ModelList)))]
async fn list_models() -> Json<ModelList> {
    Json(ModelList {
        object: "list".to_string(),
        data: vec![model_info()],
    })
}

/// Describes a model: `lanzhou-qa` is the only one.
#[utoipa::path(get, path = "/v1/models/{model}", tag = "openai",
    params(("model" = String, Path, description = "The model id: `lanzhou-qa`")),
    responses(
        (status = 200, description = "The model", body = ModelInfo),
        (status = 404, description = "model_not_found", body = OpenAiErrorBody),
    ))]
async fn retrieve_model(
    model: Result<PathParam<String>, ApiError>,
) -> Result<Json<ModelInfo>, OpenAiError> {
    let PathParam(model) = model?;
    check_model(&model)?;
    Ok(Json(model_info()))
}

/// The body of `POST /v1/chat/completions`; fields not listed here (`temperature`,
/// `user`...) are ignored.
///
/// This type documents the body; `openai_request.rs` reads it field by field, so that each
/// fault is told in plain words with the field it is in.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ChatRequest {
    /// Must be "lanzhou-qa"; another model is 404 `model_not_found`.
    #[schema(value_type = ModelName)]
    model: String,
    /// The conversation; the last user message is the question, the earlier user
    /// messages are its context. Title, tag and follow-up prompts of chat front ends
    /// (Open WebUI, LibreChat) are recognised and answered as such.
    #[schema(min_items = 1)]
    messages: Vec<ChatMessage>,
    /// Reply with server-sent `chat.completion.chunk` events.
    stream: Option<bool>,
    /// With `{"include_usage": true}`, a stream ends with a chunk that has no choices and
    /// carries `usage`.
    stream_options: Option<StreamOptions>,
    /// The most words (this model's tokens) of the message; a longer message is cut and
    /// its `finish_reason` is "length".
    #[schema(minimum = 1)]
    max_tokens: Option<u64>,
    /// As `max_tokens`, which it takes precedence over.
    #[schema(minimum = 1)]
    max_completion_tokens: Option<u64>,
    /// Only 1: there is one answer to a question; any other value is refused.
    #[schema(minimum = 1, maximum = 1)]
    n: Option<u64>,
    /// Only an empty list: the model calls no tools; tool definitions are refused.
    tools: Option<Vec<Object>>,
    /// Only `{"type": "text"}`; any other format is refused.
    response_format: Option<Object>,
}

/// Options of a streamed completion.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct StreamOptions {
    /// End the stream with a chunk that carries `usage`.
    include_usage: Option<bool>,
}

/// The models this server offers: one.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub enum ModelName {
    #[serde(rename = "lanzhou-qa")]
    LanzhouQa,
}

/// A message of the conversation.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ChatMessage {
    /// "system", "developer", "user", "assistant" or "tool"; only user messages are asked.
    role: String,
    /// A string, or a list of parts of which only `{"type": "text", "text": ...}` parts
    /// are read.
    content: Option<MessageContent>,
}

/// A message's content: a string, or parts of which only the text parts are read.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum MessageContent {
    Text(String),
    Parts(Vec<ContentPart>),
}

/// A part of a message's content.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ContentPart {
    /// "text" for the parts that are read.
    #[schema(rename = "type")]
    kind: String,
    text: Option<String>,
}

/// A JSON object (as in OpenAI's API, where this server reads no more of it).
type Object = serde_json::Map<String, Value>;

/// The question of an ordinary conversation and the earlier questions that are its
/// context.
struct Conversation {
    earlier: Vec<Question>,
    question: Question,
}

impl Conversation {
    /// Finds the question (the last user message) and its context (the earlier user
    /// messages). Fails when there is no user message or the question is blank or too long.
    fn of(messages: &[Message]) -> Result<Conversation, OpenAiError> {
        let Some(last) = messages.iter().rposition(Message::is_user) else {
            let message = if messages.is_empty() {
                "`messages` is empty; send at least one {\"role\": \"user\"} message"
            } else {
                "`messages` has no user message; the last user message is the question"
            };
            return Err(OpenAiError::bad_request(
                ErrorCode::InvalidRequest.as_str(),
                Some("messages"),
                message,
            ));
        };
        let question = Question::parse(&messages[last].text).map_err(|e| {
            let e = ApiError::from(e);
            OpenAiError::bad_request(
                e.code().as_str(),
                Some(&format!("messages[{last}].content")),
                e.message(),
            )
        })?;
        // Earlier questions that were blank or too long could not have been answered;
        // they give no context, so they are skipped rather than refused.
        let earlier = messages[..last]
            .iter()
            .filter(|m| m.is_user())
            .filter_map(|m| Question::parse(&m.text).ok())
            .collect();
        Ok(Conversation { earlier, question })
    }
}

/// Refuses a model other than [`MODEL_ID`].
fn check_model(model: &str) -> Result<(), OpenAiError> {
    if model == MODEL_ID {
        return Ok(());
    }
    Err(OpenAiError::new(
        StatusCode::NOT_FOUND,
        "model_not_found",
        Some("model"),
        format!("the model {model:?} does not exist; the only model is {MODEL_ID:?}"),
    ))
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
    /// The engine's full reply; absent when the request was a chat front end's title, tag
    /// or follow-up prompt rather than a question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lanzhou_qa: Option<Reply>,
}

/// The one choice of a completion.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChatChoice {
    pub index: u32,
    pub message: AssistantMessage,
    /// "stop", or "length" when `max_tokens` cut the message.
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
#[derive(Clone, Serialize, utoipa::ToSchema)]
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
    /// One choice; none in the usage chunk.
    pub choices: Vec<ChunkChoice>,
    /// On the last chunk with a choice only: the citations of the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citations: Option<Vec<Citation>>,
    /// With `stream_options.include_usage`: null on every chunk but the usage chunk, the
    /// last before `[DONE]`; absent otherwise.
    #[serde(skip_serializing_if = "ChunkUsage::is_absent")]
    #[schema(value_type = Option<Usage>)]
    pub usage: ChunkUsage,
}

/// The `usage` of a chunk: absent, null, or the sizes.
#[derive(Clone, Default)]
pub enum ChunkUsage {
    /// Usage was not asked for.
    #[default]
    Absent,
    /// Usage was asked for and comes in a later chunk.
    Later,
    /// The usage chunk.
    Sizes(Usage),
}

impl ChunkUsage {
    fn is_absent(&self) -> bool {
        matches!(self, ChunkUsage::Absent)
    }
}

impl Serialize for ChunkUsage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ChunkUsage::Absent | ChunkUsage::Later => serializer.serialize_none(),
            ChunkUsage::Sizes(usage) => usage.serialize(serializer),
        }
    }
}

/// The one choice of a chunk.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChunkChoice {
    pub index: u32,
    pub delta: ChunkDelta,
    /// "stop" (or "length") on the last chunk, null before.
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
            `finish_reason` and the citations, with `stream_options.include_usage` a chunk with `usage` and \
            no choices), then `data: [DONE]`.",
            content((ChatCompletion = "application/json"), (super::openapi::ServerSentEvent = "text/event-stream"))),
        (status = 400, description = "invalid_request_error: a field is missing or has the wrong type (`param` names it), \
            the question is blank or too long, or the request asks for what this model cannot do \
            (`n` other than 1, `tools`, a `response_format` other than text)", body = OpenAiErrorBody),
        (status = 404, description = "model_not_found", body = OpenAiErrorBody),
        (status = 413, description = "payload_too_large", body = OpenAiErrorBody),
        (status = 415, description = "unsupported_media_type", body = OpenAiErrorBody),
    ))]
async fn chat_completions(
    State(state): State<AppState>,
    body: Result<JsonObject, ApiError>,
) -> Result<Response, OpenAiError> {
    let JsonObject(body) = body?;
    let request = ParsedChat::from_json(&body)?;
    check_model(&request.model)?;
    let prompt_words = request.messages.iter().map(|m| word_count(&m.text)).sum();
    let (content, reply) = match chat_tasks::recognise(&request.messages) {
        Some(found) => {
            tracing::debug!(task = ?found.task, "answering a chat front end's background task");
            let follow_ups = match found.task {
                chat_tasks::Task::FollowUps => {
                    let questions = found.questions.clone();
                    state
                        .workers
                        .run(move |engine| follow_ups(engine, &questions))
                        .await
                        .map_err(ApiError::from)?
                }
                _ => Vec::new(),
            };
            let content = chat_tasks::answer(&found.task, &found.questions, follow_ups);
            (content, None)
        }
        None => {
            let Conversation { earlier, question } = Conversation::of(&request.messages)?;
            let reply = state
                .workers
                .run(move |engine| engine.ask_in_conversation(&earlier, &question))
                .await
                .map_err(ApiError::from)?;
            (message_content(&reply), Some(reply))
        }
    };
    let completion = completion(content, reply, prompt_words, request.max_words);
    if request.stream {
        completion_events(completion, request.include_usage)
    } else {
        Ok(Json(completion).into_response())
    }
}

/// The suggested follow-ups after the last of `questions`, asked with the earlier ones as
/// its context; none when the last is not a question.
fn follow_ups(engine: &Engine, questions: &[String]) -> Vec<String> {
    let Some((last, earlier)) = questions.split_last() else {
        return Vec::new();
    };
    let Ok(question) = Question::parse(last) else {
        return Vec::new();
    };
    let earlier: Vec<Question> = earlier
        .iter()
        .filter_map(|q| Question::parse(q).ok())
        .collect();
    engine.ask_in_conversation(&earlier, &question).suggestions
}

/// Builds the completion of a message; `max_words` cuts it (at a word) and then its
/// `finish_reason` is "length".
fn completion(
    content: String,
    reply: Option<Reply>,
    prompt_words: usize,
    max_words: Option<usize>,
) -> ChatCompletion {
    let (content, finish_reason) = match max_words {
        Some(max) if word_count(&content) > max => {
            let cut = word_chunks(&content, max)[0].trim_end().to_string();
            (cut, "length")
        }
        _ => (content, "stop"),
    };
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
            finish_reason: finish_reason.to_string(),
        }],
        usage: Usage {
            prompt_tokens: prompt_words,
            completion_tokens: completion_words,
            total_tokens: prompt_words + completion_words,
        },
        citations: reply
            .as_ref()
            .map(|r| r.citations.clone())
            .unwrap_or_default(),
        lanzhou_qa: reply,
    }
}

/// The completion as server-sent events: a role delta, content deltas, the last chunk
/// with the finish reason and the citations, with `include_usage` a chunk with the usage
/// and no choices, then `[DONE]`.
fn completion_events(
    completion: ChatCompletion,
    include_usage: bool,
) -> Result<Response, OpenAiError> {
    let later = if include_usage {
        ChunkUsage::Later
    } else {
        ChunkUsage::Absent
    };
    let chunk = |choices: Vec<ChunkChoice>, citations, usage: ChunkUsage| ChatCompletionChunk {
        id: completion.id.clone(),
        object: "chat.completion.chunk".to_string(),
        created: completion.created,
        model: completion.model.clone(),
        choices,
        citations,
        usage,
    };
    let choice = |delta: ChunkDelta, finish_reason: Option<&str>| {
        vec![ChunkChoice {
            index: 0,
            delta,
            finish_reason: finish_reason.map(str::to_string),
        }]
    };
    let (content, finish_reason) = completion.choices.first().map_or(("", "stop"), |choice| {
        (
            choice.message.content.as_str(),
            choice.finish_reason.as_str(),
        )
    });
    let mut chunks = vec![chunk(
        choice(
            ChunkDelta {
                role: Some("assistant".to_string()),
                content: Some(String::new()),
            },
            None,
        ),
        None,
        later.clone(),
    )];
    if !content.is_empty() {
        for piece in word_chunks(content, WORDS_PER_DELTA) {
            let delta = ChunkDelta {
                role: None,
                content: Some(piece.to_string()),
            };
            chunks.push(chunk(choice(delta, None), None, later.clone()));
        }
    }
    chunks.push(chunk(
        choice(ChunkDelta::default(), Some(finish_reason)),
        Some(completion.citations.clone()),
        later,
    ));
    if include_usage {
        chunks.push(chunk(
            Vec::new(),
            None,
            ChunkUsage::Sizes(completion.usage.clone()),
        ));
    }
    let mut events = Vec::with_capacity(chunks.len() + 1);
    for chunk in &chunks {
        let data = serde_json::to_string(chunk).map_err(|e| ApiError::internal(&e))?;
        events.push(Event::default().data(data));
    }
    events.push(Event::default().data("[DONE]"));
    let events = events.into_iter().map(Ok::<Event, Infallible>);
    Ok(Sse::new(stream::iter(events)).into_response())
}

/// The assistant message: the answer, then a blank line and the sources it cites, each
/// snippet cut around the figures the answer takes from it.
fn message_content(reply: &Reply) -> String {
    let mut content = reply.answer.clone();
    if !reply.citations.is_empty() {
        content.push_str("\n\nSources:");
        for citation in &reply.citations {
            let figures: Vec<(usize, usize)> = reply
                .facts
                .iter()
                .filter(|used| used.n == citation.n && used.fact.doc_id == citation.doc_id)
                .map(|used| used.fact.span)
                .filter(|span| citation.start <= span.start && span.end <= citation.end)
                .map(|span| (span.start - citation.start, span.end - citation.start))
                .collect();
            let focus = figures
                .iter()
                .map(|f| f.0)
                .min()
                .zip(figures.iter().map(|f| f.1).max());
            let _ = write!(
                content,
                "\n[{}] {}: \"{}\"",
                citation.n,
                citation.title,
                short_snippet(&citation.snippet, SOURCE_SNIPPET_CHARS, focus)
            );
        }
    }
    content
}

/// The snippet on one line, at most about `max_chars` characters: the whole of it when it
/// is short, else a window cut at words that holds the bytes `focus` (the figures it is
/// cited for) when they fit, or its beginning; a cut end is marked with "…".
fn short_snippet(snippet: &str, max_chars: usize, focus: Option<(usize, usize)>) -> String {
    if snippet
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>()
        <= max_chars + 1
    {
        return snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    // The window is chosen over the words of the snippet, with their byte ranges.
    let words: Vec<(usize, usize)> = snippet
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - snippet.as_ptr() as usize;
            (start, start + w.len())
        })
        .collect();
    let chars = |from: usize, to: usize| -> usize {
        words[from..to]
            .iter()
            .map(|&(s, e)| snippet[s..e].chars().count() + 1)
            .sum::<usize>()
            .saturating_sub(1)
    };
    // The first word of the window: 0, unless the focus would then fall outside it, in
    // which case the window ends a few words after the focus, with the context before
    // it that fits.
    let mut first = 0;
    if let Some((_, focus_end)) = focus {
        let last = words
            .iter()
            .position(|&(_, e)| e >= focus_end)
            .unwrap_or(words.len() - 1);
        if chars(0, last + 1) > max_chars {
            let last = (last + WORDS_AFTER_FOCUS).min(words.len() - 1);
            first = last;
            while first > 0 && chars(first - 1, last + 1) <= max_chars {
                first -= 1;
            }
        }
    }
    let mut end = first;
    while end < words.len() && chars(first, end + 1) <= max_chars {
        end += 1;
    }
    let end = end.max(first + 1);
    let text = words[first..end]
        .iter()
        .map(|&(s, e)| &snippet[s..e])
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    if end < words.len() {
        out.push_str(text.trim_end_matches([',', ';', ':']));
        out.push('…');
    } else {
        out.push_str(&text);
    }
    out
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
#[path = "openai_tests.rs"]
mod tests;
