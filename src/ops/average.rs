//! Averages over years: the average annual growth rate (stated, computed from two
//! amounts, or from a stated multiple) and the average annual increase (an amount a
//! year, computed from two amounts).

use crate::facts::{Fact, FactKind};

use super::{
    Ask, Calc, Computation, Finding, Knowledge, Outcome, Statement, amount_pair, question_targets,
    refuse_with_available, target_facts, years_between,
};

/// The average annual growth rate: stated when the article states it, else computed.
pub fn average_growth(a: &Ask, k: &Knowledge) -> Outcome {
    // An average annual growth the article states ("an annual growth rate of 13 percent
    // since 2016").
    let stated = k
        .select(&a.q, &[FactKind::Change])
        .into_iter()
        .filter(|f| f.kind == FactKind::AverageGrowth)
        .find(|f| a.u.years.from.is_none() || f.base_year == a.u.years.from);
    if let Some(f) = stated {
        return Outcome::Answered(Finding::of(vec![Statement::StatedAverageGrowth {
            fact: f.id,
        }]));
    }
    let targets = question_targets(a, k, &[FactKind::Amount, FactKind::Multiple]);
    let mut statements = Vec::new();
    let mut missing = Vec::new();
    for target in &targets {
        let subject = target.subject.clone();
        let (facts, amounts) = target_facts(a, k, target);
        let (from, to) = years_between(a, &amounts);
        if let Some((x, y)) = amount_pair(&amounts, from, to, a.u.unit.as_deref()) {
            let (Some(y0), Some(y1)) = (x.year, y.year) else {
                missing.push(target.clone());
                continue;
            };
            let years = y1 - y0;
            let rate = ((y.value / x.value).powf(1.0 / f64::from(years)) - 1.0) * 100.0;
            statements.push(Statement::AverageGrowth {
                subject,
                from: x.id,
                to: y.id,
                computed: Computation {
                    calc: Calc::Cagr {
                        from: x.value,
                        to: y.value,
                        years,
                    },
                    result: rate,
                    unit: "percent".to_string(),
                },
            });
        } else if let Some(m) = facts.iter().copied().find(|f| {
            f.kind == FactKind::Multiple
                && (a.u.years.from.is_none() || f.base_year == a.u.years.from)
                && (a.u.years.to.is_none() || f.year == a.u.years.to)
        }) {
            let (Some(y0), Some(y1)) = (m.base_year, m.year) else {
                missing.push(target.clone());
                continue;
            };
            let years = y1 - y0;
            let rate = (m.value.powf(1.0 / f64::from(years)) - 1.0) * 100.0;
            statements.push(Statement::AverageGrowthOfMultiple {
                subject,
                multiple: m.id,
                computed: Computation {
                    calc: Calc::CagrOfMultiple {
                        multiple: m.value,
                        years,
                    },
                    result: rate,
                    unit: "percent".to_string(),
                },
            });
        } else {
            missing.push(target.clone());
        }
    }
    if statements.is_empty() {
        return refuse_with_available(a, k, &missing, &[FactKind::Amount, FactKind::Multiple]);
    }
    Outcome::Answered(Finding::of(statements))
}

/// The average annual increase between two years: (last − first) ÷ years, an amount a
/// year, from two stated amounts in the same unit.
pub fn average_increase(a: &Ask, k: &Knowledge) -> Outcome {
    let targets = question_targets(a, k, &[FactKind::Amount]);
    let mut statements = Vec::new();
    let mut missing = Vec::new();
    for target in &targets {
        let (_, amounts) = target_facts(a, k, target);
        let (from, to) = years_between(a, &amounts);
        let pair: Option<(&Fact, &Fact)> = amount_pair(&amounts, from, to, a.u.unit.as_deref());
        let Some((x, y)) = pair else {
            missing.push(target.clone());
            continue;
        };
        let (Some(y0), Some(y1)) = (x.year, y.year) else {
            missing.push(target.clone());
            continue;
        };
        if y1 <= y0 {
            missing.push(target.clone());
            continue;
        }
        let years = y1 - y0;
        statements.push(Statement::AverageIncrease {
            target: target.clone(),
            from: x.id,
            to: y.id,
            computed: Computation {
                calc: Calc::AverageIncrease {
                    from: x.value,
                    to: y.value,
                    years,
                },
                result: (y.value - x.value) / f64::from(years),
                unit: format!("{} a year", y.unit),
            },
        });
    }
    if statements.is_empty() {
        return refuse_with_available(a, k, &missing, &[FactKind::Amount]);
    }
    Outcome::Answered(Finding::of(statements))
}
