//! The engine: loads the corpus, opens (or builds) the index and fact table, and answers
//! questions. [`Engine::ask`] is the one entry point every front end calls.

use std::path::PathBuf;
use std::sync::Arc;

use crate::compose::{self, Draft};
use crate::corpus::{self, Corpus, Document};
use crate::extract;
use crate::facts::{Fact, FactFilter, FactTable};
use crate::index::{self, IndexError, Manifest};
use crate::lang::{self, Language, Op};
use crate::lexicon::{self, Lexicon};
use crate::ops::Knowledge;
use crate::passage::{self, Passage, PassageKind, Passages};
use crate::plan::{self, Answer};
use crate::reply::{Question, Reply, SearchHit, SessionId};
use crate::search::{self, TextIndex};
use crate::session::{self, Sessions};
use crate::suggest;
use crate::understand::{self, Context, Frame, Understood, Vocabulary};

/// Where the engine finds its corpus and keeps its index.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub corpus_dir: PathBuf,
    pub index_dir: PathBuf,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            corpus_dir: PathBuf::from("corpus"),
            index_dir: PathBuf::from("index"),
        }
    }
}

/// Told the documents extracted so far and their total while an index is built.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Reports no progress.
fn quietly(_done: usize, _total: usize) {}

/// Errors opening the engine. Answering never fails.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The corpus folder cannot be read as a whole.
    #[error(transparent)]
    Corpus(#[from] corpus::CorpusError),
    /// The index cannot be built or, once built, opened.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// A rebuild would replace an index of `before` documents with one of `after`, losing
    /// more than half of them (see [`Engine::rebuild_forced`]).
    #[error(
        "the corpus folder now gives {after} documents where the index has {before}; \
         refusing to replace it (fix the corpus, or force the rebuild)"
    )]
    WouldShrink { before: usize, after: usize },
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
    corpus: Arc<Corpus>,
    passages: Passages,
    facts: FactTable,
    text: TextIndex,
    lexicon: Lexicon,
    language: &'static Language,
    vocabulary: Vocabulary,
    /// Shared with the engine that [`Engine::reopen`] makes, so conversations go on.
    sessions: Arc<Sessions>,
    /// Where the engine was opened from, for [`Engine::reopen`].
    config: EngineConfig,
    /// The answers to the candidate questions of suggestions, asked once each.
    checked: suggest::Checked,
    /// Questions to start a conversation with, each answered when the engine opened.
    opening: Vec<String>,
    rebuilt: bool,
    /// Why the engine serves an older index than the corpus folder asks for, if it does.
    degraded: Option<String>,
    /// Keeps the served generation from being removed by another process's build.
    lease: Option<index::Lease>,
}

/// What the corpus folder holds, loaded and split, before the index is opened.
struct Loaded {
    corpus: Corpus,
    lexicon: Lexicon,
    /// The lexicon file as read, when the folder has one.
    lexicon_source: Option<String>,
    passages: Vec<Passage>,
    fingerprint: String,
}

fn load(config: &EngineConfig) -> Result<Loaded, EngineError> {
    let corpus = corpus::load(&config.corpus_dir)?;
    let lexicon_path = config.corpus_dir.join(lexicon::FILE_NAME);
    let lexicon_source = std::fs::read_to_string(&lexicon_path).ok();
    let lexicon = Lexicon::load(&config.corpus_dir).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "ignoring the corpus lexicon; answering with the built-in vocabulary");
        Lexicon::default()
    });
    let passages = passage::passages(&corpus);
    let fingerprint = index::fingerprint(&corpus, lexicon_source.as_deref().unwrap_or(""));
    Ok(Loaded {
        corpus,
        lexicon,
        lexicon_source,
        passages,
        fingerprint,
    })
}

/// Returns why replacing an index of `before` documents with a build of `loaded` would
/// lose what should be kept: every document, or more than half of them.
fn shrink(before: Option<&Manifest>, loaded: &Loaded) -> Option<(usize, usize)> {
    let before = before?.documents;
    let after = loaded.corpus.documents.len();
    (before > 0 && (after == 0 || after * 2 < before)).then_some((before, after))
}

/// The words of a corpus, as the vocabulary knows them: those of its passages, and the
/// fact table's own (measures named from verbs, "revenue").
fn corpus_words(loaded: &Loaded, facts: &[Fact]) -> Vec<(String, usize)> {
    let texts = loaded
        .passages
        .iter()
        .map(|p| p.span.of(&loaded.corpus.documents[p.doc].text));
    let fact_words: Vec<String> = facts
        .iter()
        .map(|f| format!("{} {}", f.subject, f.measure))
        .collect();
    understand::count_words(texts.chain(fact_words.iter().map(String::as_str)))
}

/// Extracts the facts and writes a new index generation for a loaded corpus.
fn build(writer: &index::Writer, loaded: &Loaded, progress: Progress) -> Result<(), EngineError> {
    let facts = extract::extract_facts_reporting(
        &loaded.corpus,
        &loaded.passages,
        &loaded.lexicon,
        progress,
    );
    let manifest = Manifest::new(
        loaded.fingerprint.clone(),
        loaded.corpus.documents.len(),
        loaded.passages.len(),
        facts.len(),
    );
    let texts = loaded.passages.iter().map(|p| {
        let doc = &loaded.corpus.documents[p.doc];
        (p.id, p.span.of(&doc.text))
    });
    let words = corpus_words(loaded, &facts);
    let documents: Vec<(String, &str)> = loaded
        .corpus
        .documents
        .iter()
        .map(|d| (format!("{}.txt", d.id), d.text.as_str()))
        .collect();
    writer.build(
        &manifest,
        texts,
        &facts,
        &words,
        &documents,
        loaded.lexicon_source.as_deref(),
    )?;
    Ok(())
}

impl Engine {
    /// Loads the corpus and opens its index, building it first when it is missing, stale
    /// (the corpus or lexicon changed since the build) or unreadable.
    ///
    /// Processes starting at once on one index folder build it once: the others wait
    /// for the build and open it. When a build would lose every document, or more than
    /// half of them, or the index folder cannot be written, the last good index is served
    /// from its own copy of the corpus instead and the engine reports
    /// [`degraded`](Engine::degraded).
    pub fn open(config: &EngineConfig) -> Result<Engine, EngineError> {
        Engine::open_unconfigured(config).map(|engine| engine.configured(config))
    }

    /// Opens the engine again from where it was opened, as [`Engine::open`] does
    /// (building a new index generation when the corpus folder changed), keeping this
    /// engine's conversations: for a server that swaps engines while it serves.
    pub fn reopen(&self) -> Result<Engine, EngineError> {
        let mut engine = Engine::open(&self.config)?;
        engine.sessions = Arc::clone(&self.sessions);
        Ok(engine)
    }

    fn configured(mut self, config: &EngineConfig) -> Engine {
        self.config = config.clone();
        self
    }

    fn open_unconfigured(config: &EngineConfig) -> Result<Engine, EngineError> {
        // The current generation's fact table is read while the corpus is: each takes a
        // core, and only then are they checked against each other.
        let (loaded, current) = std::thread::scope(|scope| {
            let current = scope.spawn(|| index::read_current(&config.index_dir));
            let loaded = load(config);
            let current = current
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (loaded, current)
        });
        let loaded = loaded?;
        let (fingerprint, passages) = (loaded.fingerprint.clone(), loaded.passages.len());
        let reason = match current.and_then(|current| current.check(&fingerprint, passages)) {
            Ok(opened) => return Ok(Engine::serve(loaded, opened, false, None)),
            Err(reason) => reason,
        };
        let writer = match index::Writer::lock(&config.index_dir) {
            Ok(writer) => writer,
            Err(error) => {
                let why = format!(
                    "the index needs a rebuild ({reason}) but its folder cannot be written \
                     ({error}); serving the last build"
                );
                return Engine::open_last_good(config, why).map_err(|_| error.into());
            }
        };
        // Another process may have built what is needed while this one waited.
        if let Ok(opened) = writer.open(&fingerprint, passages) {
            return Ok(Engine::serve(loaded, opened, false, None));
        }
        if let Some((before, after)) = shrink(writer.current_manifest().as_ref(), &loaded) {
            drop(writer);
            let why = format!(
                "the corpus folder {} now gives {after} documents ({} files skipped) where \
                 the index has {before}; serving the last index until the corpus is mended \
                 or `lanzhou-qa index --force` replaces it",
                config.corpus_dir.display(),
                loaded.corpus.skipped.len(),
            );
            match Engine::open_last_good(config, why) {
                Ok(engine) => return Ok(engine),
                Err(error) => {
                    tracing::warn!(%error, "the last index cannot be served; building anew");
                    return Engine::build_and_open(
                        config,
                        &index::Writer::lock(&config.index_dir)?,
                        loaded,
                        &quietly,
                    );
                }
            }
        }
        tracing::info!(%reason, index = %config.index_dir.display(), "building the index");
        Engine::build_and_open(config, &writer, loaded, &quietly)
    }

    /// Rebuilds the index from the corpus whatever its state, then opens it. Fails with
    /// [`EngineError::WouldShrink`] rather than replace an index with one that lost every
    /// document or more than half of them.
    pub fn rebuild(config: &EngineConfig) -> Result<Engine, EngineError> {
        Engine::rebuild_reporting(config, false, &quietly)
    }

    /// Rebuilds as [`Engine::rebuild`] does (with `force`, as [`Engine::rebuild_forced`]
    /// does), telling `progress` the documents extracted so far and their total.
    pub fn rebuild_reporting(
        config: &EngineConfig,
        force: bool,
        progress: Progress,
    ) -> Result<Engine, EngineError> {
        let loaded = load(config)?;
        let writer = index::Writer::lock(&config.index_dir)?;
        if !force && let Some((before, after)) = shrink(writer.current_manifest().as_ref(), &loaded)
        {
            return Err(EngineError::WouldShrink { before, after });
        }
        Engine::build_and_open(config, &writer, loaded, progress)
            .map(|engine| engine.configured(config))
    }

    /// Rebuilds the index from the corpus whatever its state and size, then opens it.
    pub fn rebuild_forced(config: &EngineConfig) -> Result<Engine, EngineError> {
        Engine::rebuild_reporting(config, true, &quietly)
    }

    fn build_and_open(
        config: &EngineConfig,
        writer: &index::Writer,
        loaded: Loaded,
        progress: Progress,
    ) -> Result<Engine, EngineError> {
        build(writer, &loaded, progress)?;
        let opened = writer.open(&loaded.fingerprint, loaded.passages.len())?;
        tracing::debug!(index = %config.index_dir.display(), "built the index");
        Ok(Engine::serve(loaded, opened, true, None))
    }

    /// Opens the current generation from the copy of the corpus it was built from,
    /// reporting `why` as the reason the engine is degraded.
    fn open_last_good(config: &EngineConfig, why: String) -> Result<Engine, EngineError> {
        let copy = index::current_corpus(&config.index_dir)
            .ok_or_else(|| IndexError::Missing(config.index_dir.clone()))?;
        let saved = EngineConfig {
            corpus_dir: copy,
            index_dir: config.index_dir.clone(),
        };
        let loaded = load(&saved)?;
        let opened = index::open(
            &config.index_dir,
            &loaded.fingerprint,
            loaded.passages.len(),
        )?;
        tracing::warn!(reason = %why, "serving the last good index");
        Ok(Engine::serve(loaded, opened, false, Some(why)))
    }

    /// Assembles the engine over an opened generation and keeps its lease.
    fn serve(
        loaded: Loaded,
        opened: index::Opened,
        rebuilt: bool,
        degraded: Option<String>,
    ) -> Engine {
        let index::Opened {
            text,
            facts,
            words,
            lease,
            ..
        } = opened;
        let mut engine = Engine::assemble(loaded, text, facts, words, rebuilt);
        engine.lease = Some(lease);
        engine.degraded = degraded;
        engine
    }

    fn assemble(
        loaded: Loaded,
        text: TextIndex,
        facts: Vec<Fact>,
        words: Vec<(String, usize)>,
        rebuilt: bool,
    ) -> Engine {
        let corpus = Arc::new(loaded.corpus);
        let mut passage_list = loaded.passages;
        passage_list.shrink_to_fit();
        let passages = Passages::new(passage_list, Arc::clone(&corpus));
        let places: Vec<String> = corpus
            .documents
            .iter()
            .filter_map(|d| d.place.clone())
            .collect();
        // Questions are read, and facts named, with the built-in vocabulary too.
        let lexicon = Lexicon::reading(loaded.lexicon_source.as_deref())
            .unwrap_or_else(|_| Lexicon::builtin());
        // The vocabulary (stemming each word) and the fact table's indexes are built at
        // once, on two threads.
        let (vocabulary, facts) = std::thread::scope(|scope| {
            let vocabulary = scope.spawn(|| Vocabulary::from_counts(words, &lexicon, &places));
            let facts = FactTable::new(facts, &corpus, &passages, &lexicon);
            let vocabulary = vocabulary
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (vocabulary, facts)
        });
        let mut engine = Engine {
            corpus,
            passages,
            facts,
            text,
            lexicon,
            language: lang::english(),
            vocabulary,
            sessions: Arc::default(),
            config: EngineConfig::default(),
            checked: suggest::Checked::default(),
            opening: Vec::new(),
            rebuilt,
            degraded: None,
            lease: None,
        };
        engine.opening = suggest::opening(&engine.facts, &|q| engine.checked_answer(q));
        engine
    }

    /// Answers a question. With a session id, the question may be a follow-up to the
    /// previous one of that session; an unknown or expired id starts a new conversation
    /// under that id. Without one, a new conversation id is returned.
    pub fn ask(&self, question: &Question, session: Option<&SessionId>) -> Reply {
        let id = session.map_or_else(session::new_session_id, |s| s.as_str().to_string());
        let previous = session.and_then(|s| self.sessions.get(s.as_str()));
        let (draft, frame) = self.answer(question.as_str(), previous.as_ref());
        let suggestions = self.suggestions(question, &draft, &frame);
        self.sessions.put(&id, frame);
        reply(draft, id, suggestions)
    }

    /// Answers the last of a conversation whose earlier user turns the caller holds (as
    /// chat clients do); no server session is kept.
    pub fn ask_in_conversation(&self, earlier: &[Question], question: &Question) -> Reply {
        let mut frame: Option<Frame> = None;
        for turn in earlier {
            let u = self.understand(turn.as_str(), frame.as_ref());
            frame = Some(Frame::of(&u));
        }
        let (draft, frame) = self.answer(question.as_str(), frame.as_ref());
        let suggestions = self.suggestions(question, &draft, &frame);
        reply(draft, session::new_session_id(), suggestions)
    }

    /// Questions to offer after `draft`, each one the engine answers on its own: after a
    /// greeting, thanks or "help" (`frame`), the questions to start with.
    fn suggestions(&self, question: &Question, draft: &Draft, frame: &Frame) -> Vec<String> {
        if frame.op.is_some_and(Op::opens) {
            return self.opening.clone();
        }
        let answers = |q: &str| self.checked_answer(q);
        suggest::suggest(&self.facts, &draft.facts, question.as_str(), &answers)
    }

    /// The ids of the rows the answer to a question asked on its own uses, or None when
    /// the corpus does not answer it; asked once per engine.
    fn checked_answer(&self, question: &str) -> Option<Vec<usize>> {
        self.checked.answer(question, |q| {
            let (draft, _) = self.answer(q, None);
            draft
                .answered
                .then(|| draft.facts.iter().map(|u| u.fact.id).collect())
        })
    }

    /// Questions the corpus answers, to start a conversation with (up to three, each
    /// answered by the engine when it opened): what a chat page offers before the first
    /// question.
    pub fn opening_questions(&self) -> &[String] {
        &self.opening
    }

    fn understand(&self, question: &str, previous: Option<&Frame>) -> Understood {
        let cx = Context {
            language: self.language,
            vocabulary: &self.vocabulary,
            lexicon: &self.lexicon,
        };
        understand::understand(question, previous, &cx)
    }

    fn knowledge(&self) -> Knowledge<'_> {
        Knowledge {
            corpus: &self.corpus,
            passages: &self.passages,
            facts: &self.facts,
            text: &self.text,
            lexicon: &self.lexicon,
        }
    }

    /// Answers a question, part by part when it is compound, and returns the frame the
    /// next question of the conversation follows from.
    fn answer(&self, question: &str, previous: Option<&Frame>) -> (Draft, Frame) {
        let k = self.knowledge();
        // "What was X in 2021, and how fast did it grow?": two questions, the second a
        // follow-up of the first.
        if let Some(parts) = understand::split_compound(question) {
            let mut frame = previous.cloned();
            let mut answers = Vec::new();
            for part in &parts {
                let u = self.understand(part, frame.as_ref());
                answers.push(plan::run(&plan::plan(&u, &k), &u, &k));
                frame = Some(Frame::of(&u));
            }
            let any_found = answers.iter().any(|a| matches!(a, Answer::Found(_)));
            if any_found && let Some(frame) = frame {
                let parts: Vec<compose::Part> = answers
                    .iter()
                    .map(|a| match a {
                        Answer::Found(f) => compose::Part::Found(f),
                        Answer::Refused(s, _) => compose::Part::Refused(s),
                    })
                    .collect();
                return (compose::parts(&k, &parts), frame);
            }
        }
        let u = self.understand(question, previous);
        let draft = match plan::run(&plan::plan(&u, &k), &u, &k) {
            Answer::Found(f) => compose::answer(&k, &[&f]),
            Answer::Refused(s, related) => compose::refusal(&k, &s, &related),
        };
        (draft, Frame::of(&u))
    }

    /// Returns up to `limit` passages for a free-text query, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let words = search::analyze(query);
        self.text
            .search(&words, limit)
            .into_iter()
            .filter_map(|(id, score)| {
                let p = self.passages.get(id)?;
                let doc = &self.corpus.documents[p.doc];
                Some(SearchHit {
                    doc_id: doc.id.clone(),
                    title: doc.title.clone(),
                    snippet: p.span.of(&doc.text).to_string(),
                    start: p.span.start,
                    end: p.span.end,
                    score,
                })
            })
            .collect()
    }

    /// Returns the fact rows that match the filter, in table order. A `subject` that holds
    /// an everyday word of the lexicon ("services") also matches the rows of the subject it
    /// stands for ("tertiary industry"), as questions do.
    pub fn facts(&self, filter: &FactFilter) -> Vec<Fact> {
        let canonical: Vec<FactFilter> = filter
            .subject
            .iter()
            .flat_map(|s| self.lexicon.subjects(&crate::text::words(s)))
            .map(|m| FactFilter {
                subject: Some(m.canonical),
                ..filter.clone()
            })
            .collect();
        // Only the rows of the document, or of the subjects, asked for are read.
        let rows: Vec<&Fact> = match (&filter.doc, &filter.subject) {
            (Some(doc), _) => self.facts.of_doc(doc).collect(),
            (None, Some(subject)) if !subject.trim().is_empty() => {
                let subjects: Vec<String> = std::iter::once(subject.as_str())
                    .chain(canonical.iter().filter_map(|c| c.subject.as_deref()))
                    .flat_map(|s| self.facts.subjects_containing(s))
                    .collect();
                self.facts.of_subjects(&subjects)
            }
            _ => self.facts.all().iter().collect(),
        };
        rows.into_iter()
            .filter(|f| filter.matches(f) || canonical.iter().any(|c| c.matches(f)))
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

    /// The files of the corpus folder that were skipped, with the reason.
    pub fn skipped(&self) -> &[(PathBuf, String)] {
        &self.corpus.skipped
    }

    /// The sentence passages of the corpus (metadata lines excluded).
    pub fn sentences(&self) -> impl Iterator<Item = &Passage> {
        self.passages
            .all()
            .iter()
            .filter(|p| p.kind == PassageKind::Sentence)
    }

    /// Why the engine serves an older index than its corpus folder asks for (the folder
    /// lost most of its documents, or the index folder cannot be written); `None` when it
    /// serves the corpus folder as it is.
    pub fn degraded(&self) -> Option<&str> {
        self.degraded.as_deref()
    }

    /// Counts of documents, passages and facts.
    pub fn stats(&self) -> Stats {
        Stats {
            documents: self.corpus.documents.len(),
            passages: self.passages.len(),
            facts: self.facts.len(),
            rebuilt: self.rebuilt,
        }
    }
}

fn reply(draft: Draft, session: String, suggestions: Vec<String>) -> Reply {
    Reply {
        answer: draft.answer,
        answered: draft.answered,
        value: draft.value,
        citations: draft.citations,
        facts: draft.facts,
        derivation: draft.derivation,
        notes: draft.notes,
        related: draft.related,
        session,
        suggestions,
    }
}
