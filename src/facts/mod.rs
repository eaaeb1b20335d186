//! The fact table: every figure of the corpus as a typed row, extracted at index time
//! (`extract/`), and the selection queries answers are built from (`table.rs`).

mod table;

pub use table::{FactQuery, FactTable};

use serde::{Deserialize, Serialize};

use crate::corpus::Span;

/// What kind of figure a row holds.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// An amount of money or of something counted in a unit (added value, output...).
    Amount,
    /// A growth multiple: the value is this many times that of `base_year`.
    Multiple,
    /// A percent change from `base_year` (negative for a fall), or a change in
    /// percentage points.
    Change,
    /// An average annual growth rate in percent, from `base_year` when stated ("an
    /// annual growth rate of 13 percent since 2016").
    AverageGrowth,
    /// A share of a total, in percent.
    Share,
    /// One part of a stated structure ("a ratio of 52:18:30"): `surface` is the whole
    /// ratio, `value` this part, `unit` "percent" when the parts sum to 100.
    StructurePart,
    /// A percentage that is neither a change nor a share (a rate).
    Percent,
    /// A count of things (sectors, areas, projects); `items` lists them when stated.
    Count,
    /// A named period: `value` is its first year and `end_year` its last.
    Period,
    /// A rank: `value` is the position (3 for "ranked third"), `among` what was ranked.
    Rank,
}

impl FactKind {
    /// The kind a row counts as where kinds are asked for broadly: a structure part is a
    /// share, an average growth rate a change.
    pub fn family(self) -> FactKind {
        match self {
            FactKind::StructurePart => FactKind::Share,
            FactKind::AverageGrowth => FactKind::Change,
            other => other,
        }
    }
}

/// One figure of the corpus.
#[derive(
    Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema, schemars::JsonSchema,
)]
pub struct Fact {
    /// Position in the fact table.
    pub id: usize,
    pub doc_id: String,
    /// The place the figure is about, when the document names one.
    pub place: Option<String>,
    /// What the figure is about ("primary industry", "top ten ecological sectors"...).
    pub subject: String,
    /// What is measured ("added value", "growth multiple", "share", "increase in
    /// revenue"...).
    pub measure: String,
    pub kind: FactKind,
    /// The year the figure is for.
    pub year: Option<i32>,
    /// True when the sentence states no year and `year` is the document's reporting year
    /// (the year most of its figures are for).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub year_inferred: bool,
    /// The year a multiple or change is measured against ("since 1949").
    pub base_year: Option<i32>,
    /// The last year of a period.
    pub end_year: Option<i32>,
    /// The figure as a number: "17 million" is 17000000; negative for a fall, and for
    /// an amount written "(1,234)" or "€−14 million".
    pub value: f64,
    /// "yuan", "US dollars" (or another currency: "euros", "pounds", "Hong Kong
    /// dollars"...), "times", "percent", "percentage points", "basis points", "year",
    /// "rank", "lb" (pounds of weight), or the counted noun ("tonnes", "Fortune 500
    /// companies").
    pub unit: String,
    /// The hedge as stated: "more than", "over", "nearly"...
    pub qualifier: Option<String>,
    /// The figure as written in the text.
    pub surface: String,
    /// Bytes of the figure in the document text.
    pub span: Span,
    /// Bytes of the sentence that states the figure.
    pub sentence: Span,
    /// The things a count enumerates, when the text lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// For a rank, what it is among ("the 14 cities of the province").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub among: Option<String>,
    /// The extraction rule that read the figure ("amount", "change-of-previous",
    /// "respectively", "range", "from-to", "year-in-parentheses", "change-amount"...), so
    /// a row can be traced to the rule and its examples in `extract/examples.rs`.
    #[serde(default)]
    pub rule: String,
}

impl Fact {
    /// What the figure is about, in a few words: its measure when its subject is the
    /// place itself ("GDP" for Qingshui's GDP), else its subject.
    pub fn topic(&self) -> &str {
        let of_place = self
            .place
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case(&self.subject));
        if of_place {
            &self.measure
        } else {
            &self.subject
        }
    }
}

/// Which rows `GET /facts` and the `facts` tools return; every set field must match.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams, schemars::JsonSchema)]
pub struct FactFilter {
    /// Words of the subject, e.g. "tertiary"; matched case-insensitively.
    pub subject: Option<String>,
    /// The year of the figure (or its base year).
    pub year: Option<i32>,
    /// The document id.
    pub doc: Option<String>,
}

impl FactFilter {
    /// Returns true if and only if `fact` satisfies every field set in the filter.
    pub fn matches(&self, fact: &Fact) -> bool {
        let subject_ok = self.subject.as_deref().is_none_or(|s| {
            let s = s.trim().to_lowercase();
            s.is_empty() || fact.subject.to_lowercase().contains(&s)
        });
        let year_ok = self.year.is_none_or(|y| {
            fact.year == Some(y) || fact.base_year == Some(y) || fact.end_year == Some(y)
        });
        let doc_ok = self.doc.as_deref().is_none_or(|d| fact.doc_id == d);
        subject_ok && year_ok && doc_ok
    }
}
