//! The reply to a question — the one contract that `/ask`, the CLI, the chat API and
//! the MCP tools all serve — and the checked inputs a question arrives as.

use serde::{Deserialize, Serialize};

use crate::facts::Fact;

/// The most characters a question may have.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// A question: non-blank text of at most [`MAX_QUESTION_CHARS`] characters. Any other
/// text (search syntax, control characters, emoji, right-to-left script) is just text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question(String);

/// Why a text is not a [`Question`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// The question is empty or only whitespace.
    #[error("the question is blank")]
    Blank,
    /// The question has more than [`MAX_QUESTION_CHARS`] characters.
    #[error("the question has {0} characters; the limit is {MAX_QUESTION_CHARS}")]
    TooLong(usize),
}

impl Question {
    /// Checks `text` and returns it as a question.
    pub fn parse(text: &str) -> Result<Question, QuestionError> {
        let chars = text.chars().count();
        if chars > MAX_QUESTION_CHARS {
            return Err(QuestionError::TooLong(chars));
        }
        if text.chars().all(|c| c.is_whitespace() || c.is_control()) {
            return Err(QuestionError::Blank);
        }
        Ok(Question(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A conversation id: 1 to 128 characters of `[A-Za-z0-9_-]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SessionId(String);

/// Why a text is not a [`SessionId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a session id is 1 to 128 characters of A-Z, a-z, 0-9, '_' and '-'")]
pub struct SessionIdError;

impl SessionId {
    /// Checks `text` and returns it as a session id.
    pub fn parse(text: &str) -> Result<SessionId, SessionIdError> {
        let ok = (1..=128).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(SessionId(text.to_string()))
        } else {
            Err(SessionIdError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The reply to one question.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema)]
pub struct Reply {
    /// Concise prose, the direct answer first, with `[n]` markers that refer to `citations`.
    pub answer: String,
    /// False when the corpus does not answer the question; the answer then says what is
    /// missing, and cites only what it offers instead.
    pub answered: bool,
    /// The answer on its own, for programs: a number with its unit, a span copied from
    /// the cited sentence, or a list. Null when the question is not answered.
    #[serde(default)]
    pub value: Option<Value>,
    /// The sentences the answer rests on, numbered as its `[n]` markers.
    pub citations: Vec<Citation>,
    /// The fact-table rows the answer used, each with the number of its citation.
    pub facts: Vec<UsedFact>,
    /// How a computed number was obtained; null when the answer only states figures.
    pub derivation: Option<Derivation>,
    /// Where the corpus's own figures disagree with each other, one sentence each.
    pub notes: Vec<String>,
    /// For a refusal: the closest passages, which do not answer the question.
    pub related: Vec<Citation>,
    /// The conversation this reply belongs to; send it back to ask a follow-up.
    pub session: String,
    /// Questions the corpus can answer, related to this one, to offer as follow-ups; may
    /// be empty.
    #[serde(default)]
    pub suggestions: Vec<String>,
}

/// The short answer: what a program asking the question wants back.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema,
)]
pub struct Value {
    /// The answer as text: "17.52 billion yuan", "8.35 percent", "the modified
    /// retrospective method", or a list's items joined.
    pub text: String,
    /// The number, unscaled (17.52 billion yuan is 17520000000), when the answer is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<f64>,
    /// The unit of `number`: "yuan", "US dollars", "percent", "times", "percentage
    /// points", "yuan a year", a counted noun...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The items, when the answer is a list (several subjects, a listed count, the parts
    /// of a compound question).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The word the text qualifies its figure with, when it does: "approximately",
    /// "more than", "nearly". `text` is then the figure alone ("$7.4 million").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

/// A cited sentence: `snippet` is exactly the bytes `start..end` of the document text
/// served at `/docs/{doc_id}`.
#[derive(
    Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema,
)]
pub struct Citation {
    /// The number used by the `[n]` markers, from 1.
    pub n: usize,
    pub doc_id: String,
    pub title: String,
    pub snippet: String,
    /// Byte offset of the snippet's first byte in the document text.
    pub start: usize,
    /// Byte offset just past the snippet's last byte.
    pub end: usize,
}

/// A fact-table row used by an answer, with the citation `n` of its sentence.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema)]
pub struct UsedFact {
    /// The citation that holds this row's figure.
    pub n: usize,
    #[serde(flatten)]
    pub fact: Fact,
}

/// The working behind a computed number.
#[derive(
    Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema,
)]
pub struct Derivation {
    /// The arithmetic on cited figures, e.g. "64.65 billion ÷ 6 million = 10,775".
    pub expression: String,
    /// The computed value, unrounded.
    pub result: f64,
    /// The unit of the result ("yuan", "times", "percent"...).
    pub unit: String,
}

/// A passage found by a text search.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema)]
pub struct SearchHit {
    pub doc_id: String,
    pub title: String,
    pub snippet: String,
    pub start: usize,
    pub end: usize,
    /// BM25 relevance; only comparable within one search.
    pub score: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_non_blank_and_bounded_in_characters() {
        assert_eq!(Question::parse("  \t\n"), Err(QuestionError::Blank));
        assert_eq!(Question::parse("\u{0}\u{1}"), Err(QuestionError::Blank));
        assert!(Question::parse(&"é".repeat(MAX_QUESTION_CHARS)).is_ok());
        assert_eq!(
            Question::parse(&"a".repeat(MAX_QUESTION_CHARS + 1)),
            Err(QuestionError::TooLong(MAX_QUESTION_CHARS + 1))
        );
        assert!(Question::parse("a:(^ \u{202e}مرحبا 🙂").is_ok());
    }

    #[test]
    fn session_ids_allow_only_a_safe_alphabet() {
        assert!(SessionId::parse("abc_DEF-123").is_ok());
        assert!(SessionId::parse(&"a".repeat(128)).is_ok());
        assert!(SessionId::parse(&"a".repeat(129)).is_err());
        assert!(SessionId::parse("").is_err());
        assert!(SessionId::parse("a b").is_err());
        assert!(SessionId::parse("é").is_err());
    }
}
