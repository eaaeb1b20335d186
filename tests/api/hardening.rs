//! The server as a hostile client meets it: foreign Host names and origins, missing keys,
//! oversized targets, headers and declared bodies, slow and idle sockets, connections over
//! the cap, and rmcp's own errors, each answered in the error contract of its API. Every
//! socket test runs on loopback with short timeouts and ends by itself.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use lanzhou_qa::http::{Limits, ServerOptions};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{self, TestApp, send};

/// Options with short timeouts, so the tests that wait for them end quickly.
fn quick_options() -> ServerOptions {
    ServerOptions {
        limits: Limits {
            header_timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(1),
            ..Limits::default()
        },
        ..ServerOptions::default()
    }
}

fn request(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri)
}

/// The address (host:port) of a test server.
fn authority(app: &TestApp) -> &str {
    app.address.trim_start_matches("http://")
}

/// Sends raw bytes on a new connection and reads until the server closes it or `wait`
/// passes; returns what was read.
async fn raw_exchange(app: &TestApp, bytes: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(authority(app)).await.expect("connects");
    stream.write_all(bytes).await.expect("writes");
    let mut received = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut received)).await;
    String::from_utf8_lossy(&received).into_owned()
}

/// Returns how long the server takes to close a connection on which `feed` is run, or
/// `None` when it is still open after `limit`.
async fn time_to_close(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(
            limit.saturating_sub(start.elapsed()),
            stream.read(&mut buffer),
        )
        .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

/// Asks `/healthz` over a fresh connection and returns the status.
async fn health_status(app: &TestApp) -> u16 {
    reqwest::Client::new()
        .get(format!("{}/healthz", app.address))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

#[tokio::test]
async fn every_route_refuses_a_foreign_host_in_its_own_error_shape() {
    let (app, _index) = helpers::app();
    for uri in [
        "/",
        "/healthz",
        "/docs",
        "/docs/lanzhou-industries",
        "/facts",
        "/ask?question=tertiary%20growth",
        "/openapi.json",
    ] {
        let response = send(
            &app,
            request("GET", uri)
                .header("host", "evil.example")
                .body(Body::empty())
                .expect("a request"),
        )
        .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(response.error_code(), "forbidden", "{uri}");
        assert_eq!(response.header("x-content-type-options"), "nosniff");
    }
    let v1 = send(
        &app,
        request("GET", "/v1/models")
            .header("host", "evil.example:8080")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert_eq!(v1.status, StatusCode::FORBIDDEN);
    assert_eq!(v1.json()["error"]["type"], "invalid_request_error");
    assert_eq!(v1.json()["error"]["code"], "forbidden");

    let local = send(
        &app,
        request("GET", "/docs")
            .header("host", "localhost:8080")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert_eq!(local.status, StatusCode::OK);
}

#[tokio::test]
async fn the_address_listened_on_is_an_allowed_host_but_no_other_name() {
    let app = helpers::spawn_app().await;
    let direct = reqwest::get(format!("{}/docs", app.address))
        .await
        .expect("answers");
    assert_eq!(direct.status(), 200, "Host: 127.0.0.1:port is allowed");
    let rebound = raw_exchange(
        &app,
        b"GET /docs/lanzhou-industries HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(rebound.starts_with("HTTP/1.1 403"), "{rebound}");
    assert!(!rebound.contains("Lanzhou"), "no corpus text: {rebound}");
}

#[tokio::test]
async fn cross_origin_reads_are_allowed_only_for_configured_origins() {
    let preflight = |origin: &str| {
        request("OPTIONS", "/v1/chat/completions")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .body(Body::empty())
            .expect("a request")
    };
    let get_models = |origin: &str| {
        request("GET", "/v1/models")
            .header("origin", origin)
            .body(Body::empty())
            .expect("a request")
    };

    let (closed, _index) = helpers::app();
    for origin in ["http://localhost:3000", "https://evil.example"] {
        let response = send(&closed, get_models(origin)).await;
        assert_eq!(
            response.header("access-control-allow-origin"),
            "",
            "{origin}"
        );
        let response = send(&closed, preflight(origin)).await;
        assert_eq!(
            response.header("access-control-allow-origin"),
            "",
            "{origin}"
        );
    }

    let (engine, _index2) = helpers::engine();
    let open = lanzhou_qa::http::app(
        engine,
        ServerOptions {
            cors_origins: vec!["https://chat.example".into()],
            ..ServerOptions::default()
        },
    );
    let response = send(&open, preflight("https://chat.example")).await;
    assert!(response.status.is_success(), "{}", response.status);
    assert_eq!(
        response.header("access-control-allow-origin"),
        "https://chat.example"
    );
    assert!(
        response
            .header("access-control-allow-headers")
            .contains("authorization")
    );
    let response = send(&open, get_models("https://chat.example")).await;
    assert_eq!(
        response.header("access-control-allow-origin"),
        "https://chat.example"
    );
    let response = send(&open, get_models("https://evil.example")).await;
    assert_eq!(response.header("access-control-allow-origin"), "");
}

#[tokio::test]
async fn an_api_key_protects_every_route_but_the_health_probes() {
    let (engine, _index) = helpers::engine();
    let app = lanzhou_qa::http::app(
        engine,
        ServerOptions {
            api_key: Some("k3y-for-tests".into()),
            ..ServerOptions::default()
        },
    );
    for uri in ["/docs", "/facts", "/ask?question=hi", "/", "/openapi.json"] {
        let response = send(&app, helpers::get(uri)).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(response.error_code(), "unauthorized");
        assert_eq!(response.header("www-authenticate"), "Bearer");
        let wrong = request("GET", uri)
            .header("authorization", "Bearer k3y-for-test")
            .body(Body::empty())
            .expect("a request");
        assert_eq!(send(&app, wrong).await.status, StatusCode::UNAUTHORIZED);
        let right = request("GET", uri)
            .header("authorization", "Bearer k3y-for-tests")
            .body(Body::empty())
            .expect("a request");
        assert_eq!(send(&app, right).await.status, StatusCode::OK, "{uri}");
    }
    let v1 = send(&app, helpers::get("/v1/models")).await;
    assert_eq!(v1.status, StatusCode::UNAUTHORIZED);
    assert_eq!(v1.json()["error"]["code"], "unauthorized");
    let mcp = send(&app, helpers::post_json("/mcp", "{}")).await;
    assert_eq!(mcp.status, StatusCode::UNAUTHORIZED);
    assert_eq!(mcp.json()["jsonrpc"], "2.0");
    for probe in ["/healthz", "/readyz"] {
        assert_eq!(
            send(&app, helpers::get(probe)).await.status,
            StatusCode::OK,
            "{probe}"
        );
    }
}

#[tokio::test]
async fn oversized_targets_and_headers_get_json_errors() {
    let (app, _index) = helpers::app();
    let long = format!("/search?q={}", "a".repeat(lanzhou_qa::http::MAX_URI_BYTES));
    let response = send(&app, helpers::get(&long)).await;
    assert_eq!(response.status, StatusCode::URI_TOO_LONG);
    assert_eq!(response.error_code(), "uri_too_long");

    let mut big = request("GET", "/healthz");
    for i in 0..40 {
        big = big.header(format!("x-filler-{i}"), "f".repeat(1000));
    }
    let response = send(&app, big.body(Body::empty()).expect("a request")).await;
    assert_eq!(response.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(response.error_code(), "headers_too_large");
}

#[tokio::test]
async fn http_1_1_without_host_is_a_bad_request() {
    let app = helpers::spawn_app().await;
    let reply = raw_exchange(
        &app,
        b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(reply.contains("\"invalid_request\""), "{reply}");
    assert!(reply.to_ascii_lowercase().contains("nosniff"), "{reply}");
}

#[tokio::test]
async fn a_huge_declared_body_is_refused_without_100_continue() {
    let app = helpers::spawn_app().await;
    let host = authority(&app).to_string();
    let head = format!(
        "POST /ask HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: 10000000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    );
    let reply = raw_exchange(&app, head.as_bytes(), Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(!reply.contains("100 Continue"), "{reply}");
    assert!(reply.contains("\"payload_too_large\""), "{reply}");

    let head = format!(
        "POST /mcp HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\n\
         Content-Length: 10000000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
    );
    let reply = raw_exchange(&app, head.as_bytes(), Duration::from_secs(5)).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(!reply.contains("100 Continue"), "{reply}");
    assert!(reply.contains("\"jsonrpc\""), "{reply}");
}

#[tokio::test]
async fn slow_heads_and_idle_sockets_are_closed_within_the_timeout() {
    let app = helpers::spawn_app_with(quick_options()).await;
    let mut idle = TcpStream::connect(authority(&app)).await.expect("connects");
    let mut slow = TcpStream::connect(authority(&app)).await.expect("connects");
    let mut kept_alive = TcpStream::connect(authority(&app)).await.expect("connects");
    let host = authority(&app).to_string();
    kept_alive
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .await
        .expect("writes");

    // The slow client sends its head one byte every 200 ms, and never finishes in time.
    let trickle = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
            .iter()
            .cycle()
        {
            if slow.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        slow
    });
    assert_eq!(
        health_status(&app).await,
        200,
        "probes are answered meanwhile"
    );

    let limit = Duration::from_secs(5);
    let idle_closed = time_to_close(&mut idle, limit).await;
    let kept_closed = time_to_close(&mut kept_alive, limit).await;
    assert!(idle_closed.is_some(), "an idle socket is closed");
    assert!(kept_closed.is_some(), "an idle keep-alive socket is closed");
    let slow = tokio::time::timeout(limit, trickle)
        .await
        .expect("the slow client was cut off within the limit")
        .expect("the trickle task ends");
    drop(slow);
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_a_request_timeout() {
    let app = helpers::spawn_app_with(quick_options()).await;
    let mut stream = TcpStream::connect(authority(&app)).await.expect("connects");
    let host = authority(&app).to_string();
    stream
        .write_all(
            format!(
                "POST /ask HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
                 Content-Length: 100\r\n\r\n{{\"question\""
            )
            .as_bytes(),
        )
        .await
        .expect("writes");
    let mut received = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the server answered and closed within the limit"
    );
    let reply = String::from_utf8_lossy(&received);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("\"request_timeout\""), "{reply}");
}

#[tokio::test]
async fn connections_over_the_cap_are_shed_but_health_probes_answer() {
    let mut options = quick_options();
    options.limits.max_connections = 2;
    options.limits.header_timeout = Duration::from_secs(5);
    let app = helpers::spawn_app_with(options).await;
    let _first = TcpStream::connect(authority(&app)).await.expect("connects");
    let _second = TcpStream::connect(authority(&app)).await.expect("connects");
    // Let the server accept both before the next connection arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let host = authority(&app).to_string();
    let shed = raw_exchange(
        &app,
        format!("GET /docs HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        Duration::from_secs(5),
    )
    .await;
    assert!(shed.starts_with("HTTP/1.1 503"), "{shed}");
    let lower = shed.to_ascii_lowercase();
    assert!(lower.contains("retry-after: 1"), "{shed}");
    assert!(lower.contains("connection: close"), "{shed}");
    assert!(shed.contains("\"overloaded\""), "{shed}");
    let probe = raw_exchange(
        &app,
        format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        Duration::from_secs(5),
    )
    .await;
    assert!(probe.starts_with("HTTP/1.1 200"), "{probe}");
}

#[tokio::test]
async fn rmcp_s_own_errors_get_json_rpc_bodies() {
    let app = helpers::spawn_app().await;
    let client = reqwest::Client::new();
    let no_accept = client
        .post(format!("{}/mcp", app.address))
        .header("content-type", "application/json")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
        .send()
        .await
        .expect("answers");
    assert!(
        no_accept.status().is_client_error(),
        "{}",
        no_accept.status()
    );
    assert_eq!(no_accept.headers()["x-content-type-options"], "nosniff");
    let body: Value = no_accept.json().await.expect("a JSON body");
    assert_eq!(body["jsonrpc"], "2.0", "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");

    let unknown_session = client
        .post(format!("{}/mcp", app.address))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-session-id", "no-such-session")
        .body(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#)
        .send()
        .await
        .expect("answers");
    assert_eq!(unknown_session.status(), 404);
    let body: Value = unknown_session.json().await.expect("a JSON body");
    assert_eq!(body["jsonrpc"], "2.0", "{body}");
}

#[tokio::test]
async fn readiness_and_health_report_what_is_served() {
    let (app, _index) = helpers::app();
    let health = send(&app, helpers::get("/healthz")).await;
    assert_eq!(health.json()["status"], "ok");
    assert!(health.json().get("reason").is_none());
    let ready = send(&app, helpers::get("/readyz")).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["documents"], 1);
}

#[tokio::test]
async fn a_degraded_engine_says_why_and_an_empty_one_is_not_ready() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    let article = helpers::corpus_dir().join("lanzhou-industries.md");
    std::fs::copy(&article, corpus.join("lanzhou-industries.md")).expect("copy");
    let config = lanzhou_qa::EngineConfig {
        corpus_dir: corpus.clone(),
        index_dir: dir.path().join("index"),
    };
    drop(lanzhou_qa::Engine::open(&config).expect("builds"));
    std::fs::remove_file(corpus.join("lanzhou-industries.md")).expect("empty the corpus");

    let engine = std::sync::Arc::new(lanzhou_qa::Engine::open(&config).expect("opens"));
    let app = lanzhou_qa::http::app(engine, ServerOptions::default());
    let health = send(&app, helpers::get("/healthz")).await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json()["status"], "degraded");
    assert!(
        health.json()["reason"]
            .as_str()
            .is_some_and(|r| r.contains("0 documents")),
        "{}",
        health.text()
    );
    assert_eq!(
        send(&app, helpers::get("/readyz")).await.status,
        StatusCode::OK
    );

    let empty = lanzhou_qa::EngineConfig {
        corpus_dir: corpus,
        index_dir: dir.path().join("another-index"),
    };
    let engine = std::sync::Arc::new(lanzhou_qa::Engine::open(&empty).expect("opens"));
    let app = lanzhou_qa::http::app(engine, ServerOptions::default());
    let ready = send(&app, helpers::get("/readyz")).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json()["documents"], 0);
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_and_can_still_probe() {
    let mut options = ServerOptions::default();
    options.limits.rate_per_client = Some(2);
    let app = helpers::spawn_app_with(options).await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    let mut limited = None;
    for _ in 0..6 {
        let response = client
            .get(format!("{}/docs", app.address))
            .send()
            .await
            .expect("answers");
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            limited = Some(response);
        }
    }
    let limited = limited.unwrap_or_else(|| panic!("some request is limited: {statuses:?}"));
    assert!(statuses.starts_with(&[200, 200]), "{statuses:?}");
    assert!(limited.headers().contains_key("retry-after"));
    let body: Value = limited.json().await.expect("a JSON body");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(
        health_status(&app).await,
        200,
        "probes have their own allowance"
    );
}

#[tokio::test]
async fn rate_limited_answers_take_the_shape_of_their_api() {
    let mut options = ServerOptions::default();
    options.limits.rate_per_client = Some(1);
    let app = helpers::spawn_app_with(options).await;
    let client = reqwest::Client::new();
    let mut shapes = Vec::new();
    for path in ["/v1/models", "/v1/models", "/v1/models"] {
        let response = client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("answers");
        if response.status() == 429 {
            let body: Value = response.json().await.expect("a JSON body");
            shapes.push(body["error"]["type"].clone());
        }
    }
    assert!(!shapes.is_empty(), "a request is limited");
    assert!(
        shapes.iter().all(|t| t == "invalid_request_error"),
        "{shapes:?}"
    );
}
