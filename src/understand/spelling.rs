//! The corpus vocabulary: telling known words from unknown ones, and correcting a
//! misspelt word to the closest corpus word. Ties are broken by frequency and then by
//! the word itself, so a correction never depends on hash order.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use crate::lang::Language;
use crate::lexicon::Lexicon;
use crate::text::{self, Word};

/// The words of the corpus, for spelling correction and for telling known from unknown.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Lower-cased surface words with their counts.
    words: BTreeMap<String, usize>,
    /// Stems of the corpus and lexicon words, sorted for prefix look-ups.
    stems: BTreeSet<String>,
    /// Lower-cased place names of the corpus.
    places: Vec<String>,
    /// Finds every place name inside a text at once (see [`Vocabulary::place_in`]).
    place_finder: Option<AhoCorasick>,
}

/// The lower-cased words of `texts` with how often each occurs, sorted by word.
pub fn count_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, usize)> {
    // Words are counted in a hash map (most repeat), then sorted once.
    let mut words: FxHashMap<String, usize> = FxHashMap::default();
    let mut lower = String::new();
    for text in texts {
        for span in text::spans(text) {
            let raw = span.of(text);
            lower.clear();
            if raw.is_ascii() {
                lower.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower.push_str(&raw.to_lowercase());
            }
            match words.get_mut(lower.as_str()) {
                Some(count) => *count += 1,
                None => {
                    words.insert(lower.clone(), 1);
                }
            }
        }
    }
    let mut words: Vec<(String, usize)> = words.into_iter().collect();
    words.sort_unstable();
    words
}

/// The most edits a correction may make, and the shortest word corrected.
const MIN_CORRECTED_CHARS: usize = 3;

impl Vocabulary {
    /// Builds the vocabulary from the corpus's passage texts, the lexicon and the places.
    pub fn new<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        lexicon: &Lexicon,
        places: &[String],
    ) -> Vocabulary {
        Vocabulary::from_counts(count_words(texts), lexicon, places)
    }

    /// Builds the vocabulary from the corpus's words as [`count_words`] gives them (an
    /// index stores them, so that opening it reads no passage), the lexicon and the
    /// places.
    pub fn from_counts(
        words: Vec<(String, usize)>,
        lexicon: &Lexicon,
        places: &[String],
    ) -> Vocabulary {
        let mut v = Vocabulary {
            stems: words.iter().map(|(w, _)| crate::search::stem(w)).collect(),
            words: words.into_iter().collect(),
            ..Vocabulary::default()
        };
        for stem in lexicon.stems() {
            v.stems.insert(stem.to_string());
        }
        v.places = places.iter().map(|p| p.to_lowercase()).collect();
        v.places.sort();
        v.places.dedup();
        v.place_finder = AhoCorasick::new(&v.places).ok();
        v
    }

    /// The first place name, in alphabetical order, that `lower` (a lower-cased text)
    /// holds anywhere, found in one pass over the text whatever the number of places.
    pub fn place_in(&self, lower: &str) -> Option<&str> {
        let finder = self.place_finder.as_ref()?;
        finder
            .find_overlapping_iter(lower)
            .map(|m| m.pattern().as_usize())
            .min()
            .and_then(|i| self.places.get(i))
            .map(String::as_str)
    }

    /// The lower-cased place names of the corpus, sorted.
    pub fn places(&self) -> &[String] {
        &self.places
    }

    /// Returns true if and only if the corpus (or lexicon) uses this word or its stem,
    /// or a longer or shorter form of its stem (of five letters or more).
    pub fn knows(&self, word: &Word) -> bool {
        if self.words.contains_key(&word.lower) || self.stems.contains(&word.stem) {
            return true;
        }
        let stem = word.stem.as_str();
        if stem.chars().count() < 5 {
            return false;
        }
        // A longer stem that starts with this one ("industri" → "industrialis").
        if self
            .stems
            .range::<str, _>((Bound::Included(stem), Bound::Unbounded))
            .next()
            .is_some_and(|s| s.starts_with(stem))
        {
            return true;
        }
        // A shorter stem of five letters or more that this one starts with.
        stem.char_indices()
            .map(|(i, _)| i)
            .skip(5)
            .any(|end| self.stems.contains(&stem[..end]))
    }

    /// The corpus word closest to `word` within one edit (two for long words), if one is
    /// clearly closest: fewest edits, then most frequent, then first in alphabetical
    /// order.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let len = word.chars().count();
        if len < MIN_CORRECTED_CHARS {
            return None;
        }
        if len == MIN_CORRECTED_CHARS {
            // Short words: only a swap of two neighbours ("teh").
            let chars: Vec<char> = word.chars().collect();
            return (0..2).find_map(|i| {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                let candidate: String = swapped.into_iter().collect();
                self.words
                    .get_key_value(&candidate)
                    .map(|(k, _)| k.as_str())
            });
        }
        let limit = if len >= 9 { 2 } else { 1 };
        let mut best: Option<(&str, usize, usize)> = None;
        let stems = self.stems.iter().map(|s| (s, &1usize));
        for (candidate, &count) in self.words.iter().chain(stems) {
            let clen = candidate.chars().count();
            if clen.abs_diff(len) > limit || clen < MIN_CORRECTED_CHARS {
                continue;
            }
            let d = edit_distance(word, candidate);
            if d == 0 || d > limit {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, bd, bc)) => {
                    d < bd || (d == bd && (count > bc || (count == bc && candidate.as_str() < b)))
                }
            };
            if better {
                best = Some((candidate.as_str(), d, count));
            }
        }
        best.map(|(c, _, _)| c)
    }
}

/// Damerau-Levenshtein distance (optimal string alignment) over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// How many unknown words of one question are looked up for a correction.
const MAX_CORRECTIONS: usize = 6;

/// Replaces words the corpus does not know by the closest corpus word, when one is
/// within one edit (two for long words), in the first [`MAX_CORRECTIONS`] unknown words.
pub fn correct_spelling(question: &str, vocabulary: &Vocabulary, language: &Language) -> String {
    let mut out = String::with_capacity(question.len());
    let mut last = 0;
    let mut tried = 0;
    for w in text::words(question) {
        let known = vocabulary.knows(&w)
            || language.is_framing(&w.lower)
            || language.is_common_non_noun(&w.lower)
            || w.lower.chars().any(|c| c.is_ascii_digit());
        if known {
            continue;
        }
        // Each try scans the vocabulary: a question of many unknown words (noise, or
        // another language) is corrected in its first few only.
        tried += 1;
        if tried > MAX_CORRECTIONS {
            break;
        }
        if let Some(fix) = vocabulary.correct(&w.lower) {
            out.push_str(&question[last..w.span.start]);
            out.push_str(fix);
            last = w.span.end;
        }
    }
    out.push_str(&question[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("tertiery", "tertiary"), 1);
        assert_eq!(edit_distance("snce", "since"), 1);
        assert_eq!(edit_distance("teh", "the"), 1);
    }

    #[test]
    fn a_tie_between_equally_close_and_frequent_words_goes_to_the_first_in_order() {
        let v = Vocabulary::new(["core bore"], &Lexicon::default(), &[]);
        // "xore" is one edit from both, and both occur once.
        assert_eq!(v.correct("xore"), Some("bore"));
    }

    #[test]
    fn the_place_a_text_holds_is_the_first_in_alphabetical_order() {
        let places = [
            "Zhou".to_string(),
            "Lanzhou".to_string(),
            "Baiyun".to_string(),
        ];
        let v = Vocabulary::new(["a text"], &Lexicon::default(), &places);
        assert_eq!(v.place_in("what was lanzhou's gdp?"), Some("lanzhou"));
        assert_eq!(v.place_in("zhou or baiyun"), Some("baiyun"));
        assert_eq!(v.place_in("zhou alone"), Some("zhou"));
        assert_eq!(v.place_in("nowhere"), None);
    }

    #[test]
    fn only_the_first_unknown_words_of_a_question_are_looked_up() {
        let v = Vocabulary::new(["tertiary industry"], &Lexicon::default(), &[]);
        let language = crate::lang::english();
        let question = ["tertiery"; MAX_CORRECTIONS + 1].join(" ");
        let corrected = correct_spelling(&question, &v, language);
        assert_eq!(corrected.matches("tertiary").count(), MAX_CORRECTIONS);
        assert!(corrected.ends_with(" tertiery"), "{corrected}");
    }

    #[test]
    fn longer_and_shorter_forms_of_a_long_stem_are_known() {
        let v = Vocabulary::new(["industrialisation"], &Lexicon::default(), &[]);
        let w = |s: &str| text::words(s).remove(0);
        assert!(v.knows(&w("industrialisation")));
        assert!(v.knows(&w("industrial")), "a shorter form");
        assert!(!v.knows(&w("unemployment")));
    }
}
