//! The integration tests: one test binary, against the same router and engine the
//! server runs, over the repository's corpus plus fixture documents.

mod answers;
mod browser;
mod cli;
mod conversation;
mod generality;
mod hardening;
mod helpers;
mod http;
mod index;
mod mcp;
mod openai;
mod openapi;
mod quality;
mod reload;
