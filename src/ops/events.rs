//! What happened in a year: the named periods whose span covers it and the sentences
//! dated in it; or, for "the 2019 document", the sentence that names that thing with
//! its year and the sentences after it that refer back to it.

use crate::facts::{Fact, FactKind};
use crate::lang::english;
use crate::passage::{Passage, PassageKind};
use crate::text::{self, Word};

use super::meta::docs_for;
use super::summary;
use super::{Ask, Cited, Finding, Knowledge, Outcome, Shortfall, Statement};

/// The most sentences quoted in one answer, and the most bytes they may take together
/// (the first is always quoted).
const MAX_SENTENCES: usize = 3;
const MAX_QUOTED: usize = 600;

/// How many paragraphs after the one that names a thing may still refer back to it.
const REFERS_WITHIN: usize = 3;

/// The periods covering the year the question names and the sentences dated in it; for
/// a thing named with its year, what the corpus says of that thing.
pub fn events(a: &Ask, k: &Knowledge) -> Outcome {
    let years = a.u.years;
    let (from, to) = match (years.from, years.to, years.point()) {
        (Some(from), Some(to), _) => (from.min(to), from.max(to)),
        (_, _, Some(y)) => (y, y),
        _ => return Outcome::NotFound,
    };
    let docs = docs_for(a, k);
    let question = text::words(&a.u.text);
    let thing = thing_words(&question, from);
    if !thing.is_empty() {
        return thing_of_year(a, k, &docs, from, &thing);
    }
    let mut statements = Vec::new();
    let mut quoted: Vec<Cited> = Vec::new();
    let periods: Vec<&Fact> = k
        .facts
        .all()
        .iter()
        .filter(|f| f.kind == FactKind::Period && k.facts.place_ok(&a.q, f))
        .filter(|f| docs.contains(&k.doc_index(&f.doc_id)))
        .filter(|f| {
            let first = f.value as i32;
            let last = f.end_year.unwrap_or(first);
            first <= to && from <= last
        })
        .collect();
    // Each period, then the sentence that names it; then the sentences dated in the
    // years asked about.
    for period in periods.iter().take(MAX_SENTENCES) {
        statements.push(Statement::Within {
            year: from,
            to: (to != from).then_some(to),
            fact: period.id,
        });
        let cited = Cited {
            doc: k.doc_index(&period.doc_id),
            span: period.sentence,
        };
        if add(&mut quoted, cited) {
            statements.push(quote(k, cited));
        }
    }
    for cited in dated(k, &docs, from, to) {
        if add(&mut quoted, cited) {
            statements.push(quote(k, cited));
            // "In 2019, X issued a document. It focuses on...": the next sentence goes on.
            if let Some(next) = goes_on(k, cited)
                && add(&mut quoted, next)
            {
                statements.push(quote(k, next));
            }
        }
    }
    if statements.is_empty() {
        return Outcome::Short(Shortfall::NoYear);
    }
    Outcome::Answered(Finding::of(statements))
}

/// Quotes a sentence when it is not quoted yet and the quotes stay within bounds;
/// returns true if and only if it was added.
fn add(quoted: &mut Vec<Cited>, cited: Cited) -> bool {
    let bytes: usize = quoted.iter().map(|c| c.span.len()).sum();
    let fits = quoted.is_empty()
        || (quoted.len() < MAX_SENTENCES && bytes + cited.span.len() <= MAX_QUOTED);
    let added = fits && !quoted.contains(&cited);
    if added {
        quoted.push(cited);
    }
    added
}

/// The next sentence of the same paragraph, when it opens with a pronoun that points
/// back ("It focuses on...").
fn goes_on(k: &Knowledge, cited: Cited) -> Option<Cited> {
    let id = k.passages.at(cited.doc, cited.span.start)?;
    let next = k.passages.get(id + 1)?;
    let same = next.doc == cited.doc
        && next.kind == PassageKind::Sentence
        && Some(next.paragraph) == k.passages.get(id).map(|p| p.paragraph);
    let text = next.span.of(&k.corpus.documents[next.doc].text);
    (same && points_back(text)).then_some(Cited {
        doc: next.doc,
        span: next.span,
    })
}

/// Returns true if and only if a sentence opens with a pronoun that points back.
fn points_back(text: &str) -> bool {
    regex!(r"^(?:It|Its|They|Their|This|These|Such)\b").is_match(text)
}

/// A sentence quoted whole.
fn quote(k: &Knowledge, cited: Cited) -> Statement {
    let text = cited.span.of(&k.corpus.documents[cited.doc].text);
    Statement::Passage {
        sentence: cited,
        part: text.to_string(),
        next: None,
        short: None,
    }
}

/// The words after "the <year>" that name a thing ("the 2019 milestone document"), up
/// to the first verb or clause word; empty when the year is not used so.
fn thing_words(question: &[Word], year: i32) -> Vec<String> {
    let en = english();
    let year = year.to_string();
    let Some(at) = question
        .windows(2)
        .position(|w| w[0].lower == "the" && w[1].lower == year)
    else {
        return Vec::new();
    };
    question[at + 2..]
        .iter()
        .take_while(|w| {
            !en.is_clause_word(&w.lower)
                && !en.is_inflected_verb(&w.lower)
                && !matches!(w.lower.as_str(), "do" | "say" | "says" | "cover" | "covers")
        })
        .map(|w| w.stem.clone())
        .collect()
}

/// The sentence that names the thing with its year, and the sentences after it that
/// refer back to it; else, when the thing is a document of the corpus published that
/// year, its summary.
fn thing_of_year(a: &Ask, k: &Knowledge, docs: &[usize], year: i32, thing: &[String]) -> Outcome {
    let head = thing.last().cloned().unwrap_or_default();
    let sentences = sentences_of(k, docs);
    let holds = |p: &Passage, stem: &str| {
        k.passages
            .words(p.id)
            .iter()
            .any(|w| text::stems_match(&w.stem, stem))
    };
    let anchor = sentences
        .iter()
        .find(|p| years_in(k, p).contains(&year) && thing.iter().all(|t| holds(p, t)));
    let Some(anchor) = anchor else {
        let published: Vec<usize> = docs
            .iter()
            .copied()
            .filter(|&d| k.corpus.documents[d].year() == Some(year))
            .collect();
        if published.is_empty() {
            return Outcome::NotFound;
        }
        return summary::summary(a, k);
    };
    let mut quoted = vec![Cited {
        doc: anchor.doc,
        span: anchor.span,
    }];
    for p in sentences
        .iter()
        .filter(|p| p.doc == anchor.doc && p.id > anchor.id)
        .take_while(|p| p.paragraph <= anchor.paragraph + REFERS_WITHIN)
    {
        let text = p.span.of(&k.corpus.documents[p.doc].text);
        // "It focuses on...", right after it; "... in the document", a little later.
        let pronoun = p.paragraph == anchor.paragraph
            && Some(p.id) == last_id(k, &quoted).map(|id| id + 1)
            && points_back(text);
        let refers = k.passages.words(p.id).windows(2).any(|w| {
            matches!(w[0].lower.as_str(), "the" | "this" | "that" | "said")
                && text::stems_match(&w[1].stem, &head)
        });
        if pronoun || refers {
            add(
                &mut quoted,
                Cited {
                    doc: p.doc,
                    span: p.span,
                },
            );
        }
    }
    Outcome::Answered(Finding::of(
        quoted.into_iter().map(|c| quote(k, c)).collect(),
    ))
}

/// The passage id of the last quoted sentence.
fn last_id(k: &Knowledge, quoted: &[Cited]) -> Option<usize> {
    quoted
        .last()
        .and_then(|c| k.passages.at(c.doc, c.span.start))
}

/// The sentence passages of the documents, in corpus order.
fn sentences_of<'k>(k: &Knowledge<'k>, docs: &[usize]) -> Vec<&'k Passage> {
    let mut docs = docs.to_vec();
    docs.sort_unstable();
    docs.dedup();
    docs.into_iter()
        .flat_map(|d| k.passages.of_doc(d))
        .filter(|p| p.kind == PassageKind::Sentence)
        .collect()
}

/// The years a sentence names as four-digit numbers.
fn years_in(k: &Knowledge, p: &Passage) -> Vec<i32> {
    k.passages
        .words(p.id)
        .iter()
        .filter(|w| w.lower.len() == 4 && w.lower.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|w| w.lower.parse().ok())
        .filter(|y| (1500..2100).contains(y))
        .collect()
}

/// The sentences dated in a year of `from..=to`: those that say "in <year>" (or open
/// with it) first, then those that name it otherwise, each in corpus order.
fn dated(k: &Knowledge, docs: &[usize], from: i32, to: i32) -> Vec<Cited> {
    let mut dated_in = Vec::new();
    let mut naming = Vec::new();
    for p in sentences_of(k, docs) {
        let words = k.passages.words(p.id);
        let mut names = false;
        let mut in_year = false;
        for (i, w) in words.iter().enumerate() {
            let Ok(y) = w.lower.parse::<i32>() else {
                continue;
            };
            if w.lower.len() != 4 || y < from || y > to {
                continue;
            }
            names = true;
            in_year |= i == 0
                || matches!(
                    words[i - 1].lower.as_str(),
                    "in" | "during" | "by" | "throughout"
                );
        }
        let cited = Cited {
            doc: p.doc,
            span: p.span,
        };
        if in_year {
            dated_in.push(cited);
        } else if names {
            naming.push(cited);
        }
    }
    dated_in.extend(naming);
    dated_in
}
