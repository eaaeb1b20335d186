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

mod cues;
mod phrases;

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::{Corpus, Document, Span};
use crate::facts::{Fact, FactKind};
use crate::lexicon::{FIXED_MEASURES, Lexicon, Match};
use crate::passage::{Passage, PassageKind};
use crate::text;

use phrases::NounPhrase;

/// Extracts the fact table of a corpus from its sentence passages.
pub fn extract_facts(corpus: &Corpus, passages: &[Passage], lexicon: &Lexicon) -> Vec<Fact> {
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
            fact.id = i;
        }
        carry = sentence.carry_out(&facts[before..]);
    }
    infer_reporting_years(&mut facts);
    facts
}

/// Gives the figures that state no year their document's reporting year: the year most
/// of its dated figures are for (the latest on a tie), marked as inferred.
fn infer_reporting_years(facts: &mut [Fact]) {
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
        let best = counts
            .iter()
            .filter(|((doc, _), _)| *doc == f.doc_id)
            .max_by_key(|((_, year), n)| (**n, *year))
            .map(|((_, year), _)| *year);
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

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<cur>US\$|\$|¥|￥|€|£|RMB\s?|CNY\s?)?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn)\b)?
        (?:(?:\s|-)?(?P<unit>(?:yuan|renminbi|rmb|cny|u\.?s\.?\s+dollars|dollars|usd|euros?|percentage\s+points?|percent|per\s+cent|times|fold)\b|%))?",
    )
    .expect("valid regex")
});

static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred)\b",
    )
    .expect("valid regex")
});

static RATIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){1,5}\b").expect("valid regex"));

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?\b(1[5-9]\d\d|20\d\d)\s?[-–—~]\s?(1[5-9]\d\d|20\d\d|\d\d)\b\)?")
        .expect("valid regex")
});

/// Units of time: a number of them is a duration, not an amount of something.
const DURATIONS: &[&str] = &[
    "years", "months", "days", "weeks", "decades", "hours", "year", "month", "day",
];

#[derive(Clone, Debug)]
struct Mention {
    span: Span,
    value: f64,
    unit: String,
    qualifier: Option<String>,
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
        let subjects = lexicon.subjects(&words);
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
            opening: regex!(
                r"^[A-Z][A-Z .'-]+,\s+[A-Z][a-z]+\.?\s+\d{1,2}\s*(?:\([^)]*\))?\s*(?:--|—|–|-)\s*"
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
        }
    }

    fn extract(&mut self, out: &mut Vec<Fact>) {
        self.periods(out);
        self.ratios(out);
        let mentions = self.figures();
        // Years that belong to a compared figure ("up from 11.2 percent in 2015") are not
        // the year of the sentence.
        self.owned = mentions
            .iter()
            .filter(|m| cues::compares_to_previous(&self.text[..m.span.start]))
            .filter_map(|m| {
                let right = &self.text[m.span.end..];
                cues::year_after(right).map(|(y, _)| (m.span.end, y))
            })
            .map(|(end, y)| self.text[end..].find(&y.to_string()).map_or(0, |i| end + i))
            .collect();
        let assigned = self.respectively(&mentions);
        let mut previous: Option<(Mention, Fact)> = None;
        for (i, m) in mentions.iter().enumerate() {
            let fact = self.classify(m, previous.as_ref(), assigned.get(i).cloned().flatten());
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

    /// Named periods: `"First Five-Year Plan" (1953-1957)`.
    fn periods(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for c in RANGE.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let parenthesised = whole.as_str().starts_with('(');
            let (Ok(start), Ok(mut end)) = (c[1].parse::<i32>(), c[2].parse::<i32>()) else {
                continue;
            };
            if end < 100 {
                end += start / 100 * 100;
            }
            if end < start {
                continue;
            }
            self.taken.push(Span::new(whole.start(), whole.end()));
            let Some(name) = phrases::period_name(&text[..whole.start()]) else {
                continue;
            };
            if !parenthesised && !text[..whole.start()].trim_end().ends_with([',', '"', '”']) {
                continue;
            }
            let m = Mention {
                span: Span::new(whole.start(), whole.end()),
                value: start as f64,
                unit: "year".into(),
                qualifier: None,
            };
            let mut fact = self.fact(FactKind::Period, name, "period".into(), &m);
            fact.surface = format!("{start}-{end}");
            fact.year = Some(start);
            fact.end_year = Some(end);
            out.push(fact);
        }
    }

    /// Structures: "a ratio of 52:18:30 in 1949" with the parts named by a list of
    /// subjects in the sentence ("primary, secondary and tertiary industries"), or else
    /// by the document's subjects in the order it first names them.
    fn ratios(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for m in RATIO.find_iter(text) {
            self.taken.push(Span::new(m.start(), m.end()));
            let parts: Vec<f64> = m
                .as_str()
                .split(':')
                .filter_map(|p| p.parse().ok())
                .collect();
            let sum: f64 = parts.iter().sum();
            let percent = (sum - 100.0).abs() < 0.6;
            let structural =
                regex!(r"(?i)\b(?:industries|sectors|structure|industrial|economic)\b")
                    .is_match(text);
            let names = self.subject_list(parts.len()).or_else(|| {
                (structural && self.order.len() >= parts.len())
                    .then(|| self.order[..parts.len()].to_vec())
            });
            let year = cues::year_after(&text[m.end()..])
                .map(|y| y.0)
                .or_else(|| self.main_year());
            let mut offset = m.start();
            for (i, (value, piece)) in parts.iter().zip(m.as_str().split(':')).enumerate() {
                let span = Span::new(offset, offset + piece.len());
                offset += piece.len() + 1;
                let subject = names
                    .as_ref()
                    .and_then(|n| n.get(i).cloned())
                    .unwrap_or_else(|| format!("part {} of the ratio", i + 1));
                let mention = Mention {
                    span,
                    value: *value,
                    unit: if percent {
                        "percent".into()
                    } else {
                        "parts".into()
                    },
                    qualifier: None,
                };
                let mut fact = self.fact(
                    FactKind::StructurePart,
                    subject,
                    "structure".into(),
                    &mention,
                );
                fact.surface = m.as_str().to_string();
                fact.year = year;
                out.push(fact);
            }
        }
    }

    /// Finds `k` lexicon subjects written as a list ("a, b and c").
    fn subject_list(&self, k: usize) -> Option<Vec<String>> {
        let subjects = &self.subjects;
        if subjects.len() < k || k < 2 {
            return None;
        }
        (0..=subjects.len() - k).find_map(|i| {
            let run = &subjects[i..i + k];
            let listed = run.windows(2).all(|w| {
                let between = &self.text[w[0].span.end..w[1].span.start];
                regex!(r"^\s*(?:,\s*)?(?:and|or|,)?\s*$").is_match(between)
            });
            listed.then(|| run.iter().map(|m| m.canonical.clone()).collect())
        })
    }

    /// The numeric figures of the sentence, in order, without years, ratios and ranges.
    fn figures(&mut self) -> Vec<Mention> {
        let text = self.text;
        let mut out = Vec::new();
        for c in FIGURE.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let num = c.name("num").expect("num is not optional");
            let span = Span::new(whole.start(), whole.end());
            if self.overlaps_taken(span) {
                continue;
            }
            // Not part of a word, code or compound: "COVID-19", "5G", "13th",
            // "500-million-yuan fund".
            let before = text[..whole.start()].chars().next_back();
            let after_text = &text[whole.end()..];
            let after = after_text.chars().next();
            let glued_before = before.is_some_and(|b| {
                b.is_alphanumeric()
                    || b == '.'
                    || (b == '-' && !text[..whole.start()].ends_with(" -"))
            });
            let glued_after = (c.name("unit").is_none()
                && after.is_some_and(|a| a.is_alphanumeric()))
                || regex!(r"^-[A-Za-z]").is_match(after_text);
            if glued_before || glued_after {
                continue;
            }
            // "CHANGSHA, March 8 (Xinhua) --": a dateline, not a figure.
            if regex!(r"(?i)^[A-Z][A-Za-z .'-]*,\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$").is_match(&text[..whole.start()]) {
                self.taken.push(span);
                continue;
            }
            let raw = num.as_str();
            let cur = c.name("cur").map(|m| m.as_str().trim().to_lowercase());
            let scale = c.name("scale").map(|m| m.as_str().to_lowercase());
            let unit_word = c.name("unit").map(|m| m.as_str().to_lowercase());
            let is_year = cur.is_none()
                && scale.is_none()
                && unit_word.is_none()
                && raw.len() == 4
                && regex!(r"^(?:1[5-9]\d\d|20\d\d)$").is_match(raw);
            if is_year {
                continue;
            }
            let exponent = match scale.as_deref() {
                Some("trillion") => 12,
                Some("billion") | Some("bn") => 9,
                Some("million") | Some("mn") => 6,
                Some("thousand") => 3,
                _ => 0,
            };
            // Parsing "64.65e9" gives the double nearest 64,650,000,000 exactly.
            let Ok(value) = format!("{}e{exponent}", raw.replace(',', "")).parse::<f64>() else {
                continue;
            };
            let mut unit = match (cur.as_deref(), unit_word.as_deref()) {
                (_, Some(u))
                    if u.contains("yuan") || u == "renminbi" || u == "rmb" || u == "cny" =>
                {
                    "yuan"
                }
                (_, Some(u)) if u.contains("dollar") || u == "usd" => "US dollars",
                (_, Some(u)) if u.starts_with("euro") => "euros",
                (_, Some(u)) if u.starts_with("percentage") => "percentage points",
                (_, Some("percent")) | (_, Some("%")) => "percent",
                (_, Some(u)) if u.contains("per") && u.contains("cent") => "percent",
                (_, Some("times")) | (_, Some("fold")) => "times",
                (Some("$") | Some("us$"), _) => "US dollars",
                (Some("¥") | Some("￥") | Some("rmb") | Some("cny"), _) => "yuan",
                (Some("€"), _) => "euros",
                (Some("£"), _) => "pounds",
                _ => "",
            }
            .to_string();
            let mut end = whole.end();
            if unit.is_empty() {
                // A counted noun: "70 years", "1.1 million tonnes".
                if let Some((noun, _)) = phrases::noun_after(&text[end..]) {
                    unit = noun;
                }
            }
            if let Some(u) = c.name("unit") {
                end = u.end();
            }
            let qualifier = cues::qualifier(&text[..whole.start()]);
            self.taken.push(span);
            out.push(Mention {
                span: Span::new(whole.start(), end),
                value,
                unit,
                qualifier,
            });
        }
        out
    }

    /// For a clause that ends in "respectively", the member of its coordination each of
    /// its figures belongs to: "the secondary and tertiary industries contributed 88.3
    /// billion yuan and 114.9 billion yuan respectively".
    fn respectively(&self, mentions: &[Mention]) -> Vec<Option<String>> {
        let mut out = vec![None; mentions.len()];
        for r in regex!(r"(?i)\brespectively\b").find_iter(self.text) {
            let clause = phrases::clause_start(&self.text[..r.start()]);
            let members: Vec<usize> = (0..mentions.len())
                .filter(|&i| {
                    let s = mentions[i].span.start;
                    s >= clause && s < r.start()
                })
                .collect();
            if members.len() < 2 {
                continue;
            }
            let first = mentions[members[0]].span.start;
            let Some(np) =
                phrases::noun_phrase(&self.text[clause..first], self.doc.place.as_deref())
            else {
                continue;
            };
            if let Some(items) = phrases::split_coordination(&np.text, members.len()) {
                for (i, item) in members.into_iter().zip(items) {
                    out[i] = Some(item);
                }
            }
        }
        out
    }

    /// Types one figure and finds its subject, measure and years.
    fn classify(
        &self,
        m: &Mention,
        previous: Option<&(Mention, Fact)>,
        member: Option<String>,
    ) -> Fact {
        let text = self.text;
        let left = &text[..m.span.start];
        let right = &text[m.span.end..];
        let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
        // A conversion in parentheses right after a figure: "17 million yuan ($2.42 million)".
        if let Some((prev, prev_fact)) = previous {
            let between = &text[prev.span.end..m.span.start];
            if between.trim() == "(" || (between.trim().ends_with('(') && between.len() < 12) {
                let mut fact = self.fact(
                    prev_fact.kind,
                    prev_fact.subject.clone(),
                    prev_fact.measure.clone(),
                    m,
                );
                fact.year = prev_fact.year;
                fact.base_year = prev_fact.base_year;
                return fact;
            }
            // An earlier or compared value of the same thing: "up from 11.2 percent in
            // 2015", "compared with 5.6 percent for the primary industry".
            let same_unit = prev_fact.unit == m.unit;
            if same_unit && member.is_none() && cues::compares_to_previous(left) {
                let subject = cues::for_subject(right)
                    .map(|s| self.canonical(&s).unwrap_or(s))
                    .unwrap_or_else(|| prev_fact.subject.clone());
                let mut fact = self.fact(prev_fact.kind, subject, prev_fact.measure.clone(), m);
                let stated_year = cues::year_after(right).map(|y| y.0).or_else(|| {
                    let base = prev_fact.year.or_else(|| self.doc.year())?;
                    cues::years_ago(right).map(|ago| base - ago)
                });
                fact.year = stated_year.or(prev_fact.year);
                fact.base_year = if stated_year.is_some() {
                    None
                } else {
                    prev_fact.base_year
                };
                return fact;
            }
        }
        // "earned 15.4 billion yuan ..., maintaining an annual growth rate of 13 percent since
        // 2016": the average annual growth of the figure before.
        if let Some((_, prev_fact)) = previous
            && m.unit == "percent"
            && cues::annual_growth_of_previous(left)
        {
            let mut fact = self.fact(
                FactKind::AverageGrowth,
                prev_fact.subject.clone(),
                prev_fact.measure.clone(),
                m,
            );
            fact.year = prev_fact.year;
            fact.base_year = cues::since_year(right);
            return fact;
        }
        // "98.7 billion yuan, up 7.2 percent": the change of the figure before.
        if let Some((_, prev_fact)) = previous
            && m.unit == "percent"
            && cues::changes_previous(left)
        {
            let mut fact = self.fact(
                FactKind::Change,
                prev_fact.subject.clone(),
                prev_fact.measure.clone(),
                m,
            );
            if cues::is_fall(left, right) {
                fact.value = -m.value;
            }
            fact.year = cues::year_after(right).map(|y| y.0).or(prev_fact.year);
            fact.base_year = if cues::is_year_on_year(right) {
                fact.year.map(|y| y - 1)
            } else {
                None
            };
            return fact;
        }
        // "an increase of 11.7 percent that outpaced the national average by 1.2
        // percentage points": the margin of the figure before over something else.
        if let Some((_, prev_fact)) = previous
            && matches!(m.unit.as_str(), "percent" | "percentage points")
            && let Some(margin) = cues::margin_over(left, right)
        {
            let measure = format!("{} {margin}", prev_fact.measure);
            let mut fact = self.fact(FactKind::Change, prev_fact.subject.clone(), measure, m);
            fact.year = prev_fact.year;
            return fact;
        }
        let kind = self.kind(m, left, right);
        let mut about = self.about(m, clause, kind, member);
        if kind == FactKind::Amount
            && is_money(&m.unit)
            && about
                .measure
                .as_deref()
                .is_none_or(|mm| mm == self.carry.measure.as_deref().unwrap_or("") || mm == "value")
            && let Some(measure) = cues::measure_from_verb(&left[clause..], right)
        {
            about.measure = Some(measure);
        }
        if kind == FactKind::Amount
            && let Some(changed) = cues::changed_by(left)
        {
            about.measure = Some(changed);
        }
        let measure = match kind {
            FactKind::Share => cues::share_of(left, right).unwrap_or_else(|| "share".into()),
            FactKind::Change if m.unit == "percentage points" => about.measure.clone().map_or_else(
                || "change in share".into(),
                |mm| format!("{mm} (percentage points)"),
            ),
            FactKind::Percent => about.measure.clone().unwrap_or_else(|| "rate".into()),
            FactKind::Count => "count".into(),
            FactKind::Change => about
                .measure
                .clone()
                .unwrap_or_else(|| "percent change".into()),
            _ => about.measure.clone().unwrap_or_else(|| {
                if m.unit.is_empty() || is_money(&m.unit) {
                    "value".into()
                } else {
                    format!("number of {}", m.unit)
                }
            }),
        };
        let subject = if kind == FactKind::Count {
            phrases::count_subject(&m.unit, right)
        } else {
            about.subject
        };
        let mut fact = self.fact(kind, subject, measure, m);
        if kind == FactKind::Change && m.value != 0.0 && cues::is_fall(left, right) {
            fact.value = -m.value;
        }
        let stated = cues::year_after(right).or_else(|| {
            let base = self
                .main_year()
                .or(self.carry.year)
                .or_else(|| self.doc.year())?;
            cues::years_ago(right).map(|ago| (base - ago, None))
        });
        if let Some((_, Some(part))) = &stated {
            fact.measure = format!("{} ({part})", fact.measure);
        }
        let previous_year = previous
            .and_then(|(_, f)| (f.kind == FactKind::Amount).then_some(f.year))
            .flatten();
        fact.year = match kind {
            FactKind::Multiple => previous_year
                .or_else(|| self.main_year())
                .or(self.carry.year),
            _ => stated
                .map(|y| y.0)
                .or_else(|| cues::year_before(left))
                .or_else(|| self.main_year())
                .or_else(|| self.relative_year())
                .or(self.carry.year),
        };
        fact.base_year = match kind {
            FactKind::Multiple => cues::base_year_after(right).or_else(|| cues::since_year(text)),
            FactKind::Change => {
                if cues::is_year_on_year(right) {
                    fact.year.map(|y| y - 1)
                } else {
                    regex!(r"(?i)^\s*(?:from|over|compared (?:with|to)|since|on)\s+(?:the\s+)?(?:end of\s+)?(1[5-9]\d\d|20\d\d)\b")
                        .captures(right)
                        .and_then(|c| c[1].parse().ok())
                }
            }
            _ => None,
        };
        if fact.year.is_some() && fact.year == fact.base_year && !cues::is_year_on_year(right) {
            fact.base_year = None;
        }
        fact
    }

    fn kind(&self, m: &Mention, left: &str, right: &str) -> FactKind {
        match m.unit.as_str() {
            "times" => FactKind::Multiple,
            "percentage points" => FactKind::Change,
            "percent" => {
                if cues::share_of(left, right).is_some() {
                    FactKind::Share
                } else if cues::is_change(left, right) {
                    FactKind::Change
                } else {
                    FactKind::Percent
                }
            }
            u if is_money(u) => FactKind::Amount,
            u if DURATIONS.contains(&u) => FactKind::Count,
            _ => {
                // A number of things with no phrase of its own to be the value of:
                // "46,300 rural residents shook off poverty" is a count.
                let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
                let np = phrases::noun_phrase(&left[clause..], self.doc.place.as_deref());
                let has_indicator = cues::of_before(left).is_some()
                    || np.is_some()
                    || phrases::has_pronoun(&left[clause..]);
                if has_indicator || m.unit.is_empty() {
                    FactKind::Amount
                } else {
                    FactKind::Count
                }
            }
        }
    }

    /// The subject and measure of a figure at `m`, whose clause starts at `clause`.
    fn about(&self, m: &Mention, clause: usize, kind: FactKind, member: Option<String>) -> About {
        let text = self.text;
        let at = m.span.start;
        let left = &text[..at];
        let right = &text[m.span.end..];
        let lexicon_measure = self.measure_for(at, clause);
        // A phrase that is a lexicon alias and nothing more takes the lexicon's name;
        // a longer one ("gross agricultural output value") stays as written.
        let measure_of = |np: &str| -> Option<String> {
            let words = text::words(np);
            self.lexicon
                .measures(&words)
                .into_iter()
                .find(|mm| {
                    !FIXED_MEASURES.contains(&mm.canonical.as_str()) && mm.words == (0, words.len())
                })
                .map(|mm| mm.canonical)
                .or_else(|| Some(np.to_string()))
        };
        // "...contributed 88.3 billion yuan and 114.9 billion yuan respectively".
        if let Some(item) = member {
            return match self.canonical(&item) {
                Some(s) => About {
                    subject: s,
                    measure: lexicon_measure,
                },
                None if phrases::is_measure_phrase(&item) => About {
                    subject: self.place(),
                    measure: measure_of(&item),
                },
                None => About {
                    subject: item,
                    measure: lexicon_measure,
                },
            };
        }
        // "5.6 percent for the primary industry".
        if let Some(s) = cues::for_subject(right)
            && let Some(c) = self.canonical(&s)
        {
            return About {
                subject: c,
                measure: lexicon_measure,
            };
        }
        // "a 9.6 percent drop in real estate development investment".
        if kind == FactKind::Change
            && let Some((_, thing)) = cues::change_noun_after(right)
                .or_else(|| cues::change_in_after(left, right).map(|t| (false, t)))
        {
            return match self.canonical(&thing) {
                Some(s) => About {
                    subject: s,
                    measure: lexicon_measure,
                },
                None => About {
                    subject: self.place(),
                    measure: measure_of(&thing),
                },
            };
        }
        // "31.6 billion yuan of industrial output": the measure follows the amount.
        let of_after = (kind == FactKind::Amount)
            .then(|| cues::of_after(right))
            .flatten();
        // "a permanent population of 3.46 million", "the 2010 level of 74.5 billion".
        // "the figure stood at 1,860": the number named earlier in the sentence.
        if let Some(measure) = cues::named_number_before(left)
            && regex!(r"(?i)\b(?:the|this) (?:figure|number|total)\b").is_match(&left[clause..])
        {
            return About {
                subject: self.place(),
                measure: Some(measure),
            };
        }
        if let Some(np) = cues::of_before(left) {
            if phrases::is_generic_head(&np) && phrases::has_pronoun(&left[clause..]) {
                if let Some(subject) = self.carry.subject.clone() {
                    return About {
                        subject,
                        measure: lexicon_measure.or(self.carry.measure.clone()),
                    };
                }
            } else if !phrases::is_generic_head(&np)
                && matches!(kind, FactKind::Amount | FactKind::Percent)
                && self.canonical(&np).is_none()
                && !regex!(r"(?i)\b(?:increase|rise|growth|decrease|drop|decline|gain|jump|fall)$")
                    .is_match(&np)
            {
                let subject = self
                    .lexicon_left(at, clause)
                    .unwrap_or_else(|| self.place());
                return About {
                    subject,
                    measure: measure_of(&np),
                };
            }
        }
        if let Some(s) = self.lexicon_left(at, clause) {
            return About {
                subject: s,
                measure: lexicon_measure.or(of_after),
            };
        }
        let clause_text = &text[clause..at];
        let np = phrases::noun_phrase(clause_text, self.doc.place.as_deref());
        let pronoun = phrases::has_pronoun(clause_text)
            || np
                .as_ref()
                .is_some_and(|n| n.pronoun_owner || phrases::is_anaphor(&n.text, clause_text));
        let np = np.map(|n| {
            if phrases::is_place_word(&n.text) {
                NounPhrase {
                    text: self.place(),
                    ..n
                }
            } else {
                n
            }
        });
        if let Some(NounPhrase {
            text: phrase,
            place_owner,
            ..
        }) = &np
            && !phrases::has_pronoun(phrase)
            && !phrases::is_anaphor(phrase, clause_text)
        {
            if let Some(s) = self.canonical(phrase) {
                return About {
                    subject: s,
                    measure: lexicon_measure.or(of_after),
                };
            }
            if phrases::is_measure_phrase(phrase) {
                let subject = if pronoun && !place_owner {
                    self.carry.subject.clone().unwrap_or_else(|| self.place())
                } else {
                    self.place()
                };
                return About {
                    subject,
                    measure: lexicon_measure.or_else(|| measure_of(phrase)),
                };
            }
            return About {
                subject: phrase.clone(),
                measure: lexicon_measure.or(of_after),
            };
        }
        let counted = !m.unit.is_empty()
            && !is_money(&m.unit)
            && !["percent", "times"].contains(&m.unit.as_str());
        if pronoun && let Some(subject) = self.carry.subject.clone() {
            let carried = if counted {
                None
            } else {
                self.carry.measure.clone()
            };
            return About {
                subject,
                measure: lexicon_measure.or(of_after).or(carried),
            };
        }
        if let Some(s) = self.subjects.iter().rev().find(|s| s.span.end <= at) {
            return About {
                subject: s.canonical.clone(),
                measure: lexicon_measure.or(of_after),
            };
        }
        if let Some(subject) = self.carry.subject.clone() {
            return About {
                subject,
                measure: lexicon_measure.or(of_after).or(self.carry.measure.clone()),
            };
        }
        if of_after.is_none()
            && let Some(s) = self.subjects.iter().find(|s| s.span.start >= at)
        {
            return About {
                subject: s.canonical.clone(),
                measure: lexicon_measure,
            };
        }
        About {
            subject: self.place(),
            measure: lexicon_measure.or(of_after),
        }
    }

    /// The nearest lexicon subject before `at` within its clause that stands as a noun
    /// phrase of its own ("primary industry had grown"), not as a word inside a longer
    /// one ("industrial enterprises", "industrial structures").
    fn lexicon_left(&self, at: usize, clause: usize) -> Option<String> {
        self.subjects
            .iter()
            .rev()
            .filter(|s| self.stands_alone(s))
            .find(|s| s.span.end <= at && s.span.start >= clause)
            .map(|s| s.canonical.clone())
    }

    fn stands_alone(&self, m: &Match) -> bool {
        let next = self.text[m.span.end..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let continues = next.starts_with(char::is_alphabetic) && {
            let word = next
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // A base form ("farm produce") may be a noun; "grew", "grows" are verbs.
            let verb = crate::lang::english().is_inflected_verb(&word)
                || (word.ends_with('s') && crate::lang::english().is_verb_form(&word));
            !word.is_empty()
                && word.len() == next.len()
                && !verb
                && !phrases::is_stop(&word)
                && !crate::lang::english().is_modifier(&word)
        };
        !continues
    }

    /// The lexicon measure named nearest before `at` (in its clause, else the sentence).
    fn measure_for(&self, at: usize, clause: usize) -> Option<String> {
        let usable = |m: &&Match| !FIXED_MEASURES.contains(&m.canonical.as_str());
        self.measures
            .iter()
            .rev()
            .filter(usable)
            .find(|m| m.span.end <= at && m.span.start >= clause)
            .or_else(|| {
                self.measures
                    .iter()
                    .rev()
                    .filter(usable)
                    .find(|m| m.span.end <= at)
            })
            .map(|m| self.measure_phrase(m))
    }

    /// The measure phrase a lexicon alias heads: "gross agricultural output value" for
    /// the alias "output value", or the lexicon's name when the alias stands alone.
    fn measure_phrase(&self, m: &Match) -> String {
        let before = &self.text[..m.span.start];
        let mut modifiers: Vec<&str> = Vec::new();
        for raw in before.split_whitespace().rev().take(3) {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            let lower = word.to_lowercase();
            let plain = word.len() == raw.len()
                && word.chars().all(|c| c.is_lowercase() || c == '-')
                && !phrases::is_stop(&lower)
                && !crate::lang::english().is_verb_form(&lower)
                && ![
                    "the", "a", "an", "its", "their", "total", "whole", "per", "capita",
                ]
                .contains(&lower.as_str());
            if !plain {
                break;
            }
            modifiers.push(word);
        }
        if modifiers.is_empty() {
            return m.canonical.clone();
        }
        modifiers.reverse();
        format!(
            "{} {}",
            modifiers.join(" "),
            m.span.of(self.text).to_lowercase()
        )
    }

    /// Multiples written as words: "It was nearly triple the 2010 level".
    fn word_multiples(&mut self, out: &mut Vec<Fact>) {
        for (value, start, end, qualifier) in cues::word_multiples(self.text) {
            let span = Span::new(start, end);
            if self.overlaps_taken(span) {
                continue;
            }
            let left = &self.text[..start];
            let right = &self.text[end..];
            let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
            let m = Mention {
                span,
                value,
                unit: "times".into(),
                qualifier,
            };
            let about = self.about(&m, clause, FactKind::Multiple, None);
            // ", an amount that has more than doubled since 2015" is of the figure before.
            let previous = out
                .iter()
                .rev()
                .find(|f| f.sentence == self.span && f.span.end - self.span.start <= start && f.kind == FactKind::Amount)
                .filter(|_| regex!(r"(?i),\s*(?:an? (?:amount|figure|number|level|sum)\s+)?(?:that|which)\s+(?:has|have|had|is|was)?\s*(?:more than|nearly|almost|about|over)?\s*$").is_match(left));
            let (subject, measure) = match previous {
                Some(f) => (f.subject.clone(), f.measure.clone()),
                None => (
                    about.subject,
                    about.measure.unwrap_or_else(|| "value".into()),
                ),
            };
            let mut fact = self.fact(FactKind::Multiple, subject, measure, &m);
            fact.base_year = cues::base_year_after(right);
            fact.year = self
                .main_year()
                .filter(|y| Some(*y) != fact.base_year)
                .or(self.carry.year);
            self.taken.push(span);
            out.push(fact);
        }
    }

    /// Shares written as fractions: "The sector contributed one-third of the city's
    /// agricultural exports".
    fn fractions(&mut self, out: &mut Vec<Fact>) {
        for (value, start, end, of) in cues::fractions(self.text) {
            let span = Span::new(start, end);
            if self.overlaps_taken(span) {
                continue;
            }
            let clause = phrases::clause_start(&self.text[..start]).max(self.opening.min(start));
            let m = Mention {
                span,
                value,
                unit: "percent".into(),
                qualifier: None,
            };
            let about = self.about(&m, clause, FactKind::Share, None);
            let mut fact = self.fact(FactKind::Share, about.subject, format!("share of {of}"), &m);
            fact.year = self
                .main_year()
                .or(self.carry.year)
                .or_else(|| self.relative_year());
            self.taken.push(span);
            out.push(fact);
        }
    }

    /// Counts written as words: "seven crucial areas including a, b and c".
    fn word_counts(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for c in WORD_NUMBER.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let span = Span::new(whole.start(), whole.end());
            if self.overlaps_taken(span) || text[whole.end()..].starts_with('-') {
                continue;
            }
            let Some(value) = number_word(whole.as_str()) else {
                continue;
            };
            let right = &text[whole.end()..];
            let Some((noun, noun_end)) = phrases::noun_after(right) else {
                continue;
            };
            if ["of", "percent"].contains(&noun.as_str()) {
                continue;
            }
            let m = Mention {
                span,
                value,
                unit: noun.clone(),
                qualifier: None,
            };
            let mut fact = self.fact(
                FactKind::Count,
                phrases::count_subject(&noun, right),
                "count".into(),
                &m,
            );
            fact.items = phrases::list_after(&right[noun_end..], value as usize);
            fact.year = cues::year_after(&right[noun_end..])
                .map(|y| y.0)
                .or_else(|| cues::year_before(&text[..whole.start()]));
            self.taken.push(span);
            out.push(fact);
        }
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

fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(body: &str) -> Vec<Fact> {
        let text = format!("---\ntitle: Testville's economy\ndate: 2020-06-15\n---\n\n{body}\n");
        let doc = crate::corpus::parse_document("t", text.into_bytes()).expect("valid document");
        let corpus = Corpus {
            documents: vec![doc],
            skipped: Vec::new(),
        };
        let lexicon = Lexicon::parse(
            r#"
[subjects]
"primary industry" = ["primary", "primary industries"]
"secondary industry" = ["secondary", "secondary industries", "industrial", "industrial output"]
"tertiary industry" = ["tertiary", "tertiary industries", "services"]
[measures]
"added value" = ["added value"]
"#,
        )
        .expect("valid lexicon");
        let passages = crate::passage::passages(&corpus);
        extract_facts(&corpus, &passages, &lexicon)
    }

    fn find<'f>(facts: &'f [Fact], surface: &str) -> &'f Fact {
        facts
            .iter()
            .find(|f| f.surface == surface)
            .unwrap_or_else(|| panic!("no fact {surface:?} in {facts:#?}"))
    }

    #[test]
    fn respectively_gives_each_figure_its_member() {
        let facts = facts_of(
            "Installed capacity of wind and solar power reached 2.8 million kilowatts and 1.55 million kilowatts respectively in 2019. The secondary and tertiary industries contributed 88.3 billion yuan and 114.9 billion yuan respectively.",
        );
        assert_eq!(
            find(&facts, "2.8 million").measure,
            "installed capacity of wind power"
        );
        assert_eq!(
            find(&facts, "1.55 million").measure,
            "installed capacity of solar power"
        );
        assert_eq!(
            find(&facts, "88.3 billion yuan").subject,
            "secondary industry"
        );
        assert_eq!(
            find(&facts, "114.9 billion yuan").subject,
            "tertiary industry"
        );
    }

    #[test]
    fn an_indicator_phrase_is_the_measure_and_the_place_its_subject() {
        let facts = facts_of(
            "The city's GDP rose 6.3 percent year-on-year to 215.6 billion yuan in 2019. It was nearly triple the 2010 level of 74.5 billion yuan.",
        );
        let gdp = find(&facts, "215.6 billion yuan");
        assert_eq!(
            (gdp.subject.as_str(), gdp.measure.as_str(), gdp.year),
            ("Testville", "GDP", Some(2019))
        );
        let change = find(&facts, "6.3 percent");
        assert_eq!(
            (
                change.kind,
                change.measure.as_str(),
                change.year,
                change.base_year
            ),
            (FactKind::Change, "GDP", Some(2019), Some(2018))
        );
        let earlier = find(&facts, "74.5 billion yuan");
        assert_eq!(
            (earlier.measure.as_str(), earlier.year),
            ("GDP", Some(2010))
        );
        let triple = find(&facts, "triple");
        assert_eq!(
            (
                triple.kind,
                triple.value,
                triple.base_year,
                triple.qualifier.as_deref()
            ),
            (FactKind::Multiple, 3.0, Some(2010), Some("nearly"))
        );
        assert_eq!(triple.measure, "GDP");
    }

    #[test]
    fn a_change_after_an_amount_and_an_earlier_value_are_of_the_same_thing() {
        let facts = facts_of(
            "In 2019, retail sales of consumer goods totaled 98.7 billion yuan, up 7.2 percent. Strategic emerging industries accounted for 18.7 percent of industrial added value, up from 11.2 percent in 2015.",
        );
        let up = find(&facts, "7.2 percent");
        assert_eq!(
            (up.kind, up.measure.as_str()),
            (FactKind::Change, "retail sales of consumer goods")
        );
        let now = find(&facts, "18.7 percent");
        let then = find(&facts, "11.2 percent");
        assert_eq!((now.kind, now.year), (FactKind::Share, Some(2019)));
        assert_eq!(
            (then.subject.as_str(), then.year),
            (now.subject.as_str(), Some(2015))
        );
    }

    #[test]
    fn a_pronoun_takes_the_subject_of_the_sentence_before() {
        let facts = facts_of(
            "Tourism has become a pillar of the city. Its revenue reached 6.8 billion yuan in 2019, up 21.4 percent.",
        );
        let revenue = find(&facts, "6.8 billion yuan");
        assert_eq!(
            (revenue.subject.as_str(), revenue.measure.as_str()),
            ("tourism", "revenue")
        );
        assert_eq!(find(&facts, "21.4 percent").subject, "tourism");
    }

    #[test]
    fn a_drop_in_something_is_a_fall_of_that_thing() {
        let facts = facts_of(
            "Fixed-asset investment fell 2.1 percent in 2019, dragged down by a 9.6 percent drop in real estate development investment.",
        );
        let fall = find(&facts, "2.1 percent");
        assert_eq!(
            (fall.value, fall.measure.as_str()),
            (-2.1, "fixed-asset investment")
        );
        let drop = find(&facts, "9.6 percent");
        assert_eq!(
            (drop.value, drop.measure.as_str()),
            (-9.6, "real estate development investment")
        );
    }

    #[test]
    fn a_word_inside_a_longer_name_is_not_a_subject() {
        let facts =
            facts_of("The number of industrial enterprises reached 1,286 by the end of 2019.");
        let n = find(&facts, "1,286");
        assert_eq!(
            (n.subject.as_str(), n.measure.as_str(), n.year),
            ("Testville", "number of industrial enterprises", Some(2019))
        );
    }

    #[test]
    fn unnamed_structure_parts_follow_the_order_the_document_names_the_sectors() {
        let facts = facts_of(
            "The primary industry grew. The secondary and tertiary industries grew too.\n\nThe structure of the three industries shifted from 10:40:50 in 2010 to 6:41:53 in 2019.",
        );
        let parts: Vec<(&str, f64, Option<i32>)> = facts
            .iter()
            .filter(|f| f.measure == "structure")
            .map(|f| (f.subject.as_str(), f.value, f.year))
            .collect();
        assert_eq!(parts[0], ("primary industry", 10.0, Some(2010)));
        assert_eq!(parts[2], ("tertiary industry", 50.0, Some(2010)));
        assert_eq!(parts[4], ("secondary industry", 41.0, Some(2019)));
    }
}
