//! Passages: the sentences of every document, with exact byte offsets into its text,
//! plus one passage per metadata line (title, source, date...).
//!
//! The splitter knows the ways English news text puts a period inside a sentence —
//! decimals ("4.298", "$2.42"), abbreviations ("Nov. 26", "U.S."), parentheses
//! ("(1953-1957)") and quotations — and never ends a sentence there.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::corpus::{Corpus, Document, Span};
use crate::text::{self, Word};

/// What a passage is: a sentence of the body, or a metadata line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    Sentence,
    /// A metadata line; the string is its key ("title", "date"...).
    Meta(String),
}

/// A citable unit of text: one sentence or one metadata line of one document.
#[derive(Clone, Debug, Serialize)]
pub struct Passage {
    /// Position in the passage table; stable for a given corpus.
    pub id: usize,
    /// Index of the document in `Corpus::documents`.
    pub doc: usize,
    pub span: Span,
    /// Index of the paragraph within its document (metadata lines share paragraph 0).
    pub paragraph: usize,
    pub kind: PassageKind,
}

/// The passages of a corpus, over the corpus they are of; their words are analysed when
/// asked for, not kept (a corpus of thousands of articles has millions of words).
#[derive(Debug, Default)]
pub struct Passages {
    list: Vec<Passage>,
    corpus: Arc<Corpus>,
    at: FxHashMap<(usize, usize), usize>,
}

impl Passages {
    /// The passages of `corpus` (as [`passages`] gives them).
    pub fn new(list: Vec<Passage>, corpus: Arc<Corpus>) -> Passages {
        let at = list.iter().map(|p| ((p.doc, p.span.start), p.id)).collect();
        Passages { list, corpus, at }
    }

    /// Every passage, in id order.
    pub fn all(&self) -> &[Passage] {
        &self.list
    }

    /// The passages of document `doc`, in id order (a document's passages are numbered
    /// consecutively).
    pub fn of_doc(&self, doc: usize) -> &[Passage] {
        let start = self.list.partition_point(|p| p.doc < doc);
        let end = self.list.partition_point(|p| p.doc <= doc);
        &self.list[start..end]
    }

    /// The passage with this id.
    pub fn get(&self, id: usize) -> Option<&Passage> {
        self.list.get(id)
    }

    /// The text of a passage ("" for an unknown id).
    pub fn text(&self, id: usize) -> &str {
        self.list
            .get(id)
            .and_then(|p| Some(p.span.of(&self.corpus.documents.get(p.doc)?.text)))
            .unwrap_or("")
    }

    /// The words of a passage (none for an unknown id).
    pub fn words(&self, id: usize) -> Vec<Word> {
        text::words(self.text(id))
    }

    /// The stems of a passage's words.
    pub fn stems(&self, id: usize) -> Vec<String> {
        self.words(id).into_iter().map(|w| w.stem).collect()
    }

    /// The passage that starts at byte `start` of document `doc`.
    pub fn at(&self, doc: usize, start: usize) -> Option<usize> {
        self.at.get(&(doc, start)).copied()
    }

    /// The ids of the passages of the same paragraph as `id` (passages of a paragraph
    /// are numbered consecutively).
    pub fn paragraph(&self, id: usize) -> Range<usize> {
        let Some(p) = self.list.get(id) else {
            return id..id;
        };
        let same = |q: &Passage| q.doc == p.doc && q.paragraph == p.paragraph;
        let start = self.list[..id]
            .iter()
            .rposition(|q| !same(q))
            .map_or(0, |i| i + 1);
        let end = self.list[id..]
            .iter()
            .position(|q| !same(q))
            .map_or(self.list.len(), |i| id + i);
        start..end
    }

    /// The stems of every word of the paragraph of passage `id`.
    pub fn paragraph_stems(&self, id: usize) -> Vec<String> {
        self.paragraph(id).flat_map(|q| self.stems(q)).collect()
    }

    /// How many passages there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there is no passage.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Splits every document of the corpus into passages, metadata lines first.
pub fn passages(corpus: &Corpus) -> Vec<Passage> {
    let mut out = Vec::new();
    for (doc_index, doc) in corpus.documents.iter().enumerate() {
        for field in &doc.fields {
            out.push(Passage {
                id: out.len(),
                doc: doc_index,
                span: field.line,
                paragraph: 0,
                kind: PassageKind::Meta(field.key.clone()),
            });
        }
        for (paragraph, block) in paragraphs(doc).into_iter().enumerate() {
            for span in split_sentences(&doc.text, block) {
                out.push(Passage {
                    id: out.len(),
                    doc: doc_index,
                    span,
                    paragraph: paragraph + 1,
                    kind: PassageKind::Sentence,
                });
            }
        }
    }
    out
}

/// Returns the paragraphs of a document's body: blocks separated by blank lines, with
/// headings and list items as blocks of their own, and page furniture left out.
pub fn paragraphs(doc: &Document) -> Vec<Span> {
    let text = &doc.text;
    let mut blocks = Vec::new();
    let mut current: Option<Span> = None;
    for line in crate::corpus::line_spans(text).filter(|l| l.start >= doc.body.start) {
        let raw = line.of(text);
        let trimmed = raw.trim();
        let start = line.start + (raw.len() - raw.trim_start().len());
        let span = Span::new(start, start + trimmed.len());
        let is_chrome = doc.chrome.iter().any(|c| c.contains(span));
        let starts_block = trimmed.starts_with('#')
            || trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.starts_with('>');
        if trimmed.is_empty() || is_chrome || starts_block {
            blocks.extend(current.take());
        }
        if trimmed.is_empty() || is_chrome {
            continue;
        }
        current = Some(match current {
            Some(block) => Span::new(block.start, span.end),
            None => span,
        });
    }
    blocks.extend(current);
    blocks
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "gov",
    "approx", "est", "fig", "dept", "mt", "ft", "jr", "sr", "rep", "sen", "gen", "col", "lt",
    "sgt", "capt", "cf", "al", "ave", "blvd", "rd", "vol", "pp", "p",
];

/// Splits the text in `range` into sentence spans, trimmed of surrounding whitespace.
///
/// A sentence ends at `.`, `!` or `?` (after any closing quotes or brackets) that is
/// followed by whitespace and then a capital letter, a digit or an opening quote, and
/// that is not inside parentheses nor right after an abbreviation or an initial.
pub fn split_sentences(text: &str, range: Span) -> Vec<Span> {
    let Some(block) = text.get(range.start..range.end) else {
        return Vec::new();
    };
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut depth: i32 = 0;
    let mut in_quote = false;
    let mut chars = block.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            '"' => in_quote = !in_quote,
            '“' => in_quote = true,
            '”' => in_quote = false,
            '.' | '!' | '?' | '。' | '！' | '？' => {
                // Take the closing quotes and brackets that belong to this sentence, and
                // the marks closing Markdown emphasis ("**Warehousing.** Revenue ...").
                let mut end = i + c.len_utf8();
                let mut closes_quote = false;
                while let Some(&(j, next)) = chars.peek() {
                    if matches!(next, '"' | '”' | '’' | '\'' | ')' | ']' | '*') {
                        if matches!(next, '"' | '”') {
                            closes_quote = true;
                        }
                        if matches!(next, ')' | ']') {
                            if depth == 0 {
                                break;
                            }
                            depth -= 1;
                        }
                        end = j + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                if closes_quote {
                    in_quote = false;
                }
                let ideographic = matches!(c, '。' | '！' | '？');
                if depth > 0 || (in_quote && !ideographic) {
                    continue;
                }
                if !ideographic && !ends_sentence(block, i, end, c) {
                    continue;
                }
                push_trimmed(&mut sentences, block, range.start, start, end);
                start = end;
            }
            _ => {}
        }
    }
    push_trimmed(&mut sentences, block, range.start, start, block.len());
    sentences
}

/// Decides whether the terminator `c` at `dot` (with closers up to `end`) ends a sentence.
fn ends_sentence(block: &str, dot: usize, end: usize, c: char) -> bool {
    // What follows must be whitespace and then the start of a sentence, or the end.
    let rest = &block[end..];
    if rest.is_empty() {
        return true;
    }
    if !rest.starts_with(char::is_whitespace) {
        return false;
    }
    let Some(next) = rest.trim_start().chars().next() else {
        return true;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || "\"“'‘([".contains(next)) {
        return false;
    }
    if c != '.' {
        return true;
    }
    // The word the period closes.
    let word_start = block[..dot]
        .rfind(|ch: char| ch.is_whitespace() || "(\"“".contains(ch))
        .map_or(0, |p| {
            p + block[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &block[word_start..dot];
    let letters: String = word.chars().filter(|ch| ch.is_alphanumeric()).collect();
    let lower = letters.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "Nov. 26" and "Dr. Li" continue; an abbreviation at the very end of a
        // sentence followed by a new capitalised sentence is rare in news text.
        return false;
    }
    // Initials and dotted abbreviations: "U.S.", "J. Smith", "e.g.".
    let single_letter = letters.chars().count() == 1 && letters.chars().all(char::is_alphabetic);
    let dotted = word.contains('.') && word.chars().all(|ch| ch.is_alphabetic() || ch == '.');
    if single_letter && letters.chars().all(char::is_uppercase) || dotted {
        return false;
    }
    true
}

fn push_trimmed(out: &mut Vec<Span>, block: &str, base: usize, start: usize, end: usize) {
    let piece = &block[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    let s = base + start + lead;
    out.push(Span::new(s, s + trimmed.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.of(text))
            .collect()
    }

    #[test]
    fn decimals_currency_and_abbreviations_do_not_end_sentences() {
        let text = "It grew to 4.298 billion yuan ($2.42 million) by Nov. 26 in the U.S. market. Next one.";
        assert_eq!(
            split(text),
            vec![
                "It grew to 4.298 billion yuan ($2.42 million) by Nov. 26 in the U.S. market.",
                "Next one."
            ]
        );
    }

    #[test]
    fn parentheses_and_quotes_keep_their_periods() {
        let text = "The \"First Five-Year Plan\" (1953-1957. Yes.) ran. He said \"It grew. A lot.\" Then it fell.";
        assert_eq!(
            split(text),
            vec![
                "The \"First Five-Year Plan\" (1953-1957. Yes.) ran.",
                "He said \"It grew. A lot.\"",
                "Then it fell."
            ]
        );
    }

    #[test]
    fn offsets_are_exact_bytes_even_after_multibyte_text() {
        let text = "  Lanzhou 兰州 grew.  Output rose 5.6 percent!  Why? ";
        let spans = split_sentences(text, Span::new(0, text.len()));
        let pieces: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            pieces,
            vec!["Lanzhou 兰州 grew.", "Output rose 5.6 percent!", "Why?"]
        );
    }

    #[test]
    fn a_run_in_markdown_heading_ends_its_own_sentence() {
        assert_eq!(
            split("**Warehousing.** Warehousing revenue grew 13.5%. It rose."),
            vec![
                "**Warehousing.**",
                "Warehousing revenue grew 13.5%.",
                "It rose."
            ]
        );
    }

    #[test]
    fn a_lowercase_continuation_does_not_start_a_sentence() {
        assert_eq!(
            split("Prices rose approx. three percent."),
            vec!["Prices rose approx. three percent."]
        );
        assert_eq!(
            split("It is e.g. a test. Done."),
            vec!["It is e.g. a test.", "Done."]
        );
    }

    #[test]
    fn paragraphs_skip_page_furniture_and_split_on_blank_lines() {
        let doc = crate::corpus::parse_document(
            "d",
            b"Title line\n\nShare - WeChat\n\nFirst para\ncontinues. Two.\n\nSecond para.\n"
                .to_vec(),
        )
        .expect("valid document");
        let paras: Vec<&str> = paragraphs(&doc).iter().map(|s| s.of(&doc.text)).collect();
        assert_eq!(paras, vec!["First para\ncontinues. Two.", "Second para."]);
    }
}
