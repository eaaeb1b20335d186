//! The retrieval floor: when no figure and no sentence answers by the strict rules, the
//! sentence that best holds the question's words answers — if it holds enough of them to
//! show that the corpus speaks of what is asked. Sentences are found by BM25 over the
//! question's analysed words and re-ranked by how much of the question (weighted by how
//! rare each word is) they hold, whether they hold the years asked, and whether they hold
//! the kind of thing asked for (a number, a date, a cause, a way).

use crate::facts::{Fact, FactKind};
use crate::lang::{Cue, Op, Wh};
use crate::passage::{Passage, PassageKind};
use crate::search;
use crate::text;
use crate::understand::Understood;

use super::passage::query_words;
use super::{Ask, Cited, Finding, Knowledge, Statement, span};

/// How many BM25 hits are re-ranked.
const CANDIDATES: usize = 30;

/// The least share of the question's weight a sentence must hold to answer.
pub const MIN_COVERAGE: f64 = 0.5;

/// A sentence with how well it answers.
#[derive(Clone, Copy, Debug)]
pub struct Ranked {
    pub id: usize,
    /// The share of the question's weight the sentence holds (0 to 1).
    pub coverage: f64,
    pub score: f64,
}

/// A question word with its weight (how rare it is in the corpus).
struct Term {
    stem: String,
    weight: f64,
}

fn terms(a: &Ask, k: &Knowledge) -> Vec<Term> {
    let u = a.u;
    let n = k.text.num_docs().max(1) as f64;
    let mut stems: Vec<String> = Vec::new();
    fn push(stems: &mut Vec<String>, s: String) {
        if !s.is_empty() && !stems.contains(&s) {
            stems.push(s);
        }
    }
    for t in u.topic.iter().chain(&u.soft).chain(&u.subject_words) {
        push(&mut stems, t.clone());
    }
    // A subject's name as the lexicon writes it ("tertiary industry" for "services")
    // counts only where the corpus uses its words: the question's own words are there.
    for s in &u.subjects {
        for w in search::analyze(s) {
            if k.text.doc_freq(&w) > 0 {
                push(&mut stems, w);
            }
        }
    }
    for w in &u.missing {
        push(&mut stems, search::stem(&w.to_lowercase()));
    }
    // A question made only of framing words ("What does the table show?") or of a
    // measure ("When is revenue recognized?") is looked up by all its words; else the
    // measure's words join the rest ("what led to the increase in cable revenue").
    if !stems.is_empty() {
        for w in &u.measure_words {
            push(&mut stems, w.clone());
        }
    } else {
        for w in text::words(&u.text) {
            if !span::is_glue(&w.lower) && !w.lower.chars().all(|c| c.is_ascii_digit()) {
                push(&mut stems, w.stem);
            }
        }
    }
    stems
        .into_iter()
        .map(|stem| {
            let df = k.text.doc_freq(&stem) as f64;
            // An unknown word weighs as much as the rarest.
            let weight = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            Term { stem, weight }
        })
        .collect()
}

/// The sentences that best answer, best first.
pub fn rank(a: &Ask, k: &Knowledge) -> Vec<Ranked> {
    let terms = terms(a, k);
    let total: f64 = terms.iter().map(|t| t.weight).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let u = a.u;
    let hits = k.text.search(&query_words(a), CANDIDATES);
    // A cause is often the next sentence: "Marketing expenses grew 17%. The increase was
    // mainly driven by ...".
    let mut candidates: Vec<(usize, f32)> = hits.clone();
    if u.wh == Wh::Why {
        for &(id, bm25) in &hits {
            if (k.passages.paragraph(id).contains(&(id + 1)) || is_heading_of(k, id, id + 1))
                && !candidates.iter().any(|(c, _)| *c == id + 1)
            {
                candidates.push((id + 1, bm25 * 0.5));
            }
        }
    }
    // "What are dividends?": a sentence that says what they are ("Dividends are ...").
    let defined = defined_term(&u.text);
    let way = asks_a_way(&u.text);
    let mut ranked: Vec<Ranked> = candidates
        .into_iter()
        .filter_map(|(id, bm25)| {
            let p = k.passages.get(id)?;
            if p.kind != PassageKind::Sentence {
                return None;
            }
            let sentence = p.span.of(&k.corpus.documents[p.doc].text);
            let words = k.passages.words(id);
            // A cause tells of the thing before it: "Wireless revenue increased as a
            // result of ..." is about wireless revenue; "Revenue increased, reflecting
            // growth in Wireless" is not.
            // So does a way: "Diluted earnings per share is computed by dividing ...".
            let cause_at = if u.wh == Wh::Why {
                cause_cue(sentence).unwrap_or(0)
            } else if way {
                means_cue(sentence).unwrap_or(0)
            } else {
                sentence.len()
            };
            let mut stems: Vec<String> = words.iter().map(|w| w.stem.clone()).collect();
            let mut subject: Vec<String> = words
                .iter()
                .filter(|w| w.span.start < cause_at)
                .map(|w| w.stem.clone())
                .collect();
            // "The increase was...", "This reflects...": the sentence before says of what.
            // So does a heading just above it ("Selling and marketing expenses").
            if opens_with_anaphor(sentence)
                && let Some(before) = id.checked_sub(1)
                && (k.passages.paragraph(id).contains(&before) || is_heading_of(k, before, id))
            {
                stems.extend(k.passages.stems(before));
                subject.extend(k.passages.stems(before));
            }
            let weight_in = |stems: &[String]| -> f64 {
                terms
                    .iter()
                    .filter(|t| stems.iter().any(|s| text::stems_match(s, &t.stem)))
                    .map(|t| t.weight)
                    .sum()
            };
            let coverage = weight_in(&stems) / total;
            let about = if u.wh == Wh::Why || way {
                0.3 * weight_in(&subject) / total
            } else {
                0.0
            };
            let years = u.years.all();
            let year_fit = if years.is_empty() {
                0.0
            } else {
                let held = years
                    .iter()
                    .filter(|y| sentence.contains(&y.to_string()))
                    .count();
                held as f64 / years.len() as f64 - 0.5
            };
            let kind_fit = match (u.wh, fits_kind(u.wh, sentence)) {
                (Wh::Why, true) => 0.3,
                (Wh::Why, false) => -0.3,
                _ if way => 0.3 * means_cue(sentence).is_some() as u8 as f64,
                (_, true) => 0.15,
                (_, false) => 0.0,
            };
            let short = (words.len() < 5) as u8 as f64 * 0.2;
            let defines = defined
                .as_deref()
                .is_some_and(|term| defines(sentence, term)) as u8 as f64
                * 0.3;
            // A cause is often told without its year ("Wireless revenue increased as a
            // result of ..."): the year weighs less.
            let year_weight = if u.wh == Wh::Why { 0.1 } else { 0.3 };
            let score = coverage + about + year_weight * year_fit + kind_fit + defines - short
                + 0.01 * f64::from(bm25);
            Some(Ranked {
                id,
                coverage,
                score,
            })
        })
        .collect();
    ranked.sort_by(|x, y| {
        y.score
            .partial_cmp(&x.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(x.id.cmp(&y.id))
    });
    ranked
}

/// True when passage `heading` is a short line (at most 8 words) just above passage
/// `next` of the same document: "Selling and marketing expenses" over "The increase was
/// mainly driven by ...".
fn is_heading_of(k: &Knowledge, heading: usize, next: usize) -> bool {
    match (k.passages.get(heading), k.passages.get(next)) {
        (Some(h), Some(n)) => h.doc == n.doc && k.passages.words(heading).len() <= 8,
        _ => false,
    }
}

/// The term a "what is X?" question asks to be defined ("what are dividends?", "what is
/// the definition of deferred revenue?"), lower-cased, of at most five words.
pub(super) fn defined_term(question: &str) -> Option<String> {
    let c = regex!(r"(?i)^\W*what\s+(?:is|are)\s+(?:the\s+)?(?:definition\s+of\s+|meaning\s+of\s+)?(?:an?\s+|the\s+)?([\w\s'’()-]+?)\W*$")
        .captures(question)?;
    let term = c[1].trim().to_lowercase();
    (!term.is_empty() && term.split_whitespace().count() <= 5).then_some(term)
}

/// True when a sentence opens by saying what `term` is: "Dividends are distributions
/// of ...", "Deferred revenue represents ...".
pub(super) fn defines(sentence: &str, term: &str) -> bool {
    let lower = sentence.to_lowercase();
    let lower = regex!(r"^(?:the|an?)\s+").replace(&lower, "");
    // "deferred revenues" asked, "Deferred revenue relates to ..." written.
    let term = if lower.starts_with(term) {
        term
    } else {
        match term.strip_suffix('s') {
            Some(singular) if lower.starts_with(singular) => singular,
            _ => return false,
        }
    };
    regex!(r"^s?\s*(?:\([^)]*\)\s*)?(?:is|are|refers?|represents?|relates? to|consists?|includes?|means|comprises?)\b")
        .is_match(&lower[term.len()..])
}

/// True when a sentence opens by pointing back at the one before ("The increase was",
/// "This reflects", "It").
fn opens_with_anaphor(sentence: &str) -> bool {
    regex!(r"^(?i:the (?:increase|decrease|rise|decline|drop|fall|growth|change|improvement|reduction|gain|loss)s?\b|(?:this|these|that|those|it|such)\b)")
        .is_match(sentence)
}

/// Where the first word that gives a cause ("due to", "as a result of", "driven by")
/// starts in a sentence.
fn cause_cue(sentence: &str) -> Option<usize> {
    let named = regex!(r"(?i)\b(?:because|due to|as a result|result of|resulting from|owing to|thanks to|driven|drove|attributable|attributed|related to|reflect\w*|caused by|led to|on the back of|offset by)\b")
        .find(sentence)
        .map(|m| m.start());
    [named, span::cause_as(sentence)]
        .into_iter()
        .flatten()
        .min()
}

/// True when a question asks how something is done to a thing: "How is diluted
/// earnings per share computed?", "How does the company determine the allowance?".
pub fn asks_a_way(question: &str) -> bool {
    regex!(r"(?i)^\W*how\s+(?:is|are|was|were|does|do|did|should|will)\b.*\b(?:comput|calculat|determin|measur|deriv|estimat|recogni[sz]|stat|valu|structur|amortiz|depreciat|record|account|fund|financ|assess|allocat|appl)\w*\W*$")
        .is_match(question)
}

/// True when the question asks what a thing is made of or stands for: "What does X
/// represent?", "What do the expenses consist primarily of?", "What is included in X?".
/// Its answer is what a sentence says, not a figure of the thing.
pub fn asks_what_it_is_made_of(question: &str) -> bool {
    regex!(r"(?i)^\W*what\s+(?:does|do|did|is|are|was|were)\b.*\b(?:represent|represents|include|includes|consist(?:\s+\w+ly)?\s+of|comprise|comprised(?:\s+\w+ly)?\s+of|contain|relate\s+to)\W*$|(?i)^\W*what\s+(?:is|are|was|were)\s+included\s+in\b")
        .is_match(question)
}

/// Where the words that give a way start in a sentence: "by dividing", "based on",
/// "using", "at the lower of".
fn means_cue(sentence: &str) -> Option<usize> {
    regex!(r"(?i)\b(?:by\s+\w+ing|based (?:up)?on|on the basis of|using|utili[sz]ing|through|according to|over the)\b")
        .find(sentence)
        .map(|m| m.start())
}

/// True when the sentence holds the kind of thing the question asks for.
pub(super) fn fits_kind(wh: Wh, sentence: &str) -> bool {
    match wh {
        Wh::HowMuch | Wh::HowMany => regex!(r"\d").is_match(sentence),
        Wh::When => regex!(r"\b(?:1[5-9]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|quarter)\b").is_match(sentence),
        Wh::Why => cause_cue(sentence).is_some(),
        Wh::Who => regex!(r"\b[A-Z][a-z]+").is_match(sentence),
        _ => false,
    }
}

/// True when the question asks for a number: how much or how many, an amount, a count,
/// or a figure of a named measure — never when it asks why.
pub fn asks_number(u: &Understood) -> bool {
    if u.wh == Wh::Why {
        return false;
    }
    matches!(u.wh, Wh::HowMuch | Wh::HowMany)
        || u.has(Cue::Number)
        || u.has(Cue::Money)
        || u.unit.is_some()
        || matches!(u.op(), Op::Count)
        || (u.op() == Op::Lookup && u.measure.is_some())
}

/// Answers from the best sentence when it holds enough of the question and nothing in it
/// shows that the corpus lacks what is asked: the place, the years, the kind of answer.
/// With `number` (a number is asked, or the fact table holds the subject but not the
/// figure asked), only a figure of the sentence about what is asked answers.
pub fn floor(a: &Ask, k: &Knowledge, number: bool) -> Option<Finding> {
    let u = a.u;
    if let Some(n) = asks_of_a_note(u) {
        return numbered_heading(k, &n);
    }
    if asks_of_a_table(u) {
        return caption(k).or_else(|| only_heading(k));
    }
    if asks_of_this_section(u) {
        return only_heading(k);
    }
    let best = *rank(a, k).first()?;
    if best.coverage < MIN_COVERAGE {
        return None;
    }
    let p = k.passages.get(best.id)?;
    let doc = &k.corpus.documents[p.doc];
    let sentence = p.span.of(&doc.text);
    // A place the corpus has, asked of a sentence about another.
    if let Some(place) = &u.place
        && doc
            .place
            .as_deref()
            .is_none_or(|dp| !dp.eq_ignore_ascii_case(place))
        && !sentence.to_lowercase().contains(place.as_str())
    {
        return None;
    }
    // A sentence about its document's place ("retail sales in Baolan") does not answer
    // of another place the question names ("in Jiangcheng") that its paragraph does not.
    if !u.names.is_empty()
        && let Some(own_place) = doc.place.as_deref()
        && sentence.to_lowercase().contains(&own_place.to_lowercase())
        && !u.text.to_lowercase().contains(&own_place.to_lowercase())
    {
        let held = k.passages.paragraph_stems(p.id);
        if u.names
            .iter()
            .any(|n| !held.iter().any(|h| text::stems_match(h, n)))
        {
            return None;
        }
    }
    // Every year asked is in the sentence or its paragraph.
    let paragraph: String = k
        .passages
        .paragraph(p.id)
        .filter_map(|q| k.passages.get(q))
        .map(|q| q.span.of(&doc.text))
        .collect::<Vec<_>>()
        .join(" ");
    // A cause is often told of "this year" ("Costs decreased by $2.2 million as a result
    // of ..."): its document names a year asked. Anything else names every year asked
    // in its paragraph.
    let years = u.years.all();
    let years_ok = if u.wh == Wh::Why && !number {
        years.is_empty() || years.iter().any(|y| doc.text.contains(&y.to_string()))
    } else {
        years.iter().all(|y| paragraph.contains(&y.to_string()))
    };
    if !years_ok {
        return None;
    }
    // "Who" asks for people: the sentence must name an agent ("by the city") or people.
    if u.wh == Wh::Who && !names_someone(sentence) {
        return None;
    }
    // "When" asks for a time the question does not already give, or the condition of
    // one ("when control ... is transferred").
    if u.wh == Wh::When
        && !names_a_time(sentence, &u.years.all())
        && !(regex!(r"(?i)^\W*when\b").is_match(&u.text)
            && regex!(r"(?i)\b(?:when|once|upon|as soon as)\b").is_match(sentence))
    {
        return None;
    }
    let short = if number || asks_number(u) {
        // A number is answered only by a figure of this sentence about what is asked.
        let figure = figure_in(a, k, p.id)?;
        Some(figure.surface.clone())
    } else {
        span::short_answer(u, sentence)
    };
    Some(quoted(p, sentence, short))
}

/// The finding that quotes a passage, with its short answer.
fn quoted(p: &Passage, sentence: &str, short: Option<String>) -> Finding {
    Finding::of(vec![Statement::Passage {
        sentence: Cited {
            doc: p.doc,
            span: p.span,
        },
        part: sentence.to_string(),
        next: None,
        short,
    }])
}

/// True when the question asks what a table (or schedule, chart) shows: "What does the
/// table show?", "What data does the table contain?".
pub fn asks_of_a_table(u: &Understood) -> bool {
    regex!(
        r"(?i)^\W*what\b.*\b(?:the|this) (?:following |above |below )?(?:table|schedule|chart)\b"
    )
    .is_match(&u.text)
        // What the table holds, not what one of its rows or figures does ("What do the
        // figures in the table exclude?").
        && regex!(r"(?i)\b(?:show|shows|showing|contain|contains|represent|represents|present|presents|provide|provides|detail|details|display|displays|summari[sz]e|summari[sz]es|about|include|includes|list|lists|describe|describes|illustrate|illustrates|reflect|reflects|data|information)\b")
            .is_match(&u.text)
        && !regex!(r"(?i)^\W*what\s+(?:do|does|did|is|are)\s+(?:the\s+)?(?:figures?|amounts?|numbers?|values?|totals?|\W*other\W*)\b")
            .is_match(&u.text)
        && !regex!(r"(?i)\bhow (?:much|many)\b|\b(?:1[5-9]\d\d|20\d\d)\b").is_match(&u.text)
}

/// The number of the note a question asks the subject of: "What is the content of
/// Note 5?", "What is note 4 about?".
fn asks_of_a_note(u: &Understood) -> Option<String> {
    let c = regex!(r"(?i)^\W*what\b.*\bnote\s+(\d{1,3})\b").captures(&u.text)?;
    regex!(r"(?i)\b(?:contents?|about|topic|title|subject|heading|called|named|cover|covers)\b")
        .is_match(&u.text)
        .then(|| c[1].to_string())
}

/// True when a question asks what the text itself is about: "What is the topic of this
/// note?", "What is this section about?".
fn asks_of_this_section(u: &Understood) -> bool {
    regex!(r"(?i)^\W*what\b.*\b(?:topic|subject|title|heading|about)\b.*\b(?:this|the) (?:note|section|part|chapter)\b|^\W*what\b.*\b(?:this|the) (?:note|section|part|chapter) (?:is )?about\b")
        .is_match(&u.text)
}

/// The title of a heading line, without its number and continuation mark: "NOTE 5.
/// INVESTMENTS AND LOANS" gives "INVESTMENTS AND LOANS", "30. RECONCILIATION ...
/// (Cont'd)" gives "RECONCILIATION ...".
fn heading_title(line: &str) -> &str {
    let line = regex!(r"^\s*(?:(?:note|item|section)\s+)?\d{1,3}[.:)]?\s*[-–—:.]?\s*")
        .find(line)
        .map_or(line, |m| &line[m.end()..]);
    let line = regex!(r"(?i)\s*(?:\((?:cont['’]?d|continued)\)|continued)\s*$")
        .find(line)
        .map_or(line, |m| &line[..m.start()]);
    line.trim().trim_end_matches(['.', ':'])
}

/// True when passage `id` is a heading: a paragraph of its own, of at most ten words,
/// not ending as a sentence does.
fn is_heading(k: &Knowledge, id: usize) -> bool {
    let Some(p) = k.passages.get(id) else {
        return false;
    };
    let text = k.passages.text(id).trim();
    // "5. PROPERTY AND EQUIPMENT, NET" may be read as two passages, "5." and the title.
    let paragraph = k.passages.paragraph(id);
    let own = paragraph == (id..id + 1)
        || (paragraph.end == id + 1 && paragraph.start + 1 == id && number_alone(k, id - 1));
    p.kind == PassageKind::Sentence
        && own
        && k.passages.words(id).len() <= 10
        && !text.ends_with(['.', '?', '!', ':'])
}

/// True when passage `id` is a heading's number alone: "5.", "Item 6.", "NOTE 26".
fn number_alone(k: &Knowledge, id: usize) -> bool {
    regex!(r"(?i)^\s*(?:(?:note|item|section)\s+)?\d{1,3}[.:)]?\s*$").is_match(k.passages.text(id))
}

/// The heading numbered `n` ("5. PROPERTY AND EQUIPMENT, NET", "Note 5 – Leases"), with
/// its title as the short answer.
fn numbered_heading(k: &Knowledge, n: &str) -> Option<Finding> {
    let numbered =
        regex::Regex::new(&format!(r"(?i)^\s*(?:(?:note|item|section)\s+)?{n}\b")).ok()?;
    let (_, title_id) = k
        .text
        .search(&[n.to_string(), search::stem("note")], CANDIDATES)
        .into_iter()
        .filter(|(id, _)| numbered.is_match(k.passages.text(*id)))
        .filter_map(|(id, _)| {
            if number_alone(k, id) {
                is_heading(k, id + 1).then_some((id, id + 1))
            } else {
                is_heading(k, id).then_some((id, id))
            }
        })
        .min_by_key(|(id, _)| *id)?;
    heading_answer(k, title_id)
}

/// The first heading of the corpus's only document: what "this note" or "the table"
/// is about when no sentence introduces it.
fn only_heading(k: &Knowledge) -> Option<Finding> {
    if k.corpus.documents.len() != 1 {
        return None;
    }
    let first = k.passages.of_doc(0).iter().find(|p| is_heading(k, p.id))?;
    heading_answer(k, first.id)
}

/// The heading line `id` quoted, with its title as the short answer.
fn heading_answer(k: &Knowledge, id: usize) -> Option<Finding> {
    let p = k.passages.get(id)?;
    let line = k.passages.text(id);
    let title = heading_title(line);
    (!title.is_empty()).then(|| quoted(p, line, Some(title.to_string())))
}

/// The sentence that introduces a table ("The following table details ...:", "The
/// components ... are as follows:"), with what it says the table holds as its short
/// answer. Of several, the one that names a table and ends with a colon, then the first.
fn caption(k: &Knowledge) -> Option<Finding> {
    let words: Vec<String> = ["table", "follows", "following", "below", "schedule"]
        .iter()
        .map(|w| search::stem(w))
        .collect();
    let (_, id, sentence) = k
        .text
        .search(&words, CANDIDATES)
        .into_iter()
        .filter_map(|(id, _)| {
            let p = k.passages.get(id)?;
            if p.kind != PassageKind::Sentence {
                return None;
            }
            let sentence = p.span.of(&k.corpus.documents[p.doc].text).trim_end();
            let colon = sentence.ends_with(':');
            let table = regex!(r"(?i)\b(?:table|schedule)\b").is_match(sentence);
            let follows = regex!(r"(?i)\b(?:as follows|following|below)\b").is_match(sentence);
            let score = 2 * colon as u8 + 2 * table as u8 + follows as u8;
            (colon && (table || follows) || table && follows).then_some((score, id, sentence))
        })
        .max_by_key(|(score, id, _)| (*score, std::cmp::Reverse(*id)))?;
    let p = k.passages.get(id)?;
    let held = regex!(r"(?i)\b(?:table|schedule)\s+(?:below\s+|above\s+)?(?:shows|details|presents|sets forth|sets out|summari[sz]es|provides|reflects|includes|illustrates|lists|contains|displays|outlines|describes)\s+(.+?)[:.]?\s*$")
        .captures(sentence)
        .or_else(|| {
            regex!(r"^(?:The\s+)?(.+?)\s+(?:is|are|was|were)\s+(?:as follows|presented|shown|summari[sz]ed|set forth|set out|detailed|listed)\b")
                .captures(sentence)
        })
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string());
    Some(quoted(p, sentence, held))
}

/// True when a sentence names who: an agent ("by the city") or people ("employees",
/// "directors").
fn names_someone(sentence: &str) -> bool {
    regex!(r"\bby\s+(?:the\s+)?[A-Z]").is_match(sentence)
        || regex!(r"\b(?:employees?|staff|workers?|directors?|officers?|executives?|management|managers?|members?|customers?|clients?|shareholders?|holders?|residents?|people|persons?|individuals?|farmers?|students?|partners?|suppliers?|investors?)\b").is_match(sentence)
}

/// True when the sentence names a year or date other than the `asked` years.
fn names_a_time(sentence: &str, asked: &[i32]) -> bool {
    let years = regex!(r"\b(1[5-9]\d\d|20\d\d)\b")
        .captures_iter(sentence)
        .filter_map(|c| c[1].parse::<i32>().ok())
        .any(|y| !asked.contains(&y));
    years || regex!(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|autumn|winter|quarter)\b").is_match(sentence)
}

/// The figures a passage states itself: its rows, bar periods and ranks.
pub(super) fn figures_of<'k>(k: &Knowledge<'k>, id: usize) -> impl Iterator<Item = &'k Fact> {
    let facts = k.facts;
    facts
        .of_passage(id)
        .filter(move |f| facts.passage_of(f) == Some(id))
        .filter(|f| !matches!(f.kind, FactKind::Period | FactKind::Rank))
}

/// The figure of sentence `id` that answers a number question: of the year asked, in
/// money when money is asked, an amount when a value is asked, counting what is counted,
/// and holding in its own words (subject, measure, unit) what the question asks "how
/// much" of and every word the corpus lacks. Of several, the one whose own words hold
/// the most of the question, then the first.
pub(super) fn figure_in<'k>(a: &Ask, k: &Knowledge<'k>, id: usize) -> Option<&'k Fact> {
    let u = a.u;
    let year = u.years.point();
    let asked = how_much_of(u);
    let required: Vec<String> = asked
        .into_iter()
        .chain(asked_head(u))
        .chain(u.missing.iter().map(|w| search::stem(&w.to_lowercase())))
        .collect();
    let p = k.passages.get(id)?;
    let doc = &k.corpus.documents[p.doc].text;
    let mut facts: Vec<&Fact> = figures_of(k, id).collect();
    facts.sort_by_key(|f| f.span.start);
    let money = u.has(Cue::Money) || u.unit.is_some();
    facts
        .iter()
        .enumerate()
        .filter(|(_, f)| year.is_none_or(|y| f.year == Some(y) || f.year_inferred))
        .filter(|(_, f)| !money || super::is_money(&f.unit))
        // "How much" asks for an amount, or a count of what is not money ("how much was
        // the incremental shares").
        .filter(|(_, f)| {
            !(u.has(Cue::Amount) || u.has(Cue::Money))
                || f.kind == FactKind::Amount
                || (!money && f.kind == FactKind::Count)
        })
        .filter(|(_, f)| k.facts.counts(&a.q, f))
        .filter(|(_, f)| states_what_is_computed(a, k, f))
        .map(|(i, f)| {
            // The figure's words: its own, those of its clause written since the figure
            // before it ("... and 113,000 for 2018" after "308,000 restricted stock
            // awards"), and the noun it stands before ("a $0.5 million cumulative effect
            // adjustment").
            let from = i.checked_sub(1).map_or(p.span.start, |j| {
                facts[j].span.end + attributed_noun(doc, p.span.end, facts[j]).len()
            });
            let lead = doc.get(from.min(f.span.start)..f.span.start).unwrap_or("");
            let lead = &lead[lead.rfind([',', ';', ':', '(']).map_or(0, |at| at + 1)..];
            let mut words: Vec<String> = k.facts.own(f).to_vec();
            words.extend(text::words(lead).into_iter().map(|w| w.stem));
            words.extend(
                text::words(attributed_noun(doc, p.span.end, f))
                    .into_iter()
                    .chain(text::words(counted_noun(doc, p.span.end, f)))
                    .map(|w| w.stem),
            );
            (*f, words)
        })
        .filter(|(_, words)| {
            required
                .iter()
                .all(|t| words.iter().any(|o| text::stems_match(o, t)))
        })
        .max_by_key(|(f, words)| {
            let held = u
                .topic
                .iter()
                .filter(|t| words.iter().any(|o| text::stems_match(o, t)))
                .count();
            (held, std::cmp::Reverse(f.span.start))
        })
        .map(|(f, _)| f)
}

/// The noun a figure stands before as its attribute ("a $0.5 million cumulative effect
/// adjustment"): the words after the figure up to the next punctuation, when an article
/// or possessive comes just before it; else nothing.
fn attributed_noun<'d>(doc: &'d str, sentence_end: usize, f: &Fact) -> &'d str {
    let before = doc.get(f.sentence.start..f.span.start).unwrap_or("");
    let after = doc.get(f.span.end..sentence_end).unwrap_or("");
    if regex!(r"(?i)\b(?:an?|the|its|our|their)\s+$").is_match(before) {
        return regex!(r"^[\s\w-]*").find(after).map_or("", |m| m.as_str());
    }
    // "US$6.9 million in long-term deferred revenue as at June 2019": the noun after
    // "in" or "of", up to the next clause or time.
    let Some(m) = regex!(r"^\s+(?:in|of)\s+[\w-]+(?:\s+[\w-]+)*").find(after) else {
        return "";
    };
    let noun = m.as_str();
    let first = noun.trim_start().find(char::is_whitespace).unwrap_or(0) + 1;
    let stop =
        regex!(r"\s(?:which|that|as|at|for|in|during|on|from|to|by|and|compared|versus|since)\s")
            .find(&noun[first..])
            .map_or(noun.len(), |s| first + s.start());
    &noun[..stop]
}

/// "1,382 China-Europe freight train trips in the period": the whole noun phrase after a
/// number of things, which the row's unit may shorten.
fn counted_noun<'d>(doc: &'d str, sentence_end: usize, f: &Fact) -> &'d str {
    if f.unit.is_empty()
        || super::is_money(&f.unit)
        || f.unit.ends_with("percent")
        || f.unit.ends_with("points")
    {
        return "";
    }
    let after = doc.get(f.span.end..sentence_end).unwrap_or("");
    let Some(m) = regex!(r"^\s+[\w-]+(?:\s+[\w-]+){0,5}").find(after) else {
        return "";
    };
    let noun = m.as_str();
    let stop = regex!(r"\s(?:which|that|as|at|for|in|during|on|from|to|by|and|with|compared|versus|since|up|down|a|an|the|this|these|were|was|is|are|have|has|had)\b")
        .find(noun)
        .map_or(noun.len(), |s| s.start());
    &noun[..stop]
}

/// For a question that asks for a change, true when the figure is a stated change of
/// the kind asked (an amount for "by how much", a percent for "by what percent"); for
/// any other question, true.
fn states_what_is_computed(a: &Ask, k: &Knowledge, f: &Fact) -> bool {
    let changed = || {
        let doc = &k.corpus.documents[k.doc_index(&f.doc_id)];
        let before = doc.text.get(f.sentence.start..f.span.start).unwrap_or("");
        let clause = &before[crate::extract::clause_start(before)..];
        regex!(r"(?i)\b(?:increase[ds]?|decrease[ds]?|rose|rise[sn]?|fell|fall|grew|grow[ns]?|declin\w*|chang\w*|up|down|higher|lower|gain\w*|loss\w*|dropp?\w*|improv\w*|reduc\w*)\b")
            .is_match(clause)
    };
    match a.op {
        Op::AbsoluteChange => f.kind == FactKind::Amount && changed(),
        Op::PercentChange => {
            f.kind.family() == FactKind::Change || (f.unit == "percent" && changed())
        }
        Op::Growth => {
            matches!(f.kind, FactKind::Multiple) || f.kind.family() == FactKind::Change || changed()
        }
        _ => true,
    }
}

/// The head noun of what a "what was the X ..." question asks the figure of: the last
/// content word of the phrase after "what was" ("Qingshui's tourism revenue in 2010"
/// gives "revenue").
fn asked_head(u: &Understood) -> Option<String> {
    let words = text::words(&u.text);
    let en = crate::lang::english();
    let i = words.windows(2).position(|w| {
        ["what", "how"].contains(&w[0].lower.as_str())
            && ["was", "is", "were", "are", "much", "many"].contains(&w[1].lower.as_str())
    })?;
    words[i + 2..]
        .iter()
        .skip_while(|w| ["the", "a", "an", "was", "is", "were", "are"].contains(&w.lower.as_str()))
        .take_while(|w| !en.is_clause_word(&w.lower) && !en.is_verb_form(&w.lower))
        .filter(|w| !en.is_framing(&w.lower) && !w.lower.chars().all(|c| c.is_ascii_digit()))
        .last()
        .map(|w| w.stem.clone())
}

/// The content words a "how much X" question asks about: "how much tea did ... produce"
/// gives "tea".
fn how_much_of(u: &Understood) -> Vec<String> {
    let words = text::words(&u.text);
    let Some(i) = words
        .windows(2)
        .position(|w| w[0].lower == "how" && w[1].lower == "much")
    else {
        return Vec::new();
    };
    let en = crate::lang::english();
    words[i + 2..]
        .iter()
        .take_while(|w| !en.is_clause_word(&w.lower) && !en.is_verb_form(&w.lower))
        .filter(|w| !en.is_framing(&w.lower))
        .map(|w| w.stem.clone())
        .collect()
}
