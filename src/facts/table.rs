//! The fact table and its selection queries. A [`FactQuery`] says, as plain values, what a
//! question is about (its lexicon subjects, topic words, names, measure, place); the table
//! answers which rows are about that, without knowing questions or English.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Bound;

use rustc_hash::FxHashMap;

use crate::corpus::Corpus;
use crate::lexicon::{FIXED_MEASURES, Lexicon};
use crate::passage::Passages;
use crate::text;

use super::{Fact, FactKind};

/// What the rows asked for must be about.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FactQuery {
    /// Lexicon subjects (canonical); when given, a row's subject must be one of them.
    pub subjects: Vec<String>,
    /// Stems every row must hold in its own words or its paragraph.
    pub topic: Vec<String>,
    /// Stems that count three times when ranking rows by their own words.
    pub emphasis: Vec<String>,
    /// Stems of the part of the year asked ("fourth quarter"): each counts once when
    /// ranking rows by their own words, and no row must hold them.
    pub period: Vec<String>,
    /// Stems of names a row's own sentence must hold.
    pub names: Vec<String>,
    /// The lexicon measure an amount must have.
    pub measure: Option<String>,
    /// Stems one of which an amount's own words must hold ("produce" → output).
    pub verb_measure: Vec<String>,
    /// Stems of what a count must count.
    pub counted: Vec<String>,
    /// The place (lower-case) a row must be about.
    pub place: Option<String>,
}

impl FactQuery {
    /// True when the query names nothing a row could be selected by.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty() && self.topic.is_empty() && self.measure.is_none()
    }
}

/// Row ids in table order.
type Postings = Vec<u32>;

/// The fact rows of a corpus, with what selection needs of each precomputed, and
/// indexes from subjects, documents, kinds, years, passages and own words to the rows that
/// have them, so that selection reads the rows a query can match instead of every row.
#[derive(Debug, Default)]
pub struct FactTable {
    facts: Vec<Fact>,
    /// Each row's measure as the lexicon names it ("gross agricultural output value" is
    /// "added value").
    canonical_measures: Vec<String>,
    /// The measure a row's subject names, when it names one ("R&D expenses" as the
    /// subject of a share of revenue).
    subject_measures: Vec<Option<String>>,
    /// The passage of each row's sentence.
    passage: Vec<Option<usize>>,
    by_subject: BTreeMap<String, Postings>,
    by_doc: BTreeMap<String, Postings>,
    by_kind: FxHashMap<FactKind, Postings>,
    by_year: BTreeMap<i32, Postings>,
    by_passage: BTreeMap<usize, Postings>,
    by_own: BTreeMap<String, Postings>,
    /// Rows by their place, lower-cased.
    by_place: BTreeMap<String, Postings>,
    /// True when the rows are about more than one place.
    several_places: bool,
}

impl FactTable {
    /// Indexes the rows of a corpus.
    pub fn new(
        facts: Vec<Fact>,
        corpus: &Corpus,
        passages: &Passages,
        lexicon: &Lexicon,
    ) -> FactTable {
        // A row's measure as the lexicon names it: from its measure, else from its subject
        // and measure together ("gross domestic product" read as the subject of "value").
        // Rows repeat a few measures and subjects many times: each text is read once.
        let read: RefCell<FxHashMap<String, Option<String>>> = RefCell::default();
        let named = |text: &str| {
            if let Some(known) = read.borrow().get(text) {
                return known.clone();
            }
            let canonical = lexicon
                .measures(&text::words(text))
                .into_iter()
                .map(|m| m.canonical)
                .find(|c| !FIXED_MEASURES.contains(&c.as_str()));
            read.borrow_mut()
                .insert(text.to_string(), canonical.clone());
            canonical
        };
        let canonical_measures = facts
            .iter()
            .map(|f| {
                named(&f.measure)
                    .or_else(|| named(&format!("{} {}", f.subject, f.measure)))
                    .unwrap_or_else(|| f.measure.clone())
            })
            .collect();
        let subject_measures = facts.iter().map(|f| named(&f.subject)).collect();
        let doc_index: FxHashMap<&str, usize> = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let passage: Vec<Option<usize>> = facts
            .iter()
            .map(|f| {
                let doc = *doc_index.get(f.doc_id.as_str())?;
                passages.at(doc, f.sentence.start)
            })
            .collect();
        let mut table = FactTable {
            canonical_measures,
            subject_measures,
            passage,
            ..FactTable::default()
        };
        // Built in hash maps (keys repeat across rows), then sorted once.
        let mut by_subject: FxHashMap<&str, Postings> = FxHashMap::default();
        let mut by_doc: FxHashMap<&str, Postings> = FxHashMap::default();
        let mut by_place: FxHashMap<&str, Postings> = FxHashMap::default();
        // Own stems are numbered as they are first seen: a row's stems are sorted and
        // deduplicated as numbers, and each stem's rows are a list by its number.
        let mut stem_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut own_rows: Vec<Postings> = Vec::new();
        let mut field_stems: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
        let mut stems_read: Vec<u32> = Vec::new();
        let mut own: Vec<u32> = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            let row = i as u32;
            by_subject.entry(f.subject.as_str()).or_default().push(row);
            by_doc.entry(f.doc_id.as_str()).or_default().push(row);
            table.by_kind.entry(f.kind).or_default().push(row);
            if let Some(year) = f.year {
                table.by_year.entry(year).or_default().push(row);
            }
            if let Some(p) = table.passage[i] {
                table.by_passage.entry(p).or_default().push(row);
            }
            // A row's own stems are its fields' (see `own_stems`); each distinct field is
            // analysed once.
            own.clear();
            for field in own_fields(f) {
                let (start, end) = *field_stems.entry(field).or_insert_with(|| {
                    let start = stems_read.len();
                    for word in text::words(field) {
                        let next = stem_ids.len() as u32;
                        let id = *stem_ids.entry(word.stem).or_insert(next);
                        if id == next {
                            own_rows.push(Postings::new());
                        }
                        stems_read.push(id);
                    }
                    (start, stems_read.len())
                });
                own.extend_from_slice(&stems_read[start..end]);
            }
            own.sort_unstable();
            own.dedup();
            for &stem in &own {
                own_rows[stem as usize].push(row);
            }
            if let Some(place) = &f.place {
                by_place.entry(place).or_default().push(row);
            }
        }
        let sorted = |map: FxHashMap<&str, Postings>| -> BTreeMap<String, Postings> {
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        // Places that differ only in case are one place.
        for (place, rows) in by_place {
            let list = table.by_place.entry(place.to_lowercase()).or_default();
            list.extend(rows);
            list.sort_unstable();
        }
        table.by_subject = sorted(by_subject);
        table.by_doc = sorted(by_doc);
        let mut own_rows: Vec<Option<Postings>> = own_rows.into_iter().map(Some).collect();
        table.by_own = stem_ids
            .into_iter()
            .filter_map(|(stem, id)| Some((stem, own_rows.get_mut(id as usize)?.take()?)))
            .collect();
        table.several_places = table.by_place.len() > 1;
        table.facts = facts;
        table
    }

    /// Indexes rows that come with no corpus: their passages are unknown.
    pub fn from_rows(facts: Vec<Fact>) -> FactTable {
        FactTable::new(
            facts,
            &Corpus::default(),
            &Passages::default(),
            &Lexicon::default(),
        )
    }

    /// The subjects of the table that hold `words` (case-insensitively), in order.
    pub fn subjects_containing(&self, words: &str) -> Vec<String> {
        let words = words.trim().to_lowercase();
        self.by_subject
            .keys()
            .filter(|s| s.to_lowercase().contains(&words))
            .cloned()
            .collect()
    }

    /// The rows of a posting list.
    fn rows<'t>(&'t self, ids: &'t [u32]) -> impl Iterator<Item = &'t Fact> + 't {
        ids.iter().filter_map(|&i| self.facts.get(i as usize))
    }

    /// The rows of several posting lists, each once, in table order.
    fn union<'t>(&'t self, lists: impl IntoIterator<Item = &'t Postings>) -> Vec<&'t Fact> {
        let mut ids: Vec<u32> = lists.into_iter().flatten().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|i| self.facts.get(i as usize))
            .collect()
    }

    /// Every row, in table order.
    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    /// The row with this id.
    pub fn get(&self, id: usize) -> Option<&Fact> {
        self.facts.get(id)
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// True when the table has no row.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// True when the rows are about more than one place.
    pub fn several_places(&self) -> bool {
        self.several_places
    }

    /// The rows about `subject` (exactly as the row names it), in table order.
    pub fn of_subject<'t>(&'t self, subject: &str) -> impl Iterator<Item = &'t Fact> + 't {
        self.rows(self.by_subject.get(subject).map_or(&[][..], Vec::as_slice))
    }

    /// The rows about `subject` (exactly as the row names it), of the document `doc` and
    /// about the place `place` (lower-case) when they are given, in table order: read from
    /// the shortest of their indexes' lists.
    pub fn of_subject_where(
        &self,
        subject: &str,
        doc: Option<&str>,
        place: Option<&str>,
    ) -> Vec<&Fact> {
        let mut lists: Vec<&[u32]> = Vec::with_capacity(3);
        for list in [
            Some(self.by_subject.get(subject)),
            doc.map(|d| self.by_doc.get(d)),
            place.map(|p| self.by_place.get(p)),
        ]
        .into_iter()
        .flatten()
        {
            match list {
                Some(ids) => lists.push(ids),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|ids| ids.len());
        let Some((shortest, others)) = lists.split_first() else {
            return Vec::new();
        };
        shortest
            .iter()
            .filter(|id| others.iter().all(|list| list.binary_search(id).is_ok()))
            .filter_map(|&i| self.facts.get(i as usize))
            .collect()
    }

    /// The rows about any of `subjects` and about the place `place` (lower-case) when it is
    /// given, in table order.
    pub fn of_subjects_where(&self, subjects: &[String], place: Option<&str>) -> Vec<&Fact> {
        match place {
            None => self.of_subjects(subjects),
            Some(place) => {
                let lists: Vec<&Postings> = subjects
                    .iter()
                    .filter_map(|s| self.by_subject.get(s))
                    .collect();
                self.of_place_in(place, &lists)
            }
        }
    }

    /// The rows about any of `subjects`, in table order.
    pub fn of_subjects(&self, subjects: &[String]) -> Vec<&Fact> {
        self.union(subjects.iter().filter_map(|s| self.by_subject.get(s)))
    }

    /// The rows of the document `doc_id`, in table order.
    pub fn of_doc<'t>(&'t self, doc_id: &str) -> impl Iterator<Item = &'t Fact> + 't {
        self.rows(self.by_doc.get(doc_id).map_or(&[][..], Vec::as_slice))
    }

    /// The documents the rows come from, in the order of their first row.
    pub fn docs_in_table_order(&self) -> Vec<&str> {
        let mut docs: Vec<(u32, &str)> = self
            .by_doc
            .iter()
            .filter_map(|(doc, ids)| Some((*ids.first()?, doc.as_str())))
            .collect();
        docs.sort_unstable();
        docs.into_iter().map(|(_, doc)| doc).collect()
    }

    /// The rows of `kind`, in table order.
    pub fn of_kind(&self, kind: FactKind) -> impl Iterator<Item = &Fact> {
        self.rows(self.by_kind.get(&kind).map_or(&[][..], Vec::as_slice))
    }

    /// The rows whose kind, or whose kind's [family](FactKind::family), is one of
    /// `kinds`, in table order.
    pub fn of_kinds(&self, kinds: &[FactKind]) -> Vec<&Fact> {
        self.union(
            self.by_kind
                .iter()
                .filter(|(k, _)| kinds.contains(k) || kinds.contains(&k.family()))
                .map(|(_, ids)| ids),
        )
    }

    /// The rows for `year` (their `year`, not their base or end year), in table order.
    pub fn of_year(&self, year: i32) -> impl Iterator<Item = &Fact> {
        self.rows(self.by_year.get(&year).map_or(&[][..], Vec::as_slice))
    }

    /// The rows stated in the passage `passage`, in table order.
    pub fn of_passage(&self, passage: usize) -> impl Iterator<Item = &Fact> {
        self.rows(self.by_passage.get(&passage).map_or(&[][..], Vec::as_slice))
    }

    /// The rows with an own word that stands for one of the query's topic words (see
    /// [`fits`]), in table order: every row that [`FactTable::topic_covered`] can accept
    /// with `need_subject`, when the query has topic words.
    pub fn of_topic(&self, q: &FactQuery, lexicon: &Lexicon) -> Vec<&Fact> {
        self.union(self.topic_lists(q, lexicon))
    }

    /// The posting lists [`FactTable::of_topic`] unites.
    fn topic_lists(&self, q: &FactQuery, lexicon: &Lexicon) -> Vec<&Postings> {
        let mut lists: Vec<&Postings> = Vec::new();
        for t in &q.topic {
            // The same stem, a longer one that starts with it, a shorter one it starts
            // with, and the one-word aliases of the same lexicon subject.
            if t.chars().count() >= 5 {
                lists.extend(
                    self.by_own
                        .range::<str, _>((Bound::Included(t.as_str()), Bound::Unbounded))
                        .take_while(|(own, _)| own.starts_with(t.as_str()))
                        .map(|(_, ids)| ids),
                );
            } else {
                lists.extend(self.by_own.get(t.as_str()));
            }
            for (end, _) in t.char_indices().skip(5) {
                lists.extend(self.by_own.get(&t[..end]));
            }
            for alias in lexicon.group_of(t) {
                lists.extend(self.by_own.get(alias));
            }
        }
        lists
    }

    /// The rows of the place `place` (lower-case) that are in one of `lists`, in table
    /// order: what the union of `lists` filtered by place gives, read from the (short)
    /// list of the place's rows.
    fn of_place_in(&self, place: &str, lists: &[&Postings]) -> Vec<&Fact> {
        let Some(of_place) = self.by_place.get(place) else {
            return Vec::new();
        };
        of_place
            .iter()
            .filter(|id| lists.iter().any(|list| list.binary_search(id).is_ok()))
            .filter_map(|&i| self.facts.get(i as usize))
            .collect()
    }

    /// The stems of a row's own words (subject, measure, unit, figure and items), read
    /// when asked for: a table of many rows keeps none.
    pub fn own(&self, f: &Fact) -> Vec<String> {
        own_stems(f)
    }

    /// The passage of a row's sentence.
    pub fn passage_of(&self, f: &Fact) -> Option<usize> {
        self.passage.get(f.id).copied().flatten()
    }

    /// True when the row measures `m`: as written, with a qualifier ("GDP (first
    /// quarter)"), or as the lexicon names its measure.
    pub fn measure_is(&self, f: &Fact, m: &str) -> bool {
        f.measure == m
            || f.measure.starts_with(&format!("{m} ("))
            || self.canonical_measures.get(f.id).is_some_and(|c| c == m)
    }

    /// True when the row is about the query's place (any row, when none is asked).
    pub fn place_ok(&self, q: &FactQuery, f: &Fact) -> bool {
        match (&q.place, &f.place) {
            (Some(asked), Some(place)) => place.to_lowercase() == *asked,
            (Some(_), None) => false,
            _ => true,
        }
    }

    /// Rows of the given kinds (by [`FactKind::family`]) about what the query names: its lexicon subjects, or
    /// else the rows whose own words hold the most of its topic words (and whose
    /// paragraph holds all of them).
    pub fn select<'t>(
        &'t self,
        q: &FactQuery,
        kinds: &[FactKind],
        passages: &Passages,
        lexicon: &Lexicon,
    ) -> Vec<&'t Fact> {
        if q.is_empty() {
            return Vec::new();
        }
        // The rows the filters below can accept: those of the subjects asked for, else
        // those whose own words hold a topic word, else (a query by its measure alone)
        // every row of the kinds asked for.
        let lists: Vec<&Postings> = if !q.subjects.is_empty() {
            q.subjects
                .iter()
                .filter_map(|s| self.by_subject.get(s))
                .collect()
        } else if !q.topic.is_empty() {
            self.topic_lists(q, lexicon)
        } else {
            self.by_kind
                .iter()
                .filter(|(k, _)| kinds.contains(k) || kinds.contains(&k.family()))
                .map(|(_, ids)| ids)
                .collect()
        };
        // With a place asked, only that place's rows can pass the place filter below.
        let candidates = match &q.place {
            Some(place) => self.of_place_in(place, &lists),
            None => self.union(lists),
        };
        let rows: Vec<&Fact> = candidates
            .into_iter()
            .filter(|f| kinds.contains(&f.kind) || kinds.contains(&f.kind.family()))
            .filter(|f| self.place_ok(q, f))
            .filter(|f| {
                if q.subjects.is_empty() && q.topic.is_empty() {
                    // Only a measure is named ("What was the GDP in 2019?"); of a share
                    // or change, the measure may be its subject ("R&D as a share of
                    // revenue").
                    q.measure.as_deref().is_some_and(|m| {
                        self.measure_is(f, m)
                            || (f.kind != FactKind::Amount
                                && self
                                    .subject_measures
                                    .get(f.id)
                                    .is_some_and(|s| s.as_deref() == Some(m)))
                    })
                } else if q.subjects.is_empty() {
                    self.topic_covered(q, f, true, passages, lexicon)
                } else {
                    q.subjects.contains(&f.subject)
                        && self.topic_covered(q, f, false, passages, lexicon)
                }
            })
            .filter(|f| match (&q.measure, f.kind) {
                (Some(m), FactKind::Amount) => self.measure_is(f, m),
                _ => true,
            })
            .filter(|f| self.names_in_sentence(q, f, passages))
            .filter(|f| self.counts(q, f))
            .filter(|f| {
                // "How much tea did Qingxi produce": an amount of output, not of income.
                q.verb_measure.is_empty()
                    || f.kind != FactKind::Amount
                    || self
                        .own(f)
                        .iter()
                        .any(|o| q.verb_measure.iter().any(|v| text::stems_match(o, v)))
            })
            .collect();
        if !q.subjects.is_empty() {
            return rows;
        }
        let best = rows.iter().map(|f| self.own_score(q, f, lexicon)).max();
        rows.into_iter()
            .filter(|f| Some(self.own_score(q, f, lexicon)) == best)
            .collect()
    }

    /// True when the row's sentence holds every name the query uses (a long name may
    /// have one word that only its paragraph holds: "Development" of "the High-tech
    /// Industrial Development Zone", called "the high-tech zone" there). A sentence that
    /// opens with a pronoun ("They earned...", "His salary increased...") also counts the
    /// sentence before it.
    pub fn names_in_sentence(&self, q: &FactQuery, f: &Fact, passages: &Passages) -> bool {
        if q.names.is_empty() {
            return true;
        }
        let mut stems: Vec<String> = text::words(&f.subject)
            .into_iter()
            .map(|w| w.stem)
            .collect();
        let here = self.passage_of(f);
        if let Some(id) = here {
            let words = passages.words(id);
            let opening: Vec<&str> = words.iter().take(2).map(|w| w.lower.as_str()).collect();
            let opens_with_pronoun = match opening.as_slice() {
                [first, ..]
                    if [
                        "it", "its", "they", "their", "this", "these", "he", "his", "she", "her",
                    ]
                    .contains(first) =>
                {
                    true
                }
                ["the", second] => ["sector", "industry", "zone"].contains(second),
                _ => false,
            };
            stems.extend(words.into_iter().map(|w| w.stem));
            if opens_with_pronoun
                && let Some(before) = id.checked_sub(1)
                && passages
                    .get(before)
                    .zip(passages.get(id))
                    .is_some_and(|(b, p)| b.doc == p.doc)
            {
                stems.extend(passages.stems(before));
            }
        }
        let missing: Vec<&String> = q.names.iter().filter(|n| !stems.contains(n)).collect();
        match missing.as_slice() {
            [] => true,
            [one] if q.names.len() >= 3 => {
                here.is_some_and(|id| passages.paragraph_stems(id).contains(one))
            }
            _ => false,
        }
    }

    /// Every topic word is in the row's own words or paragraph (a long query may miss
    /// one); with `need_subject`, at least one is in its own words.
    pub fn topic_covered(
        &self,
        q: &FactQuery,
        f: &Fact,
        need_subject: bool,
        passages: &Passages,
        lexicon: &Lexicon,
    ) -> bool {
        if q.topic.is_empty() {
            return !need_subject || q.subjects.is_empty();
        }
        let own = self.own(f);
        // The paragraph's words are read only when a topic word is not the row's own.
        let context = std::cell::OnceCell::new();
        let context = || {
            context.get_or_init(|| {
                self.passage_of(f)
                    .map(|id| passages.paragraph_stems(id))
                    .unwrap_or_default()
            })
        };
        let in_own = |t: &String| own.iter().any(|w| fits(lexicon, w, t));
        let missing = q
            .topic
            .iter()
            .filter(|t| !in_own(t) && !context().iter().any(|w| fits(lexicon, w, t)))
            .count();
        // A long question may carry one word its paragraph does not repeat.
        let allowed = usize::from(q.topic.len() >= 4);
        missing <= allowed && (!need_subject || q.topic.iter().any(in_own))
    }

    /// How many of the query's topic words a row's own words hold; emphasised words
    /// count three times.
    pub fn own_score(&self, q: &FactQuery, f: &Fact, lexicon: &Lexicon) -> usize {
        let own = self.own(f);
        let topic: usize = q
            .topic
            .iter()
            .filter(|t| own.iter().any(|w| fits(lexicon, w, t)))
            .map(|t| if q.emphasis.contains(t) { 3 } else { 1 })
            .sum();
        topic
            + q.period
                .iter()
                .filter(|t| own.iter().any(|w| text::stems_match(w, t)))
                .count()
    }

    /// True when the query counts something ("how many high-tech enterprises") and the
    /// row is a number of it, or when it counts nothing.
    pub fn counts(&self, q: &FactQuery, f: &Fact) -> bool {
        if q.counted.is_empty() {
            return true;
        }
        let own: Vec<String> = text::words(&format!("{} {} {}", f.subject, f.measure, f.unit))
            .into_iter()
            .map(|w| w.stem)
            .collect();
        q.counted
            .iter()
            .all(|c| own.iter().any(|o| text::stems_match(o, c)))
    }
}

/// True when a word of a row stands for a word of the question: the same stem (or one a
/// prefix of the other), or one-word aliases of the same lexicon subject.
pub fn fits(lexicon: &Lexicon, own: &str, asked: &str) -> bool {
    text::stems_match(own, asked) || lexicon.same_group(own, asked)
}

/// The fields a row's own words come from: subject, measure, unit, figure, items and
/// what a rank is among. Words never run across two fields, so a row's own stems are its
/// fields' stems in turn.
fn own_fields(f: &Fact) -> impl Iterator<Item = &str> {
    [
        f.subject.as_str(),
        f.measure.as_str(),
        f.unit.as_str(),
        f.surface.as_str(),
    ]
    .into_iter()
    .chain(f.items.iter().map(String::as_str))
    .chain(f.among.as_deref())
}

/// The stems of a row's own words: subject, measure, unit, figure and items.
pub fn own_stems(f: &Fact) -> Vec<String> {
    let own = format!(
        "{} {} {} {} {} {}",
        f.subject,
        f.measure,
        f.unit,
        f.surface,
        f.items.join(" "),
        f.among.as_deref().unwrap_or("")
    );
    text::words(&own).into_iter().map(|w| w.stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Span;

    fn row(id: usize, doc: &str, place: &str, subject: &str, year: i32) -> Fact {
        Fact {
            id,
            doc_id: doc.into(),
            place: Some(place.into()),
            subject: subject.into(),
            measure: "added value".into(),
            kind: FactKind::Amount,
            year: Some(year),
            year_inferred: false,
            base_year: None,
            end_year: None,
            value: 1.0e9,
            unit: "yuan".into(),
            qualifier: None,
            surface: "1 billion yuan".into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            items: Vec::new(),
            among: None,
            rule: "amount".into(),
        }
    }

    #[test]
    fn a_rows_own_stems_are_its_fields_stems_in_turn() {
        let mut f = row(0, "a", "Anning", "Anning's tertiary industries", 2018);
        f.surface = "17,500.5 times".into();
        f.unit = "'s units".into();
        f.items = vec!["R&D spending".into(), "the cities' ports".into()];
        f.among = Some("the top 10".into());
        let by_field: Vec<String> = own_fields(&f)
            .flat_map(|field| text::words(field).into_iter().map(|w| w.stem))
            .collect();
        assert_eq!(by_field, own_stems(&f));
        assert!(by_field.len() >= 12, "{by_field:?}");
    }

    #[test]
    fn a_place_asked_selects_that_places_rows_of_the_subject_only() {
        let table = FactTable::from_rows(vec![
            row(0, "a", "Anning", "tertiary industry", 2018),
            row(1, "b", "Baiyun", "tertiary industry", 2018),
            row(2, "b", "Baiyun", "primary industry", 2018),
            row(3, "c", "Chentai", "tertiary industry", 2019),
        ]);
        let lexicon = Lexicon::default();
        let passages = Passages::default();
        let ids = |q: &FactQuery| -> Vec<usize> {
            table
                .select(q, &[FactKind::Amount], &passages, &lexicon)
                .iter()
                .map(|f| f.id)
                .collect()
        };
        let mut q = FactQuery {
            subjects: vec!["tertiary industry".into()],
            ..FactQuery::default()
        };
        assert_eq!(ids(&q), vec![0, 1, 3]);
        q.place = Some("baiyun".into());
        assert_eq!(ids(&q), vec![1]);
        q.place = Some("nowhere".into());
        assert!(ids(&q).is_empty());
        let by_measure = FactQuery {
            measure: Some("added value".into()),
            place: Some("baiyun".into()),
            ..FactQuery::default()
        };
        assert_eq!(ids(&by_measure), vec![1, 2]);
    }
}
