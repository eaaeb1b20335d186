//! What operations find: typed statements with the facts (by id) and passages they rest
//! on, the computations they show, the notes where the corpus disagrees with itself, and
//! the shortfalls a refusal explains. No English: `compose/` writes every word.

use crate::corpus::Span;
use crate::understand::MetaKey;

use super::Target;

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
