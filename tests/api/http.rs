//! The HTTP API through the real router: the error contract, hostile input, the reply
//! contract of `/ask` (JSON and events), the corpus endpoints, the chat page, and one
//! round trip over a real socket.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{self, get, post_json, send, sse_events};

/// The document every test can rely on.
const INDUSTRIES: &str = "lanzhou-industries";

fn ask_body(question: &str) -> String {
    json!({ "question": question }).to_string()
}

/// Posts `body` to `/ask` as JSON and returns the status and error code.
async fn ask_error(router: &axum::Router, body: impl Into<Body>) -> (StatusCode, String) {
    let response = send(router, post_json("/ask", body)).await;
    (response.status, response.error_code())
}

#[tokio::test]
async fn malformed_bodies_get_their_own_error_codes() {
    let (app, _index) = helpers::app();
    let cases: Vec<(Body, &str)> = vec![
        (Body::from("{\"question\": "), "invalid_json"),
        (Body::from(""), "invalid_json"),
        (Body::from("[\"question\"]"), "invalid_json"),
        (Body::from("\"What?\""), "invalid_json"),
        (Body::from("null"), "invalid_json"),
        (Body::from("{\"question\": \"a\u{0}b\"}"), "invalid_json"),
        (
            Body::from(&b"{\"question\": \"caf\xe9\"}"[..]),
            "invalid_utf8",
        ),
        (Body::from(&b"\xff\xfe{}"[..]), "invalid_utf8"),
        (
            Body::from(format!(
                "{{\"question\": {}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            )),
            "invalid_json",
        ),
        (Body::from("{}"), "invalid_question"),
        (Body::from("{\"question\": null}"), "invalid_question"),
        (Body::from("{\"question\": 42}"), "invalid_question"),
        (Body::from("{\"question\": [\"a\"]}"), "invalid_question"),
        (Body::from("{\"question\": \"\"}"), "invalid_question"),
        (
            Body::from("{\"question\": \"  \\n\\t \"}"),
            "invalid_question",
        ),
        (Body::from(ask_body(&"a".repeat(1001))), "question_too_long"),
        (
            Body::from(json!({"question": "hi", "stream": "yes"}).to_string()),
            "invalid_request",
        ),
        (
            Body::from(json!({"question": "hi", "stream": 1}).to_string()),
            "invalid_request",
        ),
    ];
    for (body, code) in cases {
        let (status, got) = ask_error(&app, body).await;
        assert_eq!((status, got.as_str()), (StatusCode::BAD_REQUEST, code));
    }
}

#[tokio::test]
async fn a_question_of_exactly_1000_characters_is_accepted() {
    let (app, _index) = helpers::app();
    let response = send(&app, post_json("/ask", ask_body(&"é".repeat(1000)))).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

#[tokio::test]
async fn bad_session_ids_are_invalid_session() {
    let (app, _index) = helpers::app();
    let sessions = [
        json!(""),
        json!("has space"),
        json!("é"),
        json!("a".repeat(129)),
        json!("../../etc/passwd"),
        json!(12),
        json!(["abc"]),
        json!({"id": "abc"}),
    ];
    for session in sessions {
        let body = json!({ "question": "What was primary industry added value in 2018?", "session": session });
        let (status, code) = ask_error(&app, body.to_string()).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_session"),
            "{session}"
        );
    }
    let response = send(&app, get("/ask?question=hi&session=a%20b")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "invalid_session");
}

#[tokio::test]
async fn bodies_over_64_kib_are_payload_too_large_and_up_to_it_are_read() {
    let (app, _index) = helpers::app();
    // A valid request padded with an ignored field to exactly the limit.
    let exact = {
        let head = "{\"question\": \"What was primary industry added value in 2018?\", \"pad\": \"";
        let tail = "\"}";
        let pad = 65536 - head.len() - tail.len();
        format!("{head}{}{tail}", "x".repeat(pad))
    };
    assert_eq!(exact.len(), 65536);
    let response = send(&app, post_json("/ask", exact.clone())).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());

    let over = format!("{exact} ");
    assert_eq!(over.len(), 65537);
    let (status, code) = ask_error(&app, over).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );

    // Without a Content-Length the limit still holds.
    let chunks: Vec<Result<String, std::io::Error>> = vec![Ok(exact.clone()), Ok("  ".to_string())];
    let streamed = Body::from_stream(futures_util::stream::iter(chunks));
    let (status, code) = ask_error(&app, streamed).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
}

#[tokio::test]
async fn posts_without_a_json_content_type_are_unsupported_media_type() {
    let (app, _index) = helpers::app();
    let body = ask_body("What was primary industry added value in 2018?");
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let mut request = Request::post("/ask");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = send(
            &app,
            request.body(Body::from(body.clone())).expect("a request"),
        )
        .await;
        assert_eq!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(response.error_code(), "unsupported_media_type");
    }
    let request = Request::post("/ask")
        .header("content-type", "application/json; charset=utf-8")
        .body(Body::from(body))
        .expect("a request");
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_routes_are_not_found_and_wrong_methods_not_allowed() {
    let (app, _index) = helpers::app();
    for path in ["/nope", "/ask/extra", "/docs/", "/assets/other.js", "/%ff"] {
        let response = send(&app, get(path)).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.error_code(), "not_found");
    }
    let response = send(&app, get("/docs/no-such-document")).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.error_code(), "not_found");

    for (method, path) in [
        ("DELETE", "/ask"),
        ("PUT", "/ask"),
        ("POST", "/healthz"),
        ("POST", "/docs"),
        ("PATCH", "/facts"),
    ] {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::empty())
            .expect("a request");
        let response = send(&app, request).await;
        assert_eq!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(response.error_code(), "method_not_allowed");
        assert!(
            response.header("allow").contains("GET"),
            "{method} {path}: Allow {:?}",
            response.header("allow")
        );
    }
    let response = send(
        &app,
        Request::delete("/ask")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert!(response.header("allow").contains("POST"));
}

#[tokio::test]
async fn hostile_questions_are_just_text() {
    let (app, _index) = helpers::app();
    let questions = [
        "a:(^".to_string(),
        "(".repeat(1000),
        "\"unbalanced AND OR NOT title:[* TO".to_string(),
        "before\u{0}after".to_string(),
        "bell\u{7} escape\u{1b}[31m tab\t delete\u{7f}".to_string(),
        "🙂🚀 what grew? 👩‍👩‍👧".to_string(),
        "\u{202e}ما هي القيمة المضافة في لانتشو؟".to_string(),
        "兰州 2018 年 第三产业".to_string(),
        "<script>alert(1)</script>".to_string(),
        "'; DROP TABLE facts; --".to_string(),
        "%00%ff".to_string(),
    ];
    for question in &questions {
        let response = send(&app, post_json("/ask", ask_body(question))).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{question:?}: {}",
            response.text()
        );
        let reply = response.json();
        assert!(reply["answer"].is_string(), "{question:?}");
        assert!(reply["answered"].is_boolean(), "{question:?}");
    }
    for question in &questions {
        let uri = format!("/search?q={}", percent_encode(question));
        let response = send(&app, get(&uri)).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{question:?}: {}",
            response.text()
        );
        assert!(response.json()["hits"].is_array());
    }
}

#[tokio::test]
async fn get_ask_answers_as_post_ask_does() {
    let (app, _index) = helpers::app();
    for question in [
        "How much did tertiary industry grow since 1949?",
        "What was Lanzhou's unemployment rate in 2018?",
    ] {
        let posted = send(&app, post_json("/ask", ask_body(question))).await;
        let got = send(
            &app,
            get(&format!("/ask?question={}", percent_encode(question))),
        )
        .await;
        assert_eq!(posted.status, StatusCode::OK);
        assert_eq!(got.status, StatusCode::OK);
        let (mut posted, mut got) = (posted.json(), got.json());
        // A new conversation gets its own session id; everything else is the same.
        posted["session"] = Value::Null;
        got["session"] = Value::Null;
        assert_eq!(posted, got);
    }
    let response = send(&app, get("/ask")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.error_code(), "invalid_question");
    let response = send(&app, get("/ask?question=hi&stream=perhaps")).await;
    assert_eq!(response.error_code(), "invalid_request");
}

#[tokio::test]
async fn tertiary_growth_since_1949_is_answered_with_its_cited_multiple() {
    let (app, _index) = helpers::app();
    let response = send(
        &app,
        post_json(
            "/ask",
            ask_body("How much did tertiary industry grow since 1949?"),
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    let reply = response.json();
    assert_eq!(reply["answered"], json!(true), "{reply}");
    assert!(
        reply["answer"].as_str().unwrap_or("").contains("17,500"),
        "{reply}"
    );
    let citations = reply["citations"].as_array().expect("citations");
    assert!(
        citations
            .iter()
            .any(|c| c["snippet"].as_str().unwrap_or("").contains("17,500 times")),
        "{reply}"
    );
}

#[tokio::test]
async fn what_the_corpus_does_not_say_is_not_answered() {
    let (app, _index) = helpers::app();
    let response = send(
        &app,
        post_json(
            "/ask",
            ask_body("What was Lanzhou's unemployment rate in 2018?"),
        ),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["answered"], json!(false));
}

#[tokio::test]
async fn citation_snippets_are_the_served_document_bytes() {
    let (app, _index) = helpers::app();
    let mut checked = 0;
    for question in [
        "How much did tertiary industry grow since 1949?",
        "What was the added value of primary industry in 2018?",
        "What was industrial added value in 2018?",
        "What are the seven crucial areas of strategic emerging industries?",
    ] {
        let reply = send(&app, post_json("/ask", ask_body(question)))
            .await
            .json();
        let cited = reply["citations"].as_array().into_iter().flatten();
        let related = reply["related"].as_array().into_iter().flatten();
        for citation in cited.chain(related) {
            let doc_id = citation["doc_id"].as_str().expect("doc_id");
            let document = send(&app, get(&format!("/docs/{doc_id}"))).await;
            assert_eq!(document.status, StatusCode::OK);
            let start = citation["start"].as_u64().expect("start") as usize;
            let end = citation["end"].as_u64().expect("end") as usize;
            let snippet = citation["snippet"].as_str().expect("snippet");
            assert_eq!(
                &document.body[start..end],
                snippet.as_bytes(),
                "{question}: {citation}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no answer cited anything");
}

#[tokio::test]
async fn documents_are_listed_and_served_exactly() {
    let (app, _index) = helpers::app();
    let list = send(&app, get("/docs")).await;
    assert_eq!(list.status, StatusCode::OK);
    let documents = list.json()["documents"]
        .as_array()
        .expect("documents")
        .clone();
    let on_disk = std::fs::read(helpers::corpus_dir().join(format!("{INDUSTRIES}.md")))
        .expect("the seed document");
    let entry = documents
        .iter()
        .find(|d| d["doc_id"] == json!(INDUSTRIES))
        .expect("the seed document is listed");
    assert_eq!(entry["bytes"], json!(on_disk.len()));
    assert_eq!(entry["title"], json!("Lanzhou's industries"));
    for key in ["source", "date", "url", "place"] {
        assert!(entry.get(key).is_some(), "{key} is present, possibly null");
    }
    assert_eq!(entry["source"], json!("China Daily"));
    assert_eq!(entry["date"], json!("2019-11-26"));
    // The body starts after the front matter: the bytes before it are the `---` block.
    let body_start = entry["body_start"].as_u64().expect("body_start") as usize;
    let front = String::from_utf8_lossy(&on_disk[..body_start]).to_string();
    assert!(
        front.starts_with("---\n") && front.trim_end().ends_with("---"),
        "{front:?}"
    );
    let body = String::from_utf8_lossy(&on_disk[body_start..]).to_string();
    assert!(!body.contains("date: 2019-11-26"), "{body:?}");

    let text = send(&app, get(&format!("/docs/{INDUSTRIES}"))).await;
    assert_eq!(text.status, StatusCode::OK);
    assert_eq!(text.header("content-type"), "text/plain; charset=utf-8");
    assert_eq!(text.header("x-content-type-options"), "nosniff");
    assert_eq!(text.body.as_ref(), on_disk.as_slice());
}

#[tokio::test]
async fn health_reports_the_engine_counts() {
    let (app, _index) = helpers::app();
    let response = send(&app, get("/healthz")).await;
    assert_eq!(response.status, StatusCode::OK);
    let health = response.json();
    assert_eq!(health["status"], json!("ok"));
    assert!(health["documents"].as_u64().expect("documents") >= 1);
    assert!(health["passages"].as_u64().expect("passages") >= 1);
    assert!(health["facts"].is_u64());
}

#[tokio::test]
async fn streamed_answers_are_deltas_then_the_reply_then_done() {
    let (app, _index) = helpers::app();
    let question = "How much did tertiary industry grow since 1949?";
    let plain = send(&app, post_json("/ask", ask_body(question)))
        .await
        .json();

    let by_body = post_json(
        "/ask",
        json!({"question": question, "stream": true}).to_string(),
    );
    let by_accept = Request::get(format!("/ask?question={}", percent_encode(question)))
        .header("accept", "text/event-stream")
        .body(Body::empty())
        .expect("a request");
    for request in [by_body, by_accept] {
        let response = send(&app, request).await;
        assert_eq!(response.status, StatusCode::OK);
        assert!(
            response
                .header("content-type")
                .starts_with("text/event-stream")
        );
        let events = sse_events(&response.text());
        let names: Vec<&str> = events.iter().map(|(name, _)| name.as_str()).collect();
        let deltas = names.iter().take_while(|name| **name == "delta").count();
        assert!(deltas >= 1, "{names:?}");
        assert_eq!(&names[deltas..], ["reply", "done"], "{names:?}");

        let mut answer = String::new();
        for (_, data) in &events[..deltas] {
            let delta: Value = serde_json::from_str(data).expect("delta data is JSON");
            answer.push_str(delta["text"].as_str().expect("a text delta"));
        }
        let mut reply: Value = serde_json::from_str(&events[deltas].1).expect("reply data is JSON");
        assert_eq!(reply["answer"].as_str(), Some(answer.as_str()));
        for key in [
            "citations",
            "facts",
            "derivation",
            "notes",
            "session",
            "answered",
        ] {
            assert!(reply.get(key).is_some(), "the reply event has {key}");
        }
        assert_eq!(events[deltas + 1].1, "{}");
        let mut expected = plain.clone();
        expected["session"] = Value::Null;
        reply["session"] = Value::Null;
        assert_eq!(reply, expected);
    }
}

#[tokio::test]
async fn long_answers_stream_in_several_deltas() {
    let (app, _index) = helpers::app();
    let body = json!({"question": "What are the seven crucial areas of strategic emerging industries?", "stream": true});
    let response = send(&app, post_json("/ask", body.to_string())).await;
    let events = sse_events(&response.text());
    let (_, reply) = events
        .iter()
        .find(|(name, _)| name == "reply")
        .expect("a reply event");
    let reply: Value = serde_json::from_str(reply).expect("JSON");
    let words = reply["answer"]
        .as_str()
        .unwrap_or("")
        .split_whitespace()
        .count();
    let deltas = events.iter().filter(|(name, _)| name == "delta").count();
    // Six words per delta.
    assert_eq!(deltas, words.div_ceil(6).max(1), "{words} words");
}

#[tokio::test]
async fn stream_errors_before_the_stream_keep_the_json_contract() {
    let (app, _index) = helpers::app();
    let request = Request::post("/ask")
        .header("content-type", "application/json")
        .header("accept", "text/event-stream")
        .body(Body::from(
            json!({"question": "", "stream": true}).to_string(),
        ))
        .expect("a request");
    let response = send(&app, request).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(
        response
            .header("content-type")
            .starts_with("application/json")
    );
    assert_eq!(response.error_code(), "invalid_question");
}

#[tokio::test]
async fn facts_are_filtered_and_a_bad_year_is_invalid_request() {
    let (app, _index) = helpers::app();
    let all = send(&app, get("/facts")).await;
    assert_eq!(all.status, StatusCode::OK);
    let all = all.json();
    assert_eq!(
        all["count"].as_u64(),
        all["facts"].as_array().map(|f| f.len() as u64)
    );

    let tertiary = send(
        &app,
        get(&format!(
            "/facts?subject=tertiary&year=1949&doc={INDUSTRIES}"
        )),
    )
    .await
    .json();
    for fact in tertiary["facts"].as_array().expect("facts") {
        assert!(
            fact["subject"]
                .as_str()
                .unwrap_or("")
                .to_lowercase()
                .contains("tertiary")
        );
        assert_eq!(fact["doc_id"], json!(INDUSTRIES));
    }
    for query in ["year=abc", "year=2018.5", "year=", "year=99999999999"] {
        let response = send(&app, get(&format!("/facts?{query}"))).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.error_code(), "invalid_request", "{query}");
    }
}

#[tokio::test]
async fn tertiary_facts_include_the_growth_multiple() {
    let (app, _index) = helpers::app();
    let facts = send(&app, get("/facts?subject=tertiary")).await.json();
    assert!(
        facts["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .any(|f| f["kind"] == json!("multiple") && f["value"].as_f64() == Some(17500.0)),
        "{facts}"
    );
}

#[tokio::test]
async fn search_checks_its_query_and_bounds_its_limit() {
    let (app, _index) = helpers::app();
    for query in ["/search", "/search?q=", "/search?q=%20%20"] {
        let response = send(&app, get(query)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.error_code(), "invalid_question", "{query}");
    }
    for query in [
        "/search?q=industry&limit=-1",
        "/search?q=industry&limit=many",
    ] {
        let response = send(&app, get(query)).await;
        assert_eq!(response.error_code(), "invalid_request", "{query}");
    }
    // Out of range is refused with the range, as the MCP `search` tool refuses it.
    for limit in ["0", "51", "100", "1000"] {
        let response = send(&app, get(&format!("/search?q=industry&limit={limit}"))).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "limit={limit}");
        assert_eq!(response.error_code(), "invalid_request");
        let message = response.json()["error"]["message"].to_string();
        assert!(message.contains("1 to 50"), "{message}");
    }
    let hits = send(&app, get("/search?q=industry&limit=50")).await;
    assert_eq!(hits.status, StatusCode::OK);
    assert!(hits.json()["hits"].as_array().expect("hits").len() <= 50);
    let hits = send(&app, get("/search?q=industry&limit=2")).await.json();
    assert!(hits["hits"].as_array().expect("hits").len() <= 2);
}

#[tokio::test]
async fn facts_understand_the_lexicon_as_questions_do() {
    let (app, _index) = helpers::app();
    let subjects = |body: &Value| -> Vec<String> {
        body["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .map(|f| f["subject"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let services = send(&app, get("/facts?subject=services")).await.json();
    let tertiary = send(&app, get("/facts?subject=tertiary")).await.json();
    assert!(services["count"].as_u64() > Some(0), "{services}");
    assert_eq!(subjects(&services), subjects(&tertiary));
    let farming = send(&app, get("/facts?subject=farming&year=1949"))
        .await
        .json();
    let subjects = subjects(&farming);
    assert!(
        !subjects.is_empty() && subjects.iter().all(|s| s == "primary industry"),
        "{farming}"
    );
    let none = send(&app, get("/facts?subject=unemployment")).await.json();
    assert_eq!(none["count"], 0);
}

#[tokio::test]
async fn ask_takes_q_for_question_in_the_body_and_the_query() {
    let (app, _index) = helpers::app();
    let post = send(
        &app,
        post_json(
            "/ask",
            json!({"q": "tertiary growth since 1949"}).to_string(),
        ),
    )
    .await;
    assert_eq!(post.status, StatusCode::OK, "{}", post.text());
    assert!(
        post.json()["answer"]
            .as_str()
            .unwrap_or("")
            .contains("17,500")
    );
    let get_q = send(&app, get("/ask?q=tertiary%20growth%20since%201949")).await;
    assert_eq!(get_q.status, StatusCode::OK, "{}", get_q.text());
    assert_eq!(get_q.json()["answer"], post.json()["answer"]);
    // `question` wins when both are given; a blank `q` is a blank question.
    let both = send(
        &app,
        post_json(
            "/ask",
            json!({"question": "tertiary growth since 1949", "q": 7}).to_string(),
        ),
    )
    .await;
    assert_eq!(both.status, StatusCode::OK);
    let blank = send(&app, post_json("/ask", json!({"q": " "}).to_string())).await;
    assert_eq!(blank.error_code(), "invalid_question");
}

#[tokio::test]
async fn replies_suggest_follow_ups_the_corpus_answers() {
    let (app, _index) = helpers::app();
    for question in [
        "What was industrial added value in 2018?",
        "How much did tertiary industry grow since 1949?",
        "What was Lanzhou's unemployment rate in 2018?",
    ] {
        let reply = send(&app, post_json("/ask", ask_body(question)))
            .await
            .json();
        let suggestions = reply["suggestions"].as_array().expect("a suggestions list");
        assert!(
            (1..=3).contains(&suggestions.len()),
            "{question}: {suggestions:?}"
        );
        for suggestion in suggestions {
            let suggestion = suggestion.as_str().expect("a question");
            assert_ne!(suggestion, question);
            let answer = send(&app, post_json("/ask", ask_body(suggestion)))
                .await
                .json();
            assert_eq!(answer["answered"], true, "{suggestion}: {answer}");
        }
    }
}

#[tokio::test]
async fn search_finds_the_tertiary_sentence() {
    let (app, _index) = helpers::app();
    let hits = send(&app, get("/search?q=tertiary%20added%20value"))
        .await
        .json();
    let hits = hits["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    assert!(hits.len() <= 5, "the default limit is 5");
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().unwrap_or("").contains("tertiary"))
    );
}

#[tokio::test]
async fn the_chat_page_and_its_assets_are_served_with_security_headers() {
    let (app, _index) = helpers::app();
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/assets/chat.js", "text/javascript; charset=utf-8"),
        ("/assets/chat.css", "text/css; charset=utf-8"),
    ] {
        let response = send(&app, get(path)).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert_eq!(response.header("content-type"), content_type, "{path}");
        assert_eq!(
            response.header("x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            response.header("content-security-policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "{path}"
        );
        assert!(!response.body.is_empty());
    }
    let page = send(&app, get("/")).await.text();
    assert!(page.contains("/assets/chat.js"));
}

#[tokio::test]
async fn the_server_answers_over_a_real_socket() {
    let server = helpers::spawn_app().await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("{}/healthz", server.address))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    let health: Value = health.json().await.expect("JSON");
    assert_eq!(health["status"], json!("ok"));

    let reply = client
        .post(format!("{}/ask", server.address))
        .json(&json!({"question": "How much did tertiary industry grow since 1949?"}))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    let reply: Value = reply.json().await.expect("JSON");
    assert!(reply["answer"].is_string());

    let streamed = client
        .post(format!("{}/ask", server.address))
        .json(
            &json!({"question": "How much did tertiary industry grow since 1949?", "stream": true}),
        )
        .send()
        .await
        .expect("the server answers");
    let events = sse_events(&streamed.text().await.expect("a body"));
    assert_eq!(events.last().map(|(name, _)| name.as_str()), Some("done"));

    let too_large = client
        .post(format!("{}/ask", server.address))
        .header("content-type", "application/json")
        .body(vec![b' '; 65537])
        .send()
        .await
        .expect("the server answers");
    assert_eq!(too_large.status(), reqwest::StatusCode::PAYLOAD_TOO_LARGE);
}

/// Percent-encodes every byte outside the unreserved set, for query strings.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
