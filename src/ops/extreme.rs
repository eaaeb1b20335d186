//! The largest or smallest: which subject grew the most, had the largest share or the
//! largest amount.

use crate::facts::{Fact, FactKind};
use crate::lang::{Cue, Op};

use super::{Ask, ExtremeOf, Finding, Knowledge, Outcome, Statement, notes, one_per_subject};

/// The subject with the largest (or smallest) growth, share or amount.
pub fn extreme(a: &Ask, k: &Knowledge) -> Outcome {
    let (of, kind, year) = if a.u.has(Cue::GrowthWord) {
        (ExtremeOf::Growth, FactKind::Multiple, a.u.years.from)
    } else if a.u.has(Cue::ShareWord) {
        (ExtremeOf::Share, FactKind::Share, a.u.years.at)
    } else {
        (ExtremeOf::Amount, FactKind::Amount, a.u.years.at)
    };
    let candidates: Vec<&Fact> = k
        .facts
        .of_kinds(&[kind])
        .into_iter()
        .filter(|f| f.kind.family() == kind && k.facts.place_ok(&a.q, f))
        .filter(|f| a.q.subjects.len() < 2 || a.q.subjects.contains(&f.subject))
        .filter(|f| {
            // "Which sector...": the lexicon's sectors; otherwise what the words name.
            k.lexicon.is_subject(&f.subject)
                || (a.q.subjects.is_empty()
                    && !a.q.topic.is_empty()
                    && k.facts.topic_covered(&a.q, f, true, k.passages, k.lexicon))
        })
        .filter(|f| match (kind, year) {
            (FactKind::Multiple, Some(y)) => f.base_year == Some(y),
            (_, Some(y)) => f.year == Some(y),
            _ => true,
        })
        .filter(|f| {
            kind != FactKind::Amount || f.unit == "yuan" || a.u.unit.as_ref() == Some(&f.unit)
        })
        .collect();
    // With no place asked, the subjects compared are those of one document.
    let main = super::main_document(&candidates, k);
    let also = main.as_deref().map(|doc| Statement::AlsoIn {
        doc: k.doc_index(doc),
        others: super::other_documents(&candidates, doc, k),
    });
    let candidates: Vec<&Fact> = match &main {
        Some(doc) => candidates
            .into_iter()
            .filter(|f| &f.doc_id == doc)
            .collect(),
        None => candidates,
    };
    let parts = one_per_subject(&candidates);
    if parts.len() < 2 {
        return Outcome::NotFound;
    }
    let max = a.op == Op::Max;
    let Some(best) = parts.iter().copied().max_by(|x, y| {
        let o = x
            .value
            .partial_cmp(&y.value)
            .unwrap_or(std::cmp::Ordering::Equal);
        if max { o } else { o.reverse() }
    }) else {
        return Outcome::NotFound;
    };
    let mut finding = Finding::of(vec![Statement::Extreme {
        best: best.id,
        others: parts
            .iter()
            .filter(|f| f.id != best.id)
            .map(|f| f.id)
            .collect(),
        of,
        max,
    }]);
    if kind == FactKind::Share {
        notes::structure(k, best.year, &best.doc_id, &mut finding.notes);
    }
    finding.statements.extend(also);
    Outcome::Answered(finding)
}
