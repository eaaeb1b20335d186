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
            if let Some(finding) = part_of_whole(a, k) {
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

/// A part's share of the whole a sentence states it of: "9,850 people ..., of whom 2,140
/// worked in research", "Of the $454 million in cash ..., $383 million was held abroad".
/// Taken from the sentences that best answer the question.
fn part_of_whole(a: &Ask, k: &Knowledge) -> Option<Finding> {
    for ranked in super::retrieve::rank(a, k).into_iter().take(3) {
        if ranked.coverage < super::retrieve::MIN_COVERAGE {
            break;
        }
        let mut facts: Vec<&Fact> = k
            .facts
            .of_passage(ranked.id)
            .filter(|f| matches!(f.kind, FactKind::Amount | FactKind::Count))
            .collect();
        facts.sort_by_key(|f| f.span.start);
        let doc = &k.corpus.documents[k.doc_index(&facts.first()?.doc_id)];
        for (i, whole) in facts.iter().enumerate() {
            for part in &facts[i + 1..] {
                // "of whom 2,140": a part may leave its counted noun to the whole.
                let same_unit = part.unit == whole.unit || part.unit.is_empty();
                if !same_unit || part.value >= whole.value || whole.value <= 0.0 {
                    continue;
                }
                let between = doc.text.get(whole.span.end..part.span.start).unwrap_or("");
                let before = doc
                    .text
                    .get(whole.sentence.start..whole.span.start)
                    .unwrap_or("");
                let of_whole = regex!(r"(?i)(?:,\s*|\b)(?:of (?:whom|which|these|them|this|that)|including|among (?:them|whom|which))\b").is_match(between)
                    && between.len() < 80;
                let whole_first = regex!(r"(?i)^\s*of (?:the|its|their|our)?\s*(?:total of\s*)?$")
                    .is_match(before);
                if !(of_whole || whole_first) {
                    continue;
                }
                let share = part.value / whole.value * 100.0;
                return Some(Finding::of(vec![Statement::PartOfWhole {
                    part: part.id,
                    whole: whole.id,
                    computed: Computation {
                        calc: Calc::PartOfWhole {
                            part: part.value,
                            whole: whole.value,
                        },
                        result: share,
                        unit: "percent".to_string(),
                    },
                }]));
            }
        }
    }
    None
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
