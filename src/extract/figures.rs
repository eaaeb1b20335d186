//! The numeric figures of a sentence: amounts with currency and scale ("4.298 billion
//! yuan", "RMB 3.2bn", "US$ 4.5 million", "HK$12 million"), percents ("5%", "5 per
//! cent"), multiples, counted nouns ("1.1 million tonnes"), and negative amounts with a
//! minus sign ("€−14 million") or in parentheses as financial reports write them
//! ("(1,234)", "$(2.5) million").

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;

use super::{Mention, Sentence, cues, phrases};

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:(?P<cur>(?:US\$|HK\$|NT\$|AU?\$|CA?\$|S\$|\$|¥|￥|€|£|(?:RMB|CNY|USD|EUR|GBP|HKD))\s?)(?P<hyphen>-)?)?
        (?P<minus>−\s?)?
        (?P<open>\()?
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?P<close>\))?
        (?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn)\b)?
        (?:(?:\s|-)?(?P<unit>(?:yuan|renminbi|rmb|cny|u\.?s\.?\s+dollars|(?:hong\s+kong|new\s+taiwan|australian|canadian|singapore)\s+dollars|dollars|usd|euros?|percentage\s+points?|basis\s+points?|bps|percent|per\s+cent|pct|times|fold)\b|%))?",
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
            // "12-15 percent" is a range: its second end is not glued to the first.
            let range_end = regex!(r"\d\s?[-–]$").is_match(&text[..whole.start()]);
            let glued_before = before.is_some_and(|b| {
                b.is_alphanumeric()
                    || b == '.'
                    || (b == '-' && !text[..whole.start()].ends_with(" -") && !range_end)
            });
            // "64- and 96-layer": a compound whose noun is shared.
            let glued_after = (c.name("unit").is_none()
                && after.is_some_and(|a| a.is_alphanumeric()))
                || regex!(r"^-[A-Za-z]|^-\s+(?:and|or|to)\s+\d").is_match(after_text);
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
            // "(1,234)" and "$(2.5) million" are negative; "(5)" alone is no amount.
            let parenthesised = c.name("open").is_some() && c.name("close").is_some();
            let negative = parenthesised && (cur.is_some() || raw.contains([',', '.']));
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
            let Ok(mut value) = format!("{}e{exponent}", raw.replace(',', "")).parse::<f64>()
            else {
                continue;
            };
            // "€−14 million", "$-3.2 million": a minus sign.
            let signed = c.name("minus").is_some() || c.name("hyphen").is_some();
            if negative || signed {
                value = -value;
            }
            let mut unit = match (cur.as_deref(), unit_word.as_deref()) {
                (_, Some(u))
                    if u.contains("yuan") || u == "renminbi" || u == "rmb" || u == "cny" =>
                {
                    "yuan"
                }
                (_, Some(u)) if u.starts_with("hong") => "Hong Kong dollars",
                (_, Some(u)) if u.starts_with("new") => "New Taiwan dollars",
                (_, Some(u)) if u.starts_with("australian") => "Australian dollars",
                (_, Some(u)) if u.starts_with("canadian") => "Canadian dollars",
                (_, Some(u)) if u.starts_with("singapore") => "Singapore dollars",
                (_, Some(u)) if u.contains("dollar") || u == "usd" => "US dollars",
                (_, Some(u)) if u.starts_with("euro") => "euros",
                (_, Some(u)) if u.starts_with("percentage") => "percentage points",
                (_, Some(u)) if u.starts_with("basis") || u == "bps" => "basis points",
                (_, Some("percent")) | (_, Some("%")) | (_, Some("pct")) => "percent",
                (_, Some(u)) if u.contains("per") && u.contains("cent") => "percent",
                (_, Some("times")) | (_, Some("fold")) => "times",
                (Some("$") | Some("us$") | Some("usd"), _) => "US dollars",
                (Some("hk$") | Some("hkd"), _) => "Hong Kong dollars",
                (Some("nt$"), _) => "New Taiwan dollars",
                (Some("a$") | Some("au$"), _) => "Australian dollars",
                (Some("c$") | Some("ca$"), _) => "Canadian dollars",
                (Some("s$"), _) => "Singapore dollars",
                (Some("¥") | Some("￥") | Some("rmb") | Some("cny"), _) => "yuan",
                (Some("€") | Some("eur"), _) => "euros",
                (Some("£") | Some("gbp"), _) => "pounds",
                _ => "",
            }
            .to_string();
            let mut start = whole.start();
            let mut end = whole.end();
            // "(2018: 1,234)": the closing parenthesis is the sentence's, not the figure's.
            if c.name("open").is_none()
                && let Some(close) = c.name("close")
                && c.name("scale").is_none()
                && c.name("unit").is_none()
            {
                end = close.start();
            }
            if c.name("open").is_some() && !negative {
                start = num.start();
                if c.name("close").is_some() {
                    end = num.end();
                }
            }
            if unit.is_empty() {
                // A counted noun: "70 years", "1.1 million tonnes", "12 Fortune 500
                // companies" (a name before the noun is part of it).
                let after_name = self
                    .taken
                    .iter()
                    .find(|t| {
                        t.start > end
                            && text[end..t.start].split_whitespace().count() == 1
                            && text[end..t.start].trim().starts_with(char::is_uppercase)
                    })
                    .map(|t| t.end);
                let noun = match after_name {
                    Some(name_end) => phrases::noun_after(&text[name_end..])
                        .map(|(n, _)| format!("{} {n}", text[end..name_end].trim())),
                    None => phrases::noun_after(&text[end..]).map(|(n, _)| n),
                };
                if let Some(noun) = noun {
                    // "172 million pounds of copper" is a weight, not money.
                    unit = if noun == "pounds" {
                        "lb".to_string()
                    } else {
                        noun
                    };
                }
            }
            if let Some(u) = c.name("unit") {
                end = u.end();
            }
            let qualifier = cues::qualifier(&text[..start]);
            self.taken.push(span);
            out.push(Mention {
                span: Span::new(start, end),
                value,
                unit,
                qualifier,
                rule: negative.then_some("negative-in-parentheses"),
            });
        }
        out
    }
}
