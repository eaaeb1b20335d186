//! Answer composition: turns an understood question into a reply — from the fact table
//! when it asks for figures (looked up or computed, with the working shown and every
//! operand cited), from the text index when it asks about anything else, and a refusal
//! that says what is missing when the corpus does not answer.
//!
//! Every number an answer prints is either part of a cited sentence or the result of a
//! derivation that the reply carries.

use std::collections::HashMap;

use crate::corpus::{Corpus, Span};
use crate::facts::{Fact, FactKind};
use crate::lexicon::Lexicon;
use crate::passage::{Passage, PassageKind};
use crate::question::{MetaKey, Op, Parsed, Wh};
use crate::reply::{Citation, Derivation, UsedFact};
use crate::search::{self, TextIndex};
use crate::text;

/// Everything an answer is composed from.
pub struct Knowledge<'a> {
    pub corpus: &'a Corpus,
    pub passages: &'a [Passage],
    pub facts: &'a [Fact],
    pub text: &'a TextIndex,
    pub lexicon: &'a Lexicon,
    /// The passage that starts at a (document, byte) position.
    pub passage_at: &'a HashMap<(usize, usize), usize>,
    /// Each fact's measure as the lexicon names it ("gross agricultural output value"
    /// is "added value"), by fact id.
    pub canonical_measures: &'a [String],
    /// The words of each passage, by passage id, stemmed once when the engine opens.
    pub passage_words: &'a [Vec<text::Word>],
}

/// A reply in the making, before it gets its session id.
#[derive(Debug, Default)]
pub struct Draft {
    pub answer: String,
    pub answered: bool,
    pub citations: Vec<Citation>,
    pub facts: Vec<UsedFact>,
    pub derivation: Option<Derivation>,
    pub notes: Vec<String>,
    pub related: Vec<Citation>,
}

/// Answers a parsed question.
pub fn compose(p: &Parsed, k: &Knowledge) -> Draft {
    let mut c = Composer {
        k,
        d: Draft::default(),
    };
    if p.meta.is_some() && p.blocking.is_empty() && c.meta(p) {
        return c.d;
    }
    let names_nothing =
        p.subjects.is_empty() && !p.names_measure && p.topic.is_empty() && p.soft.is_empty();
    if !p.blocking.is_empty() || (names_nothing && !p.unknown.is_empty()) {
        let unknown = if p.blocking.is_empty() {
            &p.unknown
        } else {
            &p.blocking
        };
        let words = join_list(&unknown.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>());
        c.d.answer = format!("The corpus does not mention {words}, so it cannot answer this.");
        c.related(p);
        return c.d;
    }
    let figure_question = p.wh != Wh::Who
        && p.wh != Wh::Why
        && (p.op_stated || !p.subjects.is_empty() || p.measure.is_some() || !p.years.is_empty());
    if figure_question {
        match c.figures(p) {
            Outcome::Answered if c.answers_focus(p) => return c.d,
            Outcome::Refused => return c.d,
            Outcome::Answered | Outcome::NotFound => c.d = Draft::default(),
        }
    }
    // A question that asks for a number is not answered by quoting a sentence.
    let asks_number = matches!(p.wh, Wh::HowMany | Wh::HowMuch)
        || matches!(
            p.op,
            Op::Cagr
                | Op::Ratio
                | Op::Difference
                | Op::Sum
                | Op::PercentChange
                | Op::AbsoluteChange
                | Op::ShareChange
                | Op::Implied
                | Op::Count
        );
    if !asks_number && c.passage(p) {
        return c.d;
    }
    c.d = Draft::default();
    c.d.answer = "The corpus does not answer this question.".to_string();
    c.related(p);
    c.d
}

/// What a figure question is about: a subject and, for a place's indicators, the
/// measure ("Qingshui" and "GDP"), so that one indicator's figures are not mixed with
/// another's.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    subject: String,
    measure: Option<String>,
}

impl Target {
    /// Returns true if and only if the fact is about this target.
    fn holds(&self, f: &Fact, k: &Knowledge) -> bool {
        f.subject == self.subject && self.measure.as_deref().is_none_or(|m| measure_is(k, f, m))
    }

    /// How the target reads in an answer.
    fn name(&self, place: Option<&str>) -> String {
        match &self.measure {
            Some(m) if place == Some(self.subject.as_str()) => {
                format!("{} {m}", possessive_lower(&self.subject))
            }
            Some(m) if !["added value", "value"].contains(&m.as_str()) => {
                format!("{} {m}", possessive_lower(&self.subject))
            }
            _ => self.subject.clone(),
        }
    }
}

/// The targets of the facts, in the order the question names its subjects, else in
/// table order.
fn distinct_targets(facts: &[&Fact], p: &Parsed) -> Vec<Target> {
    if !p.subjects.is_empty() {
        return p
            .subjects
            .iter()
            .filter(|s| facts.iter().any(|f| &f.subject == *s))
            .map(|s| Target {
                subject: s.clone(),
                measure: p.measure.clone(),
            })
            .collect();
    }
    let mut out: Vec<Target> = Vec::new();
    for f in facts {
        let t = Target {
            subject: f.subject.clone(),
            measure: Some(f.measure.clone()),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// "Qingshui's", "the tertiary industry's" without a capital.
fn possessive_lower(subject: &str) -> String {
    if subject.ends_with('s') {
        format!("{subject}'")
    } else {
        format!("{subject}'s")
    }
}

/// Joins the answers to the two halves of a question ("What was X in 2021, and how fast
/// did it grow?"), renumbering the second half's citations after the first's.
pub fn merge(mut first: Draft, second: Draft) -> Draft {
    let mut renumber = HashMap::new();
    for c in second.citations {
        let existing = first
            .citations
            .iter()
            .find(|f| f.doc_id == c.doc_id && f.start == c.start && f.end == c.end)
            .map(|f| f.n);
        let n = existing.unwrap_or_else(|| {
            let n = first.citations.len() + 1;
            first.citations.push(Citation { n, ..c.clone() });
            n
        });
        renumber.insert(c.n, n);
    }
    let answer = regex!(r"\[(\d+)\]").replace_all(&second.answer, |c: &regex::Captures| {
        let n: usize = c[1].parse().unwrap_or(0);
        format!("[{}]", renumber.get(&n).copied().unwrap_or(n))
    });
    first.answer = format!("{} {answer}", first.answer);
    for mut used in second.facts {
        used.n = renumber.get(&used.n).copied().unwrap_or(used.n);
        if !first.facts.iter().any(|u| u.fact.id == used.fact.id) {
            first.facts.push(used);
        }
    }
    first.notes.extend(second.notes);
    first.derivation = match (first.derivation, second.derivation) {
        (Some(mut a), Some(b)) => {
            a.expression = format!("{}; {}", a.expression, b.expression);
            Some(a)
        }
        (a, b) => a.or(b),
    };
    first.answered = first.answered && second.answered;
    first
}

enum Outcome {
    Answered,
    /// The table has the subject but not what was asked; the draft says what it has.
    Refused,
    NotFound,
}

struct Composer<'a, 'k> {
    k: &'a Knowledge<'k>,
    d: Draft,
}

impl<'k> Composer<'_, 'k> {
    fn doc_index(&self, doc_id: &str) -> usize {
        self.k
            .corpus
            .documents
            .iter()
            .position(|d| d.id == doc_id)
            .unwrap_or(0)
    }

    /// Cites a span of a document, returning its number (reusing an equal citation).
    fn cite(&mut self, doc: usize, span: Span) -> usize {
        let document = &self.k.corpus.documents[doc];
        if let Some(c) = self
            .d
            .citations
            .iter()
            .find(|c| c.doc_id == document.id && c.start == span.start && c.end == span.end)
        {
            return c.n;
        }
        let n = self.d.citations.len() + 1;
        self.d.citations.push(citation(n, document, span));
        n
    }

    /// Cites the sentence of a fact and records the fact as used.
    fn cite_fact(&mut self, fact: &Fact) -> usize {
        let n = self.cite(self.doc_index(&fact.doc_id), fact.sentence);
        if !self.d.facts.iter().any(|u| u.fact.id == fact.id) {
            self.d.facts.push(UsedFact {
                n,
                fact: fact.clone(),
            });
        }
        n
    }

    /// True when the facts used hold every focus word of the question ("what
    /// transformation..." is not answered by a ratio).
    fn answers_focus(&self, p: &Parsed) -> bool {
        p.focus.iter().all(|f| {
            self.d
                .facts
                .iter()
                .any(|u| own_stems(&u.fact).iter().any(|w| text::stems_match(w, f)))
        })
    }

    /// Records a computation; several in one answer are all kept, in order.
    fn derive(&mut self, expression: String, result: f64, unit: &str) {
        match &mut self.d.derivation {
            Some(d) if !d.expression.contains(&expression) => {
                d.expression = format!("{}; {expression}", d.expression);
            }
            Some(_) => {}
            None => {
                self.d.derivation = Some(Derivation {
                    expression,
                    result,
                    unit: unit.to_string(),
                })
            }
        }
    }

    fn related(&mut self, p: &Parsed) {
        let words = query_words(p);
        let hits = self.k.text.search(&words, 3);
        for (id, _) in hits {
            let Some(passage) = self.k.passages.get(id) else {
                continue;
            };
            let doc = &self.k.corpus.documents[passage.doc];
            let n = self.d.related.len() + 1;
            self.d.related.push(citation(n, doc, passage.span));
        }
    }

    // ----- metadata -------------------------------------------------------------

    fn meta(&mut self, p: &Parsed) -> bool {
        let Some(key) = p.meta else {
            return false;
        };
        let docs = self.docs_for(p);
        let mut parts = Vec::new();
        let mut missing = Vec::new();
        for doc_index in docs {
            let doc = &self.k.corpus.documents[doc_index];
            let wanted = match key {
                MetaKey::Date => "date",
                MetaKey::Source => "source",
                MetaKey::Title => "title",
                MetaKey::Url => "url",
            };
            let field = doc
                .fields
                .iter()
                .find(|f| f.key == wanted || (wanted == "source" && f.key == "publisher"))
                .cloned();
            let Some(field) = field else {
                missing.push(format!("“{}”", doc.title));
                continue;
            };
            let n = self.cite(doc_index, field.line);
            let title = &doc.title;
            parts.push(match key {
                MetaKey::Date => {
                    // Print the ISO form only when the cited line holds it.
                    let line = field.line.of(&doc.text);
                    match human_date(&field.value) {
                        Some(h) if line.contains(&field.value) => {
                            format!("“{title}” was published on {h} ({}) [{n}]", field.value)
                        }
                        Some(h) => format!("“{title}” was published on {h} [{n}]"),
                        None => format!("“{title}” was published on {} [{n}]", field.value),
                    }
                }
                MetaKey::Source => format!("“{title}” was published by {} [{n}]", field.value),
                MetaKey::Title => format!("The article is titled “{}” [{n}]", field.value),
                MetaKey::Url => format!("“{title}” is at {} [{n}]", field.value),
            });
        }
        if parts.is_empty() {
            if missing.is_empty() {
                return false;
            }
            self.d.answer = format!("The corpus does not give that for {}.", join_list(&missing));
            return true;
        }
        self.d.answer = format!("{}.", parts.join("; "));
        self.d.answered = true;
        true
    }

    /// The documents a question is about: those whose title or place it names, else all.
    fn docs_for(&self, p: &Parsed) -> Vec<usize> {
        let docs = &self.k.corpus.documents;
        let named: Vec<usize> = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                let title: Vec<String> =
                    text::words(&d.title).into_iter().map(|w| w.stem).collect();
                p.place.as_deref().is_some_and(|pl| {
                    d.place
                        .as_deref()
                        .is_some_and(|dp| dp.eq_ignore_ascii_case(pl))
                }) || p
                    .topic
                    .iter()
                    .any(|t| title.iter().any(|w| text::stems_match(w, t)))
            })
            .map(|(i, _)| i)
            .collect();
        if named.is_empty() {
            (0..docs.len()).collect()
        } else {
            named
        }
    }

    // ----- figures --------------------------------------------------------------

    /// Facts about what the question names: its lexicon subjects, or else facts whose
    /// subject holds a question word and whose paragraph holds all of them.
    fn subject_facts(&self, p: &Parsed, kinds: &[FactKind]) -> Vec<&'k Fact> {
        let facts: &'k [Fact] = self.k.facts;
        if p.subjects.is_empty() && p.topic.is_empty() {
            return Vec::new();
        }
        let facts: Vec<&'k Fact> = facts
            .iter()
            .filter(|f| kinds.contains(&f.kind))
            .filter(|f| self.place_ok(p, f))
            .filter(|f| {
                if !p.subjects.is_empty() {
                    p.subjects.contains(&f.subject) && self.topic_covered(p, f, false)
                } else {
                    self.topic_covered(p, f, true)
                }
            })
            .filter(|f| match (&p.measure, f.kind) {
                (Some(m), FactKind::Amount) => measure_is(self.k, f, m),
                _ => true,
            })
            .filter(|f| self.names_in_sentence(p, f.sentence, &f.doc_id, &f.subject))
            .filter(|f| counts_what_is_asked(p, f))
            .filter(|f| {
                // "How much tea did Qingxi produce": an amount of output, not of income.
                p.verb_measure.is_empty()
                    || f.kind != FactKind::Amount
                    || own_stems(f)
                        .iter()
                        .any(|o| p.verb_measure.iter().any(|v| text::stems_match(o, v)))
            })
            .collect();
        if !p.subjects.is_empty() {
            return facts;
        }
        // Without a lexicon subject, the rows whose own words hold the most of the
        // question's words are what it asks about.
        let best = facts.iter().map(|f| own_score(self.k, p, f)).max();
        facts
            .into_iter()
            .filter(|f| Some(own_score(self.k, p, f)) == best)
            .collect()
    }

    /// True when the sentence at `span` holds every name the question uses (a long
    /// name may have one word that only its paragraph holds: "Development" of "the
    /// High-tech Industrial Development Zone", called "the high-tech zone" there).
    fn names_in_sentence(&self, p: &Parsed, span: Span, doc_id: &str, subject: &str) -> bool {
        if p.names.is_empty() {
            return true;
        }
        let doc_index = self.doc_index(doc_id);
        let doc = &self.k.corpus.documents[doc_index];
        let sentence = span.of(&doc.text);
        // "They earned...": the names of whom "they" are stand in the sentence before.
        let before =
            if regex!(r"^(?:It|Its|They|Their|The sector|The industry|The zone|This|These)\b")
                .is_match(sentence)
            {
                self.k
                    .passage_at
                    .get(&(doc_index, span.start))
                    .and_then(|&id| id.checked_sub(1))
                    .and_then(|id| self.k.passages.get(id))
                    .filter(|q| q.doc == doc_index)
                    .map_or("", |q| q.span.of(&doc.text))
            } else {
                ""
            };
        let here = self.k.passage_at.get(&(doc_index, span.start)).copied();
        let mut stems: Vec<String> = text::words(subject).into_iter().map(|w| w.stem).collect();
        match here {
            Some(id) => stems.extend(self.stems_of(id)),
            None => stems.extend(text::words(sentence).into_iter().map(|w| w.stem)),
        }
        if !before.is_empty()
            && let Some(id) = here.and_then(|id| id.checked_sub(1))
        {
            stems.extend(self.stems_of(id));
        }
        let missing: Vec<&String> = p.names.iter().filter(|n| !stems.contains(n)).collect();
        match missing.as_slice() {
            [] => true,
            [one] if p.names.len() >= 3 => self
                .k
                .passage_at
                .get(&(doc_index, span.start))
                .map(|&id| self.k.passages[id].paragraph)
                .is_some_and(|paragraph| {
                    self.k
                        .passages
                        .iter()
                        .filter(|q| q.doc == doc_index && q.paragraph == paragraph)
                        .any(|q| self.stems_of(q.id).any(|w| &w == *one))
                }),
            _ => false,
        }
    }

    fn place_ok(&self, p: &Parsed, f: &Fact) -> bool {
        match (&p.place, &f.place) {
            (Some(asked), Some(place)) => place.to_lowercase() == *asked,
            (Some(_), None) => false,
            _ => true,
        }
    }

    /// Every topic word is in the fact's subject, measure, unit or paragraph; with
    /// `need_subject`, at least one is in the subject itself.
    fn topic_covered(&self, p: &Parsed, f: &Fact, need_subject: bool) -> bool {
        if p.topic.is_empty() {
            return !need_subject || p.subjects.is_empty();
        }
        let own = own_stems(f);
        let context = self.paragraph_words(f);
        let in_own = |t: &String| own.iter().any(|w| fits(self.k, w, t));
        let missing = p
            .topic
            .iter()
            .filter(|t| !in_own(t) && !context.iter().any(|w| fits(self.k, w, t)))
            .count();
        // A long question may carry one word its paragraph does not repeat.
        let allowed = usize::from(p.topic.len() >= 4);
        missing <= allowed && (!need_subject || p.topic.iter().any(in_own))
    }

    fn paragraph_words(&self, f: &Fact) -> Vec<String> {
        let doc = self.doc_index(&f.doc_id);
        let Some(&id) = self.k.passage_at.get(&(doc, f.sentence.start)) else {
            return Vec::new();
        };
        let paragraph = self.k.passages[id].paragraph;
        self.k
            .passages
            .iter()
            .filter(|q| q.doc == doc && q.paragraph == paragraph)
            .flat_map(|q| self.stems_of(q.id))
            .collect()
    }

    /// The stems of a passage's words, from the table made when the engine opened.
    fn stems_of(&self, id: usize) -> impl Iterator<Item = String> + '_ {
        self.k
            .passage_words
            .get(id)
            .into_iter()
            .flatten()
            .map(|w| w.stem.clone())
    }

    fn figures(&mut self, p: &Parsed) -> Outcome {
        if !p.subjects.is_empty() {
            let named = self.k.facts.iter().any(|f| {
                p.subjects.contains(&f.subject)
                    && self.place_ok(p, f)
                    && self.names_in_sentence(p, f.sentence, &f.doc_id, &f.subject)
            });
            if !named {
                // A sector word inside a name ("the High-tech Industrial Development
                // Zone"), or a sector the place's article does not have ("agricultural
                // output value" in an article on farming): read the question by its words.
                let mut plain = p.clone();
                plain.subjects.clear();
                plain.topic.extend(p.subject_words.iter().cloned());
                return self.figures_of(&plain);
            }
        }
        self.figures_of(p)
    }

    fn figures_of(&mut self, p: &Parsed) -> Outcome {
        match p.op {
            Op::Lookup => {
                let outcome = self.lookup(p);
                // "each rural tourist visit", "per capita GDP": an average the article may
                // only give the parts of, unless the figure found is that average.
                let averaged = self
                    .d
                    .facts
                    .iter()
                    .any(|u| regex!(r"\b(?:per|each|average)\b").is_match(&u.fact.measure));
                if averaged || !regex!(r"(?i)\b(?:per|each|every) [a-z]").is_match(&p.text) {
                    return outcome;
                }
                let saved = std::mem::take(&mut self.d);
                match self.per_unit(p) {
                    Outcome::Answered => Outcome::Answered,
                    _ => {
                        self.d = saved;
                        outcome
                    }
                }
            }
            Op::Growth | Op::PercentChange | Op::AbsoluteChange => match self.growth(p) {
                // "worth in 1949, judging by its growth": a value, stated or implied.
                Outcome::Refused | Outcome::NotFound
                    if p.op == Op::Growth
                        && p.years.at.is_some()
                        && p.years.from.is_none()
                        && regex!(r"(?i)\b(?:worth|value|how big|how large|size)\b")
                            .is_match(&p.text) =>
                {
                    self.d = Draft::default();
                    self.lookup(p)
                }
                outcome => outcome,
            },
            Op::Cagr => self.cagr(p),
            Op::Implied => self.implied(p, true),
            Op::Share => self.share(p),
            Op::ShareChange => self.share_change(p),
            Op::Sum | Op::Difference | Op::Ratio => self.combine(p),
            Op::Max | Op::Min => self.extreme(p),
            Op::Structure => self.structure(p),
            Op::Period => self.period(p),
            Op::Count | Op::List => self.count(p),
        }
    }

    fn lookup(&mut self, p: &Parsed) -> Outcome {
        let wants_amount = p.unit.is_some()
            || regex!(
                r"(?i)\b(?:value of|worth|how much (?:was|were|is|are)|how big|how large|size of)\b"
            )
            .is_match(&p.text);
        let kinds: &[FactKind] = if p.measure.is_some() || wants_amount {
            &[FactKind::Amount]
        } else {
            &[
                FactKind::Amount,
                FactKind::Share,
                FactKind::Percent,
                FactKind::Change,
                FactKind::Count,
            ]
        };
        let facts = self.subject_facts(p, kinds);
        if facts.is_empty() {
            // An amount asked of something the article gives only as a change or share.
            let all = [
                FactKind::Amount,
                FactKind::Share,
                FactKind::Percent,
                FactKind::Change,
                FactKind::Multiple,
            ];
            let other = self.subject_facts(p, &all);
            if wants_amount && !other.is_empty() {
                let targets = distinct_targets(&other, p);
                return self.refuse_with_available(p, &targets, &all);
            }
            return Outcome::NotFound;
        }
        let year = p.years.at.or(p.years.to).or(p.years.from);
        let kind = [
            FactKind::Amount,
            FactKind::Share,
            FactKind::Percent,
            FactKind::Change,
            FactKind::Count,
        ]
        .into_iter()
        .find(|k| facts.iter().any(|f| f.kind == *k))
        .unwrap_or(FactKind::Amount);
        let facts: Vec<&Fact> = facts.into_iter().filter(|f| f.kind == kind).collect();
        let targets = distinct_targets(&facts, p);
        let mut sentences = Vec::new();
        let mut missing = Vec::new();
        for target in &targets {
            let of_subject: Vec<&Fact> = facts
                .iter()
                .copied()
                .filter(|f| target.holds(f, self.k))
                .collect();
            let chosen: Vec<&Fact> = match year {
                Some(y) => of_subject
                    .iter()
                    .copied()
                    .filter(|f| f.year == Some(y))
                    .collect(),
                None => latest(&of_subject),
            };
            if chosen.is_empty() {
                // A value the table implies though it does not state it.
                if kind == FactKind::Amount
                    && year.is_some()
                    && self.implied_one(p, target, year).is_some()
                {
                    return Outcome::Answered;
                }
                missing.push(target.clone());
                continue;
            }
            let fact = pick_unit(&chosen, p.unit.as_deref());
            let n = self.cite_fact(fact);
            let mut sentence = state(fact, n);
            if let Some(asked) = &p.unit
                && &fact.unit != asked
                && kind == FactKind::Amount
            {
                sentence.push_str(&format!(
                    " (the article gives it in {}, not in {asked})",
                    fact.unit
                ));
            }
            sentences.push(sentence);
            if kind == FactKind::Share && fact.measure == "structure" {
                self.structure_note(fact.year, &fact.doc_id);
            }
        }
        if sentences.is_empty() {
            return self.refuse_with_available(p, &missing, &[kind]);
        }
        self.d.answer = join_sentences(&sentences);
        self.append_notes();
        self.d.answered = true;
        Outcome::Answered
    }

    /// States the value a multiple implies for its base year: value ÷ multiple.
    fn implied(&mut self, p: &Parsed, explicit: bool) -> Outcome {
        let targets = self.question_targets(p, &[FactKind::Multiple, FactKind::Amount]);
        let year = p.years.at.or(p.years.from);
        for target in targets {
            // A stated value wins over an implied one.
            let stated: Vec<&Fact> = self
                .k
                .facts
                .iter()
                .filter(|f| {
                    f.kind == FactKind::Amount
                        && target.holds(f, self.k)
                        && year.is_some()
                        && f.year == year
                })
                .filter(|f| self.place_ok(p, f))
                .collect();
            if let Some(fact) = stated.first().copied() {
                let n = self.cite_fact(fact);
                self.d.answer = format!(
                    "{} The article states it, so no estimate is needed.",
                    state(fact, n)
                );
                self.d.answered = true;
                return Outcome::Answered;
            }
            if self.implied_one(p, &target, year).is_some() {
                return Outcome::Answered;
            }
        }
        if explicit {
            return self.refuse_with_available(
                p,
                &lexicon_targets(p),
                &[FactKind::Amount, FactKind::Multiple],
            );
        }
        Outcome::NotFound
    }

    fn implied_one(&mut self, p: &Parsed, target: &Target, year: Option<i32>) -> Option<()> {
        let subject = target.subject.as_str();
        let Some(multiple) = self.k.facts.iter().find(|f| {
            f.kind == FactKind::Multiple
                && target.holds(f, self.k)
                && f.base_year.is_some()
                && (year.is_none() || f.base_year == year)
                && self.place_ok(p, f)
        }) else {
            return self.implied_by_change(p, target, year);
        };
        let amount = self.k.facts.iter().find(|f| {
            f.kind == FactKind::Amount
                && target.holds(f, self.k)
                && f.year == multiple.year
                && f.doc_id == multiple.doc_id
                && p.measure.as_ref().is_none_or(|m| measure_is(self.k, f, m))
        })?;
        let base_year = multiple.base_year?;
        let value = amount.value / multiple.value;
        let a = self.cite_fact(amount);
        let m = self.cite_fact(multiple);
        let shown = format!("{} {}", fmt_scaled(value, 3), amount.unit);
        let expression = format!(
            "{} ÷ {} = {}",
            fmt_scaled(amount.value, 4),
            fmt_number(multiple.value),
            shown
        );
        // "more than 250 times" makes the earlier value smaller than this, "nearly
        // triple" larger.
        let bound = match multiple.qualifier.as_deref() {
            Some("more than" | "over" | "above" | "exceeding" | "at least" | "just over") => {
                " an upper bound"
            }
            Some(
                "nearly" | "almost" | "under" | "less than" | "below" | "close to" | "just under"
                | "up to",
            ) => " a lower bound",
            Some(_) => " an approximation",
            None => "",
        };
        let hedge = if bound.is_empty() {
            String::new()
        } else {
            format!(
                " Because the multiple is stated as “{}”, this is{bound}.",
                stated_multiple(multiple)
            )
        };
        self.d.answer = format!(
            "About {shown}: the article does not state {}'s {} for {base_year}, but it gives {} for {} [{a}] as {} that of {base_year} [{m}], and {expression}.{hedge}",
            subject,
            amount.measure,
            amount.surface,
            amount.year.map_or_else(String::new, |y| y.to_string()),
            stated_multiple(multiple),
        );
        self.derive(expression, value, &amount.unit);
        self.d.answered = true;
        Some(())
    }

    /// The value of the year before a stated percent change: "38,450 yuan in 2019, up 7.9
    /// percent from a year earlier" implies 38,450 ÷ 1.079 for 2018.
    fn implied_by_change(&mut self, p: &Parsed, target: &Target, year: Option<i32>) -> Option<()> {
        let year = year?;
        let change = self.k.facts.iter().find(|f| {
            f.kind == FactKind::Change
                && f.unit == "percent"
                && target.holds(f, self.k)
                && f.base_year == Some(year)
                && self.place_ok(p, f)
        })?;
        let amount = self.k.facts.iter().find(|f| {
            f.kind == FactKind::Amount
                && target.holds(f, self.k)
                && f.year == change.year
                && f.doc_id == change.doc_id
        })?;
        let value = amount.value / (1.0 + change.value / 100.0);
        let a = self.cite_fact(amount);
        let c = self.cite_fact(change);
        let unit = if amount.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", amount.unit)
        };
        let rounded = if value.abs() >= 1000.0 && value.abs() < 1e6 {
            value.round()
        } else {
            value
        };
        let shown = format!("{}{unit}", fmt_scaled(rounded, 3));
        let factor = fmt_number_places(1.0 + change.value / 100.0, 4);
        let expression = format!("{} ÷ {factor} = {shown}", fmt_scaled(amount.value, 4));
        self.d.answer = format!(
            "About {shown}: the article does not state {} for {year}, but it gives {} for {} [{a}], a change of {} percent from {year} [{c}], and {expression}.",
            target.name(amount.place.as_deref()),
            amount.surface,
            year_text(amount.year),
            fmt_signed(change.value),
        );
        self.derive(expression, value, &amount.unit);
        self.d.answered = true;
        Some(())
    }

    /// An amount per person or per thing the article does not state: the amount divided
    /// by the population ("per capita GDP"), or by a number of things in the same year
    /// ("revenue per rural tourist visit").
    fn per_unit(&mut self, p: &Parsed) -> Outcome {
        let year = p.years.at.or(p.years.to);
        let per_person =
            regex!(r"(?i)\bper (?:capita|person|head|resident|inhabitant)\b").is_match(&p.text);
        let divisor_words: Vec<String> = if per_person {
            vec![search::stem("population")]
        } else {
            match regex!(r"(?i)\b(?:each|per|every)\s+((?:[a-z-]+\s+){0,2}[a-z-]+?)(?:\s+(?:bring|generate|earn|spend|cost|in|on|did|does|was|is)\b|[?.,]|$)").captures(&p.text) {
                Some(c) => text::words(&c[1]).into_iter().map(|w| w.stem).collect(),
                None => return Outcome::NotFound,
            }
        };
        let mut plain = p.clone();
        plain.topic.retain(|t| {
            !["capita", "person", "head", "resid", "inhabit"].contains(&t.as_str())
                && !divisor_words.contains(t)
        });
        plain.counted.clear();
        let amounts = self.subject_facts(&plain, &[FactKind::Amount]);
        let Some(amount) = amounts
            .iter()
            .copied()
            .filter(|f| year.is_none_or(|y| f.year == Some(y)) && is_money(&f.unit))
            .find(|f| !f.measure.contains("per capita"))
        else {
            return Outcome::NotFound;
        };
        let divisor_of = |f: &Fact| {
            let own = own_stems(f);
            divisor_words
                .iter()
                .all(|d| own.iter().any(|o| text::stems_match(o, d)))
        };
        let Some(divisor) = self.k.facts.iter().find(|f| {
            f.kind == FactKind::Amount
                && !is_money(&f.unit)
                && f.doc_id == amount.doc_id
                && (per_person || f.subject == amount.subject || f.place == amount.place)
                && (f.year == amount.year || f.year_inferred || amount.year_inferred)
                && divisor_of(f)
        }) else {
            return Outcome::NotFound;
        };
        let value = amount.value / divisor.value;
        let a = self.cite_fact(amount);
        let n = self.cite_fact(divisor);
        let each = if per_person {
            "per person".to_string()
        } else {
            format!("per {}", divisor.measure.trim_start_matches("number of "))
        };
        let shown = format!(
            "{} {} {each}",
            fmt_number(if value >= 100.0 { value.round() } else { value }),
            amount.unit
        );
        let expression = format!(
            "{} ÷ {} = {shown}",
            fmt_scaled(amount.value, 4),
            fmt_scaled(divisor.value, 4)
        );
        self.d.answer = format!(
            "About {shown}: the article states no such average, but it gives {} {} [{a}] and {} {} [{n}], and {expression}.",
            label(amount),
            amount.surface,
            label(divisor),
            divisor.surface,
        );
        self.derive(expression, value, &format!("{} {each}", amount.unit));
        self.d.answered = true;
        Outcome::Answered
    }

    /// A target's facts where the question asks, and those of them that are amounts of
    /// the measure it names.
    fn target_facts(&self, p: &Parsed, target: &Target) -> (Vec<&'k Fact>, Vec<&'k Fact>) {
        let facts: &'k [Fact] = self.k.facts;
        let of_target: Vec<&'k Fact> = facts
            .iter()
            .filter(|f| target.holds(f, self.k) && self.place_ok(p, f))
            .collect();
        let amounts = of_target
            .iter()
            .copied()
            .filter(|f| {
                f.kind == FactKind::Amount
                    && p.measure.as_ref().is_none_or(|m| measure_is(self.k, f, m))
            })
            .collect();
        (of_target, amounts)
    }

    fn growth(&mut self, p: &Parsed) -> Outcome {
        let targets =
            self.question_targets(p, &[FactKind::Multiple, FactKind::Amount, FactKind::Change]);
        if targets.is_empty() {
            return Outcome::NotFound;
        }
        let mut sentences = Vec::new();
        let mut missing = Vec::new();
        for target in &targets {
            match self.growth_of(p, target) {
                Some(s) => sentences.push(s),
                None => missing.push(target.clone()),
            }
        }
        if sentences.is_empty() {
            return self.refuse_with_available(
                p,
                &missing,
                &[FactKind::Multiple, FactKind::Change, FactKind::Amount],
            );
        }
        self.d.answer = join_sentences(&sentences);
        self.append_notes();
        self.d.answered = true;
        Outcome::Answered
    }

    /// One subject's growth between the asked years (or the years the text gives).
    fn growth_of(&mut self, p: &Parsed, target: &Target) -> Option<String> {
        let subject = target.subject.as_str();
        let from = p.years.from;
        let to = p.years.to.or(p.years.at);
        let (facts, amounts) = self.target_facts(p, target);
        // "How fast", "year-on-year", "what rate": a percent change, not a multiple.
        let wants_rate = regex!(r"(?i)\b(?:year-on-year|yoy|how fast|rate|percent|percentage)\b")
            .is_match(&p.text);
        let stated = facts.iter().copied().find(|f| {
            f.kind == FactKind::Multiple
                && (from.is_none() || f.base_year == from)
                && (to.is_none() || f.year == to)
        });
        let stated = stated.filter(|_| {
            !wants_rate
                || !facts
                    .iter()
                    .any(|f| f.kind == FactKind::Change && (to.is_none() || f.year == to))
        });
        let change = facts.iter().copied().find(|f| {
            f.kind == FactKind::Change
                && (from.is_none() || f.base_year == from)
                && (to.is_none() || f.year == to)
        });
        let (start_year, end_year) = match stated {
            Some(m) => (m.base_year, m.year),
            None => (from, to),
        };
        let pair = amount_pair(&amounts, start_year, end_year, p.unit.as_deref());
        if p.op == Op::AbsoluteChange || p.op == Op::PercentChange {
            if let (Op::PercentChange, Some(c), None) = (p.op, change, pair) {
                let n = self.cite_fact(c);
                return Some(state(c, n));
            }
            let (a, b) = pair?;
            let na = self.cite_fact(a);
            let nb = self.cite_fact(b);
            let (expression, result, unit, shown) = if p.op == Op::AbsoluteChange {
                let r = b.value - a.value;
                let shown = format!("{} {}", fmt_scaled(r, 4), b.unit);
                (
                    format!(
                        "{} − {} = {shown}",
                        fmt_scaled(b.value, 4),
                        fmt_scaled(a.value, 4)
                    ),
                    r,
                    b.unit.clone(),
                    shown,
                )
            } else {
                let r = (b.value / a.value - 1.0) * 100.0;
                let shown = format!("{} percent", fmt_percent(r));
                (
                    format!(
                        "({} ÷ {} − 1) × 100 = {shown}",
                        fmt_scaled(b.value, 4),
                        fmt_scaled(a.value, 4)
                    ),
                    r,
                    "percent".to_string(),
                    shown,
                )
            };
            self.derive(expression.clone(), result, &unit);
            return Some(format!(
                "{}'s {} changed by {shown} from {} ({} [{na}]) to {} ({} [{nb}]): {expression}.",
                capitalise(subject),
                a.measure,
                year_text(a.year),
                a.surface,
                year_text(b.year),
                b.surface
            ));
        }
        if let Some(m) = stated {
            let n = self.cite_fact(m);
            let measure = pair
                .map(|(a, _)| a.measure.clone())
                .or_else(|| amounts.first().map(|a| a.measure.clone()))
                .unwrap_or_else(|| "value".to_string());
            let mut sentence = format!(
                "{} {measure} grew {} from {} to {} [{n}].",
                possessive(subject),
                stated_multiple(m),
                year_text(m.base_year),
                year_text(m.year)
            );
            if let Some((a, b)) = pair {
                let na = self.cite_fact(a);
                let nb = self.cite_fact(b);
                let computed = b.value / a.value;
                let expression = format!(
                    "{} ÷ {} = {} times",
                    fmt_scaled(b.value, 4),
                    fmt_scaled(a.value, 4),
                    fmt_times(computed)
                );
                let verdict = if multiple_consistent(m, computed) {
                    format!("consistent with the stated “{}”", quoted_multiple(m))
                } else {
                    let note = format!(
                        "The stated growth of {subject} (“{}”) does not match its stated values: {expression}.",
                        quoted_multiple(m)
                    );
                    self.d.notes.push(note);
                    format!("which does not match the stated “{}”", quoted_multiple(m))
                };
                let refs = if na == nb {
                    format!("[{na}]")
                } else {
                    format!("[{na}][{nb}]")
                };
                sentence.push_str(&format!(
                    " From the stated values {refs}: {expression}, {verdict}."
                ));
                self.derive(expression, computed, "times");
            }
            return Some(sentence);
        }
        if let Some(c) = change {
            let n = self.cite_fact(c);
            return Some(state(c, n));
        }
        let (a, b) = pair?;
        let na = self.cite_fact(a);
        let nb = self.cite_fact(b);
        let computed = b.value / a.value;
        let expression = format!(
            "{} ÷ {} = {} times",
            fmt_scaled(b.value, 4),
            fmt_scaled(a.value, 4),
            fmt_times(computed)
        );
        self.derive(expression.clone(), computed, "times");
        Some(format!(
            "{}'s {} grew {} times from {} ({} [{na}]) to {} ({} [{nb}]): {expression}.",
            capitalise(subject),
            a.measure,
            fmt_times(computed),
            year_text(a.year),
            a.surface,
            year_text(b.year),
            b.surface
        ))
    }

    fn cagr(&mut self, p: &Parsed) -> Outcome {
        // An average annual growth the article states ("an annual growth rate of 13 percent
        // since 2016").
        let stated: Vec<&Fact> = self
            .subject_facts(p, &[FactKind::Change])
            .into_iter()
            .filter(|f| f.measure.ends_with("(average annual growth)"))
            .filter(|f| p.years.from.is_none() || f.base_year == p.years.from)
            .collect();
        if let Some(f) = stated.first() {
            let n = self.cite_fact(f);
            let since = f.base_year.map_or(String::new(), |y| format!(" since {y}"));
            self.d.answer = format!(
                "{} {} grew at an average annual rate of {}{since} [{n}].",
                possessive(&f.subject),
                f.measure.trim_end_matches(" (average annual growth)"),
                figure_phrase(f)
            );
            self.d.answered = true;
            return Outcome::Answered;
        }
        let targets = self.question_targets(p, &[FactKind::Amount, FactKind::Multiple]);
        let mut sentences = Vec::new();
        let mut missing = Vec::new();
        for target in &targets {
            let subject = &target.subject;
            let (facts, amounts) = self.target_facts(p, target);
            let (from, to) = years_between(p, &amounts);
            let sentence = if let Some((a, b)) = amount_pair(&amounts, from, to, p.unit.as_deref())
            {
                let (Some(y0), Some(y1)) = (a.year, b.year) else {
                    missing.push(target.clone());
                    continue;
                };
                let years = (y1 - y0) as f64;
                let rate = ((b.value / a.value).powf(1.0 / years) - 1.0) * 100.0;
                let na = self.cite_fact(a);
                let nb = self.cite_fact(b);
                let expression = format!(
                    "({} ÷ {})^(1/{}) − 1 = {} percent a year",
                    fmt_scaled(b.value, 4),
                    fmt_scaled(a.value, 4),
                    y1 - y0,
                    fmt_percent(rate)
                );
                self.derive(expression.clone(), rate, "percent");
                let refs = if na == nb {
                    format!("[{na}]")
                } else {
                    format!("[{na}][{nb}]")
                };
                format!(
                    "{}'s {} grew at an average annual rate of {} percent from {y0} to {y1}, from {} to {} {refs}: {expression}.",
                    capitalise(subject),
                    a.measure,
                    fmt_percent(rate),
                    a.surface,
                    b.surface
                )
            } else if let Some(m) = facts.iter().copied().find(|f| {
                f.kind == FactKind::Multiple
                    && (p.years.from.is_none() || f.base_year == p.years.from)
                    && (p.years.to.is_none() || f.year == p.years.to)
            }) {
                let (Some(y0), Some(y1)) = (m.base_year, m.year) else {
                    missing.push(target.clone());
                    continue;
                };
                let rate = (m.value.powf(1.0 / f64::from(y1 - y0)) - 1.0) * 100.0;
                let n = self.cite_fact(m);
                let expression = format!(
                    "{}^(1/{}) − 1 = {} percent a year",
                    fmt_number(m.value),
                    y1 - y0,
                    fmt_percent(rate)
                );
                self.derive(expression.clone(), rate, "percent");
                format!(
                    "{} grew at an average annual rate of about {} percent from {y0} to {y1}, given its growth of {} [{n}]: {expression}.",
                    capitalise(subject),
                    fmt_percent(rate),
                    stated_multiple(m)
                )
            } else {
                missing.push(target.clone());
                continue;
            };
            sentences.push(sentence);
        }
        if sentences.is_empty() {
            return self.refuse_with_available(
                p,
                &missing,
                &[FactKind::Amount, FactKind::Multiple],
            );
        }
        self.d.answer = join_sentences(&sentences);
        self.d.answered = true;
        Outcome::Answered
    }

    fn share(&mut self, p: &Parsed) -> Outcome {
        let facts = self.subject_facts(p, &[FactKind::Share]);
        let year = p.years.at.or(p.years.to);
        let chosen: Vec<&Fact> = match year {
            Some(y) => facts
                .iter()
                .copied()
                .filter(|f| {
                    f.year == Some(y) || f.year.is_none() && facts.iter().all(|g| g.year.is_none())
                })
                .collect(),
            None => facts.clone(),
        };
        if chosen.is_empty() {
            if facts.is_empty() {
                // A share computed from stated values.
                if let Some(outcome) = self.computed_share(p, year) {
                    return outcome;
                }
                return if p.subjects.is_empty() {
                    Outcome::NotFound
                } else {
                    self.refuse_with_available(p, &lexicon_targets(p), &[FactKind::Share])
                };
            }
            return self.refuse_with_available(p, &lexicon_targets(p), &[FactKind::Share]);
        }
        let mut sentences = Vec::new();
        for subject in distinct_subjects(&chosen, p) {
            let of: Vec<&Fact> = chosen
                .iter()
                .copied()
                .filter(|f| f.subject == subject)
                .collect();
            for fact in latest_or_all(&of, year) {
                let n = self.cite_fact(fact);
                sentences.push(state(fact, n));
                if fact.measure == "structure" {
                    self.structure_note(fact.year, &fact.doc_id);
                }
            }
        }
        self.d.answer = join_sentences(&sentences);
        self.append_notes();
        self.d.answered = true;
        Outcome::Answered
    }

    /// A subject's share of the sum of the amounts of all subjects in the same year.
    fn computed_share(&mut self, p: &Parsed, year: Option<i32>) -> Option<Outcome> {
        let subject = p.subjects.first()?;
        let year = year?;
        let amounts: Vec<&Fact> = self
            .k
            .facts
            .iter()
            .filter(|f| {
                f.kind == FactKind::Amount
                    && f.year == Some(year)
                    && self.k.lexicon.is_subject(&f.subject)
            })
            .filter(|f| self.place_ok(p, f) && f.unit == "yuan")
            .collect();
        let parts = one_per_subject(&amounts);
        let own = parts.iter().find(|f| &f.subject == subject)?;
        if parts.len() < 2 {
            return None;
        }
        let total: f64 = parts.iter().map(|f| f.value).sum();
        let share = own.value / total * 100.0;
        let mut refs = String::new();
        for f in &parts {
            let n = self.cite_fact(f);
            refs.push_str(&format!("[{n}]"));
        }
        let expression = format!(
            "{} ÷ ({}) × 100 = {} percent",
            fmt_scaled(own.value, 4),
            parts
                .iter()
                .map(|f| fmt_scaled(f.value, 4))
                .collect::<Vec<_>>()
                .join(" + "),
            fmt_percent(share)
        );
        self.d.answer = format!(
            "{} made up {} percent of the combined {} of the {} sectors the article gives for {year} {refs}: {expression}.",
            capitalise(subject),
            fmt_percent(share),
            own.measure,
            parts.len(),
        );
        self.derive(expression, share, "percent");
        self.d.answered = true;
        Some(Outcome::Answered)
    }

    fn share_change(&mut self, p: &Parsed) -> Outcome {
        let facts = self.subject_facts(p, &[FactKind::Share]);
        let subjects = distinct_subjects(&facts, p);
        let mut sentences = Vec::new();
        for subject in subjects {
            let of: Vec<&Fact> = facts
                .iter()
                .copied()
                .filter(|f| f.subject == subject && f.year.is_some())
                .collect();
            let (from, to) = years_between(p, &of);
            let a = of.iter().copied().find(|f| f.year == from);
            let b = of.iter().copied().find(|f| f.year == to);
            let (Some(a), Some(b)) = (a, b) else { continue };
            if a.id == b.id {
                continue;
            }
            let na = self.cite_fact(a);
            let nb = self.cite_fact(b);
            let change = b.value - a.value;
            let expression = format!(
                "{} − {} = {} percentage points",
                fmt_number(b.value),
                fmt_number(a.value),
                fmt_signed(change)
            );
            self.derive(expression.clone(), change, "percentage points");
            let verb = if change < 0.0 { "fell" } else { "rose" };
            sentences.push(format!(
                "{}'s share {verb} from {} percent in {} [{na}] to {} percent in {} [{nb}], a change of {} percentage points ({expression}).",
                capitalise(&subject),
                fmt_number(a.value),
                year_text(a.year),
                fmt_number(b.value),
                year_text(b.year),
                fmt_signed(change)
            ));
            self.structure_note(b.year, &b.doc_id);
        }
        if sentences.is_empty() {
            return if facts.is_empty() {
                Outcome::NotFound
            } else {
                self.refuse_with_available(p, &lexicon_targets(p), &[FactKind::Share])
            };
        }
        self.d.answer = join_sentences(&sentences);
        self.append_notes();
        self.d.answered = true;
        Outcome::Answered
    }

    /// Sum, difference or ratio of the amounts of several subjects in one year.
    fn combine(&mut self, p: &Parsed) -> Outcome {
        let year = p.years.at.or(p.years.to);
        if p.subjects.len() < 2
            && !p.all_subjects
            && let Some(parts) = self.two_indicators(p, year)
        {
            return self.combine_parts(p, parts);
        }
        let subjects: Vec<String> = if p.subjects.len() >= 2 {
            p.subjects.clone()
        } else {
            let mut all: Vec<String> = Vec::new();
            for f in self
                .k
                .facts
                .iter()
                .filter(|f| f.kind == FactKind::Amount && self.k.lexicon.is_subject(&f.subject))
            {
                if !all.contains(&f.subject) {
                    all.push(f.subject.clone());
                }
            }
            all
        };
        if subjects.len() < 2 {
            return Outcome::NotFound;
        }
        let mut parts: Vec<&Fact> = Vec::new();
        let mut missing = Vec::new();
        for s in &subjects {
            let of: Vec<&Fact> = self
                .k
                .facts
                .iter()
                .filter(|f| f.kind == FactKind::Amount && &f.subject == s && self.place_ok(p, f))
                .filter(|f| p.measure.as_ref().is_none_or(|m| measure_is(self.k, f, m)))
                .filter(|f| year.is_none() || f.year == year)
                .collect();
            let of = if year.is_none() { latest(&of) } else { of };
            if of.is_empty() {
                missing.push(s.clone());
            } else {
                parts.push(pick_unit(&of, p.unit.as_deref().or(Some("yuan"))));
            }
        }
        if !missing.is_empty() {
            let missing: Vec<Target> = missing
                .into_iter()
                .map(|subject| Target {
                    subject,
                    measure: p.measure.clone(),
                })
                .collect();
            return self.refuse_with_available(p, &missing, &[FactKind::Amount]);
        }
        self.combine_parts(p, parts)
    }

    /// The two amounts a comparison names without lexicon subjects ("urban ... than
    /// rural per capita disposable income"): the two indicators whose own words hold the
    /// most question words, in the order the question names them.
    fn two_indicators(&self, p: &Parsed, year: Option<i32>) -> Option<Vec<&'k Fact>> {
        let facts: &'k [Fact] = self.k.facts;
        let mut candidates: Vec<&'k Fact> = Vec::new();
        for f in facts
            .iter()
            .filter(|f| f.kind == FactKind::Amount && self.place_ok(p, f))
            .filter(|f| year.is_none_or(|y| f.year == Some(y)))
            .filter(|f| {
                self.topic_covered(p, f, true)
                    && self.names_in_sentence(p, f.sentence, &f.doc_id, &f.subject)
            })
        {
            if !candidates
                .iter()
                .any(|c| c.subject == f.subject && c.measure == f.measure)
            {
                candidates.push(f);
            }
        }
        candidates.sort_by_key(|f| std::cmp::Reverse(own_score(self.k, p, f)));
        let [a, b, ..] = candidates.as_slice() else {
            return None;
        };
        if own_score(self.k, p, a) == 0 || own_score(self.k, p, b) == 0 || a.unit != b.unit {
            return None;
        }
        // The first question word that is in one indicator's own words and not the other's.
        let question = text::words(&p.text);
        let own = |f: &Fact| -> Vec<String> {
            text::words(&format!("{} {}", f.subject, f.measure))
                .into_iter()
                .map(|w| w.stem)
                .collect()
        };
        let (own_a, own_b) = (own(a), own(b));
        let first = |mine: &[String], theirs: &[String]| {
            question
                .iter()
                .position(|w| mine.contains(&w.stem) && !theirs.contains(&w.stem))
                .unwrap_or(usize::MAX)
        };
        let (a, b) = if first(&own_a, &own_b) <= first(&own_b, &own_a) {
            (*a, *b)
        } else {
            (*b, *a)
        };
        Some(vec![a, b])
    }

    fn combine_parts(&mut self, p: &Parsed, parts: Vec<&'k Fact>) -> Outcome {
        let unit = parts[0].unit.clone();
        if parts.iter().any(|f| f.unit != unit) {
            return Outcome::NotFound;
        }
        let refs: Vec<usize> = parts.iter().map(|f| self.cite_fact(f)).collect();
        let listed: Vec<String> = parts
            .iter()
            .zip(&refs)
            .map(|(f, n)| format!("{} {} [{n}]", label(f), f.surface))
            .collect();
        let year_phrase = parts[0].year.map_or(String::new(), |y| format!(" in {y}"));
        let measure = parts[0].measure.clone();
        let (expression, result, sentence) = match p.op {
            Op::Sum => {
                let total: f64 = parts.iter().map(|f| f.value).sum();
                let shown = format!("{} {unit}", fmt_scaled(total, 4));
                let expression = format!(
                    "{} = {shown}",
                    parts
                        .iter()
                        .map(|f| fmt_scaled(f.value, 4))
                        .collect::<Vec<_>>()
                        .join(" + ")
                );
                let sentence = format!(
                    "The combined {measure}{year_phrase} was {shown}: {} ({expression}).",
                    join_list(&listed)
                );
                (expression, total, sentence)
            }
            Op::Difference => {
                let (a, b) = (parts[0], parts[1]);
                let diff = a.value - b.value;
                let shown = format!("{} {unit}", fmt_scaled(diff.abs(), 4));
                let expression = format!(
                    "{} − {} = {}",
                    fmt_scaled(a.value, 4),
                    fmt_scaled(b.value, 4),
                    fmt_scaled(diff, 4)
                );
                let more = if diff >= 0.0 { "more" } else { "less" };
                let sentence = format!(
                    "{}'s {measure}{year_phrase} was {shown} {more} than {}'s: {} against {} ({expression} {unit}).",
                    capitalise(&a.subject),
                    b.subject,
                    listed[0],
                    listed[1]
                );
                (expression, diff, sentence)
            }
            _ => {
                let (a, b) = (parts[0], parts[1]);
                let ratio = a.value / b.value;
                let expression = format!(
                    "{} ÷ {} = {}",
                    fmt_scaled(a.value, 4),
                    fmt_scaled(b.value, 4),
                    fmt_times(ratio)
                );
                let sentence = format!(
                    "{}'s {measure}{year_phrase} was {} times {}'s: {} against {} ({expression}).",
                    capitalise(&a.subject),
                    fmt_times(ratio),
                    b.subject,
                    listed[0],
                    listed[1]
                );
                (expression, ratio, sentence)
            }
        };
        let result_unit = if p.op == Op::Ratio {
            "times".to_string()
        } else {
            unit.clone()
        };
        self.derive(expression, result, &result_unit);
        self.d.answer = sentence;
        if p.op == Op::Sum {
            self.structure_note(parts[0].year, &parts[0].doc_id);
            self.append_notes();
        }
        self.d.answered = true;
        Outcome::Answered
    }

    /// The subject with the largest (or smallest) growth, share or amount.
    fn extreme(&mut self, p: &Parsed) -> Outcome {
        let growth = regex!(r"\b(?:grow|grew|grown|growth|increase|increased|rise|rose|expand|expanded|fastest|slowest|times)\b")
            .is_match(&p.text.to_lowercase());
        let share =
            regex!(r"\b(?:share|proportion|percent|percentage)\b").is_match(&p.text.to_lowercase());
        let (kind, year) = if growth {
            (FactKind::Multiple, p.years.from)
        } else if share {
            (FactKind::Share, p.years.at)
        } else {
            (FactKind::Amount, p.years.at)
        };
        let candidates: Vec<&Fact> = self
            .k
            .facts
            .iter()
            .filter(|f| f.kind == kind && self.place_ok(p, f))
            .filter(|f| p.subjects.len() < 2 || p.subjects.contains(&f.subject))
            .filter(|f| {
                // "Which sector...": the lexicon's sectors; otherwise what the words name.
                self.k.lexicon.is_subject(&f.subject)
                    || (p.subjects.is_empty()
                        && !p.topic.is_empty()
                        && self.topic_covered(p, f, true))
            })
            .filter(|f| match (kind, year) {
                (FactKind::Multiple, Some(y)) => f.base_year == Some(y),
                (_, Some(y)) => f.year == Some(y),
                _ => true,
            })
            .filter(|f| {
                kind != FactKind::Amount || f.unit == "yuan" || p.unit.as_ref() == Some(&f.unit)
            })
            .collect();
        let parts = one_per_subject(&candidates);
        if parts.len() < 2 {
            return Outcome::NotFound;
        }
        let max = p.op == Op::Max;
        let best = parts
            .iter()
            .copied()
            .max_by(|a, b| {
                let o = a
                    .value
                    .partial_cmp(&b.value)
                    .unwrap_or(std::cmp::Ordering::Equal);
                if max { o } else { o.reverse() }
            })
            .expect("at least two candidates");
        let nb = self.cite_fact(best);
        let others: Vec<String> = parts
            .iter()
            .filter(|f| f.id != best.id)
            .map(|f| {
                let n = self.cite_fact(f);
                format!("{} for {} [{n}]", figure_phrase(f), f.subject)
            })
            .collect();
        let word = match (kind, max) {
            (FactKind::Multiple, true) => "grew the most",
            (FactKind::Multiple, false) => "grew the least",
            (FactKind::Share, true) => "had the largest share",
            (FactKind::Share, false) => "had the smallest share",
            (_, true) => "was the largest",
            (_, false) => "was the smallest",
        };
        let span = match kind {
            FactKind::Multiple => format!(
                " from {} to {}",
                year_text(best.base_year),
                year_text(best.year)
            ),
            _ => best.year.map_or(String::new(), |y| format!(" in {y}")),
        };
        self.d.answer = format!(
            "{} {word}: {}{span} [{nb}], against {}.",
            capitalise(&best.subject),
            figure_phrase(best),
            join_list(&others)
        );
        if kind == FactKind::Share {
            self.structure_note(best.year, &best.doc_id);
            self.append_notes();
        }
        self.d.answered = true;
        Outcome::Answered
    }

    fn structure(&mut self, p: &Parsed) -> Outcome {
        let parts: Vec<&Fact> = self
            .k
            .facts
            .iter()
            .filter(|f| {
                f.kind == FactKind::Share && f.measure == "structure" && self.place_ok(p, f)
            })
            .collect();
        if parts.is_empty() {
            return Outcome::NotFound;
        }
        let years: Vec<Option<i32>> = match p.years.at.or(p.years.to) {
            Some(y) => vec![Some(y)],
            None => {
                let mut ys: Vec<Option<i32>> = parts.iter().map(|f| f.year).collect();
                ys.dedup();
                ys
            }
        };
        let mut sentences = Vec::new();
        for year in &years {
            let of: Vec<&Fact> = parts.iter().copied().filter(|f| f.year == *year).collect();
            let Some(first) = of.first() else { continue };
            let n = self.cite_fact(first);
            for f in &of {
                self.cite_fact(f);
            }
            let names: Vec<String> = of
                .iter()
                .map(|f| format!("{} {} {}", f.subject, fmt_number(f.value), f.unit))
                .collect();
            sentences.push(format!(
                "In {} the structure was {} [{n}]: {}.",
                year_text(*year),
                first.surface,
                join_list(&names)
            ));
            self.structure_note(*year, &first.doc_id);
        }
        if sentences.is_empty() {
            return self.refuse_with_available(p, &[], &[FactKind::Share]);
        }
        self.d.answer = join_sentences(&sentences);
        self.append_notes();
        self.d.answered = true;
        Outcome::Answered
    }

    fn period(&mut self, p: &Parsed) -> Outcome {
        let facts = self.subject_facts(p, &[FactKind::Period]);
        if facts.is_empty() {
            return Outcome::NotFound;
        }
        // Prefer the periods whose own name holds the most question words.
        let score = |f: &Fact| {
            let own: Vec<String> = text::words(&f.subject)
                .into_iter()
                .map(|w| w.stem)
                .collect();
            p.topic
                .iter()
                .filter(|t| own.iter().any(|w| w == *t))
                .count()
        };
        let best = facts.iter().map(|f| score(f)).max().unwrap_or(0);
        let chosen: Vec<&Fact> = facts.into_iter().filter(|f| score(f) == best).collect();
        let sentences: Vec<String> = chosen
            .iter()
            .map(|f| {
                let n = self.cite_fact(f);
                format!(
                    "The {} ran from {} to {} [{n}].",
                    f.subject,
                    year_text(f.year),
                    year_text(f.end_year)
                )
            })
            .collect();
        self.d.answer = join_sentences(&sentences);
        self.d.answered = true;
        Outcome::Answered
    }

    fn count(&mut self, p: &Parsed) -> Outcome {
        let facts = self.subject_facts(p, &[FactKind::Count]);
        let facts: Vec<&Fact> = if p.op == Op::List {
            facts.into_iter().filter(|f| !f.items.is_empty()).collect()
        } else {
            facts
        };
        // "How many high-tech enterprises": what is counted must be what the row counts.
        let facts: Vec<&Fact> = facts
            .into_iter()
            .filter(|f| {
                let own: Vec<String> = text::words(&format!("{} {}", f.subject, f.unit))
                    .into_iter()
                    .map(|w| w.stem)
                    .collect();
                p.counted
                    .iter()
                    .all(|c| own.iter().any(|o| text::stems_match(o, c)))
            })
            .collect();
        // The row whose own words hold the most question words; a listed one first.
        let score = |f: &Fact| {
            let own: Vec<String> = text::words(&format!("{} {}", f.subject, f.unit))
                .into_iter()
                .map(|w| w.stem)
                .collect();
            let hits = p
                .topic
                .iter()
                .filter(|t| own.iter().any(|w| text::stems_match(w, t)))
                .count();
            (hits, usize::from(f.items.len() == f.value as usize))
        };
        let Some(best) = facts.iter().copied().max_by_key(|f| score(f)) else {
            // "How many tourists...": a number stated as an amount of something.
            return if p.op == Op::Count {
                self.lookup(p)
            } else {
                Outcome::NotFound
            };
        };
        let n = self.cite_fact(best);
        let count = number_name(best.value);
        self.d.answer = if best.items.is_empty() {
            format!("The article gives {count} {} [{n}].", best.subject)
        } else {
            let all = best.items.len() == best.value as usize;
            let lead = if all { "are" } else { "include" };
            format!(
                "The {count} {} {lead} {} [{n}].",
                best.unit,
                join_list(&best.items)
            )
        };
        self.d.answered = true;
        Outcome::Answered
    }

    /// The subjects a question is about for an operation over `kinds`: its lexicon
    /// subjects, or the subjects of facts its words point to.
    fn question_targets(&self, p: &Parsed, kinds: &[FactKind]) -> Vec<Target> {
        if !p.subjects.is_empty() {
            return lexicon_targets(p);
        }
        let facts = self.subject_facts(p, kinds);
        distinct_targets(&facts, p)
    }

    /// Refuses, saying what the table does have for the subjects asked about.
    fn refuse_with_available(
        &mut self,
        p: &Parsed,
        targets: &[Target],
        kinds: &[FactKind],
    ) -> Outcome {
        self.d = Draft::default();
        let asked: Vec<i32> = p.years.all();
        let mut offers = Vec::new();
        for target in targets {
            let have: Vec<&Fact> = self
                .k
                .facts
                .iter()
                .filter(|f| {
                    target.holds(f, self.k) && kinds.contains(&f.kind) && self.place_ok(p, f)
                })
                .filter(|f| {
                    p.measure
                        .as_ref()
                        .is_none_or(|m| f.kind != FactKind::Amount || measure_is(self.k, f, m))
                })
                .collect();
            if have.is_empty() {
                continue;
            }
            let mut phrases = Vec::new();
            for f in have.iter().take(3) {
                let n = self.cite_fact(f);
                phrases.push(format!("{} [{n}]", figure_with_years(f)));
            }
            let place = have[0].place.as_deref();
            offers.push(format!(
                "for {} it gives {}",
                target.name(place),
                join_list(&phrases)
            ));
        }
        if offers.is_empty() {
            return Outcome::NotFound;
        }
        let years = if asked.is_empty() {
            String::new()
        } else {
            format!(
                " for {}",
                join_list(&asked.iter().map(|y| y.to_string()).collect::<Vec<_>>())
            )
        };
        self.d.answer = format!(
            "The corpus does not give what was asked{years}; {}.",
            offers.join("; ")
        );
        self.d.facts.clear();
        Outcome::Refused
    }

    /// Checks a stated structure against the stated amounts of its parts in that year
    /// and notes a disagreement.
    fn structure_note(&mut self, year: Option<i32>, doc_id: &str) {
        let Some(year) = year else { return };
        let parts: Vec<&Fact> = self
            .k
            .facts
            .iter()
            .filter(|f| {
                f.kind == FactKind::Share
                    && f.measure == "structure"
                    && f.year == Some(year)
                    && f.doc_id == doc_id
                    && f.unit == "percent"
            })
            .collect();
        if parts.len() < 2 {
            return;
        }
        let mut amounts = Vec::new();
        for part in &parts {
            let found = self.k.facts.iter().find(|f| {
                f.kind == FactKind::Amount
                    && f.subject == part.subject
                    && f.year == Some(year)
                    && f.doc_id == doc_id
                    && f.unit == "yuan"
            });
            match found {
                Some(f) => amounts.push(f),
                None => return,
            }
        }
        let total: f64 = amounts.iter().map(|f| f.value).sum();
        let computed: Vec<f64> = amounts.iter().map(|f| f.value / total * 100.0).collect();
        let agrees = parts
            .iter()
            .zip(&computed)
            .all(|(s, c)| (s.value - c).abs() <= 2.0_f64.max(0.1 * s.value));
        if agrees {
            return;
        }
        let values: Vec<String> = amounts.iter().map(|f| fmt_scaled(f.value, 4)).collect();
        let shares: Vec<String> = computed.iter().map(|c| format!("{c:.1}")).collect();
        let expression = format!(
            "shares of {} = {} ÷ ({}) = {} percent",
            fmt_scaled(total, 4),
            values.join(", "),
            values.join(" + "),
            shares.join(" : ")
        );
        let mut refs = String::new();
        let sn = self.cite_fact(parts[0]);
        refs.push_str(&format!("[{sn}]"));
        for f in &amounts {
            let n = self.cite_fact(f);
            if !refs.contains(&format!("[{n}]")) {
                refs.push_str(&format!("[{n}]"));
            }
        }
        let note = format!(
            "The article's own figures disagree: its {year} structure {} does not match its {year} {} of {} {}, which give {} {refs}.",
            parts[0].surface,
            amounts[0].measure,
            join_list(&values),
            amounts[0].unit,
            shares.join(":")
        );
        if self.d.notes.contains(&note) {
            return;
        }
        self.d.notes.push(note);
        // The shares the note prints are computed, so the derivation shows them too.
        let unit = amounts[0].unit.clone();
        self.derive(expression, total, &unit);
    }

    fn append_notes(&mut self) {
        for note in self.d.notes.clone() {
            if !self.d.answer.contains(&note) {
                self.d.answer.push(' ');
                self.d.answer.push_str(&note);
            }
        }
    }

    // ----- passages -------------------------------------------------------------

    /// Answers from the sentence that holds every word of the question (bar one of a
    /// long question, which must then be in the same paragraph), its years and names.
    fn passage(&mut self, p: &Parsed) -> bool {
        let words = query_words(p);
        if words.is_empty() {
            return false;
        }
        let hits = self.k.text.search(&words, 20);
        let mut best: Option<(usize, usize, f32)> = None;
        for (id, score) in hits {
            let Some(passage) = self.k.passages.get(id) else {
                continue;
            };
            if passage.kind != PassageKind::Sentence {
                continue;
            }
            let doc = &self.k.corpus.documents[passage.doc];
            let sentence = passage.span.of(&doc.text);
            let Some(missing) = self.passage_fits(p, passage, sentence) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((_, m, _)) => missing < m,
            };
            if better {
                best = Some((id, missing, score));
            }
        }
        let Some((id, _, _)) = best else { return false };
        let passage = &self.k.passages[id];
        let doc = &self.k.corpus.documents[passage.doc];
        let sentence = passage.span.of(&doc.text);
        let n = self.cite(passage.doc, passage.span);
        let part = relevant_part(sentence, p);
        let part = capitalise(part.trim_end().trim_end_matches(['.', '!', '?', ';']));
        self.d.answer = format!("{part} [{n}].");
        // A next sentence that goes on about the same thing ("It focuses on...") belongs
        // to the answer.
        if let Some(next) = self.k.passages.get(id + 1)
            && next.doc == passage.doc
            && next.paragraph == passage.paragraph
            && next.kind == PassageKind::Sentence
        {
            let text = next.span.of(&doc.text);
            let continues =
                regex!(r"^(?:It|Its|They|Their|This|These|Such|The document|The plan)\b")
                    .is_match(text);
            if continues && self.d.answer.len() + text.len() < 600 {
                let m = self.cite(next.doc, next.span);
                let text = text.trim_end().trim_end_matches(['.', '!', '?', ';']);
                self.d.answer = format!("{} {text} [{m}].", self.d.answer);
            }
        }
        self.d.answered = true;
        true
    }

    /// How many question words a sentence lacks, or None when it cannot answer.
    fn passage_fits(&self, p: &Parsed, passage: &Passage, sentence: &str) -> Option<usize> {
        let own: Vec<String> = self.stems_of(passage.id).collect();
        let doc = &self.k.corpus.documents[passage.doc];
        let paragraph: Vec<String> = self
            .k
            .passages
            .iter()
            .filter(|q| q.doc == passage.doc && q.paragraph == passage.paragraph)
            .flat_map(|q| self.stems_of(q.id))
            .collect();
        let missing: Vec<&String> = p
            .topic
            .iter()
            .filter(|t| !own.iter().any(|w| text::stems_match(w, t)))
            .collect();
        let allowed = usize::from(p.topic.len() >= 4);
        if missing.len() > allowed
            || missing
                .iter()
                .any(|t| !paragraph.iter().any(|w| text::stems_match(w, t)))
        {
            return None;
        }
        if p.topic.is_empty() && p.soft.is_empty() && p.subjects.is_empty() {
            return None;
        }
        // A sector named in the question is in the sentence, by the lexicon or by the
        // question's own word ("agriculture" in a sentence about agriculture).
        let literal = !p.subject_words.is_empty()
            && p.subject_words
                .iter()
                .all(|w| own.iter().any(|o| text::stems_match(o, w)));
        if !p.subjects.is_empty() && !literal {
            let named: Vec<String> = self
                .k
                .lexicon
                .subjects(
                    self.k
                        .passage_words
                        .get(passage.id)
                        .map_or(&[][..], Vec::as_slice),
                )
                .into_iter()
                .map(|m| m.canonical)
                .collect();
            if !p.subjects.iter().all(|s| named.contains(s)) {
                return None;
            }
        }
        let paragraph_text: String = self
            .k
            .passages
            .iter()
            .filter(|q| q.doc == passage.doc && q.paragraph == passage.paragraph)
            .map(|q| q.span.of(&doc.text))
            .collect::<Vec<_>>()
            .join(" ");
        if p.years
            .all()
            .iter()
            .any(|y| !paragraph_text.contains(&y.to_string()))
        {
            return None;
        }
        if p.place.as_deref().is_some_and(|pl| {
            doc.place
                .as_deref()
                .is_none_or(|dp| !dp.eq_ignore_ascii_case(pl))
                && !sentence.to_lowercase().contains(pl)
        }) {
            return None;
        }
        let stems: Vec<String> = own.clone();
        if p.names.iter().any(|n| !stems.contains(n)) {
            return None;
        }
        // "Who" asks for an agent: the sentence must name one ("by the city").
        if p.wh == Wh::Who && !regex!(r"\bby\s+(?:the\s+)?[A-Z]").is_match(sentence) {
            return None;
        }
        // Fewer missing words first, then more of the question's verbs.
        let soft_hits = p
            .soft
            .iter()
            .filter(|t| own.iter().any(|w| text::stems_match(w, t)))
            .count();
        Some(missing.len() * 10 + p.soft.len() - soft_hits)
    }
}

/// The question's lexicon subjects as targets.
fn lexicon_targets(p: &Parsed) -> Vec<Target> {
    p.subjects
        .iter()
        .map(|s| Target {
            subject: s.clone(),
            measure: p.measure.clone(),
        })
        .collect()
}

/// True when the question counts something ("how many high-tech enterprises") and the
/// fact is a number of it, or when it counts nothing.
fn counts_what_is_asked(p: &Parsed, f: &Fact) -> bool {
    if p.counted.is_empty() {
        return true;
    }
    let own: Vec<String> = text::words(&format!("{} {} {}", f.subject, f.measure, f.unit))
        .into_iter()
        .map(|w| w.stem)
        .collect();
    p.counted
        .iter()
        .all(|c| own.iter().any(|o| text::stems_match(o, c)))
}

/// True when the fact measures `m`: as written, with a qualifier ("GDP (first
/// quarter)"), or as the lexicon names its measure.
fn measure_is(k: &Knowledge, f: &Fact, m: &str) -> bool {
    f.measure == m
        || f.measure.starts_with(&format!("{m} ("))
        || k.canonical_measures.get(f.id).is_some_and(|c| c == m)
}

/// True when a word of a fact stands for a word of the question: the same stem (or one
/// a prefix of the other), or one-word aliases of the same lexicon subject.
fn fits(k: &Knowledge, own: &str, asked: &str) -> bool {
    text::stems_match(own, asked) || k.lexicon.same_group(own, asked)
}

/// The stems of a fact's own words: subject, measure, unit, figure and items.
fn own_stems(f: &Fact) -> Vec<String> {
    let own = format!(
        "{} {} {} {} {}",
        f.subject,
        f.measure,
        f.unit,
        f.surface,
        f.items.join(" ")
    );
    text::words(&own).into_iter().map(|w| w.stem).collect()
}

/// How many of the question's words a fact's own words hold; the words of this turn of
/// a follow-up count three times.
fn own_score(k: &Knowledge, p: &Parsed, f: &Fact) -> usize {
    let own = own_stems(f);
    p.topic
        .iter()
        .filter(|t| own.iter().any(|w| fits(k, w, t)))
        .map(|t| if p.emphasis.contains(t) { 3 } else { 1 })
        .sum()
}

/// The words a text search uses: the topic words and the subjects' own words.
fn query_words(p: &Parsed) -> Vec<String> {
    let mut words = p.topic.clone();
    words.extend(p.soft.iter().cloned());
    for s in &p.subjects {
        words.extend(search::analyze(s));
    }
    words.extend(
        text::words(&p.text)
            .into_iter()
            .filter(|w| !p.topic.contains(&w.stem))
            .map(|w| w.stem)
            .take(8),
    );
    words
}

/// The part of a long sentence that answers: from the first clause that holds a
/// question word to the end, or the whole sentence when it is short.
fn relevant_part(sentence: &str, p: &Parsed) -> String {
    // A quotation is kept whole.
    if sentence.len() <= 220 || sentence.starts_with(['"', '“']) {
        return sentence.to_string();
    }
    let mut start = 0;
    for (i, _) in sentence.match_indices(", ") {
        let clause = &sentence[start..i];
        let stems: Vec<String> = text::words(clause).into_iter().map(|w| w.stem).collect();
        let holds = p
            .topic
            .iter()
            .any(|t| stems.iter().any(|w| text::stems_match(w, t)));
        if holds {
            break;
        }
        start = i + 2;
    }
    let part = &sentence[start..];
    if part.len() < 40 {
        sentence.to_string()
    } else {
        part.to_string()
    }
}

fn citation(n: usize, doc: &crate::corpus::Document, span: Span) -> Citation {
    Citation {
        n,
        doc_id: doc.id.clone(),
        title: doc.title.clone(),
        snippet: span.of(&doc.text).to_string(),
        start: span.start,
        end: span.end,
    }
}

/// The subjects of `facts` in the order the question names them, else in table order.
fn distinct_subjects(facts: &[&Fact], p: &Parsed) -> Vec<String> {
    let mut out: Vec<String> = p
        .subjects
        .iter()
        .filter(|s| facts.iter().any(|f| &f.subject == *s))
        .cloned()
        .collect();
    if out.is_empty() {
        for f in facts {
            if !out.contains(&f.subject) {
                out.push(f.subject.clone());
            }
        }
    }
    out
}

/// The first and last years a change is asked between: the question's, or else the
/// earliest and latest the facts give.
fn years_between(p: &Parsed, facts: &[&Fact]) -> (Option<i32>, Option<i32>) {
    let from = p
        .years
        .from
        .or_else(|| facts.iter().filter_map(|f| f.year).min());
    let to = p
        .years
        .to
        .or(p.years.at)
        .or_else(|| facts.iter().filter_map(|f| f.year).max());
    (from, to)
}

/// The facts of the latest year (all of them when none has a year).
fn latest<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let max = facts.iter().filter_map(|f| f.year).max();
    facts.iter().copied().filter(|f| f.year == max).collect()
}

fn latest_or_all<'f>(facts: &[&'f Fact], year: Option<i32>) -> Vec<&'f Fact> {
    if year.is_some() {
        facts.to_vec()
    } else {
        latest(facts)
    }
}

/// One fact per subject (the first of each), keeping order.
fn one_per_subject<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let mut out: Vec<&Fact> = Vec::new();
    for f in facts {
        if !out.iter().any(|g| g.subject == f.subject) {
            out.push(f);
        }
    }
    out
}

/// The fact in the asked unit, else the first stated.
fn pick_unit<'f>(facts: &[&'f Fact], unit: Option<&str>) -> &'f Fact {
    unit.and_then(|u| facts.iter().copied().find(|f| f.unit == u))
        .or_else(|| facts.iter().copied().find(|f| f.unit != "US dollars"))
        .unwrap_or(facts[0])
}

/// The amounts of a subject for two years, in the same unit.
fn amount_pair<'f>(
    amounts: &[&'f Fact],
    from: Option<i32>,
    to: Option<i32>,
    unit: Option<&str>,
) -> Option<(&'f Fact, &'f Fact)> {
    let (from, to) = (from?, to?);
    let a: Vec<&Fact> = amounts
        .iter()
        .copied()
        .filter(|f| f.year == Some(from))
        .collect();
    let b: Vec<&Fact> = amounts
        .iter()
        .copied()
        .filter(|f| f.year == Some(to))
        .collect();
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let b_fact = pick_unit(&b, unit);
    let a_fact = a.iter().copied().find(|f| f.unit == b_fact.unit)?;
    (a_fact.id != b_fact.id && a_fact.value != 0.0).then_some((a_fact, b_fact))
}

/// True when a computed multiple agrees with a stated one, read with its qualifier.
fn multiple_consistent(stated: &Fact, computed: f64) -> bool {
    let s = stated.value;
    match stated.qualifier.as_deref() {
        Some("more than" | "over" | "above" | "exceeding" | "at least" | "just over") => {
            computed >= s * 0.995 && computed <= s * 2.0
        }
        Some(
            "nearly" | "almost" | "close to" | "under" | "less than" | "up to" | "below"
            | "just under",
        ) => computed <= s * 1.005 && computed >= s * 0.8,
        Some(_) => (computed - s).abs() <= 0.1 * s,
        None => (computed - s).abs() <= 0.02 * s,
    }
}

/// "more than 250 times" as a phrase.
fn stated_multiple(f: &Fact) -> String {
    match &f.qualifier {
        Some(q) => format!("{q} {}", f.surface),
        None => f.surface.clone(),
    }
}

fn quoted_multiple(f: &Fact) -> String {
    stated_multiple(f)
}

/// A fact stated as a sentence with its citation marker.
fn state(f: &Fact, n: usize) -> String {
    let subject = capitalise(&f.subject);
    let figure = figure_phrase(f);
    let year = match f.year {
        Some(y) if !f.year_inferred => format!(" in {y}"),
        _ => String::new(),
    };
    match f.kind {
        FactKind::Amount => format!(
            "{} {} was {figure}{year} [{n}].",
            possessive(&f.subject),
            f.measure
        ),
        FactKind::Share if f.measure == "structure" => format!(
            "{} share was {figure}{year}, by the stated structure {} [{n}].",
            possessive(&f.subject),
            f.surface
        ),
        FactKind::Share | FactKind::Percent => {
            format!(
                "{} {} was {figure}{year} [{n}].",
                possessive(&f.subject),
                f.measure
            )
        }
        FactKind::Change => {
            let since = f.base_year.map_or(String::new(), |b| format!(" from {b}"));
            let verb = if f.value < 0.0 { "fell" } else { "grew" };
            format!("{subject} {verb} {figure}{since}{year} [{n}].")
        }
        FactKind::Multiple => format!(
            "{subject} grew {figure} from {} to {} [{n}].",
            year_text(f.base_year),
            year_text(f.year)
        ),
        FactKind::Count => format!(
            "The article gives {} {} [{n}].",
            number_name(f.value),
            f.subject
        ),
        FactKind::Period => format!(
            "The {} ran from {} to {} [{n}].",
            f.subject,
            year_text(f.year),
            year_text(f.end_year)
        ),
    }
}

/// The figure as the text states it, with its qualifier: "more than 250 times".
fn figure_phrase(f: &Fact) -> String {
    let surface = match f.kind {
        FactKind::Share if f.measure == "structure" => {
            format!("{} {}", fmt_number(f.value), f.unit)
        }
        FactKind::Count if !f.surface.chars().any(|c| c.is_ascii_digit()) => f.surface.clone(),
        FactKind::Count => format!("{} {}", f.surface, f.unit),
        _ => f.surface.clone(),
    };
    match &f.qualifier {
        Some(q) => format!("{q} {surface}"),
        None => surface,
    }
}

fn figure_with_years(f: &Fact) -> String {
    match f.kind {
        FactKind::Multiple => format!(
            "its {} growth of {} from {} to {}",
            f.measure.trim_end_matches(" multiple"),
            figure_phrase(f),
            year_text(f.base_year),
            year_text(f.year)
        )
        .replace("its growth growth", "its growth"),
        _ => match f.year {
            Some(y) => format!("its {} only for {y}: {}", f.measure, figure_phrase(f)),
            None => format!("its {}: {}", f.measure, figure_phrase(f)),
        },
    }
}

fn year_text(year: Option<i32>) -> String {
    year.map_or_else(|| "an unstated year".to_string(), |y| y.to_string())
}

fn number_name(value: f64) -> String {
    crate::extract::NUMBER_WORDS
        .iter()
        .find(|(_, v)| *v == value)
        .map_or_else(|| fmt_number(value), |(w, _)| w.to_string())
}

/// What an amount is of, in a few words: the subject for a sector's added value, the
/// measure for a place's indicator ("per capita disposable income of urban residents").
fn label(f: &Fact) -> String {
    let place = f.place.as_deref().is_some_and(|p| p == f.subject);
    match (place, f.measure.as_str()) {
        (true, m) => m.to_string(),
        (false, "added value" | "value") => f.subject.clone(),
        (false, m) => format!("{} {m}", f.subject),
    }
}

/// "Primary industry's", "The top ten sectors'".
fn possessive(subject: &str) -> String {
    let s = capitalise(subject);
    if s.ends_with('s') {
        format!("{s}'")
    } else {
        format!("{s}'s")
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_sentences(sentences: &[String]) -> String {
    sentences.join(" ")
}

/// "a", "a and b", "a, b and c".
fn join_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "2019-11-26" as "26 November 2019".
fn human_date(iso: &str) -> Option<String> {
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

fn fmt_signed(v: f64) -> String {
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

/// A number with exactly `places` decimals at most, trailing zeros dropped: "1.079".
fn fmt_number_places(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds")
}

/// A multiple: "10,775" for large ones, "15.04" for small ones.
fn fmt_times(v: f64) -> String {
    if v >= 100.0 {
        fmt_number(v.round())
    } else if v >= 10.0 {
        fmt_number((v * 10.0).round() / 10.0)
    } else {
        fmt_number(v)
    }
}

fn fmt_percent(v: f64) -> String {
    fmt_number(v)
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
        assert_eq!(
            human_date("2019-11-26").as_deref(),
            Some("26 November 2019")
        );
    }

    #[test]
    fn a_qualified_multiple_is_read_with_its_qualifier() {
        let mut f = Fact {
            id: 0,
            doc_id: "d".into(),
            place: None,
            subject: "s".into(),
            measure: "growth multiple".into(),
            kind: FactKind::Multiple,
            year: Some(2018),
            year_inferred: false,
            base_year: Some(1949),
            end_year: None,
            value: 10_000.0,
            unit: "times".into(),
            qualifier: Some("over".into()),
            surface: "10,000 times".into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            items: Vec::new(),
        };
        assert!(multiple_consistent(&f, 10_775.0));
        assert!(!multiple_consistent(&f, 9_000.0));
        f.qualifier = None;
        assert!(!multiple_consistent(&f, 10_775.0));
        assert!(multiple_consistent(&f, 10_100.0));
    }
}
