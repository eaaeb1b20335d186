//! Consistency checks: where the corpus's own figures disagree with each other.

use crate::facts::{Fact, FactKind};

use super::{Calc, Computation, Knowledge, Note};

/// Checks a stated structure against the stated amounts of its parts in that year, and
/// adds a note when they disagree.
pub fn structure(k: &Knowledge, year: Option<i32>, doc_id: &str, notes: &mut Vec<Note>) {
    let Some(year) = year else { return };
    let parts: Vec<&Fact> = k
        .facts
        .of_doc(doc_id)
        .filter(|f| {
            f.kind == FactKind::StructurePart
                && f.year == Some(year)
                && f.doc_id == doc_id
                && f.unit == "percent"
        })
        .collect();
    if parts.len() < 2 {
        return;
    }
    let mut amounts = Vec::new();
    for part in &parts {
        let found = k.facts.of_doc(doc_id).find(|f| {
            f.kind == FactKind::Amount
                && f.subject == part.subject
                && f.year == Some(year)
                && f.doc_id == doc_id
                && f.unit == "yuan"
        });
        match found {
            Some(f) => amounts.push(f),
            None => return,
        }
    }
    let total: f64 = amounts.iter().map(|f| f.value).sum();
    let computed: Vec<f64> = amounts.iter().map(|f| f.value / total * 100.0).collect();
    let agrees = parts
        .iter()
        .zip(&computed)
        .all(|(s, c)| (s.value - c).abs() <= 2.0_f64.max(0.1 * s.value));
    if agrees {
        return;
    }
    let note = Note::Structure {
        year,
        parts: parts.iter().map(|f| f.id).collect(),
        amounts: amounts.iter().map(|f| f.id).collect(),
        computed: Computation {
            calc: Calc::StructureShares {
                values: amounts.iter().map(|f| f.value).collect(),
            },
            result: total,
            unit: amounts[0].unit.clone(),
        },
    };
    let already = notes
        .iter()
        .any(|n| matches!(n, Note::Structure { year: y, parts: p, .. } if *y == year && p[0] == parts[0].id));
    if !already {
        notes.push(note);
    }
}

/// True when a computed multiple agrees with a stated one, read with its qualifier.
pub fn multiple_consistent(stated: &Fact, computed: f64) -> bool {
    let s = stated.value;
    match stated.qualifier.as_deref() {
        Some("more than" | "over" | "above" | "exceeding" | "at least" | "just over") => {
            computed >= s * 0.995 && computed <= s * 2.0
        }
        Some(
            "nearly" | "almost" | "close to" | "under" | "less than" | "up to" | "below"
            | "just under",
        ) => computed <= s * 1.005 && computed >= s * 0.8,
        Some(_) => (computed - s).abs() <= 0.1 * s,
        None => (computed - s).abs() <= 0.02 * s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Span;

    #[test]
    fn a_qualified_multiple_is_read_with_its_qualifier() {
        let mut f = Fact {
            id: 0,
            doc_id: "d".into(),
            place: None,
            subject: "s".into(),
            measure: "growth multiple".into(),
            kind: FactKind::Multiple,
            year: Some(2018),
            year_inferred: false,
            base_year: Some(1949),
            end_year: None,
            value: 10_000.0,
            unit: "times".into(),
            qualifier: Some("over".into()),
            surface: "10,000 times".into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            items: Vec::new(),
            among: None,
            rule: String::new(),
        };
        assert!(multiple_consistent(&f, 10_775.0));
        assert!(!multiple_consistent(&f, 9_000.0));
        f.qualifier = None;
        assert!(!multiple_consistent(&f, 10_775.0));
        assert!(multiple_consistent(&f, 10_100.0));
    }
}
