//! Question understanding: spelling correction against the corpus vocabulary, the
//! subjects and measure (through the lexicon), the years, the operation asked for, and
//! the words that are left, which a passage or fact must contain to answer.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::english;
use crate::lexicon::{FIXED_MEASURES, Lexicon, Match};
use crate::text::{self, Word};

/// What the question asks to be done with the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// A figure as stated.
    Lookup,
    /// How many times a value grew (stated multiple or computed).
    Growth,
    /// Compound annual growth rate between two years.
    Cagr,
    /// Absolute change between two years.
    AbsoluteChange,
    /// Percent change between two years.
    PercentChange,
    /// A share of the total.
    Share,
    /// Change in a share between two years, in percentage points.
    ShareChange,
    /// Sum over subjects.
    Sum,
    /// Difference between two subjects.
    Difference,
    /// Ratio between two subjects.
    Ratio,
    /// The subject with the largest value.
    Max,
    /// The subject with the smallest value.
    Min,
    /// A value implied by a multiple (value ÷ multiple).
    Implied,
    /// The parts of a stated structure.
    Structure,
    /// When a named period ran.
    Period,
    /// How many things there are.
    Count,
    /// What the things are.
    List,
}

/// The years a question names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Years {
    /// "in 2018"
    pub at: Option<i32>,
    /// "since 1949", "from 1949", "between 2000 (and 2010)"
    pub from: Option<i32>,
    /// "to 2018", "(between 2000) and 2010"
    pub to: Option<i32>,
}

impl Years {
    pub fn is_empty(&self) -> bool {
        self.at.is_none() && self.from.is_none() && self.to.is_none()
    }

    /// Every year named, in order.
    pub fn all(&self) -> Vec<i32> {
        [self.from, self.at, self.to]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// The metadata a question asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaKey {
    Date,
    Source,
    Title,
    Url,
}

/// The kind of wh-question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wh {
    What,
    When,
    Who,
    Where,
    Why,
    Which,
    HowMuch,
    HowMany,
    Other,
}

/// A question, understood.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The question after spelling correction.
    pub text: String,
    /// Lexicon subjects, canonical, in order of mention.
    pub subjects: Vec<String>,
    /// The lexicon measure of an amount ("added value"), if named.
    pub measure: Option<String>,
    pub years: Years,
    pub op: Op,
    /// True when the operation came from a cue word rather than the default.
    pub op_stated: bool,
    /// The currency asked for ("US dollars" for "in dollars").
    pub unit: Option<String>,
    /// Stems of the content words that are not subjects, measures, years or question
    /// words: what a passage or fact must also be about.
    pub topic: Vec<String>,
    /// Stems of common verbs the corpus uses ("focus", "generate"): a passage should hold
    /// them, but a figure need not.
    pub soft: Vec<String>,
    /// True when the question names a measure of any kind, "share" and "structure"
    /// included.
    pub names_measure: bool,
    /// Content words the corpus never uses, as written.
    pub unknown: Vec<String>,
    /// The unknown words that decide the question: names, ordinals and nouns that are
    /// what the question asks about ("unemployment", "Xi'an", "Sixth"). A question with
    /// one cannot be answered from the corpus; other unknown words (verbs, adverbs,
    /// framing words) are ignored.
    pub blocking: Vec<String>,
    /// Stems of names the question uses ("Beishan"): a fact or passage answers only if
    /// its own sentence holds them.
    pub names: Vec<String>,
    /// In a follow-up, the topic stems of this turn alone, which outweigh the ones
    /// carried over ("And for rural residents?").
    pub emphasis: Vec<String>,
    /// Stems one of which the measure of an amount must hold, from the question's verb:
    /// "how much tea did it produce" asks for output, "earn" for income or revenue.
    pub verb_measure: Vec<String>,
    /// After "how many": the stems of what is counted ("high-tech enterprises").
    pub counted: Vec<String>,
    /// Stems of the words that named lexicon subjects, for when a name shows they were
    /// part of something else ("the Qingshui High-tech Industrial Development Zone").
    pub subject_words: Vec<String>,
    /// Stems of the topic words that say what kind of thing is asked for ("what
    /// transformation did..."): a figure answers only if its own words hold them.
    pub focus: Vec<String>,
    pub wh: Wh,
    pub meta: Option<MetaKey>,
    /// True when the question reads as a follow-up ("And in 1949?").
    pub followup: bool,
    /// A place of the corpus named in the question.
    pub place: Option<String>,
    /// "all sectors", "the three industries": every subject is meant.
    pub all_subjects: bool,
}

/// The words of the corpus, for spelling correction and for telling known from unknown.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Lower-cased surface words with their counts.
    words: HashMap<String, usize>,
    stems: HashSet<String>,
    /// Lower-cased place names of the corpus.
    places: Vec<String>,
}

impl Vocabulary {
    /// Builds the vocabulary from the corpus's passage texts, the lexicon and the places.
    pub fn new<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        lexicon: &Lexicon,
        places: &[String],
    ) -> Vocabulary {
        let mut v = Vocabulary::default();
        for text in texts {
            for w in text::words(text) {
                *v.words.entry(w.lower).or_default() += 1;
                v.stems.insert(w.stem);
            }
        }
        for stem in lexicon.stems() {
            v.stems.insert(stem.to_string());
        }
        v.places = places.iter().map(|p| p.to_lowercase()).collect();
        v
    }

    /// Returns true if and only if the corpus (or lexicon) uses this word or its stem,
    /// or a longer form of its stem.
    pub fn knows(&self, word: &Word) -> bool {
        self.words.contains_key(&word.lower)
            || self.stems.contains(&word.stem)
            || (word.stem.chars().count() >= 5
                && self.stems.iter().any(|s| text::stems_match(s, &word.stem)))
    }

    /// The corpus word closest to `word` within one edit (two for long words), if one
    /// is clearly closest.
    fn correct(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < 3 {
            return None;
        }
        if len == 3 {
            // Short words: only a swap of two neighbours ("teh").
            let chars: Vec<char> = word.chars().collect();
            return (0..2).find_map(|i| {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                let candidate: String = swapped.into_iter().collect();
                self.words
                    .get_key_value(&candidate)
                    .map(|(k, _)| k.as_str())
            });
        }
        let limit = if len >= 9 { 2 } else { 1 };
        let mut best: Option<(&str, usize, usize)> = None;
        let stems = self.stems.iter().map(|s| (s, &1usize));
        for (candidate, &count) in self.words.iter().chain(stems) {
            let clen = candidate.chars().count();
            if clen.abs_diff(len) > limit || clen < 3 {
                continue;
            }
            let d = edit_distance(word, candidate);
            if d == 0 || d > limit {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, bd, bc)) => d < bd || (d == bd && count > bc),
            };
            if better {
                best = Some((candidate.as_str(), d, count));
            }
        }
        best.map(|(c, _, _)| c)
    }
}

/// Damerau-Levenshtein distance (optimal string alignment) over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Words a question uses to ask, compare or qualify, which the corpus need not contain.
const GENERIC: &[&str] = &[
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "much",
    "many",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "do",
    "does",
    "did",
    "done",
    "has",
    "have",
    "had",
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "about",
    "as",
    "and",
    "or",
    "than",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "they",
    "their",
    "there",
    "here",
    "me",
    "my",
    "i",
    "you",
    "your",
    "we",
    "our",
    "us",
    "tell",
    "give",
    "show",
    "list",
    "name",
    "names",
    "say",
    "says",
    "said",
    "state",
    "stated",
    "mention",
    "mentioned",
    "mentions",
    "describe",
    "described",
    "explain",
    "summarize",
    "summarise",
    "according",
    "article",
    "document",
    "text",
    "report",
    "story",
    "corpus",
    "please",
    "can",
    "could",
    "would",
    "should",
    "will",
    "shall",
    "may",
    "might",
    "between",
    "since",
    "during",
    "over",
    "after",
    "before",
    "per",
    "each",
    "every",
    "all",
    "any",
    "some",
    "total",
    "overall",
    "value",
    "values",
    "figure",
    "figures",
    "number",
    "numbers",
    "amount",
    "big",
    "bigger",
    "biggest",
    "large",
    "larger",
    "largest",
    "small",
    "smaller",
    "smallest",
    "high",
    "higher",
    "highest",
    "low",
    "lower",
    "lowest",
    "most",
    "least",
    "more",
    "less",
    "fast",
    "faster",
    "fastest",
    "slow",
    "slower",
    "slowest",
    "grow",
    "grew",
    "grown",
    "growth",
    "growing",
    "increase",
    "increased",
    "increases",
    "rise",
    "rose",
    "risen",
    "change",
    "changed",
    "changes",
    "average",
    "annual",
    "annually",
    "yearly",
    "year",
    "years",
    "rate",
    "rates",
    "compound",
    "cagr",
    "percent",
    "percentage",
    "percentages",
    "share",
    "times",
    "ratio",
    "difference",
    "sum",
    "combined",
    "together",
    "altogether",
    "estimate",
    "estimated",
    "implied",
    "imply",
    "approximate",
    "approximately",
    "roughly",
    "compare",
    "compared",
    "comparison",
    "happen",
    "happened",
    "happening",
    "propose",
    "proposed",
    "proposes",
    "suggest",
    "suggested",
    "key",
    "main",
    "major",
    "specific",
    "exactly",
    "respectively",
    "also",
    "then",
    "now",
    "still",
    "yet",
    "so",
    "just",
    "only",
    "but",
    "if",
    "not",
    "no",
    "size",
    "level",
    "levels",
    "sector",
    "sectors",
    "part",
    "parts",
    "portion",
    "contribute",
    "contributed",
    "came",
    "come",
    "comes",
    "make",
    "made",
    "up",
    "went",
    "go",
    "get",
    "got",
    "did",
    "doing",
    "like",
    "look",
    "looks",
    "looked",
    "known",
    "kind",
    "kinds",
    "type",
    "types",
    "whole",
    "entire",
    "versus",
    "vs",
    "against",
    "relative",
    "expand",
    "expanded",
    "multiply",
    "multiplied",
    "fold",
    "times",
    "absolute",
    "terms",
    "worth",
    "big",
    "calculate",
    "compute",
    "work",
    "out",
    "infer",
    "deduce",
    "based",
    "using",
    "use",
    "figure",
    "info",
    "information",
    "data",
    "detail",
    "details",
    "give",
    "provide",
    "provided",
    "happens",
    "becoming",
    "become",
    "became",
    "go",
    "gone",
    "both",
    "either",
    "neither",
    "together",
    "jump",
    "jumped",
    "surge",
    "surged",
    "climb",
    "climbed",
    "evolve",
    "evolved",
    "develop",
    "developed",
    "development",
    "trend",
    "shift",
    "shifted",
    "fall",
    "fell",
    "drop",
    "dropped",
    "decline",
    "declined",
    "decrease",
    "decreased",
    "gap",
    "minus",
    "plus",
    "add",
    "added",
    "dollar",
    "dollars",
    "usd",
    "yuan",
    "rmb",
    "renminbi",
    "currency",
    "us",
    "term",
    "money",
    "mean",
    "means",
    "meant",
    "refer",
    "refers",
    "called",
    "call",
    "exist",
    "exists",
    "existed",
    "important",
    "significant",
    "kind",
    "sort",
    "there",
    "any",
    "other",
    "else",
    "publish",
    "published",
    "publication",
    "publisher",
    "author",
    "authored",
    "wrote",
    "written",
    "write",
    "source",
    "title",
    "titled",
    "headline",
    "url",
    "link",
    "date",
    "dated",
    "posted",
    "released",
    "release",
    "appear",
    "appeared",
    "outlet",
    "newspaper",
    "piece",
    "factor",
    "example",
    "examples",
    "field",
    "fields",
    "one",
    "ones",
    "point",
    "points",
    "whats",
    "economy",
    "thing",
    "things",
    "way",
    "ways",
    "aspect",
    "aspects",
    "item",
    "items",
    "category",
    "categories",
    "group",
    "groups",
    "question",
    "answer",
    "those",
    "them",
    "story",
    "instance",
    "regarding",
    "concerning",
    "respect",
    "account",
    "accounts",
    "accounted",
    "accounting",
    "person",
    "people",
    "head",
    "agency",
    "reported",
    "report",
    "reports",
    "wire",
    "wrote",
];

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[5-9]\d\d|20\d\d)\b").expect("valid regex"));

/// Parses a question against the corpus vocabulary and lexicon.
pub fn parse(question: &str, vocabulary: &Vocabulary, lexicon: &Lexicon) -> Parsed {
    let corrected = correct_spelling(question, vocabulary, lexicon);
    let lower = corrected.to_lowercase();
    let words = text::words(&corrected);
    let (subject_matches, measure_matches) =
        longest_of(lexicon.subjects(&words), lexicon.measures(&words));
    let mut consumed = vec![false; words.len()];
    for m in subject_matches.iter().chain(&measure_matches) {
        consumed[m.words.0..m.words.1]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut subjects: Vec<String> = Vec::new();
    for m in &subject_matches {
        if !subjects.contains(&m.canonical) {
            subjects.push(m.canonical.clone());
        }
    }
    let measures: Vec<&str> = measure_matches
        .iter()
        .map(|m| m.canonical.as_str())
        .collect();
    let measure = measures
        .iter()
        .find(|m| !FIXED_MEASURES.contains(m))
        .map(|m| m.to_string());
    let years = years(&lower);
    let place = vocabulary
        .places
        .iter()
        .find(|p| lower.contains(p.as_str()))
        .cloned();
    let wh = wh(&lower);
    let meta = meta(&lower);
    let unit = if regex!(r"\b(?:dollars?|usd|us\$)|\$").is_match(&lower) {
        Some("US dollars".to_string())
    } else if lower.contains("yuan") || lower.contains("rmb") || lower.contains("renminbi") {
        Some("yuan".to_string())
    } else {
        None
    };
    let mut topic = Vec::new();
    let mut soft = Vec::new();
    let mut unknown = Vec::new();
    let mut blocking = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if consumed[i]
            || GENERIC.contains(&w.lower.as_str())
            || w.lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            || place
                .as_deref()
                .is_some_and(|p| p.split_whitespace().any(|pw| pw == w.lower))
            || w.stem.is_empty()
        {
            continue;
        }
        if vocabulary.knows(w) {
            if english::is_verb_form(&w.lower) {
                if !soft.contains(&w.stem) {
                    soft.push(w.stem.clone());
                }
            } else if !topic.contains(&w.stem) {
                topic.push(w.stem.clone());
            }
        } else if w.lower.chars().count() > 1 {
            let surface = w.span.of(&corrected).to_string();
            if blocks(&words, i, &corrected) {
                blocking.push(surface.clone());
            }
            unknown.push(surface);
        }
    }
    let focus = focus(&words, &topic);
    let verb_measure = verb_measure(&soft);
    let counted: Vec<String> = words
        .iter()
        .position(|w| w.lower == "many")
        .filter(|&i| i > 0 && words[i - 1].lower == "how")
        .map(|i| {
            words[i + 1..]
                .iter()
                .take_while(|w| {
                    !english::is_clause_word(&w.lower) && !english::is_verb_form(&w.lower)
                })
                .filter(|w| {
                    !["percent", "percentage", "points", "point", "times"]
                        .contains(&w.lower.as_str())
                })
                .map(|w| w.stem.clone())
                .collect()
        })
        .unwrap_or_default();
    let subject_words: Vec<String> = subject_matches
        .iter()
        .flat_map(|m| words[m.words.0..m.words.1].iter().map(|w| w.stem.clone()))
        .collect();
    let names: Vec<String> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            *i > 0
                && w.span.of(&corrected).starts_with(char::is_uppercase)
                && !w
                    .span
                    .of(&corrected)
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit())
                && topic.contains(&w.stem)
                && !GENERIC.contains(&w.lower.as_str())
        })
        .map(|(_, w)| w.stem.clone())
        .collect();
    let (op, op_stated) = operation(&lower, &subjects, &measures, &years, wh);
    let all_subjects = regex!(r"\b(?:all|each|every|the three|three|the two|both)\s+(?:of the\s+)?(?:sectors|industries|parts)\b|\bwhich\s+(?:sector|industry)\b")
        .is_match(&lower);
    let names_something = !subjects.is_empty() || !topic.is_empty() || !blocking.is_empty();
    let asks_something = op_stated || measure.is_some() || !years.is_empty() || unit.is_some();
    let followup = is_followup(&lower, words.len(), names_something, asks_something);
    Parsed {
        text: corrected,
        subjects,
        measure,
        years,
        op,
        op_stated,
        unit,
        topic,
        soft,
        names_measure: !measure_matches.is_empty(),
        unknown,
        blocking,
        names,
        emphasis: Vec::new(),
        counted,
        verb_measure,
        subject_words,
        focus,
        wh,
        meta,
        followup,
        place,
        all_subjects,
    }
}

/// The measures a question's verb asks for: "produce" and "harvest" ask for output,
/// "earn" for income or revenue, "export" for exports, "invest" for investment.
fn verb_measure(soft: &[String]) -> Vec<String> {
    const FAMILIES: &[(&[&str], &[&str])] = &[
        (
            &["produce", "harvest"],
            &["output", "production", "yield", "harvest"],
        ),
        (&["earn"], &["income", "revenue", "earnings"]),
        (&["invest"], &["investment"]),
        (&["spend"], &["spending", "expenditure", "consumption"]),
        (&["sell"], &["sales"]),
    ];
    let stem = crate::search::stem;
    for (verbs, measures) in FAMILIES {
        if verbs.iter().any(|v| soft.contains(&stem(v))) {
            return measures.iter().map(|m| stem(m)).collect();
        }
    }
    Vec::new()
}

/// Keeps the longer of overlapping subject and measure phrases, so "industrial
/// structure" is a measure, not the subject "industrial".
fn longest_of(subjects: Vec<Match>, measures: Vec<Match>) -> (Vec<Match>, Vec<Match>) {
    let len = |m: &Match| m.words.1 - m.words.0;
    let overlaps = |a: &Match, b: &Match| a.words.0 < b.words.1 && b.words.0 < a.words.1;
    let kept_subjects: Vec<Match> = subjects
        .iter()
        .filter(|s| !measures.iter().any(|m| overlaps(s, m) && len(m) > len(s)))
        .cloned()
        .collect();
    let kept_measures: Vec<Match> = measures
        .iter()
        .filter(|m| !subjects.iter().any(|s| overlaps(s, m) && len(s) >= len(m)))
        .cloned()
        .collect();
    (kept_subjects, kept_measures)
}

/// Decides whether the unknown word `words[i]` decides the question: a name (capitalised
/// inside the question, or an acronym), an ordinal, or a word that is neither a common
/// verb, adverb or adjective nor the noun of a question frame ("what factor").
fn blocks(words: &[Word], i: usize, question: &str) -> bool {
    let w = &words[i];
    let surface = w.span.of(question);
    let lower = w.lower.as_str();
    if regex!(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth)$").is_match(lower) {
        return true;
    }
    let capitalised = surface.starts_with(char::is_uppercase);
    let acronym = surface.chars().count() >= 2
        && surface
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit());
    if acronym || (capitalised && i > 0) {
        return true;
    }
    if english::is_common_non_noun(lower) {
        return false;
    }
    // "How much grain did Baiyun harvest": the word after "did" and its subject is the
    // question's verb.
    let aux = words[..i].iter().rposition(|w| {
        ["did", "does", "do", "will", "can", "could", "would"].contains(&w.lower.as_str())
    });
    if let Some(a) = aux
        && i > a + 1
        && i - a <= 4
        && words.get(i + 1).is_none_or(|n| {
            english::is_clause_word(&n.lower)
                || ["in", "on", "at", "from", "per", "last"].contains(&n.lower.as_str())
        })
    {
        return false;
    }
    // "what factor", "which fields", "how many examples": the frame, not the topic.
    let after_wh =
        i > 0 && ["what", "which", "many", "much"].contains(&words[i - 1].lower.as_str());
    !after_wh
}

/// The topic stems between a wh-word and the first verb: "what historical
/// transformation did ..." gives "histor" and "transform".
fn focus(words: &[Word], topic: &[String]) -> Vec<String> {
    let Some(start) = words
        .iter()
        .position(|w| ["what", "which"].contains(&w.lower.as_str()))
    else {
        return Vec::new();
    };
    words[start + 1..]
        .iter()
        .take_while(|w| !english::is_clause_word(&w.lower))
        .filter(|w| topic.contains(&w.stem))
        .map(|w| w.stem.clone())
        .collect()
}

/// Replaces words the corpus does not know by the closest corpus word, when one is
/// within one edit (two for long words).
fn correct_spelling(question: &str, vocabulary: &Vocabulary, lexicon: &Lexicon) -> String {
    let _ = lexicon;
    let mut out = String::with_capacity(question.len());
    let mut last = 0;
    for w in text::words(question) {
        let known = vocabulary.knows(&w)
            || GENERIC.contains(&w.lower.as_str())
            || english::is_common_non_noun(&w.lower)
            || w.lower.chars().any(|c| c.is_ascii_digit());
        if known {
            continue;
        }
        if let Some(fix) = vocabulary.correct(&w.lower) {
            out.push_str(&question[last..w.span.start]);
            out.push_str(fix);
            last = w.span.end;
        }
    }
    out.push_str(&question[last..]);
    out
}

fn years(lower: &str) -> Years {
    static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:from|between)\s+(1[5-9]\d\d|20\d\d)\s*(?:to|and|until|till|through|-|–)\s*(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(1[5-9]\d\d|20\d\d)\s*(?:-|–|to)\s*(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    static SINCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:since|from|after|compared (?:with|to)|relative to|over)\s+(?:the\s+)?(?:year\s+)?(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    let parse = |s: &str| s.parse::<i32>().ok();
    if let Some(c) = FROM_TO.captures(lower).or_else(|| RANGE.captures(lower)) {
        return Years {
            at: None,
            from: parse(&c[1]),
            to: parse(&c[2]),
        };
    }
    let mut years = Years::default();
    if let Some(c) = SINCE.captures(lower) {
        years.from = parse(&c[1]);
    }
    for m in YEAR.find_iter(lower) {
        let y = parse(m.as_str());
        if y == years.from {
            continue;
        }
        if years.from.is_some() {
            years.to = years.to.or(y);
        } else {
            years.at = years.at.or(y);
        }
    }
    years
}

fn wh(lower: &str) -> Wh {
    let first = lower
        .split_whitespace()
        .find(|w| !["and", "so", "then", "ok", "okay"].contains(w));
    if lower.contains("how many") {
        return Wh::HowMany;
    }
    if lower.contains("how much") || lower.contains("how big") || lower.contains("how large") {
        return Wh::HowMuch;
    }
    match first.unwrap_or("") {
        "what" | "what's" => Wh::What,
        "when" => Wh::When,
        "who" | "who's" | "whom" => Wh::Who,
        "where" => Wh::Where,
        "why" => Wh::Why,
        "which" => Wh::Which,
        _ if lower.contains("when ")
            || lower.contains("what year")
            || lower.contains("which year") =>
        {
            Wh::When
        }
        _ if lower.starts_with("who ") || lower.contains(" who ") => Wh::Who,
        _ => Wh::Other,
    }
}

fn meta(lower: &str) -> Option<MetaKey> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:published|publish|publication|dated|posted|updated|released|written)\b|\bwhen\s+was\s+(?:the|this|it)\s+(?:article|document|story|report|piece|text)\b|\bdate\s+of\s+(?:the\s+)?(?:article|document|story|report|piece)|\bwhat\s+date\b|\b(?:come|came)\s+out\b")
            .expect("valid regex")
    });
    static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bwho\s+(?:published|wrote|writes|authored|publishes|released|reported)\b|\b(?:source|publisher|author|outlet|newspaper|news agency|agency)\b|\bwhich\s+(?:\w+\s+)?(?:newspaper|agency|outlet|paper|site|media)\b")
            .expect("valid regex")
    });
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:title|headline|headlined|titled)\b|\bwhat\s+is\s+the\s+(?:article|document)\s+called\b")
            .expect("valid regex")
    });
    static URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:url|link|web\s*address)\b").expect("valid regex"));
    if SOURCE.is_match(lower) {
        Some(MetaKey::Source)
    } else if TITLE.is_match(lower) {
        Some(MetaKey::Title)
    } else if URL.is_match(lower) {
        Some(MetaKey::Url)
    } else if DATE.is_match(lower) {
        Some(MetaKey::Date)
    } else {
        None
    }
}

fn operation(
    lower: &str,
    subjects: &[String],
    measures: &[&str],
    years: &Years,
    wh: Wh,
) -> (Op, bool) {
    let has = |re: &Regex| re.is_match(lower);
    let growth = has(regex!(
        r"\b(?:grow|grew|grown|growth|growing|increase[ds]?|increasing|rise|rose|risen|expand(?:ed)?|multipl(?:y|ied)|times|fold|jump(?:ed)?|surge[d]?|climb(?:ed)?)\b"
    ));
    let share = measures.contains(&"share")
        || has(regex!(
            r"\b(?:share|proportion|percent of|percentage of|part of the total)\b"
        ));
    let structure = measures.contains(&"structure");
    let two = subjects.len() >= 2;
    if has(regex!(
        r"\b(?:average annual|annual average|annual(?:ized|ised)? growth|average (?:yearly|growth)|compound(?:ed)? annual|cagr|per year on average|on average (?:each|per|a) year|average rate of growth|yearly growth|growth per year|a year on average|annual rate)\b"
    )) {
        return (Op::Cagr, true);
    }
    if has(regex!(
        r"\b(?:estimate|estimated|implied|imply|implies|infer|inferred|deduce|work out|back out)\b"
    )) {
        return (Op::Implied, true);
    }
    if subjects.len() < 3 && has(regex!(r"\bratio (?:of|between) .+? (?:to|versus|vs\.?) ")) {
        return (Op::Ratio, true);
    }
    if subjects.len() == 2
        && has(regex!(
            r"\b(?:how many times|ratio|times (?:as|larger|bigger|greater|higher|more)|multiple of|what factor|what multiple|fold)\b"
        ))
    {
        return (Op::Ratio, true);
    }
    if (two || subjects.is_empty())
        && has(regex!(
            r"\b(?:difference|gap|how much (?:more|less|larger|bigger|higher|lower|smaller)|exceed\w*|minus|subtract\w*|more than)\b"
        ))
    {
        return (Op::Difference, true);
    }
    if (two
        || has(regex!(
            r"\b(?:all|three|the)\s+(?:three\s+)?(?:sectors|industries)\b"
        )))
        && has(regex!(
            r"\b(?:total|sum|combined|altogether|together|in all|aggregate|add up|overall)\b"
        ))
    {
        return (Op::Sum, true);
    }
    if has(regex!(
        r"\b(?:largest|biggest|highest|most|fastest|greatest|smallest|lowest|least|slowest|larger|bigger|faster|slower|smaller)\b"
    )) && (wh == Wh::Which
        || has(regex!(
            r"\bwhich\b|\bthe (?:largest|biggest|highest|most|fastest|greatest|smallest|lowest|least|slowest)\b"
        )))
    {
        let min = has(regex!(
            r"\b(?:smallest|lowest|least|slowest|smaller|slower)\b"
        ));
        return (if min { Op::Min } else { Op::Max }, true);
    }
    let share_word = has(regex!(
        r"\b(?:share|proportion|portion|part of|account\w*|percentage points?)\b"
    ));
    if share
        && share_word
        && (has(regex!(
            r"\b(?:change|changed|shift|shifted|fall|fell|drop|dropped|declin\w*|rise|rose|move|moved|evolve|evolved)\b"
        )) || (years.from.is_some() && years.to.is_some()))
    {
        return (Op::ShareChange, true);
    }
    if (structure || has(regex!(r"\bratio\b"))) && subjects.len() != 2 {
        return (Op::Structure, true);
    }
    if growth && !share_word && has(regex!(r"\b(?:percent|percentage|per cent|%)")) {
        return (Op::PercentChange, true);
    }
    if share {
        return (Op::Share, true);
    }
    if has(regex!(
        r"\b(?:absolute|how many yuan|in yuan terms|by how much money)\b"
    )) || (growth
        && has(regex!(r"\bby how much\b"))
        && years.from.is_some()
        && years.to.is_some())
    {
        return (Op::AbsoluteChange, true);
    }
    if has(regex!(
        r"\b(?:change|changed|fare|fared|perform|performed)\b"
    )) && has(regex!(r"^\s*(?:and\s+)?how\b"))
        && (years.from.is_none() || years.to.is_none())
    {
        return (Op::Growth, true);
    }
    if growth {
        return (Op::Growth, true);
    }
    if has(regex!(r"\b(?:change|changed|difference)\b"))
        && years.from.is_some()
        && years.to.is_some()
    {
        return (Op::AbsoluteChange, true);
    }
    if wh == Wh::When
        || has(regex!(
            r"\b(?:what|which) years\b|\bhow long\b|\bperiod\b|\bduration\b"
        ))
    {
        return (Op::Period, true);
    }
    if wh == Wh::HowMany {
        return (Op::Count, true);
    }
    if has(regex!(
        r"^\s*(?:list|name|enumerate)\b|\bwhat are the\b|\bwhich are the\b|\bwhat were the\b|\bwhich\s+\w+\s+(?:are|were)\b"
    )) {
        return (Op::List, true);
    }
    (Op::Lookup, false)
}

/// A follow-up opens with "and", "what about"..., or is a few words that name only a
/// subject or only a year or measure ("Tertiary?", "In 1949?").
fn is_followup(
    lower: &str,
    word_count: usize,
    names_something: bool,
    asks_something: bool,
) -> bool {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:and|so|what about|how about|and what about|what of|same for|then|also|now)\b",
        )
        .expect("valid regex")
    });
    LEAD.is_match(lower) || !names_something || (word_count <= 4 && !asks_something)
}

/// What a conversation remembers of its last question, to resolve a follow-up.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub subjects: Vec<String>,
    pub measure: Option<String>,
    pub years: Years,
    pub op: Option<Op>,
    pub unit: Option<String>,
    pub topic: Vec<String>,
}

impl Frame {
    /// Remembers a parsed question.
    pub fn of(parsed: &Parsed) -> Frame {
        Frame {
            subjects: parsed.subjects.clone(),
            measure: parsed.measure.clone(),
            years: parsed.years,
            op: Some(parsed.op),
            unit: parsed.unit.clone(),
            topic: parsed.topic.clone(),
        }
    }
}

/// Completes a follow-up from the previous question: "And in 1949?" keeps the subject
/// and measure and changes the year; "And tertiary?" keeps the measure and years and
/// changes the subject. A question that stands on its own is left as it is.
pub fn resolve(parsed: &mut Parsed, previous: Option<&Frame>) {
    let Some(prev) = previous else {
        return;
    };
    if !parsed.followup {
        return;
    }
    if parsed.subjects.is_empty() && parsed.topic.is_empty() {
        parsed.subjects = prev.subjects.clone();
        parsed.topic = prev.topic.clone();
    } else if parsed.subjects.is_empty() && prev.subjects.is_empty() {
        // "And for rural residents?" after a question about urban residents' income:
        // the new words lead, the old ones still say what is measured.
        parsed.emphasis = parsed.topic.clone();
        for t in &prev.topic {
            if !parsed.topic.contains(t) {
                parsed.topic.push(t.clone());
            }
        }
    }
    if parsed.measure.is_none() {
        parsed.measure = prev.measure.clone();
    }
    if parsed.years.is_empty() {
        parsed.years = prev.years;
    } else if prev.op == Some(Op::Growth)
        && parsed.years.at.is_some()
        && parsed.years.from.is_none()
    {
        // "How much did it grow since 1949?" then "And in 1949?" asks for the value.
        parsed.op = Op::Lookup;
        parsed.op_stated = true;
    }
    if !parsed.op_stated
        && let Some(op) = prev.op
    {
        parsed.op = op;
    }
    if parsed.unit.is_none() {
        parsed.unit = prev.unit.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> (Vocabulary, Lexicon) {
        let lexicon = Lexicon::parse(
            r#"
[subjects]
"tertiary industry" = ["tertiary", "services", "service sector"]
"primary industry" = ["primary", "agriculture"]
"secondary industry" = ["industrial", "industry"]
[measures]
"added value" = ["added value", "output value"]
"share" = ["share"]
"#,
        )
        .expect("valid lexicon");
        let v = Vocabulary::new(
            ["Tertiary industry grew 17,500 times since 1949, the First Five-Year Plan."],
            &lexicon,
            &["Lanzhou".to_string()],
        );
        (v, lexicon)
    }

    #[test]
    fn misspellings_are_corrected_against_the_corpus() {
        let (v, l) = vocabulary();
        let p = parse("tertiery growth snce 1949", &v, &l);
        assert_eq!(p.text, "tertiary growth since 1949");
        assert_eq!(p.subjects, vec!["tertiary industry"]);
        assert_eq!(p.op, Op::Growth);
        assert_eq!(p.years.from, Some(1949));
    }

    #[test]
    fn unknown_words_are_reported_not_guessed() {
        let (v, l) = vocabulary();
        let p = parse("What was Lanzhou's unemployment rate in 2018?", &v, &l);
        assert_eq!(p.unknown, vec!["unemployment"]);
        assert_eq!(p.years.at, Some(2018));
        assert_eq!(p.place.as_deref(), Some("lanzhou"));
    }

    #[test]
    fn operations_come_from_cue_words() {
        let (v, l) = vocabulary();
        let op = |q: &str| parse(q, &v, &l).op;
        assert_eq!(
            op("What was the average annual growth rate of primary industry from 1949 to 2018?"),
            Op::Cagr
        );
        assert_eq!(
            op("Estimate tertiary industry's added value in 1949."),
            Op::Implied
        );
        assert_eq!(
            op("What is the difference between industrial and primary added value in 2018?"),
            Op::Difference
        );
        assert_eq!(
            op(
                "What was the total added value of primary industry, industry and the services sector?"
            ),
            Op::Sum
        );
        assert_eq!(op("Which sector grew the most since 1949?"), Op::Max);
        assert_eq!(op("agriculture share 2018"), Op::Share);
        assert_eq!(op("When was the First Five-Year Plan?"), Op::Period);
        assert_eq!(
            op("How many times larger was industry than agriculture in 2018?"),
            Op::Ratio
        );
        assert_eq!(
            op("What was primary industry's added value in 2018?"),
            Op::Lookup
        );
    }

    #[test]
    fn years_read_since_from_to_and_between() {
        assert_eq!(
            years("since 1949"),
            Years {
                at: None,
                from: Some(1949),
                to: None
            }
        );
        assert_eq!(
            years("from 1949 to 2018"),
            Years {
                at: None,
                from: Some(1949),
                to: Some(2018)
            }
        );
        assert_eq!(
            years("between 2000 and 2010"),
            Years {
                at: None,
                from: Some(2000),
                to: Some(2010)
            }
        );
        assert_eq!(
            years("in 2018"),
            Years {
                at: Some(2018),
                from: None,
                to: None
            }
        );
    }

    #[test]
    fn follow_ups_keep_what_they_do_not_change() {
        let (v, l) = vocabulary();
        let first = parse("What was industrial added value in 2018?", &v, &l);
        let frame = Frame::of(&first);
        let mut next = parse("And in 1949?", &v, &l);
        resolve(&mut next, Some(&frame));
        assert_eq!(next.subjects, vec!["secondary industry"]);
        assert_eq!(next.measure.as_deref(), Some("added value"));
        assert_eq!(next.years.at, Some(1949));

        let first = parse("How much did primary industry grow since 1949?", &v, &l);
        let mut next = parse("And tertiary?", &v, &l);
        resolve(&mut next, Some(&Frame::of(&first)));
        assert_eq!(next.subjects, vec!["tertiary industry"]);
        assert_eq!(next.op, Op::Growth);
        assert_eq!(next.years.from, Some(1949));

        let standalone = parse("What did the First Five-Year Plan achieve?", &v, &l);
        assert!(!standalone.followup);
        let mut kept = standalone.clone();
        resolve(&mut kept, Some(&frame));
        assert!(
            kept.years.is_empty(),
            "a standalone question keeps no earlier year"
        );
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("tertiery", "tertiary"), 1);
        assert_eq!(edit_distance("snce", "since"), 1);
        assert_eq!(edit_distance("teh", "the"), 1);
    }
}
