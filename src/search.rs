//! The full-text index of passages. This is the only module that knows tantivy.
//!
//! Every passage (sentence or metadata line) is one tantivy document whose text is
//! analysed with English stemming. Queries are never parsed from user text: they are
//! built from the analysed words of the question, bounded in number, so search syntax
//! in a question is just text.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, LazyLock};

use tantivy::collector::TopDocs;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

/// The most distinct words a query is built from.
pub const MAX_QUERY_TERMS: usize = 32;

const TOKENIZER: &str = "en_stem";

/// Errors building or opening the text index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed to create, write, open or read the index.
    #[error("text index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index opened but its files fail their checksums.
    #[error("text index files are damaged: {0}")]
    Damaged(String),
    /// Reading the index's document store failed.
    #[error("text index store: {0}")]
    Store(#[from] std::io::Error),
    /// The index holds a different number of passages than expected.
    #[error("text index holds {found} passages, expected {expected}")]
    WrongCount { found: u64, expected: u64 },
}

static ANALYZER: LazyLock<TextAnalyzer> = LazyLock::new(|| {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
});

/// Returns the analysed (lower-cased, stemmed) words of `text`, as the index sees them.
pub fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = ANALYZER.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Returns the stem of one word, as the index sees it ("" for a word with no letters
/// or digits). Stems are remembered per thread (a corpus uses far fewer distinct words
/// than it has), up to [`STEMS_REMEMBERED`] of them.
pub fn stem(word: &str) -> String {
    thread_local! {
        static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    STEMS.with(|stems| {
        if let Some(stem) = stems.borrow().get(word) {
            return stem.clone();
        }
        let stem = analyze(word).into_iter().next().unwrap_or_default();
        let mut stems = stems.borrow_mut();
        if stems.len() >= STEMS_REMEMBERED {
            stems.clear();
        }
        stems.insert(word.to_string(), stem.clone());
        stem
    })
}

/// The most stems [`stem`] remembers on one thread before it starts afresh.
const STEMS_REMEMBERED: usize = 200_000;

struct Fields {
    text: Field,
    passage: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let passage = builder.add_u64_field("passage", NumericOptions::default().set_stored());
    (builder.build(), Fields { text, passage })
}

/// Writes a new index of `passages` (id and text) into the empty folder `dir`.
pub fn build<'a>(
    dir: &Path,
    passages: impl IntoIterator<Item = (usize, &'a str)>,
) -> Result<(), SearchError> {
    let (schema, fields) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    index.tokenizers().register(TOKENIZER, ANALYZER.clone());
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 30_000_000)?;
    for (id, text) in passages {
        let mut doc = TantivyDocument::default();
        doc.add_text(fields.text, text);
        doc.add_u64(fields.passage, id as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// A generation's text index as readers see it: tantivy's own lock files are not taken.
/// Generations never change once built, and the index folder's lease keeps them from
/// being removed while served, so reading needs no lock; taking one would write a lock
/// file and so fail in a read-only folder.
#[derive(Clone, Debug)]
struct Unlocked(MmapDirectory);

impl Directory for Unlocked {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}

/// An open index: one reader for the program's life, a searcher per query.
pub struct TextIndex {
    reader: IndexReader,
    fields: Fields,
}

impl TextIndex {
    /// Opens the index in `dir`, checking its files' checksums and that it holds
    /// `expected` passages; fails rather than serve a damaged index.
    pub fn open(dir: &Path, expected: usize) -> Result<TextIndex, SearchError> {
        // Without its list of managed files tantivy checks no checksum at all.
        if !dir.join(".managed.json").is_file() {
            return Err(SearchError::Damaged(".managed.json is missing".into()));
        }
        // tantivy may panic on a damaged store instead of failing: treat that as damage.
        let dir = dir.to_path_buf();
        match std::panic::catch_unwind(move || TextIndex::open_checked(&dir, expected)) {
            Ok(result) => result,
            Err(_) => Err(SearchError::Damaged("reading the store failed".into())),
        }
    }

    fn open_checked(dir: &Path, expected: usize) -> Result<TextIndex, SearchError> {
        let directory = MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = Index::open(Unlocked(directory))?;
        index.tokenizers().register(TOKENIZER, ANALYZER.clone());
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            let names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
            return Err(SearchError::Damaged(names.join(", ")));
        }
        let (_, fields) = schema();
        let fields = Fields {
            text: index.schema().get_field("text").unwrap_or(fields.text),
            passage: index
                .schema()
                .get_field("passage")
                .unwrap_or(fields.passage),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let found = reader.searcher().num_docs();
        if found != expected as u64 {
            return Err(SearchError::WrongCount {
                found,
                expected: expected as u64,
            });
        }
        let text_index = TextIndex { reader, fields };
        // Read every stored passage id once, so a damaged store fails here, not later.
        text_index.all_ids()?;
        Ok(text_index)
    }

    fn all_ids(&self) -> Result<Vec<usize>, SearchError> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                if let Some(id) = doc.get_first(self.fields.passage).and_then(|v| v.as_u64()) {
                    ids.push(id as usize);
                }
            }
        }
        Ok(ids)
    }

    /// How many passages hold the analysed word `word` (0 when the index cannot say).
    pub fn doc_freq(&self, word: &str) -> u64 {
        let term = Term::from_field_text(self.fields.text, word);
        self.reader.searcher().doc_freq(&term).unwrap_or(0)
    }

    /// How many passages the index holds.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Returns up to `limit` passage ids with their BM25 scores, best first, for a query
    /// made of the distinct analysed words of `words` (at most [`MAX_QUERY_TERMS`]).
    /// A search that fails returns no hits: the caller then answers that it cannot say.
    pub fn search(&self, words: &[String], limit: usize) -> Vec<(usize, f32)> {
        let mut seen = HashSet::new();
        let clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .filter(|w| !w.is_empty() && seen.insert(w.as_str()))
            .take(MAX_QUERY_TERMS)
            .map(|w| {
                let term = Term::from_field_text(self.fields.text, w);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect();
        if clauses.is_empty() || limit == 0 {
            return Vec::new();
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()) else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).ok()?;
                let id = doc.get_first(self.fields.passage)?.as_u64()?;
                Some((id as usize, score))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_lowercases_and_stems_english() {
        assert_eq!(
            analyze("Cultivating Emerging BUSINESSES"),
            vec!["cultiv", "emerg", "busi"]
        );
        assert_eq!(stem("cultivation"), stem("cultivating"));
        assert_eq!(stem("!!"), "");
    }

    #[test]
    fn queries_are_built_from_words_so_syntax_is_just_text() {
        let dir = tempfile::tempdir().expect("temporary folder");
        build(
            dir.path(),
            [
                (0, "Tertiary industry grew 17,500 times."),
                (1, "Unrelated text."),
            ],
        )
        .expect("index builds");
        let index = TextIndex::open(dir.path(), 2).expect("index opens");
        let hits = index.search(&analyze("a:(^ tertiary (((( growth"), 5);
        assert_eq!(hits.first().map(|h| h.0), Some(0));
        let many: Vec<String> = std::iter::repeat_n("(".to_string(), 1000).collect();
        assert!(index.search(&many, 5).is_empty());
    }

    #[test]
    fn a_count_mismatch_is_refused() {
        let dir = tempfile::tempdir().expect("temporary folder");
        build(dir.path(), [(0, "One passage.")]).expect("index builds");
        assert!(matches!(
            TextIndex::open(dir.path(), 2),
            Err(SearchError::WrongCount {
                found: 1,
                expected: 2
            })
        ));
    }
}
