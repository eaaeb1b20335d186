//! Growth: a stated multiple (checked against the stated values), a stated change, or a
//! multiple, absolute or percent change computed from two stated amounts.

use crate::facts::{Fact, FactKind};
use crate::lang::{Cue, Op};
use crate::text;

use super::{
    Ask, Calc, Check, Computation, Finding, Knowledge, Note, Outcome, Statement, Target,
    amount_pair, by_sentence_words, lookup, notes, question_targets, refuse_with_available,
    target_facts,
};

/// Growth, or — for "what was it worth in 1949, judging by its growth" — the value.
pub fn growth_or_value(a: &Ask, k: &Knowledge) -> Outcome {
    match growth(a, k) {
        Outcome::Short(_) | Outcome::NotFound
            if a.op == Op::Growth
                && a.u.years.at.is_some()
                && a.u.years.from.is_none()
                && a.u.has(Cue::Worth) =>
        {
            lookup::lookup(a, k)
        }
        outcome => outcome,
    }
}

fn growth(a: &Ask, k: &Knowledge) -> Outcome {
    // A change may be asked of a rate ("the change in ownership interest": 32.0% from
    // 31.8%); growth is of amounts.
    let kinds: &[FactKind] = if matches!(a.op, Op::AbsoluteChange | Op::PercentChange) {
        &[
            FactKind::Multiple,
            FactKind::Amount,
            FactKind::Change,
            FactKind::Percent,
        ]
    } else {
        &[FactKind::Multiple, FactKind::Amount, FactKind::Change]
    };
    if let Some(stated) = stated_change(a, k) {
        return Outcome::Answered(Finding::of(vec![stated]));
    }
    let targets = question_targets(a, k, kinds);
    if targets.is_empty() {
        return Outcome::NotFound;
    }
    let mut finding = Finding::default();
    let mut missing = Vec::new();
    for target in &targets {
        match growth_of(a, k, target, &mut finding.notes) {
            Some(s) => finding.statements.push(s),
            None => missing.push(target.clone()),
        }
    }
    if finding.statements.is_empty() {
        return refuse_with_available(
            a,
            k,
            &missing,
            &[FactKind::Multiple, FactKind::Change, FactKind::Amount],
        );
    }
    Outcome::Answered(finding)
}

/// A change the text states between the two years asked, for a question about one thing:
/// "increased $19.2 million in fiscal 2019 as compared to fiscal 2018" or "increased by
/// 28% ... on a year-on-year basis" is the answer as the text gives it, before any change
/// computed from two amounts. Of several, the one whose sentence holds most of the
/// question's words ("cost of revenues for VAS").
fn stated_change(a: &Ask, k: &Knowledge) -> Option<Statement> {
    let (Some(from), Some(to)) = (a.u.years.from, a.u.years.to.or(a.u.years.at)) else {
        return None;
    };
    if a.q.subjects.len() > 1 {
        return None;
    }
    let is_change = |f: &Fact| f.kind.family() == FactKind::Change;
    let in_points = |f: &Fact| f.unit.ends_with("points");
    let asks_points =
        regex!(r"(?i)\b(?:points?|rate|margin|share|ratio|proportion)\b").is_match(&a.u.text);
    let kinds: &[FactKind] = match a.op {
        Op::PercentChange => &[FactKind::Change],
        Op::AbsoluteChange | Op::Growth => {
            &[FactKind::Change, FactKind::Amount, FactKind::Multiple]
        }
        _ => return None,
    };
    // The measure's words join the topic: a stated change's measure is the change
    // ("percent change", "increase in income"), the thing changed is in its subject.
    let mut q = a.q.clone();
    if let Some(measure) = q.measure.take() {
        for w in text::words(&measure) {
            if !q.topic.contains(&w.stem) {
                q.topic.push(w.stem);
            }
        }
    }
    let selected = k.select(&q, kinds);
    let fits = |f: &&Fact| f.base_year == Some(from) && f.year == Some(to);
    // A multiple stated between the years is growth's own answer.
    if selected
        .iter()
        .any(|f| f.kind == FactKind::Multiple && fits(f))
    {
        return None;
    }
    let mut stated: Vec<&Fact> = selected
        .into_iter()
        .filter(fits)
        .filter(|f| match a.op {
            Op::PercentChange => is_change(f) && f.unit == "percent",
            // A change in points is of a rate, asked as such.
            Op::AbsoluteChange => {
                f.rule == "change-amount"
                    || (is_change(f) && f.unit != "percent" && (!in_points(f) || asks_points))
            }
            _ => f.rule == "change-amount" || (is_change(f) && (!in_points(f) || asks_points)),
        })
        .collect();
    by_sentence_words(a, k, &mut stated);
    stated.first().map(|f| Statement::Stated {
        fact: f.id,
        asked_unit: None,
    })
}

/// The two latest years the figures give, earlier first.
fn latest_two_years(facts: &[&Fact]) -> (Option<i32>, Option<i32>) {
    let mut years: Vec<i32> = facts.iter().filter_map(|f| f.year).collect();
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [.., a, b] => (Some(*a), Some(*b)),
        _ => (None, None),
    }
}

/// One target's growth between the asked years (or the years the text gives).
fn growth_of(a: &Ask, k: &Knowledge, target: &Target, notes: &mut Vec<Note>) -> Option<Statement> {
    let subject = target.subject.clone();
    let from = a.u.years.from;
    let to = a.u.years.to.or(a.u.years.at);
    let (facts, amounts) = target_facts(a, k, target);
    let is_change = |f: &Fact| f.kind.family() == FactKind::Change;
    // "How fast", "year-on-year", "what rate": a percent change, not a multiple.
    let wants_rate = a.u.has(Cue::Rate);
    let stated = facts
        .iter()
        .copied()
        .find(|f| {
            f.kind == FactKind::Multiple
                && (from.is_none() || f.base_year == from)
                && (to.is_none() || f.year == to)
        })
        .filter(|_| {
            !wants_rate
                || !facts
                    .iter()
                    .any(|f| is_change(f) && (to.is_none() || f.year == to))
        });
    let change = facts.iter().copied().find(|f| {
        is_change(f) && (from.is_none() || f.base_year == from) && (to.is_none() || f.year == to)
    });
    // A change asked without years is between the two latest years the corpus gives;
    // the values changed may be percents ("a 32.0% interest, 31.8% a year before").
    let changes = matches!(a.op, Op::AbsoluteChange | Op::PercentChange);
    let amounts = if changes && amounts.len() < 2 {
        facts
            .iter()
            .copied()
            .filter(|f| {
                matches!(
                    f.kind,
                    FactKind::Amount | FactKind::Share | FactKind::Percent
                )
            })
            .collect()
    } else {
        amounts
    };
    let (start_year, end_year) = match stated {
        Some(m) => (m.base_year, m.year),
        None if changes && from.is_none() && to.is_none() => latest_two_years(&amounts),
        None => (from, to),
    };
    let pair = amount_pair(&amounts, start_year, end_year, a.u.unit.as_deref()).or_else(|| {
        // "His salary increased from $390,000 to $440,000": a change asked without years
        // is between the two ends a sentence gives.
        (changes && from.is_none() && to.is_none())
            .then(|| from_to_pair(&amounts))
            .flatten()
    });
    if matches!(a.op, Op::AbsoluteChange | Op::PercentChange) {
        if let (Op::PercentChange, Some(c), None) = (a.op, change, pair) {
            return Some(Statement::Stated {
                fact: c.id,
                asked_unit: None,
            });
        }
        let (x, y) = pair?;
        let computed = if a.op == Op::AbsoluteChange {
            Computation {
                calc: Calc::Change {
                    from: x.value,
                    to: y.value,
                },
                result: y.value - x.value,
                // The change of a percent is in percentage points.
                unit: if y.unit == "percent" {
                    "percentage points".to_string()
                } else {
                    y.unit.clone()
                },
            }
        } else {
            Computation {
                calc: Calc::PercentChange {
                    from: x.value,
                    to: y.value,
                },
                result: (y.value / x.value - 1.0) * 100.0,
                unit: "percent".to_string(),
            }
        };
        return Some(Statement::Computed {
            subject,
            from: x.id,
            to: y.id,
            computed,
        });
    }
    if let Some(m) = stated {
        let measure = pair
            .map(|(x, _)| x.measure.clone())
            .or_else(|| amounts.first().map(|x| x.measure.clone()))
            .unwrap_or_else(|| "value".to_string());
        let check = pair.map(|(x, y)| {
            let result = y.value / x.value;
            let computed = Computation {
                calc: Calc::Multiple {
                    from: x.value,
                    to: y.value,
                },
                result,
                unit: "times".to_string(),
            };
            let consistent = notes::multiple_consistent(m, result);
            if !consistent {
                notes.push(Note::Multiple {
                    subject: subject.clone(),
                    multiple: m.id,
                    computed: computed.clone(),
                });
            }
            Check {
                from: x.id,
                to: y.id,
                computed,
                consistent,
            }
        });
        return Some(Statement::StatedGrowth {
            subject,
            multiple: m.id,
            measure,
            check,
        });
    }
    if let Some(c) = change {
        return Some(Statement::Stated {
            fact: c.id,
            asked_unit: None,
        });
    }
    let (x, y) = pair?;
    Some(Statement::Computed {
        subject,
        from: x.id,
        to: y.id,
        computed: Computation {
            calc: Calc::Multiple {
                from: x.value,
                to: y.value,
            },
            result: y.value / x.value,
            unit: "times".to_string(),
        },
    })
}

/// The two ends of a "from X to Y" a sentence states, when the figures give just one.
fn from_to_pair<'k>(amounts: &[&'k Fact]) -> Option<(&'k Fact, &'k Fact)> {
    let ends: Vec<&Fact> = amounts
        .iter()
        .copied()
        .filter(|f| f.rule == "from-to")
        .collect();
    match ends.as_slice() {
        [x, y] if x.sentence == y.sentence && x.unit == y.unit => {
            Some(if x.span.start < y.span.start {
                (x, y)
            } else {
                (y, x)
            })
        }
        _ => None,
    }
}
