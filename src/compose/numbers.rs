//! Numbers and dates as a reply writes them.

/// A number with thousands separators and up to two decimals: "17,500", "8.35".
pub fn fmt_number(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut s = if frac > 0 {
        let f = format!("{frac:02}");
        format!("{grouped}.{}", f.trim_end_matches('0'))
    } else {
        grouped
    };
    if negative {
        s.insert(0, '-');
    }
    s
}

/// A number with a sign: "+2.5", "−3".
pub fn fmt_signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", fmt_number(v))
    } else {
        fmt_number(v).replacen('-', "−", 1)
    }
}

/// A value with a scale word and up to `decimals` decimals: "86.468 billion".
pub fn fmt_scaled(v: f64, decimals: usize) -> String {
    let abs = v.abs();
    let (scale, word) = if abs >= 1e12 {
        (1e12, " trillion")
    } else if abs >= 1e9 {
        (1e9, " billion")
    } else if abs >= 1e6 {
        (1e6, " million")
    } else {
        (1.0, "")
    };
    if scale == 1.0 {
        return fmt_number(v);
    }
    let x = v / scale;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{word}")
}

/// A number with at most `places` decimals, trailing zeros dropped: "1.079".
pub fn fmt_number_places(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A multiple: "10,775" for large ones, "15" or "15.04" for small ones.
pub fn fmt_times(v: f64) -> String {
    if v >= 100.0 {
        fmt_number(v.round())
    } else if v >= 10.0 {
        fmt_number((v * 10.0).round() / 10.0)
    } else {
        fmt_number(v)
    }
}

/// A percentage, to two decimals.
pub fn fmt_percent(v: f64) -> String {
    fmt_number(v)
}

/// The word for a small whole number ("seven"), else the number.
pub fn number_name(value: f64) -> String {
    crate::extract::NUMBER_WORDS
        .iter()
        .find(|(_, v)| *v == value)
        .map_or_else(|| fmt_number(value), |(w, _)| w.to_string())
}

/// "2019-11-26" as "26 November 2019".
pub fn human_date(iso: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: usize = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let month = MONTHS.get(m.checked_sub(1)?)?;
    Some(format!("{d} {month} {y}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_for_reading() {
        assert_eq!(fmt_number(17500.0), "17,500");
        assert_eq!(fmt_number(8.3456), "8.35");
        assert_eq!(fmt_number(-50.0), "-50");
        assert_eq!(fmt_scaled(86.468e9, 4), "86.468 billion");
        assert_eq!(fmt_scaled(60.352e9, 4), "60.352 billion");
        assert_eq!(fmt_scaled(1_001_142.857, 3), "1.001 million");
        assert_eq!(fmt_scaled(4.298e9, 4), "4.298 billion");
        assert_eq!(fmt_times(10775.0), "10,775");
        assert_eq!(fmt_times(15.042), "15");
        assert_eq!(fmt_signed(-3.0), "−3");
        assert_eq!(
            human_date("2019-11-26").as_deref(),
            Some("26 November 2019")
        );
    }
}
