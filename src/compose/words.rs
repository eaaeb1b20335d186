//! The small phrases every sentence is made of: a figure as written, a year, a subject's
//! possessive, a list.

use crate::facts::{Fact, FactKind};
use crate::ops::Target;

use super::numbers::fmt_number;

/// The figure as the text states it, with its qualifier: "more than 250 times".
pub(super) fn figure_phrase(f: &Fact) -> String {
    let surface = figure_alone(f);
    match &f.qualifier {
        Some(q) => format!("{q} {surface}"),
        None => surface,
    }
}

/// The figure as the text states it, without its qualifier: "250 times".
pub(super) fn figure_alone(f: &Fact) -> String {
    match f.kind {
        FactKind::StructurePart => format!("{} {}", fmt_number(f.value), f.unit),
        FactKind::Count if !f.surface.chars().any(|c| c.is_ascii_digit()) => f.surface.clone(),
        FactKind::Count => format!("{} {}", f.surface, f.unit),
        _ => f.surface.clone(),
    }
}

/// A figure with the years it is for, as a refusal offers it.
pub(super) fn figure_with_years(f: &Fact) -> String {
    match f.kind {
        FactKind::Multiple => format!(
            "its {} growth of {} from {} to {}",
            f.measure.trim_end_matches(" multiple"),
            figure_phrase(f),
            year_text(f.base_year),
            year_text(f.year)
        )
        .replace("its growth growth", "its growth"),
        _ => match f.year {
            Some(y) => format!("its {} only for {y}: {}", f.measure, figure_phrase(f)),
            None => format!("its {}: {}", f.measure, figure_phrase(f)),
        },
    }
}

/// "more than 250 times" as a phrase.
pub(super) fn stated_multiple(f: &Fact) -> String {
    match &f.qualifier {
        Some(q) => format!("{q} {}", f.surface),
        None => f.surface.clone(),
    }
}

pub(super) fn year_text(year: Option<i32>) -> String {
    year.map_or_else(|| "an unstated year".to_string(), |y| y.to_string())
}

/// What an amount is of, in a few words: the subject for a sector's added value, the
/// measure for a place's indicator ("per capita disposable income of urban residents").
pub(super) fn label(f: &Fact) -> String {
    let place = f.place.as_deref().is_some_and(|p| p == f.subject);
    match (place, f.measure.as_str()) {
        (true, m) => m.to_string(),
        (false, "added value" | "value") => f.subject.clone(),
        (false, m) => format!("{} {m}", f.subject),
    }
}

/// How a target reads in an answer: the subject, or its owner and measure
/// ("Qingshui's GDP").
pub(super) fn target_name(target: &Target, place: Option<&str>) -> String {
    match &target.measure {
        Some(m) if place == Some(target.subject.as_str()) => {
            format!("{} {m}", possessive_lower(&target.subject))
        }
        Some(m) if !["added value", "value"].contains(&m.as_str()) => {
            format!("{} {m}", possessive_lower(&target.subject))
        }
        _ => target.subject.clone(),
    }
}

/// "Qingshui's", "the tertiary industry's" without a capital.
pub(super) fn possessive_lower(subject: &str) -> String {
    if subject.ends_with('s') {
        format!("{subject}'")
    } else {
        format!("{subject}'s")
    }
}

/// "Primary industry's", "The top ten sectors'".
pub(super) fn possessive(subject: &str) -> String {
    possessive_lower(&capitalise(subject))
}

pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
