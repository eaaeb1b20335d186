//! Passages: the sentence of the corpus that answers a question that is not about
//! figures, and the related passages a refusal offers.

use crate::passage::{Passage, PassageKind};
use crate::search;
use crate::text;

use super::{Ask, Cited, Finding, Knowledge, Statement};
use crate::lang::Wh;

/// The words a text search uses: the topic words, verbs and subjects' own words, then the
/// question's other words.
pub fn query_words(a: &Ask) -> Vec<String> {
    let u = a.u;
    let mut words = u.topic.clone();
    words.extend(u.soft.iter().cloned());
    for s in &u.subjects {
        words.extend(search::analyze(s));
    }
    words.extend(
        text::words(&u.text)
            .into_iter()
            .filter(|w| !u.topic.contains(&w.stem))
            .map(|w| w.stem)
            .take(8),
    );
    words
}

/// The closest sentences to a question, for a refusal to offer (never metadata lines).
pub fn related(a: &Ask, k: &Knowledge) -> Vec<Cited> {
    let words = query_words(a);
    k.text
        .search(&words, 6)
        .into_iter()
        .filter_map(|(id, _)| k.passages.get(id))
        .filter(|p| p.kind == PassageKind::Sentence)
        .take(3)
        .map(|p| Cited {
            doc: p.doc,
            span: p.span,
        })
        .collect()
}

/// Answers from the sentence that holds every word of the question (bar one of a long
/// question, which must then be in the same paragraph), its years and names.
pub fn passage(a: &Ask, k: &Knowledge) -> Option<Finding> {
    let words = query_words(a);
    if words.is_empty() {
        return None;
    }
    // Of sentences that hold as much, one that says what the thing asked about is ("What
    // are dividends?" → "Dividends are ...").
    let defined = super::retrieve::defined_term(&a.u.text);
    let mut best: Option<(usize, (usize, bool))> = None;
    for (id, _) in k.text.search(&words, 20) {
        let Some(passage) = k.passages.get(id) else {
            continue;
        };
        if passage.kind != PassageKind::Sentence {
            continue;
        }
        let Some(missing) = fits(a, k, passage) else {
            continue;
        };
        let sentence = passage.span.of(&k.corpus.documents[passage.doc].text);
        let rank = (
            missing,
            !defined
                .as_deref()
                .is_some_and(|t| super::retrieve::defines(sentence, t)),
        );
        if best.is_none_or(|(_, m)| rank < m) {
            best = Some((id, rank));
        }
    }
    let (id, _) = best?;
    let passage = k.passages.get(id)?;
    let doc = &k.corpus.documents[passage.doc];
    let sentence = passage.span.of(&doc.text);
    let part = relevant_part(sentence, a);
    // A next sentence that goes on about the same thing ("It focuses on...") belongs to
    // the answer.
    let next = k
        .passages
        .get(id + 1)
        .filter(|next| {
            next.doc == passage.doc
                && next.paragraph == passage.paragraph
                && next.kind == PassageKind::Sentence
                && regex!(r"^(?:It|Its|They|Their|This|These|Such|The document|The plan)\b")
                    .is_match(next.span.of(&doc.text))
                && part.len() + next.span.len() < 596
        })
        .map(|next| Cited {
            doc: next.doc,
            span: next.span,
        });
    Some(Finding::of(vec![Statement::Passage {
        sentence: Cited {
            doc: passage.doc,
            span: passage.span,
        },
        short: figure_answer(a, k, id).or_else(|| super::span::short_answer(a.u, sentence)),
        part,
        next,
    }]))
}

/// The figure that answers a question asking for a number ("What was X in 2019?", "How
/// many ...?"): the figure of what is asked the sentence states, else the sentence's only
/// figure.
fn figure_answer(a: &Ask, k: &Knowledge, id: usize) -> Option<String> {
    let asks = super::retrieve::asks_number(a.u);
    if !(asks || (a.u.wh == Wh::What && !a.u.years.is_empty())) {
        return None;
    }
    if let Some(f) = super::retrieve::figure_in(a, k, id) {
        return Some(f.surface.clone());
    }
    let mut figures = super::retrieve::figures_of(k, id);
    let only = figures.next()?;
    (asks && figures.all(|f| f.span == only.span)).then(|| only.surface.clone())
}

/// How many question words a sentence lacks, or None when it cannot answer.
fn fits(a: &Ask, k: &Knowledge, passage: &Passage) -> Option<usize> {
    let u = a.u;
    let doc = &k.corpus.documents[passage.doc];
    let sentence = passage.span.of(&doc.text);
    let own: Vec<String> = k.passages.stems(passage.id);
    let paragraph: Vec<String> = k.passages.paragraph_stems(passage.id);
    let missing: Vec<&String> = u
        .topic
        .iter()
        .filter(|t| !own.iter().any(|w| text::stems_match(w, t)))
        .collect();
    let allowed = usize::from(u.topic.len() >= 4);
    if missing.len() > allowed
        || missing
            .iter()
            .any(|t| !paragraph.iter().any(|w| text::stems_match(w, t)))
    {
        return None;
    }
    if u.topic.is_empty() && u.soft.is_empty() && u.subjects.is_empty() {
        return None;
    }
    // A sector named in the question is in the sentence, by the lexicon or by the
    // question's own word ("agriculture" in a sentence about agriculture).
    let literal = !u.subject_words.is_empty()
        && u.subject_words
            .iter()
            .all(|w| own.iter().any(|o| text::stems_match(o, w)));
    if !u.subjects.is_empty() && !literal {
        let named: Vec<String> = k
            .lexicon
            .subjects(&k.passages.words(passage.id))
            .into_iter()
            .map(|m| m.canonical)
            .collect();
        if !u.subjects.iter().all(|s| named.contains(s)) {
            return None;
        }
    }
    // A measure the question names ("retail sales") is in the sentence, by the lexicon or
    // by its own words.
    if u.names_measure
        && let Some(measure) = &u.measure
    {
        let named = k
            .lexicon
            .measures(&k.passages.words(passage.id))
            .iter()
            .any(|m| &m.canonical == measure);
        let literal = search::analyze(measure)
            .iter()
            .all(|w| own.iter().any(|o| text::stems_match(o, w)));
        if !named && !literal {
            return None;
        }
    }
    let paragraph_text: String = k
        .passages
        .paragraph(passage.id)
        .filter_map(|q| k.passages.get(q))
        .map(|q| q.span.of(&doc.text))
        .collect::<Vec<_>>()
        .join(" ");
    if u.years
        .all()
        .iter()
        .any(|y| !paragraph_text.contains(&y.to_string()))
    {
        return None;
    }
    if u.place.as_deref().is_some_and(|pl| {
        doc.place
            .as_deref()
            .is_none_or(|dp| !dp.eq_ignore_ascii_case(pl))
            && !sentence.to_lowercase().contains(pl)
    }) {
        return None;
    }
    if u.names.iter().any(|n| !own.contains(n)) {
        return None;
    }
    // "Who" asks for an agent: the sentence must name one ("by the city").
    if u.wh == Wh::Who && !regex!(r"\bby\s+(?:the\s+)?[A-Z]").is_match(sentence) {
        return None;
    }
    // Fewer missing words first, then more of the question's verbs.
    let soft_hits = u
        .soft
        .iter()
        .filter(|t| own.iter().any(|w| text::stems_match(w, t)))
        .count();
    Some(missing.len() * 10 + u.soft.len() - soft_hits)
}

/// The part of a long sentence that answers: from the first clause that holds a
/// question word to the end, or the whole sentence when it is short.
fn relevant_part(sentence: &str, a: &Ask) -> String {
    // A quotation is kept whole.
    if sentence.len() <= 220 || sentence.starts_with(['"', '“']) {
        return sentence.to_string();
    }
    let mut start = 0;
    for (i, _) in sentence.match_indices(", ") {
        let clause = &sentence[start..i];
        let stems: Vec<String> = text::words(clause).into_iter().map(|w| w.stem).collect();
        let holds =
            a.u.topic
                .iter()
                .any(|t| stems.iter().any(|w| text::stems_match(w, t)));
        if holds {
            break;
        }
        start = i + 2;
    }
    let part = &sentence[start..];
    if part.len() < 40 {
        sentence.to_string()
    } else {
        part.to_string()
    }
}
