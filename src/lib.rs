//! lanzhou-qa: grounded question answering over a small corpus of statistics-heavy
//! articles. The engine (corpus, passages, facts, search, answers) is a library that knows
//! nothing of HTTP; the HTTP API, the chat page, the OpenAI-compatible API, the MCP server
//! and the CLI are thin shells over [`Engine::ask`].

pub mod corpus;
pub mod engine;
pub mod facts;
pub mod passage;
pub mod reply;

pub use engine::{Engine, EngineConfig, EngineError};
pub use reply::{Citation, Derivation, Question, Reply, SearchHit, SessionId, UsedFact};
