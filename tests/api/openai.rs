//! The OpenAI-compatible API under `/v1`, read back with `async-openai`'s own types so
//! that what chat clients parse is what is tested.

use async_openai::error::WrappedError;
use async_openai::types::chat::{
    CreateChatCompletionResponse, CreateChatCompletionStreamResponse, FinishReason, Role,
};
use async_openai::types::models::ListModelResponse;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{self, TestResponse, get, post_json, send, sse_events};

const COMPLETIONS: &str = "/v1/chat/completions";

fn chat(messages: Value) -> String {
    json!({ "model": "lanzhou-qa", "messages": messages }).to_string()
}

fn openai_error(response: &TestResponse) -> WrappedError {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|e| panic!("an OpenAI error body ({e}): {}", response.text()))
}

#[tokio::test]
async fn the_model_list_names_lanzhou_qa() {
    let (app, _index) = helpers::app();
    let response = send(&app, get("/v1/models")).await;
    assert_eq!(response.status, StatusCode::OK);
    let models: ListModelResponse = serde_json::from_slice(&response.body).expect("a model list");
    assert_eq!(models.object, "list");
    assert_eq!(models.data.len(), 1);
    assert_eq!(models.data[0].id, "lanzhou-qa");
    assert_eq!(models.data[0].object, "model");
    assert_eq!(models.data[0].owned_by, "lanzhou-qa");
    let again: ListModelResponse =
        serde_json::from_slice(&send(&app, get("/v1/models")).await.body).expect("a model list");
    assert_eq!(
        again.data[0].created, models.data[0].created,
        "the creation time is fixed"
    );
}

#[tokio::test]
async fn a_completion_parses_as_openai_and_carries_the_reply() {
    let (app, _index) = helpers::app();
    let body = json!({
        "model": "lanzhou-qa",
        "messages": [
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "How much did tertiary industry grow since 1949?"}
        ],
        "temperature": 0.7,
        "max_tokens": 200,
        "user": "someone",
        "stream_options": null
    });
    let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let completion: CreateChatCompletionResponse =
        serde_json::from_slice(&response.body).expect("a chat.completion");
    assert!(completion.id.starts_with("chatcmpl-"));
    assert_eq!(completion.object, "chat.completion");
    assert_eq!(completion.model, "lanzhou-qa");
    assert_eq!(completion.choices.len(), 1);
    let choice = &completion.choices[0];
    assert_eq!(choice.index, 0);
    assert_eq!(choice.message.role, Role::Assistant);
    assert_eq!(choice.finish_reason, Some(FinishReason::Stop));
    let content = choice.message.content.as_deref().expect("content");
    let usage = completion.usage.expect("usage");
    assert_eq!(
        usage.completion_tokens as usize,
        content.split_whitespace().count()
    );
    assert_eq!(
        usage.total_tokens,
        usage.prompt_tokens + usage.completion_tokens
    );

    let raw = response.json();
    let reply = &raw["lanzhou_qa"];
    assert!(content.starts_with(reply["answer"].as_str().expect("the full reply")));
    assert_eq!(raw["citations"], reply["citations"]);
    let citations = reply["citations"].as_array().expect("citations");
    if !citations.is_empty() {
        assert!(content.contains("\n\nSources:\n[1] "), "{content}");
    }

    let second: CreateChatCompletionResponse = serde_json::from_slice(
        &send(&app, post_json(COMPLETIONS, body.to_string()))
            .await
            .body,
    )
    .expect("a chat.completion");
    assert_ne!(second.id, completion.id, "ids are unique");
}

#[tokio::test]
async fn a_completion_answers_with_the_cited_multiple_and_its_sources() {
    let (app, _index) = helpers::app();
    let body = chat(
        json!([{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]),
    );
    let completion: CreateChatCompletionResponse =
        serde_json::from_slice(&send(&app, post_json(COMPLETIONS, body)).await.body)
            .expect("a chat.completion");
    let content = completion.choices[0]
        .message
        .content
        .clone()
        .expect("content");
    assert!(content.contains("17,500"), "{content}");
    let (_, sources) = content
        .split_once("\n\nSources:\n")
        .expect("a Sources list");
    assert!(
        sources.starts_with("[1] Lanzhou's industries: \""),
        "{sources}"
    );
    for line in sources.lines() {
        assert!(line.chars().count() <= 200, "a short source line: {line}");
    }
}

#[tokio::test]
async fn a_follow_up_is_carried_by_the_messages() {
    let (app, _index) = helpers::app();
    let body = chat(json!([
        {"role": "user", "content": "What was industrial added value in 2018?"},
        {"role": "assistant", "content": "Industrial added value reached 64.65 billion yuan in 2018 [1]."},
        {"role": "user", "content": [{"type": "text", "text": "And in 1949?"}]}
    ]));
    let response = send(&app, post_json(COMPLETIONS, body)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let completion: CreateChatCompletionResponse =
        serde_json::from_slice(&response.body).expect("a chat.completion");
    let content = completion.choices[0]
        .message
        .content
        .clone()
        .expect("content");
    assert!(content.contains("6 million"), "{content}");
}

#[tokio::test]
async fn a_streamed_completion_is_role_content_stop_then_done() {
    let (app, _index) = helpers::app();
    let messages =
        json!([{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]);
    let plain: CreateChatCompletionResponse = serde_json::from_slice(
        &send(&app, post_json(COMPLETIONS, chat(messages.clone())))
            .await
            .body,
    )
    .expect("a chat.completion");
    let body = json!({"model": "lanzhou-qa", "messages": messages, "stream": true});
    let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .header("content-type")
            .starts_with("text/event-stream")
    );
    let events = sse_events(&response.text());
    assert!(
        events.iter().all(|(name, _)| name == "message"),
        "data-only events"
    );
    let (last, chunks) = events.split_last().expect("events");
    assert_eq!(last.1, "[DONE]");
    let chunks: Vec<CreateChatCompletionStreamResponse> = chunks
        .iter()
        .map(|(_, data)| {
            serde_json::from_str(data).unwrap_or_else(|e| panic!("a chunk ({e}): {data}"))
        })
        .collect();
    assert!(chunks.len() >= 3);
    let id = &chunks[0].id;
    for chunk in &chunks {
        assert_eq!(&chunk.id, id);
        assert_eq!(chunk.object, "chat.completion.chunk");
        assert_eq!(chunk.model, "lanzhou-qa");
        assert_eq!(chunk.choices.len(), 1);
    }
    assert_eq!(chunks[0].choices[0].delta.role, Some(Role::Assistant));
    let (stop, middle) = chunks[1..].split_last().expect("content and stop chunks");
    assert_eq!(stop.choices[0].finish_reason, Some(FinishReason::Stop));
    assert_eq!(stop.choices[0].delta.content, None);
    let mut content = chunks[0].choices[0]
        .delta
        .content
        .clone()
        .unwrap_or_default();
    for chunk in middle {
        assert_eq!(chunk.choices[0].finish_reason, None);
        content.push_str(
            chunk.choices[0]
                .delta
                .content
                .as_deref()
                .expect("a content delta"),
        );
    }
    assert_eq!(Some(content), plain.choices[0].message.content);

    let raw_stop: Value = serde_json::from_str(&events[events.len() - 2].1).expect("JSON");
    assert!(
        raw_stop["citations"].is_array(),
        "the stop chunk carries the citations"
    );
}

#[tokio::test]
async fn an_unknown_model_is_model_not_found() {
    let (app, _index) = helpers::app();
    let body = json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi?"}]});
    let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let error = openai_error(&response).error;
    assert_eq!(error.code.as_deref(), Some("model_not_found"));
    assert_eq!(error.r#type.as_deref(), Some("invalid_request_error"));
    assert_eq!(error.param.as_deref(), Some("model"));
    assert!(!error.message.is_empty());
}

#[tokio::test]
async fn bad_messages_are_invalid_request_errors() {
    let (app, _index) = helpers::app();
    let long = "a".repeat(1001);
    let bodies = [
        json!({"model": "lanzhou-qa"}),
        json!({"messages": [{"role": "user", "content": "Hi?"}]}),
        json!({"model": "lanzhou-qa", "messages": []}),
        json!({"model": "lanzhou-qa", "messages": "Hi?"}),
        json!({"model": "lanzhou-qa", "messages": [{"content": "Hi?"}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": 5}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "system", "content": "Only a system prompt."}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "   "}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": long}]}),
        json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "Hi?"}], "stream": "yes"}),
        json!({"model": 7, "messages": [{"role": "user", "content": "Hi?"}]}),
    ];
    for body in bodies {
        let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            response.text()
        );
        let error = openai_error(&response).error;
        assert_eq!(
            error.r#type.as_deref(),
            Some("invalid_request_error"),
            "{body}"
        );
        assert!(!error.message.is_empty());
    }
}

#[tokio::test]
async fn transport_errors_under_v1_take_the_openai_shape() {
    let (app, _index) = helpers::app();
    let cases = [
        (
            post_json(COMPLETIONS, "{not json"),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            post_json(COMPLETIONS, vec![b' '; 65537]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            Request::post(COMPLETIONS)
                .body(Body::from(chat(
                    json!([{"role": "user", "content": "Hi?"}]),
                )))
                .expect("a request"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (get("/v1/nothing-here"), StatusCode::NOT_FOUND, "not_found"),
        (
            get(COMPLETIONS),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (request, status, code) in cases {
        let response = send(&app, request).await;
        assert_eq!(response.status, status, "{code}");
        let error = openai_error(&response).error;
        assert_eq!(error.code.as_deref(), Some(code));
    }
}
#[tokio::test]
async fn the_model_is_served_by_its_id_and_others_are_not_found() {
    let (app, _index) = helpers::app();
    let response = send(&app, get("/v1/models/lanzhou-qa")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let model: async_openai::types::models::Model =
        serde_json::from_slice(&response.body).expect("a model");
    assert_eq!(model.id, "lanzhou-qa");
    assert_eq!(model.object, "model");
    let listed: ListModelResponse =
        serde_json::from_slice(&send(&app, get("/v1/models")).await.body).expect("a model list");
    assert_eq!(listed.data[0].created, model.created);

    let response = send(&app, get("/v1/models/gpt-4o")).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let error = openai_error(&response).error;
    assert_eq!(error.code.as_deref(), Some("model_not_found"));
    assert_eq!(error.param.as_deref(), Some("model"));
    assert!(error.message.contains("gpt-4o"), "{}", error.message);
}

/// The chunks of a streamed completion, parsed with async-openai's types, and the raw JSON
/// of each; the stream must end with `[DONE]`.
fn stream_chunks(response: &TestResponse) -> Vec<(CreateChatCompletionStreamResponse, Value)> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let events = sse_events(&response.text());
    let (last, chunks) = events.split_last().expect("events");
    assert_eq!(last.1, "[DONE]");
    chunks
        .iter()
        .map(|(_, data)| {
            let chunk =
                serde_json::from_str(data).unwrap_or_else(|e| panic!("a chunk ({e}): {data}"));
            (chunk, serde_json::from_str(data).expect("JSON"))
        })
        .collect()
}

#[tokio::test]
async fn include_usage_ends_the_stream_with_a_usage_chunk() {
    let (app, _index) = helpers::app();
    let messages =
        json!([{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]);
    let plain: CreateChatCompletionResponse = serde_json::from_slice(
        &send(&app, post_json(COMPLETIONS, chat(messages.clone())))
            .await
            .body,
    )
    .expect("a chat.completion");
    let body = json!({"model": "lanzhou-qa", "messages": messages, "stream": true,
                      "stream_options": {"include_usage": true}});
    let chunks = stream_chunks(&send(&app, post_json(COMPLETIONS, body.to_string())).await);
    let ((usage_chunk, _), rest) = chunks.split_last().expect("chunks");
    assert!(
        usage_chunk.choices.is_empty(),
        "the usage chunk has no choices"
    );
    let usage = usage_chunk
        .usage
        .as_ref()
        .expect("the usage chunk carries usage");
    let expected = plain.usage.expect("usage");
    assert_eq!(usage.prompt_tokens, expected.prompt_tokens);
    assert_eq!(usage.completion_tokens, expected.completion_tokens);
    assert_eq!(usage.total_tokens, expected.total_tokens);
    for (chunk, raw) in rest {
        assert_eq!(chunk.choices.len(), 1);
        assert!(
            raw["usage"].is_null() && raw.get("usage").is_some(),
            "usage: null before: {raw}"
        );
    }
    assert_eq!(
        rest.last().expect("a stop chunk").0.choices[0].finish_reason,
        Some(FinishReason::Stop)
    );

    let body = json!({"model": "lanzhou-qa", "messages": messages, "stream": true});
    let chunks = stream_chunks(&send(&app, post_json(COMPLETIONS, body.to_string())).await);
    assert!(
        chunks
            .iter()
            .all(|(c, raw)| c.choices.len() == 1 && raw.get("usage").is_none()),
        "no usage unless asked for"
    );
}

#[tokio::test]
async fn options_the_model_cannot_honour_are_refused_with_a_400() {
    let (app, _index) = helpers::app();
    let question =
        json!([{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]);
    let cases = [
        ("n", json!(2), "unsupported_value"),
        (
            "tools",
            json!([{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]),
            "unsupported_parameter",
        ),
        (
            "functions",
            json!([{"name": "lookup"}]),
            "unsupported_parameter",
        ),
        (
            "response_format",
            json!({"type": "json_object"}),
            "unsupported_value",
        ),
        (
            "response_format",
            json!({"type": "json_schema", "json_schema": {"name": "x", "schema": {}}}),
            "unsupported_value",
        ),
    ];
    for (field, value, code) in cases {
        let mut body = json!({"model": "lanzhou-qa", "messages": question});
        body[field] = value;
        let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{field}: {}",
            response.text()
        );
        let error = openai_error(&response).error;
        assert_eq!(error.code.as_deref(), Some(code), "{field}");
        assert_eq!(error.param.as_deref(), Some(field));
        assert_eq!(error.r#type.as_deref(), Some("invalid_request_error"));
        assert!(error.message.contains(field), "{}", error.message);
    }
    for (field, value) in [
        ("n", json!(1)),
        ("tools", json!([])),
        ("response_format", json!({"type": "text"})),
    ] {
        let mut body = json!({"model": "lanzhou-qa", "messages": question});
        body[field] = value;
        let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{field}: {}",
            response.text()
        );
    }
}

#[tokio::test]
async fn max_tokens_cuts_the_message_and_the_finish_reason_says_length() {
    let (app, _index) = helpers::app();
    let question =
        json!([{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]);
    let body = json!({"model": "lanzhou-qa", "messages": question, "max_tokens": 4});
    let completion: CreateChatCompletionResponse = serde_json::from_slice(
        &send(&app, post_json(COMPLETIONS, body.to_string()))
            .await
            .body,
    )
    .expect("a chat.completion");
    let choice = &completion.choices[0];
    assert_eq!(choice.finish_reason, Some(FinishReason::Length));
    let content = choice.message.content.as_deref().expect("content");
    assert_eq!(content.split_whitespace().count(), 4, "{content}");
    assert_eq!(completion.usage.expect("usage").completion_tokens, 4);

    let body = json!({"model": "lanzhou-qa", "messages": question, "max_completion_tokens": 4, "stream": true});
    let chunks = stream_chunks(&send(&app, post_json(COMPLETIONS, body.to_string())).await);
    let streamed: String = chunks
        .iter()
        .filter_map(|(c, _)| c.choices[0].delta.content.clone())
        .collect();
    assert_eq!(streamed, content);
    assert_eq!(
        chunks.last().expect("chunks").0.choices[0].finish_reason,
        Some(FinishReason::Length)
    );

    let body = json!({"model": "lanzhou-qa", "messages": question, "max_tokens": 1000});
    let completion: CreateChatCompletionResponse = serde_json::from_slice(
        &send(&app, post_json(COMPLETIONS, body.to_string()))
            .await
            .body,
    )
    .expect("a chat.completion");
    assert_eq!(
        completion.choices[0].finish_reason,
        Some(FinishReason::Stop)
    );
}

#[tokio::test]
async fn a_wrong_field_is_named_in_plain_words() {
    let (app, _index) = helpers::app();
    let cases = [
        (
            json!({"model": "lanzhou-qa", "messages": "Hi?"}),
            "messages",
            "must be a list",
        ),
        (
            json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": 5}]}),
            "messages[0].content",
            "must be a string or a list",
        ),
        (
            json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "Hi?"}], "stream": "yes"}),
            "stream",
            "must be true or false",
        ),
        (
            json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "Hi?"}], "max_tokens": "ten"}),
            "max_tokens",
            "whole number",
        ),
    ];
    for (body, param, words) in cases {
        let response = send(&app, post_json(COMPLETIONS, body.to_string())).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        let error = openai_error(&response).error;
        assert_eq!(error.param.as_deref(), Some(param), "{body}");
        assert!(error.message.contains(words), "{}", error.message);
        for serde_words in ["invalid type", "expected a", "untagged enum"] {
            assert!(
                !error.message.contains(serde_words),
                "serde's wording: {}",
                error.message
            );
        }
    }
}

#[tokio::test]
async fn a_source_line_holds_the_figure_it_supports() {
    let (app, _index) = helpers::app();
    let body = chat(json!([
        {"role": "user", "content": "What was industrial added value in 2018?"},
        {"role": "assistant", "content": "64.65 billion yuan [1]."},
        {"role": "user", "content": "And in 1949?"}
    ]));
    let completion: CreateChatCompletionResponse =
        serde_json::from_slice(&send(&app, post_json(COMPLETIONS, body)).await.body)
            .expect("a chat.completion");
    let content = completion.choices[0]
        .message
        .content
        .clone()
        .expect("content");
    let (answer, sources) = content
        .split_once("\n\nSources:\n")
        .expect("a Sources list");
    assert!(answer.contains("6 million yuan"), "{answer}");
    let line = sources.lines().next().expect("a source line");
    assert!(
        line.contains("6 million yuan"),
        "the source line stops before the figure: {line}"
    );
    assert!(line.chars().count() <= 200, "{line}");
}

/// Asks the chat API with `messages` and returns the assistant message and the raw body.
async fn completion_content(app: &axum::Router, messages: Value) -> (String, Value) {
    let response = send(app, post_json(COMPLETIONS, chat(messages))).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let completion: CreateChatCompletionResponse =
        serde_json::from_slice(&response.body).expect("a chat.completion");
    let content = completion.choices[0]
        .message
        .content
        .clone()
        .unwrap_or_default();
    (content, response.json())
}

/// Open WebUI's default title prompt (its `DEFAULT_TITLE_GENERATION_PROMPT_TEMPLATE`)
/// with the conversation filled in, as it sends it.
fn open_webui_prompt(task: &str, output: &str) -> String {
    format!(
        "### Task:\n{task}\n### Guidelines:\n- Use the chat's primary language; default to English if multilingual.\n\
         ### Output:\nJSON format: {output}\n### Chat History:\n<chat_history>\n\
         USER: How much did tertiary industry grow since 1949?\n\
         ASSISTANT: Tertiary industry's added value grew 17,500 times from 1949 to 2018 [1].\n\
         USER: What was industrial added value in 2018?\n\
         ASSISTANT: Secondary industry's added value was 64.65 billion yuan in 2018 [1].\n</chat_history>"
    )
}

#[tokio::test]
async fn open_webui_title_tag_and_follow_up_prompts_are_answered_as_tasks() {
    let (app, _index) = helpers::app();
    let title = open_webui_prompt(
        "Generate a concise, 3-5 word title with an emoji summarizing the chat history.",
        "{ \"title\": \"your concise title here\" }",
    );
    let (content, raw) =
        completion_content(&app, json!([{"role": "user", "content": title}])).await;
    let parsed: Value = serde_json::from_str(&content).expect("the JSON the prompt asks for");
    let title = parsed["title"].as_str().expect("a title");
    assert_eq!(
        title, "Tertiary industry grow since 1949",
        "made from the first question"
    );
    assert!(
        raw.get("lanzhou_qa").is_none(),
        "no reply for a task: {raw}"
    );

    let tags = open_webui_prompt(
        "Generate 1-3 broad tags categorizing the main themes of the chat history, along with 1-3 more specific subtopic tags.",
        "{ \"tags\": [\"tag1\", \"tag2\", \"tag3\"] }",
    );
    let (content, _) = completion_content(&app, json!([{"role": "user", "content": tags}])).await;
    assert_eq!(
        serde_json::from_str::<Value>(&content).expect("JSON"),
        json!({"tags": []})
    );

    let follow_ups = open_webui_prompt(
        "Suggest 3-5 relevant follow-up questions or prompts that the user might naturally ask next in this conversation as a **user**, based on the chat history, to help continue or deepen the discussion.",
        "{ \"follow_ups\": [\"Question 1?\", \"Question 2?\", \"Question 3?\"] }",
    );
    let (content, _) =
        completion_content(&app, json!([{"role": "user", "content": follow_ups}])).await;
    let parsed: Value = serde_json::from_str(&content).expect("JSON");
    let questions = parsed["follow_ups"].as_array().expect("a follow_ups list");
    assert!(!questions.is_empty(), "{content}");
    for question in questions {
        let question = question.as_str().expect("a question");
        let reply = send(
            &app,
            post_json("/ask", json!({"question": question}).to_string()),
        )
        .await;
        assert_eq!(reply.json()["answered"], true, "{question} is answered");
    }
}

#[tokio::test]
async fn librechat_title_prompts_get_a_title_not_a_refusal() {
    let (app, _index) = helpers::app();
    // LibreChat's agents title prompt, as a user message after the conversation.
    let agents = "Provide a concise, 5-word-or-less title for the conversation, using title case \
                  conventions. Only return the title itself.\n\nConversation:\n\
                  User: What was the 2018 industrial structure ratio?\nAI: In 2018 the structure was 2:34:64 [1].";
    let (content, _) = completion_content(&app, json!([{"role": "user", "content": agents}])).await;
    assert_eq!(content, "2018 industrial structure ratio");

    // Its older title prompt comes as the only, system, message.
    let legacy = "Please generate a concise, 5-word-or-less title for the conversation, using its \
                  same language, with no punctuation. Apply title case conventions appropriate for \
                  the language. Never directly mention the language name or the word \"title\"\n\n\
                  ||>User:\n\"What was industrial added value in 2018?\"\n||>Response:\n\
                  \"Secondary industry's added value was 64.65 billion yuan in 2018 [1].\"\n\nTitle:";
    let (content, _) =
        completion_content(&app, json!([{"role": "system", "content": legacy}])).await;
    assert_eq!(content, "Industrial added value in 2018");
    assert!(!content.contains("corpus"), "{content}");
}
