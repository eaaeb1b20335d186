//! The numeric figures of a sentence (amounts with currency and scale, percents, multiples,
//! counted nouns), and the members of a "respectively" coordination they belong to.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;

use super::{Mention, Sentence, cues, phrases};

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<cur>US\$|\$|¥|￥|€|£|RMB\s?|CNY\s?)?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn)\b)?
        (?:(?:\s|-)?(?P<unit>(?:yuan|renminbi|rmb|cny|u\.?s\.?\s+dollars|dollars|usd|euros?|percentage\s+points?|percent|per\s+cent|times|fold)\b|%))?",
    )
    .expect("valid regex")
});

impl Sentence<'_> {
    /// The numeric figures of the sentence, in order, without years, ratios and ranges.
    pub(super) fn figures(&mut self) -> Vec<Mention> {
        let text = self.text;
        let mut out = Vec::new();
        for c in FIGURE.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let num = c.name("num").expect("num is not optional");
            let span = Span::new(whole.start(), whole.end());
            if self.overlaps_taken(span) {
                continue;
            }
            // Not part of a word, code or compound: "COVID-19", "5G", "13th",
            // "500-million-yuan fund".
            let before = text[..whole.start()].chars().next_back();
            let after_text = &text[whole.end()..];
            let after = after_text.chars().next();
            let glued_before = before.is_some_and(|b| {
                b.is_alphanumeric()
                    || b == '.'
                    || (b == '-' && !text[..whole.start()].ends_with(" -"))
            });
            let glued_after = (c.name("unit").is_none()
                && after.is_some_and(|a| a.is_alphanumeric()))
                || regex!(r"^-[A-Za-z]").is_match(after_text);
            if glued_before || glued_after {
                continue;
            }
            // "CHANGSHA, March 8 (Xinhua) --": a dateline, not a figure.
            if regex!(r"(?i)^[A-Z][A-Za-z .'-]*,\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$").is_match(&text[..whole.start()]) {
                self.taken.push(span);
                continue;
            }
            let raw = num.as_str();
            let cur = c.name("cur").map(|m| m.as_str().trim().to_lowercase());
            let scale = c.name("scale").map(|m| m.as_str().to_lowercase());
            let unit_word = c.name("unit").map(|m| m.as_str().to_lowercase());
            let is_year = cur.is_none()
                && scale.is_none()
                && unit_word.is_none()
                && raw.len() == 4
                && regex!(r"^(?:1[5-9]\d\d|20\d\d)$").is_match(raw);
            if is_year {
                continue;
            }
            let exponent = match scale.as_deref() {
                Some("trillion") => 12,
                Some("billion") | Some("bn") => 9,
                Some("million") | Some("mn") => 6,
                Some("thousand") => 3,
                _ => 0,
            };
            // Parsing "64.65e9" gives the double nearest 64,650,000,000 exactly.
            let Ok(value) = format!("{}e{exponent}", raw.replace(',', "")).parse::<f64>() else {
                continue;
            };
            let mut unit = match (cur.as_deref(), unit_word.as_deref()) {
                (_, Some(u))
                    if u.contains("yuan") || u == "renminbi" || u == "rmb" || u == "cny" =>
                {
                    "yuan"
                }
                (_, Some(u)) if u.contains("dollar") || u == "usd" => "US dollars",
                (_, Some(u)) if u.starts_with("euro") => "euros",
                (_, Some(u)) if u.starts_with("percentage") => "percentage points",
                (_, Some("percent")) | (_, Some("%")) => "percent",
                (_, Some(u)) if u.contains("per") && u.contains("cent") => "percent",
                (_, Some("times")) | (_, Some("fold")) => "times",
                (Some("$") | Some("us$"), _) => "US dollars",
                (Some("¥") | Some("￥") | Some("rmb") | Some("cny"), _) => "yuan",
                (Some("€"), _) => "euros",
                (Some("£"), _) => "pounds",
                _ => "",
            }
            .to_string();
            let mut end = whole.end();
            if unit.is_empty() {
                // A counted noun: "70 years", "1.1 million tonnes".
                if let Some((noun, _)) = phrases::noun_after(&text[end..]) {
                    unit = noun;
                }
            }
            if let Some(u) = c.name("unit") {
                end = u.end();
            }
            let qualifier = cues::qualifier(&text[..whole.start()]);
            self.taken.push(span);
            out.push(Mention {
                span: Span::new(whole.start(), end),
                value,
                unit,
                qualifier,
            });
        }
        out
    }

    /// For a clause that ends in "respectively", the member of its coordination each of
    /// its figures belongs to: "the secondary and tertiary industries contributed 88.3
    /// billion yuan and 114.9 billion yuan respectively".
    pub(super) fn respectively(&self, mentions: &[Mention]) -> Vec<Option<String>> {
        let mut out = vec![None; mentions.len()];
        for r in regex!(r"(?i)\brespectively\b").find_iter(self.text) {
            let clause = phrases::clause_start(&self.text[..r.start()]);
            let members: Vec<usize> = (0..mentions.len())
                .filter(|&i| {
                    let s = mentions[i].span.start;
                    s >= clause && s < r.start()
                })
                .collect();
            if members.len() < 2 {
                continue;
            }
            let first = mentions[members[0]].span.start;
            let Some(np) =
                phrases::noun_phrase(&self.text[clause..first], self.doc.place.as_deref())
            else {
                continue;
            };
            if let Some(items) = phrases::split_coordination(&np.text, members.len()) {
                for (i, item) in members.into_iter().zip(items) {
                    out[i] = Some(item);
                }
            }
        }
        out
    }
}
