//! Measures `Engine::ask` and `Engine::search` over the repository corpus: one engine,
//! opened once with a temporary index, then representative questions of each kind the
//! engine answers (a looked-up figure, a computed growth rate, a quoted passage, a
//! refusal, a follow-up within a session) and a free-text search.
//!
//! Two groups, because the conversation store is part of the cost of a question:
//! - `ask/*` asks each question again and again in a session of its own, so the store
//!   does not grow: this is the cost of reading and answering a question.
//! - `ask_new_session/*` asks without a session, as a one-off `POST /ask` does, with the
//!   store already holding `MAX_SESSIONS` conversations, as it does on a server that has
//!   answered that many one-off questions in the last half hour: each question then also
//!   pays for making room for its new conversation.
//!
//! Run with `cargo bench --bench ask`; add `-- --warm-up-time 1 --measurement-time 3`
//! for a quicker run.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use lanzhou_qa::session::MAX_SESSIONS;
use lanzhou_qa::{Engine, EngineConfig, Question, SessionId};

/// The questions measured, with a name for the report and words their answer must hold
/// (so the benchmark cannot silently measure a refusal instead of an answer); `None`
/// marks the question the corpus does not answer.
const QUESTIONS: [(&str, &str, Option<&str>); 4] = [
    (
        "lookup",
        "What was the added value of primary industry in 2018?",
        Some("4.298 billion yuan"),
    ),
    (
        "cagr",
        "What is the CAGR of tertiary industry added value from 1949 to 2018?",
        Some("15.21 percent"),
    ),
    (
        "passage",
        "What does Lanzhou focus on in the cultivation of emerging businesses?",
        Some("ecological sectors"),
    ),
    (
        "refusal",
        "What was Lanzhou's unemployment rate in 2018?",
        None,
    ),
];

/// The opening question of the measured conversation and its follow-up.
const OPENING: &str = "tertiary growth since 1949";
const FOLLOW_UP: &str = "what about primary industry?";

fn question(text: &str) -> Question {
    Question::parse(text).expect("the benchmark's questions are valid")
}

fn session(name: &str) -> SessionId {
    SessionId::parse(&format!("bench-{name}")).expect("a valid session id")
}

/// Asks once and checks the reply is the one the benchmark means to measure.
fn check(engine: &Engine, name: &str, q: &Question, s: Option<&SessionId>, expected: Option<&str>) {
    let reply = engine.ask(q, s);
    match expected {
        Some(words) => assert!(
            reply.answered && reply.answer.contains(words),
            "{name}: {}",
            reply.answer
        ),
        None => assert!(!reply.answered, "{name}: {}", reply.answer),
    }
}

fn ask(c: &mut Criterion) {
    let index = tempfile::tempdir().expect("a temporary index folder");
    let config = EngineConfig {
        corpus_dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        index_dir: index.path().join("index"),
    };
    let engine = Engine::open(&config).expect("the repository corpus opens");

    let mut group = c.benchmark_group("ask");
    for (name, text, expected) in QUESTIONS {
        let q = question(text);
        let own = session(name);
        check(&engine, name, &q, Some(&own), expected);
        group.bench_function(name, |b| b.iter(|| engine.ask(black_box(&q), Some(&own))));
    }
    let conversation = session("follow-up");
    check(
        &engine,
        "opening",
        &question(OPENING),
        Some(&conversation),
        Some("17,500"),
    );
    let follow_up = question(FOLLOW_UP);
    // The follow-up keeps the opening's growth measure: primary industry grew 250 times.
    check(
        &engine,
        "follow_up",
        &follow_up,
        Some(&conversation),
        Some("250 times"),
    );
    // Each iteration leaves the follow-up's own frame in the session, which a repeated
    // follow-up resolves against just as it did against the opening question.
    group.bench_function("follow_up", |b| {
        b.iter(|| engine.ask(black_box(&follow_up), Some(&conversation)))
    });
    group.finish();

    let filler = question(QUESTIONS[0].1);
    for _ in 0..MAX_SESSIONS {
        engine.ask(&filler, None);
    }
    let mut group = c.benchmark_group("ask_new_session");
    for (name, text, expected) in [QUESTIONS[0], QUESTIONS[3]] {
        let q = question(text);
        check(&engine, name, &q, None, expected);
        group.bench_function(name, |b| b.iter(|| engine.ask(black_box(&q), None)));
    }
    group.finish();

    let hits = engine.search("ecological sectors", 5);
    assert!(!hits.is_empty(), "the search finds passages");
    c.bench_function("search", |b| {
        b.iter(|| engine.search(black_box("ecological sectors"), 5))
    });
}

criterion_group!(benches, ask);
criterion_main!(benches);
