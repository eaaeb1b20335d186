//! Ranks: "ranked third among the 14 cities of the province" is a rank of 3 among "the 14
//! cities of the province" — never an amount of 14. Also "ranked No. 1 nationwide", "the
//! third-largest economy in the province" and "ranks among the top 10 cities".

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;
use crate::facts::FactKind;

use super::{Fact, Mention, Sentence};

static RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:rank(?:ed|s|ing)?|placed|came|comes|stood|stands)\s+(?:at\s+)?
        (?P<pos>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth
            |thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth
            |\d{1,3}(?:st|nd|rd|th)|no\.\s?\d{1,3}|number\s+\d{1,3})\b
        (?:\s+(?P<among>(?:among|out\s+of|in)\s+[^,.;:]+|nationwide|nationally|in\s+the\s+country))?",
    )
    .expect("valid regex")
});

/// A superlative with its position: "the third-largest economy in the province", "the
/// 2nd busiest port".
static SUPERLATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?P<pos>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))
        [-\s](?:largest|biggest|highest|lowest|smallest|fastest|slowest|busiest|richest|poorest
            |most\s+[a-z]+|least\s+[a-z]+|leading|best|worst)\b
        (?P<rest>[^,.;:]*)",
    )
    .expect("valid regex")
});

/// A place among the top: "ranks among the top 10 cities", "one of the top five", "in
/// the top 5% of companies".
static TOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:rank(?:ed|s|ing)?|placed|was|were|is|are|remain(?:ed|s)?|be|been|one|stays?|stayed)
        \s+(?:among|in|within|of)\s+(?:the\s+)?
        (?P<pos>top\s+(?:\d{1,4}(?:%|\b)|(?:three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred)\b))
        (?P<among>[^,.;:]*)",
    )
    .expect("valid regex")
});

/// A phrase of what a rank is among, without its year: "the 14 cities of the province".
fn among_phrase(phrase: &str) -> String {
    let phrase = regex!(r"(?i)^\s*(?:among|out\s+of|in|of)\s+").replace(phrase.trim(), "");
    regex!(r"(?i)\s*(?:\b(?:in|during|as of|by|for)\s+(?:the\s+)?(?:year\s+)?(?:1[5-9]\d\d|20\d\d)\b.*|\bfor\s+(?:a|the)\s+\w+\s+(?:consecutive|straight)\s+years?.*)$")
        .replace(&phrase, "")
        .trim()
        .to_string()
}

const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The position an ordinal names: "third" and "3rd" are 3, "No. 3" is 3.
fn position(ordinal: &str) -> Option<f64> {
    let lower = ordinal.to_lowercase();
    if let Some(i) = ORDINALS.iter().position(|o| *o == lower) {
        return Some((i + 1) as f64);
    }
    let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

impl Sentence<'_> {
    /// Reads the ranks of the sentence, and marks the numbers of what is ranked among as
    /// taken, so they are not read as figures.
    pub(super) fn ranks(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        // (start of the wording, the rank as written, its position, what it is among,
        // end of the wording)
        let mut found: Vec<(usize, Span, f64, Option<String>, usize)> = Vec::new();
        for c in RANK.captures_iter(text) {
            let pos = c.name("pos").expect("pos is not optional");
            let Some(value) = position(pos.as_str()) else {
                continue;
            };
            let whole = c.get(0).expect("group 0");
            let among = c.name("among").map(|a| a.as_str());
            // "ranked No. 1 nationwide": the rank is "No. 1 nationwide".
            let (surface_end, among) = match among {
                Some(a) if !regex!(r"(?i)^\s*(?:among|out\s+of|in)\s").is_match(a) => {
                    (whole.end(), None)
                }
                a => (pos.end(), a.map(among_phrase)),
            };
            found.push((
                whole.start(),
                Span::new(pos.start(), surface_end),
                value,
                among,
                whole.end(),
            ));
        }
        for c in SUPERLATIVE.captures_iter(text) {
            let pos = c.name("pos").expect("pos is not optional");
            let Some(value) = position(pos.as_str()) else {
                continue;
            };
            let whole = c.get(0).expect("group 0");
            let rest = c.name("rest").map_or("", |r| r.as_str());
            let kept = among_phrase(&format!("in {rest}"));
            let end = pos.start()
                + (whole.as_str().len() - rest.len())
                + rest.find(kept.as_str()).map_or(0, |i| i + kept.len());
            found.push((
                pos.start(),
                Span::new(pos.start(), end.max(pos.end())),
                value,
                None,
                end,
            ));
        }
        for c in TOP.captures_iter(text) {
            let pos = c.name("pos").expect("pos is not optional");
            let digits = regex!(r"\d+")
                .find(pos.as_str())
                .map(|d| d.as_str().to_string());
            let Some(value) = digits
                .and_then(|d| d.parse::<f64>().ok())
                .or_else(|| super::number_word(pos.as_str()[3..].trim()))
            else {
                continue;
            };
            let among = c
                .name("among")
                .map(|a| among_phrase(a.as_str()))
                .filter(|a| !a.is_empty());
            let whole = c.get(0).expect("group 0");
            found.push((
                whole.start(),
                Span::new(pos.start(), pos.end()),
                value,
                among,
                whole.end(),
            ));
        }
        for (start, surface, value, among, end) in found {
            if out
                .iter()
                .any(|f| f.sentence == self.span && f.span.start == self.span.start + surface.start)
            {
                continue;
            }
            let clause = super::phrases::clause_start(&text[..start]).max(self.opening.min(start));
            let m = Mention {
                span: surface,
                value,
                unit: "rank".into(),
                qualifier: None,
                rule: None,
            };
            let about = self.about(&m, clause, FactKind::Rank, None);
            let mut fact = self.fact(
                FactKind::Rank,
                about.subject,
                about.measure.unwrap_or_else(|| "rank".into()),
                &m,
            );
            fact.among = among.filter(|a| !a.is_empty());
            fact.year = self.main_year().or(self.carry.year);
            fact.rule = "rank".into();
            self.taken
                .push(Span::new(surface.start, end.max(surface.end)));
            out.push(fact);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_in_words_and_digits_give_the_position() {
        assert_eq!(position("third"), Some(3.0));
        assert_eq!(position("Twelfth"), Some(12.0));
        assert_eq!(position("3rd"), Some(3.0));
        assert_eq!(position("No. 14"), Some(14.0));
    }
}
