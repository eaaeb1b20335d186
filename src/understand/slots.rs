//! The slots of a question that are read by pattern: its years, the kind of wh-question,
//! the document metadata it asks for, the currency it wants, and the place it names.

use std::sync::LazyLock;

use regex::Regex;

use crate::lang::Wh;

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

    /// The year a figure is asked for: "in", else "to", else "from".
    pub fn point(&self) -> Option<i32> {
        self.at.or(self.to).or(self.from)
    }

    /// True when both a first and a last year are named.
    pub fn is_range(&self) -> bool {
        self.from.is_some() && self.to.is_some()
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

// Years are found without `\b`, so that "2018年" or "2018-19" still give their year.
const Y: &str = r"(1[5-9]\d\d|20\d\d)(?:$|[^\d.,]|[.,](?:[^\d]|$))";

/// Reads the years of a lower-cased question.
pub fn years(lower: &str) -> Years {
    static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:from|between)\s+(?:the\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)\s+of\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?|fy\s?)?(1[5-9]\d\d|20\d\d)\s*(?:to|and|until|till|through|-|–)\s*(?:the\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)\s+of\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?|fy\s?)?(1[5-9]\d\d|20\d\d)\b")
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
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?:^|[^\d.,]){Y}")).expect("valid regex"));
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
    let mut rest = lower;
    while let Some(c) = YEAR.captures(rest) {
        let m = c.get(1).expect("the year group");
        rest = &rest[m.end()..];
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
    // "in 9999", "for year 1066": a year no statistics article gives is still the year
    // asked, so the question is refused rather than answered for another year.
    if years.is_empty()
        && let Some(c) = regex!(r"\b(?:in|for|during|since|by|year|of)\s+(\d{4})\b").captures(lower)
    {
        years.at = parse(&c[1]);
    }
    years
}

/// The byte ranges of the parts of a year a question names: "the first three
/// quarters", "the first nine months", "the fourth quarter", "January-September",
/// "from January to September", "year to date".
pub fn periods(question: &str) -> Vec<(usize, usize)> {
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        let month = "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)";
        let count = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})";
        Regex::new(&format!(
            r"(?i)\b(?:(?:in|during|for|over|through|throughout|of)\s+)?(?:the\s+)?(?:(?:first|last|past|latest)\s+{count}\s+(?:months|quarters)|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)|(?:from\s+|between\s+)?{month}\s*(?:-|–|to|through|until|and)\s*{month}|{count}\s+months|year[- ]to[- ]date|ytd)\b"
        ))
        .expect("valid regex")
    });
    PERIOD
        .find_iter(question)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Every year a lower-cased question names, in order, once each: "for 2019, 2018 and
/// 2017" gives all three.
pub fn named_years(lower: &str) -> Vec<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"(?:^|[^\d.,]){Y}")).expect("valid regex"));
    let mut out = Vec::new();
    let mut rest = lower;
    // Each search starts right after the year found, so the character after one year
    // can be the one before the next ("2019, 2018 and 2017").
    while let Some(c) = YEAR.captures(rest) {
        let m = c.get(1).expect("the year group");
        rest = &rest[m.end()..];
        if let Ok(y) = m.as_str().parse::<i32>()
            && !out.contains(&y)
        {
            out.push(y);
        }
    }
    out
}

/// Reads the kind of wh-question of a lower-cased question.
pub fn wh(lower: &str) -> Wh {
    let first = lower
        .split_whitespace()
        .find(|w| !["and", "so", "then", "ok", "okay"].contains(w));
    // "What caused...", "what led to...": a question of cause, whatever its wh-word.
    if regex!(r"^\s*(?:and\s+)?(?:what|which \w+)\s+(?:caused|causes|cause|led|leads|lead|drove|drives|drive|resulted|results|result|contributed|contributes|accounted|accounts|explains|explained|prompted|triggered|was behind|is behind|is the reason|was the reason|were the reasons|are the reasons|is the cause|was the cause)\b").is_match(lower) {
        return Wh::Why;
    }
    // "What is the increase attributed to?", "What was the benefit related to?"
    if regex!(r"^\s*(?:and\s+)?what\b.*\b(?:attributed|attributable|due|owing|related)\s+to\W*$")
        .is_match(lower)
    {
        return Wh::Why;
    }
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

/// Reads the document metadata a lower-cased question asks about, if any.
pub fn meta(lower: &str) -> Option<MetaKey> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\bwhen\s+was\s+(?:the|this|it)\s+(?:article|document|story|report|piece|text)\b|\bdate\s+of\s+(?:the\s+)?(?:article|document|story|report|piece)|\bwhat\s+date\b|\b(?:come|came)\s+out\b")
            .expect("valid regex")
    });
    // "published", "written"... ask for the date only of the document itself ("when was
    // it published"), not of something in it ("written off", "released funds").
    static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:published|publish|publication|dated|posted|updated|released|written)\b")
            .expect("valid regex")
    });
    static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:article|document|story|report|piece|text|it|this|news|newspaper)\b")
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
    } else if DATE.is_match(lower) || (PUBLISHED.is_match(lower) && DOCUMENT.is_match(lower)) {
        Some(MetaKey::Date)
    } else {
        None
    }
}

/// The currency a lower-cased question asks for: "US dollars" for "in dollars".
pub fn unit(lower: &str) -> Option<String> {
    static DOLLARS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:dollars?|usd|us\$)|\$").expect("valid regex"));
    if DOLLARS.is_match(lower) {
        Some("US dollars".to_string())
    } else if lower.contains("yuan") || lower.contains("rmb") || lower.contains("renminbi") {
        Some("yuan".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_read_since_from_to_and_between() {
        let y = |at, from, to| Years { at, from, to };
        assert_eq!(years("since 1949"), y(None, Some(1949), None));
        assert_eq!(years("from 1949 to 2018"), y(None, Some(1949), Some(2018)));
        assert_eq!(
            years("between 2000 and 2010"),
            y(None, Some(2000), Some(2010))
        );
        assert_eq!(
            years("between the fourth quarter of 2018 and 2019"),
            y(None, Some(2018), Some(2019))
        );
        assert_eq!(
            years("from fiscal 2018 to fiscal year 2019"),
            y(None, Some(2018), Some(2019))
        );
        assert_eq!(years("in 2018"), y(Some(2018), None, None));
        let parts = |q: &str| -> Vec<String> {
            periods(q)
                .into_iter()
                .map(|(s, e)| q[s..e].to_string())
                .collect()
        };
        assert_eq!(
            parts("How big was the economy in the first nine months of 2024?"),
            vec!["in the first nine months"]
        );
        assert_eq!(
            parts("How fast did GDP grow in January-September 2024?"),
            vec!["in January-September"]
        );
        assert_eq!(
            parts("How many trips from January to September?"),
            vec!["from January to September"]
        );
        assert!(parts("What was revenue in 2018?").is_empty());
        assert_eq!(years("in 2018?"), y(Some(2018), None, None));
        assert_eq!(years("what was it in 9999?"), y(Some(9999), None, None));
        assert_eq!(
            named_years("during 2019, 2018 and 2017?"),
            vec![2019, 2018, 2017]
        );
    }

    #[test]
    fn a_question_of_cause_is_read_whatever_its_wh_word() {
        for q in [
            "what led to the increase in wireless revenue in 2018?",
            "what is the increase in total revenue attributed to?",
            "what was the income tax benefit in 2019 related to?",
            "why did costs fall?",
        ] {
            assert_eq!(wh(q), Wh::Why, "{q}");
        }
        assert_eq!(wh("what was the related party revenue in 2019?"), Wh::What);
    }

    #[test]
    fn a_year_glued_to_a_script_without_spaces_is_still_a_year() {
        assert_eq!(years("2018年的增加值").at, Some(2018));
        assert_eq!(years("12018 or 2018.5").at, None);
    }
}
