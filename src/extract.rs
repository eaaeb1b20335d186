//! Fact extraction: turns every figure of every sentence into a typed [`Fact`] row.
//!
//! The rules are written for the ways news and statistics text states figures, not for
//! one article: amounts with currency and scale ("4.298 billion yuan", "$2.42 million"),
//! growth multiples ("an increase of 17,500 times that of 1949"), changes ("up 5.6 percent
//! year-on-year"), shares ("accounting for 15.81 percent of the total"), structures
//! ("a ratio of 52:18:30 in 1949"), named periods ("(1953-1957)") and counted lists
//! ("seven crucial areas including ..."). A subject is found from the lexicon, from a
//! pronoun's antecedent in the previous sentence, or from the clause's noun phrase.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::{Corpus, Document, Span};
use crate::facts::{Fact, FactKind};
use crate::lexicon::{Lexicon, Match};
use crate::passage::{Passage, PassageKind};
use crate::text;

/// Extracts the fact table of a corpus from its sentence passages.
pub fn extract_facts(corpus: &Corpus, passages: &[Passage], lexicon: &Lexicon) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut carry: Option<String> = None;
    let mut last: Option<(usize, usize)> = None;
    for passage in passages {
        if passage.kind != PassageKind::Sentence {
            continue;
        }
        if last != Some((passage.doc, passage.paragraph)) {
            carry = None;
            last = Some((passage.doc, passage.paragraph));
        }
        let doc = &corpus.documents[passage.doc];
        let mut sentence = Sentence::new(doc, passage.span, lexicon, carry.clone());
        let before = facts.len();
        sentence.extract(&mut facts);
        for (i, fact) in facts.iter_mut().enumerate().skip(before) {
            fact.id = i;
        }
        if let Some(first) = sentence.subjects.first() {
            carry = Some(first.canonical.clone());
        }
    }
    facts
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
        (?:(?:\s|-)?(?P<unit>(?:yuan|renminbi|rmb|cny|us\s+dollars|dollars|usd|euros?|percentage\s+points?|percent|per\s+cent|times|fold)\b|%))?",
    )
    .expect("valid regex")
});

static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred)\b",
    )
    .expect("valid regex")
});

static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){1,5}\b").expect("valid regex")
});

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?\b(1[5-9]\d\d|20\d\d)\s?[-–—~]\s?(1[5-9]\d\d|20\d\d|\d\d)\b\)?")
        .expect("valid regex")
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[5-9]\d\d|20\d\d)\b").expect("valid regex"));

static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(more than|over|nearly|almost|about|around|approximately|roughly|some|at least|less than|under|up to|close to|above|below|exceeding|just over|just under)\s*$",
    )
    .expect("valid regex")
});

/// Words that end a noun phrase: verbs, prepositions and conjunctions.
const PHRASE_STOPS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "reached", "reach", "reaches", "rose", "rise", "rises", "grew", "grow", "grows",
    "increased", "increase", "increases", "totaled", "totalled", "stood", "hit", "amounted",
    "accounted", "accounting", "accounts", "climbed", "surged", "fell", "dropped", "declined",
    "registered", "recorded", "saw", "posted", "generated", "created", "achieved", "exceeded",
    "topped", "came", "made", "experienced", "jumped", "expanded", "contributed", "remained",
    "doubled", "tripled", "went", "added", "attracted", "received", "welcomed", "handled",
    "produced", "earned", "sold", "employed", "invested", "represents", "represented",
    "such", "including", "includes", "include", "of", "in", "since", "from", "to", "by",
    "for", "with", "at", "on", "and", "or", "that", "which", "who", "as", "than", "while",
    "during", "between", "into", "over", "under", "among", "after", "before", "per", "the",
    "a", "an", "its", "their", "this", "these", "those", "it", "they", "up", "down",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "this", "these", "those", "our", "his", "her", "all",
    "total", "and", "but", "while", "moreover", "meanwhile", "also", "as", "with",
];

/// Nouns that name a measure rather than a subject when a clause has no other subject.
const MEASURE_NOUNS: &[&str] = &[
    "value", "output", "revenue", "revenues", "income", "sales", "investment", "gdp",
    "production", "profit", "profits", "exports", "imports", "trade", "spending",
    "expenditure", "budget", "consumption", "turnover", "volume", "earnings", "figure",
];

#[derive(Clone, Debug)]
struct Mention {
    span: Span,
    value: f64,
    unit: String,
    qualifier: Option<String>,
    currency_or_scale: bool,
}

struct Sentence<'a> {
    doc: &'a Document,
    /// The sentence's span in the document.
    span: Span,
    text: &'a str,
    subjects: Vec<Match>,
    measures: Vec<Match>,
    carry: Option<String>,
    /// Spans (relative to the sentence) already used by ratios, ranges and figures.
    taken: Vec<Span>,
}

impl<'a> Sentence<'a> {
    fn new(doc: &'a Document, span: Span, lexicon: &Lexicon, carry: Option<String>) -> Self {
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
            carry,
            taken: Vec::new(),
        }
    }

    fn overlaps_taken(&self, s: Span) -> bool {
        self.taken.iter().any(|t| s.start < t.end && t.start < s.end)
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
            base_year: None,
            end_year: None,
            value: m.value,
            unit: m.unit.clone(),
            qualifier: m.qualifier.clone(),
            surface: m.span.of(self.text).to_string(),
            span: Span::new(self.span.start + m.span.start, self.span.start + m.span.end),
            sentence: self.span,
            items: Vec::new(),
        }
    }

    fn extract(&mut self, out: &mut Vec<Fact>) {
        self.periods(out);
        self.ratios(out);
        let mentions = self.figures();
        let mut previous: Option<(Mention, Fact)> = None;
        for m in mentions {
            let fact = self.classify(&m, previous.as_ref());
            if let Some(fact) = fact {
                out.push(fact.clone());
                previous = Some((m, fact));
            }
        }
        self.word_counts(out);
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
            let Some(name) = period_name(&text[..whole.start()]) else {
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
                currency_or_scale: false,
            };
            let mut fact = self.fact(FactKind::Period, name, "period".into(), &m);
            fact.surface = format!("{start}-{end}");
            fact.year = Some(start);
            fact.end_year = Some(end);
            out.push(fact);
        }
    }

    /// Structures: "a ratio of 52:18:30 in 1949" with the parts named by a list of
    /// subjects in the sentence ("primary, secondary and tertiary industries").
    fn ratios(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for m in RATIO.find_iter(text) {
            self.taken.push(Span::new(m.start(), m.end()));
            let parts: Vec<f64> = m.as_str().split(':').filter_map(|p| p.parse().ok()).collect();
            let sum: f64 = parts.iter().sum();
            let percent = (sum - 100.0).abs() < 0.6;
            let names = self.subject_list(parts.len());
            let year = year_after(&text[m.end()..]).or_else(|| self.main_year());
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
                    unit: if percent { "percent".into() } else { "parts".into() },
                    qualifier: None,
                    currency_or_scale: false,
                };
                let mut fact = self.fact(FactKind::Share, subject, "structure".into(), &mention);
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
        static JOIN: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s*(?:,\s*)?(?:and|or|,)?\s*$").expect("valid regex"));
        (0..=subjects.len() - k).find_map(|i| {
            let run = &subjects[i..i + k];
            let listed = run.windows(2).all(|w| {
                let between = &self.text[w[0].span.end..w[1].span.start];
                JOIN.is_match(between)
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
            // Not part of a word or code: "COVID-19", "5G", "13th", "No.3".
            let before = text[..whole.start()].chars().next_back();
            let after = text[whole.end()..].chars().next();
            if before.is_some_and(|b| b.is_alphanumeric() || b == '.' || b == '-' && !text[..whole.start()].ends_with(" -"))
                || (c.name("unit").is_none() && after.is_some_and(|a| a.is_alphanumeric()))
            {
                continue;
            }
            let raw = num.as_str();
            let cur = c.name("cur").map(|m| m.as_str().trim().to_lowercase());
            let scale = c.name("scale").map(|m| m.as_str().to_lowercase());
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
            let unit_word = c.name("unit").map(|m| m.as_str().to_lowercase());
            let is_year = cur.is_none()
                && scale.is_none()
                && unit_word.is_none()
                && raw.len() == 4
                && YEAR.is_match(raw);
            if is_year {
                continue;
            }
            let mut unit = match (cur.as_deref(), unit_word.as_deref()) {
                (_, Some(u)) if u.contains("yuan") || u == "renminbi" || u == "rmb" || u == "cny" => "yuan",
                (_, Some(u)) if u.contains("dollar") || u == "usd" => "US dollars",
                (_, Some(u)) if u.starts_with("euro") => "euros",
                (_, Some(u)) if u.starts_with("percentage") => "percentage points",
                (_, Some("percent")) | (_, Some("per cent")) | (_, Some("%")) => "percent",
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
                // A counted noun: "70 years", "4.13 million residents".
                if let Some((noun, _)) = noun_after(&text[end..]) {
                    unit = noun;
                }
            }
            // Keep the surface to the number and its unit word.
            if let Some(u) = c.name("unit") {
                end = u.end();
            }
            let qualifier_text = &text[..whole.start()];
            let qualifier = QUALIFIER
                .captures(qualifier_text)
                .map(|q| q[1].to_lowercase());
            self.taken.push(span);
            out.push(Mention {
                span: Span::new(whole.start(), end),
                value,
                unit,
                qualifier,
                currency_or_scale: cur.is_some() || scale.is_some(),
            });
        }
        out
    }

    /// Types one figure and finds its subject, measure and years.
    fn classify(&self, m: &Mention, previous: Option<&(Mention, Fact)>) -> Option<Fact> {
        let text = self.text;
        let left = &text[..m.span.start];
        let right = &text[m.span.end..];
        // A conversion in parentheses right after a figure: "17 million yuan ($2.42 million)".
        if let Some((prev, prev_fact)) = previous {
            let between = &text[prev.span.end..m.span.start];
            if between.trim() == "(" || between.trim().ends_with('(') && between.len() < 12 {
                let mut fact = self.fact(prev_fact.kind, prev_fact.subject.clone(), prev_fact.measure.clone(), m);
                fact.year = prev_fact.year;
                fact.base_year = prev_fact.base_year;
                return Some(fact);
            }
        }
        let clause = clause_start(left);
        let subject = self.subject_for(m.span.start, clause);
        let (kind, measure, base_year) = match m.unit.as_str() {
            "times" => (FactKind::Multiple, "growth multiple".to_string(), self.base_year(right)),
            "percentage points" => (FactKind::Change, "change in share".to_string(), self.change_base(right)),
            "percent" => {
                if let Some(total) = share_of(left, right) {
                    (FactKind::Share, total, None)
                } else if is_change(left, right) {
                    (FactKind::Change, "percent change".to_string(), self.change_base(right))
                } else {
                    let label = self.measure_for(m.span.start, clause).unwrap_or_else(|| "rate".into());
                    (FactKind::Percent, label, None)
                }
            }
            _ if m.currency_or_scale && !m.unit.is_empty() && is_money(&m.unit) => {
                let label = self.measure_for(m.span.start, clause).unwrap_or_else(|| "value".into());
                (FactKind::Amount, label, None)
            }
            _ => (FactKind::Count, "count".to_string(), None),
        };
        let (subject, measure) = match (kind, subject) {
            // A clause whose noun phrase is a measure ("Revenue reached..."): the subject
            // is the one carried over, or the place.
            (_, Subject::Phrase(p)) if is_measure_phrase(&p) && kind != FactKind::Count => {
                let subject = self.carry.clone().or_else(|| self.doc.place.clone()).unwrap_or_default();
                let measure = if matches!(kind, FactKind::Amount | FactKind::Percent) { p } else { measure };
                (subject, measure)
            }
            (FactKind::Count, _) => {
                let subject = count_subject(&m.unit, right);
                (subject, "count".to_string())
            }
            (_, s) => (s.into_string(self.doc), measure),
        };
        let mut fact = self.fact(kind, subject, measure, m);
        if kind == FactKind::Change && m.value != 0.0 && is_fall(left) {
            fact.value = -m.value;
        }
        fact.base_year = base_year;
        fact.year = match kind {
            FactKind::Multiple => self.main_year(),
            _ => year_after(right)
                .or_else(|| year_before(left))
                .or_else(|| self.main_year())
                .or_else(|| self.relative_year()),
        };
        if fact.kind == FactKind::Change && fact.base_year.is_none() {
            fact.base_year = fact.year.filter(|_| is_year_on_year(right)).map(|y| y - 1);
        }
        if fact.year.is_some() && fact.year == fact.base_year {
            fact.base_year = None;
        }
        Some(fact)
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
            let Some((noun, noun_end)) = noun_after(right) else {
                continue;
            };
            let m = Mention {
                span,
                value,
                unit: noun.clone(),
                qualifier: None,
                currency_or_scale: false,
            };
            let mut fact = self.fact(FactKind::Count, count_subject(&noun, right), "count".into(), &m);
            fact.items = list_after(&right[noun_end..], value as usize);
            fact.year = year_after(&right[noun_end..]).or_else(|| year_before(&text[..whole.start()]));
            self.taken.push(span);
            out.push(fact);
        }
    }

    /// The subject of a figure at `at`, whose clause starts at `clause`.
    fn subject_for(&self, at: usize, clause: usize) -> Subject {
        let left_in_clause = self
            .subjects
            .iter()
            .rev()
            .find(|s| s.span.end <= at && s.span.start >= clause);
        if let Some(s) = left_in_clause {
            return Subject::Known(s.canonical.clone());
        }
        let clause_text = &self.text[clause..at];
        if has_pronoun(clause_text)
            && let Some(c) = &self.carry
        {
            return Subject::Known(c.clone());
        }
        if let Some(p) = noun_phrase(&self.text[clause..at]) {
            return Subject::Phrase(p);
        }
        if let Some(s) = self.subjects.iter().rev().find(|s| s.span.end <= at) {
            return Subject::Known(s.canonical.clone());
        }
        if let Some(c) = &self.carry {
            return Subject::Known(c.clone());
        }
        if let Some(s) = self.subjects.iter().find(|s| s.span.start >= at) {
            return Subject::Known(s.canonical.clone());
        }
        Subject::Place
    }

    /// The measure named nearest before `at` (lexicon first, then a measure noun).
    fn measure_for(&self, at: usize, clause: usize) -> Option<String> {
        let fixed = ["growth multiple", "percent change", "share", "structure", "period", "count"];
        let usable = |m: &&Match| !fixed.contains(&m.canonical.as_str());
        self.measures
            .iter()
            .rev()
            .filter(usable)
            .find(|m| m.span.end <= at && m.span.start >= clause)
            .or_else(|| self.measures.iter().rev().filter(usable).find(|m| m.span.end <= at))
            .map(|m| m.canonical.clone())
            .or_else(|| {
                noun_phrase(&self.text[clause..at]).filter(|p| is_measure_phrase(p))
            })
            .or_else(|| self.measures.iter().filter(usable).next().map(|m| m.canonical.clone()))
    }

    /// The year the sentence is about: the first year that is not a base ("since 1949").
    fn main_year(&self) -> Option<i32> {
        YEAR.find_iter(self.text)
            .filter(|y| !self.overlaps_taken(Span::new(y.start(), y.end())))
            .find(|y| !is_base_context(&self.text[..y.start()]))
            .and_then(|y| y.as_str().parse().ok())
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

    /// The base year of a multiple: "times that of 1949", "the 1949 figure", "since 1949".
    fn base_year(&self, right: &str) -> Option<i32> {
        let clause_end = right.find([',', ';']).unwrap_or(right.len());
        YEAR.find(&right[..clause_end])
            .and_then(|y| y.as_str().parse().ok())
            .or_else(|| self.since_year())
    }

    fn change_base(&self, right: &str) -> Option<i32> {
        static FROM: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)^\s*(?:from|over|compared (?:with|to)|since|on)\s+(?:the\s+)?(?:end of\s+)?(1[5-9]\d\d|20\d\d)\b")
                .expect("valid regex")
        });
        FROM.captures(right)
            .and_then(|c| c[1].parse().ok())
            .or_else(|| self.since_year())
    }

    fn since_year(&self) -> Option<i32> {
        static SINCE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)\b(?:since|from|compared (?:with|to)|over|than in)\s+(?:the\s+)?(?:end of\s+)?(1[5-9]\d\d|20\d\d)\b")
                .expect("valid regex")
        });
        SINCE.captures(self.text).and_then(|c| c[1].parse().ok())
    }
}

enum Subject {
    Known(String),
    Phrase(String),
    Place,
}

impl Subject {
    fn into_string(self, doc: &Document) -> String {
        match self {
            Subject::Known(s) | Subject::Phrase(s) => s,
            Subject::Place => doc.place.clone().unwrap_or_else(|| doc.title.clone()),
        }
    }
}

fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds")
}

fn is_measure_phrase(phrase: &str) -> bool {
    let last = phrase.split_whitespace().last().unwrap_or("").to_lowercase();
    MEASURE_NOUNS.contains(&last.as_str())
}

/// Where the clause holding position `left.len()` starts: after the last ", and",
/// ";", ", while" or ", but" before it.
fn clause_start(left: &str) -> usize {
    static BREAK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:,\s*(?:and|while|but|whereas|with)\s|;\s*)").expect("valid regex")
    });
    BREAK.find_iter(left).last().map_or(0, |m| m.end())
}

fn has_pronoun(clause: &str) -> bool {
    static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:it|its|they|their|the sector|the industry|this sector|this industry)\b")
            .expect("valid regex")
    });
    PRONOUN.is_match(clause)
}

/// The noun phrase that opens a clause, without determiners and leading time phrases:
/// "In 2018, the city's retail sales" gives "retail sales".
fn noun_phrase(clause: &str) -> Option<String> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:(?:in|by|during|for|at the end of|as of)\s+(?:the\s+)?(?:year\s+)?\d{4}|last year|this year|meanwhile|moreover|in addition|however)\s*,?\s*")
            .expect("valid regex")
    });
    let clause = LEAD.replace(clause, "");
    let mut words: Vec<&str> = Vec::new();
    for raw in clause.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’');
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches("'s").trim_end_matches("’s");
        if words.is_empty() && (DETERMINERS.contains(&bare) || bare.is_empty()) {
            continue;
        }
        if PHRASE_STOPS.contains(&bare) || word.is_empty() || word.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        // Drop a possessive owner such as "the city's" or "Lanzhou's".
        if lower.ends_with("'s") || lower.ends_with("’s") {
            words.clear();
            continue;
        }
        words.push(word);
        if raw.ends_with([',', ';', ':', ')']) || words.len() >= 6 {
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    let phrase: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let acronym = w.len() > 1 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
            if acronym || (i > 0 && w.starts_with(char::is_uppercase)) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    Some(phrase.join(" "))
}

/// The counted noun after a number: "crucial areas" in "seven crucial areas including".
/// Returns the noun phrase and the byte length it covers in `right`.
fn noun_after(right: &str) -> Option<(String, usize)> {
    let mut words = Vec::new();
    let mut end = 0;
    let mut offset = 0;
    for raw in right.split_inclusive(char::is_whitespace) {
        let piece = raw.trim();
        let word = piece.trim_end_matches([',', '.', ';', ':', ')', '"', '”']);
        offset += raw.len();
        if word.is_empty() {
            if words.is_empty() {
                continue;
            }
            break;
        }
        let lower = word.to_lowercase();
        if PHRASE_STOPS.contains(&lower.as_str())
            || !word.chars().all(|c| c.is_alphabetic() || c == '-')
            || word.starts_with(char::is_uppercase) && !words.is_empty()
        {
            break;
        }
        words.push(lower);
        end = offset - (raw.len() - raw.trim_end().len()) - (piece.len() - word.len());
        if piece.len() != word.len() || words.len() >= 3 {
            break;
        }
    }
    if words.is_empty() {
        return None;
    }
    Some((words.join(" "), end))
}

/// The subject of a count: its noun plus a short complement ("years since the founding
/// of the People's Republic of China", "periods of adjustment").
fn count_subject(noun: &str, right: &str) -> String {
    static COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*[\w\s-]*?\b((?:since|of)\s+[^,.;:()]{1,80})").expect("valid regex")
    });
    let after_noun = right
        .to_lowercase()
        .find(noun)
        .map_or(right, |i| &right[i + noun.len()..]);
    match COMPLEMENT.captures(after_noun) {
        Some(c) if after_noun.trim_start().starts_with(&c[1][..]) => {
            format!("{noun} {}", c[1].trim())
        }
        _ => noun.to_string(),
    }
}

/// The items of a counted list: "including a, b, c and d" (at most `count` of them).
fn list_after(right: &str, count: usize) -> Vec<String> {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:[\w\s-]{0,40}?)\s*(?:including|such as|namely|:|, which are|, that is)\s*")
            .expect("valid regex")
    });
    let Some(open) = OPEN.find(right) else {
        return Vec::new();
    };
    let rest = &right[open.end()..];
    let body = rest.trim_end().trim_end_matches(['.', ';']);
    let items: Vec<String> = body
        .split(',')
        .map(|s| s.trim())
        .map(|s| s.strip_prefix("and ").or_else(|| s.strip_prefix("or ")).unwrap_or(s))
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect();
    // An item runs until a verb or clause word: "advanced manufacturing have experienced".
    // The last item may join two with "and" when the list has no serial comma.
    const ITEM_STOPS: &[&str] = &[
        "have", "has", "had", "are", "is", "was", "were", "will", "which", "that", "to",
        "accounting", "with",
    ];
    let mut out: Vec<String> = Vec::new();
    let total = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let mut kept = Vec::new();
        let mut stopped = false;
        for w in item.split_whitespace() {
            if ITEM_STOPS.contains(&w.to_lowercase().as_str()) {
                stopped = true;
                break;
            }
            kept.push(w);
        }
        if kept.is_empty() || kept.len() > 8 {
            break;
        }
        let kept = kept.join(" ");
        let last = stopped || i + 1 == total;
        match kept.split_once(" and ") {
            Some((a, b)) if last && out.len() + 1 < count => {
                out.push(a.trim().to_string());
                out.push(b.trim().to_string());
            }
            _ => out.push(kept),
        }
        if stopped {
            break;
        }
    }
    if count > 0 && out.len() > count {
        out.truncate(count);
    }
    out
}

/// The name of a period from the text before its years: a quoted name, or the
/// capitalised words right before it.
fn period_name(before: &str) -> Option<String> {
    let t = before.trim_end().trim_end_matches(',').trim_end();
    if let Some(inner) = t.strip_suffix(['"', '”']) {
        let open = inner.rfind(['"', '“'])?;
        let name = inner[open + 1..].trim();
        return (!name.is_empty()).then(|| name.to_string());
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut name: Vec<&str> = Vec::new();
    for w in words.iter().rev().take(8) {
        let starts_upper = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if starts_upper || (["of", "the", "and", "period"].contains(w) && !name.is_empty()) {
            name.push(w);
        } else {
            break;
        }
    }
    while name.last().is_some_and(|w| ["of", "the", "and"].contains(w)) {
        name.pop();
    }
    name.reverse();
    let joined = name.join(" ");
    (joined.chars().any(char::is_uppercase)).then_some(joined)
}

/// "in 2018" (or "created in 1949", "for 2019") right after a figure.
fn year_after(right: &str) -> Option<i32> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:\([^)]*\)\s*)?(?:[a-z]+\s+){0,3}?(?:in|for|by|during|as of|at the end of|by the end of)\s+(?:the\s+)?(?:year\s+)?(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    let c = AFTER.captures(right)?;
    // "since 1949" or "than in 2010" is a base, not the figure's year.
    let matched = c.get(0).map_or("", |m| m.as_str()).to_lowercase();
    if matched.contains("since") || matched.contains("than") || matched.contains("from") {
        return None;
    }
    c[1].parse().ok()
}

/// "the 1949 figure of" or "2018's" right before a figure.
fn year_before(left: &str) -> Option<i32> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(1[5-9]\d\d|20\d\d)(?:'s|’s)?\s+(?:[a-z]+\s+){0,2}?(?:figure|level|total|value|output)?\s*(?:of|was|stood at|reached|at|:)?\s*(?:more than|over|nearly|almost|about|around|some)?\s*(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    BEFORE.captures(left).and_then(|c| c[1].parse().ok())
}

fn is_base_context(left: &str) -> bool {
    static BASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:since|than|from|compared (?:with|to)|over|relative to|that of|those of|against|versus|vs\.?)\s+(?:the\s+)?(?:end of\s+)?(?:year\s+)?$")
            .expect("valid regex")
    });
    BASE.is_match(left)
}

/// "accounting for 15.81 percent of the total production value" gives
/// "share of total production value".
fn share_of(left: &str, right: &str) -> Option<String> {
    static OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*of\s+(?:the\s+)?(?:city's\s+|its\s+|their\s+|the city’s\s+)?((?:total|overall|whole|gdp|all)\b[^,.;()]{0,60})")
            .expect("valid regex")
    });
    static SHARE_LEFT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:accounting for|accounted for|accounts for|account for|making up|made up|makes up|make up|share of|proportion of|represent\w*|contribut\w* to)\s+(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*$")
            .expect("valid regex")
    });
    if let Some(c) = OF_TOTAL.captures(right) {
        let total = c[1].trim();
        let words: Vec<&str> = total.split_whitespace().take(6).collect();
        return Some(format!("share of {}", words.join(" ")));
    }
    SHARE_LEFT.is_match(left).then(|| "share".to_string())
}

fn is_change(left: &str, right: &str) -> bool {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:up|rose|rising|risen|grew|growing|grown|increased?|increasing|jumped|surged|climbed|gained|expanded|down|fell|falling|fallen|dropped|declined|decreased?|slid|shrank|(?:increase|rise|growth|jump|gain|decrease|decline|drop|fall)s?\s+of)\s+(?:by\s+)?(?:more than|over|nearly|almost|about|around|some|roughly|approximately)?\s*$")
            .expect("valid regex")
    });
    VERB.is_match(left) || is_year_on_year(right)
}

fn is_fall(left: &str) -> bool {
    static FALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:down|fell|falling|fallen|dropped|declined|decreased?|slid|shrank|(?:decrease|decline|drop|fall)s?\s+of)\s+(?:by\s+)?(?:more than|over|nearly|almost|about|around|some)?\s*$")
            .expect("valid regex")
    });
    FALL.is_match(left)
}

fn is_year_on_year(right: &str) -> bool {
    static YOY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:,\s*)?(?:year[- ]on[- ]year|y-o-y|yoy|from a year (?:earlier|ago|before)|over the previous year|compared with (?:the previous|last) year)")
            .expect("valid regex")
    });
    YOY.is_match(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noun_phrases_drop_determiners_time_phrases_and_owners() {
        assert_eq!(
            noun_phrase("In 2018, the city's retail sales").as_deref(),
            Some("retail sales")
        );
        assert_eq!(
            noun_phrase("the top ten ecological sectors such as logistics").as_deref(),
            Some("top ten ecological sectors")
        );
        assert_eq!(noun_phrase("The GDP of Nanshan").as_deref(), Some("GDP"));
    }

    #[test]
    fn counted_lists_are_split_into_items() {
        let right = " crucial areas including high-end equipment manufacturing, biological medicine, new energy, and modern services.";
        let (noun, end) = noun_after(right).expect("a noun follows");
        assert_eq!(noun, "crucial areas");
        assert_eq!(
            list_after(&right[end..], 4),
            vec!["high-end equipment manufacturing", "biological medicine", "new energy", "modern services"]
        );
    }

    #[test]
    fn period_names_come_from_quotes_or_capitals() {
        assert_eq!(
            period_name("the construction periods of the \"First Five-Year Plan\" ").as_deref(),
            Some("First Five-Year Plan")
        );
        assert_eq!(
            period_name("during the 13th Five-Year Plan period ").as_deref(),
            Some("13th Five-Year Plan period")
        );
        assert_eq!(period_name("from "), None);
    }

    #[test]
    fn years_after_and_before_a_figure() {
        assert_eq!(year_after(" yuan in 2018, an increase"), Some(2018));
        assert_eq!(year_after(" yuan created in 1949."), Some(1949));
        assert_eq!(year_after(" times since 1949"), None);
        assert_eq!(year_before("the 1949 figure of "), Some(1949));
    }
}
