//! Operations: one file per thing a question can ask to be done with the corpus. Each
//! takes the question as the plan reads it ([`Ask`]) and what the corpus holds
//! ([`Knowledge`]), selects facts or passages and computes, and returns an [`Outcome`]: a
//! [`Finding`] of typed statements, a [`Shortfall`] that says what the corpus has instead,
//! or nothing. No English is written here; `compose/` writes every word of a reply.

mod average;
mod combine;
mod count;
mod events;
mod extreme;
mod finding;
mod growth;
mod implied;
mod lookup;
mod meta;
mod notes;
mod overview;
mod passage;
pub(crate) mod retrieve;
mod share;
mod span;
mod structure;
mod summary;
mod target;

use crate::corpus::Corpus;
use crate::facts::{Fact, FactKind, FactQuery, FactTable};
use crate::lang::Op;
use crate::lexicon::Lexicon;
use crate::passage::Passages;
use crate::search::TextIndex;
use crate::understand::Understood;

pub use finding::*;
pub use meta::meta;
pub use passage::{passage, related};
pub use retrieve::{asks_a_way, asks_number, asks_of_a_table, asks_what_it_is_made_of, floor};
pub use target::*;

/// Everything an answer is computed from.
pub struct Knowledge<'a> {
    pub corpus: &'a Corpus,
    pub passages: &'a Passages,
    pub facts: &'a FactTable,
    pub text: &'a TextIndex,
    pub lexicon: &'a Lexicon,
}

impl Knowledge<'_> {
    /// Rows of `kinds` that the query selects.
    pub fn select(&self, q: &FactQuery, kinds: &[FactKind]) -> Vec<&Fact> {
        self.facts.select(q, kinds, self.passages, self.lexicon)
    }

    /// The index of a document in the corpus.
    pub fn doc_index(&self, doc_id: &str) -> usize {
        self.corpus.index_of(doc_id).unwrap_or(0)
    }
}

/// The question as an operation reads it: the understood question, and the selection
/// query the plan built from it (which may read the question by its words rather than
/// its lexicon subjects, or leave out the words that name a divisor).
pub struct Ask<'a> {
    pub u: &'a Understood,
    pub q: FactQuery,
    pub op: Op,
}

impl<'a> Ask<'a> {
    /// The question read with its own operation and its plain selection query.
    pub fn new(u: &'a Understood) -> Ask<'a> {
        Ask {
            u,
            q: query(u),
            op: u.op(),
        }
    }

    /// The same question with another selection query.
    pub fn with_query(&self, q: FactQuery) -> Ask<'a> {
        Ask {
            u: self.u,
            q,
            op: self.op,
        }
    }

    /// The same question asked as another operation.
    pub fn as_op(&self, op: Op) -> Ask<'a> {
        Ask {
            u: self.u,
            q: self.q.clone(),
            op,
        }
    }
}

/// The selection query of an understood question.
pub fn query(u: &Understood) -> FactQuery {
    FactQuery {
        subjects: u.subjects.clone(),
        topic: u.topic.clone(),
        emphasis: u.emphasis.clone(),
        period: u.period.clone(),
        names: u.names.clone(),
        measure: u.measure.clone(),
        verb_measure: u.verb_measure.clone(),
        counted: u.counted.clone(),
        place: u.place.clone(),
    }
}

/// The subjects of `facts` in the order the question names them, else in table order.
pub fn distinct_subjects(facts: &[&Fact], a: &Ask) -> Vec<String> {
    let mut out: Vec<String> =
        a.q.subjects
            .iter()
            .filter(|s| facts.iter().any(|f| &f.subject == *s))
            .cloned()
            .collect();
    if out.is_empty() {
        for f in facts {
            if !out.contains(&f.subject) {
                out.push(f.subject.clone());
            }
        }
    }
    out
}

/// The first and last years a change is asked between: the question's, or else the
/// earliest and latest the facts give.
pub fn years_between(a: &Ask, facts: &[&Fact]) -> (Option<i32>, Option<i32>) {
    let years = &a.u.years;
    let from = years
        .from
        .or_else(|| facts.iter().filter_map(|f| f.year).min());
    let to = years
        .to
        .or(years.at)
        .or_else(|| facts.iter().filter_map(|f| f.year).max());
    (from, to)
}

/// The facts of the latest year (all of them when none has a year).
pub fn latest<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let max = facts.iter().filter_map(|f| f.year).max();
    facts.iter().copied().filter(|f| f.year == max).collect()
}

/// One fact per subject (the first of each), keeping order.
pub fn one_per_subject<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let mut out: Vec<&Fact> = Vec::new();
    for f in facts {
        if !out.iter().any(|g| g.subject == f.subject) {
            out.push(f);
        }
    }
    out
}

/// The fact in the asked unit, else the first not in US dollars, else the first.
pub fn pick_unit<'f>(facts: &[&'f Fact], unit: Option<&str>) -> Option<&'f Fact> {
    unit.and_then(|u| facts.iter().copied().find(|f| f.unit == u))
        .or_else(|| facts.iter().copied().find(|f| f.unit != "US dollars"))
        .or_else(|| facts.first().copied())
}

/// The amounts of a subject for two years, in the same unit.
pub fn amount_pair<'f>(
    amounts: &[&'f Fact],
    from: Option<i32>,
    to: Option<i32>,
    unit: Option<&str>,
) -> Option<(&'f Fact, &'f Fact)> {
    let (from, to) = (from?, to?);
    let a: Vec<&Fact> = amounts
        .iter()
        .copied()
        .filter(|f| f.year == Some(from))
        .collect();
    let b: Vec<&Fact> = amounts
        .iter()
        .copied()
        .filter(|f| f.year == Some(to))
        .collect();
    let b_fact = pick_unit(&b, unit)?;
    let a_fact = a
        .iter()
        .copied()
        .find(|f| f.unit == b_fact.unit && f.doc_id == b_fact.doc_id)?;
    (a_fact.id != b_fact.id && a_fact.value != 0.0).then_some((a_fact, b_fact))
}

/// True when the unit is a currency.
pub fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds")
}

/// Runs the figure operation a question asks for.
pub fn figures(a: &Ask, k: &Knowledge) -> Outcome {
    match a.op {
        Op::Lookup => lookup::lookup_or_per_unit(a, k),
        Op::Growth | Op::PercentChange | Op::AbsoluteChange => growth::growth_or_value(a, k),
        Op::Cagr => average::average_growth(a, k),
        Op::AverageIncrease => average::average_increase(a, k),
        Op::Implied => implied::implied(a, k, true),
        Op::Share => share::share(a, k),
        Op::ShareChange => share::share_change(a, k),
        Op::Sum | Op::Mean | Op::Difference | Op::Ratio => combine::combine(a, k),
        Op::Max | Op::Min => extreme::extreme(a, k),
        Op::Structure => structure::structure(a, k),
        Op::Period => count::period(a, k),
        Op::Count | Op::List => count::count(a, k),
        Op::Rank => count::rank(a, k),
        Op::Greeting | Op::Thanks | Op::Help | Op::Summary | Op::Events => converse(a, k),
    }
}

/// Runs an operation about the conversation or the corpus as a whole (see
/// [`Op::converses`]); any other operation finds nothing here.
pub fn converse(a: &Ask, k: &Knowledge) -> Outcome {
    match a.op {
        Op::Greeting => overview::overview(Manner::Greeting, k),
        Op::Thanks => overview::overview(Manner::Thanks, k),
        Op::Help => overview::overview(Manner::Help, k),
        Op::Summary => summary::summary(a, k),
        Op::Events => events::events(a, k),
        _ => Outcome::NotFound,
    }
}

/// Refuses, saying what the table does have for the targets asked about.
pub fn refuse_with_available(
    a: &Ask,
    k: &Knowledge,
    targets: &[Target],
    kinds: &[FactKind],
) -> Outcome {
    let mut offers = Vec::new();
    for target in targets {
        let have: Vec<&Fact> = k
            .facts
            .of_subject_where(&target.subject, target.doc.as_deref(), a.q.place.as_deref())
            .into_iter()
            .filter(|f| target.holds(f, k) && kinds.contains(&f.kind) && k.facts.place_ok(&a.q, f))
            .filter(|f| {
                a.q.measure
                    .as_ref()
                    .is_none_or(|m| f.kind != FactKind::Amount || k.facts.measure_is(f, m))
            })
            .collect();
        let Some(first) = have.first() else {
            continue;
        };
        offers.push(Offer {
            target: target.clone(),
            place: first.place.clone(),
            facts: have.iter().take(3).map(|f| f.id).collect(),
        });
    }
    if offers.is_empty() {
        return Outcome::NotFound;
    }
    Outcome::Short(Shortfall::NearMiss {
        years: a.u.years.all(),
        offers,
    })
}
