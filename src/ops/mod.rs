//! Operations: one file per thing a question can ask to be done with the corpus. Each
//! takes the question as the plan reads it ([`Ask`]) and what the corpus holds
//! ([`Knowledge`]), selects facts or passages and computes, and returns an [`Outcome`]: a
//! [`Finding`] of typed statements, a [`Shortfall`] that says what the corpus has instead,
//! or nothing. No English is written here; `compose/` writes every word of a reply.

mod average;
mod combine;
mod count;
mod events;
mod extreme;
mod growth;
mod implied;
mod lookup;
mod meta;
mod notes;
mod overview;
mod passage;
pub(crate) mod retrieve;
mod share;
mod span;
mod structure;
mod summary;

use crate::corpus::{Corpus, Span};
use crate::facts::{Fact, FactKind, FactQuery, FactTable};
use crate::lang::Op;
use crate::lexicon::Lexicon;
use crate::passage::Passages;
use crate::search::TextIndex;
use crate::understand::{MetaKey, Understood};

pub use meta::meta;
pub use passage::{passage, related};
pub use retrieve::{asks_number, floor};

/// Everything an answer is computed from.
pub struct Knowledge<'a> {
    pub corpus: &'a Corpus,
    pub passages: &'a Passages,
    pub facts: &'a FactTable,
    pub text: &'a TextIndex,
    pub lexicon: &'a Lexicon,
}

impl Knowledge<'_> {
    /// Rows of `kinds` that the query selects.
    pub fn select(&self, q: &FactQuery, kinds: &[FactKind]) -> Vec<&Fact> {
        self.facts.select(q, kinds, self.passages, self.lexicon)
    }

    /// The index of a document in the corpus.
    pub fn doc_index(&self, doc_id: &str) -> usize {
        self.corpus
            .documents
            .iter()
            .position(|d| d.id == doc_id)
            .unwrap_or(0)
    }
}

/// The question as an operation reads it: the understood question, and the selection
/// query the plan built from it (which may read the question by its words rather than
/// its lexicon subjects, or leave out the words that name a divisor).
pub struct Ask<'a> {
    pub u: &'a Understood,
    pub q: FactQuery,
    pub op: Op,
}

impl<'a> Ask<'a> {
    /// The question read with its own operation and its plain selection query.
    pub fn new(u: &'a Understood) -> Ask<'a> {
        Ask {
            u,
            q: query(u),
            op: u.op(),
        }
    }

    /// The same question with another selection query.
    pub fn with_query(&self, q: FactQuery) -> Ask<'a> {
        Ask {
            u: self.u,
            q,
            op: self.op,
        }
    }

    /// The same question asked as another operation.
    pub fn as_op(&self, op: Op) -> Ask<'a> {
        Ask {
            u: self.u,
            q: self.q.clone(),
            op,
        }
    }
}

/// The selection query of an understood question.
pub fn query(u: &Understood) -> FactQuery {
    FactQuery {
        subjects: u.subjects.clone(),
        topic: u.topic.clone(),
        emphasis: u.emphasis.clone(),
        names: u.names.clone(),
        measure: u.measure.clone(),
        verb_measure: u.verb_measure.clone(),
        counted: u.counted.clone(),
        place: u.place.clone(),
    }
}

/// What an operation found.
#[derive(Debug)]
pub enum Outcome {
    Answered(Finding),
    /// The corpus has the subject but not what was asked; the shortfall says what it
    /// has.
    Short(Shortfall),
    NotFound,
}

/// An answer as typed statements, in the order they are to be said.
#[derive(Debug, Default)]
pub struct Finding {
    pub statements: Vec<Statement>,
    /// Where the corpus's own figures disagree with each other.
    pub notes: Vec<Note>,
}

impl Finding {
    pub fn of(statements: Vec<Statement>) -> Finding {
        Finding {
            statements,
            notes: Vec::new(),
        }
    }

    /// Every fact the finding rests on, in the order its statements use them.
    pub fn facts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        for s in &self.statements {
            for id in s.facts() {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }
}

/// A passage of a document: its document index and the bytes cited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cited {
    pub doc: usize,
    pub span: Span,
}

/// An arithmetic step on cited figures, with the values it takes.
#[derive(Clone, Debug, PartialEq)]
pub enum Calc {
    /// `to ÷ from` times (a growth multiple).
    Multiple { from: f64, to: f64 },
    /// `to − from` (an absolute change).
    Change { from: f64, to: f64 },
    /// `(to ÷ from − 1) × 100` percent.
    PercentChange { from: f64, to: f64 },
    /// `(to ÷ from)^(1/years) − 1` percent a year.
    Cagr { from: f64, to: f64, years: i32 },
    /// `multiple^(1/years) − 1` percent a year.
    CagrOfMultiple { multiple: f64, years: i32 },
    /// `(to − from) ÷ years` a year.
    AverageIncrease { from: f64, to: f64, years: i32 },
    /// `amount ÷ multiple`: the value a multiple implies for its base year.
    Implied { amount: f64, multiple: f64 },
    /// `amount ÷ factor`, `factor` = 1 + the change: the value before a change.
    ImpliedByChange { amount: f64, factor: f64 },
    /// `amount ÷ divisor`: an amount per person or per thing.
    PerUnit { amount: f64, divisor: f64 },
    /// `part ÷ whole × 100`: the share of a whole a part is.
    PartOfWhole { part: f64, whole: f64 },
    /// `own ÷ (parts…) × 100`: a share of a total.
    ShareOfTotal { own: f64, parts: Vec<f64> },
    /// `to − from` percentage points.
    ShareChange { from: f64, to: f64 },
    /// `parts…` added.
    Sum { parts: Vec<f64> },
    /// `(parts…) ÷ n`.
    Mean { parts: Vec<f64> },
    /// `a − b`.
    Difference { a: f64, b: f64 },
    /// `a ÷ b` times.
    Ratio { a: f64, b: f64 },
    /// Each value's share of their total, in percent.
    StructureShares { values: Vec<f64> },
}

/// A computed value: the step, its result and the result's unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Computation {
    pub calc: Calc,
    pub result: f64,
    /// "yuan", "times", "percent", "percentage points", "yuan per person"...
    pub unit: String,
}

/// How a stated multiple bounds a value implied from it ("more than 250 times" makes the
/// earlier value an upper bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Exact,
    Upper,
    Lower,
    Approximate,
}

/// A computed multiple checked against a stated one.
#[derive(Clone, Debug)]
pub struct Check {
    pub from: usize,
    pub to: usize,
    pub computed: Computation,
    pub consistent: bool,
}

/// Sum, difference or ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combination {
    Sum,
    Mean,
    Difference,
    Ratio,
}

/// What an extreme is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtremeOf {
    Growth,
    Share,
    Amount,
}

/// One thing an answer says, with the facts (by id) and passages it rests on.
#[derive(Clone, Debug)]
pub enum Statement {
    /// A fact as stated; `asked_unit` when the question asked another currency.
    Stated {
        fact: usize,
        asked_unit: Option<String>,
    },
    /// A fact that makes an estimate unnecessary.
    StatedNoEstimate { fact: usize },
    /// A value computed from two amounts of the same thing (a change or a multiple).
    Computed {
        subject: String,
        from: usize,
        to: usize,
        computed: Computation,
    },
    /// A stated growth multiple, with the multiple its stated values give.
    StatedGrowth {
        subject: String,
        multiple: usize,
        measure: String,
        check: Option<Check>,
    },
    /// A stated average annual growth rate.
    StatedAverageGrowth { fact: usize },
    /// An average annual growth rate computed from two amounts.
    AverageGrowth {
        subject: String,
        from: usize,
        to: usize,
        computed: Computation,
    },
    /// An average annual growth rate computed from a stated multiple.
    AverageGrowthOfMultiple {
        subject: String,
        multiple: usize,
        computed: Computation,
    },
    /// An average annual increase (an amount a year) computed from two amounts.
    AverageIncrease {
        target: Target,
        from: usize,
        to: usize,
        computed: Computation,
    },
    /// A value a stated multiple implies for its base year.
    Implied {
        subject: String,
        amount: usize,
        multiple: usize,
        base_year: i32,
        computed: Computation,
        bound: Bound,
    },
    /// The value before a stated percent change.
    ImpliedByChange {
        target: Target,
        amount: usize,
        change: usize,
        year: i32,
        computed: Computation,
    },
    /// An amount per person or per thing.
    PerUnit {
        amount: usize,
        divisor: usize,
        computed: Computation,
    },
    /// A subject's share of the sum of the amounts of all subjects in a year.
    ShareOfTotal {
        subject: String,
        own: usize,
        parts: Vec<usize>,
        year: i32,
        computed: Computation,
    },
    /// The share of a stated whole that a stated part is.
    PartOfWhole {
        part: usize,
        whole: usize,
        computed: Computation,
    },
    /// The change in a share between two years.
    ShareChange {
        subject: String,
        from: usize,
        to: usize,
        computed: Computation,
    },
    /// The sum, difference or ratio of several amounts.
    Combined {
        how: Combination,
        parts: Vec<usize>,
        computed: Computation,
    },
    /// The largest or smallest of several figures.
    Extreme {
        best: usize,
        others: Vec<usize>,
        of: ExtremeOf,
        max: bool,
    },
    /// The parts of a stated structure in a year.
    Structure {
        year: Option<i32>,
        parts: Vec<usize>,
    },
    /// When a named period ran.
    Period { fact: usize },
    /// A count, with its items when listed.
    Count { fact: usize },
    /// A rank.
    Rank { fact: usize },
    /// The relevant part of a sentence, and a next sentence that goes on about it;
    /// `short` is the span of the sentence that answers, when one can be told apart.
    Passage {
        sentence: Cited,
        part: String,
        next: Option<Cited>,
        short: Option<String>,
    },
    /// The statements before it are of one document's place; the corpus gives such
    /// figures for other documents too (by index).
    AlsoIn { doc: usize, others: Vec<usize> },
    /// A metadata field of a document.
    Meta {
        doc: usize,
        key: MetaKey,
        line: Span,
        value: String,
    },
    /// What the corpus covers, opening a conversation; `more` documents are not
    /// described.
    Overview {
        manner: Manner,
        docs: Vec<Sketch>,
        more: usize,
    },
    /// An extractive summary of a document: its sentences in order, and the line its
    /// title is taken from.
    Summary {
        doc: usize,
        title: Option<Span>,
        sentences: Vec<Cited>,
    },
    /// A named period (a fact) that covers the year asked about (or the years
    /// `year..=to`).
    Within {
        year: i32,
        to: Option<i32>,
        fact: usize,
    },
}

/// How a reply about the corpus as a whole opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manner {
    Greeting,
    Thanks,
    Help,
}

/// What one document covers, for an overview of the corpus.
#[derive(Clone, Debug)]
pub struct Sketch {
    pub doc: usize,
    /// The front-matter lines its title, source and date are taken from (one span), or
    /// the line of its title.
    pub front: Option<Span>,
    pub place: Option<String>,
    /// The earliest and the latest year its figures are for, each with a fact whose
    /// sentence states it.
    pub first: Option<(i32, usize)>,
    pub last: Option<(i32, usize)>,
    /// The subjects it gives the most figures on.
    pub subjects: Vec<String>,
}

impl Statement {
    /// The facts a statement rests on, in the order it uses them.
    pub fn facts(&self) -> Vec<usize> {
        use Statement::*;
        match self {
            Stated { fact, .. }
            | StatedNoEstimate { fact }
            | StatedAverageGrowth { fact }
            | Period { fact }
            | Count { fact }
            | Rank { fact } => vec![*fact],
            Computed { from, to, .. }
            | AverageGrowth { from, to, .. }
            | AverageIncrease { from, to, .. }
            | ShareChange { from, to, .. } => vec![*from, *to],
            StatedGrowth {
                multiple, check, ..
            } => {
                let mut v = vec![*multiple];
                if let Some(c) = check {
                    v.extend([c.from, c.to]);
                }
                v
            }
            AverageGrowthOfMultiple { multiple, .. } => vec![*multiple],
            Implied {
                amount, multiple, ..
            } => vec![*amount, *multiple],
            ImpliedByChange { amount, change, .. } => vec![*amount, *change],
            PartOfWhole { part, whole, .. } => vec![*part, *whole],
            PerUnit {
                amount, divisor, ..
            } => vec![*amount, *divisor],
            ShareOfTotal { parts, .. } | Combined { parts, .. } => parts.clone(),
            Extreme { best, others, .. } => std::iter::once(*best).chain(others.clone()).collect(),
            Structure { parts, .. } => parts.clone(),
            Within { fact, .. } => vec![*fact],
            Overview { docs, .. } => docs
                .iter()
                .flat_map(|d| d.first.iter().chain(d.last.iter()).map(|(_, id)| *id))
                .fold(Vec::new(), |mut out, id| {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                    out
                }),
            Passage { .. } | Meta { .. } | AlsoIn { .. } | Summary { .. } => Vec::new(),
        }
    }

    /// The computation a statement shows, if any.
    pub fn computation(&self) -> Option<&Computation> {
        use Statement::*;
        match self {
            Computed { computed, .. }
            | AverageGrowth { computed, .. }
            | AverageGrowthOfMultiple { computed, .. }
            | AverageIncrease { computed, .. }
            | Implied { computed, .. }
            | ImpliedByChange { computed, .. }
            | PerUnit { computed, .. }
            | ShareOfTotal { computed, .. }
            | PartOfWhole { computed, .. }
            | ShareChange { computed, .. }
            | Combined { computed, .. } => Some(computed),
            StatedGrowth { check, .. } => check.as_ref().map(|c| &c.computed),
            _ => None,
        }
    }
}

/// A disagreement among the corpus's own figures.
#[derive(Clone, Debug)]
pub enum Note {
    /// A stated structure does not match the stated amounts of its parts.
    Structure {
        year: i32,
        parts: Vec<usize>,
        amounts: Vec<usize>,
        computed: Computation,
    },
    /// A stated growth multiple does not match the stated values.
    Multiple {
        subject: String,
        multiple: usize,
        computed: Computation,
    },
}

/// Why the corpus does not answer, with what it offers instead.
#[derive(Clone, Debug)]
pub enum Shortfall {
    /// The corpus has the subjects but not the years or figures asked: for each target,
    /// what it does give.
    NearMiss { years: Vec<i32>, offers: Vec<Offer> },
    /// The question names things the corpus never mentions.
    Unknown { words: Vec<String> },
    /// The documents asked about lack the metadata asked for.
    MetaMissing { titles: Vec<String> },
    /// Nothing in the corpus answers.
    NoAnswer,
    /// No sentence of the corpus is dated in the year asked about, and no named period
    /// covers it.
    NoYear,
}

/// What the corpus gives for a target it cannot answer for.
#[derive(Clone, Debug)]
pub struct Offer {
    pub target: Target,
    /// The place of the target's facts.
    pub place: Option<String>,
    /// Up to three facts it gives, by id.
    pub facts: Vec<usize>,
}

/// What a figure question is about: a subject and, for a place's indicators, the
/// measure ("Qingshui" and "GDP"), so that one indicator's figures are not mixed with
/// another's.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub subject: String,
    pub measure: Option<String>,
    /// The document the target is asked of, when several give it and the question names
    /// no place.
    pub doc: Option<String>,
}

impl Target {
    /// A target of any document.
    pub fn new(subject: String, measure: Option<String>) -> Target {
        Target {
            subject,
            measure,
            doc: None,
        }
    }

    /// Returns true if and only if the fact is about this target.
    pub fn holds(&self, f: &Fact, k: &Knowledge) -> bool {
        f.subject == self.subject
            && self.doc.as_deref().is_none_or(|d| f.doc_id == d)
            && self
                .measure
                .as_deref()
                .is_none_or(|m| k.facts.measure_is(f, m))
    }
}

/// The most documents one answer speaks for, when the question names no place.
pub const MAX_DOCUMENTS: usize = 3;

/// With no place asked, a target whose facts of `kinds` come from several documents is
/// asked of each of them (in corpus order, at most [`MAX_DOCUMENTS`]), so no document's
/// figure silently stands for all.
pub fn per_document(
    targets: Vec<Target>,
    a: &Ask,
    k: &Knowledge,
    kinds: &[FactKind],
) -> Vec<Target> {
    if a.q.place.is_some() {
        return targets;
    }
    let mut out = Vec::new();
    for target in targets {
        let mut docs: Vec<usize> = k
            .facts
            .of_subject(&target.subject)
            .filter(|f| kinds.contains(&f.kind.family()) && target.holds(f, k))
            .map(|f| k.doc_index(&f.doc_id))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        if docs.len() < 2 || target.doc.is_some() {
            out.push(target);
            continue;
        }
        for doc in docs.into_iter().take(MAX_DOCUMENTS) {
            out.push(Target {
                doc: Some(k.corpus.documents[doc].id.clone()),
                ..target.clone()
            });
        }
    }
    out
}

/// The other documents the facts come from than `doc`, in corpus order.
pub fn other_documents(facts: &[&Fact], doc: &str, k: &Knowledge) -> Vec<usize> {
    let mut others: Vec<usize> = facts
        .iter()
        .filter(|f| f.doc_id != doc)
        .map(|f| k.doc_index(&f.doc_id))
        .collect();
    others.sort_unstable();
    others.dedup();
    others
}

/// Of the documents the facts come from, the one with the most of them (the first in
/// corpus order on a tie); None when they all come from one.
pub fn main_document(facts: &[&Fact], k: &Knowledge) -> Option<String> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for f in facts {
        let doc = k.doc_index(&f.doc_id);
        match counts.iter_mut().find(|(d, _)| *d == doc) {
            Some((_, n)) => *n += 1,
            None => counts.push((doc, 1)),
        }
    }
    if counts.len() < 2 {
        return None;
    }
    counts.sort_by_key(|&(doc, n)| (std::cmp::Reverse(n), doc));
    counts
        .first()
        .map(|(doc, _)| k.corpus.documents[*doc].id.clone())
}

/// The question's lexicon subjects as targets.
pub fn lexicon_targets(a: &Ask) -> Vec<Target> {
    a.q.subjects
        .iter()
        .map(|s| Target::new(s.clone(), a.q.measure.clone()))
        .collect()
}

/// The targets of the facts, in the order the question names its subjects, else in
/// table order.
pub fn distinct_targets(facts: &[&Fact], a: &Ask) -> Vec<Target> {
    if !a.q.subjects.is_empty() {
        return a
            .q
            .subjects
            .iter()
            .filter(|s| facts.iter().any(|f| &f.subject == *s))
            .map(|s| Target::new(s.clone(), a.q.measure.clone()))
            .collect();
    }
    let mut out: Vec<Target> = Vec::new();
    for f in facts {
        let t = Target::new(f.subject.clone(), Some(f.measure.clone()));
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The subjects a question is about for an operation over `kinds`: its lexicon
/// subjects, or the subjects of facts its words point to.
pub fn question_targets(a: &Ask, k: &Knowledge, kinds: &[FactKind]) -> Vec<Target> {
    let targets = if a.q.subjects.is_empty() {
        let facts = k.select(&a.q, kinds);
        distinct_targets(&facts, a)
    } else {
        lexicon_targets(a)
    };
    per_document(targets, a, k, kinds)
}

/// A target's facts where the question asks, and those of them that are amounts of the
/// measure it names.
pub fn target_facts<'k>(
    a: &Ask,
    k: &Knowledge<'k>,
    target: &Target,
) -> (Vec<&'k Fact>, Vec<&'k Fact>) {
    let of_target: Vec<&'k Fact> = k
        .facts
        .of_subject(&target.subject)
        .filter(|f| target.holds(f, k) && k.facts.place_ok(&a.q, f))
        .collect();
    let amounts = of_target
        .iter()
        .copied()
        .filter(|f| {
            f.kind == FactKind::Amount
                && a.q
                    .measure
                    .as_ref()
                    .is_none_or(|m| k.facts.measure_is(f, m))
        })
        .collect();
    (of_target, amounts)
}

/// The subjects of `facts` in the order the question names them, else in table order.
pub fn distinct_subjects(facts: &[&Fact], a: &Ask) -> Vec<String> {
    let mut out: Vec<String> =
        a.q.subjects
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
pub fn years_between(a: &Ask, facts: &[&Fact]) -> (Option<i32>, Option<i32>) {
    let years = &a.u.years;
    let from = years
        .from
        .or_else(|| facts.iter().filter_map(|f| f.year).min());
    let to = years
        .to
        .or(years.at)
        .or_else(|| facts.iter().filter_map(|f| f.year).max());
    (from, to)
}

/// The facts of the latest year (all of them when none has a year).
pub fn latest<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let max = facts.iter().filter_map(|f| f.year).max();
    facts.iter().copied().filter(|f| f.year == max).collect()
}

/// One fact per subject (the first of each), keeping order.
pub fn one_per_subject<'f>(facts: &[&'f Fact]) -> Vec<&'f Fact> {
    let mut out: Vec<&Fact> = Vec::new();
    for f in facts {
        if !out.iter().any(|g| g.subject == f.subject) {
            out.push(f);
        }
    }
    out
}

/// The fact in the asked unit, else the first not in US dollars, else the first.
pub fn pick_unit<'f>(facts: &[&'f Fact], unit: Option<&str>) -> Option<&'f Fact> {
    unit.and_then(|u| facts.iter().copied().find(|f| f.unit == u))
        .or_else(|| facts.iter().copied().find(|f| f.unit != "US dollars"))
        .or_else(|| facts.first().copied())
}

/// The amounts of a subject for two years, in the same unit.
pub fn amount_pair<'f>(
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
    let b_fact = pick_unit(&b, unit)?;
    let a_fact = a
        .iter()
        .copied()
        .find(|f| f.unit == b_fact.unit && f.doc_id == b_fact.doc_id)?;
    (a_fact.id != b_fact.id && a_fact.value != 0.0).then_some((a_fact, b_fact))
}

/// True when the unit is a currency.
pub fn is_money(unit: &str) -> bool {
    matches!(unit, "yuan" | "US dollars" | "euros" | "pounds")
}

/// Runs the figure operation a question asks for.
pub fn figures(a: &Ask, k: &Knowledge) -> Outcome {
    match a.op {
        Op::Lookup => lookup::lookup_or_per_unit(a, k),
        Op::Growth | Op::PercentChange | Op::AbsoluteChange => growth::growth_or_value(a, k),
        Op::Cagr => average::average_growth(a, k),
        Op::AverageIncrease => average::average_increase(a, k),
        Op::Implied => implied::implied(a, k, true),
        Op::Share => share::share(a, k),
        Op::ShareChange => share::share_change(a, k),
        Op::Sum | Op::Mean | Op::Difference | Op::Ratio => combine::combine(a, k),
        Op::Max | Op::Min => extreme::extreme(a, k),
        Op::Structure => structure::structure(a, k),
        Op::Period => count::period(a, k),
        Op::Count | Op::List => count::count(a, k),
        Op::Rank => count::rank(a, k),
        Op::Greeting | Op::Thanks | Op::Help | Op::Summary | Op::Events => converse(a, k),
    }
}

/// Runs an operation about the conversation or the corpus as a whole (see
/// [`Op::converses`]); any other operation finds nothing here.
pub fn converse(a: &Ask, k: &Knowledge) -> Outcome {
    match a.op {
        Op::Greeting => overview::overview(Manner::Greeting, k),
        Op::Thanks => overview::overview(Manner::Thanks, k),
        Op::Help => overview::overview(Manner::Help, k),
        Op::Summary => summary::summary(a, k),
        Op::Events => events::events(a, k),
        _ => Outcome::NotFound,
    }
}

/// Refuses, saying what the table does have for the targets asked about.
pub fn refuse_with_available(
    a: &Ask,
    k: &Knowledge,
    targets: &[Target],
    kinds: &[FactKind],
) -> Outcome {
    let mut offers = Vec::new();
    for target in targets {
        let have: Vec<&Fact> = k
            .facts
            .of_subject(&target.subject)
            .filter(|f| target.holds(f, k) && kinds.contains(&f.kind) && k.facts.place_ok(&a.q, f))
            .filter(|f| {
                a.q.measure
                    .as_ref()
                    .is_none_or(|m| f.kind != FactKind::Amount || k.facts.measure_is(f, m))
            })
            .collect();
        let Some(first) = have.first() else {
            continue;
        };
        offers.push(Offer {
            target: target.clone(),
            place: first.place.clone(),
            facts: have.iter().take(3).map(|f| f.id).collect(),
        });
    }
    if offers.is_empty() {
        return Outcome::NotFound;
    }
    Outcome::Short(Shortfall::NearMiss {
        years: a.u.years.all(),
        offers,
    })
}
