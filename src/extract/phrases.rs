//! Noun phrases around figures: the clause's subject ("retail sales of consumer goods"),
//! the noun a number counts ("seven crucial areas"), the items of a list, the name of a
//! period, and the members of a coordination ("secondary and tertiary industries").

use std::sync::LazyLock;

use regex::Regex;

use crate::lang::PhraseWords;

/// The language's words for reading noun phrases (`src/lang/en/phrases.toml`).
fn phrase_words() -> &'static PhraseWords {
    &crate::lang::english().phrase_words
}

/// A clause's noun phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NounPhrase {
    pub text: String,
    /// True when a pronoun owns it ("its revenue"): the owner is the previous subject.
    pub pronoun_owner: bool,
    /// True when the place owns it ("the city's GDP").
    pub place_owner: bool,
}

/// Where the clause holding position `left.len()` starts.
pub fn clause_start(left: &str) -> usize {
    static BREAK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:,\s*(?:and|while|but|whereas|with|although|though|of which|under which|in which|through which|by which|as|bringing|pushing|lifting|taking|raising|lowering|making)\s|;\s*|:\s+)")
            .expect("valid regex")
    });
    BREAK.find_iter(left).last().map_or(0, |m| m.end())
}

/// True when the clause refers back with a pronoun ("it", "its", "the sector").
pub fn has_pronoun(clause: &str) -> bool {
    static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:it|its|they|their|the sector|the industry|this sector|this industry|the zone|the figure)\b")
            .expect("valid regex")
    });
    PRONOUN.is_match(clause)
}

/// The noun phrase that opens a clause, without determiners, leading time phrases and
/// place owners: "In 2018, the city's retail sales of consumer goods" gives "retail
/// sales of consumer goods". `place` is the document's place, which also owns.
pub fn noun_phrase(clause: &str, place: Option<&str>) -> Option<NounPhrase> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:(?:(?:in|by|during|for|at the end of|by the end of|as of)\s+(?:the\s+)?(?:year\s+)?\d{4}|last year|this year|meanwhile|moreover|in addition|however|by sector|overall|in total|in particular|of these|among them)\s*,?\s*)+")
            .expect("valid regex")
    });
    let clause = LEAD.replace(clause, "");
    let mut words: Vec<String> = Vec::new();
    let mut pronoun_owner = false;
    let mut place_owner = false;
    let raws: Vec<&str> = clause.split_whitespace().collect();
    for (i, raw) in raws.iter().enumerate() {
        let word =
            raw.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '-' | '\'' | '’'));
        let lower = word.to_lowercase();
        let bare = lower
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches(['\'', '’']);
        if word.is_empty() || word.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if words.is_empty() && (phrase_words().determiners.contains(bare) || is_adverb(bare)) {
            continue;
        }
        if words.is_empty() && phrase_words().pronoun_owners.contains(bare) {
            pronoun_owner = true;
            continue;
        }
        // A verb opening the clause ("bringing the ratio down", "reached the"): the
        // phrase follows it. A participle before its noun describes it ("related
        // service industries", "registered homestays").
        let next_is_no_noun = raws.get(i + 1).is_some_and(|n| {
            let n = n
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            phrase_words().determiners.contains(n.as_str())
                || phrase_words().pronoun_owners.contains(n.as_str())
                || phrase_words().stops.contains(n.as_str())
        });
        let next = raws.get(i + 1).map(|w| w.to_lowercase());
        // "strategic emerging industries", "Operating income was": an -ing form before a
        // noun describes it.
        let describes = bare.ends_with("ing")
            && next.as_deref().is_some_and(|n| {
                let n = n.trim_matches(|c: char| !c.is_alphanumeric());
                n.starts_with(char::is_alphabetic)
                    && !phrase_words().stops.contains(n)
                    && !phrase_words().determiners.contains(n)
                    && !phrase_words().pronoun_owners.contains(n)
                    && !crate::lang::english().is_verb_form(n)
            });
        if words.is_empty()
            && crate::lang::english().is_inflected_verb(bare)
            && i + 1 < raws.len()
            && ((bare.ends_with("ing") && !(describes && raw.starts_with(char::is_uppercase)))
                || next_is_no_noun)
        {
            continue;
        }
        let joins = (bare == "of" || bare == "and")
            && !raw.ends_with([',', ';', ':'])
            && next.as_deref().is_some_and(|n| {
                let n = n.trim_matches(|c: char| !c.is_alphanumeric());
                !n.is_empty()
                    && !n.chars().any(|c| c.is_ascii_digit())
                    && !phrase_words().stops.contains(n)
                    && !crate::lang::english().is_inflected_verb(n)
            });
        if !words.is_empty() && (bare == "of" || bare == "and") {
            if joins {
                words.push(bare.to_string());
                continue;
            }
            break;
        }
        if phrase_words().stops.contains(bare)
            || (crate::lang::english().is_inflected_verb(bare) && !words.is_empty() && !describes)
        {
            break;
        }
        // An owner: "the city's" and "Lanzhou's" are the place; "rural residents'" stays.
        let possessive = lower.ends_with("'s") || lower.ends_with("’s");
        if possessive {
            let owner_is_place = phrase_words().place_owners.contains(bare)
                || place.is_some_and(|p| p.eq_ignore_ascii_case(bare));
            if owner_is_place {
                place_owner = true;
                // "income of Baiyun's rural residents" keeps its head.
                if words.last().map(String::as_str) != Some("of") {
                    words.clear();
                }
                continue;
            }
            if phrase_words().pronoun_owners.contains(bare) {
                pronoun_owner = true;
                continue;
            }
        }
        words.push(display_word(word, !words.is_empty()));
        if raw.ends_with([',', ';', ':', ')']) || words.len() >= 9 {
            break;
        }
    }
    while words.last().is_some_and(|w| w == "of" || w == "and") {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    Some(NounPhrase {
        text: words.join(" "),
        pronoun_owner,
        place_owner,
    })
}

/// Returns true if and only if a phrase refers back to something named before: "the
/// sector" or "this industry" in its clause.
pub fn is_anaphor(phrase: &str, clause: &str) -> bool {
    phrase_words().anaphors.contains(phrase)
        && regex!(r"(?i)\b(?:the|this|that)\s+(?:sector|industry|zone|area|program|programme|plan|project|company|firm|scheme)\b").is_match(clause)
}

/// Returns true if and only if the phrase only names the place itself ("city").
pub fn is_place_word(phrase: &str) -> bool {
    phrase_words().place_owners.contains(phrase)
}

/// Returns true if and only if `word` ends a noun phrase as a preposition, conjunction
/// or pronoun.
pub fn is_stop(word: &str) -> bool {
    phrase_words().stops.contains(word) || word == "of" || word == "and"
}

/// Adverbs that may open a clause before its noun phrase ("a further 46,300").
fn is_adverb(word: &str) -> bool {
    [
        "further", "also", "then", "still", "even", "just", "only", "again", "already", "now",
        "another",
    ]
    .contains(&word)
        || (word.len() > 4 && word.ends_with("ly"))
}

/// Lower-cases a word unless it is an acronym or a name inside the phrase.
fn display_word(word: &str, inside: bool) -> String {
    let acronym = word.chars().count() > 1
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-');
    if acronym || (inside && word.starts_with(char::is_uppercase)) {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

/// True when a phrase names a measure: its head noun (before any "of") is a measure
/// noun, as in "GDP" or "per capita disposable income of urban residents".
pub fn is_measure_phrase(phrase: &str) -> bool {
    let before_of = phrase.split(" of ").next().unwrap_or(phrase);
    let head = before_of
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    phrase_words().measure_nouns.contains(head.as_str())
}

/// True when a phrase only points back at another figure ("level", "figure").
pub fn is_generic_head(phrase: &str) -> bool {
    let head = phrase
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    phrase_words().generic_heads.contains(head.as_str())
}

/// Splits a coordination into its members, sharing what comes before and after:
/// "secondary and tertiary industries" gives "secondary industries" and "tertiary
/// industries"; "consumption of urban and rural residents" gives "consumption of urban
/// residents" and "consumption of rural residents".
pub fn split_coordination(phrase: &str, count: usize) -> Option<Vec<String>> {
    static COORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<pre>.*?)(?P<items>[\w-]+(?:,\s*[\w-]+)*,?\s+and\s+[\w-]+)(?P<post>(?:\s+[\w-]+)*)$")
            .expect("valid regex")
    });
    let c = COORD.captures(phrase)?;
    let pre = c.name("pre").map_or("", |m| m.as_str());
    let post = c.name("post").map_or("", |m| m.as_str());
    let items: Vec<&str> = c["items"]
        .split([','])
        .flat_map(|s| s.split(" and "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() != count {
        return None;
    }
    Some(
        items
            .iter()
            .map(|i| format!("{pre}{i}{post}").trim().to_string())
            .collect(),
    )
}

/// The last `n` names of a list of capitalised names: "the U.K., France and Italy",
/// "the Americas, EMEA and Asia Pacific" (in "As reported, the U.K., France and Italy"
/// the list starts with "As").
pub fn name_list(text: &str, n: usize) -> Option<Vec<String>> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        let name = r"(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*";
        Regex::new(&format!(r"{name}(?:,\s+{name})*,?\s+and\s+{name}")).expect("valid regex")
    });
    let list = LIST.find_iter(text).last()?;
    let items: Vec<String> = list
        .as_str()
        .split(',')
        .flat_map(|s| s.split(" and "))
        .map(|s| {
            s.trim()
                .trim_start_matches("the ")
                .trim_end_matches(',')
                .trim()
        })
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (n >= 2 && items.len() >= n).then(|| items[items.len() - n..].to_vec())
}

/// The counted noun after a number: "crucial areas" in "seven crucial areas including".
/// Returns the noun phrase and the byte length it covers in `right`.
pub fn noun_after(right: &str) -> Option<(String, usize)> {
    let mut words: Vec<String> = Vec::new();
    let mut end = 0;
    let mut offset = 0;
    // "46.8 million domestic and overseas visitors": two modifiers of one noun, which is
    // what is counted.
    let mut coordinated = false;
    let mut second_dropped = false;
    if right.starts_with(|c: char| !c.is_whitespace()) {
        return None;
    }
    let pieces: Vec<&str> = right.split_inclusive(char::is_whitespace).collect();
    for (i, raw) in pieces.iter().enumerate() {
        let piece = raw.trim();
        let word = piece.trim_end_matches([',', '.', ';', ':', ')', '"', '”']);
        offset += raw.len();
        if word.is_empty() {
            if words.is_empty() && piece.is_empty() {
                continue;
            }
            break;
        }
        let lower = word.to_lowercase();
        let modifier = |w: &str| {
            !w.is_empty()
                && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !w.ends_with('s')
        };
        if ["and", "or"].contains(&lower.as_str())
            && !coordinated
            && words.len() == 1
            && piece.len() == word.len()
            && modifier(words[0].as_str())
            && pieces.get(i + 1).is_some_and(|n| {
                let n = n.trim();
                !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
            && pieces.get(i + 2).is_some_and(|n| {
                let n = n.trim().trim_end_matches([',', '.', ';', ':']);
                !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            })
        {
            coordinated = true;
            words.clear();
            continue;
        }
        if coordinated && !second_dropped && words.len() == 1 {
            // The second modifier is dropped with the first: the noun is what is counted.
            words.clear();
            second_dropped = true;
        }
        if phrase_words().stops.contains(lower.as_str())
            || [
                "of", "and", "a", "an", "the", "last", "next", "each", "every", "ago", "per",
            ]
            .contains(&lower.as_str())
            || crate::lang::english().is_inflected_verb(&lower)
            || !word.chars().all(|c| c.is_alphabetic() || c == '-')
            || word.starts_with(char::is_uppercase) && !words.is_empty()
        {
            break;
        }
        words.push(lower);
        end = offset - (raw.len() - raw.trim_end().len()) - (piece.len() - word.len());
        if piece.len() != word.len() || words.len() >= 4 {
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
pub fn count_subject(noun: &str, right: &str) -> String {
    static COMPLEMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*((?:since|of)\s+[^,.;:()]{1,80})").expect("valid regex"));
    let after_noun = right
        .to_lowercase()
        .find(noun)
        .map_or(right, |i| &right[i + noun.len()..]);
    match COMPLEMENT.captures(after_noun) {
        Some(c) => format!("{noun} {}", c[1].trim()),
        None => noun.to_string(),
    }
}

/// The items of a counted list: "including a, b, c and d" (at most `count` of them).
pub fn list_after(right: &str, count: usize) -> Vec<String> {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:[\w\s-]{0,40}?)\s*(?:including|such as|namely|:\s|, which are|, that is)\s*")
            .expect("valid regex")
    });
    let Some(open) = OPEN.find(right) else {
        return Vec::new();
    };
    let body = right[open.end()..].trim_end().trim_end_matches(['.', ';']);
    let items: Vec<String> = body
        .split(',')
        .map(|s| s.trim())
        .map(|s| {
            s.strip_prefix("and ")
                .or_else(|| s.strip_prefix("or "))
                .unwrap_or(s)
        })
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect();
    // An item runs until a verb or clause word: "advanced manufacturing have experienced".
    // The last item may join two with "and" when the list has no serial comma.
    let mut out: Vec<String> = Vec::new();
    let total = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let mut kept = Vec::new();
        let mut stopped = false;
        for w in item.split_whitespace() {
            if phrase_words()
                .item_stops
                .contains(w.to_lowercase().as_str())
            {
                stopped = true;
                break;
            }
            kept.push(w);
        }
        if kept.is_empty() {
            break;
        }
        let kept = kept.join(" ");
        let last = stopped || i + 1 == total;
        let pieces: Vec<String> = if last && out.len() + 1 < count {
            split_last_item(&kept)
        } else {
            vec![kept]
        };
        if pieces.iter().any(|p| p.split_whitespace().count() > 9) {
            break;
        }
        out.extend(pieces.into_iter().map(|p| strip_article(&p)));
        if stopped {
            break;
        }
    }
    if count > 0 && out.len() > count {
        out.truncate(count);
    }
    out
}

/// Splits "X and the Y" (or "X and Y") into two items, preferring an "and" that starts a
/// new name ("Park and the Qingshui Zone") over one inside a name ("Science and
/// Technology Park").
fn split_last_item(item: &str) -> Vec<String> {
    let split_at = item
        .match_indices(" and ")
        .find(|(i, _)| item[i + 5..].starts_with("the ") || item[i + 5..].starts_with("a "))
        .or_else(|| item.match_indices(" and ").last())
        .map(|(i, _)| i);
    match split_at {
        Some(i) => vec![
            item[..i].trim().to_string(),
            item[i + 5..].trim().to_string(),
        ],
        None => vec![item.to_string()],
    }
}

fn strip_article(item: &str) -> String {
    item.strip_prefix("the ")
        .or_else(|| item.strip_prefix("a "))
        .or_else(|| item.strip_prefix("an "))
        .unwrap_or(item)
        .to_string()
}

/// The name of a period from the text before its years: a quoted name, or the
/// capitalised words right before it.
pub fn period_name(before: &str) -> Option<String> {
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
        let joins = ["of", "the", "and"].contains(w) && !name.is_empty();
        if starts_upper || joins || (*w == "period" && name.is_empty()) {
            name.push(w);
        } else {
            break;
        }
    }
    while name
        .last()
        .is_some_and(|w| ["of", "the", "and"].contains(w))
    {
        name.pop();
    }
    name.reverse();
    // A leading word that is only capitalised because it opens the sentence.
    if name.len() > 1
        && [
            "Under", "During", "In", "Since", "After", "Before", "Through",
        ]
        .contains(&name[0])
    {
        name.remove(0);
    }
    while name.first().is_some_and(|w| ["the", "The"].contains(w)) {
        name.remove(0);
    }
    let joined = name.join(" ");
    (joined.chars().any(char::is_uppercase)).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn np(clause: &str) -> Option<String> {
        noun_phrase(clause, Some("Qingshui")).map(|n| n.text)
    }

    #[test]
    fn noun_phrases_drop_determiners_time_phrases_and_place_owners() {
        assert_eq!(
            np("In 2018, the city's retail sales of consumer goods ").as_deref(),
            Some("retail sales of consumer goods")
        );
        assert_eq!(
            np("the top ten ecological sectors such as logistics").as_deref(),
            Some("top ten ecological sectors")
        );
        assert_eq!(np("Qingshui's GDP ").as_deref(), Some("GDP"));
        assert_eq!(
            np("Per capita disposable income of urban residents reached ").as_deref(),
            Some("per capita disposable income of urban residents")
        );
        assert_eq!(
            np("Rural residents' per capita disposable income rose ").as_deref(),
            Some("rural residents' per capita disposable income")
        );
        assert_eq!(
            np("the secondary and tertiary industries contributed ").as_deref(),
            Some("secondary and tertiary industries")
        );
        let its = noun_phrase("Its revenue reached ", None).expect("a phrase");
        assert_eq!(its.text, "revenue");
        assert!(its.pronoun_owner);
        assert_eq!(
            np("bringing the poverty headcount ratio down to ").as_deref(),
            Some("poverty headcount ratio")
        );
    }

    #[test]
    fn coordinations_share_their_head_and_prefix() {
        assert_eq!(
            split_coordination("secondary and tertiary industries", 2),
            Some(vec![
                "secondary industries".to_string(),
                "tertiary industries".to_string()
            ])
        );
        assert_eq!(
            split_coordination(
                "per capita consumption expenditure of urban and rural residents",
                2
            ),
            Some(vec![
                "per capita consumption expenditure of urban residents".to_string(),
                "per capita consumption expenditure of rural residents".to_string()
            ])
        );
        assert_eq!(split_coordination("wind and solar power", 3), None);
    }

    #[test]
    fn a_counted_noun_after_two_modifiers_is_the_noun() {
        let (noun, end) = noun_after(" domestic and overseas visitors in 2023, up 21.4 percent")
            .expect("a noun follows");
        assert_eq!(noun, "visitors");
        assert_eq!(end, " domestic and overseas visitors".len());
        let (noun, _) = noun_after(" cities and counties in the province").expect("a noun");
        assert_eq!(noun, "cities");
    }

    #[test]
    fn counted_lists_are_split_into_items() {
        let right = " crucial areas including high-end equipment manufacturing, biological medicine, new energy, and modern services.";
        let (noun, end) = noun_after(right).expect("a noun follows");
        assert_eq!(noun, "crucial areas");
        assert_eq!(
            list_after(&right[end..], 4),
            vec![
                "high-end equipment manufacturing",
                "biological medicine",
                "new energy",
                "modern services"
            ]
        );
        let zones =
            " zones including the A Zone, the B Science and Technology Park and the C Pilot Zone.";
        let (_, end) = noun_after(zones).expect("a noun follows");
        assert_eq!(
            list_after(&zones[end..], 3),
            vec!["A Zone", "B Science and Technology Park", "C Pilot Zone"]
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
        assert_eq!(
            period_name("Under the 13th Five-Year Plan ").as_deref(),
            Some("13th Five-Year Plan")
        );
        assert_eq!(period_name("from "), None);
    }
}
