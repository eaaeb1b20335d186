//! Sum, difference and ratio of the amounts of several subjects (or of two indicators the
//! question names by their words) in one year.

use crate::facts::{Fact, FactKind};
use crate::lang::Op;
use crate::text;

use super::{
    Ask, Calc, Combination, Computation, Finding, Knowledge, Outcome, Statement, Target, latest,
    notes, pick_unit, refuse_with_available,
};

/// Sum, difference or ratio of the amounts the question names; a sum or mean of one
/// subject's figures over the years the question names.
pub fn combine(a: &Ask, k: &Knowledge) -> Outcome {
    if matches!(a.op, Op::Sum | Op::Mean)
        && a.q.subjects.len() < 2
        && !a.u.all_subjects
        && let Some(parts) = over_years(a, k)
    {
        return combine_parts(a, k, parts);
    }
    if a.op == Op::Mean {
        return Outcome::NotFound;
    }
    let year = a.u.years.at.or(a.u.years.to);
    if a.q.subjects.len() < 2
        && !a.u.all_subjects
        && let Some(parts) = two_indicators(a, k, year)
    {
        return combine_parts(a, k, parts);
    }
    let subjects: Vec<String> = if a.q.subjects.len() >= 2 {
        a.q.subjects.clone()
    } else {
        let mut all: Vec<String> = Vec::new();
        for f in k
            .facts
            .of_kind(FactKind::Amount)
            .filter(|f| f.kind == FactKind::Amount && k.lexicon.is_subject(&f.subject))
        {
            if !all.contains(&f.subject) {
                all.push(f.subject.clone());
            }
        }
        all
    };
    if subjects.len() < 2 {
        return Outcome::NotFound;
    }
    let of_subject = |s: &String| -> Vec<&Fact> {
        k.facts
            .of_subject_where(s, None, a.q.place.as_deref())
            .into_iter()
            .filter(|f| f.kind == FactKind::Amount && &f.subject == s && k.facts.place_ok(&a.q, f))
            .filter(|f| {
                a.q.measure
                    .as_ref()
                    .is_none_or(|m| k.facts.measure_is(f, m))
            })
            .filter(|f| year.is_none() || f.year == year)
            .collect()
    };
    // The parts come from one document: with no place asked, the first that gives every
    // subject (else the one that gives the most).
    let candidates: Vec<Vec<&Fact>> = subjects.iter().map(of_subject).collect();
    let doc = if a.q.place.is_some() {
        None
    } else {
        let mut docs: Vec<usize> = candidates
            .iter()
            .flatten()
            .map(|f| k.doc_index(&f.doc_id))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        let gives = |doc: usize| {
            candidates
                .iter()
                .filter(|of| of.iter().any(|f| k.doc_index(&f.doc_id) == doc))
                .count()
        };
        docs.iter()
            .copied()
            .max_by_key(|&d| (gives(d), std::cmp::Reverse(d)))
            .map(|d| k.corpus.documents[d].id.clone())
    };
    let also = doc.as_deref().and_then(|d| {
        let all: Vec<&Fact> = candidates.iter().flatten().copied().collect();
        let others = super::other_documents(&all, d, k);
        (!others.is_empty()).then(|| Statement::AlsoIn {
            doc: k.doc_index(d),
            others,
        })
    });
    let mut parts: Vec<&Fact> = Vec::new();
    let mut missing = Vec::new();
    for (s, of) in subjects.iter().zip(candidates) {
        let of: Vec<&Fact> = of
            .into_iter()
            .filter(|f| doc.as_deref().is_none_or(|d| f.doc_id == d))
            .collect();
        let of = if year.is_none() { latest(&of) } else { of };
        match pick_unit(&of, a.u.unit.as_deref().or(Some("yuan"))) {
            Some(f) => parts.push(f),
            None => missing.push(Target::new(s.clone(), a.q.measure.clone())),
        }
    }
    if !missing.is_empty() {
        return refuse_with_available(a, k, &missing, &[FactKind::Amount]);
    }
    match combine_parts(a, k, parts) {
        Outcome::Answered(mut finding) => {
            finding.statements.extend(also);
            Outcome::Answered(finding)
        }
        other => other,
    }
}

/// One subject's figures for each year the question names (or, naming none, the figures
/// of the sentence that states the subject's figures together), in one document and unit.
fn over_years<'k>(a: &Ask, k: &Knowledge<'k>) -> Option<Vec<&'k Fact>> {
    let kinds = [
        FactKind::Amount,
        FactKind::Count,
        FactKind::Share,
        FactKind::Percent,
    ];
    let target = super::question_targets(a, k, &kinds).into_iter().next()?;
    let (facts, _) = super::target_facts(a, k, &target);
    let values: Vec<&Fact> = facts
        .into_iter()
        .filter(|f| kinds.contains(&f.kind))
        .collect();
    let first = values.first()?;
    let (doc, unit) = (first.doc_id.clone(), first.unit.clone());
    let same = |f: &&Fact| f.doc_id == doc && f.unit == unit;
    let years = &a.u.named_years;
    let parts: Vec<&Fact> = if years.len() >= 2 {
        years
            .iter()
            .filter_map(|y| {
                values
                    .iter()
                    .copied()
                    .filter(same)
                    .find(|f| f.year == Some(*y))
            })
            .collect()
    } else {
        let sentence = first.sentence;
        values
            .iter()
            .copied()
            .filter(same)
            .filter(|f| f.sentence == sentence)
            .collect()
    };
    let expected = if years.len() >= 2 { years.len() } else { 2 };
    (parts.len() >= expected).then_some(parts)
}

/// The two amounts a comparison names without lexicon subjects ("urban ... than rural
/// per capita disposable income"): the two indicators whose own words hold the most
/// question words, in the order the question names them.
fn two_indicators<'k>(a: &Ask, k: &Knowledge<'k>, year: Option<i32>) -> Option<Vec<&'k Fact>> {
    let mut candidates: Vec<&'k Fact> = Vec::new();
    let rows: Vec<&'k Fact> = if a.q.topic.is_empty() {
        k.facts.of_kind(FactKind::Amount).collect()
    } else {
        k.facts.of_topic(&a.q, k.lexicon)
    };
    for f in rows
        .into_iter()
        .filter(|f| f.kind == FactKind::Amount && k.facts.place_ok(&a.q, f))
        .filter(|f| year.is_none_or(|y| f.year == Some(y)))
        .filter(|f| {
            k.facts.topic_covered(&a.q, f, true, k.passages, k.lexicon)
                && k.facts.names_in_sentence(&a.q, f, k.passages)
        })
    {
        if !candidates
            .iter()
            .any(|c| c.subject == f.subject && c.measure == f.measure)
        {
            candidates.push(f);
        }
    }
    let score = |f: &Fact| k.facts.own_score(&a.q, f, k.lexicon);
    candidates.sort_by_key(|f| std::cmp::Reverse(score(f)));
    let [x, y, ..] = candidates.as_slice() else {
        return None;
    };
    if score(x) == 0 || score(y) == 0 || x.unit != y.unit {
        return None;
    }
    // The first question word that is in one indicator's own words and not the other's.
    let question = text::words(&a.u.text);
    let own = |f: &Fact| -> Vec<String> {
        text::words(&format!("{} {}", f.subject, f.measure))
            .into_iter()
            .map(|w| w.stem)
            .collect()
    };
    let (own_x, own_y) = (own(x), own(y));
    let first = |mine: &[String], theirs: &[String]| {
        question
            .iter()
            .position(|w| mine.contains(&w.stem) && !theirs.contains(&w.stem))
            .unwrap_or(usize::MAX)
    };
    Some(if first(&own_x, &own_y) <= first(&own_y, &own_x) {
        vec![*x, *y]
    } else {
        vec![*y, *x]
    })
}

fn combine_parts(a: &Ask, k: &Knowledge, parts: Vec<&Fact>) -> Outcome {
    let Some(first) = parts.first() else {
        return Outcome::NotFound;
    };
    let unit = first.unit.clone();
    if parts.iter().any(|f| f.unit != unit) || parts.len() < 2 {
        return Outcome::NotFound;
    }
    let values: Vec<f64> = parts.iter().map(|f| f.value).collect();
    let (how, computed) = match a.op {
        Op::Mean => (
            Combination::Mean,
            Computation {
                result: values.iter().sum::<f64>() / values.len() as f64,
                calc: Calc::Mean { parts: values },
                unit: unit.clone(),
            },
        ),
        Op::Sum => (
            Combination::Sum,
            Computation {
                result: values.iter().sum(),
                calc: Calc::Sum { parts: values },
                unit: unit.clone(),
            },
        ),
        Op::Difference => (
            Combination::Difference,
            Computation {
                calc: Calc::Difference {
                    a: values[0],
                    b: values[1],
                },
                result: values[0] - values[1],
                unit: unit.clone(),
            },
        ),
        _ => (
            Combination::Ratio,
            Computation {
                calc: Calc::Ratio {
                    a: values[0],
                    b: values[1],
                },
                result: values[0] / values[1],
                unit: "times".to_string(),
            },
        ),
    };
    let mut finding = Finding::of(vec![Statement::Combined {
        how,
        parts: parts.iter().map(|f| f.id).collect(),
        computed,
    }]);
    if how == Combination::Sum {
        notes::structure(k, first.year, &first.doc_id, &mut finding.notes);
    }
    Outcome::Answered(finding)
}
