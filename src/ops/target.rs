//! What a figure question is about (targets), and the selection helpers operations share:
//! targets per document, the years a change is between, the amounts of two years.

use crate::facts::{Fact, FactKind};
use crate::text;

use super::{Ask, Knowledge};

/// What a figure question is about: a subject and, for a place's indicators, the
/// measure ("Qingshui" and "GDP"), so that one indicator's figures are not mixed with
/// another's.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub subject: String,
    pub measure: Option<String>,
    /// The document the target is asked of, when several give it and the question names
    /// no place.
    pub doc: Option<String>,
}

impl Target {
    /// A target of any document.
    pub fn new(subject: String, measure: Option<String>) -> Target {
        Target {
            subject,
            measure,
            doc: None,
        }
    }

    /// Returns true if and only if the fact is about this target.
    pub fn holds(&self, f: &Fact, k: &Knowledge) -> bool {
        f.subject == self.subject
            && self.doc.as_deref().is_none_or(|d| f.doc_id == d)
            && self
                .measure
                .as_deref()
                .is_none_or(|m| k.facts.measure_is(f, m))
    }
}

/// The most documents one answer speaks for, when the question names no place.
pub const MAX_DOCUMENTS: usize = 3;

/// With no place asked, a target whose facts of `kinds` come from several documents is
/// asked of each of them (in corpus order, at most [`MAX_DOCUMENTS`]), so no document's
/// figure silently stands for all.
pub fn per_document(
    targets: Vec<Target>,
    a: &Ask,
    k: &Knowledge,
    kinds: &[FactKind],
) -> Vec<Target> {
    if a.q.place.is_some() {
        return targets;
    }
    let mut out = Vec::new();
    for target in targets {
        let mut docs: Vec<usize> = k
            .facts
            .of_subject_where(&target.subject, target.doc.as_deref(), None)
            .into_iter()
            .filter(|f| kinds.contains(&f.kind.family()) && target.holds(f, k))
            .map(|f| k.doc_index(&f.doc_id))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        if docs.len() < 2 || target.doc.is_some() {
            out.push(target);
            continue;
        }
        for doc in docs.into_iter().take(MAX_DOCUMENTS) {
            out.push(Target {
                doc: Some(k.corpus.documents[doc].id.clone()),
                ..target.clone()
            });
        }
    }
    out
}

/// The other documents the facts come from than `doc`, in corpus order.
pub fn other_documents(facts: &[&Fact], doc: &str, k: &Knowledge) -> Vec<usize> {
    let mut others: Vec<usize> = facts
        .iter()
        .filter(|f| f.doc_id != doc)
        .map(|f| k.doc_index(&f.doc_id))
        .collect();
    others.sort_unstable();
    others.dedup();
    others
}

/// Of the documents the facts come from, the one with the most of them (the first in
/// corpus order on a tie); None when they all come from one.
pub fn main_document(facts: &[&Fact], k: &Knowledge) -> Option<String> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for f in facts {
        let doc = k.doc_index(&f.doc_id);
        match counts.iter_mut().find(|(d, _)| *d == doc) {
            Some((_, n)) => *n += 1,
            None => counts.push((doc, 1)),
        }
    }
    if counts.len() < 2 {
        return None;
    }
    counts.sort_by_key(|&(doc, n)| (std::cmp::Reverse(n), doc));
    counts
        .first()
        .map(|(doc, _)| k.corpus.documents[*doc].id.clone())
}

/// The question's lexicon subjects as targets.
pub fn lexicon_targets(a: &Ask) -> Vec<Target> {
    a.q.subjects
        .iter()
        .map(|s| Target::new(s.clone(), a.q.measure.clone()))
        .collect()
}

/// The targets of the facts, in the order the question names its subjects, else in
/// table order.
pub fn distinct_targets(facts: &[&Fact], a: &Ask) -> Vec<Target> {
    if !a.q.subjects.is_empty() {
        return a
            .q
            .subjects
            .iter()
            .filter(|s| facts.iter().any(|f| &f.subject == *s))
            .map(|s| Target::new(s.clone(), a.q.measure.clone()))
            .collect();
    }
    let mut out: Vec<Target> = Vec::new();
    for f in facts {
        let t = Target::new(f.subject.clone(), Some(f.measure.clone()));
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The subjects a question is about for an operation over `kinds`: its lexicon
/// subjects, or the subjects of facts its words point to.
pub fn question_targets(a: &Ask, k: &Knowledge, kinds: &[FactKind]) -> Vec<Target> {
    let targets = if a.q.subjects.is_empty() {
        let facts = k.select(&a.q, kinds);
        distinct_targets(&facts, a)
    } else {
        lexicon_targets(a)
    };
    per_document(targets, a, k, kinds)
}

/// A target's facts where the question asks, and those of them that are amounts of the
/// measure it names.
pub fn target_facts<'k>(
    a: &Ask,
    k: &Knowledge<'k>,
    target: &Target,
) -> (Vec<&'k Fact>, Vec<&'k Fact>) {
    let of_target: Vec<&'k Fact> = k
        .facts
        .of_subject_where(&target.subject, target.doc.as_deref(), a.q.place.as_deref())
        .into_iter()
        .filter(|f| target.holds(f, k) && k.facts.place_ok(&a.q, f))
        .collect();
    let amounts = of_target
        .iter()
        .copied()
        .filter(|f| {
            f.kind == FactKind::Amount
                && a.q
                    .measure
                    .as_ref()
                    .is_none_or(|m| k.facts.measure_is(f, m))
        })
        .collect();
    (of_target, amounts)
}

/// The facts ordered by how many of the question's topic words their sentence holds,
/// most first (a stable order otherwise): of three changes of "cost of revenues", the
/// one whose sentence says "for VAS" answers a question about VAS.
pub fn by_sentence_words(a: &Ask, k: &Knowledge, facts: &mut [&Fact]) {
    if facts.len() < 2 || a.q.topic.is_empty() {
        return;
    }
    facts.sort_by_cached_key(|f| {
        let said = k
            .facts
            .passage_of(f)
            .map(|id| k.passages.stems(id))
            .unwrap_or_default();
        let held =
            a.q.topic
                .iter()
                .filter(|t| said.iter().any(|w| text::stems_match(w, t)))
                .count();
        std::cmp::Reverse(held)
    });
}
