//! Implied values: what a stated multiple or change says about a year the corpus gives
//! no figure for ("Estimate tertiary industry's added value in 1949": 17.52 billion ÷
//! 17,500).

use crate::facts::{Fact, FactKind};

use super::{
    Ask, Bound, Calc, Computation, Finding, Knowledge, Outcome, Statement, Target, lexicon_targets,
    question_targets, refuse_with_available,
};

/// States the value a multiple implies for its base year: value ÷ multiple. A stated
/// value wins over an implied one. With `explicit` (the question asked for an estimate),
/// a refusal says what the corpus has.
pub fn implied(a: &Ask, k: &Knowledge, explicit: bool) -> Outcome {
    let targets = question_targets(a, k, &[FactKind::Multiple, FactKind::Amount]);
    let year = a.u.years.at.or(a.u.years.from);
    for target in targets {
        let stated = k
            .facts
            .of_subject_where(&target.subject, target.doc.as_deref(), a.q.place.as_deref())
            .into_iter()
            .find(|f| {
                f.kind == FactKind::Amount
                    && target.holds(f, k)
                    && year.is_some()
                    && f.year == year
                    && k.facts.place_ok(&a.q, f)
            });
        if let Some(fact) = stated {
            return Outcome::Answered(Finding::of(vec![Statement::StatedNoEstimate {
                fact: fact.id,
            }]));
        }
        if let Some(statement) = implied_one(a, k, &target, year) {
            return Outcome::Answered(Finding::of(vec![statement]));
        }
    }
    if explicit {
        return refuse_with_available(
            a,
            k,
            &lexicon_targets(a),
            &[FactKind::Amount, FactKind::Multiple],
        );
    }
    Outcome::NotFound
}

/// The value a target's stated multiple implies for its base year (`year`, when given),
/// or else the value before a stated percent change.
pub fn implied_one(
    a: &Ask,
    k: &Knowledge,
    target: &Target,
    year: Option<i32>,
) -> Option<Statement> {
    let Some(multiple) = k
        .facts
        .of_subject_where(&target.subject, target.doc.as_deref(), a.q.place.as_deref())
        .into_iter()
        .find(|f| {
            f.kind == FactKind::Multiple
                && target.holds(f, k)
                && f.base_year.is_some()
                && (year.is_none() || f.base_year == year)
                && k.facts.place_ok(&a.q, f)
        })
    else {
        return implied_by_change(a, k, target, year);
    };
    let amount = k.facts.of_subject(&target.subject).find(|f| {
        f.kind == FactKind::Amount
            && target.holds(f, k)
            && f.year == multiple.year
            && f.doc_id == multiple.doc_id
            && a.q
                .measure
                .as_ref()
                .is_none_or(|m| k.facts.measure_is(f, m))
    })?;
    let base_year = multiple.base_year?;
    let value = amount.value / multiple.value;
    Some(Statement::Implied {
        subject: target.subject.clone(),
        amount: amount.id,
        multiple: multiple.id,
        base_year,
        computed: Computation {
            calc: Calc::Implied {
                amount: amount.value,
                multiple: multiple.value,
            },
            result: value,
            unit: amount.unit.clone(),
        },
        bound: bound(multiple),
    })
}

/// How a multiple's qualifier bounds the value it implies: "more than 250 times" makes
/// the earlier value smaller than this, "nearly triple" larger.
fn bound(multiple: &Fact) -> Bound {
    match multiple.qualifier.as_deref() {
        None => Bound::Exact,
        Some("more than" | "over" | "above" | "exceeding" | "at least" | "just over") => {
            Bound::Upper
        }
        Some(
            "nearly" | "almost" | "under" | "less than" | "below" | "close to" | "just under"
            | "up to",
        ) => Bound::Lower,
        Some(_) => Bound::Approximate,
    }
}

/// The value of the year before a stated percent change: "38,450 yuan in 2019, up 7.9
/// percent from a year earlier" implies 38,450 ÷ 1.079 for 2018.
fn implied_by_change(
    a: &Ask,
    k: &Knowledge,
    target: &Target,
    year: Option<i32>,
) -> Option<Statement> {
    let year = year?;
    let change = k
        .facts
        .of_subject_where(&target.subject, target.doc.as_deref(), a.q.place.as_deref())
        .into_iter()
        .find(|f| {
            f.kind.family() == FactKind::Change
                && f.unit == "percent"
                && target.holds(f, k)
                && f.base_year == Some(year)
                && k.facts.place_ok(&a.q, f)
        })?;
    let amount = k.facts.of_subject(&target.subject).find(|f| {
        f.kind == FactKind::Amount
            && target.holds(f, k)
            && f.year == change.year
            && f.doc_id == change.doc_id
    })?;
    let factor = 1.0 + change.value / 100.0;
    let value = amount.value / factor;
    Some(Statement::ImpliedByChange {
        target: target.clone(),
        amount: amount.id,
        change: change.id,
        year,
        computed: Computation {
            calc: Calc::ImpliedByChange {
                amount: amount.value,
                factor,
            },
            result: value,
            unit: amount.unit.clone(),
        },
    })
}
