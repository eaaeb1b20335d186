//! `POST /admin/reload`: a new index generation swapped in while questions are answered.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Value, json};

use crate::helpers::{app, engine_with, post_json, send};

/// The most questions each asker sends while the reload runs.
const MOST_QUESTIONS: usize = 5_000;

async fn ask(client: &reqwest::Client, address: &str, question: &str) -> (u16, Value) {
    let response = client
        .post(format!("{address}/ask"))
        .json(&json!({ "question": question }))
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn questions_asked_during_a_reload_are_all_answered_and_the_next_sees_the_new_document() {
    let (engine, dir) = engine_with(&[]);
    let corpus = dir.path().join("corpus");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().expect("a bound address"));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.await;
        };
        lanzhou_qa::http::serve(
            listener,
            engine,
            lanzhou_qa::http::ServerOptions::default(),
            shutdown,
        )
        .await
        .expect("the server runs until shut down");
    });
    let client = reqwest::Client::new();
    let new_question = "What was Qingshui's GDP in 2019?";
    let (status, before) = ask(&client, &address, new_question).await;
    assert_eq!(status, 200);
    assert_eq!(before["answered"], false, "{before}");

    // A new document arrives in the corpus folder.
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qingshui-economy.md");
    std::fs::copy(&fixture, corpus.join("qingshui-economy.md")).expect("copy a fixture");

    // Two clients ask questions, each having been answered once before the reload starts,
    // until it has finished.
    let done = Arc::new(AtomicBool::new(false));
    let mut askers = Vec::new();
    let mut started = Vec::new();
    for question in [
        "What was the added value of primary industry in 2018?",
        "What does Lanzhou focus on in the cultivation of emerging businesses?",
    ] {
        let (first, answered_once) = tokio::sync::oneshot::channel::<()>();
        started.push(answered_once);
        let (client, address, done) = (client.clone(), address.clone(), Arc::clone(&done));
        askers.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            let mut first = Some(first);
            while statuses.len() < MOST_QUESTIONS {
                let (status, _) = ask(&client, &address, question).await;
                statuses.push(status);
                if let Some(first) = first.take() {
                    let _ = first.send(());
                }
                if done.load(Ordering::SeqCst) {
                    break;
                }
            }
            statuses
        }));
    }
    for answered_once in started {
        answered_once.await.expect("each asker is answered once");
    }
    let reloaded = client
        .post(format!("{address}/admin/reload"))
        .send()
        .await
        .expect("the server answers the reload");
    assert_eq!(reloaded.status().as_u16(), 200);
    let health: Value = reloaded.json().await.expect("a JSON body");
    assert_eq!(health["documents"], 2, "{health}");
    done.store(true, Ordering::SeqCst);
    for asker in askers {
        let statuses = asker.await.expect("the asker finishes");
        assert!(statuses.len() >= 2, "{statuses:?}");
        assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    }

    let (status, after) = ask(&client, &address, new_question).await;
    assert_eq!(status, 200);
    assert_eq!(after["answered"], true, "{after}");
    assert!(
        after["answer"]
            .as_str()
            .is_some_and(|a| a.contains("215.6 billion yuan")),
        "{after}"
    );
    drop(shutdown);
    server.await.expect("the server stops");
}

#[tokio::test]
async fn a_reload_is_refused_to_a_client_not_on_this_machine() {
    // Through the router alone there is no connection, so no loopback client.
    let (router, _index) = app();
    let response = send(&router, post_json("/admin/reload", "{}")).await;
    assert_eq!(response.status, 403);
    assert_eq!(response.error_code(), "forbidden");
}
