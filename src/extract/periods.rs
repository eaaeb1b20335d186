//! Named periods: `"First Five-Year Plan" (1953-1957)`, read as a period fact.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;
use crate::facts::FactKind;

use super::{Fact, Mention, Sentence, phrases};

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(?\b(1[5-9]\d\d|20\d\d)\s?[-–—~]\s?(1[5-9]\d\d|20\d\d|\d\d)\b\)?")
        .expect("valid regex")
});

impl Sentence<'_> {
    /// Named periods: `"First Five-Year Plan" (1953-1957)`.
    pub(super) fn periods(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for c in RANGE.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let parenthesised = whole.as_str().starts_with('(');
            let (Ok(start), Ok(mut end)) = (c[1].parse::<i32>(), c[2].parse::<i32>()) else {
                continue;
            };
            if end < 100 {
                end += start / 100 * 100;
            }
            if end < start {
                continue;
            }
            self.taken.push(Span::new(whole.start(), whole.end()));
            let Some(name) = phrases::period_name(&text[..whole.start()]) else {
                continue;
            };
            if !parenthesised && !text[..whole.start()].trim_end().ends_with([',', '"', '”']) {
                continue;
            }
            let m = Mention {
                span: Span::new(whole.start(), whole.end()),
                value: start as f64,
                unit: "year".into(),
                qualifier: None,
                rule: None,
            };
            let mut fact = self.fact(FactKind::Period, name, "period".into(), &m);
            fact.rule = "period".into();
            fact.surface = format!("{start}-{end}");
            fact.year = Some(start);
            fact.end_year = Some(end);
            out.push(fact);
        }
    }
}
