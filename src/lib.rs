//! lanzhou-qa: grounded question answering over a small corpus of statistics-heavy
//! articles. The engine (corpus, passages, facts, search, answers) is a library that knows
//! nothing of HTTP; the HTTP API, the chat page, the OpenAI-compatible API, the MCP server
//! and the CLI are thin shells over [`Engine::ask`].

/// A regex compiled once, on first use, at the place it is written.
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($re).expect("the pattern is valid"));
        &*RE
    }};
}

pub mod compose;
pub mod corpus;
pub mod engine;
pub mod extract;
pub mod facts;
pub mod http;
pub mod index;
pub mod lang;
pub mod lexicon;
pub mod mcp;
pub mod ops;
pub mod passage;
pub mod plan;
pub mod reply;
pub mod search;
pub mod session;
pub mod suggest;
pub mod text;
pub mod understand;
pub mod workers;

pub use engine::{Engine, EngineConfig, EngineError};
pub use reply::{Citation, Derivation, Question, Reply, SearchHit, SessionId, UsedFact, Value};
