//! A cited extractive summary: for each document asked about, its lead sentence and the
//! sentences that add the most subjects with figures not already covered (more figures,
//! then an earlier place, breaking ties), in the order the document gives them.

use std::collections::BTreeSet;

use crate::facts::Fact;
use crate::passage::{Passage, PassageKind};

use super::meta::docs_for;
use super::{Ask, Cited, Finding, Knowledge, Outcome, Statement};

/// The most documents summarised in one reply.
const MAX_DOCUMENTS: usize = 5;

/// Sentences besides the lead, and the most bytes the sentences of one summary may take
/// (the lead is always quoted): more for one document than for each of two; of three or
/// more, the lead alone.
const EXTRA_ONE: usize = 2;
const EXTRA_SEVERAL: usize = 1;
const BYTES_ONE: usize = 1000;
const BYTES_SEVERAL: usize = 500;

/// A summary of each document the question names (by place, title words or publication
/// year), else of every document.
pub fn summary(a: &Ask, k: &Knowledge) -> Outcome {
    let docs = documents(a, k);
    let (extra, budget) = match docs.len() {
        1 => (EXTRA_ONE, BYTES_ONE),
        2 => (EXTRA_SEVERAL, BYTES_SEVERAL),
        _ => (0, 0),
    };
    let statements: Vec<Statement> = docs
        .into_iter()
        .take(MAX_DOCUMENTS)
        .filter_map(|doc| {
            let sentences = pick(doc, k, extra, budget);
            (!sentences.is_empty()).then(|| Statement::Summary {
                doc,
                title: k.corpus.documents[doc]
                    .fields
                    .iter()
                    .find(|f| f.key == "title")
                    .map(|f| f.line),
                sentences,
            })
        })
        .collect();
    if statements.is_empty() {
        return Outcome::NotFound;
    }
    Outcome::Answered(Finding::of(statements))
}

/// The documents a summary is of: those published in a year the question names, else
/// those it names by place or title words, else all.
fn documents(a: &Ask, k: &Knowledge) -> Vec<usize> {
    let docs = &k.corpus.documents;
    let years = a.u.years.all();
    let of_year: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].year().is_some_and(|y| years.contains(&y)))
        .collect();
    if !of_year.is_empty() {
        return of_year;
    }
    docs_for(a, k)
}

/// The sentences of a document's summary, in document order: the lead and up to `extra`
/// more, within `budget` bytes.
pub fn pick(doc: usize, k: &Knowledge, extra: usize, budget: usize) -> Vec<Cited> {
    let sentences: Vec<&Passage> = k
        .passages
        .all()
        .iter()
        .filter(|p| p.doc == doc && p.kind == PassageKind::Sentence)
        .collect();
    let Some(lead) = sentences.first() else {
        return Vec::new();
    };
    let doc_id = &k.corpus.documents[doc].id;
    let of_doc: Vec<&Fact> = k
        .facts
        .all()
        .iter()
        .filter(|f| &f.doc_id == doc_id)
        .collect();
    // The subjects with figures each sentence states, and how many figures.
    let subjects = |p: &Passage| -> (BTreeSet<&str>, usize) {
        let facts: Vec<&Fact> = of_doc
            .iter()
            .copied()
            .filter(|f| f.sentence == p.span)
            .collect();
        let n = facts.len();
        (facts.into_iter().map(|f| f.subject.as_str()).collect(), n)
    };
    let mut covered: BTreeSet<&str> = subjects(lead).0;
    let mut chosen: Vec<usize> = vec![0];
    let mut bytes = lead.span.len();
    for _ in 0..extra {
        let best = sentences
            .iter()
            .enumerate()
            .filter(|(i, p)| !chosen.contains(i) && bytes + p.span.len() <= budget)
            .map(|(i, p)| {
                let (own, figures) = subjects(p);
                let new = own.iter().filter(|s| !covered.contains(*s)).count();
                (i, own, new, figures)
            })
            .filter(|(_, _, new, _)| *new > 0)
            .max_by_key(|(i, _, new, figures)| (*new, *figures, std::cmp::Reverse(*i)));
        let Some((i, own, _, _)) = best else {
            break;
        };
        covered.extend(own);
        chosen.push(i);
        bytes += sentences[i].span.len();
    }
    // A document without figures: the first sentences of the next paragraphs.
    if chosen.len() == 1 {
        let mut paragraph = lead.paragraph;
        for (i, p) in sentences.iter().enumerate() {
            if chosen.len() > extra {
                break;
            }
            if p.paragraph != paragraph {
                paragraph = p.paragraph;
                if bytes + p.span.len() <= budget {
                    chosen.push(i);
                    bytes += p.span.len();
                }
            }
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| Cited {
            doc,
            span: sentences[i].span,
        })
        .collect()
}
