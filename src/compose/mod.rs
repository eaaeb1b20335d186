//! The only place that writes English: a [`Finding`] (or a [`Shortfall`]) becomes the
//! answer text with its `[n]` markers, its citations, the facts it used, the working of
//! every computed number, and the notes where the corpus's figures disagree.
//!
//! Citations are keyed by (document, span) while the text is written and numbered once,
//! at the end, in the order the text first uses them; a compound answer is written from
//! the findings of all its parts at once, so no text is ever re-read.

mod converse;
mod numbers;
mod say;
mod value;
mod words;
mod working;

use crate::corpus::{Document, Span};
use crate::facts::Fact;
use crate::ops::{Cited, Finding, Knowledge, Shortfall, Statement};
use crate::reply::{Citation, Derivation, UsedFact, Value};

pub use numbers::{fmt_number, fmt_scaled, human_date};

/// A reply in the making, before it gets its session id.
#[derive(Debug, Default)]
pub struct Draft {
    pub answer: String,
    pub answered: bool,
    pub citations: Vec<Citation>,
    pub facts: Vec<UsedFact>,
    pub derivation: Option<Derivation>,
    pub notes: Vec<String>,
    pub related: Vec<Citation>,
    pub value: Option<Value>,
}

/// Writes the answer to a question from the findings of its parts, in order.
pub fn answer(k: &Knowledge, findings: &[&Finding]) -> Draft {
    let mut w = Writer::new(k);
    let mut sentences = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for finding in findings {
        sentences.push(say::statements(&mut w, &finding.statements));
        for note in &finding.notes {
            let text = say::note(&mut w, note);
            if !notes.contains(&text) {
                notes.push(text);
            }
        }
    }
    let mut answer = sentences.join(" ");
    for note in &notes {
        if !answer.contains(note.as_str()) {
            answer.push(' ');
            answer.push_str(note);
        }
    }
    let mut draft = w.finish(answer, notes, true, Vec::new());
    draft.value = value::of(k, findings);
    draft
}

/// One part of a compound question, as answered.
pub enum Part<'a> {
    Found(&'a Finding),
    Refused(&'a Shortfall),
}

/// Writes the answer to a compound question part by part: what each answered part says,
/// and for each part the corpus does not answer, that it does not and what it has
/// instead. The reply is answered only when every part is.
pub fn parts(k: &Knowledge, parts: &[Part]) -> Draft {
    let mut w = Writer::new(k);
    let mut sentences = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut found = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Found(finding) => {
                // Two parts answered by the same sentence say it once.
                let said = say::statements(&mut w, &finding.statements);
                if !sentences.contains(&said) {
                    sentences.push(said);
                }
                for note in &finding.notes {
                    let text = say::note(&mut w, note);
                    if !notes.contains(&text) {
                        notes.push(text);
                    }
                }
                found.push(*finding);
            }
            Part::Refused(shortfall) => {
                // What a refusal offers is cited, but is not a fact the answer used.
                let used = w.used.len();
                let text = say::shortfall(&mut w, shortfall);
                w.used.truncate(used);
                sentences.push(say::unanswered_part(i, &text));
            }
        }
    }
    let mut answer = sentences.join(" ");
    for note in &notes {
        if !answer.contains(note.as_str()) {
            answer.push(' ');
            answer.push_str(note);
        }
    }
    let answered = found.len() == parts.len();
    let mut draft = w.finish(answer, notes, answered, Vec::new());
    draft.value = value::of(k, &found);
    draft
}

/// Writes a refusal: what is missing, what the corpus gives instead, and the closest
/// passages.
pub fn refusal(k: &Knowledge, shortfall: &Shortfall, related: &[Cited]) -> Draft {
    let mut w = Writer::new(k);
    let answer = say::shortfall(&mut w, shortfall);
    // A refusal cites only what it offers; the facts behind an offer are not "used".
    w.used.clear();
    w.finish(answer, Vec::new(), false, related.to_vec())
}

/// Marks a citation in text until the citations are numbered.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Collects the citations, facts and computations of an answer while its text is
/// written.
pub(crate) struct Writer<'a, 'k> {
    k: &'a Knowledge<'k>,
    cites: Vec<Cited>,
    /// Facts used, with the index of their citation.
    used: Vec<(usize, usize)>,
    derivation: Option<Derivation>,
}

impl<'a, 'k> Writer<'a, 'k> {
    fn new(k: &'a Knowledge<'k>) -> Self {
        Writer {
            k,
            cites: Vec::new(),
            used: Vec::new(),
            derivation: None,
        }
    }

    /// The knowledge the answer is written from.
    pub(crate) fn knowledge(&self) -> &'a Knowledge<'k> {
        self.k
    }

    /// A marker citing a span of a document (one citation per distinct span).
    pub(crate) fn cite(&mut self, cited: Cited) -> String {
        let i = match self.cites.iter().position(|c| *c == cited) {
            Some(i) => i,
            None => {
                self.cites.push(cited);
                self.cites.len() - 1
            }
        };
        format!("[{OPEN}{i}{CLOSE}]")
    }

    /// A fact by id, with a marker citing its sentence; the fact is recorded as used.
    pub(crate) fn fact(&mut self, id: usize) -> (&'a Fact, String) {
        let k = self.k;
        let fact = k
            .facts
            .get(id)
            .expect("findings name facts of the table they were found in");
        let cited = Cited {
            doc: k.doc_index(&fact.doc_id),
            span: fact.sentence,
        };
        let marker = self.cite(cited);
        let index = self.cites.iter().position(|c| *c == cited).unwrap_or(0);
        if !self.used.iter().any(|(f, _)| *f == id) {
            self.used.push((id, index));
        }
        (fact, marker)
    }

    /// Records a computation; several in one answer are all kept, in order.
    pub(crate) fn derive(&mut self, expression: String, result: f64, unit: &str) {
        match &mut self.derivation {
            Some(d) if !d.expression.contains(&expression) => {
                d.expression = format!("{}; {expression}", d.expression);
            }
            Some(_) => {}
            None => {
                self.derivation = Some(Derivation {
                    expression,
                    result,
                    unit: unit.to_string(),
                })
            }
        }
    }

    /// Numbers the citations in the order the answer (then its notes) first uses them,
    /// and assembles the draft.
    fn finish(
        self,
        answer: String,
        notes: Vec<String>,
        answered: bool,
        related: Vec<Cited>,
    ) -> Draft {
        let mut order: Vec<usize> = Vec::new();
        for text in std::iter::once(&answer).chain(&notes) {
            for i in markers(text) {
                if i < self.cites.len() && !order.contains(&i) {
                    order.push(i);
                }
            }
        }
        for i in 0..self.cites.len() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
        let number = |i: usize| order.iter().position(|&o| o == i).map_or(0, |p| p + 1);
        let docs = &self.k.corpus.documents;
        let citations = order
            .iter()
            .enumerate()
            .map(|(n, &i)| citation(n + 1, &docs[self.cites[i].doc], self.cites[i].span))
            .collect();
        let facts = self
            .used
            .iter()
            .filter_map(|&(id, i)| {
                Some(UsedFact {
                    n: number(i),
                    fact: self.k.facts.get(id)?.clone(),
                })
            })
            .collect();
        let related = related
            .iter()
            .enumerate()
            .map(|(n, c)| citation(n + 1, &docs[c.doc], c.span))
            .collect();
        Draft {
            answer: numbered(&answer, &number),
            answered,
            citations,
            facts,
            derivation: self.derivation,
            notes: notes.iter().map(|n| numbered(n, &number)).collect(),
            related,
            value: None,
        }
    }
}

/// A citation marker at the start of `text`: its index and length in bytes. Anything
/// else that starts with the marker character (a private-use character a document might
/// hold) is not a marker.
fn marker_at(text: &str) -> Option<(usize, usize)> {
    let rest = text.strip_prefix(OPEN)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let index = rest[..digits].parse().ok()?;
    rest[digits..]
        .starts_with(CLOSE)
        .then_some((index, OPEN.len_utf8() + digits + CLOSE.len_utf8()))
}

/// The citation indices marked in a text, in order.
fn markers(text: &str) -> Vec<usize> {
    text.char_indices()
        .filter_map(|(i, _)| marker_at(&text[i..]).map(|(index, _)| index))
        .collect()
}

/// The text with each citation marker replaced by its number (and any stray marker
/// character dropped).
fn numbered(text: &str, number: &dyn Fn(usize) -> usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if let Some((index, len)) = marker_at(&text[i..]) {
            out.push_str(&number(index).to_string());
            i += len;
            continue;
        }
        if c != OPEN && c != CLOSE {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

fn citation(n: usize, doc: &Document, span: Span) -> Citation {
    Citation {
        n,
        doc_id: doc.id.clone(),
        title: doc.title.clone(),
        snippet: span.of(&doc.text).to_string(),
        start: span.start,
        end: span.end,
    }
}

/// True when a statement list is only metadata, which is written as one sentence.
fn only_meta(statements: &[Statement]) -> bool {
    !statements.is_empty()
        && statements
            .iter()
            .all(|s| matches!(s, Statement::Meta { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_numbered_in_order_of_first_use() {
        let text = format!("a [{OPEN}2{CLOSE}] b [{OPEN}0{CLOSE}][{OPEN}2{CLOSE}]");
        assert_eq!(markers(&text), vec![2, 0, 2]);
        let order = [2usize, 0];
        let number = |i: usize| order.iter().position(|&o| o == i).map_or(0, |p| p + 1);
        assert_eq!(numbered(&text, &number), "a [1] b [2][1]");
        let stray = format!("x{OPEN}y [{OPEN}0{CLOSE}]{CLOSE}");
        assert_eq!(numbered(&stray, &number), "xy [2]");
    }
}
