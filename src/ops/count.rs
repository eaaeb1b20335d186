//! Periods, counts, lists and ranks: "When was the First Five-Year Plan?", "How many
//! crucial areas...?", "What are the crucial areas...?", "Where did it rank?".

use crate::facts::{Fact, FactKind};
use crate::lang::Op;
use crate::text;

use super::{Ask, Finding, Knowledge, Outcome, Statement, lookup};

/// The period whose name holds the most question words.
pub fn period(a: &Ask, k: &Knowledge) -> Outcome {
    let facts = k.select(&a.q, &[FactKind::Period]);
    if facts.is_empty() {
        return Outcome::NotFound;
    }
    let score = |f: &Fact| {
        let own: Vec<String> = text::words(&f.subject)
            .into_iter()
            .map(|w| w.stem)
            .collect();
        a.q.topic
            .iter()
            .filter(|t| own.iter().any(|w| w == *t))
            .count()
    };
    let best = facts.iter().map(|f| score(f)).max().unwrap_or(0);
    Outcome::Answered(Finding::of(
        facts
            .into_iter()
            .filter(|f| score(f) == best)
            .map(|f| Statement::Period { fact: f.id })
            .collect(),
    ))
}

/// A count (or, for a list, a count whose items are listed) of what the question asks.
pub fn count(a: &Ask, k: &Knowledge) -> Outcome {
    let facts = k.select(&a.q, &[FactKind::Count]);
    // "How many high-tech enterprises": what is counted must be what the row counts.
    let own = |f: &Fact| -> Vec<String> {
        text::words(&format!("{} {}", f.subject, f.unit))
            .into_iter()
            .map(|w| w.stem)
            .collect()
    };
    // A count of a year asked is of that year: a count the text does not date answers
    // only if its paragraph names the year ("the 2019 document ... seven crucial areas").
    let year = a.u.years.point();
    let of_year = |f: &Fact| {
        year.is_none_or(|y| {
            f.year == Some(y)
                || (f.year.is_none()
                    && k.facts.passage_of(f).is_some_and(|id| {
                        k.passages
                            .paragraph(id)
                            .any(|q| k.passages.text(q).contains(&y.to_string()))
                    }))
        })
    };
    let facts: Vec<&Fact> = facts
        .into_iter()
        .filter(|f| of_year(f))
        .filter(|f| a.op != Op::List || !f.items.is_empty())
        .filter(|f| {
            let own = own(f);
            a.q.counted
                .iter()
                .all(|c| own.iter().any(|o| text::stems_match(o, c)))
        })
        .collect();
    // The row whose own words hold the most question words; a listed one first.
    let score = |f: &Fact| {
        let own = own(f);
        let hits =
            a.q.topic
                .iter()
                .filter(|t| own.iter().any(|w| text::stems_match(w, t)))
                .count();
        (hits, usize::from(f.items.len() == f.value as usize))
    };
    match facts.iter().copied().max_by_key(|f| score(f)) {
        Some(best) => Outcome::Answered(Finding::of(vec![Statement::Count { fact: best.id }])),
        // "How many tourists...": a number stated as an amount of something.
        None if a.op == Op::Count => lookup::lookup(a, k),
        None => Outcome::NotFound,
    }
}

/// A stated rank of what the question names.
pub fn rank(a: &Ask, k: &Knowledge) -> Outcome {
    let facts = k.select(&a.q, &[FactKind::Rank]);
    let year = a.u.years.point();
    let chosen: Vec<&Fact> = facts
        .into_iter()
        .filter(|f| year.is_none_or(|y| f.year == Some(y)))
        .collect();
    if chosen.is_empty() {
        return Outcome::NotFound;
    }
    Outcome::Answered(Finding::of(
        chosen
            .into_iter()
            .map(|f| Statement::Rank { fact: f.id })
            .collect(),
    ))
}
