//! Compound questions: "What was X in 2021, and how fast did it grow?", "What was X in
//! 2018, and in 1949?", "What was X? And Y?" are several questions, each after the first
//! read as a follow-up of the one before it.

/// The parts of a compound question, in order, or None when it is one question. Every
/// part after the first reads as a follow-up of the one before it.
pub fn split_compound(question: &str) -> Option<Vec<String>> {
    // Two questions marked as such: "What was X? And what about Y?"
    let marked: Vec<&str> = question
        .split_inclusive('?')
        .map(str::trim)
        .filter(|p| p.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .collect();
    if marked.len() >= 2 && marked.len() <= 4 {
        return Some(marked.into_iter().map(str::to_string).collect());
    }
    // ", and how fast ...", ", and what was ...", "and by how much ...": a second
    // question after "and".
    if let Some(c) = regex!(r"(?i)^(.{10,}?)[,;]?\s+and\s+((?:how (?:fast|much|quickly|many|long|did|does|do|is|was|were|are)|by how much|by what percent\w*|what|which|when|why|where|who)\b.+)$")
        .captures(question)
    {
        return Some(vec![c[1].to_string(), c[2].to_string()]);
    }
    // "What was X in 2018, and in 1949?", "..., and for tertiary industry?": the same
    // question for another year or subject.
    if let Some(c) = regex!(r"(?i)^(.{10,}?),\s*(?:and|but)\s+((?:in|for|during|of|what about|how about)\s+[^,;]{1,60})$")
        .captures(question)
    {
        return Some(vec![c[1].to_string(), format!("And {}", &c[2])]);
    }
    each_year(question)
}

/// "What were the charges in 2018 and 2017 respectively?": the same question for each
/// year of a list — unless the years are the ends of a change or the terms of a
/// computation ("the total for 2019 and 2018", "the change between 2018 and 2019").
fn each_year(question: &str) -> Option<Vec<String>> {
    let list = regex!(r"(?i)\b((?:fiscal |fy ?)?(?:19|20)\d\d)((?:\s*,\s*(?:in |fiscal |fy ?)?(?:19|20)\d\d)*,?\s+and\s+(?:in |fiscal |fy ?)?(?:19|20)\d\d)\b")
        .captures(question)?;
    let computed = regex!(r"(?i)\b(?:total|sum|combined|altogether|together|aggregate|differ\w*|chang\w*|between|from (?:fiscal |fy ?)?(?:19|20)\d\d|average|mean|ratio|compared?|versus|vs|growth|grow|grew|percentage (?:change|increase|decrease|points?)|cagr|how (?:much|fast) did|proportion|share of)\b")
        .is_match(question);
    if computed {
        return None;
    }
    let whole = list.get(0).map_or(0..0, |m| m.range());
    let years: Vec<&str> = regex!(r"(?:19|20)\d\d")
        .find_iter(&question[whole.clone()])
        .map(|m| m.as_str())
        .collect();
    if !(2..=4).contains(&years.len()) {
        return None;
    }
    let first = list.get(1).map_or("", |m| m.as_str());
    let respectively = regex!(r"(?i),?\s*\brespectively\b");
    let opening = format!(
        "{}{first}{}",
        &question[..whole.start],
        &question[whole.end..]
    );
    // The first year's question whole, each other year's as its follow-up ("And for
    // 2017?"), as a person would ask them one after another.
    let mut parts = vec![respectively.replace_all(&opening, "").into_owned()];
    parts.extend(years[1..].iter().map(|y| format!("And for {y}?")));
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(q: &str) -> Option<Vec<String>> {
        split_compound(q)
    }

    #[test]
    fn a_second_question_after_and_is_split_off() {
        assert_eq!(
            parts("What was Qingshui's GDP in 2021, and how fast did it grow?"),
            Some(vec![
                "What was Qingshui's GDP in 2021".to_string(),
                "how fast did it grow?".to_string()
            ])
        );
        assert_eq!(
            parts("What was primary industry's added value in 2018, and in 1949?"),
            Some(vec![
                "What was primary industry's added value in 2018".to_string(),
                "And in 1949?".to_string()
            ])
        );
        assert_eq!(
            parts("What was the GDP in 2019? And the population?"),
            Some(vec![
                "What was the GDP in 2019?".to_string(),
                "And the population?".to_string()
            ])
        );
    }

    #[test]
    fn a_list_of_years_asks_the_same_question_for_each() {
        assert_eq!(
            parts("What are the restructuring charges incurred in 2018 and 2017 respectively?"),
            Some(vec![
                "What are the restructuring charges incurred in 2018?".to_string(),
                "And for 2017?".to_string()
            ])
        );
        assert_eq!(
            parts("What was the fair value of awards that vested in fiscal 2019, 2018 and 2017?")
                .map(|p| p.len()),
            Some(3)
        );
        // The ends of a change and the terms of a sum are one question.
        assert_eq!(
            parts("How much did revenue change between 2018 and 2019?"),
            None
        );
        assert_eq!(parts("What was the total revenue for 2019 and 2018?"), None);
        assert_eq!(
            parts("What was the average revenue in 2018 and 2019?"),
            None
        );
    }

    #[test]
    fn one_question_that_names_two_things_is_one_question() {
        assert_eq!(parts("How much did industry and agriculture grow?"), None);
        assert_eq!(
            parts("What was the added value of primary, secondary and tertiary industry in 2018?"),
            None
        );
        assert_eq!(
            parts("What was the ratio of industry to agriculture, in 2018?"),
            None
        );
    }
}
