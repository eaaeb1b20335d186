//! Numbers that are names, not figures: a capitalised name before a number ("Fortune
//! 500", "Route 66", "Industry 4.0", "IFRS 16"), letters and digits written together
//! ("G20", "COVID-19", "5G"), "the Top 100", numbered things ("Note 12", "Item 7",
//! "Sections 382 and 383", "level 3 inputs", "No. 3"), footnote markers ("(1)" opening a
//! note, "revenue(2)"), the numbers of headings ("3. Operating segments") and codes
//! ("886-3-578-2258"). They are set aside before figures are read.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;

use super::Aside;

/// A word and the bare number after it: "Fortune 500", "Notes 3 and 4", "No. 3",
/// "Codification (ASC) 842".
static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<word>\b[A-Za-z][A-Za-z&'’-]*\.?)\)?[\ \t]+
        (?P<nums>\d+(?:\.\d+)*[A-Za-z]?(?:-\d+)*
            (?:\s*(?:,|and|or|&|through|to)\s*\d+(?:\.\d+)*[A-Za-z]?\b)*)\b
        (?P<after>\s*(?:%|percent|per\s*cent|percentage|trillion|billion|million|thousand|bn|mn|times|fold|yuan|dollars?|euros?|pounds|[\$¥€£]))?",
    )
    .expect("valid regex")
});

/// Letters and digits written together: "G20", "COVID-19", "F-35", "5G", "4K", "3D".
static GLUED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<prefix>[A-Za-z]+)-?\d+(?:\.\d+)?[A-Za-z]*\b|\b\d+(?P<letters>[A-Za-z]+)\b")
        .expect("valid regex")
});

/// Letters before a number that make it an amount of money, not a name: "RMB377.3".
const CURRENCY_PREFIXES: &[&str] = &[
    "rmb", "cny", "usd", "eur", "gbp", "jpy", "hkd", "us", "hk", "nt", "rs", "inr", "aud", "cad",
    "sgd",
];

/// Letters after a number that make it a figure or an ordinal, not a name: "3.2bn",
/// "13th", "100m", "5km".
const FIGURE_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "s", "bn", "mn", "m", "k", "b", "tn", "x", "km", "kg", "mw", "gw",
    "kw", "kwh", "t", "mt", "ha", "pct",
];

/// "the Top 100", "top 10 customers" (a rank when ranked: `ranks.rs` reads it first).
static TOP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Tt]op\s+\d+\b").expect("valid regex"));

/// A footnote or enumeration marker: "(1)", "(a)" ("(1) Excludes...", "revenue(2)", "to
/// (1) maintain ... and (2) limit", "five (5) years").
static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:\d{1,2}|[a-z])\)").expect("valid regex"));

/// A number opening a sentence, as the number of a heading or a note: "3. Operating
/// segments", "9.4. Trade payables", "1 The Group has adopted", or a sentence that is
/// only "3.".
static OPENING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(?(?P<n>\d{1,2}(?:\.\d{1,2})*)(?:\.|\))(?:\s+[A-Z(“]|\s*$)|(?P<bare>\d{1,2})\s+[A-Z“])")
        .expect("valid regex")
});

/// Codes: three or more groups of digits joined by hyphens ("886-3-578-2258").
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(?:-\d+){2,}\b").expect("valid regex"));

/// Capitalised words that stand before a figure without naming it: qualifiers and
/// determiners that open a sentence or a heading ("About 500", "The 12"), currency codes
/// ("RMB 3.2bn", "USD 5 million") and months ("May 5" is a date).
const NOT_NAMES: &[&str] = &[
    "about",
    "above",
    "almost",
    "approximately",
    "around",
    "at",
    "below",
    "by",
    "from",
    "in",
    "just",
    "less",
    "more",
    "nearly",
    "of",
    "only",
    "over",
    "roughly",
    "some",
    "than",
    "the",
    "to",
    "total",
    "under",
    "up",
    "down",
    "with",
    "and",
    "or",
    "all",
    "only",
    "rmb",
    "cny",
    "usd",
    "eur",
    "gbp",
    "jpy",
    "hkd",
    "us",
    "us$",
    "hk$",
    "rs",
    "inr",
    "aud",
    "cad",
    "sgd",
    "nt$",
    "a$",
    "c$",
    "s$",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fy",
    "q",
    "h",
];

/// Capitalised words before a year that date it rather than name it: "Fiscal 2019",
/// "Spring 2020".
const NOT_YEAR_NAMES: &[&str] = &[
    "fiscal",
    "financial",
    "calendar",
    "year",
    "years",
    "quarter",
    "half",
    "end",
    "early",
    "late",
    "mid",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "since",
    "during",
    "until",
    "before",
    "after",
    "through",
    "ended",
    "ending",
    "beginning",
    "starting",
];

/// The spans of a sentence that are names, references, markers or codes, not figures.
pub(super) fn names(text: &str) -> Vec<Aside> {
    let mut out = Vec::new();
    let numbered = &crate::lang::english().phrase_words.numbered;
    for c in WORD_NUMBER.captures_iter(text) {
        let word = c.name("word").expect("word is not optional");
        let nums = c.name("nums").expect("nums is not optional");
        let lower = word.as_str().to_lowercase();
        let bare = lower.trim_end_matches('.');
        // "Notes 3 and 4", "sections 382": a numbered thing, in any case.
        let reference = numbered.contains(bare)
            || numbered.contains(bare.trim_end_matches('s'))
            || (bare == "no" && word.as_str().ends_with('.'));
        // "Fortune 500", "Route 66": a capitalised name inside the sentence before a
        // bare number.
        let capitalised = word.as_str().starts_with(char::is_uppercase)
            && !text[..word.start()].trim().is_empty()
            && !text[..word.start()]
                .trim_end()
                .ends_with([':', '•', '"', '“', '(', '.'])
            && !NOT_NAMES.contains(&bare)
            && !bare.ends_with("'s")
            && !bare.ends_with("’s")
            && c.name("after").is_none();
        // A year after a numbered thing is still a year ("Note 2019" is no name); after
        // a capitalised name it is part of the name ("Made in China 2025", "Expo 2010"),
        // not the year of the sentence.
        let year = regex!(r"^(?:1[5-9]\d\d|20\d\d)$").is_match(nums.as_str());
        if (capitalised || (reference && !year)) && !(year && NOT_YEAR_NAMES.contains(&bare)) {
            out.push(Aside::new(Span::new(nums.start(), nums.end()), "name"));
        }
    }
    for c in GLUED.captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let is_figure = c
            .name("letters")
            .is_some_and(|l| FIGURE_SUFFIXES.contains(&l.as_str().to_lowercase().as_str()))
            || c.name("prefix")
                .is_some_and(|p| CURRENCY_PREFIXES.contains(&p.as_str().to_lowercase().as_str()));
        let is_date = regex!(r"^(?:FY\d|[QH][1-4]$)").is_match(whole.as_str());
        if !is_figure && !is_date {
            out.push(Aside::new(Span::new(whole.start(), whole.end()), "name"));
        }
    }
    out.extend(
        TOP.find_iter(text)
            .map(|m| Aside::new(Span::new(m.start(), m.end()), "name")),
    );
    out.extend(
        FOOTNOTE
            .find_iter(text)
            .map(|m| Aside::new(Span::new(m.start(), m.end()), "footnote")),
    );
    if let Some(c) = OPENING_NUMBER.captures(text)
        && let Some(n) = c.name("n").or_else(|| c.name("bare"))
        && !out
            .iter()
            .any(|a| a.span.start <= n.start() && n.end() <= a.span.end)
    {
        out.push(Aside::new(Span::new(n.start(), n.end()), "numbering"));
    }
    out.extend(
        CODE.find_iter(text)
            .map(|m| Aside::new(Span::new(m.start(), m.end()), "code")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_aside(text: &str) -> Vec<(&str, &'static str)> {
        names(text)
            .into_iter()
            .map(|a| (a.span.of(text), a.rule))
            .collect()
    }

    #[test]
    fn names_references_and_markers_are_set_aside_but_figures_are_not() {
        assert_eq!(
            set_aside("It has 12 Fortune 500 companies and a G20 seat."),
            vec![("500", "name"), ("G20", "name")]
        );
        assert_eq!(
            set_aside("See Notes 3 and 4 and level 2 inputs."),
            vec![("3 and 4", "name"), ("2", "name")]
        );
        assert_eq!(
            set_aside("(1) Excludes wholesale subscribers."),
            vec![("(1)", "footnote")]
        );
        assert_eq!(set_aside("3. Operating segments"), vec![("3", "numbering")]);
        assert!(set_aside("Revenue reached RMB 3.2bn, or US$ 4.5 million.").is_empty());
        assert!(set_aside("About 500 firms and Beijing 12 percent.").is_empty());
        assert!(set_aside("In 2019, 46,300 rural residents shook off poverty.").is_empty());
        assert!(set_aside("35 companies joined.").is_empty());
    }
}
