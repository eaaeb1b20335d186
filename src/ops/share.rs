//! Shares: a stated share (with the structure it belongs to checked), a share computed
//! from the amounts of all subjects, and the change in a share between two years.

use crate::facts::{Fact, FactKind};

use super::{
    Ask, Calc, Computation, Finding, Knowledge, Outcome, Statement, distinct_subjects, latest,
    lexicon_targets, notes, one_per_subject, refuse_with_available, years_between,
};

/// A subject's share, as stated for the year asked (or every year given).
pub fn share(a: &Ask, k: &Knowledge) -> Outcome {
    let facts = k.select(&a.q, &[FactKind::Share]);
    let year = a.u.years.at.or(a.u.years.to);
    let chosen: Vec<&Fact> = match year {
        Some(y) => facts
            .iter()
            .copied()
            .filter(|f| {
                f.year == Some(y) || f.year.is_none() && facts.iter().all(|g| g.year.is_none())
            })
            .collect(),
        None => facts.clone(),
    };
    if chosen.is_empty() {
        if facts.is_empty() {
            // A share computed from stated values.
            if let Some(finding) = share_of_total(a, k, year) {
                return Outcome::Answered(finding);
            }
            if a.q.subjects.is_empty() {
                return Outcome::NotFound;
            }
        }
        return refuse_with_available(a, k, &lexicon_targets(a), &[FactKind::Share]);
    }
    let mut finding = Finding::default();
    for subject in distinct_subjects(&chosen, a) {
        let of: Vec<&Fact> = chosen
            .iter()
            .copied()
            .filter(|f| f.subject == subject)
            .collect();
        let these = if year.is_some() { of } else { latest(&of) };
        for fact in these {
            finding.statements.push(Statement::Stated {
                fact: fact.id,
                asked_unit: None,
            });
            if fact.kind == FactKind::StructurePart {
                notes::structure(k, fact.year, &fact.doc_id, &mut finding.notes);
            }
        }
    }
    Outcome::Answered(finding)
}

/// A subject's share of the sum of the amounts of all lexicon subjects in the same year.
fn share_of_total(a: &Ask, k: &Knowledge, year: Option<i32>) -> Option<Finding> {
    let subject = a.q.subjects.first()?;
    let year = year?;
    let amounts: Vec<&Fact> = k
        .facts
        .of_year(year)
        .filter(|f| {
            f.kind == FactKind::Amount && f.year == Some(year) && k.lexicon.is_subject(&f.subject)
        })
        .filter(|f| k.facts.place_ok(&a.q, f) && f.unit == "yuan")
        .collect();
    // The total is of one document's subjects: the first that gives the subject asked.
    let doc = amounts
        .iter()
        .find(|f| &f.subject == subject)?
        .doc_id
        .clone();
    let amounts: Vec<&Fact> = amounts.into_iter().filter(|f| f.doc_id == doc).collect();
    let parts = one_per_subject(&amounts);
    let own = parts.iter().find(|f| &f.subject == subject)?;
    if parts.len() < 2 {
        return None;
    }
    let total: f64 = parts.iter().map(|f| f.value).sum();
    Some(Finding::of(vec![Statement::ShareOfTotal {
        subject: subject.clone(),
        own: own.id,
        parts: parts.iter().map(|f| f.id).collect(),
        year,
        computed: Computation {
            calc: Calc::ShareOfTotal {
                own: own.value,
                parts: parts.iter().map(|f| f.value).collect(),
            },
            result: own.value / total * 100.0,
            unit: "percent".to_string(),
        },
    }]))
}

/// The change in each subject's share between two years, in percentage points.
pub fn share_change(a: &Ask, k: &Knowledge) -> Outcome {
    let facts = k.select(&a.q, &[FactKind::Share]);
    let mut finding = Finding::default();
    for subject in distinct_subjects(&facts, a) {
        let of: Vec<&Fact> = facts
            .iter()
            .copied()
            .filter(|f| f.subject == subject && f.year.is_some())
            .collect();
        let (from, to) = years_between(a, &of);
        let x = of.iter().copied().find(|f| f.year == from);
        let y = of.iter().copied().find(|f| f.year == to);
        let (Some(x), Some(y)) = (x, y) else { continue };
        if x.id == y.id {
            continue;
        }
        finding.statements.push(Statement::ShareChange {
            subject,
            from: x.id,
            to: y.id,
            computed: Computation {
                calc: Calc::ShareChange {
                    from: x.value,
                    to: y.value,
                },
                result: y.value - x.value,
                unit: "percentage points".to_string(),
            },
        });
        notes::structure(k, y.year, &y.doc_id, &mut finding.notes);
    }
    if finding.statements.is_empty() {
        return if facts.is_empty() {
            Outcome::NotFound
        } else {
            refuse_with_available(a, k, &lexicon_targets(a), &[FactKind::Share])
        };
    }
    Outcome::Answered(finding)
}
