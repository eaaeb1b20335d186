//! Compound questions: "What was X in 2021, and how fast did it grow?" is two questions,
//! the second a follow-up of the first.

/// The parts of a compound question, in order, or None when it is one question. Every
/// part after the first reads as a follow-up of the one before it.
pub fn split_compound(question: &str) -> Option<Vec<String>> {
    let c = regex!(r"(?i)^(.{10,}?)[,;]?\s+and\s+((?:how (?:fast|much|quickly|many)|by how much|by what percent\w*)\b.+)$")
        .captures(question)?;
    Some(vec![c[1].to_string(), c[2].to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_question_after_and_is_split_off() {
        assert_eq!(
            split_compound("What was Qingshui's GDP in 2021, and how fast did it grow?"),
            Some(vec![
                "What was Qingshui's GDP in 2021".to_string(),
                "how fast did it grow?".to_string()
            ])
        );
        assert_eq!(
            split_compound("How much did industry and agriculture grow?"),
            None
        );
    }
}
