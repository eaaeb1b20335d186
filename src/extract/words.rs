//! Figures written as words: multiples ("nearly triple the 2010 level"), fractions
//! ("one-third of the city's exports") and counts ("seven crucial areas including ...").

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;
use crate::facts::FactKind;

use super::{Fact, Mention, Sentence, cues, number_word, phrases};

static WORD_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred)\b",
    )
    .expect("valid regex")
});

impl Sentence<'_> {
    /// Multiples written as words: "It was nearly triple the 2010 level".
    pub(super) fn word_multiples(&mut self, out: &mut Vec<Fact>) {
        for (value, start, end, qualifier) in cues::word_multiples(self.text) {
            let span = Span::new(start, end);
            if self.overlaps_taken(span) {
                continue;
            }
            let left = &self.text[..start];
            let right = &self.text[end..];
            let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
            let m = Mention {
                span,
                value,
                unit: "times".into(),
                qualifier,
                rule: None,
            };
            let about = self.about(&m, clause, FactKind::Multiple, None);
            // ", an amount that has more than doubled since 2015" is of the figure before.
            let previous = out
                .iter()
                .rev()
                .find(|f| f.sentence == self.span && f.span.end - self.span.start <= start && f.kind == FactKind::Amount)
                .filter(|_| regex!(r"(?i),\s*(?:an? (?:amount|figure|number|level|sum)\s+)?(?:that|which)\s+(?:has|have|had|is|was)?\s*(?:more than|nearly|almost|about|over)?\s*$").is_match(left));
            let (subject, measure) = match previous {
                Some(f) => (f.subject.clone(), f.measure.clone()),
                None => (
                    about.subject,
                    about.measure.unwrap_or_else(|| "value".into()),
                ),
            };
            let mut fact = self.fact(FactKind::Multiple, subject, measure, &m);
            fact.rule = "word-multiple".into();
            fact.base_year = cues::base_year_after(right);
            fact.year = self
                .main_year()
                .filter(|y| Some(*y) != fact.base_year)
                .or(self.carry.year);
            self.taken.push(span);
            out.push(fact);
        }
    }

    /// Shares written as fractions: "The sector contributed one-third of the city's
    /// agricultural exports".
    pub(super) fn fractions(&mut self, out: &mut Vec<Fact>) {
        for (value, start, end, of) in cues::fractions(self.text) {
            let span = Span::new(start, end);
            if self.overlaps_taken(span) {
                continue;
            }
            let clause = phrases::clause_start(&self.text[..start]).max(self.opening.min(start));
            let m = Mention {
                span,
                value,
                unit: "percent".into(),
                qualifier: None,
                rule: None,
            };
            let about = self.about(&m, clause, FactKind::Share, None);
            let mut fact = self.fact(FactKind::Share, about.subject, format!("share of {of}"), &m);
            fact.rule = "fraction".into();
            fact.year = self
                .main_year()
                .or(self.carry.year)
                .or_else(|| self.relative_year());
            self.taken.push(span);
            out.push(fact);
        }
    }

    /// Counts written as words: "seven crucial areas including a, b and c".
    pub(super) fn word_counts(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for c in WORD_NUMBER.captures_iter(text) {
            let whole = c.get(0).expect("match has group 0");
            let span = Span::new(whole.start(), whole.end());
            if self.overlaps_taken(span) || text[whole.end()..].starts_with('-') {
                continue;
            }
            let Some(value) = number_word(whole.as_str()) else {
                continue;
            };
            let right = &text[whole.end()..];
            let Some((noun, noun_end)) = phrases::noun_after(right) else {
                continue;
            };
            if ["of", "percent"].contains(&noun.as_str()) {
                continue;
            }
            let m = Mention {
                span,
                value,
                unit: noun.clone(),
                qualifier: None,
                rule: None,
            };
            let mut fact = self.fact(
                FactKind::Count,
                phrases::count_subject(&noun, right),
                "count".into(),
                &m,
            );
            fact.rule = "word-count".into();
            fact.items = phrases::list_after(&right[noun_end..], value as usize);
            fact.year = cues::year_after(&right[noun_end..])
                .map(|y| y.0)
                .or_else(|| cues::year_before(&text[..whole.start()]));
            self.taken.push(span);
            out.push(fact);
        }
    }
}
