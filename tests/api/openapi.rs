//! The OpenAPI document: it describes every route the router serves, only routes it
//! serves, and real replies conform to its schemas.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{self, TestResponse, get, post_json, send};

/// Every endpoint the server is meant to serve, as (method, path template).
const ENDPOINTS: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/assets/chat.js"),
    ("get", "/assets/chat.css"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/ask"),
    ("post", "/ask"),
    ("get", "/docs"),
    ("get", "/docs/{doc_id}"),
    ("get", "/facts"),
    ("get", "/search"),
    ("get", "/openapi.json"),
    ("get", "/v1/models"),
    ("get", "/v1/models/{model}"),
    ("post", "/v1/chat/completions"),
    ("post", "/mcp"),
    ("get", "/mcp"),
    ("delete", "/mcp"),
    ("post", "/admin/reload"),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn document(app: &axum::Router) -> Value {
    let response = send(app, get("/openapi.json")).await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(
        response
            .header("content-type")
            .starts_with("application/json")
    );
    response.json()
}

/// The (method, path) operations of the document.
fn operations(document: &Value) -> Vec<(String, String)> {
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if item.get(*method).is_some() {
                operations.push((method.to_string(), path.clone()));
            }
        }
    }
    operations
}

/// True when the response is the router's own answer for an unrouted path or method,
/// rather than an endpoint's.
fn is_fallback(response: &TestResponse) -> bool {
    let code = serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|body| body["error"]["code"].as_str().map(str::to_string));
    matches!(
        (response.status, code.as_deref()),
        (StatusCode::NOT_FOUND, Some("not_found"))
            | (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    )
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_endpoint() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    assert_eq!(document["openapi"], json!("3.1.0"));
    assert_eq!(document["info"]["title"], json!("lanzhou-qa"));
    let operations = operations(&document);
    for (method, path) in ENDPOINTS {
        assert!(
            operations.contains(&(method.to_string(), path.to_string())),
            "{method} {path} is described"
        );
    }
    for (method, path) in &operations {
        assert!(
            ENDPOINTS.contains(&(method.as_str(), path.as_str())),
            "{method} {path} is described but not expected; add it to ENDPOINTS"
        );
    }
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in [
        "Reply",
        "Citation",
        "ErrorBody",
        "ErrorCode",
        "OpenAiErrorBody",
        "FactList",
        "AnswerDelta",
        "ChatCompletionChunk",
        "JsonRpcMessage",
    ] {
        assert!(schemas.contains_key(name), "{name} is a schema");
    }
}

#[tokio::test]
async fn every_described_operation_is_served() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    for (method, path) in operations(&document) {
        let uri = path
            .replace("{doc_id}", "lanzhou-industries")
            .replace("{model}", "lanzhou-qa");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
        let request = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .expect("a request");
        let response = send(&app, request).await;
        assert!(
            !is_fallback(&response),
            "{method} {uri} is served: {} {}",
            response.status,
            response.text()
        );
    }
}

#[tokio::test]
async fn unrouted_paths_and_methods_reach_the_fallbacks() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    let described = operations(&document);
    for (_, path) in &described {
        let uri = path
            .replace("{doc_id}", "lanzhou-industries")
            .replace("{model}", "lanzhou-qa");
        for method in ["put", "patch"] {
            if described.contains(&(method.to_string(), path.clone())) || path == "/mcp" {
                continue;
            }
            let request = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .body(Body::empty())
                .expect("a request");
            let response = send(&app, request).await;
            assert_eq!(
                response.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri}"
            );
            assert!(is_fallback(&response), "{method} {uri}");
        }
    }
    assert!(is_fallback(&send(&app, get("/not-described")).await));
}

#[tokio::test]
async fn query_parameters_are_described_in_the_query() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    for (path, names) in [
        ("/facts", vec!["subject", "year", "doc"]),
        ("/search", vec!["q", "limit"]),
        ("/ask", vec!["question", "session", "stream"]),
    ] {
        let parameters = document["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters");
        for name in names {
            let parameter = parameters
                .iter()
                .find(|p| p["name"] == json!(name))
                .unwrap_or_else(|| panic!("{path} has {name}"));
            assert_eq!(parameter["in"], json!("query"), "{path} {name}");
        }
    }
}

/// A validator for the schema of `pointer` (a JSON pointer into the document), with the
/// document's components available to its `$ref`s.
fn validator(document: &Value, pointer: &str) -> jsonschema::Validator {
    let schema = document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} is in the document"));
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": document["components"],
        "allOf": [schema],
    });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{pointer} is a valid schema: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} conforms: {errors:#?}\n{instance:#}"
    );
}

#[tokio::test]
async fn real_replies_conform_to_the_described_schemas() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    let content = "/content/application~1json/schema";

    let reply_schema = validator(
        &document,
        &format!("/paths/~1ask/post/responses/200{content}"),
    );
    for question in [
        "How much did tertiary industry grow since 1949?",
        "What was Lanzhou's unemployment rate in 2018?",
        "a:(^",
    ] {
        let reply = send(
            &app,
            post_json("/ask", json!({"question": question}).to_string()),
        )
        .await
        .json();
        assert_valid(&reply_schema, &reply, question);
    }
    let get_schema = validator(
        &document,
        &format!("/paths/~1ask/get/responses/200{content}"),
    );
    let reply = send(&app, get("/ask?question=What%20grew%3F")).await.json();
    assert_valid(&get_schema, &reply, "GET /ask");

    let facts_schema = validator(
        &document,
        &format!("/paths/~1facts/get/responses/200{content}"),
    );
    let facts = send(&app, get("/facts")).await.json();
    assert_valid(&facts_schema, &facts, "/facts");

    let error_schema = validator(
        &document,
        &format!("/paths/~1ask/post/responses/400{content}"),
    );
    for body in ["{", "{}", "{\"question\": \"hi\", \"session\": \"a b\"}"] {
        let error = send(&app, post_json("/ask", body)).await.json();
        assert_valid(&error_schema, &error, body);
    }
    let error = send(&app, post_json("/ask", vec![b' '; 65537]))
        .await
        .json();
    let too_large = validator(
        &document,
        &format!("/paths/~1ask/post/responses/413{content}"),
    );
    assert_valid(&too_large, &error, "413");

    for (path, uri) in [
        ("~1healthz", "/healthz"),
        ("~1docs", "/docs"),
        ("~1search", "/search?q=industry"),
        ("~1v1~1models", "/v1/models"),
        ("~1v1~1models~1{model}", "/v1/models/lanzhou-qa"),
    ] {
        let schema = validator(
            &document,
            &format!("/paths/{path}/get/responses/200{content}"),
        );
        assert_valid(&schema, &send(&app, get(uri)).await.json(), uri);
    }

    let completion = validator(
        &document,
        &format!("/paths/~1v1~1chat~1completions/post/responses/200{content}"),
    );
    let body = json!({"model": "lanzhou-qa", "messages": [{"role": "user", "content": "How much did tertiary industry grow since 1949?"}]});
    let reply = send(&app, post_json("/v1/chat/completions", body.to_string()))
        .await
        .json();
    assert_valid(&completion, &reply, "chat completion");
    let model_error = validator(
        &document,
        &format!("/paths/~1v1~1chat~1completions/post/responses/404{content}"),
    );
    let body = json!({"model": "other", "messages": [{"role": "user", "content": "Hi?"}]});
    assert_valid(
        &model_error,
        &send(&app, post_json("/v1/chat/completions", body.to_string()))
            .await
            .json(),
        "model_not_found",
    );
}

#[tokio::test]
async fn the_error_schema_rejects_what_the_contract_forbids() {
    let (app, _index) = helpers::app();
    let document = document(&app).await;
    let error_schema = validator(
        &document,
        "/paths/~1ask/post/responses/400/content/application~1json/schema",
    );
    assert!(!error_schema.is_valid(&json!({"error": {"code": "no_such_code", "message": "x"}})));
    assert!(!error_schema.is_valid(&json!({"error": "invalid_json"})));
    assert!(error_schema.is_valid(&json!({"error": {"code": "invalid_json", "message": "x"}})));
}

#[tokio::test]
async fn a_reply_with_every_part_conforms_to_the_reply_schema() {
    use lanzhou_qa::corpus::Span;
    use lanzhou_qa::facts::{Fact, FactKind};
    use lanzhou_qa::{Citation, Derivation, Reply, UsedFact};

    let (app, _index) = helpers::app();
    let document = document(&app).await;
    let citation = Citation {
        n: 1,
        doc_id: "lanzhou-industries".to_string(),
        title: "Lanzhou's industries".to_string(),
        snippet: "In 2018, the added value it created had reached 17.52 billion yuan.".to_string(),
        start: 475,
        end: 677,
    };
    let fact = Fact {
        id: 7,
        doc_id: "lanzhou-industries".to_string(),
        place: Some("Lanzhou".to_string()),
        subject: "tertiary industry".to_string(),
        measure: "growth multiple".to_string(),
        kind: FactKind::Multiple,
        year: Some(2018),
        year_inferred: true,
        base_year: Some(1949),
        end_year: None,
        value: 17500.0,
        unit: "times".to_string(),
        qualifier: Some("more than".to_string()),
        surface: "17,500 times".to_string(),
        span: Span::new(560, 572),
        sentence: Span::new(475, 677),
        items: vec!["one".to_string()],
        among: Some("the 14 cities".to_string()),
        rule: "multiple".to_string(),
    };
    let reply = Reply {
        answer: "It grew 17,500 times [1].".to_string(),
        answered: true,
        value: Some(lanzhou_qa::Value {
            text: "17,500 times".to_string(),
            number: Some(17500.0),
            unit: Some("times".to_string()),
            items: vec!["17,500 times".to_string()],
            qualifier: Some("more than".to_string()),
        }),
        citations: vec![citation.clone()],
        facts: vec![UsedFact { n: 1, fact }],
        derivation: Some(Derivation {
            expression: "17.52 billion ÷ 1 million = 17,520".to_string(),
            result: 17520.0,
            unit: "times".to_string(),
        }),
        notes: vec!["The stated multiple and the computed one differ.".to_string()],
        related: vec![citation],
        session: "abc".to_string(),
        suggestions: vec!["What was tertiary industry's added value in 1949?".to_string()],
    };
    let reply = serde_json::to_value(&reply).expect("a reply serializes");
    let schema = validator(
        &document,
        "/paths/~1ask/post/responses/200/content/application~1json/schema",
    );
    assert_valid(&schema, &reply, "a full reply");
    let mut broken = reply.clone();
    broken["facts"][0]["kind"] = json!("guess");
    assert!(!schema.is_valid(&broken), "an unknown fact kind is refused");
    let mut broken = reply;
    broken["citations"][0]["start"] = json!(-1);
    assert!(!schema.is_valid(&broken), "a negative offset is refused");
}
