//! Structures: "a ratio of 52:18:30 in 1949", read as one structure-part fact per part.

use std::sync::LazyLock;

use regex::Regex;

use crate::corpus::Span;
use crate::facts::FactKind;

use super::{Fact, Mention, Sentence, cues};

static RATIO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){1,5}\b").expect("valid regex"));

impl Sentence<'_> {
    /// Structures: "a ratio of 52:18:30 in 1949" with the parts named by a list of
    /// subjects in the sentence ("primary, secondary and tertiary industries"), or else
    /// by the document's subjects in the order it first names them.
    pub(super) fn ratios(&mut self, out: &mut Vec<Fact>) {
        let text = self.text;
        for m in RATIO.find_iter(text) {
            if self.overlaps_taken(Span::new(m.start(), m.end())) {
                continue;
            }
            self.taken.push(Span::new(m.start(), m.end()));
            let parts: Vec<f64> = m
                .as_str()
                .split(':')
                .filter_map(|p| p.parse().ok())
                .collect();
            let sum: f64 = parts.iter().sum();
            let percent = (sum - 100.0).abs() < 0.6;
            let structural =
                regex!(r"(?i)\b(?:industries|sectors|structure|industrial|economic)\b")
                    .is_match(text);
            let names = self.subject_list(parts.len()).or_else(|| {
                (structural && self.order.len() >= parts.len())
                    .then(|| self.order[..parts.len()].to_vec())
            });
            let year = cues::year_after(&text[m.end()..])
                .map(|y| y.0)
                .or_else(|| self.main_year());
            let mut offset = m.start();
            for (i, (value, piece)) in parts.iter().zip(m.as_str().split(':')).enumerate() {
                let span = Span::new(offset, offset + piece.len());
                offset += piece.len() + 1;
                let subject = names
                    .as_ref()
                    .and_then(|n| n.get(i).cloned())
                    .unwrap_or_else(|| format!("part {} of the ratio", i + 1));
                let mention = Mention {
                    span,
                    value: *value,
                    unit: if percent {
                        "percent".into()
                    } else {
                        "parts".into()
                    },
                    qualifier: None,
                    rule: None,
                };
                let mut fact = self.fact(
                    FactKind::StructurePart,
                    subject,
                    "structure".into(),
                    &mention,
                );
                fact.surface = m.as_str().to_string();
                fact.year = year;
                fact.rule = "structure".into();
                out.push(fact);
            }
        }
    }

    /// Finds `k` lexicon subjects written as a list ("a, b and c").
    pub(super) fn subject_list(&self, k: usize) -> Option<Vec<String>> {
        let subjects = &self.subjects;
        if subjects.len() < k || k < 2 {
            return None;
        }
        (0..=subjects.len() - k).find_map(|i| {
            let run = &subjects[i..i + k];
            let listed = run.windows(2).all(|w| {
                let between = &self.text[w[0].span.end..w[1].span.start];
                regex!(r"^\s*(?:,\s*)?(?:and|or|,)?\s*$").is_match(between)
            });
            listed.then(|| run.iter().map(|m| m.canonical.clone()).collect())
        })
    }
}
