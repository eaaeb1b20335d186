//! The operation a question asks for, decided by the language's intent rules (data in
//! `src/lang/en/intents.toml`): the first rule that matches wins, and the reply can say
//! which one it was.

use crate::lang::{IntentRule, Language, Op, Wh, YearsCondition};

use super::slots::Years;

/// The operation asked for and the rule that decided it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Intent {
    pub op: Op,
    /// The intent rule that matched; None for a plain look-up that no rule named.
    pub rule: Option<&'static str>,
}

impl Intent {
    /// True when a rule stated the operation (rather than the look-up default).
    pub fn stated(&self) -> bool {
        self.rule.is_some()
    }
}

/// What an intent rule is checked against.
pub struct Signals<'a> {
    pub lower: &'a str,
    pub subjects: usize,
    pub measures: &'a [&'a str],
    pub years: &'a Years,
    /// Every year the question names.
    pub named_years: usize,
    pub wh: Wh,
}

/// Returns true if and only if `rule` matches the question.
pub fn matches(rule: &IntentRule, s: &Signals) -> bool {
    let any_given = !rule.any.is_empty() || !rule.measures.is_empty() || !rule.wh.is_empty();
    let any = !any_given
        || rule.any.iter().any(|re| re.is_match(s.lower))
        || rule
            .measures
            .iter()
            .any(|m| s.measures.contains(&m.as_str()))
        || rule.wh.contains(&s.wh);
    let years = match rule.years {
        None => true,
        Some(YearsCondition::FromTo) => s.years.is_range(),
        Some(YearsCondition::NotFromTo) => !s.years.is_range(),
    };
    any && years
        && rule.all.iter().all(|re| re.is_match(s.lower))
        && !rule.none.iter().any(|re| re.is_match(s.lower))
        && rule.min_subjects.is_none_or(|n| s.subjects >= n)
        && rule.max_subjects.is_none_or(|n| s.subjects <= n)
        && !rule.not_subjects.contains(&s.subjects)
        && rule.min_years.is_none_or(|n| s.named_years >= n)
}

/// The intent of a question: the first matching rule's operation, else a look-up.
pub fn intent(language: &'static Language, s: &Signals) -> Intent {
    language
        .intents
        .iter()
        .find(|rule| matches(rule, s))
        .map_or(
            Intent {
                op: Op::Lookup,
                rule: None,
            },
            |rule| Intent {
                op: rule.op,
                rule: Some(rule.name.as_str()),
            },
        )
}
