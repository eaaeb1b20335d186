//! Classifying one figure: a conversion, an earlier or compared value, a change or average
//! growth of the figure before, or by its unit and wording an amount, multiple, change,
//! share, percent or count; then its subject, measure and years.

use crate::facts::{Fact, FactKind};

use super::respectively::Member;
use super::{Mention, Sentence, cues, is_money, phrases};

/// Units of time: a number of them is a duration, not an amount of something.
const DURATIONS: &[&str] = &[
    "years", "months", "days", "weeks", "decades", "hours", "year", "month", "day",
];

impl Sentence<'_> {
    /// Types one figure and finds its subject, measure and years.
    pub(super) fn classify(
        &self,
        m: &Mention,
        previous: Option<&(Mention, Fact)>,
        member: Option<&Member>,
    ) -> Fact {
        let text = self.text;
        let left = &text[..m.span.start];
        let right = &text[m.span.end..];
        let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
        // The value of the figure before in another year: "$6.9 million (2018 $2.0
        // million)", "£58.2 million (2018: £12.7 million)".
        if let Some((_, prev_fact)) = previous
            && let Some((year, _)) = cues::parenthesised_year(left)
            && (prev_fact.unit == m.unit || m.unit.is_empty())
        {
            let mut fact = self.fact(
                prev_fact.kind,
                prev_fact.subject.clone(),
                prev_fact.measure.clone(),
                m,
            );
            fact.year = Some(year);
            fact.rule = "year-in-parentheses".into();
            return fact;
        }
        // The second end of a range is what the first is: "to rise 2-3%".
        if let Some((prev, prev_fact)) = previous
            && m.rule == Some("range")
            && prev.rule == Some("range")
            && prev_fact.unit == m.unit
            && regex!(r"(?i)^\s*(?:and|to|-|–|—|~)\s*$")
                .is_match(&text[prev.span.end..m.span.start])
        {
            let mut fact = self.fact(
                prev_fact.kind,
                prev_fact.subject.clone(),
                prev_fact.measure.clone(),
                m,
            );
            if prev_fact.value < 0.0 && prev_fact.kind == FactKind::Change {
                fact.value = -m.value.abs();
            }
            fact.year = cues::year_after(right).map(|y| y.0).or(prev_fact.year);
            fact.base_year = prev_fact.base_year;
            fact.rule = "range".into();
            return fact;
        }
        // The wording decided the rule ("from X to Y", "between X and Y"): the figure is
        // not a conversion, compared value or change of the figure before.
        let previous = previous.filter(|_| m.rule.is_none());
        // A conversion in parentheses right after a figure: "17 million yuan ($2.42 million)".
        if let Some((prev, prev_fact)) = previous {
            let between = &text[prev.span.end..m.span.start];
            if between.trim() == "(" || (between.trim().ends_with('(') && between.len() < 12) {
                let mut fact = self.fact(
                    prev_fact.kind,
                    prev_fact.subject.clone(),
                    prev_fact.measure.clone(),
                    m,
                );
                fact.year = prev_fact.year;
                fact.base_year = prev_fact.base_year;
                fact.rule = "conversion".into();
                return fact;
            }
            // An earlier or compared value of the same thing: "up from 11.2 percent in
            // 2015", "compared with 5.6 percent for the primary industry".
            let same_unit = prev_fact.unit == m.unit;
            if same_unit
                && member.is_none()
                && prev_fact.rule != "year-in-parentheses"
                && cues::compares_to_previous(left)
            {
                let subject = cues::for_subject(right)
                    .map(|s| self.canonical(&s).unwrap_or(s))
                    .unwrap_or_else(|| prev_fact.subject.clone());
                let mut fact = self.fact(prev_fact.kind, subject, prev_fact.measure.clone(), m);
                let stated_year = cues::year_after(right).map(|y| y.0).or_else(|| {
                    let base = prev_fact.year.or_else(|| self.doc.year())?;
                    cues::years_ago(right).map(|ago| base - ago)
                });
                fact.year = stated_year.or(prev_fact.year);
                fact.base_year = if stated_year.is_some() {
                    None
                } else {
                    prev_fact.base_year
                };
                fact.rule = "compared-value".into();
                return fact;
            }
        }
        // "earned 15.4 billion yuan ..., maintaining an annual growth rate of 13 percent since
        // 2016": the average annual growth of the figure before.
        if let Some((_, prev_fact)) = previous
            && m.unit == "percent"
            && cues::annual_growth_of_previous(left)
        {
            let mut fact = self.fact(
                FactKind::AverageGrowth,
                prev_fact.subject.clone(),
                prev_fact.measure.clone(),
                m,
            );
            fact.year = prev_fact.year;
            fact.base_year = cues::since_year(right);
            fact.rule = "average-growth-of-previous".into();
            return fact;
        }
        // "98.7 billion yuan, up 7.2 percent": the change of the figure before; "increased
        // by $58.9 million, or 28%": the same change in percent.
        let restated = previous.and_then(|(_, f)| {
            let fall = f.measure.starts_with("decrease");
            let base = f
                .measure
                .strip_prefix("increase in ")
                .or_else(|| f.measure.strip_prefix("decrease in "))
                .unwrap_or("percent change");
            (f.rule == "change-amount" && cues::or_percent(left)).then_some((base, fall))
        });
        if let Some((_, prev_fact)) = previous
            && m.unit == "percent"
            && (cues::changes_previous(left) || restated.is_some())
        {
            let measure =
                restated.map_or_else(|| prev_fact.measure.clone(), |(b, _)| b.to_string());
            let mut fact = self.fact(FactKind::Change, prev_fact.subject.clone(), measure, m);
            if cues::is_fall(left, right) || restated.is_some_and(|(_, fall)| fall) {
                fact.value = -m.value;
            }
            fact.year = cues::year_after(right).map(|y| y.0).or(prev_fact.year);
            fact.base_year = if cues::is_year_on_year(right) {
                fact.year.map(|y| y - 1)
            } else {
                cues::clause_base_year(right, fact.year)
            };
            fact.rule = "change-of-previous".into();
            return fact;
        }
        // "an increase of 11.7 percent that outpaced the national average by 1.2
        // percentage points": the margin of the figure before over something else.
        if let Some((_, prev_fact)) = previous
            && matches!(m.unit.as_str(), "percent" | "percentage points")
            && let Some(margin) = cues::margin_over(left, right)
        {
            let measure = format!("{} {margin}", prev_fact.measure);
            let mut fact = self.fact(FactKind::Change, prev_fact.subject.clone(), measure, m);
            fact.year = prev_fact.year;
            fact.rule = "margin-over-previous".into();
            return fact;
        }
        let kind = match member {
            Some(mm) => mm.kind,
            None => self.kind(m, left, right),
        };
        let respectively = member.is_some();
        let mut about = match (member, previous) {
            // "$24.6 million and $25.1 million at December 31, 2019 and 2018,
            // respectively": a later member without a subject of its own is the first's.
            (Some(mm), Some((_, prev_fact))) if mm.subject.is_none() && mm.position > 0 => {
                super::About {
                    subject: prev_fact.subject.clone(),
                    measure: Some(prev_fact.measure.clone()),
                }
            }
            _ => self.about(m, clause, kind, member.and_then(|mm| mm.subject.clone())),
        };
        if kind == FactKind::Amount
            && is_money(&m.unit)
            && about
                .measure
                .as_deref()
                .is_none_or(|mm| mm == self.carry.measure.as_deref().unwrap_or("") || mm == "value")
            && let Some(measure) = cues::measure_from_verb(&left[clause..], right)
        {
            about.measure = Some(measure);
        }
        let mut change_amount = None;
        if kind == FactKind::Amount
            && let Some(changed) = cues::changed_by(left)
        {
            about.measure = Some(changed);
        } else if kind == FactKind::Amount
            && m.rule.is_none()
            && member.is_none_or(|mm| mm.position == 0)
            && let Some(fall) = cues::amount_change(left)
        {
            // "Revenue increased by $58.9 million": the increase, not the revenue; "an
            // increase of $2 million in net operating assets".
            let what = cues::in_after(right)
                .or_else(|| about.measure.clone())
                .unwrap_or_else(|| "value".into());
            let noun = if fall { "decrease" } else { "increase" };
            about.measure = Some(if what == "value" {
                noun.to_string()
            } else {
                format!("{noun} in {what}")
            });
            change_amount = Some(fall);
        }
        let measure = match kind {
            FactKind::Share => member
                .and_then(|mm| mm.share_of.clone())
                .or_else(|| cues::share_of(left, right))
                .unwrap_or_else(|| "share".into()),
            FactKind::Change if m.unit == "percentage points" => about.measure.clone().map_or_else(
                || "change in share".into(),
                |mm| format!("{mm} (percentage points)"),
            ),
            FactKind::Percent => about.measure.clone().unwrap_or_else(|| "rate".into()),
            FactKind::Count => "count".into(),
            FactKind::Change => about
                .measure
                .clone()
                .unwrap_or_else(|| "percent change".into()),
            _ => about.measure.clone().unwrap_or_else(|| {
                if m.unit.is_empty() || is_money(&m.unit) {
                    "value".into()
                } else {
                    format!("number of {}", m.unit)
                }
            }),
        };
        let subject = if kind == FactKind::Count {
            // "172 million pounds of copper" counts pounds (of weight) of copper.
            let noun = if m.unit == "lb" { "pounds" } else { &m.unit };
            phrases::count_subject(noun, right)
        } else {
            about.subject
        };
        let mut fact = self.fact(kind, subject, measure, m);
        fact.rule = match (respectively, kind) {
            _ if m.rule.is_some() => m.rule.unwrap_or_default(),
            (true, _) => "respectively",
            _ if change_amount.is_some() => "change-amount",
            (_, FactKind::Amount) => "amount",
            (_, FactKind::Multiple) => "multiple",
            (_, FactKind::Change) => "change",
            (_, FactKind::Share) => "share",
            (_, FactKind::Percent) => "percent",
            (_, FactKind::Count) => "count",
            _ => "figure",
        }
        .into();
        if kind == FactKind::Change
            && m.value != 0.0
            && (cues::is_fall(left, right) || member.is_some_and(|mm| mm.fall))
        {
            fact.value = -m.value.abs();
        }
        let stated = cues::year_after(right).or_else(|| {
            let base = self
                .main_year()
                .or(self.carry.year)
                .or_else(|| self.doc.year())?;
            cues::years_ago(right).map(|ago| (base - ago, None))
        });
        if let Some((_, Some(part))) = &stated {
            fact.measure = format!("{} ({part})", fact.measure);
        }
        let previous_year = previous
            .and_then(|(_, f)| (f.kind == FactKind::Amount).then_some(f.year))
            .flatten();
        fact.year = match kind {
            FactKind::Multiple => previous_year
                .or_else(|| self.main_year())
                .or(self.carry.year),
            _ => stated
                .as_ref()
                .map(|y| y.0)
                .or_else(|| cues::year_before(left))
                .or_else(|| self.main_year())
                .or_else(|| self.relative_year())
                .or(self.carry.year),
        };
        fact.base_year = match kind {
            FactKind::Multiple => cues::base_year_after(right).or_else(|| cues::since_year(text)),
            FactKind::Change => {
                if cues::is_year_on_year(right) {
                    fact.year.map(|y| y - 1)
                } else {
                    regex!(r"(?i)^\s*(?:from|over|compared (?:with|to)|since|on)\s+(?:the\s+)?(?:end of\s+)?(1[5-9]\d\d|20\d\d)\b")
                        .captures(right)
                        .and_then(|c| c[1].parse().ok())
                        .or_else(|| cues::clause_base_year(right, fact.year))
                }
            }
            // "Operating income increased $19.2 million in fiscal 2019 as compared to
            // fiscal 2018": an amount that is a change has a base year too.
            _ if change_amount.is_some() => cues::clause_base_year(right, fact.year),
            _ => None,
        };
        if let Some(year) = member.and_then(|mm| mm.year) {
            fact.year = Some(year);
            fact.base_year =
                (kind == FactKind::Change && cues::is_year_on_year(right)).then_some(year - 1);
        }
        // The first end of "from X to Y" without a year of its own: "from 2015 to 2020,
        // GDP rose from 3.2 to 5.1 billion yuan".
        if m.rule == Some("from-to")
            && stated.is_none()
            && regex!(
                r"(?i)\bfrom\s+(?:about\s+|around\s+|approximately\s+)?(?:US\$|\$|¥|€|£|RMB\s?)?$"
            )
            .is_match(left)
            && let Some(year) = self.starting_year()
        {
            fact.year = Some(year);
        }
        if fact.year.is_some() && fact.year == fact.base_year && !cues::is_year_on_year(right) {
            fact.base_year = None;
        }
        fact
    }

    pub(super) fn kind(&self, m: &Mention, left: &str, right: &str) -> FactKind {
        match m.unit.as_str() {
            "times" => FactKind::Multiple,
            "percentage points" | "basis points" => FactKind::Change,
            "percent" => {
                if cues::share_of(left, right).is_some() {
                    FactKind::Share
                } else if cues::is_change(left, right) {
                    FactKind::Change
                } else {
                    FactKind::Percent
                }
            }
            u if is_money(u) => FactKind::Amount,
            u if DURATIONS.contains(&u) => FactKind::Count,
            _ => {
                // A number of things with no phrase of its own to be the value of:
                // "46,300 rural residents shook off poverty" is a count.
                let clause = phrases::clause_start(left).max(self.opening.min(left.len()));
                let np = phrases::noun_phrase(&left[clause..], self.doc.place.as_deref());
                let has_indicator = cues::of_before(left).is_some()
                    || np.is_some()
                    || phrases::has_pronoun(&left[clause..]);
                if has_indicator || m.unit.is_empty() {
                    FactKind::Amount
                } else {
                    FactKind::Count
                }
            }
        }
    }
}
