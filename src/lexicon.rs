//! The lexicon: everyday words for the subjects and measures of the corpus, read from
//! `lexicon.toml` in the corpus folder, so that "services" finds "tertiary industry" and
//! "output value" finds "added value". Extending it is a data change.

use std::path::Path;

use serde::Deserialize;

use crate::corpus::Span;
use crate::text::{self, Word};

/// Measure names with a fixed meaning: they say how a figure is given (as a multiple, a
/// change, a share...), not what it measures. Any other measure name is an amount.
pub const FIXED_MEASURES: &[&str] = &[
    "growth multiple",
    "percent change",
    "share",
    "structure",
    "period",
    "count",
];

/// The file name of the lexicon inside the corpus folder.
pub const FILE_NAME: &str = "lexicon.toml";

/// Errors reading a lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// The file is not a valid lexicon.
    #[error("{path} is not a valid lexicon: {message}")]
    Toml { path: String, message: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    subjects: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    measures: std::collections::BTreeMap<String, Vec<String>>,
}

/// One canonical term and the phrases that stand for it.
#[derive(Clone, Debug)]
struct Entry {
    canonical: String,
    /// Each alias as a sequence of stems, longest first. A one-word alias is kept as
    /// the lower-cased word itself and matched exactly, so "industry" does not claim
    /// "industries"; longer aliases match by stems, so plurals fold.
    phrases: Vec<Vec<String>>,
}

/// A phrase of a text that the lexicon knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub canonical: String,
    /// Bytes of the phrase in the text.
    pub span: Span,
    /// Index of the first and one past the last word of the phrase.
    pub words: (usize, usize),
}

/// Subjects and measures with their aliases.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    subjects: Vec<Entry>,
    measures: Vec<Entry>,
    /// The stem of each one-word subject alias with its subject: "farm", "agricultur"
    /// and "agricultur" all stand for primary industry, so they stand for each other.
    word_groups: std::collections::HashMap<String, String>,
}

impl Lexicon {
    /// The language's built-in vocabulary of general statistics ("GDP" is gross domestic
    /// product, "services" tertiary industry...).
    pub fn builtin() -> Lexicon {
        Lexicon::parse_all(&[crate::lang::english().vocabulary])
            .expect("the built-in vocabulary is a valid lexicon")
    }

    /// The lexicon a question is read with: the built-in vocabulary extended by the
    /// corpus's own lexicon (`source`, the text of its `lexicon.toml`).
    pub fn reading(source: Option<&str>) -> Result<Lexicon, String> {
        let builtin = crate::lang::english().vocabulary;
        match source {
            Some(source) => Lexicon::parse_all(&[builtin, source]),
            None => Ok(Lexicon::builtin()),
        }
    }

    /// Reads `lexicon.toml` from the corpus folder; an absent file is an empty lexicon.
    /// Facts are extracted with this lexicon alone, so the built-in vocabulary never
    /// changes what a sentence is read to say.
    pub fn load(corpus_dir: &Path) -> Result<Lexicon, LexiconError> {
        let path = corpus_dir.join(FILE_NAME);
        let source = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Lexicon::default()),
            Err(source) => {
                return Err(LexiconError::Io {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        Lexicon::parse(&source).map_err(|message| LexiconError::Toml {
            path: path.display().to_string(),
            message,
        })
    }

    /// Parses lexicon TOML: `[subjects]` and `[measures]` tables of
    /// `"canonical" = ["alias", ...]`.
    pub fn parse(source: &str) -> Result<Lexicon, String> {
        Lexicon::parse_all(&[source])
    }

    /// Parses several lexicon sources into one: a canonical name in several gets the
    /// aliases of all of them.
    pub fn parse_all(sources: &[&str]) -> Result<Lexicon, String> {
        let mut file = LexiconFile::default();
        for source in sources {
            let one: LexiconFile = toml::from_str(source).map_err(|e| e.to_string())?;
            for (target, table) in [
                (&mut file.subjects, one.subjects),
                (&mut file.measures, one.measures),
            ] {
                for (canonical, aliases) in table {
                    let kept = target.entry(canonical).or_default();
                    for alias in aliases {
                        if !kept.contains(&alias) {
                            kept.push(alias);
                        }
                    }
                }
            }
        }
        let subjects_copy = file.subjects.clone();
        let entries = |table: std::collections::BTreeMap<String, Vec<String>>| {
            table
                .into_iter()
                .map(|(canonical, aliases)| {
                    let mut phrases: Vec<Vec<String>> = std::iter::once(&canonical)
                        .chain(aliases.iter())
                        .map(|a| {
                            let words = text::words(a);
                            if words.len() == 1 {
                                vec![format!("={}", words[0].lower)]
                            } else {
                                words.into_iter().map(|w| w.stem).collect()
                            }
                        })
                        .filter(|p: &Vec<String>| !p.is_empty())
                        .collect();
                    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
                    phrases.dedup();
                    Entry { canonical, phrases }
                })
                .collect()
        };
        let mut word_groups = std::collections::HashMap::new();
        for (canonical, aliases) in &subjects_copy {
            for alias in std::iter::once(canonical).chain(aliases) {
                if let [word] = text::words(alias).as_slice() {
                    word_groups.insert(word.stem.clone(), canonical.clone());
                }
            }
        }
        Ok(Lexicon {
            subjects: entries(file.subjects),
            measures: entries(file.measures),
            word_groups,
        })
    }

    /// Finds the subjects named in `words` (of `text`), longest phrase first, without
    /// overlaps, in text order.
    pub fn subjects(&self, words: &[Word]) -> Vec<Match> {
        find(&self.subjects, words)
    }

    /// Finds the measures named in `words`, as [`Lexicon::subjects`] does.
    pub fn measures(&self, words: &[Word]) -> Vec<Match> {
        find(&self.measures, words)
    }

    /// Returns true if and only if two stems are one-word aliases of the same subject
    /// ("farm" and "agricultur").
    pub fn same_group(&self, a: &str, b: &str) -> bool {
        match (self.word_groups.get(a), self.word_groups.get(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }

    /// The stems that are one-word aliases of the same subject as `stem` (itself
    /// included), or none when it is no such alias; in no particular order.
    pub fn group_of(&self, stem: &str) -> Vec<&str> {
        let Some(group) = self.word_groups.get(stem) else {
            return Vec::new();
        };
        self.word_groups
            .iter()
            .filter(|(_, g)| *g == group)
            .map(|(s, _)| s.as_str())
            .collect()
    }

    /// Returns true if and only if `canonical` is a subject of the lexicon.
    pub fn is_subject(&self, canonical: &str) -> bool {
        self.subjects.iter().any(|e| e.canonical == canonical)
    }

    /// Every stem that appears in some alias; such words are known to the corpus.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.subjects
            .iter()
            .chain(&self.measures)
            .flat_map(|e| e.phrases.iter().flatten())
            .map(|p| p.strip_prefix('=').unwrap_or(p))
    }
}

fn find(entries: &[Entry], words: &[Word]) -> Vec<Match> {
    let mut candidates: Vec<(usize, usize, &str)> = Vec::new();
    for entry in entries {
        for phrase in &entry.phrases {
            for start in 0..words.len() {
                let end = start + phrase.len();
                if end <= words.len()
                    && words[start..end].iter().zip(phrase).all(|(w, p)| {
                        match p.strip_prefix('=') {
                            Some(exact) => w.lower == exact,
                            None => w.stem == *p,
                        }
                    })
                {
                    candidates.push((start, end, &entry.canonical));
                }
            }
        }
    }
    // Longest first, then earliest; keep those that do not overlap a kept one.
    candidates.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut taken = vec![false; words.len()];
    let mut out = Vec::new();
    for (s, e, canonical) in candidates {
        if taken[s..e].iter().any(|t| *t) {
            continue;
        }
        taken[s..e].iter_mut().for_each(|t| *t = true);
        out.push(Match {
            canonical: canonical.to_string(),
            span: Span::new(words[s].span.start, words[e - 1].span.end),
            words: (s, e),
        });
    }
    out.sort_by_key(|m| m.words.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = r#"
[subjects]
"tertiary industry" = ["tertiary", "services", "service sector", "tertiary industrial sector"]
"secondary industry" = ["industrial", "industry"]
[measures]
"added value" = ["value added", "output value"]
"#;

    #[test]
    fn the_longest_alias_wins_and_plurals_fold() {
        let lexicon = Lexicon::parse(LEXICON).expect("valid lexicon");
        let text =
            "The tertiary industrial sector and the service sectors beat industry, not industries.";
        let found: Vec<(String, &str)> = lexicon
            .subjects(&text::words(text))
            .into_iter()
            .map(|m| (m.canonical, m.span.of(text)))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "tertiary industry".to_string(),
                    "tertiary industrial sector"
                ),
                ("tertiary industry".to_string(), "service sectors"),
                ("secondary industry".to_string(), "industry"),
            ]
        );
        let measures = lexicon.measures(&text::words("its output value rose"));
        assert_eq!(measures[0].canonical, "added value");
    }

    #[test]
    fn a_malformed_lexicon_is_an_error() {
        assert!(Lexicon::parse("[subjects]\nx = 3").is_err());
        assert!(Lexicon::parse("[other]\n").is_err());
        assert!(Lexicon::parse("").is_ok());
    }
}
