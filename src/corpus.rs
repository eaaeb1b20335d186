//! The corpus: the documents in the corpus folder, their metadata and their text.
//!
//! Every `*.md` and `*.txt` file in the folder is a document whose `doc_id` is the file
//! stem. A document may open with front matter (`---` lines around `key: value` pairs);
//! without it, the title is taken from a short first line and the date from an
//! "Updated: ..." line, as news pages print them. The text served for a document, and the
//! text every byte offset refers to, is the file exactly as it is on disk.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// A half-open byte range `start..end` into a document's text.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    schemars::JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Returns the text this span covers in `text`, or "" when it does not fall on
    /// character boundaries inside it.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The number of bytes the span covers.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns true if and only if `other` lies within this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One metadata field of a document (title, source, date, url, place), with the span of
/// the line that states it, so an answer about it can cite that line.
#[derive(Clone, Debug, Serialize)]
pub struct MetaField {
    pub key: String,
    pub value: String,
    pub line: Span,
}

/// A document of the corpus.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file stem; unique within a corpus.
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    /// The publication date as written in the front matter (ISO `YYYY-MM-DD` preferred).
    pub date: Option<String>,
    pub url: Option<String>,
    /// The place the document is about, from the front matter or its title.
    pub place: Option<String>,
    /// The whole file: the text that byte offsets refer to.
    pub text: String,
    /// Where the body starts and ends (after front matter).
    pub body: Span,
    /// Metadata fields with the lines that state them.
    pub fields: Vec<MetaField>,
    /// Lines of the body that are page furniture (share buttons, copyright, licence
    /// numbers) rather than article text; they are served but never answered from.
    pub chrome: Vec<Span>,
}

impl Document {
    /// Returns the year of the publication date, when the date holds one.
    pub fn year(&self) -> Option<i32> {
        static YEAR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\b(1[89]\d\d|2[01]\d\d)\b").expect("valid regex"));
        let date = self.date.as_deref()?;
        YEAR.captures(date)?.get(1)?.as_str().parse().ok()
    }
}

/// Why a file of the corpus folder was not used.
#[derive(Debug, thiserror::Error)]
pub enum SkipReason {
    /// The file could not be read.
    #[error("cannot read it: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not valid UTF-8.
    #[error("it is not valid UTF-8")]
    NotUtf8,
    /// The file holds nothing but whitespace.
    #[error("it is empty")]
    Empty,
    /// The front matter is not `---` / `key: value` lines / `---`.
    #[error("its front matter is malformed: {0}")]
    FrontMatter(String),
    /// The front matter is fine but no body follows it.
    #[error("it has front matter but no text")]
    NoBody,
}

/// Errors loading a corpus folder as a whole.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The corpus folder itself cannot be listed.
    #[error("cannot read the corpus folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Two files have the same stem (`a.md` and `a.txt`), so `doc_id` would be ambiguous.
    #[error("two corpus files share the document id {0:?}")]
    DuplicateId(String),
}

/// The documents of a corpus folder, in `doc_id` order, and the files that were skipped.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<(PathBuf, String)>,
}

impl Corpus {
    /// Returns the document with this id, if the corpus has it.
    pub fn get(&self, doc_id: &str) -> Option<&Document> {
        self.index_of(doc_id).map(|i| &self.documents[i])
    }

    /// Returns the position of the document with this id in `documents`, if the corpus
    /// has it: by binary search, as the documents are in `doc_id` order.
    pub fn index_of(&self, doc_id: &str) -> Option<usize> {
        match self
            .documents
            .binary_search_by(|d| d.id.as_str().cmp(doc_id))
        {
            Ok(i) => Some(i),
            // A corpus assembled out of order is still searched.
            Err(_) => self.documents.iter().position(|d| d.id == doc_id),
        }
    }
}

/// Returns true if and only if `path` names a corpus document (`*.md` or `*.txt`).
pub fn is_document_path(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md") | Some("txt")
    ) && path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| !n.starts_with('.') && !n.eq_ignore_ascii_case("README.md"))
}

/// Lists the corpus folder's document files, sorted by name.
pub fn document_paths(dir: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    Ok(scan(dir)?.0)
}

/// Lists the corpus folder: its document files sorted by name, and the files that look
/// like documents but are not used, with the reason (a name that is not UTF-8, a link
/// that leads out of the folder). Other files (the lexicon, a README) are not documents.
fn scan(dir: &Path) -> Result<(Vec<PathBuf>, Skipped), CorpusError> {
    let folder_error = |source| CorpusError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(folder_error)?;
    let root = dir.canonicalize().map_err(folder_error)?;
    let mut paths = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(error) => {
                tracing::warn!(folder = %dir.display(), %error, "skipping an unreadable corpus entry");
                continue;
            }
        };
        let Some(name) = path.file_name() else {
            continue;
        };
        if name.to_str().is_none() {
            if name.as_encoded_bytes().ends_with(b".md")
                || name.as_encoded_bytes().ends_with(b".txt")
            {
                skipped.push((path, SKIP_NAME_NOT_UTF8.to_string()));
            } else {
                tracing::debug!(file = %path.display(), "not a document: its name is not UTF-8");
            }
            continue;
        }
        if !is_document_path(&path) {
            tracing::debug!(file = %path.display(), "not a document: not a *.md or *.txt file");
            continue;
        }
        match path.canonicalize() {
            Ok(target) if !target.starts_with(&root) => {
                skipped.push((path, SKIP_OUTSIDE.to_string()));
            }
            Ok(target) if !target.is_file() => {
                tracing::debug!(file = %path.display(), "not a document: not a file");
            }
            Ok(_) => paths.push(path),
            Err(error) => skipped.push((path, format!("cannot read it: {error}"))),
        }
    }
    paths.sort();
    skipped.sort();
    Ok((paths, skipped))
}

/// Files that were not used, each with the reason.
type Skipped = Vec<(PathBuf, String)>;

/// Why a file whose name is not UTF-8 is skipped.
const SKIP_NAME_NOT_UTF8: &str = "its name is not UTF-8, so it cannot be a document id";

/// Why a link that leads out of the corpus folder is skipped.
const SKIP_OUTSIDE: &str = "it is a link to a file outside the corpus folder";

/// Loads every document of the folder. A file that cannot be used is skipped, logged with
/// its reason, and listed in `Corpus::skipped`; the others are still loaded.
///
/// Fails only when the folder cannot be listed or two files share a stem.
pub fn load(dir: &Path) -> Result<Corpus, CorpusError> {
    let mut corpus = Corpus::default();
    let (paths, skipped) = scan(dir)?;
    for (path, reason) in skipped {
        tracing::warn!(file = %path.display(), %reason, "skipping corpus file");
        corpus.skipped.push((path, reason));
    }
    let mut ids = std::collections::HashSet::new();
    for path in paths {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        match std::fs::read(&path)
            .map_err(SkipReason::from)
            .and_then(|bytes| parse_document(&id, bytes))
        {
            Ok(doc) => {
                if !ids.insert(doc.id.clone()) {
                    return Err(CorpusError::DuplicateId(doc.id));
                }
                corpus.documents.push(doc);
            }
            Err(reason) => {
                tracing::warn!(file = %path.display(), %reason, "skipping corpus file");
                corpus.skipped.push((path, reason.to_string()));
            }
        }
    }
    corpus.documents.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(corpus)
}

/// Parses one document from the bytes of its file.
pub fn parse_document(id: &str, bytes: Vec<u8>) -> Result<Document, SkipReason> {
    let text = String::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)?;
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let (fields, body_start) = front_matter(&text)?;
    let body = Span::new(body_start, text.len());
    if body.of(&text).trim().is_empty() {
        return Err(SkipReason::NoBody);
    }
    let mut doc = Document {
        id: id.to_string(),
        title: String::new(),
        source: None,
        date: None,
        url: None,
        place: None,
        body,
        fields,
        chrome: Vec::new(),
        text,
    };
    infer_from_body(&mut doc);
    for field in &doc.fields {
        let value = Some(field.value.clone());
        match field.key.as_str() {
            "title" => doc.title = field.value.clone(),
            "source" | "publisher" => doc.source = value,
            "date" | "published" => doc.date = value,
            "url" | "link" => doc.url = value,
            "place" | "city" => doc.place = value,
            _ => {}
        }
    }
    if doc.title.is_empty() {
        doc.title = id.to_string();
    }
    if doc.place.is_none() {
        doc.place = place_from_title(&doc.title);
    }
    Ok(doc)
}

/// Reads the front matter, returning its fields and where the body starts.
fn front_matter(text: &str) -> Result<(Vec<MetaField>, usize), SkipReason> {
    let mut lines = line_spans(text);
    let Some(first) = lines.next() else {
        return Ok((Vec::new(), 0));
    };
    if first.of(text).trim_end() != "---" {
        return Ok((Vec::new(), 0));
    }
    let mut fields = Vec::new();
    for line in lines {
        let raw = line.of(text);
        let content = raw.trim_end_matches(['\r', '\n']);
        if content.trim_end() == "---" {
            return Ok((fields, line.end));
        }
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            return Err(SkipReason::FrontMatter(format!(
                "line {content:?} is not `key: value`"
            )));
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(SkipReason::FrontMatter(format!("bad key in {content:?}")));
        }
        let value = value
            .trim()
            .trim_matches('"')
            .trim_matches('\'')
            .to_string();
        let start = line.start + (raw.len() - raw.trim_start().len());
        let end = line.start + content.trim_end().len();
        fields.push(MetaField {
            key,
            value,
            line: Span::new(start, end),
        });
    }
    Err(SkipReason::FrontMatter("no closing `---` line".into()))
}

/// Fills what front matter did not give from the body as news pages print it: a short
/// first line is the title, "Updated: Nov 26, 2019" gives the date, and share, print,
/// copyright and licence lines are marked as page furniture.
fn infer_from_body(doc: &mut Document) {
    static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:updated|published|posted|date)\s*:\s*(.+?)(?:\s+Print)?\s*$")
            .expect("valid regex")
    });
    static CHROME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:share\s*-|print$|copyright|©|all rights reserved|.*(?:icp|公网安备|备\d|号$))",
        )
        .expect("valid regex")
    });
    static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:copyright)?\s*(?:©|\(c\))?\s*(?:copyright)?\s*\d{4}(?:\s*-\s*\d{4})?\s+([^.]{2,60}?)\.?\s*all rights reserved")
            .expect("valid regex")
    });
    let has = |doc: &Document, key: &str| doc.fields.iter().any(|f| f.key == key);
    let mut first_line = true;
    let spans: Vec<Span> = line_spans(&doc.text)
        .filter(|l| l.start >= doc.body.start)
        .collect();
    for line in spans {
        let raw = line.of(&doc.text);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let start = line.start + (raw.len() - raw.trim_start().len());
        let span = Span::new(start, start + trimmed.len());
        if first_line {
            first_line = false;
            let looks_like_title = trimmed.chars().count() <= 120
                && !trimmed.ends_with(['.', '!', '?', ':', ';', ','])
                && doc.fields.iter().all(|f| f.key != "title");
            if looks_like_title {
                // "# Title": a Markdown heading's marks are no part of the title.
                let value = trimmed.trim_start_matches('#').trim();
                doc.fields.push(MetaField {
                    key: "title".into(),
                    value: value.to_string(),
                    line: span,
                });
                doc.chrome.push(span);
                continue;
            }
        }
        if let Some(c) = UPDATED.captures(trimmed) {
            if !has(doc, "date") {
                let value = c.get(1).map_or("", |m| m.as_str()).trim().to_string();
                doc.fields.push(MetaField {
                    key: "date".into(),
                    value: normalise_date(&value).unwrap_or(value),
                    line: span,
                });
            }
            doc.chrome.push(span);
        } else if CHROME.is_match(trimmed) {
            // "Copyright©2024 China Daily. All rights reserved." names the publisher.
            if !has(doc, "source")
                && let Some(c) = COPYRIGHT.captures(trimmed)
            {
                doc.fields.push(MetaField {
                    key: "source".into(),
                    value: c[1].trim().to_string(),
                    line: span,
                });
            }
            doc.chrome.push(span);
        }
    }
}

/// Turns "Nov 26, 2019" or "26 November 2019" into "2019-11-26"; None when it cannot.
fn normalise_date(text: &str) -> Option<String> {
    static MDY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b").expect("valid regex")
    });
    static DMY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\b").expect("valid regex")
    });
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex"));
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = |m: &str| {
        MONTHS
            .iter()
            .position(|x| x.eq_ignore_ascii_case(m))
            .map(|i| i + 1)
    };
    if let Some(c) = ISO.captures(text) {
        return Some(c[0].to_string());
    }
    let (m, d, y) = if let Some(c) = MDY.captures(text) {
        (month(&c[1])?, c[2].parse::<u32>().ok()?, c[3].to_string())
    } else {
        let c = DMY.captures(text)?;
        (month(&c[2])?, c[1].parse::<u32>().ok()?, c[3].to_string())
    };
    Some(format!("{y}-{m:02}-{d:02}"))
}

/// Takes the place from a title such as "Lanzhou's industries" or "Industries of Lanzhou".
fn place_from_title(title: &str) -> Option<String> {
    static POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([A-Z][\w'’-]*?(?:\s+[A-Z][\w'’-]*?)*)(?:'s|’s)\b").expect("valid regex")
    });
    static OF_PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:of|in)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)").expect("valid regex")
    });
    POSSESSIVE
        .captures(title)
        .or_else(|| OF_PLACE.captures(title))
        .map(|c| c[1].to_string())
}

/// Iterates over the lines of `text` as spans that include their line ending.
pub fn line_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let span = Span::new(start, end);
        start = end;
        Some(span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Result<Document, SkipReason> {
        parse_document("d", text.as_bytes().to_vec())
    }

    #[test]
    fn front_matter_gives_metadata_with_the_lines_that_state_it() {
        let d = doc("---\ntitle: A city\nsource: Daily\ndate: 2020-01-02\n---\n\nBody text.\n")
            .expect("valid document");
        assert_eq!(d.title, "A city");
        assert_eq!(d.source.as_deref(), Some("Daily"));
        assert_eq!(d.date.as_deref(), Some("2020-01-02"));
        assert_eq!(d.year(), Some(2020));
        let date = d
            .fields
            .iter()
            .find(|f| f.key == "date")
            .expect("date field");
        assert_eq!(date.line.of(&d.text), "date: 2020-01-02");
        assert_eq!(d.body.of(&d.text).trim(), "Body text.");
    }

    #[test]
    fn unusable_files_are_refused_with_a_reason() {
        assert!(matches!(
            parse_document("d", vec![0xff, 0xfe, 0x41]),
            Err(SkipReason::NotUtf8)
        ));
        assert!(matches!(doc("  \n\n"), Err(SkipReason::Empty)));
        assert!(matches!(
            doc("---\ntitle: x\nno colon here\n---\nBody."),
            Err(SkipReason::FrontMatter(_))
        ));
        assert!(matches!(
            doc("---\ntitle: x\nBody without end."),
            Err(SkipReason::FrontMatter(_))
        ));
        assert!(matches!(
            doc("---\ntitle: x\n---\n \n"),
            Err(SkipReason::NoBody)
        ));
    }

    #[test]
    fn a_markdown_heading_as_first_line_is_the_title_without_its_marks() {
        let d =
            doc("# Tianmo's economy grows 5.3 pct\n\nThe economy grew.\n").expect("valid document");
        assert_eq!(d.title, "Tianmo's economy grows 5.3 pct");
        assert_eq!(d.place.as_deref(), Some("Tianmo"));
    }

    #[test]
    fn a_news_page_without_front_matter_gives_title_date_and_chrome() {
        let text = "Xi'an's tourism\n\nUpdated: Nov 26, 2019 Print\nShare - WeChat\n\nThe city grew.\n\nCopyright©2024 China Daily. All rights reserved.\n";
        let d = doc(text).expect("valid document");
        assert_eq!(d.title, "Xi'an's tourism");
        assert_eq!(d.date.as_deref(), Some("2019-11-26"));
        assert_eq!(d.place.as_deref(), Some("Xi'an"));
        let chrome: Vec<&str> = d.chrome.iter().map(|s| s.of(&d.text)).collect();
        assert!(chrome.contains(&"Share - WeChat"), "{chrome:?}");
        assert!(
            chrome.iter().any(|c| c.starts_with("Copyright")),
            "{chrome:?}"
        );
        assert!(!chrome.contains(&"The city grew."));
        assert_eq!(d.source.as_deref(), Some("China Daily"));
    }

    #[test]
    fn the_place_comes_from_a_possessive_title() {
        assert_eq!(
            place_from_title("Lanzhou's industries").as_deref(),
            Some("Lanzhou")
        );
        assert_eq!(
            place_from_title("Growth in Harbin").as_deref(),
            Some("Harbin")
        );
        assert_eq!(place_from_title("industries"), None);
    }
}
