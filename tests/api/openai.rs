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
