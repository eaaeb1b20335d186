//! Dates are never values: the day of "December 31, 2019", "March 3, 2021" and "31
//! December 2019", the parts of "12/31/2019", the clock time of "10:30 a.m.", and the
//! codes of "FY19", "Q3", "H1" and "the 1990s" are set aside before figures are read.
//! The year of a date still dates the figures near it (`cues::year_after` reads "as of
//! June 30, 2019").

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;

use super::Aside;

/// A month name as written, capitalised ("May" the verb is lower-case), with its
/// abbreviations.
pub const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";

/// The day after its month: "December 31, 2019", "May 8", "March 3rd".
static DAY_AFTER_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*(?:,|and|or|-|–|to|through)\s*(?P<day2>\d{{1,2}})\b(?:\s*,\s*|\s+)(?:1[5-9]\d\d|20\d\d)\b)?"
    ))
    .expect("valid regex")
});

/// The day before its month: "31 December 2019", "1st of April".
static DAY_BEFORE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:\s|,|\.|;|$)"
    ))
    .expect("valid regex")
});

/// Dates in digits: "12/31/2019", "31.12.19", "2019/12/31" (the year stays a year).
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<md>\d{1,2}[/.]\d{1,2}[/.])(?:\d{4}|(?P<yy>\d{2}))\b|\b\d{4}(?P<dm>/\d{1,2}/\d{1,2})\b")
        .expect("valid regex")
});

/// Clock times: "10:30 a.m.", "9 p.m.".
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}(?::\d{2}){0,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock\b|o’clock\b)")
        .expect("valid regex")
});

/// Codes of periods written with letters and digits: "FY19", "FY 2019", "Q3", "H1",
/// "the 1990s", "the '90s".
static PERIOD_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:FY\s?\d{2}(?:\d{2})?|[QH][1-4])\b|\b(?:1[5-9]|20)\d0s\b|['’]\d0s\b")
        .expect("valid regex")
});

/// The second year of a financial year written "2017/18".
static YEAR_PAIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:1[5-9]|20)\d\d(?P<second>/\d{2})\b").expect("valid regex"));

/// A year on its own or after "fiscal": never a figure (`figures.rs` skips it), but
/// reported so the examples can name the rule.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fiscal\s+(?:year\s+)?|financial\s+year\s+)?(?:1[5-9]\d\d|20\d\d)\b")
        .expect("valid regex")
});

/// The spans of a sentence that are dates, not figures.
pub(super) fn dates(text: &str) -> Vec<Aside> {
    let mut out = Vec::new();
    let day = |c: &regex::Captures, name: &str| {
        c.name(name)
            .filter(|d| {
                d.as_str()
                    .parse::<u32>()
                    .is_ok_and(|n| (1..=31).contains(&n))
            })
            .map(|d| Aside::new(Span::new(d.start(), d.end()), "date"))
    };
    for c in DAY_AFTER_MONTH.captures_iter(text) {
        out.extend(day(&c, "day"));
        out.extend(day(&c, "day2"));
    }
    for c in DAY_BEFORE_MONTH.captures_iter(text) {
        out.extend(day(&c, "day"));
    }
    for c in NUMERIC.captures_iter(text) {
        for part in ["md", "yy", "dm"] {
            if let Some(p) = c.name(part) {
                out.push(Aside::new(Span::new(p.start(), p.end()), "date"));
            }
        }
    }
    for c in YEAR_PAIR.captures_iter(text) {
        if let Some(p) = c.name("second") {
            out.push(Aside::new(Span::new(p.start(), p.end()), "date"));
        }
    }
    for re in [&*CLOCK, &*PERIOD_CODE] {
        out.extend(
            re.find_iter(text)
                .map(|m| Aside::new(Span::new(m.start(), m.end()), "date")),
        );
    }
    out.extend(YEAR.find_iter(text).map(|m| Aside {
        span: Span::new(m.start(), m.end()),
        rule: "year",
        blocks: false,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Vec<&str> {
        dates(text)
            .into_iter()
            .filter(|a| a.blocks)
            .map(|a| a.span.of(text))
            .collect()
    }

    #[test]
    fn the_day_of_a_date_is_set_aside_in_either_order() {
        assert_eq!(days("as of December 31, 2019 and 2018"), vec!["31"]);
        assert_eq!(days("for the year ended 31 March 2019"), vec!["31"]);
        assert_eq!(days("on January 1 and July 1, 2018"), vec!["1", "1"]);
        assert_eq!(days("between May 5 and 12, 2019"), vec!["5", "12"]);
        assert_eq!(
            days("due 12/31/2019 at 10:30 a.m."),
            vec!["12/31/", "10:30 a.m."]
        );
        assert!(days("sales may 5 percent").is_empty());
        assert!(days("up 31 percent in March").is_empty());
    }
}
