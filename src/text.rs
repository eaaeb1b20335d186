//! Words of a text with their byte spans, lower-cased and stemmed as the index stems them.

use crate::corpus::Span;
use crate::search;

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Bytes of the word in the text it came from.
    pub span: Span,
    pub lower: String,
    pub stem: String,
}

/// Splits `text` into words: runs of letters and digits (with inner `.`/`,` between
/// digits, so "4.298" and "17,500" stay whole; an apostrophe-s is dropped).
pub fn words(text: &str) -> Vec<Word> {
    spans(text)
        .into_iter()
        .map(|span| {
            let lower = span.of(text).to_lowercase();
            let stem = search::stem(&lower);
            Word { span, lower, stem }
        })
        .collect()
}

/// The spans of the words of `text`, as [`words`] splits it, without analysing them.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            let joins_digits = matches!(next, '.' | ',')
                && text[..i].ends_with(|p: char| p.is_ascii_digit())
                && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
            if next.is_alphanumeric() || joins_digits {
                end = i + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(Span::new(start, end));
        // Skip a possessive "'s" / "’s".
        if let Some(rest) = text.get(end..)
            && (rest.starts_with("'s") || rest.starts_with("’s"))
            && !rest[rest.chars().next().map_or(1, char::len_utf8) + 1..]
                .starts_with(char::is_alphanumeric)
        {
            chars.next();
            chars.next();
        }
    }
    out
}

/// Returns true if and only if `word` is a stem-level match for `other`: equal, or one
/// a prefix of the other when the shorter has at least five letters ("industri" and
/// "industrialis").
pub fn stems_match(word: &str, other: &str) -> bool {
    if word == other {
        return true;
    }
    let (short, long) = if word.len() <= other.len() {
        (word, other)
    } else {
        (other, word)
    };
    short.chars().count() >= 5 && long.starts_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_numbers_whole_and_drop_possessives() {
        let text = "Lanzhou's 4.298 billion, 17,500 times (2018).";
        let ws: Vec<&str> = words(text).iter().map(|w| w.span.of(text)).collect();
        assert_eq!(
            ws,
            vec!["Lanzhou", "4.298", "billion", "17,500", "times", "2018"]
        );
        assert_eq!(words("Services")[0].stem, "servic");
    }

    #[test]
    fn stems_match_by_prefix_only_when_long_enough() {
        assert!(stems_match("industri", "industrialis"));
        assert!(!stems_match("rest", "restructur"));
        assert!(stems_match("plan", "plan"));
    }
}
