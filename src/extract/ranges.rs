//! Figures that share their unit and ranges that give both ends: "between 12 and 15
//! percent" and "12-15 percent" are a range of 12 percent to 15 percent; "rose from 20 to
//! 25 percent" and "from 3.2 billion yuan in 2015 to 5.1 billion yuan in 2020" give the
//! value at each end (each with its year); "2.13 and 2.33 years" and "383,000 and 750,000
//! shares" give the first figure the unit of the last. "3.50 to 1" is a ratio: its "1" is
//! no figure.

use super::{Mention, Sentence, cues};

/// The scale a figure as written carries: 9 for "4 billion yuan".
fn exponent(surface: &str) -> i32 {
    match regex!(r"(?i)\b(trillion|billion|million|thousand|bn|mn)\b|\d(bn|mn)\b")
        .captures(surface)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_lowercase())
        .as_deref()
    {
        Some("trillion") => 12,
        Some("billion" | "bn") => 9,
        Some("million" | "mn") => 6,
        Some("thousand") => 3,
        _ => 0,
    }
}

impl Sentence<'_> {
    /// Marks the ends of ranges and of "from X to Y", drops the "1" of "X to 1" ratios,
    /// and gives a figure without a unit the unit (and, when it has none, the scale) of
    /// the figure it is joined to.
    pub(super) fn ranges(&self, mentions: Vec<Mention>) -> Vec<Mention> {
        let text = self.text;
        let digits_only = |x: &Mention| regex!(r"^\d[\d,]*(?:\.\d+)?$").is_match(x.span.of(text));
        let bare = |x: &Mention| x.unit.is_empty() && digits_only(x);
        let mut out: Vec<Mention> = Vec::with_capacity(mentions.len());
        for m in mentions {
            let Some(prev) = out.last_mut() else {
                out.push(m);
                continue;
            };
            let between = &text[prev.span.end..m.span.start];
            let before = &text[..prev.span.start];
            // "a leverage ratio of 3.50 to 1".
            if regex!(r"^\s*(?:to|:)\s*$").is_match(between) && m.value == 1.0 && digits_only(&m) {
                continue;
            }
            let from = regex!(r"(?i)\b(?:from|ranged|ranges|ranging)\s+(?:from\s+)?(?:about\s+|around\s+|approximately\s+)?(?:US\$|\$|¥|€|£|RMB\s?)?$")
                .is_match(before);
            let between_cue =
                regex!(r"(?i)\b(?:between|range\s+of|ranges?\s+(?:between|of))\s+(?:about\s+|around\s+|approximately\s+)?(?:US\$|\$|¥|€|£|RMB\s?)?$")
                    .is_match(before);
            // "increased $2.9 million to $11.4 million": a change and the level it reached.
            let changed = cues::amount_change(before).is_some() || cues::is_change(before, "");
            let to = regex!(r"(?i)^\s*(?:to|-|–|—|~)\s*$").is_match(between);
            let dash = regex!(r"^\s*[-–—~]\s*$").is_match(between);
            let dated_to = regex!(
                r"(?i)^\s*(?:in|at the end of|by the end of|as of|for)\s+(?:fiscal\s+(?:year\s+)?)?(?:1[5-9]\d\d|20\d\d)\s+to\s*$"
            )
            .is_match(between);
            let and = is_coordination(between);
            let same = bare(prev) || prev.unit == m.unit || m.unit.is_empty();
            let rule = if from && (to || dated_to) && same {
                Some("from-to")
            } else if (between_cue && (and || to))
                || (to && (!changed || dash || bare(prev)) && same)
            {
                Some("range")
            } else {
                None
            };
            let mut m = m;
            if let Some(rule) = rule {
                prev.rule = prev.rule.or(Some(rule));
                m.rule = Some(rule);
            }
            out.push(m);
        }
        // "12 and 15 percent", "1.1 million, 0.5 million and 0.3 million shares", "$4.6
        // to $6.6 million": from the last figure of a coordination or range back to its
        // first.
        for i in (1..out.len()).rev() {
            let (head, tail) = out.split_at_mut(i);
            let (prev, m) = (&mut head[i - 1], &tail[0]);
            let between = &text[prev.span.end..m.span.start];
            let range = prev.rule.is_some() && m.rule.is_some();
            if m.unit.is_empty() || !(range || is_coordination(between)) {
                continue;
            }
            let small = prev.value.abs() < 1000.0 && !prev.span.of(text).contains(',');
            let scale = exponent(prev.span.of(text)) == 0
                && (bare(prev) || (range && prev.unit == m.unit && small));
            if scale {
                prev.value *= 10f64.powi(exponent(m.span.of(text)));
            }
            if prev.unit.is_empty() {
                prev.unit = m.unit.clone();
            }
        }
        out
    }

    /// The year of the first end of "from X to Y" when X states none: the "from 2015"
    /// of "from 2015 to 2020, GDP rose from 3.2 to 5.1 billion yuan".
    pub(super) fn starting_year(&self) -> Option<i32> {
        cues::since_year(self.text).filter(|y| Some(*y) != self.main_year())
    }
}

/// True when the text between two figures joins them in a list: "A and B", "A, B".
fn is_coordination(between: &str) -> bool {
    regex!(r"(?i)^\s*(?:,\s*)?(?:and|or)\s*$|^\s*,\s*$").is_match(between)
}
