//! The short answer inside a sentence: the part of the sentence the question does not
//! already say. "How are debts written off?" over "Debts ... are written off by reducing
//! the carrying amount directly." gives "by reducing the carrying amount directly".
//!
//! The sentence's words are aligned with the question's; the answer is the run of words
//! the question does not hold that is longest (a question word inside it costs two
//! words), extended to the noun the question asks about ("what method"), and trimmed of
//! the copula and linking verb that only repeat the question's frame.

use crate::lang::{Wh, english};
use crate::text::{self, Word};
use crate::understand::Understood;

/// Question words that carry no content for alignment: wh-words, auxiliaries, articles
/// and the commonest prepositions.
const GLUE: &[&str] = &[
    "what", "which", "how", "why", "when", "where", "who", "whom", "whose", "the", "a", "an", "of",
    "to", "in", "on", "for", "and", "or", "is", "are", "was", "were", "be", "been", "do", "does",
    "did", "has", "have", "had", "it", "its", "that", "this", "these", "those", "as", "at", "by",
    "with", "from", "than",
];

/// True when a question word carries no content for alignment.
pub fn is_glue(word: &str) -> bool {
    GLUE.contains(&word)
}

/// Leading words a short answer drops: the copula and auxiliaries that link the
/// question's subject to the answer.
const LEADING: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "also",
    "currently",
    "generally",
    "principally",
];

/// Verbs that only link a subject to what it is, shows or holds: after a "what" question
/// they are dropped with their particle ("include", "consist of", "relate to").
const LINKING: &[&str] = &[
    "include",
    "includes",
    "included",
    "including",
    "consist",
    "consists",
    "consisted",
    "comprise",
    "comprises",
    "comprised",
    "represent",
    "represents",
    "represented",
    "show",
    "shows",
    "showed",
    "present",
    "presents",
    "presented",
    "reflect",
    "reflects",
    "reflected",
    "relate",
    "relates",
    "related",
    "refer",
    "refers",
    "referred",
    "correspond",
    "corresponds",
    "contain",
    "contains",
    "describe",
    "describes",
    "summarize",
    "summarizes",
    "provide",
    "provides",
    "mean",
    "means",
    "become",
    "became",
    "remain",
    "remained",
    "stood",
    "totaled",
    "totalled",
    "amounted",
    "reached",
];

const PARTICLES: &[&str] = &["of", "to", "as", "at", "in"];

/// Words a phrase does not end with.
const PREPOSITIONS: &[&str] = &[
    "of", "to", "as", "at", "in", "on", "for", "with", "by", "from", "into", "under",
];

/// The short answer to `u` inside `sentence`, or None when the sentence holds nothing the
/// question does not already say.
pub fn short_answer(u: &Understood, sentence: &str) -> Option<String> {
    if let Some(whole) = whole_statement(u, sentence) {
        return Some(whole);
    }
    if u.wh == Wh::When
        && let Some(time) = time_phrase(u, sentence)
    {
        return Some(time);
    }
    if u.wh == Wh::Why
        && let Some(cause) = cause_clause(sentence)
    {
        return Some(cause);
    }
    let question = text::words(&u.text);
    if let Some(object) = object_of_linking_verb(u, &question, sentence) {
        return Some(object);
    }
    if let Some(object) = object_of_verb(u, &question, sentence) {
        return Some(object);
    }
    let asked: Vec<&Word> = question
        .iter()
        .filter(|w| !GLUE.contains(&w.lower.as_str()) && !w.stem.is_empty())
        .collect();
    let words = text::words(sentence);
    if words.len() < 2 || asked.is_empty() {
        return None;
    }
    let said: Vec<bool> = words
        .iter()
        .map(|w| {
            asked
                .iter()
                .any(|q| q.lower == w.lower || text::stems_match(&q.stem, &w.stem))
        })
        .collect();
    if !said.iter().any(|s| *s) {
        return None;
    }
    let (mut start, mut end) = best_run(&words, &said)?;
    // "What method did ...": the answer is the phrase of the noun asked about.
    if let Some(noun) = asked_noun(u, &question)
        && let Some(at) = words.iter().position(|w| text::stems_match(&w.stem, &noun))
        && at + 2 >= start
        && at <= end + 1
    {
        end = end.max(at + 1);
        start = noun_phrase_start(&words, at).max(start.min(at));
    }
    end = phrase_end(sentence, &words, start, end);
    trim(u, &words, &mut start, &mut end);
    // "What do the provisions relate to?": the answer is what comes after the "to".
    if let Some(last) = question.last()
        && PREPOSITIONS.contains(&last.lower.as_str())
        && start + 1 < end
        && words[start].lower == last.lower
    {
        start += 1;
    }
    // An answer does not stop at a preposition ("a component of"): it runs on, up to six
    // words at a time, to the end of its phrase (the next punctuation).
    let joined = |i: usize| {
        sentence
            .get(words[i - 1].span.end..words[i].span.start)
            .is_some_and(|gap| gap.trim().is_empty())
    };
    while end < words.len()
        && end > start
        && end - start < 40
        && PREPOSITIONS.contains(&words[end - 1].lower.as_str())
        && joined(end)
    {
        let stop = (end + 6).min(words.len());
        while end < stop && joined(end) {
            end += 1;
        }
    }
    if start >= end {
        return None;
    }
    let from = words[start].span.start;
    let mut to = words[end - 1].span.end;
    // A figure keeps its percent sign ("a 30% tax rate").
    if sentence[to..].starts_with('%') {
        to += 1;
    }
    let span = sentence.get(from..extend_closing(sentence, to))?;
    let span = span.trim().trim_end_matches([',', ';', ':', '.']).trim();
    // The figure of another year the text adds in parentheses ("438.1p (2018: n/a)").
    let span = regex!(r"\s*\((?:19|20)\d\d\s*[:–-][^()]*\)$")
        .find(span)
        .filter(|m| m.start() > 0)
        .map_or(span, |m| &span[..m.start()]);
    // "by the Department of ...", "as Customer Devices": the name, not its preposition.
    let span = regex!(r"^(?:as|by|from|to|in|on|at|of|for|with)\s+(?:the\s+)?([A-Z0-9$€£¥])")
        .find(span)
        .map_or(span, |m| &span[m.end() - 1..]);
    (!span.is_empty()).then(|| span.to_string())
}

/// The whole sentence, when it is itself the statement asked for: what a term is ("What
/// is EBITDA?" over "EBITDA is defined as ..."), or the cause of a change it names only
/// by pointing back ("Why did costs rise?" over "The increase was mainly driven by ...";
/// "The increase in costs was due to ..." names it, and its cause is the answer).
fn whole_statement(u: &Understood, sentence: &str) -> Option<String> {
    let whole = || Some(sentence.trim().trim_end_matches('.').trim().to_string());
    match u.wh {
        Wh::Why
            if regex!(r"^(?i:(?:the|this|these) (?:increase|decrease|rise|decline|drop|fall|growth|change|improvement|reduction|gain|loss)e?s? (?:was|were|is|are)\b)")
                .is_match(sentence)
                && cause_clause(sentence).is_some() =>
        {
            whole()
        }
        Wh::What
            if super::retrieve::defined_term(&u.text)
                .is_some_and(|term| super::retrieve::defines(sentence, &term)) =>
        {
            whole()
        }
        _ => None,
    }
}

/// Where a short answer that stops inside a phrase ends: past the rest of a hyphenated
/// word ("anti-dilutive"), then up to three more words of the same name ("New York Stock
/// Exchange") or noun phrase ("substandard ratings") — words the question may hold, since
/// the answer's run stops at the first of those.
fn phrase_end(sentence: &str, words: &[Word], start: usize, mut end: usize) -> usize {
    let gap = |i: usize| sentence.get(words[i - 1].span.end..words[i].span.start);
    while end > start && end < words.len() && gap(end) == Some("-") {
        end += 1;
    }
    let en = english();
    let is_number = |w: &Word| w.lower.starts_with(|c: char| c.is_ascii_digit());
    let capital = |w: &Word| sentence[w.span.start..].starts_with(char::is_uppercase);
    let mut added = 0;
    while end > start && end < words.len() && added < 3 {
        let (last, next) = (&words[end - 1], &words[end]);
        let plain = |w: &Word| {
            !is_number(w)
                && !GLUE.contains(&w.lower.as_str())
                && !PREPOSITIONS.contains(&w.lower.as_str())
                && !en.is_clause_word(&w.lower)
        };
        let continues = gap(end).is_some_and(|g| g.chars().all(char::is_whitespace))
            && plain(last)
            && plain(next)
            && if capital(last) {
                capital(next)
            } else {
                !capital(next) && !en.is_verb_form(&next.lower) && !next.lower.ends_with("ly")
            };
        if !continues {
            break;
        }
        end += 1;
        added += 1;
    }
    end
}

/// The cause a sentence gives: from its cause word ("because", "due to", "as a result
/// of", "driven by"...) to the end of that clause.
fn cause_clause(sentence: &str) -> Option<String> {
    let named = regex!(r"(?i)\b(?:because(?: of)?|(?:(?:mainly|mostly|largely|primarily|partly|chiefly) )?(?:due to|owing to|thanks to|as a result of|a result of|resulting from|driven by|attributable to|attributed to|related to|caused by)|on the back of)\s")
        .find(sentence)
        .map(|m| m.start());
    let start = [named, cause_as(sentence)].into_iter().flatten().min()?;
    let rest = &sentence[start..];
    let end = regex!(
        r"(?:,\s+(?:while|but|although|whereas|partially|partly offset|offset|as)\b|;|\.\s|\.$)"
    )
    .find(rest)
    .map_or(rest.len(), |e| e.start());
    let cause = rest[..end].trim().trim_end_matches(['.', ',', ';']);
    (cause.split_whitespace().count() >= 3).then(|| cause.to_string())
}

/// Where "as" gives the cause of a change: "Cable revenue increased by 1% as the
/// increase in Internet revenue ...", but not "as reported", "as well as" or "as of".
pub(super) fn cause_as(sentence: &str) -> Option<usize> {
    let c = regex!(r"(?i)\b(?:increased|decreased|grew|rose|fell|declined|improved|dropped|went up|went down)\b[^.;]{0,60}?\b(as)\s+(\w+)")
        .captures(sentence)?;
    let next = c[2].to_lowercase();
    let aside = [
        "reported",
        "well",
        "of",
        "compared",
        "discussed",
        "described",
        "such",
        "follows",
        "noted",
        "shown",
        "expected",
        "planned",
        "a",
        "at",
        "part",
        "measured",
        "adjusted",
        "percentage",
        "much",
        "many",
        "in",
        "on",
        "per",
    ];
    (!aside.contains(&next.as_str())).then(|| c.get(1).map_or(0, |m| m.start()))
}

/// Verbs whose object is what a thing is made of or stands for: "What does X include /
/// consist of / represent?" is answered by all the sentence gives after that verb.
const MADE_OF: &[&str] = &[
    "include",
    "consist",
    "comprise",
    "represent",
    "contain",
    "relate",
];

/// Adverbs between such a verb and its object ("consist primarily of").
const DEGREE: &[&str] = &[
    "mainly",
    "primarily",
    "principally",
    "largely",
    "mostly",
    "chiefly",
    "generally",
    "substantially",
    "typically",
    "also",
];

/// For "what does X include / consist of / represent?": what the sentence gives after
/// the same verb, to the end of its clause ("Cash and cash equivalents include cash on
/// hand, demand deposits and ..." gives "cash on hand, demand deposits and ..."), words
/// the question also uses included. Not for the passive "are included in X", whose
/// answer stands before the verb.
fn object_of_linking_verb(u: &Understood, question: &[Word], sentence: &str) -> Option<String> {
    if !matches!(u.wh, Wh::What | Wh::Which) {
        return None;
    }
    let base = |w: &Word| {
        MADE_OF.iter().copied().find(|b| {
            w.lower
                .strip_prefix(b.trim_end_matches('e'))
                .is_some_and(|rest| ["", "e", "s", "es", "d", "ed"].contains(&rest))
        })
    };
    // The question's own verb is its last ("What does sales related reserves represent?").
    let verb = question.iter().rev().find_map(base)?;
    let words = text::words(sentence);
    let at = words.iter().position(|w| base(w) == Some(verb))?;
    let mut start = at + 1;
    while words
        .get(start)
        .is_some_and(|w| DEGREE.contains(&w.lower.as_str()))
    {
        start += 1;
    }
    if words
        .get(start)
        .is_some_and(|w| ["of", "to", "as"].contains(&w.lower.as_str()))
    {
        start += 1;
    }
    let first = words.get(start)?;
    if ["in", "within", "by", "under", "on", "at"].contains(&first.lower.as_str()) {
        return None;
    }
    let rest = &sentence[first.span.start..];
    let end = rest.find(';').unwrap_or(rest.len());
    let object = rest[..end].trim().trim_end_matches(['.', ',', ':']).trim();
    (object.split_whitespace().count() >= 2).then(|| object.to_string())
}

/// For "what does X <verb> ...?": the noun phrase the sentence gives after that verb
/// ("What does Hexi plan to build near the airport?" over "... plans to build a
/// logistics park near the airport ..." gives "a logistics park").
fn object_of_verb(u: &Understood, question: &[Word], sentence: &str) -> Option<String> {
    if u.wh != Wh::What {
        return None;
    }
    let en = english();
    // The question's last verb after its auxiliary: "what does X plan to build".
    let aux = question.iter().position(|w| {
        ["do", "does", "did", "will", "would", "can", "could"].contains(&w.lower.as_str())
    })?;
    let verb = question[aux + 1..]
        .iter()
        .rev()
        .find(|w| en.is_verb_form(&w.lower) && !LINKING.contains(&w.lower.as_str()))?;
    let words = text::words(sentence);
    let at = words.iter().position(|w| {
        en.verb_base(&w.lower)
            .is_some_and(|b| Some(b) == en.verb_base(&verb.lower))
    })?;
    let start = at + 1;
    let mut end = start;
    while end < words.len() {
        let w = &words[end];
        let gap = &sentence[words[end - 1].span.end..w.span.start];
        if end > start
            && (gap.contains([',', ';', ':', '(', ')'])
                || (en.is_clause_word(&w.lower) && !["the", "a", "an"].contains(&w.lower.as_str()))
                || [
                    "near", "into", "onto", "across", "through", "under", "over", "within",
                    "because", "which", "that", "while", "and",
                ]
                .contains(&w.lower.as_str())
                || en.is_inflected_verb(&w.lower))
        {
            break;
        }
        end += 1;
    }
    if end <= start {
        return None;
    }
    let phrase = &sentence[words[start].span.start..words[end - 1].span.end];
    let content = words[start..end]
        .iter()
        .filter(|w| !["the", "a", "an"].contains(&w.lower.as_str()))
        .count();
    (content > 0
        && !question
            .iter()
            .skip(aux + 1)
            .any(|q| q.lower == words[start].lower))
    .then(|| phrase.to_string())
}

/// The first time phrase of the sentence that the question does not already give: "On
/// September 23, 2016", "During the fourth quarter of 2015", "in fiscal 2019".
fn time_phrase(u: &Understood, sentence: &str) -> Option<String> {
    let asked = u.text.to_lowercase();
    regex!(r"(?i)\b(?:(?:on|in|during|by|as of|since|from|until|through|at the end of|at)\s+)?(?:the\s+)?(?:(?:first|second|third|fourth|last)\s+(?:quarter|half)\s+of\s+(?:fiscal\s+(?:year\s+)?)?(?:1[5-9]\d\d|20\d\d)|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+(?:1[5-9]\d\d|20\d\d)|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+(?:1[5-9]\d\d|20\d\d)|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:1[5-9]\d\d|20\d\d)|(?:fiscal\s+(?:year\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:\s*[-–]\s*(?:1[5-9]\d\d|20\d\d|\d\d))?)")
        .find_iter(sentence)
        .map(|m| m.as_str().trim().to_string())
        .find(|phrase| {
            let year = regex!(r"(?:1[5-9]\d\d|20\d\d)").find(phrase).map(|y| y.as_str());
            !asked.contains(&phrase.to_lowercase())
                && year.is_none_or(|y| !asked.contains(y) || phrase.len() > 4)
        })
        // The time itself: "2011", not "in 2011"; "since" and "until" say which side.
        .map(|phrase| {
            regex!(r"(?i)^(?:on|in|during|at)\s+(?:the\s+)?")
                .replace(&phrase, "")
                .into_owned()
        })
}

/// The run of words the question does not say with the highest score: each such word
/// counts one, each question word inside the run costs two, a number or year one.
fn best_run(words: &[Word], said: &[bool]) -> Option<(usize, usize)> {
    let mut best: Option<(i32, usize, usize)> = None;
    let mut score = 0i32;
    let mut start = 0usize;
    for (i, w) in words.iter().enumerate() {
        let gain = if !said[i] {
            1
        } else if w
            .lower
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            -1
        } else {
            -2
        };
        if score <= 0 {
            score = 0;
            start = i;
        }
        score += gain;
        // On a tie, the same run reaching further is the better one.
        if score > 0 && best.is_none_or(|(b, bs, _)| score > b || (score == b && bs == start)) {
            best = Some((score, start, i + 1));
        }
    }
    let (_, mut s, e) = best?;
    // A run starts after the question's last word, never on one.
    while s < e && said[s] {
        s += 1;
    }
    (s < e).then_some((s, e))
}

/// The noun a "what X" or "which X" question asks about, when the question names one.
fn asked_noun(u: &Understood, question: &[Word]) -> Option<String> {
    if !matches!(u.wh, Wh::What | Wh::Which) {
        return None;
    }
    let i = question
        .iter()
        .position(|w| ["what", "which"].contains(&w.lower.as_str()))?;
    let next = question.get(i + 1)?;
    let en = english();
    (!en.is_clause_word(&next.lower) && !en.is_verb_form(&next.lower)).then(|| next.stem.clone())
}

/// Where the noun phrase whose head is `words[at]` starts: back over its modifiers and
/// article, up to a verb, preposition or other clause word.
fn noun_phrase_start(words: &[Word], at: usize) -> usize {
    let en = english();
    let mut s = at;
    while s > 0 {
        let w = words[s - 1].lower.as_str();
        if ["the", "a", "an", "its", "their", "our"].contains(&w) {
            s -= 1;
            break;
        }
        if en.is_clause_word(w) || en.is_verb_form(w) || w.ends_with("ing") {
            break;
        }
        s -= 1;
    }
    s
}

/// Drops leading copulas, a linking verb and its particle after a "what" question,
/// and leading articles of a "why" answer's clause.
fn trim(u: &Understood, words: &[Word], start: &mut usize, end: &mut usize) {
    while *start < *end && LEADING.contains(&words[*start].lower.as_str()) {
        *start += 1;
    }
    if matches!(u.wh, Wh::What | Wh::Which | Wh::Other)
        && *start + 1 < *end
        && LINKING.contains(&words[*start].lower.as_str())
    {
        *start += 1;
        if *start + 1 < *end && PARTICLES.contains(&words[*start].lower.as_str()) {
            *start += 1;
        }
    }
    while *end > *start
        && ["and", "or", "but", "while", "which", "that"].contains(&words[*end - 1].lower.as_str())
    {
        *end -= 1;
    }
}

/// Extends a span that ends inside parentheses or quotes to their close.
fn extend_closing(sentence: &str, end: usize) -> usize {
    let before = &sentence[..end];
    let open = before.matches('(').count();
    let close = before.matches(')').count();
    if open > close
        && let Some(i) = sentence[end..].find(')')
    {
        return end + i + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Op;
    use crate::understand::{Intent, Years};

    fn understood(text: &str, wh: Wh) -> Understood {
        Understood {
            text: text.to_string(),
            subjects: Vec::new(),
            measure: None,
            years: Years::default(),
            named_years: Vec::new(),
            intent: Intent {
                op: Op::Lookup,
                rule: None,
            },
            unit: None,
            topic: Vec::new(),
            soft: Vec::new(),
            names_measure: false,
            unknown: Vec::new(),
            blocking: Vec::new(),
            missing: Vec::new(),
            names: Vec::new(),
            period: Vec::new(),
            emphasis: Vec::new(),
            verb_measure: Vec::new(),
            counted: Vec::new(),
            subject_words: Vec::new(),
            measure_words: Vec::new(),
            focus: Vec::new(),
            wh,
            meta: None,
            followup: false,
            place: None,
            all_subjects: false,
            cues: Default::default(),
        }
    }

    /// Each case: the question, its kind, the sentence and the short answer expected.
    fn assert_short_answers(cases: &[(&str, Wh, &str, &str)]) {
        for &(q, wh, sentence, expected) in cases {
            let u = understood(q, wh);
            assert_eq!(short_answer(&u, sentence).as_deref(), Some(expected), "{q}");
        }
    }

    #[test]
    fn the_answer_is_what_the_question_does_not_say() {
        let cases = [
            (
                "How are debts which are known to be uncollectable written off?",
                Wh::Other,
                "Debts which are known to be uncollectable are written off by reducing the carrying amount directly.",
                "by reducing the carrying amount directly",
            ),
            (
                "What do the company's financing arrangements include?",
                Wh::What,
                "Our financing arrangements include leases, loans, and financed service contracts.",
                "leases, loans, and financed service contracts",
            ),
            (
                "What method did the company use when Topic 606 in fiscal 2019 was adopted?",
                Wh::What,
                "We adopted the provisions of Topic 606 in fiscal 2019 utilizing the modified retrospective method.",
                "the modified retrospective method",
            ),
            (
                "How were the company's inventories valued?",
                Wh::Other,
                "Our inventories are valued at the lower of cost or net realizable value and computed on a first-in, first-out (FIFO) basis.",
                "at the lower of cost or net realizable value and computed on a first-in, first-out (FIFO) basis",
            ),
            (
                "What do the warranty reserves relate to?",
                Wh::What,
                "The warranty reserves relate to pumps sold outside of Asia.",
                "pumps sold outside of Asia",
            ),
            (
                "How does the group classify late fees in other income?",
                Wh::Other,
                "The group classifies late fees as a component of other income.",
                "as a component of other income",
            ),
        ];
        assert_short_answers(&cases);
    }

    #[test]
    fn what_a_thing_includes_is_all_the_sentence_gives_after_the_verb() {
        let cases = [
            // The object's own words may be the question's ("cash", "costs").
            (
                "What does Cash and Cash Equivalents include?",
                Wh::What,
                "Cash and cash equivalents include cash on hand, demand deposits and short-term investments with original maturities of three months or less.",
                "cash on hand, demand deposits and short-term investments with original maturities of three months or less",
            ),
            (
                "What do Research and development expenses consist primarily of?",
                Wh::What,
                "Research and development expenses consist primarily of payroll and payroll-related benefits expenses, contracted research and development expenses, and facility costs.",
                "payroll and payroll-related benefits expenses, contracted research and development expenses, and facility costs",
            ),
            // The question's verb, not a word of its subject ("related").
            (
                "What does sales related reserves represent?",
                Wh::What,
                "Sales related reserves represent price concessions and stock rotation rights that the Company offers to many of its distributors.",
                "price concessions and stock rotation rights that the Company offers to many of its distributors",
            ),
            // To the end of its clause.
            (
                "What does 'Devices sold' represent?",
                Wh::What,
                "Devices sold represents the number of wearable devices sold during a period, net of expected returns; it excludes accessories.",
                "the number of wearable devices sold during a period, net of expected returns",
            ),
        ];
        assert_short_answers(&cases);
        // "Commissions are included in selling expenses": the answer is not after the verb.
        let u = understood("What is included in selling expenses?", Wh::What);
        assert_ne!(
            short_answer(
                &u,
                "Sales commissions of $2 million are included in selling expenses."
            )
            .as_deref(),
            Some("selling expenses")
        );
    }

    #[test]
    fn an_answer_ends_where_its_phrase_ends() {
        let cases = [
            (
                "When are share equivalents excluded from diluted earnings?",
                Wh::When,
                "Share equivalents are excluded from diluted earnings if their effect is anti-dilutive.",
                "if their effect is anti-dilutive",
            ),
            (
                "Where is the common stock traded under the symbol GRP?",
                Wh::Where,
                "The common stock is traded on the New York Stock Exchange under the symbol GRP.",
                "New York Stock Exchange",
            ),
            (
                "What rate are all dividends franked at?",
                Wh::What,
                "All dividends are fully franked at a 30% tax rate.",
                "a 30% tax rate",
            ),
            (
                "What was the market value per share of the options exercised?",
                Wh::What,
                "The weighted average market value per share of the options exercised was 438.1p (2018: 401.2p).",
                "438.1p",
            ),
            (
                "What do credit ratings of 7 and higher refer to?",
                Wh::What,
                "Credit ratings of 7 and higher refer to substandard ratings.",
                "substandard ratings",
            ),
        ];
        assert_short_answers(&cases);
    }

    #[test]
    fn a_definition_or_a_cause_of_the_change_is_the_whole_sentence() {
        let cases = [
            (
                "What is adjusted EBITDA?",
                Wh::What,
                "Adjusted EBITDA is defined as net earnings before interest and taxes.",
                "Adjusted EBITDA is defined as net earnings before interest and taxes",
            ),
            (
                "Why did selling expenses increase?",
                Wh::Why,
                "The increase was mainly driven by greater marketing spending on new products.",
                "The increase was mainly driven by greater marketing spending on new products",
            ),
            (
                "Why did selling expenses increase?",
                Wh::Why,
                "Selling expenses rose, mainly driven by greater marketing spending.",
                "mainly driven by greater marketing spending",
            ),
            (
                "Why did selling expenses increase?",
                Wh::Why,
                "The increase in selling expenses was mainly driven by greater marketing spending.",
                "mainly driven by greater marketing spending",
            ),
        ];
        assert_short_answers(&cases);
    }
}
