//! Understanding a question: `Question` text → [`Understood`], a value that no later stage
//! edits. Spelling is corrected against the corpus vocabulary, the lexicon names subjects
//! and measures, slots (years, place, currency, wh-kind, metadata) are read by pattern, the
//! intent rules decide the operation, and the remaining words say what the question is
//! about. A follow-up is completed from the previous question's [`Frame`] here, before the
//! value is handed on.

mod compound;
mod followup;
mod intent;
mod slots;
mod spelling;
mod terms;

use std::collections::BTreeSet;

pub use compound::split_compound;
pub use followup::Frame;
pub use intent::Intent;
pub use slots::{MetaKey, Years};
pub use spelling::{Vocabulary, count_words, edit_distance};

use crate::lang::{Cue, Language, Op, Wh};
use crate::lexicon::{FIXED_MEASURES, Lexicon, Match};
use crate::text;

/// A question, understood.
#[derive(Clone, Debug)]
pub struct Understood {
    /// The question after spelling correction.
    pub text: String,
    /// Lexicon subjects, canonical, in order of mention.
    pub subjects: Vec<String>,
    /// The lexicon measure of an amount ("added value"), if named.
    pub measure: Option<String>,
    pub years: Years,
    /// Every year the question names, in order ("for 2019, 2018 and 2017").
    pub named_years: Vec<i32>,
    pub intent: Intent,
    /// The currency asked for ("US dollars" for "in dollars").
    pub unit: Option<String>,
    /// Stems of the content words that are not subjects, measures, years or framing
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
    /// The unknown words that decide the question: ordinals, and names where the corpus
    /// names its places ("Xi'an", "Sixth").
    pub blocking: Vec<String>,
    /// The unknown content words that weigh against an answer ("unemployment"): a
    /// sentence answers only if it holds enough of the rest of the question.
    pub missing: Vec<String>,
    /// Stems of names the question uses ("Beishan"): a fact or passage answers only if
    /// its own sentence holds them.
    pub names: Vec<String>,
    /// Stems of the part of the year the question names ("the first three quarters",
    /// "January-September"): they prefer a figure of that part, but no figure or
    /// sentence must hold them.
    pub period: Vec<String>,
    /// In a follow-up, the topic stems of this turn alone, which outweigh the ones
    /// carried over ("And for rural residents?").
    pub emphasis: Vec<String>,
    /// Stems one of which the measure of an amount must hold, from the question's verb.
    pub verb_measure: Vec<String>,
    /// After "how many": the stems of what is counted ("high-tech enterprises").
    pub counted: Vec<String>,
    /// Stems of the words that named lexicon subjects, for when a name shows they were
    /// part of something else ("the Qingshui High-tech Industrial Development Zone").
    pub subject_words: Vec<String>,
    /// Stems of the words that named the measure ("revenue", "added value").
    pub measure_words: Vec<String>,
    /// Stems of the topic words that say what kind of thing is asked for ("what
    /// transformation did..."): a figure answers only if its own words hold them.
    pub focus: Vec<String>,
    pub wh: Wh,
    pub meta: Option<MetaKey>,
    /// True when the question reads as a follow-up ("And in 1949?").
    pub followup: bool,
    /// A place of the corpus named in the question (lower-case).
    pub place: Option<String>,
    /// "all sectors", "the three industries": every subject is meant.
    pub all_subjects: bool,
    /// The qualifying cues the question holds.
    pub cues: BTreeSet<Cue>,
}

impl Understood {
    /// True when the question holds this cue.
    pub fn has(&self, cue: Cue) -> bool {
        self.cues.contains(&cue)
    }

    /// The operation asked for.
    pub fn op(&self) -> Op {
        self.intent.op
    }
}

/// What understanding reads a question against.
pub struct Context<'a> {
    pub language: &'static Language,
    pub vocabulary: &'a Vocabulary,
    pub lexicon: &'a Lexicon,
}

/// Understands one question, completing it from the previous question of its
/// conversation when it reads as a follow-up.
pub fn understand(question: &str, previous: Option<&Frame>, cx: &Context) -> Understood {
    let read = read(question, cx);
    match previous {
        // "Hello" or "summarize the article" names nothing, but is no follow-up.
        Some(frame) if read.followup && !read.op().converses() => followup::complete(read, frame),
        _ => read,
    }
}

/// Understands a question on its own.
fn read(question: &str, cx: &Context) -> Understood {
    let language = cx.language;
    let corrected = spelling::correct_spelling(question, cx.vocabulary, language);
    let lower = corrected.to_lowercase();
    let words = text::words(&corrected);
    let (subject_matches, measure_matches) =
        longest_of(cx.lexicon.subjects(&words), cx.lexicon.measures(&words));
    let mut consumed = vec![false; words.len()];
    for m in subject_matches.iter().chain(&measure_matches) {
        consumed[m.words.0..m.words.1]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    let mut period = Vec::new();
    for (start, end) in slots::periods(&corrected) {
        for (i, w) in words.iter().enumerate() {
            if w.span.start >= start && w.span.end <= end && !consumed[i] {
                consumed[i] = true;
                if !language.is_clause_word(&w.lower) && !period.contains(&w.stem) {
                    period.push(w.stem.clone());
                }
            }
        }
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
    let years = slots::years(&lower);
    let named_years = slots::named_years(&lower);
    let place = cx.vocabulary.place_in(&lower).map(str::to_string);
    let wh = slots::wh(&lower);
    let meta = slots::meta(&lower);
    let unit = slots::unit(&lower);
    let mut topic = Vec::new();
    let mut soft = Vec::new();
    let mut unknown = Vec::new();
    let mut blocking = Vec::new();
    let mut missing = Vec::new();
    let places = !cx.vocabulary.places().is_empty();
    for (i, w) in words.iter().enumerate() {
        if consumed[i]
            || language.is_framing(&w.lower)
            || w.lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            || place
                .as_deref()
                .is_some_and(|p| p.split_whitespace().any(|pw| pw == w.lower))
            || w.stem.is_empty()
            || regex!(r"^(?:fy|q[1-4]|h[12])\d{0,4}$").is_match(&w.lower)
        {
            continue;
        }
        if cx.vocabulary.knows(w) {
            if language.is_verb_form(&w.lower) && !terms::modifies_noun(language, &words, i) {
                if !soft.contains(&w.stem) {
                    soft.push(w.stem.clone());
                }
            } else if !topic.contains(&w.stem) {
                topic.push(w.stem.clone());
            }
        } else if w.lower.chars().count() > 1 {
            let surface = w.span.of(&corrected).to_string();
            match terms::unknown(language, &words, i, &corrected, places) {
                terms::Unknown::Blocks => blocking.push(surface.clone()),
                terms::Unknown::Weighs => missing.push(surface.clone()),
                terms::Unknown::Frames => {}
            }
            unknown.push(surface);
        }
    }
    let focus = terms::focus(language, &words, &topic);
    let verb_measure = terms::verb_measure(language, &soft);
    let counted = terms::counted(language, &words);
    let subject_words: Vec<String> = subject_matches
        .iter()
        .flat_map(|m| words[m.words.0..m.words.1].iter().map(|w| w.stem.clone()))
        .collect();
    let measure_words: Vec<String> = measure_matches
        .iter()
        .filter(|m| !FIXED_MEASURES.contains(&m.canonical.as_str()))
        .flat_map(|m| words[m.words.0..m.words.1].iter().map(|w| w.stem.clone()))
        .collect();
    let names = terms::names(language, &words, &corrected, &topic);
    let intent = intent::intent(
        language,
        &intent::Signals {
            lower: &lower,
            subjects: subjects.len(),
            measures: &measures,
            years: &years,
            named_years: named_years.len(),
            wh,
        },
    );
    let cues: BTreeSet<Cue> = language
        .cues
        .iter()
        .filter(|(_, re)| re.is_match(&lower))
        .map(|(cue, _)| *cue)
        .collect();
    let all_subjects = cues.contains(&Cue::AllSubjects);
    let names_something = !subjects.is_empty() || !topic.is_empty() || !blocking.is_empty();
    let asks_something =
        intent.stated() || measure.is_some() || !years.is_empty() || unit.is_some();
    let followup = cues.contains(&Cue::FollowUpLead)
        || !names_something
        || (words.len() <= 4 && !asks_something);
    Understood {
        text: corrected,
        subjects,
        measure,
        years,
        named_years,
        intent,
        unit,
        topic,
        soft,
        names_measure: !measure_matches.is_empty(),
        unknown,
        blocking,
        missing,
        names,
        period,
        emphasis: Vec::new(),
        counted,
        verb_measure,
        subject_words,
        measure_words,
        focus,
        wh,
        meta,
        followup,
        place,
        all_subjects,
        cues,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> (Vocabulary, Lexicon) {
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

    fn ask(q: &str, previous: Option<&Frame>) -> Understood {
        let (vocabulary, lexicon) = context();
        let cx = Context {
            language: crate::lang::english(),
            vocabulary: &vocabulary,
            lexicon: &lexicon,
        };
        understand(q, previous, &cx)
    }

    /// Every intent rule's example questions, over the repository's corpus and lexicon,
    /// are decided by that rule and by no earlier one.
    #[test]
    fn every_intent_rule_decides_its_own_examples() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let corpus = crate::corpus::load(&dir).expect("the repository corpus loads");
        let lexicon = Lexicon::load(&dir).expect("the repository lexicon loads");
        let passages = crate::passage::passages(&corpus);
        let texts = passages
            .iter()
            .map(|p| p.span.of(&corpus.documents[p.doc].text));
        let places: Vec<String> = corpus
            .documents
            .iter()
            .filter_map(|d| d.place.clone())
            .collect();
        let vocabulary = Vocabulary::new(texts, &lexicon, &places);
        let cx = Context {
            language: crate::lang::english(),
            vocabulary: &vocabulary,
            lexicon: &lexicon,
        };
        let mut wrong = Vec::new();
        for rule in &crate::lang::english().intents {
            for example in &rule.examples {
                let u = understand(example, None, &cx);
                if u.intent.rule != Some(rule.name.as_str()) {
                    wrong.push(format!(
                        "{example:?}: expected rule {}, got {:?} ({:?})",
                        rule.name, u.intent.rule, u.intent.op
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn an_ing_word_before_its_noun_names_a_thing_not_an_action() {
        let lexicon = Lexicon::default();
        let vocabulary = Vocabulary::new(
            [
                "Selling and administrative expenses and operating income rose while revenue was growing.",
            ],
            &lexicon,
            &[],
        );
        let cx = Context {
            language: crate::lang::english(),
            vocabulary: &vocabulary,
            lexicon: &lexicon,
        };
        let stem = crate::search::stem;
        let u = understand(
            "How much did Selling and administrative expenses increase in 2019?",
            None,
            &cx,
        );
        assert!(u.topic.contains(&stem("selling")), "{:?}", u.topic);
        assert!(u.verb_measure.is_empty(), "{:?}", u.verb_measure);
        let u = understand("What was operating income in 2019?", None, &cx);
        assert!(u.topic.contains(&stem("operating")), "{:?}", u.topic);
        let u = understand("Was revenue growing in 2019?", None, &cx);
        assert!(!u.topic.contains(&stem("growing")), "{:?}", u.topic);
    }

    #[test]
    fn misspellings_are_corrected_against_the_corpus() {
        let u = ask("tertiery growth snce 1949", None);
        assert_eq!(u.text, "tertiary growth since 1949");
        assert_eq!(u.subjects, vec!["tertiary industry"]);
        assert_eq!(u.op(), Op::Growth);
        assert_eq!(u.years.from, Some(1949));
    }

    #[test]
    fn unknown_words_are_reported_not_guessed() {
        let u = ask("What was Lanzhou's unemployment rate in 2018?", None);
        assert_eq!(u.unknown, vec!["unemployment"]);
        assert_eq!(u.years.at, Some(2018));
        assert_eq!(u.place.as_deref(), Some("lanzhou"));
    }

    #[test]
    fn an_unknown_noun_that_is_what_is_asked_weighs_against_an_answer() {
        // "how much goodwill", "what dividend did": the thing asked, not a frame word.
        let u = ask("How much goodwill did Lanzhou carry in 2018?", None);
        assert_eq!(u.missing, vec!["goodwill"]);
        let u = ask("What dividend did Lanzhou pay in 2018?", None);
        assert_eq!(u.missing, vec!["dividend"]);
        // "which areas": a frame the sentence need not repeat.
        let u = ask("Which areas did tertiary industry grow in?", None);
        assert!(u.missing.is_empty(), "{:?}", u.missing);
    }

    #[test]
    fn follow_ups_keep_what_they_do_not_change() {
        let first = ask("What was industrial added value in 2018?", None);
        let frame = Frame::of(&first);
        let next = ask("And in 1949?", Some(&frame));
        assert_eq!(next.subjects, vec!["secondary industry"]);
        assert_eq!(next.measure.as_deref(), Some("added value"));
        assert_eq!(next.years.at, Some(1949));

        let first = ask("How much did primary industry grow since 1949?", None);
        let next = ask("And tertiary?", Some(&Frame::of(&first)));
        assert_eq!(next.subjects, vec!["tertiary industry"]);
        assert_eq!(next.op(), Op::Growth);
        assert_eq!(next.years.from, Some(1949));

        let standalone = ask("What did the First Five-Year Plan achieve?", Some(&frame));
        assert!(!standalone.followup);
        assert!(
            standalone.years.is_empty(),
            "a standalone question keeps no earlier year"
        );
    }
}
