//! The words of a question that say what it is about: topic words a figure or passage
//! must hold, softer verbs, names, the counted noun, the focus of a "what kind of"
//! question, and the unknown words that decide that the corpus cannot answer.

use crate::lang::Language;
use crate::text::Word;

/// What an unknown word of a question says about whether the corpus can answer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unknown {
    /// The question is about something the corpus lacks: an ordinal ("the Sixth
    /// Five-Year Plan"), or a name where the corpus names its places (another place).
    Blocks,
    /// A content word the corpus lacks: an answer must hold enough of the rest of the
    /// question to outweigh it.
    Weighs,
    /// A verb, adverb, adjective or the noun of a question's frame: it does not count.
    Frames,
}

/// Reads the unknown word `words[i]`: an ordinal blocks; a name (capitalised inside the
/// question, or an acronym) blocks where the corpus names places (`places`), else
/// weighs; a common verb, adverb or adjective, or the noun of a question frame ("what
/// factor"), frames; any other word weighs.
pub fn unknown(
    language: &Language,
    words: &[Word],
    i: usize,
    question: &str,
    places: bool,
) -> Unknown {
    match blocks(language, words, i, question) {
        (true, true) if !places => Unknown::Weighs,
        (true, _) => Unknown::Blocks,
        (false, true) => Unknown::Weighs,
        (false, false) => Unknown::Frames,
    }
}

/// Whether the unknown word `words[i]` decides the question, and whether it is a name:
/// (decides, name). An ordinal decides; a name decides; a word that is neither a common
/// verb, adverb or adjective nor the noun of a question frame ("what factor") weighs.
fn blocks(language: &Language, words: &[Word], i: usize, question: &str) -> (bool, bool) {
    let w = &words[i];
    let surface = w.span.of(question);
    let lower = w.lower.as_str();
    if regex!(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth)$").is_match(lower) {
        return (true, false);
    }
    let capitalised = surface.starts_with(char::is_uppercase);
    let acronym = surface.chars().count() >= 2
        && surface
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit());
    if acronym || (capitalised && i > 0) {
        return (true, true);
    }
    if language.is_common_non_noun(lower) {
        return (false, false);
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
            language.is_clause_word(&n.lower)
                || ["in", "on", "at", "from", "per", "last"].contains(&n.lower.as_str())
        })
    {
        return (false, false);
    }
    // "what factor drove", "which fields benefit": the frame, not the topic. After "how
    // much" or "how many" the word is what is measured or counted ("how much goodwill").
    // "What dividend did Ostrand pay" asks for the dividend: the noun after "what" and
    // before the question's auxiliary (or "per") is its topic; "which areas" is a frame.
    let after_wh = i > 0
        && match words[i - 1].lower.as_str() {
            "which" => true,
            "what" => words.get(i + 1).is_none_or(|n| {
                !["did", "does", "do", "was", "were", "is", "are", "per"]
                    .contains(&n.lower.as_str())
            }),
            _ => false,
        };
    (false, !after_wh)
}

/// The topic stems between a wh-word and the first clause word: "what historical
/// transformation did ..." gives "histor" and "transform".
pub fn focus(language: &Language, words: &[Word], topic: &[String]) -> Vec<String> {
    let Some(start) = words
        .iter()
        .position(|w| ["what", "which"].contains(&w.lower.as_str()))
    else {
        return Vec::new();
    };
    words[start + 1..]
        .iter()
        .take_while(|w| !language.is_clause_word(&w.lower))
        .filter(|w| topic.contains(&w.stem))
        .map(|w| w.stem.clone())
        .collect()
}

/// After "how many": the stems of what is counted ("high-tech enterprises").
pub fn counted(language: &Language, words: &[Word]) -> Vec<String> {
    words
        .iter()
        .position(|w| w.lower == "many")
        .filter(|&i| i > 0 && words[i - 1].lower == "how")
        .map(|i| {
            words[i + 1..]
                .iter()
                .take_while(|w| {
                    !language.is_clause_word(&w.lower) && !language.is_verb_form(&w.lower)
                })
                .filter(|w| {
                    !["percent", "percentage", "points", "point", "times"]
                        .contains(&w.lower.as_str())
                })
                .map(|w| w.stem.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// True when the "-ing" word at `i` names a kind of thing rather than an action: it
/// stands before the noun it modifies or is joined to another modifier ("operating
/// income", "Selling and administrative expenses", "Selling, general and
/// administrative"), not after a form of "be" ("was growing").
pub fn modifies_noun(language: &Language, words: &[Word], i: usize) -> bool {
    let Some(w) = words.get(i) else {
        return false;
    };
    if !w.lower.ends_with("ing") || !language.is_inflected_verb(&w.lower) || i == 0 {
        return false;
    }
    let before = words[i - 1].lower.as_str();
    // "What was operating income": the copula of the question, not of a progressive.
    let asks_what = i >= 2
        && [
            "what", "which", "how", "much", "many", "who", "where", "when", "why",
        ]
        .contains(&words[i - 2].lower.as_str());
    let copula = ["is", "are", "was", "were", "be", "been", "being", "am"].contains(&before);
    if (copula && !asks_what)
        || [
            "keep", "kept", "by", "of", "for", "in", "on", "to", "from", "with", "without",
            "after", "before", "when", "while",
        ]
        .contains(&before)
    {
        return false;
    }
    words.get(i + 1).is_some_and(|next| {
        ["and", "or"].contains(&next.lower.as_str())
            || (!language.is_verb_form(&next.lower)
                && !language.is_clause_word(&next.lower)
                && !language.is_framing(&next.lower)
                && next.lower.chars().all(|c| c.is_alphabetic()))
    })
}

/// The measures a question's verb asks for: "produce" and "harvest" ask for output,
/// "earn" for income or revenue (the families are data in `words.toml`).
pub fn verb_measure(language: &Language, soft: &[String]) -> Vec<String> {
    let stem = crate::search::stem;
    for family in language.verb_measures() {
        if family.verbs.iter().any(|v| soft.contains(&stem(v))) {
            return family.measures.iter().map(|m| stem(m)).collect();
        }
    }
    Vec::new()
}

/// Stems of the capitalised topic words inside the question ("Beishan"): names a fact or
/// passage must hold in its own sentence.
pub fn names(language: &Language, words: &[Word], question: &str, topic: &[String]) -> Vec<String> {
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let surface = w.span.of(question);
            *i > 0
                && surface.starts_with(char::is_uppercase)
                && !surface
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit())
                && topic.contains(&w.stem)
                && !language.is_framing(&w.lower)
        })
        .map(|(_, w)| w.stem.clone())
        .collect()
}
