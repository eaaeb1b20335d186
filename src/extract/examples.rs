//! The example sentences of every extraction rule, with the row each must give (the way
//! duckling keeps a corpus beside its rules). `every_rule_reads_its_examples` extracts each
//! sentence from a one-article corpus and checks that the named figure became the
//! expected row, read by the named rule. A new rule comes with its lines here.

use crate::facts::FactKind;

/// One example: a sentence, the figure (as written) the rule must read, and what the row
/// must say. `None` fields are not checked.
pub struct Example {
    pub rule: &'static str,
    pub sentence: &'static str,
    pub figure: &'static str,
    pub kind: FactKind,
    pub subject: Option<&'static str>,
    pub measure: Option<&'static str>,
    pub value: Option<f64>,
    pub year: Option<i32>,
    pub base_year: Option<i32>,
}

const fn ex(
    rule: &'static str,
    sentence: &'static str,
    figure: &'static str,
    kind: FactKind,
) -> Example {
    Example {
        rule,
        sentence,
        figure,
        kind,
        subject: None,
        measure: None,
        value: None,
        year: None,
        base_year: None,
    }
}

impl Example {
    const fn subject(mut self, s: &'static str) -> Self {
        self.subject = Some(s);
        self
    }
    const fn measure(mut self, m: &'static str) -> Self {
        self.measure = Some(m);
        self
    }
    const fn value(mut self, v: f64) -> Self {
        self.value = Some(v);
        self
    }
    const fn year(mut self, y: i32) -> Self {
        self.year = Some(y);
        self
    }
    const fn base(mut self, y: i32) -> Self {
        self.base_year = Some(y);
        self
    }
}

/// The examples, by rule.
pub const EXAMPLES: &[Example] = &[
    ex(
        "amount",
        "The added value created by primary industry had grown to 4.298 billion yuan in 2018.",
        "4.298 billion yuan",
        FactKind::Amount,
    )
    .subject("primary industry")
    .value(4.298e9)
    .year(2018),
    ex(
        "amount",
        "Testville's GDP reached 215.6 billion yuan in 2019.",
        "215.6 billion yuan",
        FactKind::Amount,
    )
    .measure("GDP")
    .year(2019),
    ex(
        "conversion",
        "Primary industry created 17 million yuan ($2.42 million) in 1949.",
        "$2.42 million",
        FactKind::Amount,
    )
    .subject("primary industry")
    .year(1949),
    ex(
        "multiple",
        "In 2018 tertiary industry's added value was 17,500 times that of 1949.",
        "17,500 times",
        FactKind::Multiple,
    )
    .subject("tertiary industry")
    .value(17_500.0)
    .year(2018)
    .base(1949),
    ex(
        "change",
        "Retail sales rose 5.6 percent year-on-year in 2019.",
        "5.6 percent",
        FactKind::Change,
    )
    .year(2019)
    .base(2018),
    ex(
        "change",
        "Investment saw a 9.6 percent drop in 2019.",
        "9.6 percent",
        FactKind::Change,
    )
    .value(-9.6),
    ex(
        "change-of-previous",
        "Testville's GDP reached 98.7 billion yuan in 2019, up 7.2 percent year-on-year.",
        "7.2 percent",
        FactKind::Change,
    )
    .measure("GDP")
    .year(2019)
    .base(2018),
    ex(
        "average-growth-of-previous",
        "Tourism earned 15.4 billion yuan in 2020, maintaining an annual growth rate of 13 percent since 2016.",
        "13 percent",
        FactKind::AverageGrowth,
    )
    .year(2020)
    .base(2016),
    ex(
        "compared-value",
        "Tertiary industry made up 54.2 percent of GDP in 2019, up from 48.1 percent in 2015.",
        "48.1 percent",
        FactKind::Share,
    )
    .subject("tertiary industry")
    .year(2015),
    ex(
        "margin-over-previous",
        "Retail sales grew 11.7 percent, outpacing the national average by 1.2 percentage points.",
        "1.2 percentage points",
        FactKind::Change,
    ),
    ex(
        "share",
        "Tertiary industry accounted for 64.1 percent of the total in 2018.",
        "64.1 percent",
        FactKind::Share,
    )
    .subject("tertiary industry")
    .year(2018),
    ex(
        "percent",
        "The urbanization rate stood at 81 percent in 2019.",
        "81 percent",
        FactKind::Percent,
    )
    .year(2019),
    ex(
        "count",
        "In 2019, 46,300 rural residents shook off poverty.",
        "46,300",
        FactKind::Count,
    )
    .year(2019),
    ex(
        "respectively",
        "The secondary and tertiary industries contributed 88.3 billion yuan and 114.9 billion yuan respectively.",
        "114.9 billion yuan",
        FactKind::Amount,
    )
    .subject("tertiary industry"),
    ex(
        "period",
        "The city grew fast during the \"First Five-Year Plan\" (1953-1957).",
        "1953-1957",
        FactKind::Period,
    )
    .subject("First Five-Year Plan")
    .year(1953),
    ex(
        "structure",
        "The structure of the three industries shifted from a ratio of 52:18:30 in 1949.",
        "52:18:30",
        FactKind::StructurePart,
    )
    .value(52.0)
    .year(1949),
    ex(
        "word-multiple",
        "Tourism revenue reached 8 billion yuan in 2020. It was nearly triple the 2010 level.",
        "triple",
        FactKind::Multiple,
    )
    .value(3.0)
    .year(2020)
    .base(2010),
    ex(
        "fraction",
        "The tea sector contributed one-third of the city's agricultural exports in 2019.",
        "one-third",
        FactKind::Share,
    ),
    ex(
        "word-count",
        "The city focuses on seven crucial areas including energy, logistics and tourism.",
        "seven",
        FactKind::Count,
    )
    .value(7.0),
    ex(
        "rank",
        "Testville's GDP ranked third among the 14 cities of the province in 2019.",
        "third",
        FactKind::Rank,
    )
    .value(3.0)
    .year(2019),
];
