//! Ranks: "ranked third among the 14 cities of the province" is a rank of 3 among "the 14
//! cities of the province" — never an amount of 14.

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
        for c in RANK.captures_iter(text) {
            let pos = c.name("pos").expect("pos is not optional");
            let Some(value) = position(pos.as_str()) else {
                continue;
            };
            let whole = c.get(0).expect("group 0");
            let among = c.name("among").map(|a| {
                let phrase = a.as_str().trim();
                let phrase = regex!(r"(?i)^(?:among|out\s+of|in)\s+").replace(phrase, "");
                regex!(r"(?i)\s+(?:in|during|as of|by|for)\s+(?:the\s+)?(?:year\s+)?(?:1[5-9]\d\d|20\d\d)\b.*$")
                    .replace(&phrase, "")
                    .trim()
                    .to_string()
            });
            let start = whole.start();
            let clause = super::phrases::clause_start(&text[..start]).max(self.opening.min(start));
            let m = Mention {
                span: Span::new(pos.start(), pos.end()),
                value,
                unit: "rank".into(),
                qualifier: None,
            };
            let about = self.about(&m, clause, FactKind::Rank, None);
            let mut fact = self.fact(
                FactKind::Rank,
                about.subject,
                about.measure.unwrap_or_else(|| "rank".into()),
                &m,
            );
            fact.among = among;
            fact.year = self.main_year().or(self.carry.year);
            fact.rule = "rank".into();
            self.taken.push(Span::new(pos.start(), whole.end()));
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
