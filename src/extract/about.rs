//! Who and what a figure is about: its subject (a lexicon subject, a noun phrase, a
//! pronoun's antecedent, the place) and its measure.

use crate::facts::FactKind;
use crate::lexicon::{FIXED_MEASURES, Match};
use crate::text;

use super::{About, Mention, Sentence, cues, is_money, phrases};
use phrases::NounPhrase;

impl Sentence<'_> {
    /// The subject and measure of a figure at `m`, whose clause starts at `clause`.
    pub(super) fn about(
        &self,
        m: &Mention,
        clause: usize,
        kind: FactKind,
        member: Option<String>,
    ) -> About {
        let text = self.text;
        let at = m.span.start;
        let left = &text[..at];
        let right = &text[m.span.end..];
        let lexicon_measure = self.measure_for(at, clause);
        // A phrase that is a lexicon alias and nothing more takes the lexicon's name;
        // a longer one ("gross agricultural output value") stays as written.
        let measure_of = |np: &str| -> Option<String> {
            let words = text::words(np);
            self.lexicon
                .measures(&words)
                .into_iter()
                .find(|mm| {
                    !FIXED_MEASURES.contains(&mm.canonical.as_str()) && mm.words == (0, words.len())
                })
                .map(|mm| mm.canonical)
                .or_else(|| Some(np.to_string()))
        };
        // "...contributed 88.3 billion yuan and 114.9 billion yuan respectively".
        if let Some(item) = member {
            return match self.canonical(&item) {
                Some(s) => About {
                    subject: s,
                    measure: lexicon_measure,
                },
                None if phrases::is_measure_phrase(&item) => About {
                    subject: self.place(),
                    measure: measure_of(&item),
                },
                None => About {
                    subject: item,
                    measure: lexicon_measure,
                },
            };
        }
        // "5.6 percent for the primary industry".
        if let Some(s) = cues::for_subject(right)
            && let Some(c) = self.canonical(&s)
        {
            return About {
                subject: c,
                measure: lexicon_measure,
            };
        }
        // "a 9.6 percent drop in real estate development investment".
        if kind == FactKind::Change
            && let Some((_, thing)) = cues::change_noun_after(right)
                .or_else(|| cues::change_in_after(left, right).map(|t| (false, t)))
        {
            return match self.canonical(&thing) {
                Some(s) => About {
                    subject: s,
                    measure: lexicon_measure,
                },
                None => About {
                    subject: self.place(),
                    measure: measure_of(&thing),
                },
            };
        }
        // "a 32.0% ownership interest in ...": the figure is the noun's it stands before;
        // "Altium had US$6 million in long-term deferred revenue": the thing held's.
        let noun = matches!(kind, FactKind::Amount | FactKind::Percent)
            .then(|| cues::attributed_noun(left, right))
            .flatten()
            .or_else(|| {
                (kind == FactKind::Amount)
                    .then(|| cues::held_in(left, right))
                    .flatten()
            });
        if let Some(noun) = noun {
            return About {
                subject: self
                    .lexicon_left(at, clause)
                    .unwrap_or_else(|| self.place()),
                measure: measure_of(&noun),
            };
        }
        // "31.6 billion yuan of industrial output": the measure follows the amount.
        let of_after = (kind == FactKind::Amount)
            .then(|| cues::of_after(right))
            .flatten();
        // "a permanent population of 3.46 million", "the 2010 level of 74.5 billion".
        // "the figure stood at 1,860": the number named earlier in the sentence.
        if let Some(measure) = cues::named_number_before(left)
            && regex!(r"(?i)\b(?:the|this) (?:figure|number|total)\b").is_match(&left[clause..])
        {
            return About {
                subject: self.place(),
                measure: Some(measure),
            };
        }
        if let Some(np) = cues::of_before(left) {
            if phrases::is_generic_head(&np) && phrases::has_pronoun(&left[clause..]) {
                if let Some(subject) = self.carry.subject.clone() {
                    return About {
                        subject,
                        measure: lexicon_measure.or(self.carry.measure.clone()),
                    };
                }
            } else if !phrases::is_generic_head(&np)
                && matches!(kind, FactKind::Amount | FactKind::Percent)
                && self.canonical(&np).is_none()
                && !regex!(r"(?i)\b(?:increase|rise|growth|decrease|drop|decline|gain|jump|fall)$")
                    .is_match(&np)
            {
                let subject = self
                    .lexicon_left(at, clause)
                    .unwrap_or_else(|| self.place());
                return About {
                    subject,
                    measure: measure_of(&np),
                };
            }
        }
        if let Some(s) = self.lexicon_left(at, clause) {
            return About {
                subject: s,
                measure: lexicon_measure.or(of_after),
            };
        }
        let clause_text = &text[clause..at];
        let np = phrases::noun_phrase(clause_text, self.doc.place.as_deref());
        let pronoun = phrases::has_pronoun(clause_text)
            || np
                .as_ref()
                .is_some_and(|n| n.pronoun_owner || phrases::is_anaphor(&n.text, clause_text));
        let np = np.map(|n| {
            if phrases::is_place_word(&n.text) {
                NounPhrase {
                    text: self.place(),
                    ..n
                }
            } else {
                n
            }
        });
        if let Some(NounPhrase {
            text: phrase,
            place_owner,
            ..
        }) = &np
            && !phrases::has_pronoun(phrase)
            && !phrases::is_anaphor(phrase, clause_text)
        {
            if let Some(s) = self.canonical(phrase) {
                return About {
                    subject: s,
                    measure: lexicon_measure.or(of_after),
                };
            }
            if phrases::is_measure_phrase(phrase) {
                let subject = if pronoun && !place_owner {
                    self.carry.subject.clone().unwrap_or_else(|| self.place())
                } else {
                    self.place()
                };
                return About {
                    subject,
                    measure: lexicon_measure.or_else(|| measure_of(phrase)),
                };
            }
            return About {
                subject: phrase.clone(),
                measure: lexicon_measure.or(of_after),
            };
        }
        let counted = !m.unit.is_empty()
            && !is_money(&m.unit)
            && !["percent", "times"].contains(&m.unit.as_str());
        if pronoun && let Some(subject) = self.carry.subject.clone() {
            let carried = if counted {
                None
            } else {
                self.carry.measure.clone()
            };
            return About {
                subject,
                measure: lexicon_measure.or(of_after).or(carried),
            };
        }
        if let Some(s) = self.subjects.iter().rev().find(|s| s.span.end <= at) {
            return About {
                subject: s.canonical.clone(),
                measure: lexicon_measure.or(of_after),
            };
        }
        if let Some(subject) = self.carry.subject.clone() {
            return About {
                subject,
                measure: lexicon_measure.or(of_after).or(self.carry.measure.clone()),
            };
        }
        if of_after.is_none()
            && let Some(s) = self.subjects.iter().find(|s| s.span.start >= at)
        {
            return About {
                subject: s.canonical.clone(),
                measure: lexicon_measure,
            };
        }
        About {
            subject: self.place(),
            measure: lexicon_measure.or(of_after),
        }
    }

    /// The nearest lexicon subject before `at` within its clause that stands as a noun
    /// phrase of its own ("primary industry had grown"), not as a word inside a longer
    /// one ("industrial enterprises", "industrial structures").
    pub(super) fn lexicon_left(&self, at: usize, clause: usize) -> Option<String> {
        self.subjects
            .iter()
            .rev()
            .filter(|s| self.stands_alone(s))
            .find(|s| s.span.end <= at && s.span.start >= clause)
            .map(|s| s.canonical.clone())
    }

    pub(super) fn stands_alone(&self, m: &Match) -> bool {
        let next = self.text[m.span.end..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let continues = next.starts_with(char::is_alphabetic) && {
            let word = next
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            // A base form ("farm produce") may be a noun; "grew", "grows" are verbs.
            let verb = crate::lang::english().is_inflected_verb(&word)
                || (word.ends_with('s') && crate::lang::english().is_verb_form(&word));
            !word.is_empty()
                && word.len() == next.len()
                && !verb
                && !phrases::is_stop(&word)
                && !crate::lang::english().is_modifier(&word)
        };
        !continues
    }

    /// The lexicon measure named nearest before `at` (in its clause, else the sentence).
    pub(super) fn measure_for(&self, at: usize, clause: usize) -> Option<String> {
        let usable = |m: &&Match| !FIXED_MEASURES.contains(&m.canonical.as_str());
        self.measures
            .iter()
            .rev()
            .filter(usable)
            .find(|m| m.span.end <= at && m.span.start >= clause)
            .or_else(|| {
                self.measures
                    .iter()
                    .rev()
                    .filter(usable)
                    .find(|m| m.span.end <= at)
            })
            .map(|m| self.measure_phrase(m))
    }

    /// The measure phrase a lexicon alias heads: "gross agricultural output value" for
    /// the alias "output value", or the lexicon's name when the alias stands alone.
    pub(super) fn measure_phrase(&self, m: &Match) -> String {
        let before = &self.text[..m.span.start];
        let mut modifiers: Vec<&str> = Vec::new();
        for raw in before.split_whitespace().rev().take(3) {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            let lower = word.to_lowercase();
            let plain = word.len() == raw.len()
                && word.chars().all(|c| c.is_lowercase() || c == '-')
                && !phrases::is_stop(&lower)
                && !crate::lang::english().is_verb_form(&lower)
                && ![
                    "the", "a", "an", "its", "their", "total", "whole", "per", "capita",
                ]
                .contains(&lower.as_str());
            if !plain {
                break;
            }
            modifiers.push(word);
        }
        if modifiers.is_empty() {
            return m.canonical.clone();
        }
        modifiers.reverse();
        format!(
            "{} {}",
            modifiers.join(" "),
            m.span.of(self.text).to_lowercase()
        )
    }
}
