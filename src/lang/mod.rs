//! A language as data: the words that frame a question, the common verbs, adverbs and
//! adjectives, the intent rules that say what a question asks to be done, the cue phrases
//! that qualify it, the words that bound noun phrases in sentences, and the built-in
//! vocabulary of general economic statistics. Each
//! language is a folder of TOML files (`src/lang/en/`) compiled into the binary and parsed
//! once, on first use; adding a word or a rule is a line there, not code.
//!
//! Only English exists. Another language is a folder beside `en/` and a [`Language`] value
//! built from it; nothing outside this module names a word list.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// Words and rules of one language.
pub struct Language {
    framing: HashSet<String>,
    framing_verbs: HashSet<String>,
    verbs: HashSet<String>,
    irregular: HashMap<String, String>,
    modifiers: HashSet<String>,
    clause_words: HashSet<String>,
    verb_measures: Vec<VerbMeasure>,
    /// The intent rules, in the order they are tried.
    pub intents: Vec<IntentRule>,
    /// Named cue patterns that qualify a question ("rate", "per unit"...).
    pub cues: Vec<(Cue, Regex)>,
    /// Words for reading noun phrases around figures.
    pub phrase_words: PhraseWords,
    /// The built-in vocabulary of general statistics, as lexicon source text.
    pub vocabulary: &'static str,
}

/// What a question asks to be done with the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// A figure as stated.
    Lookup,
    /// How many times a value grew (stated multiple or computed).
    Growth,
    /// Compound annual growth rate between two years.
    Cagr,
    /// Average annual increase, as an amount a year, between two years.
    AverageIncrease,
    /// Absolute change between two years.
    AbsoluteChange,
    /// Percent change between two years.
    PercentChange,
    /// A share of the total.
    Share,
    /// Change in a share between two years, in percentage points.
    ShareChange,
    /// Sum over subjects, or of one subject over years.
    Sum,
    /// The mean of one subject's figures over years.
    Mean,
    /// Difference between two subjects.
    Difference,
    /// Ratio between two subjects.
    Ratio,
    /// The subject with the largest value.
    Max,
    /// The subject with the smallest value.
    Min,
    /// A value implied by a multiple or a change (value ÷ multiple).
    Implied,
    /// The parts of a stated structure.
    Structure,
    /// When a named period ran.
    Period,
    /// How many things there are.
    Count,
    /// What the things are.
    List,
    /// A rank ("ranked third among ...").
    Rank,
    /// A greeting: what the corpus covers, and questions to start with.
    Greeting,
    /// Thanks: the same, after a word of acknowledgement.
    Thanks,
    /// "What can you do?", "help": what the corpus covers and how to ask.
    Help,
    /// A cited extractive summary of the documents asked about.
    Summary,
    /// What happened in a year: the named periods that cover it and the sentences dated
    /// in it, or what a thing of that year ("the 2019 document") did.
    Events,
}

impl Op {
    /// Returns true if and only if the operation is about the conversation or the corpus
    /// as a whole rather than a figure or a passage: it is never completed as a follow-up
    /// and the plan answers it before any other route.
    pub fn converses(self) -> bool {
        matches!(
            self,
            Op::Greeting | Op::Thanks | Op::Help | Op::Summary | Op::Events
        )
    }

    /// Returns true if and only if the operation opens (or closes) a conversation: its
    /// reply offers the questions to start with.
    pub fn opens(self) -> bool {
        matches!(self, Op::Greeting | Op::Thanks | Op::Help)
    }
}

/// The kind of wh-question, as the intent rules name it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wh {
    What,
    When,
    Who,
    Where,
    Why,
    Which,
    HowMuch,
    HowMany,
    #[default]
    Other,
}

/// A qualifying cue of a question, named in `intents.toml`'s `[cues]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// Asks for a rate rather than a multiple ("how fast", "year-on-year").
    Rate,
    /// Asks for an amount rather than any figure ("value of", "worth").
    Amount,
    /// Asks what something was worth ("worth in 1949, judging by its growth").
    Worth,
    /// Asks for an amount per person or per thing ("per capita", "each visit").
    PerUnit,
    /// Asks per person ("per capita", "per head").
    PerPerson,
    /// Names a growth ("grow", "rise", "fastest").
    GrowthWord,
    /// Names a share ("share", "proportion", "percent").
    ShareWord,
    /// Names every sector ("all sectors", "the three industries").
    AllSubjects,
    /// An average of something the article gives ("per", "each", "average") — as a
    /// fact's measure, not a question.
    Averaged,
    /// Opens like a follow-up ("and", "what about").
    FollowUpLead,
    /// Asks for an amount of money ("how much money", "invested", "cost").
    Money,
    /// Asks for a number ("how much", "how many", "what was the amount").
    Number,
}

/// The years condition of an intent rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearsCondition {
    /// The question names a first and a last year.
    FromTo,
    /// The question does not name both a first and a last year.
    NotFromTo,
}

/// One intent rule: when it matches, the question asks for `op`. Rules are tried in
/// order and the first that matches wins.
#[derive(Debug)]
pub struct IntentRule {
    pub name: String,
    pub op: Op,
    /// At least one of these holds (when any is given): a pattern matches, a lexicon
    /// measure of this name is named, or the question is of this wh-kind.
    pub any: Vec<Regex>,
    pub measures: Vec<String>,
    pub wh: Vec<Wh>,
    /// Every one of these patterns matches.
    pub all: Vec<Regex>,
    /// None of these patterns matches.
    pub none: Vec<Regex>,
    pub min_subjects: Option<usize>,
    pub max_subjects: Option<usize>,
    pub not_subjects: Vec<usize>,
    pub years: Option<YearsCondition>,
    /// The question names at least this many years.
    pub min_years: Option<usize>,
    /// Questions this rule exists for: each must be answered by this rule (a test runs
    /// them all over the repository's corpus).
    pub examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    framing: Vec<String>,
    framing_verbs: Vec<String>,
    verbs: Vec<String>,
    modifiers: Vec<String>,
    clause_words: Vec<String>,
    irregular: BTreeMap<String, String>,
    verb_measure: Vec<VerbMeasure>,
}

/// Words for reading the noun phrases around figures (`phrases.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseWords {
    /// Owners that are the place itself: "the city's GDP" is the place's GDP.
    pub place_owners: HashSet<String>,
    /// Pronoun owners whose antecedent is in the previous sentence.
    pub pronoun_owners: HashSet<String>,
    /// Words that end a noun phrase besides verbs.
    pub stops: HashSet<String>,
    pub determiners: HashSet<String>,
    /// Nouns that name a measure rather than a subject.
    pub measure_nouns: HashSet<String>,
    /// Heads that only point back at another figure: "the 2010 level of...".
    pub generic_heads: HashSet<String>,
    /// Phrases that only point back at another subject ("the sector").
    pub anaphors: HashSet<String>,
    /// Words that end an item of a listed count.
    pub item_stops: HashSet<String>,
    /// Nouns that name a numbered thing: "Note 12", "Item 7", "level 3 inputs".
    pub numbered: HashSet<String>,
}

/// The measures a question's verb asks for ("produce" asks for output).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbMeasure {
    pub verbs: Vec<String>,
    pub measures: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentsFile {
    cues: BTreeMap<String, String>,
    rule: Vec<RuleFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    name: String,
    op: Op,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    wh: Vec<Wh>,
    #[serde(default)]
    all: Vec<String>,
    #[serde(default)]
    none: Vec<String>,
    min_subjects: Option<usize>,
    max_subjects: Option<usize>,
    #[serde(default)]
    not_subjects: Vec<usize>,
    years: Option<YearsCondition>,
    min_years: Option<usize>,
    examples: Vec<String>,
}

fn pattern(source: &str, rule: &str) -> Regex {
    // The data is compiled into the binary and its test parses every pattern, so a bad
    // pattern cannot reach a release.
    Regex::new(&format!("(?i){source}"))
        .unwrap_or_else(|e| panic!("intent rule {rule}: bad pattern {source:?}: {e}"))
}

fn set(words: Vec<String>) -> HashSet<String> {
    words.into_iter().collect()
}

impl Language {
    fn parse(words: &str, intents: &str, phrases: &str, vocabulary: &'static str) -> Language {
        let w: WordsFile = toml::from_str(words).expect("words.toml is well formed");
        let phrase_words: PhraseWords =
            toml::from_str(phrases).expect("phrases.toml is well formed");
        let i: IntentsFile = toml::from_str(intents).expect("intents.toml is well formed");
        let cues = i
            .cues
            .iter()
            .map(|(name, source)| {
                let cue: Cue = serde_json::from_value(serde_json::Value::String(name.clone()))
                    .unwrap_or_else(|_| panic!("intents.toml: unknown cue {name}"));
                (cue, pattern(source, name))
            })
            .collect();
        let intents = i
            .rule
            .into_iter()
            .map(|r| {
                let compile =
                    |v: &[String]| v.iter().map(|s| pattern(s, &r.name)).collect::<Vec<_>>();
                IntentRule {
                    any: compile(&r.any),
                    all: compile(&r.all),
                    none: compile(&r.none),
                    name: r.name,
                    op: r.op,
                    measures: r.measures,
                    wh: r.wh,
                    min_subjects: r.min_subjects,
                    max_subjects: r.max_subjects,
                    not_subjects: r.not_subjects,
                    years: r.years,
                    min_years: r.min_years,
                    examples: r.examples,
                }
            })
            .collect();
        Language {
            framing: set(w.framing),
            framing_verbs: set(w.framing_verbs),
            verbs: set(w.verbs),
            irregular: w.irregular.into_iter().collect(),
            modifiers: set(w.modifiers),
            clause_words: set(w.clause_words),
            verb_measures: w.verb_measure,
            intents,
            cues,
            phrase_words,
            vocabulary,
        }
    }

    /// The base form of a verb form of a known verb ("grew" → "grow", "totalled" →
    /// "total", "reaches" → "reach"), if it is one.
    pub fn verb_base(&self, word: &str) -> Option<String> {
        if let Some(base) = self.irregular.get(word) {
            return Some(base.clone());
        }
        let known = |s: &str| self.verbs.contains(s) || self.framing_verbs.contains(s);
        if known(word) {
            return Some(word.to_string());
        }
        let candidates = [
            word.strip_suffix('s').map(str::to_string),
            word.strip_suffix("es").map(str::to_string),
            word.strip_suffix("ed").map(str::to_string),
            word.strip_suffix('d')
                .filter(|b| b.ends_with('e'))
                .map(str::to_string),
            word.strip_suffix("ing").map(str::to_string),
            word.strip_suffix("ing").map(|s| format!("{s}e")),
            word.strip_suffix("ied").map(|s| format!("{s}y")),
            word.strip_suffix("ies").map(|s| format!("{s}y")),
        ];
        if let Some(base) = candidates.into_iter().flatten().find(|s| known(s)) {
            return Some(base);
        }
        // A doubled last consonant: "dropped", "topping".
        ["ed", "ing"].iter().find_map(|suffix| {
            let stem = word.strip_suffix(suffix)?;
            let chars: Vec<char> = stem.chars().collect();
            let n = chars.len();
            (n >= 2 && chars[n - 1] == chars[n - 2])
                .then(|| chars[..n - 1].iter().collect::<String>())
                .filter(|s| known(s))
        })
    }

    /// Returns true if and only if `word` (lower-case) only frames a question: a
    /// question word, an auxiliary, a comparison, a word for the document itself, or a
    /// form of a framing verb ("grew", "tell").
    pub fn is_framing(&self, word: &str) -> bool {
        self.framing.contains(word)
            || self
                .verb_base(word)
                .is_some_and(|b| self.framing_verbs.contains(&b))
    }

    /// Returns true if and only if `word` (lower-case) is a form of a common verb: its
    /// base, "-s", "-ed", "-ing" or irregular form ("rose", "grown").
    pub fn is_verb_form(&self, word: &str) -> bool {
        self.verb_base(word).is_some()
    }

    /// Returns true if and only if `word` (lower-case) is an inflected form of a common
    /// verb ("rose", "totaled", "growing"), which ends a noun phrase where a base form
    /// ("supply", "trade") may be a noun. "-s" forms are left out: "visits", "sales" and
    /// "exports" are more often nouns.
    pub fn is_inflected_verb(&self, word: &str) -> bool {
        self.irregular.contains_key(word)
            || ((word.ends_with("ed") || word.ends_with("ing"))
                && !self.verbs.contains(word)
                && !self.framing_verbs.contains(word)
                && self.is_verb_form(word))
    }

    /// Returns true if and only if `word` (lower-case) is a common adverb or adjective.
    pub fn is_modifier(&self, word: &str) -> bool {
        self.modifiers.contains(word) || (word.len() > 4 && word.ends_with("ly"))
    }

    /// Returns true if and only if `word` (lower-case) is a common verb (in any form),
    /// adverb or adjective: a word that does not name a thing.
    pub fn is_common_non_noun(&self, word: &str) -> bool {
        if self.is_modifier(word) || self.is_verb_form(word) {
            return true;
        }
        // An "-ing" or "-ised" form of a verb this list lacks is still not a noun of the
        // topic.
        word.len() > 5
            && (word.ends_with("ing") || word.ends_with("ised") || word.ends_with("ized"))
    }

    /// Returns true if and only if `word` (lower-case) ends a wh-phrase: an auxiliary, a
    /// preposition, an article or a pronoun.
    pub fn is_clause_word(&self, word: &str) -> bool {
        self.clause_words.contains(word)
    }

    /// The verb families that name a measure, in the order they are tried.
    pub fn verb_measures(&self) -> &[VerbMeasure] {
        &self.verb_measures
    }

    /// The pattern of a cue.
    pub fn cue(&self, cue: Cue) -> &Regex {
        self.cues
            .iter()
            .find(|(c, _)| *c == cue)
            .map(|(_, re)| re)
            .unwrap_or_else(|| panic!("intents.toml defines the cue {cue:?}"))
    }
}

static ENGLISH: LazyLock<Language> = LazyLock::new(|| {
    Language::parse(
        include_str!("en/words.toml"),
        include_str!("en/intents.toml"),
        include_str!("en/phrases.toml"),
        include_str!("en/vocabulary.toml"),
    )
});

/// English, parsed on first use.
pub fn english() -> &'static Language {
    &ENGLISH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_adverbs_and_adjectives_are_not_topic_nouns() {
        let en = english();
        for w in [
            "holds",
            "held",
            "generate",
            "running",
            "prioritising",
            "exceeded",
            "back",
            "always",
            "strong",
            "judging",
            "concentrate",
            "dividing",
            "given",
            "regarding",
            "dropped",
        ] {
            assert!(en.is_common_non_noun(w), "{w}");
        }
        for w in [
            "unemployment",
            "restaurant",
            "exports",
            "population",
            "revenue",
            "mayor",
            "weather",
        ] {
            assert!(!en.is_common_non_noun(w), "{w}");
        }
    }

    #[test]
    fn every_form_of_a_framing_verb_frames_a_question() {
        let en = english();
        for w in [
            "grew",
            "grown",
            "growing",
            "increases",
            "told",
            "rose",
            "what",
        ] {
            assert!(en.is_framing(w), "{w}");
        }
        for w in ["revenue", "exports", "tourism"] {
            assert!(!en.is_framing(w), "{w}");
        }
    }

    #[test]
    fn the_data_files_parse_and_every_cue_is_defined() {
        let en = english();
        for cue in [
            Cue::Rate,
            Cue::Amount,
            Cue::Worth,
            Cue::PerUnit,
            Cue::PerPerson,
            Cue::GrowthWord,
            Cue::ShareWord,
            Cue::AllSubjects,
            Cue::Averaged,
            Cue::FollowUpLead,
            Cue::Money,
            Cue::Number,
        ] {
            let _ = en.cue(cue);
        }
        assert!(!en.intents.is_empty());
        for rule in &en.intents {
            assert!(
                !rule.examples.is_empty(),
                "rule {} has no example questions",
                rule.name
            );
        }
    }
}
