//! Reading a `POST /v1/chat/completions` body field by field, so that every fault is told
//! in plain words with the field it is in (`messages[2].content`), and every option this
//! server cannot honour (`n` > 1, `tools`, a `response_format` other than text) is refused
//! rather than ignored.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::openai::OpenAiError;

/// A chat request whose fields have the right types and whose options can be honoured.
#[derive(Debug)]
pub(super) struct ParsedChat {
    pub model: String,
    pub messages: Vec<Message>,
    pub stream: bool,
    /// `stream_options.include_usage`: end the stream with a chunk that carries `usage`.
    pub include_usage: bool,
    /// `max_completion_tokens` or `max_tokens`: the most words the message may have.
    pub max_words: Option<usize>,
}

/// A message of the conversation, reduced to its role and text.
#[derive(Debug)]
pub(super) struct Message {
    pub role: String,
    /// The string content, or the text parts joined by line breaks; other parts are left
    /// out.
    pub text: String,
}

impl Message {
    /// Returns true if and only if the message is the user's.
    pub fn is_user(&self) -> bool {
        self.role == "user"
    }
}

/// A 400 `invalid_request_error` about `param`.
fn invalid(param: &str, message: impl Into<String>) -> OpenAiError {
    OpenAiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        Some(param),
        message.into(),
    )
}

/// A 400 for a field this server understands but cannot honour.
fn unsupported(param: &str, code: &str, message: impl Into<String>) -> OpenAiError {
    OpenAiError::new(StatusCode::BAD_REQUEST, code, Some(param), message.into())
}

impl ParsedChat {
    /// Reads the fields of a request body; other fields (`temperature`, `user`...) are
    /// ignored. Fails on the first field that is missing, has the wrong type, or asks for
    /// what the server cannot do.
    pub fn from_json(body: &Map<String, Value>) -> Result<ParsedChat, OpenAiError> {
        let model = match body.get("model") {
            Some(Value::String(model)) => model.clone(),
            None | Some(Value::Null) => {
                return Err(invalid(
                    "model",
                    "`model` is missing; this server's model is \"lanzhou-qa\"",
                ));
            }
            Some(_) => {
                return Err(invalid(
                    "model",
                    "`model` must be a string: this server's model is \"lanzhou-qa\"",
                ));
            }
        };
        let messages = match body.get("messages") {
            Some(Value::Array(messages)) => messages
                .iter()
                .enumerate()
                .map(|(i, m)| message(i, m))
                .collect::<Result<Vec<_>, _>>()?,
            None | Some(Value::Null) => {
                return Err(invalid(
                    "messages",
                    "`messages` is missing; send the conversation as a list of messages such as \
                     {\"role\": \"user\", \"content\": \"...\"}",
                ));
            }
            Some(_) => {
                return Err(invalid(
                    "messages",
                    "`messages` must be a list of messages such as \
                     {\"role\": \"user\", \"content\": \"...\"}",
                ));
            }
        };
        let stream = optional_bool(body, "stream")?.unwrap_or(false);
        let include_usage = match body.get("stream_options") {
            None | Some(Value::Null) => false,
            Some(Value::Object(options)) => match options.get("include_usage") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(include)) => *include,
                Some(_) => {
                    return Err(invalid(
                        "stream_options.include_usage",
                        "`stream_options.include_usage` must be true or false",
                    ));
                }
            },
            Some(_) => {
                return Err(invalid(
                    "stream_options",
                    "`stream_options` must be an object such as {\"include_usage\": true}",
                ));
            }
        };
        check_choices(body)?;
        check_no_tools(body, "tools")?;
        check_no_tools(body, "functions")?;
        check_response_format(body)?;
        let max_words = match positive_integer(body, "max_completion_tokens")? {
            Some(n) => Some(n),
            None => positive_integer(body, "max_tokens")?,
        };
        Ok(ParsedChat {
            model,
            messages,
            stream,
            include_usage,
            max_words,
        })
    }
}

/// Reads `messages[i]`.
fn message(i: usize, value: &Value) -> Result<Message, OpenAiError> {
    let param = format!("messages[{i}]");
    let Value::Object(fields) = value else {
        return Err(invalid(
            &param,
            format!("`{param}` must be an object with a `role` and a `content`"),
        ));
    };
    let role = match fields.get("role") {
        Some(Value::String(role)) => role.clone(),
        None | Some(Value::Null) => {
            return Err(invalid(
                &format!("{param}.role"),
                format!("`{param}.role` is missing; use \"user\" for a question"),
            ));
        }
        Some(_) => {
            return Err(invalid(
                &format!("{param}.role"),
                format!("`{param}.role` must be a string such as \"user\" or \"assistant\""),
            ));
        }
    };
    let text = match fields.get("content") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => {
            let mut texts = Vec::new();
            for (j, part) in parts.iter().enumerate() {
                texts.extend(part_text(&format!("{param}.content[{j}]"), part)?);
            }
            texts.join("\n")
        }
        Some(_) => {
            return Err(invalid(
                &format!("{param}.content"),
                format!("`{param}.content` must be a string or a list of content parts"),
            ));
        }
    };
    Ok(Message { role, text })
}

/// The text of a content part at `param`, or None for a part that is not text.
fn part_text(param: &str, part: &Value) -> Result<Option<String>, OpenAiError> {
    let Value::Object(fields) = part else {
        return Err(invalid(
            param,
            format!(
                "`{param}` must be an object such as {{\"type\": \"text\", \"text\": \"...\"}}"
            ),
        ));
    };
    match fields.get("type") {
        Some(Value::String(kind)) if kind == "text" => {}
        Some(Value::String(_)) => return Ok(None),
        _ => {
            return Err(invalid(
                &format!("{param}.type"),
                format!("`{param}.type` must be a string such as \"text\""),
            ));
        }
    }
    match fields.get("text") {
        Some(Value::String(text)) => Ok(Some(text.clone())),
        _ => Err(invalid(
            &format!("{param}.text"),
            format!("`{param}.text` must be a string"),
        )),
    }
}

/// Reads an optional boolean field; `null` counts as absent.
fn optional_bool(body: &Map<String, Value>, name: &str) -> Result<Option<bool>, OpenAiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(value)) => Ok(Some(*value)),
        Some(_) => Err(invalid(name, format!("`{name}` must be true or false"))),
    }
}

/// Reads an optional whole number of at least 1; `null` counts as absent.
fn positive_integer(body: &Map<String, Value>, name: &str) -> Result<Option<usize>, OpenAiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .filter(|n| *n >= 1)
            .map(|n| Some(usize::try_from(n).unwrap_or(usize::MAX)))
            .ok_or_else(|| {
                invalid(
                    name,
                    format!("`{name}` must be a whole number of at least 1"),
                )
            }),
    }
}

/// Refuses `n` other than 1: there is one answer to a question.
fn check_choices(body: &Map<String, Value>) -> Result<(), OpenAiError> {
    match body.get("n") {
        None | Some(Value::Null) => Ok(()),
        Some(value) if value.as_u64() == Some(1) => Ok(()),
        Some(value) if value.as_u64().is_some() => Err(unsupported(
            "n",
            "unsupported_value",
            format!(
                "`n` is {value}, but this model gives exactly one answer per question; \
                 leave `n` out or set it to 1"
            ),
        )),
        Some(_) => Err(invalid(
            "n",
            "`n` must be a whole number, and only 1 is supported",
        )),
    }
}

/// Refuses tool (or legacy function) definitions: the model calls no tools. An empty list
/// asks for nothing and is accepted.
fn check_no_tools(body: &Map<String, Value>, name: &str) -> Result<(), OpenAiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(tools)) if tools.is_empty() => Ok(()),
        Some(Value::Array(_)) => Err(unsupported(
            name,
            "unsupported_parameter",
            format!(
                "`{name}` is not supported: this model answers from its corpus and calls no \
                 tools; send the request without `{name}`"
            ),
        )),
        Some(_) => Err(invalid(name, format!("`{name}` must be a list"))),
    }
}

/// Refuses a `response_format` other than `{"type": "text"}`: answers are prose.
fn check_response_format(body: &Map<String, Value>) -> Result<(), OpenAiError> {
    let Some(format) = body.get("response_format") else {
        return Ok(());
    };
    let kind = match format {
        Value::Null => return Ok(()),
        Value::Object(fields) => fields.get("type").and_then(Value::as_str),
        _ => None,
    };
    match kind {
        Some("text") => Ok(()),
        Some(other) => Err(unsupported(
            "response_format",
            "unsupported_value",
            format!(
                "`response_format` of type {other:?} is not supported: this model answers in \
                 prose with citations; leave `response_format` out or use {{\"type\": \"text\"}}"
            ),
        )),
        None => Err(invalid(
            "response_format",
            "`response_format` must be an object such as {\"type\": \"text\"}",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: Value) -> Result<ParsedChat, String> {
        let Value::Object(body) = body else {
            unreachable!("the tests pass objects")
        };
        ParsedChat::from_json(&body).map_err(|e| format!("{e:?}"))
    }

    fn base() -> Value {
        serde_json::json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "Hi?"}]})
    }

    fn with(field: &str, value: Value) -> Value {
        let mut body = base();
        body[field] = value;
        body
    }

    #[test]
    fn every_fault_names_its_field_in_plain_words() {
        for (body, field) in [
            (serde_json::json!({"messages": []}), "`model` is missing"),
            (
                with("model", serde_json::json!(7)),
                "`model` must be a string",
            ),
            (
                with("messages", serde_json::json!("Hi?")),
                "`messages` must be a list",
            ),
            (
                with(
                    "messages",
                    serde_json::json!([{"role": "user", "content": 5}]),
                ),
                "`messages[0].content` must be a string or a list",
            ),
            (
                with(
                    "messages",
                    serde_json::json!([{"role": "user", "content": "a"}, "b"]),
                ),
                "`messages[1]` must be an object",
            ),
            (
                with("messages", serde_json::json!([{"content": "Hi?"}])),
                "`messages[0].role` is missing",
            ),
            (
                with(
                    "messages",
                    serde_json::json!([{"role": "user", "content": [{"type": "text", "text": 1}]}]),
                ),
                "`messages[0].content[0].text` must be a string",
            ),
            (
                with("stream", serde_json::json!("yes")),
                "`stream` must be true or false",
            ),
            (
                with("max_tokens", serde_json::json!(0)),
                "`max_tokens` must be a whole number",
            ),
            (
                with("stream_options", serde_json::json!(true)),
                "`stream_options` must be an object",
            ),
        ] {
            let error = read(body.clone()).expect_err("a fault");
            assert!(error.contains(field), "{body}: {error}");
            assert!(
                !error.contains("invalid type"),
                "serde's wording leaked: {error}"
            );
        }
    }

    #[test]
    fn options_that_cannot_be_honoured_are_refused() {
        for (body, param) in [
            (with("n", serde_json::json!(2)), "\"n\""),
            (
                with(
                    "tools",
                    serde_json::json!([{"type": "function", "function": {"name": "f"}}]),
                ),
                "\"tools\"",
            ),
            (
                with("functions", serde_json::json!([{"name": "f"}])),
                "\"functions\"",
            ),
            (
                with(
                    "response_format",
                    serde_json::json!({"type": "json_object"}),
                ),
                "\"response_format\"",
            ),
        ] {
            let error = read(body.clone()).expect_err("refused");
            assert!(error.contains(param), "{body}: {error}");
        }
        for body in [
            with("n", serde_json::json!(1)),
            with("tools", serde_json::json!([])),
            with("response_format", serde_json::json!({"type": "text"})),
            with("tool_choice", serde_json::json!("none")),
        ] {
            assert!(read(body.clone()).is_ok(), "{body}");
        }
    }

    #[test]
    fn the_limits_and_stream_options_are_read() {
        let mut body = with("max_tokens", serde_json::json!(5));
        body["stream"] = serde_json::json!(true);
        body["stream_options"] = serde_json::json!({"include_usage": true});
        let request = read(body).expect("valid");
        assert_eq!(request.max_words, Some(5));
        assert!(request.stream && request.include_usage);
        let mut body = with("max_tokens", serde_json::json!(50));
        body["max_completion_tokens"] = serde_json::json!(7);
        assert_eq!(read(body).expect("valid").max_words, Some(7));
    }
}
