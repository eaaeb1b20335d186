//! The short answer of a reply (`value`): what a program asking the question wants back —
//! the number with its unit, the span of the cited sentence that answers, or the items.

use crate::facts::{Fact, FactKind};
use crate::ops::{Finding, Knowledge, Statement};
use crate::reply::Value;

use super::numbers::{fmt_number, human_date};
use super::words::{figure_alone, stated_multiple};
use super::working::shown;

/// The value of an answer made of these findings: the one statement's value, or a list
/// of every statement's value.
pub(super) fn of(k: &Knowledge, findings: &[&Finding]) -> Option<Value> {
    let mut values: Vec<Value> = Vec::new();
    for v in findings
        .iter()
        .flat_map(|f| &f.statements)
        .filter_map(|s| statement(k, s))
    {
        // Two parts of a compound question answered by the same words give them once.
        if !values.iter().any(|seen| seen.text == v.text) {
            values.push(v);
        }
    }
    match values.len() {
        0 => None,
        1 => values.into_iter().next(),
        _ => {
            let items: Vec<String> = values.iter().map(|v| v.text.clone()).collect();
            Some(Value {
                text: items.join("; "),
                items,
                ..Value::default()
            })
        }
    }
}

/// True when a unit is a thing counted ("warrants", "visitors"), not a currency, a
/// percent or a multiple: the short answer is then the number alone, the unit beside it.
fn counted(unit: &str) -> bool {
    !unit.is_empty()
        && !crate::ops::is_money(unit)
        && !unit.starts_with("percent")
        && !unit.starts_with("percentage")
        && !["times", "rank", "year", "years"].contains(&unit)
        && !unit.contains(" a year")
        && !unit.contains(" per ")
}

fn number(text: String, number: f64, unit: &str) -> Value {
    Value {
        text,
        number: Some(number),
        unit: (!unit.is_empty()).then(|| unit.to_string()),
        ..Value::default()
    }
}

fn text(text: String) -> Value {
    Value {
        text,
        ..Value::default()
    }
}

/// The value of a fact as stated.
fn of_fact(f: &Fact) -> Value {
    match f.kind {
        FactKind::Period => {
            let years = match (f.year, f.end_year) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => f.surface.clone(),
            };
            text(years)
        }
        FactKind::Count if !f.items.is_empty() => Value {
            text: f.items.join(", "),
            number: Some(f.value),
            unit: Some(f.unit.clone()),
            items: f.items.clone(),
            qualifier: None,
        },
        FactKind::Rank => number(f.surface.clone(), f.value, "rank"),
        FactKind::StructurePart => number(
            format!("{} {}", fmt_number(f.value), f.unit),
            f.value,
            &f.unit,
        ),
        // The figure as written; its qualifier ("approximately") beside it.
        _ => {
            let text = if counted(&f.unit) {
                f.surface.clone()
            } else {
                figure_alone(f)
            };
            Value {
                qualifier: f.qualifier.clone(),
                ..number(text, f.value, &f.unit)
            }
        }
    }
}

fn statement(k: &Knowledge, s: &Statement) -> Option<Value> {
    let fact = |id: &usize| k.facts.get(*id);
    Some(match s {
        Statement::Stated { fact: id, .. }
        | Statement::StatedNoEstimate { fact: id }
        | Statement::StatedAverageGrowth { fact: id }
        | Statement::Period { fact: id }
        | Statement::Count { fact: id }
        | Statement::Rank { fact: id } => of_fact(fact(id)?),
        Statement::StatedGrowth { multiple, .. } => {
            let m = fact(multiple)?;
            number(stated_multiple(m), m.value, "times")
        }
        Statement::Computed { computed, .. }
        | Statement::AverageGrowth { computed, .. }
        | Statement::AverageGrowthOfMultiple { computed, .. }
        | Statement::AverageIncrease { computed, .. }
        | Statement::Implied { computed, .. }
        | Statement::ImpliedByChange { computed, .. }
        | Statement::PerUnit { computed, .. }
        | Statement::ShareOfTotal { computed, .. }
        | Statement::PartOfWhole { computed, .. }
        | Statement::ShareChange { computed, .. }
        | Statement::Combined { computed, .. } => {
            let text = if counted(&computed.unit) {
                fmt_number(computed.result)
            } else {
                shown(computed)
            };
            number(text, computed.result, &computed.unit)
        }
        Statement::Extreme { best, .. } => text(fact(best)?.subject.clone()),
        Statement::Structure { parts, .. } => {
            let first = fact(parts.first()?)?;
            let items: Vec<String> = parts
                .iter()
                .filter_map(fact)
                .map(|p| format!("{} {} {}", p.subject, fmt_number(p.value), p.unit))
                .collect();
            Value {
                text: first.surface.clone(),
                items,
                ..Value::default()
            }
        }
        Statement::Passage {
            sentence,
            part,
            short,
            ..
        } => {
            // A figure of the sentence, as written, with its number and unit.
            let figure = short.as_ref().and_then(|short| {
                let id = k.passages.at(sentence.doc, sentence.span.start)?;
                k.facts
                    .of_passage(id)
                    .find(|f| f.surface == *short && f.kind != FactKind::Period)
            });
            match (figure, short) {
                (Some(f), Some(short)) => Value {
                    qualifier: f.qualifier.clone(),
                    ..number(short.clone(), f.value, &f.unit)
                },
                _ => text(short.clone().unwrap_or_else(|| part.clone())),
            }
        }
        Statement::AlsoIn { .. } => return None,
        Statement::Overview { docs, .. } => {
            let items: Vec<String> = docs
                .iter()
                .map(|d| k.corpus.documents[d.doc].title.clone())
                .collect();
            Value {
                text: items.join("; "),
                items,
                ..Value::default()
            }
        }
        Statement::Summary { sentences, .. } => {
            let items: Vec<String> = sentences
                .iter()
                .map(|c| c.span.of(&k.corpus.documents[c.doc].text).to_string())
                .collect();
            Value {
                text: items.join(" "),
                items,
                ..Value::default()
            }
        }
        Statement::Within { fact: id, .. } => {
            let f = fact(id)?;
            let years = of_fact(f).text;
            text(format!("{} ({years})", f.subject))
        }
        Statement::Meta { value, key, .. } => match key {
            crate::understand::MetaKey::Date => {
                text(human_date(value).unwrap_or_else(|| value.clone()))
            }
            _ => text(value.clone()),
        },
    })
}
