//! Look-up: a figure as the corpus states it, for the year asked (or the latest), and an
//! amount per person or per thing that the corpus gives only the parts of.

use crate::facts::{Fact, FactKind, FactQuery};
use crate::lang::{Cue, english};
use crate::text;

use super::{
    Ask, Calc, Computation, Finding, Knowledge, Outcome, Statement, distinct_targets, implied,
    is_money, latest, notes, per_document, pick_unit, refuse_with_available,
};

/// A look-up; when the question asks for an average per person or per thing and the
/// figure found is not such an average, the average computed from its parts instead.
pub fn lookup_or_per_unit(a: &Ask, k: &Knowledge) -> Outcome {
    let outcome = lookup(a, k);
    let en = english();
    let averaged = match &outcome {
        Outcome::Answered(f) => f.facts().iter().any(|id| {
            k.facts
                .get(*id)
                .is_some_and(|f| en.cue(Cue::Averaged).is_match(&f.measure))
        }),
        _ => false,
    };
    if averaged || !a.u.has(Cue::PerUnit) {
        return outcome;
    }
    match per_unit(a, k) {
        Some(finding) => Outcome::Answered(finding),
        None => outcome,
    }
}

/// The kinds a look-up reads, in the order it prefers them.
const LOOKED_UP: [FactKind; 5] = [
    FactKind::Amount,
    FactKind::Share,
    FactKind::Percent,
    FactKind::Change,
    FactKind::Count,
];

/// A figure as stated, for the year asked or else the latest.
pub fn lookup(a: &Ask, k: &Knowledge) -> Outcome {
    let wants_amount = a.u.unit.is_some() || a.u.has(Cue::Amount);
    let kinds: &[FactKind] = if a.q.measure.is_some() || wants_amount {
        &[FactKind::Amount]
    } else {
        &LOOKED_UP
    };
    let facts = k.select(&a.q, kinds);
    if facts.is_empty() {
        // An amount asked of something the article gives only as a change or share.
        let all = [
            FactKind::Amount,
            FactKind::Share,
            FactKind::Percent,
            FactKind::Change,
            FactKind::Multiple,
        ];
        let other = k.select(&a.q, &all);
        if wants_amount && !other.is_empty() {
            let targets = distinct_targets(&other, a);
            return refuse_with_available(a, k, &targets, &all);
        }
        return Outcome::NotFound;
    }
    let year = a.u.years.point();
    let kind = LOOKED_UP
        .into_iter()
        .find(|kind| facts.iter().any(|f| f.kind.family() == *kind))
        .unwrap_or(FactKind::Amount);
    let facts: Vec<&Fact> = facts
        .into_iter()
        .filter(|f| f.kind.family() == kind)
        .collect();
    let targets = per_document(distinct_targets(&facts, a), a, k, &[kind]);
    let mut finding = Finding::default();
    let mut missing = Vec::new();
    for target in &targets {
        let of_subject: Vec<&Fact> = facts
            .iter()
            .copied()
            .filter(|f| target.holds(f, k))
            .collect();
        let chosen: Vec<&Fact> = match year {
            Some(y) => of_subject
                .iter()
                .copied()
                .filter(|f| f.year == Some(y))
                .collect(),
            None => latest(&of_subject),
        };
        let Some(fact) = pick_unit(&chosen, a.u.unit.as_deref()) else {
            // A value the table implies though it does not state it.
            if kind == FactKind::Amount
                && let Some(y) = year
                && let Some(statement) = implied::implied_one(a, k, target, Some(y))
            {
                return Outcome::Answered(Finding::of(vec![statement]));
            }
            missing.push(target.clone());
            continue;
        };
        let asked_unit =
            a.u.unit
                .clone()
                .filter(|asked| *asked != fact.unit && kind == FactKind::Amount);
        finding.statements.push(Statement::Stated {
            fact: fact.id,
            asked_unit,
        });
        if fact.kind == FactKind::StructurePart {
            notes::structure(k, fact.year, &fact.doc_id, &mut finding.notes);
        }
    }
    if finding.statements.is_empty() {
        return refuse_with_available(a, k, &missing, &[kind]);
    }
    Outcome::Answered(finding)
}

/// An amount per person or per thing the article does not state: the amount divided by
/// the population ("per capita GDP"), or by a number of things in the same year
/// ("revenue per rural tourist visit").
fn per_unit(a: &Ask, k: &Knowledge) -> Option<Finding> {
    let year = a.u.years.at.or(a.u.years.to);
    let per_person = a.u.has(Cue::PerPerson);
    let divisor_words: Vec<String> = if per_person {
        vec![crate::search::stem("population")]
    } else {
        let c = regex!(r"(?i)\b(?:each|per|every)\s+((?:[a-z-]+\s+){0,2}[a-z-]+?)(?:\s+(?:bring|generate|earn|spend|cost|in|on|did|does|was|is)\b|[?.,]|$)")
            .captures(&a.u.text)?;
        text::words(&c[1]).into_iter().map(|w| w.stem).collect()
    };
    // The amount is read without the words that name the divisor.
    let q = FactQuery {
        topic: a
            .q
            .topic
            .iter()
            .filter(|t| {
                !["capita", "person", "head", "resid", "inhabit"].contains(&t.as_str())
                    && !divisor_words.contains(t)
            })
            .cloned()
            .collect(),
        counted: Vec::new(),
        ..a.q.clone()
    };
    let amounts = k.select(&q, &[FactKind::Amount]);
    let amount = amounts
        .iter()
        .copied()
        .filter(|f| year.is_none_or(|y| f.year == Some(y)) && is_money(&f.unit))
        .find(|f| !f.measure.contains("per capita"))?;
    let divisor_of = |f: &Fact| {
        let own = k.facts.own(f);
        divisor_words
            .iter()
            .all(|d| own.iter().any(|o| text::stems_match(o, d)))
    };
    let divisor = k.facts.of_doc(&amount.doc_id).find(|f| {
        f.kind == FactKind::Amount
            && !is_money(&f.unit)
            && f.doc_id == amount.doc_id
            && (per_person || f.subject == amount.subject || f.place == amount.place)
            && (f.year == amount.year || f.year_inferred || amount.year_inferred)
            && divisor_of(f)
    })?;
    let value = amount.value / divisor.value;
    let each = if per_person {
        "per person".to_string()
    } else {
        format!("per {}", divisor.measure.trim_start_matches("number of "))
    };
    Some(Finding::of(vec![Statement::PerUnit {
        amount: amount.id,
        divisor: divisor.id,
        computed: Computation {
            calc: Calc::PerUnit {
                amount: amount.value,
                divisor: divisor.value,
            },
            result: value,
            unit: format!("{} {each}", amount.unit),
        },
    }]))
}
