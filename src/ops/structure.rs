//! Structures: the parts of a stated structure ("a ratio of 52:18:30 in 1949"), checked
//! against the stated amounts of the parts.

use crate::facts::{Fact, FactKind};

use super::{Ask, Finding, Knowledge, Outcome, Statement, notes, refuse_with_available};

/// The stated structure for the year asked, or for every year the corpus states one.
pub fn structure(a: &Ask, k: &Knowledge) -> Outcome {
    let parts: Vec<&Fact> = k
        .facts
        .of_kind(FactKind::StructurePart)
        .filter(|f| f.kind == FactKind::StructurePart && k.facts.place_ok(&a.q, f))
        .collect();
    if parts.is_empty() {
        return Outcome::NotFound;
    }
    let years: Vec<Option<i32>> = match a.u.years.at.or(a.u.years.to) {
        Some(y) => vec![Some(y)],
        None => {
            let mut ys: Vec<Option<i32>> = parts.iter().map(|f| f.year).collect();
            ys.dedup();
            ys
        }
    };
    let mut finding = Finding::default();
    for year in years {
        let of: Vec<&Fact> = parts.iter().copied().filter(|f| f.year == year).collect();
        let Some(first) = of.first() else { continue };
        finding.statements.push(Statement::Structure {
            year,
            parts: of.iter().map(|f| f.id).collect(),
        });
        notes::structure(k, year, &first.doc_id, &mut finding.notes);
    }
    if finding.statements.is_empty() {
        return refuse_with_available(a, k, &[], &[FactKind::Share]);
    }
    Outcome::Answered(finding)
}
