//! Suggested follow-up questions: two or three questions the corpus can answer, offered
//! after a reply. They are built from the fact table (subjects, measures and years near the
//! figures the answer used), never from text written for a particular article, and each is
//! kept only when the engine answers it, from other figures than the answer it follows.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use crate::facts::{Fact, FactKind, FactTable};
use crate::reply::UsedFact;

/// The most suggestions a reply carries.
pub const MAX_SUGGESTIONS: usize = 3;

/// The most candidate questions checked with `answers` for one reply, so that suggesting
/// costs a bounded number of extra answers.
const MAX_CHECKED: usize = 8;

/// The most answers a [`Checked`] keeps; past it, it starts afresh.
const MAX_CHECKED_KEPT: usize = 10_000;

/// The answers to candidate questions, kept for the engine's life: candidates are built
/// from the fact table, which does not change while an engine serves it, and each is
/// asked on its own (without a conversation), so its answer never changes either. With
/// it, suggesting costs a few map lookups once the usual candidates have been asked.
#[derive(Debug, Default)]
pub struct Checked(Mutex<HashMap<String, Option<Vec<usize>>>>);

impl Checked {
    /// Returns what `answer` returns for `question`, asking it only the first time.
    pub fn answer(
        &self,
        question: &str,
        answer: impl FnOnce(&str) -> Option<Vec<usize>>,
    ) -> Option<Vec<usize>> {
        if let Ok(kept) = self.0.lock()
            && let Some(found) = kept.get(question)
        {
            return found.clone();
        }
        let found = answer(question);
        if let Ok(mut kept) = self.0.lock() {
            if kept.len() >= MAX_CHECKED_KEPT {
                kept.clear();
            }
            kept.insert(question.to_string(), found.clone());
        }
        found
    }
}

/// Returns up to [`MAX_SUGGESTIONS`] questions about figures of `facts` (the fact table)
/// related to `used` (the rows the answer to `asked` used): the same figure in another
/// year, the same measure for another subject, the growth of the same subject. Without
/// used rows (a refusal, or an answer from the text), the questions are about the first
/// subjects of the table. `answers` returns the ids of the rows the engine's answer to a
/// question uses, or None when the corpus does not answer it; a question is kept only
/// when it is answered and not from exactly the rows of `used` (the same question in
/// other words). `asked` itself and repeats are left out. The order is deterministic.
pub fn suggest(
    facts: &FactTable,
    used: &[UsedFact],
    asked: &str,
    answers: &dyn Fn(&str) -> Option<Vec<usize>>,
) -> Vec<String> {
    let several_places = facts.several_places();
    // The candidates are made lazily, in order, as the checks below take them: without
    // used rows the anchors are drawn from the start of the table as needed.
    let first_of_subjects = || {
        let mut seen = HashSet::new();
        facts
            .of_kind(FactKind::Amount)
            .filter(|f| f.year.is_some())
            .filter(move |f| seen.insert((f.doc_id.as_str(), f.subject.as_str())))
    };
    let used_anchors: Vec<&Fact> = used.iter().map(|u| &u.fact).collect();
    let is_anchor = |f: &Fact| {
        if used.is_empty() {
            // One anchor per subject of a document: its first amount with a year.
            facts
                .of_doc(&f.doc_id)
                .find(|g| g.kind == FactKind::Amount && g.year.is_some() && g.subject == f.subject)
                .is_some_and(|g| g.id == f.id)
        } else {
            used_anchors.iter().any(|a| a.id == f.id)
        }
    };
    let anchors: Box<dyn Iterator<Item = &Fact>> = if used.is_empty() {
        Box::new(first_of_subjects())
    } else {
        Box::new(used_anchors.iter().copied())
    };
    let made = Cell::new(0usize);
    let lookups: Box<dyn Iterator<Item = String>> = if used.is_empty() {
        Box::new(first_of_subjects().filter_map(|a| lookup(a, several_places)))
    } else {
        Box::new(std::iter::empty())
    };
    let candidates = lookups
        .inspect(|_| made.set(made.get() + 1))
        // More candidates than can be checked would only be thrown away.
        .chain(
            anchors
                .take_while(|_| made.get() < 2 * MAX_CHECKED)
                .flat_map(|anchor| {
                    let mut out = Vec::new();
                    related_questions(facts, anchor, &is_anchor, several_places, &mut out);
                    made.set(made.get() + out.len());
                    out
                }),
        );

    let used_ids: HashSet<usize> = used.iter().map(|u| u.fact.id).collect();
    let mut seen: HashSet<String> = HashSet::from([normalized(asked)]);
    let mut suggestions = Vec::new();
    let mut checked = 0;
    for question in candidates {
        if suggestions.len() == MAX_SUGGESTIONS || checked == MAX_CHECKED {
            break;
        }
        if !seen.insert(normalized(&question)) {
            continue;
        }
        checked += 1;
        let repeats = |ids: &Vec<usize>| {
            !used_ids.is_empty() && ids.iter().copied().collect::<HashSet<_>>() == used_ids
        };
        if answers(&question).is_some_and(|ids| !repeats(&ids)) {
            suggestions.push(question);
        }
    }
    suggestions
}

/// The most candidate questions checked for the opening questions (asked once per
/// engine).
const MAX_OPENING_CHECKED: usize = 12;

/// Returns up to [`MAX_SUGGESTIONS`] questions to start a conversation with, of different
/// kinds and, with several documents, from different ones: for each document in turn, how
/// a subject grew, a figure it states, and when a named period ran (or what the things it
/// counts are). Each is kept only when `answers` answers it; the order is deterministic.
pub fn opening(facts: &FactTable, answers: &dyn Fn(&str) -> Option<Vec<usize>>) -> Vec<String> {
    let several_places = facts.several_places();
    let docs = facts.docs_in_table_order();
    // Each document's candidates, best kind first, made when the interleaving below first
    // reaches that document: only the first documents' are needed.
    let mut per_doc: Vec<Option<Vec<String>>> = vec![None; docs.len()];
    let mut candidates: Vec<String> = Vec::new();
    let mut round = 0;
    'rounds: loop {
        let mut longer = false;
        for (i, doc) in docs.iter().enumerate() {
            let of_doc =
                per_doc[i].get_or_insert_with(|| opening_of_doc(facts, doc, several_places));
            if let Some(question) = of_doc.get(round) {
                candidates.push(question.clone());
                if candidates.len() == MAX_OPENING_CHECKED {
                    break 'rounds;
                }
            }
            longer |= of_doc.len() > round + 1;
        }
        if !longer {
            break;
        }
        round += 1;
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for question in &candidates {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if seen.insert(normalized(question)) && answers(question).is_some() {
            out.push(question.clone());
        }
    }
    out
}

/// A document's opening questions, best kind first, about what it states more than once
/// (a name read from one odd sentence makes a poor first question): how a subject grew,
/// a figure it states, when a named period ran, what the things it counts are.
fn opening_of_doc(facts: &FactTable, doc: &str, several_places: bool) -> Vec<String> {
    let of_doc: Vec<&Fact> = facts.of_doc(doc).collect();
    let repeated = |f: &&&Fact| {
        of_doc
            .iter()
            .filter(|g| g.topic().eq_ignore_ascii_case(f.topic()))
            .count()
            > 1
    };
    let mut out = Vec::new();
    let growth = of_doc
        .iter()
        .filter(repeated)
        .find(|f| f.kind == FactKind::Multiple && f.base_year.is_some() && f.year.is_some());
    if let Some(f) = growth
        && let (Some(base), Some(year)) = (f.base_year, f.year)
    {
        out.push(format!(
            "How much did {} grow from {base} to {year}?",
            grown(f, several_places)
        ));
    }
    let amounts = of_doc
        .iter()
        .filter(repeated)
        .filter(|f| f.kind == FactKind::Amount && !f.year_inferred);
    // A figure of another subject than the growth's, when there is one.
    let amount = amounts
        .clone()
        .find(|f| growth.is_none_or(|g| g.topic() != f.topic()))
        .or_else(|| amounts.clone().next());
    out.extend(amount.and_then(|f| lookup(f, several_places)));
    if let Some(f) = of_doc.iter().find(|f| f.kind == FactKind::Period) {
        out.push(format!("When was the {}?", f.subject));
    }
    if let Some(f) = of_doc
        .iter()
        .find(|f| f.kind == FactKind::Count && !f.items.is_empty())
    {
        out.push(format!(
            "What are the {}{}?",
            f.subject,
            place_phrase(f, several_places)
        ));
    }
    out
}

/// Pushes questions about the figures related to `anchor`, best first.
fn related_questions(
    facts: &FactTable,
    anchor: &Fact,
    is_anchor: &dyn Fn(&Fact) -> bool,
    several_places: bool,
    out: &mut Vec<String>,
) {
    let place = |f: &Fact| place_phrase(f, several_places);
    let amounts = |f: &&Fact| {
        f.kind == FactKind::Amount && f.doc_id == anchor.doc_id && f.measure == anchor.measure
    };
    let lookup = |f: &Fact| lookup(f, several_places);
    let facts = || facts.of_doc(&anchor.doc_id);

    // The same subject and measure in another year.
    for fact in facts().filter(amounts) {
        if fact.subject == anchor.subject && fact.year != anchor.year && !is_anchor(fact) {
            out.extend(lookup(fact));
        }
    }
    // The same measure and year for another subject.
    for fact in facts().filter(amounts) {
        if fact.subject != anchor.subject && fact.year == anchor.year && !is_anchor(fact) {
            out.extend(lookup(fact));
        }
    }
    // The growth of the same subject: a stated multiple, or the years the table spans.
    for fact in facts().filter(|f| {
        f.kind == FactKind::Multiple
            && f.doc_id == anchor.doc_id
            && f.subject == anchor.subject
            && !is_anchor(f)
    }) {
        if let (Some(base), Some(year)) = (fact.base_year, fact.year) {
            out.push(format!(
                "How much did {}{} grow from {base} to {year}?",
                fact.subject,
                place(fact)
            ));
        }
    }
    let mut years: Vec<i32> = facts()
        .filter(amounts)
        .filter(|f| f.subject == anchor.subject)
        .filter_map(|f| f.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    if let (Some(first), Some(last)) = (years.first(), years.last())
        && first < last
    {
        out.push(format!(
            "What was the average annual growth rate of the {} of {}{} from {first} to {last}?",
            anchor.measure,
            anchor.subject,
            place(anchor)
        ));
    }
}

/// " in {place}" when the table is about several places, so a question names its own
/// (unless its subject is the place itself).
fn place_phrase(fact: &Fact, several_places: bool) -> String {
    match (several_places, fact.place.as_deref()) {
        (true, Some(place)) if !place.eq_ignore_ascii_case(&fact.subject) => {
            format!(" in {place}")
        }
        _ => String::new(),
    }
}

/// What grew, as a question names it: "Qingshui's GDP" when the subject is the place,
/// else the subject (with its place when the table has several).
fn grown(fact: &Fact, several_places: bool) -> String {
    if fact.topic() != fact.subject {
        format!("{}'s {}", fact.subject, fact.measure)
    } else {
        format!("{}{}", fact.subject, place_phrase(fact, several_places))
    }
}

/// The question that looks up `fact`'s figure, when the row has a year.
fn lookup(fact: &Fact, several_places: bool) -> Option<String> {
    fact.year.map(|year| {
        format!(
            "What was the {} of {}{} in {year}?",
            fact.measure,
            fact.subject,
            place_phrase(fact, several_places)
        )
    })
}

/// The question in lower case with its words separated by single spaces and without
/// trailing punctuation, so that near-identical questions compare equal.
fn normalized(question: &str) -> String {
    question
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', '.', '!'])
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of the fact table, read as the index stores it, so that fields the table
    /// gains later take their defaults here.
    fn fact(id: usize, subject: &str, kind: FactKind, year: i32, base: Option<i32>) -> Fact {
        serde_json::from_value(serde_json::json!({
            "id": id, "doc_id": "d", "place": "Somewhere", "subject": subject,
            "measure": "added value", "kind": kind, "year": year, "base_year": base,
            "end_year": null, "value": 1.0, "unit": "yuan", "qualifier": null,
            "surface": "1 yuan", "span": {"start": 0, "end": 1},
            "sentence": {"start": 0, "end": 1},
        }))
        .expect("a fact row")
    }

    fn table() -> FactTable {
        FactTable::from_rows(vec![
            fact(0, "farming", FactKind::Amount, 2020, None),
            fact(1, "farming", FactKind::Amount, 2000, None),
            fact(2, "mining", FactKind::Amount, 2020, None),
            fact(3, "farming", FactKind::Multiple, 2020, Some(2000)),
        ])
    }

    #[test]
    fn suggestions_are_related_figures_the_engine_answers() {
        let facts = table();
        let used = vec![UsedFact {
            n: 1,
            fact: facts.all()[0].clone(),
        }];
        let other = |_: &str| Some(vec![99]);
        let all = suggest(&facts, &used, "farming 2020", &other);
        assert_eq!(
            all,
            vec![
                "What was the added value of farming in 2000?",
                "What was the added value of mining in 2020?",
                "How much did farming grow from 2000 to 2020?",
            ]
        );
        let none = suggest(&facts, &used, "farming 2020", &|_| None);
        assert!(none.is_empty());
        let some = suggest(&facts, &used, "farming 2020", &|q| {
            q.contains("mining").then(|| vec![2])
        });
        assert_eq!(some, vec!["What was the added value of mining in 2020?"]);
        // A question answered from exactly the rows already used is the same question.
        let same = suggest(&facts, &used, "farming 2020", &|q| {
            Some(if q.contains("grow") { vec![0] } else { vec![7] })
        });
        assert!(!same.iter().any(|q| q.contains("grow")), "{same:?}");
    }

    #[test]
    fn the_question_asked_is_never_suggested() {
        let facts = table();
        let used = vec![UsedFact {
            n: 1,
            fact: facts.all()[0].clone(),
        }];
        let asked = "what was the added value of farming in 2000";
        let suggestions = suggest(&facts, &used, asked, &|_| Some(vec![99]));
        assert!(!suggestions.iter().any(|s| normalized(s) == asked));
    }

    #[test]
    fn a_checked_question_is_asked_once() {
        let checked = Checked::default();
        let asked = std::cell::Cell::new(0);
        for _ in 0..3 {
            let found = checked.answer("q", |_| {
                asked.set(asked.get() + 1);
                Some(vec![1])
            });
            assert_eq!(found, Some(vec![1]));
        }
        assert_eq!(asked.get(), 1);
    }

    #[test]
    fn without_used_rows_the_first_subjects_are_suggested() {
        let suggestions = suggest(&table(), &[], "something else", &|_| Some(vec![0]));
        assert_eq!(suggestions.len(), MAX_SUGGESTIONS);
        assert!(suggestions[0].contains("farming"), "{suggestions:?}");
    }
}
