//! What the corpus covers, for a greeting, thanks or "what can you do": each document's
//! title, source and date (from the lines that state them), its place, the first and
//! last years its figures are for (from the fact table) and the subjects it gives most
//! figures on.

use crate::corpus::{Document, Span};
use crate::facts::{Fact, FactKind};

use super::{Finding, Knowledge, Manner, Outcome, Sketch, Statement};

/// The most documents an overview describes one by one.
const MAX_SKETCHES: usize = 5;

/// The most subjects named for a document.
const MAX_SUBJECTS: usize = 3;

/// What the corpus covers, opened the way the question asks.
pub fn overview(manner: Manner, k: &Knowledge) -> Outcome {
    let docs: Vec<Sketch> = (0..k.corpus.documents.len())
        .take(MAX_SKETCHES)
        .map(|doc| sketch(doc, k))
        .collect();
    let more = k.corpus.documents.len().saturating_sub(docs.len());
    Outcome::Answered(Finding::of(vec![Statement::Overview {
        manner,
        docs,
        more,
    }]))
}

/// What one document covers.
pub fn sketch(doc: usize, k: &Knowledge) -> Sketch {
    let d = &k.corpus.documents[doc];
    let facts: Vec<&Fact> = k
        .facts
        .all()
        .iter()
        .filter(|f| f.doc_id == d.id && !f.year_inferred)
        .collect();
    // The earliest and latest years, each from the first row that states it; a
    // multiple's base year counts, as its sentence states it.
    let stated = |f: &&Fact| f.base_year.into_iter().chain(f.year);
    let first = facts
        .iter()
        .flat_map(|f| stated(f).map(move |y| (y, f.id)))
        .min();
    let last = facts
        .iter()
        .flat_map(|f| stated(f).map(move |y| (y, f.id)))
        .max_by_key(|&(y, id)| (y, std::cmp::Reverse(id)));
    Sketch {
        doc,
        front: front_lines(d),
        place: d.place.clone(),
        first,
        last,
        subjects: subjects(&facts),
    }
}

/// The lines the title, source and date are taken from: one span when they are all in
/// the front matter, else the title's line alone.
fn front_lines(d: &Document) -> Option<Span> {
    let lines: Vec<Span> = ["title", "source", "publisher", "date"]
        .iter()
        .filter_map(|key| d.fields.iter().find(|f| f.key == *key))
        .map(|f| f.line)
        .collect();
    let start = lines.iter().map(|l| l.start).min()?;
    let end = lines.iter().map(|l| l.end).max()?;
    if end <= d.body.start {
        return Some(Span::new(start, end));
    }
    d.fields.iter().find(|f| f.key == "title").map(|f| f.line)
}

/// What a document gives the most figures on (amounts, shares and changes, by
/// [`Fact::topic`]), each stated at least twice, most first and in order of first mention
/// among equals; names holding digits are left out, as they would print a number no
/// sentence is cited for.
fn subjects(facts: &[&Fact]) -> Vec<String> {
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let figure = matches!(
            f.kind.family(),
            FactKind::Amount | FactKind::Share | FactKind::Change | FactKind::Multiple
        );
        let topic = f.topic();
        if !figure || topic.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        match counts
            .iter_mut()
            .find(|(s, _, _)| s.eq_ignore_ascii_case(topic))
        {
            Some(entry) => entry.1 += 1,
            None => counts.push((topic, 1, i)),
        }
    }
    counts.retain(|&(_, n, _)| n >= 2);
    counts.sort_by_key(|&(_, n, first)| (std::cmp::Reverse(n), first));
    counts
        .into_iter()
        .take(MAX_SUBJECTS)
        .map(|(s, _, _)| s.to_string())
        .collect()
}
