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
    let c = regex!(r"(?i)^(.{10,}?),\s*(?:and|but)\s+((?:in|for|during|of|what about|how about)\s+[^,;]{1,60})$")
        .captures(question)?;
    Some(vec![c[1].to_string(), format!("And {}", &c[2])])
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
