//! Fact extraction: turns every figure of every sentence into a typed [`Fact`] row.
//!
//! The rules are written for the ways news and statistics text states figures, not for
//! one article: amounts with currency and scale ("4.298 billion yuan", "$2.42 million",
//! "38,450 yuan"), growth multiples ("an increase of 17,500 times that of 1949", "nearly
//! triple the 2010 level"), changes ("up 5.6 percent year-on-year", "a 9.6 percent drop in
//! investment"), shares ("accounting for 15.81 percent of the total"), structures ("a
//! ratio of 52:18:30 in 1949"), "respectively" lists, earlier values ("up from 11.2
//! percent in 2015"), named periods ("(1953-1957)") and counted lists ("seven crucial
//! areas including ..."). A figure's subject comes from the lexicon, from a pronoun's
//! antecedent in the previous sentence, or from the noun phrase of its clause.

mod about;
mod classify;
mod cues;
mod dates;
#[cfg(test)]
mod examples;
mod figures;
mod names;
mod periods;
mod phrases;
mod ranges;
mod ranks;
mod respectively;
mod structures;
mod words;

pub use phrases::clause_start;

use crate::corpus::{Corpus, Document, Span};
use crate::facts::{Fact, FactKind};
use crate::lexicon::{Lexicon, Match};
use crate::passage::{Passage, PassageKind};
use crate::text;

/// Extracts the fact table of a corpus from its sentence passages.
pub fn extract_facts(corpus: &Corpus, passages: &[Passage], lexicon: &Lexicon) -> Vec<Fact> {
    extract_facts_reporting(corpus, passages, lexicon, &|_, _| {})
}

/// Extracts the rows as [`extract_facts`] does, calling `progress` with the number of
/// documents extracted so far and their total after each document (from the threads
/// that extract them, so the calls may come from several threads, each count once).
pub fn extract_facts_reporting(
    corpus: &Corpus,
    passages: &[Passage],
    lexicon: &Lexicon,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Fact> {
    // Each document's passages, in order.
    let mut documents: Vec<&[Passage]> = Vec::new();
    let mut start = 0;
    while start < passages.len() {
        let doc = passages[start].doc;
        let end = passages[start..]
            .iter()
            .position(|p| p.doc != doc)
            .map_or(passages.len(), |n| start + n);
        documents.push(&passages[start..end]);
        start = end;
    }
    // Documents are extracted apart, so runs of them go to the machine's cores, and their
    // rows are put back in document order and numbered in it.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let per_run = documents.len().div_ceil(cores).max(1);
    let total = documents.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let extract_run = |run: &[&[Passage]]| -> Vec<Fact> {
        let mut facts = Vec::new();
        for document in run {
            facts.extend(extract_document(corpus, document, lexicon, facts.len()));
            let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(done, total);
        }
        facts
    };
    let runs: Vec<Vec<Fact>> = if cores < 2 || documents.len() < 2 {
        vec![extract_run(&documents)]
    } else {
        std::thread::scope(|scope| {
            let running: Vec<_> = documents
                .chunks(per_run)
                .map(|run| scope.spawn(move || extract_run(run)))
                .collect();
            running
                .into_iter()
                .map(|run| {
                    run.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut facts: Vec<Fact> = runs.into_iter().flatten().collect();
    for (id, fact) in facts.iter_mut().enumerate() {
        fact.id = id;
    }
    facts
}

/// Extracts the rows of one document from its passages (all of one document), numbering
/// them from `first_id`. A document's rows depend on nothing but its own text and the
/// lexicon, so documents can be extracted apart, in any order.
pub fn extract_document(
    corpus: &Corpus,
    passages: &[Passage],
    lexicon: &Lexicon,
    first_id: usize,
) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut carry = Carry::default();
    let mut last: Option<(usize, usize)> = None;
    let mut order_of: Option<(usize, Vec<String>)> = None;
    for passage in passages {
        if passage.kind != PassageKind::Sentence {
            continue;
        }
        if last != Some((passage.doc, passage.paragraph)) {
            carry = Carry::default();
            last = Some((passage.doc, passage.paragraph));
        }
        let doc = &corpus.documents[passage.doc];
        if order_of.as_ref().is_none_or(|(d, _)| *d != passage.doc) {
            order_of = Some((
                passage.doc,
                subject_order(doc, passages, passage.doc, lexicon),
            ));
        }
        let order = order_of.as_ref().map_or(&[][..], |(_, o)| o.as_slice());
        let mut sentence = Sentence::new(doc, passage.span, lexicon, carry.clone(), order);
        let before = facts.len();
        sentence.extract(&mut facts);
        for (i, fact) in facts.iter_mut().enumerate().skip(before) {
            fact.id = first_id + i;
        }
        carry = sentence.carry_out(&facts[before..]);
    }
    let titled = passages
        .first()
        .and_then(|p| corpus.documents.get(p.doc))
        .and_then(|d| title_year(&d.title));
    infer_reporting_years(&mut facts, titled);
    facts
}

/// The one year a title names ("Velmora posts steady growth in 2025"), if it names one.
fn title_year(title: &str) -> Option<i32> {
    let years: Vec<i32> = regex!(r"\b(1[5-9]\d\d|20\d\d)\b")
        .find_iter(title)
        .filter_map(|m| m.as_str().parse().ok())
        .collect();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// Gives the figures that state no year their document's reporting year, marked as
/// inferred: the year its title names (`titled`) when figures of that year are dated so,
/// else the year most of its dated figures are for (the latest on a tie).
fn infer_reporting_years(facts: &mut [Fact], titled: Option<i32>) {
    let mut counts: std::collections::HashMap<(String, i32), usize> =
        std::collections::HashMap::new();
    for f in facts.iter() {
        if let Some(y) = f.year
            && !matches!(f.kind, FactKind::Period | FactKind::Count)
        {
            *counts.entry((f.doc_id.clone(), y)).or_default() += 1;
        }
    }
    for f in facts.iter_mut() {
        if f.year.is_some() || matches!(f.kind, FactKind::Period | FactKind::Count) {
            continue;
        }
        // The year the title names, when figures of it are dated so; else the year the
        // most figures are dated (a text comparing with the year before dates the
        // earlier figures more often than the current ones).
        let best = titled
            .filter(|y| counts.contains_key(&(f.doc_id.clone(), *y)))
            .or_else(|| {
                counts
                    .iter()
                    .filter(|((doc, _), _)| *doc == f.doc_id)
                    .max_by_key(|((_, year), n)| (**n, *year))
                    .map(|((_, year), _)| *year)
            });
        if let Some(year) = best {
            f.year = Some(year);
            f.year_inferred = true;
        }
    }
}

/// The lexicon subjects of a document in the order it first names them, which is the
/// order of the parts of a structure that does not name its own ("the structure of the
/// three industries shifted from 10:40:50").
fn subject_order(
    doc: &Document,
    passages: &[Passage],
    doc_index: usize,
    lexicon: &Lexicon,
) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for p in passages
        .iter()
        .filter(|p| p.doc == doc_index && p.kind == PassageKind::Sentence)
    {
        for m in lexicon.subjects(&text::words(p.span.of(&doc.text))) {
            if !order.contains(&m.canonical) {
                order.push(m.canonical);
            }
        }
    }
    order
}

/// What a sentence passes to the next one of its paragraph: the subject and measure a
/// pronoun refers to, and the year in force.
#[derive(Clone, Debug, Default)]
struct Carry {
    subject: Option<String>,
    measure: Option<String>,
    year: Option<i32>,
}

pub const NUMBER_WORDS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

/// Returns the value of a number word ("seven" is 7).
pub fn number_word(word: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, v)| v)
}

#[derive(Clone, Debug)]
struct Mention {
    span: Span,
    value: f64,
    unit: String,
    qualifier: Option<String>,
    /// The rule that read the figure, when the wording around it decides it before its
    /// unit does ("from-to", "range", "negative-in-parentheses").
    rule: Option<&'static str>,
}

/// A span of a sentence that holds digits but no figure (a date, a name, a reference, a
/// footnote marker), with the rule that set it aside.
#[derive(Clone, Copy, Debug)]
struct Aside {
    span: Span,
    /// The rule that set it aside ("date", "name", "footnote"...); the examples test
    /// checks it.
    #[cfg_attr(not(test), allow(dead_code))]
    rule: &'static str,
    /// False for what is only reported (a year is read as a year, not set aside).
    blocks: bool,
}

impl Aside {
    fn new(span: Span, rule: &'static str) -> Self {
        Aside {
            span,
            rule,
            blocks: true,
        }
    }
}

/// Everything of a sentence that is not a figure although it holds digits.
fn set_aside(text: &str) -> Vec<Aside> {
    let mut out = dates::dates(text);
    out.extend(names::names(text));
    out
}

struct Sentence<'a> {
    doc: &'a Document,
    /// The sentence's span in the document.
    span: Span,
    text: &'a str,
    subjects: Vec<Match>,
    measures: Vec<Match>,
    lexicon: &'a Lexicon,
    carry: Carry,
    /// The document's lexicon subjects in order of first mention.
    order: &'a [String],
    /// Spans (relative to the sentence) already used by ratios, ranges and figures.
    taken: Vec<Span>,
    /// Offsets of the years that belong to a figure ("in 2015" after "11.2 percent").
    owned: Vec<usize>,
    /// Where the sentence proper starts, after a dateline ("CHANGSHA, March 8 (Xinhua)
    /// --").
    opening: usize,
}

/// Who and what a figure is about.
struct About {
    subject: String,
    measure: Option<String>,
}

impl<'a> Sentence<'a> {
    fn new(
        doc: &'a Document,
        span: Span,
        lexicon: &'a Lexicon,
        carry: Carry,
        order: &'a [String],
    ) -> Self {
        let text = span.of(&doc.text);
        let words = text::words(text);
        let subjects = without_attached(text, lexicon.subjects(&words));
        let measures = lexicon.measures(&words);
        Sentence {
            doc,
            span,
            text,
            subjects,
            measures,
            lexicon,
            carry,
            order,
            taken: Vec::new(),
            owned: Vec::new(),
            // After a dateline, and after an opening participle's clause ("Breaking
            // the figures down by sector, the added value of ...").
            opening: regex!(
                r"^(?:[A-Z][A-Z .'-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\s*(?:\([^)]*\))?\s*(?:--|—|–|-)\s*)?(?:[A-Z][a-z]+ing\b[^,;:\d]{0,80},\s+)?"
            )
            .find(text)
            .map_or(0, |m| m.end()),
        }
    }

    fn overlaps_taken(&self, s: Span) -> bool {
        self.taken
            .iter()
            .any(|t| s.start < t.end && t.start < s.end)
    }

    fn place(&self) -> String {
        self.doc
            .place
            .clone()
            .unwrap_or_else(|| self.doc.title.clone())
    }

    fn fact(&self, kind: FactKind, subject: String, measure: String, m: &Mention) -> Fact {
        // "The port dispatched 1,382 trips": the subject is the port, not its verb.
        let subject = match subject.rsplit_once(' ') {
            Some((head, last))
                if crate::lang::english().is_inflected_verb(last)
                    || (last.len() > 5
                        && last.ends_with("ed")
                        && !last.ends_with("eed")
                        && last.chars().all(|c| c.is_ascii_lowercase())) =>
            {
                head.to_string()
            }
            _ => subject,
        };
        Fact {
            id: 0,
            doc_id: self.doc.id.clone(),
            place: self.doc.place.clone(),
            subject,
            measure,
            kind,
            year: None,
            year_inferred: false,
            base_year: None,
            end_year: None,
            value: m.value,
            unit: m.unit.clone(),
            qualifier: m.qualifier.clone(),
            surface: m.span.of(self.text).to_string(),
            span: Span::new(self.span.start + m.span.start, self.span.start + m.span.end),
            sentence: self.span,
            items: Vec::new(),
            among: None,
            rule: String::new(),
        }
    }

    fn extract(&mut self, out: &mut Vec<Fact>) {
        self.taken.extend(
            set_aside(self.text)
                .into_iter()
                .filter(|a| a.blocks)
                .map(|a| a.span),
        );
        self.periods(out);
        self.ratios(out);
        self.ranks(out);
        let mentions = self.figures();
        let mentions = self.ranges(mentions);
        // Years that belong to a compared figure ("up from 11.2 percent in 2015") or to a
        // figure in parentheses ("(2018: £12.7 million)") are not the year of the
        // sentence.
        self.owned = mentions
            .iter()
            .filter(|m| cues::compares_to_previous(&self.text[..m.span.start]))
            .filter_map(|m| {
                let right = &self.text[m.span.end..];
                cues::year_after(right).map(|(y, _)| (m.span.end, y))
            })
            .map(|(end, y)| self.text[end..].find(&y.to_string()).map_or(0, |i| end + i))
            .collect();
        self.owned.extend(
            mentions
                .iter()
                .filter_map(|m| cues::parenthesised_year(&self.text[..m.span.start]))
                .map(|(_, at)| at),
        );
        let assigned = self.respectively(&mentions);
        let mut previous: Option<(Mention, Fact)> = None;
        for (i, m) in mentions.iter().enumerate() {
            let fact = self.classify(m, previous.as_ref(), assigned[i].as_ref());
            out.push(fact.clone());
            // "..., and their added value grew": later clauses refer to this figure.
            let place = self.place();
            if let Some(rest) = fact.measure.strip_prefix("number of ") {
                self.carry.subject = Some(rest.to_string());
            } else if fact.subject != place && fact.kind != FactKind::Count {
                self.carry.subject = Some(fact.subject.clone());
                self.carry.measure = Some(fact.measure.clone());
            }
            previous = Some((m.clone(), fact));
        }
        self.word_multiples(out);
        self.fractions(out);
        self.word_counts(out);
    }

    /// What the next sentence of the paragraph may refer back to.
    fn carry_out(&self, facts: &[Fact]) -> Carry {
        let mut carry = self.carry.clone();
        let first_figure = facts.iter().find(|f| {
            !matches!(
                f.kind,
                FactKind::Count | FactKind::Period | FactKind::StructurePart
            )
        });
        let opening = phrases::noun_phrase(&self.text[self.opening..], self.doc.place.as_deref());
        let opening_subject = opening.as_ref().and_then(|np| {
            if np.pronoun_owner || phrases::has_pronoun(&np.text) {
                return None;
            }
            Some(self.canonical(&np.text).unwrap_or_else(|| np.text.clone()))
        });
        let is_place = |s: &str| {
            self.doc
                .place
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        };
        match (opening_subject, first_figure) {
            // "Tourism has become a pillar..., with the number of tourists rising":
            // "its revenue" in the next sentence is tourism's.
            (Some(s), _) if !is_place(&s) && !phrases::is_measure_phrase(&s) => {
                carry.subject = Some(s);
                carry.measure = first_figure.map(|f| f.measure.clone());
            }
            (_, Some(f)) => {
                carry.subject = Some(f.subject.clone());
                carry.measure = Some(f.measure.clone());
            }
            _ => {}
        }
        if let Some(y) = self.main_year() {
            carry.year = Some(y);
        }
        carry
    }

    /// The lexicon subject a phrase names: one that covers the whole phrase, or the
    /// whole of its part after "of" ("the added value of the primary industry"), but not
    /// a word inside a longer name ("industrial" in "industrial enterprises").
    fn canonical(&self, phrase: &str) -> Option<String> {
        let parts =
            std::iter::once(phrase).chain(phrase.rsplit_once(" of ").map(|(_, after)| after));
        for part in parts {
            let words: Vec<text::Word> = text::words(part)
                .into_iter()
                .filter(|w| {
                    !["the", "a", "an", "its", "their", "city's"].contains(&w.lower.as_str())
                })
                .collect();
            if let [m] = self.lexicon.subjects(&words).as_slice()
                && m.words == (0, words.len())
            {
                return Some(m.canonical.clone());
            }
        }
        None
    }

    /// The year the sentence is about: the first year that is not a base ("since 1949")
    /// nor part of a period.
    fn main_year(&self) -> Option<i32> {
        cues::years(self.text)
            .filter(|(at, _)| {
                !self.overlaps_taken(Span::new(*at, at + 4)) && !self.owned.contains(at)
            })
            .filter(|(at, _)| !cues::is_base_context(&self.text[..*at]))
            .filter(|(at, _)| {
                !regex!(r"^\d{4}\s+(?:level|figure|levels|figures)\b").is_match(&self.text[*at..])
            })
            .map(|(_, y)| y)
            .max()
    }

    /// "last year" and "this year", relative to the document's date.
    fn relative_year(&self) -> Option<i32> {
        let lower = self.text.to_lowercase();
        let year = self.doc.year()?;
        if lower.contains("last year") {
            Some(year - 1)
        } else if lower.contains("this year") {
            Some(year)
        } else {
            None
        }
    }
}

/// The lexicon subjects of a sentence without those that only attach to something else:
/// in "agriculture, forestry, fishery and related service industries" the service
/// industries belong to agriculture's list, and "related service industries" name no
/// sector of their own.
fn without_attached(text: &str, subjects: Vec<Match>) -> Vec<Match> {
    subjects
        .into_iter()
        .filter(|s| {
            !regex!(r"(?i)\b(?:related|associated|supporting|ancillary|allied)\s+$")
                .is_match(&text[..s.span.start])
        })
        .collect()
}

fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds") || unit.ends_with(" dollars")
}

#[cfg(test)]
mod tests;
