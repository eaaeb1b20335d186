//! The engine: loads the corpus, opens (or builds) the index and fact table, and answers
//! questions. [`Engine::ask`] is the one entry point every front end calls.

use std::path::PathBuf;

use crate::corpus::{self, Corpus, Document};
use crate::facts::{Fact, FactFilter};
use crate::passage::{self, Passage};
use crate::reply::{Question, Reply, SearchHit, SessionId};

/// Where the engine finds its corpus and keeps its index.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
}

/// Errors opening the engine. Answering never fails.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The corpus folder cannot be read as a whole.
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
}

/// Counts of what the engine serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub passages: usize,
    pub facts: usize,
    /// True when opening the engine had to (re)build the index.
    pub rebuilt: bool,
}

/// A loaded corpus with its index and fact table.
pub struct Engine {
    corpus: Corpus,
    passages: Vec<Passage>,
    facts: Vec<Fact>,
}

impl Engine {
    /// Loads the corpus and opens its index, building it first when it is missing, stale
    /// or unreadable.
    pub fn open(config: &EngineConfig) -> Result<Engine, EngineError> {
        let corpus = corpus::load(&config.corpus_dir)?;
        let passages = passage::passages(&corpus);
        Ok(Engine {
            corpus,
            passages,
            facts: Vec::new(),
        })
    }

    /// Answers a question. With a session id, the question may be a follow-up to the
    /// previous one of that session; an unknown or expired id starts a new conversation.
    pub fn ask(&self, question: &Question, session: Option<&SessionId>) -> Reply {
        let session = session.map_or_else(|| "new".to_string(), |s| s.as_str().to_string());
        Reply {
            answer: format!("The corpus does not say ({}).", question.as_str().len()),
            answered: false,
            citations: Vec::new(),
            facts: Vec::new(),
            derivation: None,
            notes: Vec::new(),
            related: Vec::new(),
            session,
        }
    }

    /// Answers the last of a conversation whose earlier user turns the caller holds (as
    /// chat clients do); no server session is kept.
    pub fn ask_in_conversation(&self, earlier: &[Question], question: &Question) -> Reply {
        let _ = earlier;
        self.ask(question, None)
    }

    /// Returns up to `limit` passages for a free-text query, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let _ = (query, limit);
        Vec::new()
    }

    /// Returns the fact rows that match the filter, in table order.
    pub fn facts(&self, filter: &FactFilter) -> Vec<Fact> {
        self.facts
            .iter()
            .filter(|f| filter.matches(f))
            .cloned()
            .collect()
    }

    /// The documents of the corpus, in `doc_id` order.
    pub fn documents(&self) -> &[Document] {
        &self.corpus.documents
    }

    /// Returns the document with this id.
    pub fn document(&self, doc_id: &str) -> Option<&Document> {
        self.corpus.get(doc_id)
    }

    /// Counts of documents, passages and facts.
    pub fn stats(&self) -> Stats {
        Stats {
            documents: self.corpus.documents.len(),
            passages: self.passages.len(),
            facts: self.facts.len(),
            rebuilt: false,
        }
    }
}
