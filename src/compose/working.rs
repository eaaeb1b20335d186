//! The working of a computation, and its result as an answer shows it.

use crate::ops::{Calc, Computation};

use super::numbers::{
    fmt_number, fmt_number_places, fmt_percent, fmt_scaled, fmt_signed, fmt_times,
};

/// The working of a computation, ending in its result.
pub(super) fn expression(c: &Computation) -> String {
    let s = shown(c);
    match &c.calc {
        Calc::Multiple { from, to } => format!(
            "{} ÷ {} = {} times",
            whole_or_scaled(*to),
            whole_or_scaled(*from),
            fmt_times(c.result)
        ),
        Calc::Change { from, to } => {
            format!(
                "{} − {} = {s}",
                whole_or_scaled(*to),
                whole_or_scaled(*from)
            )
        }
        Calc::PercentChange { from, to } => format!(
            "({} ÷ {} − 1) × 100 = {s}",
            whole_or_scaled(*to),
            whole_or_scaled(*from)
        ),
        Calc::Cagr { from, to, years } => format!(
            "({} ÷ {})^(1/{years}) − 1 = {} percent a year",
            whole_or_scaled(*to),
            whole_or_scaled(*from),
            fmt_percent(c.result)
        ),
        Calc::CagrOfMultiple { multiple, years } => format!(
            "{}^(1/{years}) − 1 = {} percent a year",
            fmt_number(*multiple),
            fmt_percent(c.result)
        ),
        Calc::AverageIncrease { from, to, years } => format!(
            "({} − {}) ÷ {years} = {s}",
            whole_or_scaled(*to),
            whole_or_scaled(*from)
        ),
        Calc::Implied { amount, multiple } => {
            format!(
                "{} ÷ {} = {s}",
                fmt_scaled(*amount, 4),
                fmt_number(*multiple)
            )
        }
        Calc::ImpliedByChange { amount, factor } => format!(
            "{} ÷ {} = {s}",
            fmt_scaled(*amount, 4),
            fmt_number_places(*factor, 4)
        ),
        Calc::PerUnit { amount, divisor } => format!(
            "{} ÷ {} = {s}",
            fmt_scaled(*amount, 4),
            fmt_scaled(*divisor, 4)
        ),
        Calc::PartOfWhole { part, whole } => format!(
            "{} ÷ {} × 100 = {} percent",
            fmt_scaled(*part, 4),
            fmt_scaled(*whole, 4),
            fmt_percent(c.result)
        ),
        Calc::ShareOfTotal { own, parts } => format!(
            "{} ÷ ({}) × 100 = {} percent",
            fmt_scaled(*own, 4),
            parts
                .iter()
                .map(|p| whole_or_scaled(*p))
                .collect::<Vec<_>>()
                .join(" + "),
            fmt_percent(c.result)
        ),
        Calc::ShareChange { from, to } => format!(
            "{} − {} = {} percentage points",
            fmt_number(*to),
            fmt_number(*from),
            fmt_signed(c.result)
        ),
        Calc::Mean { parts } => format!(
            "({}) ÷ {} = {s}",
            parts
                .iter()
                .map(|p| whole_or_scaled(*p))
                .collect::<Vec<_>>()
                .join(" + "),
            parts.len()
        ),
        Calc::Sum { parts } => format!(
            "{} = {s}",
            parts
                .iter()
                .map(|p| whole_or_scaled(*p))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        Calc::Difference { a, b } => format!(
            "{} − {} = {}",
            whole_or_scaled(*a),
            whole_or_scaled(*b),
            whole_or_scaled(c.result)
        ),
        Calc::Ratio { a, b } => format!(
            "{} ÷ {} = {}",
            whole_or_scaled(*a),
            whole_or_scaled(*b),
            fmt_times(c.result)
        ),
        Calc::StructureShares { values } => {
            let shown: Vec<String> = values.iter().map(|v| fmt_scaled(*v, 4)).collect();
            format!(
                "shares of {} = {} ÷ ({}) = {} percent",
                whole_or_scaled(c.result),
                shown.join(", "),
                shown.join(" + "),
                shares_of(values).join(" : ")
            )
        }
    }
}

/// The result of a computation as an answer shows it, with its unit.
pub(super) fn shown(c: &Computation) -> String {
    let v = c.result;
    let with_unit = |number: String| {
        if c.unit.is_empty() {
            number
        } else {
            format!("{number} {}", c.unit)
        }
    };
    match &c.calc {
        Calc::Implied { .. } => with_unit(fmt_scaled(v, 3)),
        Calc::ImpliedByChange { .. } => {
            let rounded = if v.abs() >= 1000.0 && v.abs() < 1e6 {
                v.round()
            } else {
                v
            };
            with_unit(fmt_scaled(rounded, 3))
        }
        Calc::PerUnit { .. } => with_unit(fmt_number(if v >= 100.0 { v.round() } else { v })),
        Calc::PercentChange { .. }
        | Calc::ShareOfTotal { .. }
        | Calc::PartOfWhole { .. }
        | Calc::Cagr { .. } => {
            format!("{} percent", fmt_percent(v))
        }
        Calc::Multiple { .. } | Calc::Ratio { .. } => format!("{} times", fmt_times(v)),
        Calc::AverageIncrease { .. } => with_unit(fmt_scaled(v, 2)),
        _ => with_unit(whole_or_scaled(v)),
    }
}

/// A value with a scale word ("19.8 million"), or in full when it is a whole number
/// under a billion that the scale word would write with more than two decimals
/// ("2,475,500", not "2.4755 million"), as such figures are written.
fn whole_or_scaled(v: f64) -> String {
    let scaled = fmt_scaled(v, 4);
    let decimals = scaled
        .split_whitespace()
        .next()
        .and_then(|n| n.split_once('.'))
        .map_or(0, |(_, d)| d.len());
    if v.fract() == 0.0 && v.abs() < 1e9 && decimals > 2 {
        fmt_number(v)
    } else {
        scaled
    }
}

/// Each value's share of their total, to one decimal.
pub(super) fn shares_of(values: &[f64]) -> Vec<String> {
    let total: f64 = values.iter().sum();
    values
        .iter()
        .map(|v| format!("{:.1}", v / total * 100.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_result_is_written_in_full_when_its_scale_would_need_many_decimals() {
        assert_eq!(whole_or_scaled(2_475_500.0), "2,475,500");
        assert_eq!(whole_or_scaled(347e6), "347 million");
        assert_eq!(whole_or_scaled(19.8e6), "19.8 million");
        assert_eq!(whole_or_scaled(1_234.0), "1,234");
        assert_eq!(whole_or_scaled(86.468e9), "86.468 billion");
    }
}
