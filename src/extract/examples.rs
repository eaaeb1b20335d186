//! The example sentences of every extraction rule, with the row each must give (the way
//! duckling keeps a corpus beside its rules). `every_rule_reads_its_examples` extracts each
//! sentence from a one-article corpus and checks that the named figure became the
//! expected row, read by the named rule; `every_rule_sets_aside_its_examples` checks that
//! the digits of a date, name or marker ([`NOT_FIGURES`]) became no row, set aside by the
//! named rule. A new rule comes with its lines here.

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

/// Digits that are no figure: `text` (as written in `sentence`) must be in no row, and
/// the rule `rule` must set it aside.
pub struct NotFigure {
    pub rule: &'static str,
    pub sentence: &'static str,
    pub text: &'static str,
}

const fn not(rule: &'static str, sentence: &'static str, text: &'static str) -> NotFigure {
    NotFigure {
        rule,
        sentence,
        text,
    }
}

/// The digits that are no figure, by rule.
pub const NOT_FIGURES: &[NotFigure] = &[
    not(
        "date",
        "Net debt was $1.2 billion as of December 31, 2019.",
        "31",
    ),
    not(
        "date",
        "The plan took effect on March 3, 2021, after a vote.",
        "3",
    ),
    not(
        "date",
        "For the year ended 31 December 2019 revenue grew.",
        "31",
    ),
    not(
        "date",
        "Interest is payable on January 1 and July 1, 2018.",
        "1 and",
    ),
    not("date", "The notes mature on 12/31/2025.", "12/31/"),
    not("date", "Sales in Q3 rose sharply from the 1990s.", "Q3"),
    not("date", "Sales in Q3 rose sharply from the 1990s.", "1990s"),
    not("date", "Revenue for FY19 was a record.", "FY19"),
    not(
        "year",
        "We adopted the standard in fiscal 2019.",
        "fiscal 2019",
    ),
    not(
        "date",
        "Pay rose to €81 million in financial year 2018/19.",
        "/19",
    ),
    not(
        "name",
        "Testville is home to 12 Fortune 500 companies.",
        "500",
    ),
    not("name", "The Top 100 list was published in May.", "Top 100"),
    not("name", "The city hosted the G20 summit.", "G20"),
    not("name", "COVID-19 hit tourism revenue hard.", "COVID-19"),
    not("name", "It promotes Industry 4.0 and 5G networks.", "4.0"),
    not("name", "It promotes Industry 4.0 and 5G networks.", "5G"),
    not("name", "The town lies on Route 66 near the border.", "66"),
    not(
        "name",
        "Under the Made in China 2025 plan, robot output rose 12 percent in 2019.",
        "2025",
    ),
    not("name", "See Note 12 and Item 7 for the details.", "12"),
    not(
        "name",
        "Losses are limited under Sections 382 and 383 of the Code.",
        "382 and 383",
    ),
    not("name", "Fair values are level 3 inputs.", "3"),
    not("name", "The office is at No. 3 Li-Hsin Road.", "3"),
    not(
        "name",
        "We adopted Accounting Standards Codification (ASC) 842 in 2019.",
        "842",
    ),
    not("footnote", "(1) Excludes wholesale subscribers.", "(1)"),
    not(
        "footnote",
        "The agreement requires us to (1) maintain capital and (2) limit dividends.",
        "(2)",
    ),
    not("numbering", "13. Share-based compensation", "13"),
    not(
        "numbering",
        "1 The Group has adopted the new standard.",
        "1",
    ),
    not(
        "code",
        "Our telephone number is 886-3-578-2258.",
        "886-3-578-2258",
    ),
];

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
        "change",
        "The urbanization rate reached 58.6 percent in 2019, 1.4 percentage points higher than a year earlier.",
        "1.4 percentage points",
        FactKind::Change,
    )
    .year(2019)
    .base(2018),
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
    ex(
        "amount",
        "As of June 30, 2019, the company had 1,200 employees.",
        "1,200",
        FactKind::Amount,
    )
    .value(1200.0)
    .year(2019),
    ex(
        "amount",
        "Revenue was $5.2 million for the year ended 31 December 2019.",
        "$5.2 million",
        FactKind::Amount,
    )
    .year(2019),
    ex(
        "amount",
        "Revenue was $8.1 million in fiscal 2019.",
        "$8.1 million",
        FactKind::Amount,
    )
    .year(2019),
    ex(
        "amount",
        "Revenue reached RMB 3.2bn in 2019.",
        "RMB 3.2bn",
        FactKind::Amount,
    )
    .measure("revenue")
    .value(3.2e9)
    .year(2019),
    ex(
        "amount",
        "Sales were US$ 4.5 million in 2019.",
        "US$ 4.5 million",
        FactKind::Amount,
    )
    .value(4.5e6),
    ex(
        "amount",
        "Testville is home to 12 Fortune 500 companies.",
        "12",
        FactKind::Amount,
    )
    .value(12.0),
    ex(
        "change",
        "Exports rose 7.5% y/y in 2019.",
        "7.5%",
        FactKind::Change,
    )
    .value(7.5)
    .year(2019)
    .base(2018),
    ex(
        "change-of-previous",
        "Sales reached US$ 4.5 million in 2019, up 3% yoy.",
        "3%",
        FactKind::Change,
    )
    .measure("sales")
    .year(2019)
    .base(2018),
    ex(
        "negative-in-parentheses",
        "Net loss was (1,234) in 2019.",
        "(1,234)",
        FactKind::Amount,
    )
    .value(-1234.0)
    .year(2019),
    ex(
        "negative-in-parentheses",
        "Other income was $(2.5) million in 2018.",
        "$(2.5) million",
        FactKind::Amount,
    )
    .value(-2.5e6)
    .year(2018),
    ex(
        "amount",
        "Hedging results totalled €−14 million in 2018.",
        "€−14 million",
        FactKind::Amount,
    )
    .value(-14e6),
    ex(
        "range",
        "The reserve is expected to fall in the range of $4.6 to $6.6 million during 2020.",
        "$4.6",
        FactKind::Amount,
    )
    .value(4.6e6),
    ex(
        "change-amount",
        "Medical segment loss increased $2.9 million to $11.4 million in fiscal 2018.",
        "$2.9 million",
        FactKind::Amount,
    )
    .subject("medical segment loss")
    .measure("increase")
    .year(2018),
    // An opening participle's clause is not the subject.
    ex(
        "amount",
        "Breaking the figures down by segment, warehousing revenue grew 13.5 percent to 736.4 million dollars.",
        "736.4 million dollars",
        FactKind::Amount,
    )
    .measure("warehousing revenue"),
    // An -ing word opening the sentence before its noun is part of the phrase.
    ex(
        "respectively",
        "Operating income was $231.8 million and $214.5 million in 2024 and 2023, respectively.",
        "$214.5 million",
        FactKind::Amount,
    )
    .measure("operating income")
    .year(2023),
    // The listed modifiers of one noun after "of", with no lexicon subject among them.
    ex(
        "respectively",
        "Revenue of the freight, warehousing and software segments was $1.2 billion, $0.8 billion and $0.3 billion, respectively.",
        "$0.8 billion",
        FactKind::Amount,
    )
    .subject("warehousing segments"),
    ex(
        "respectively",
        "Net income for the years ended December 31, 2019, 2018 and 2017 excludes 1.1 million, 0.5 million and 0.3 million potential common shares, respectively.",
        "0.5 million",
        FactKind::Amount,
    )
    .value(5e5)
    .year(2018),
    ex(
        "year-in-parentheses",
        "Receivables amounted to £58.2 million in 2019 (2018: £12.7 million).",
        "£12.7 million",
        FactKind::Amount,
    )
    .year(2018),
    ex(
        "year-in-parentheses",
        "We held a 32.0% (2017: 31.8%) interest as of December 31, 2018.",
        "31.8%",
        FactKind::Percent,
    )
    .year(2017),
    ex(
        "percent",
        "We held a 32.0% (2017: 31.8%) interest as of December 31, 2018.",
        "32.0%",
        FactKind::Percent,
    )
    .year(2018),
    ex(
        "change-amount",
        "Revenue increased by $58.9 million, or 28%, in 2018.",
        "$58.9 million",
        FactKind::Amount,
    )
    .measure("increase in revenue")
    .year(2018),
    // A change's base year named later in its clause.
    ex(
        "change-amount",
        "Operating income increased $19.2 million in fiscal 2019 as compared to fiscal 2018, primarily as a result of higher net sales.",
        "$19.2 million",
        FactKind::Amount,
    )
    .year(2019)
    .base(2018),
    ex(
        "change-amount",
        "Segment operating income of $3.6 million in fiscal year 2018 improved $12.7 million from $9.0 million of operating loss in fiscal year 2017.",
        "$12.7 million",
        FactKind::Amount,
    )
    .value(12.7e6)
    .year(2018)
    .base(2017),
    ex(
        "change",
        "Cost of revenues for VAS increased by 28% to RMB26,120 million for the fourth quarter of 2019 on a year-on-year basis.",
        "28%",
        FactKind::Change,
    )
    .value(28.0)
    .year(2019)
    .base(2018),
    ex(
        "change-of-previous",
        "Revenue increased by $58.9 million, or 28%, in 2018.",
        "28%",
        FactKind::Change,
    )
    .measure("revenue")
    .value(28.0),
    ex(
        "respectively",
        "The secondary and tertiary industries respectively hit 88.3 billion yuan and 114.9 billion yuan in 2019.",
        "88.3 billion yuan",
        FactKind::Amount,
    )
    .subject("secondary industry")
    .year(2019),
    ex(
        "respectively",
        "The secondary and tertiary industries respectively hit 88.3 billion yuan and 114.9 billion yuan in 2019.",
        "114.9 billion yuan",
        FactKind::Amount,
    )
    .subject("tertiary industry"),
    ex(
        "respectively",
        "Inventories were $178.4 million and $210.3 million higher as of June 30, 2019 and 2018, respectively.",
        "$178.4 million",
        FactKind::Amount,
    )
    .year(2019),
    ex(
        "respectively",
        "Inventories were $178.4 million and $210.3 million higher as of June 30, 2019 and 2018, respectively.",
        "$210.3 million",
        FactKind::Amount,
    )
    .year(2018),
    ex(
        "respectively",
        "At December 31, 2019 and 2018 there were 383,000 and 750,000 incremental shares, respectively.",
        "383,000",
        FactKind::Count,
    )
    .value(383_000.0)
    .year(2019),
    ex(
        "respectively",
        "The primary and secondary industries grew 2.9 percent and 4.1 percent, respectively.",
        "4.1 percent",
        FactKind::Change,
    )
    .subject("secondary industry"),
    ex(
        "respectively",
        "Retail and wholesale sales decreased 2.9 percent and 4.1 percent, respectively.",
        "4.1 percent",
        FactKind::Change,
    )
    .value(-4.1),
    ex(
        "respectively",
        "As reported, the U.K., France and Italy decreased 2.9 percent, 4.1 percent and 1.3 percent, respectively, but grew 1 percent, 2 percent and 4 percent, respectively, adjusted for currency.",
        "1.3 percent",
        FactKind::Change,
    )
    .subject("Italy")
    .value(-1.3),
    ex(
        "respectively",
        "As reported, the U.K., France and Italy decreased 2.9 percent, 4.1 percent and 1.3 percent, respectively, but grew 1 percent, 2 percent and 4 percent, respectively, adjusted for currency.",
        "2 percent",
        FactKind::Change,
    )
    .subject("France")
    .value(2.0),
    ex(
        "respectively",
        "The statutory tax rates for China and Mexico are 25% and 30%, respectively.",
        "30%",
        FactKind::Percent,
    )
    .subject("Mexico"),
    ex(
        "change",
        "Altium achieved US$177.2 million in sales (a 23% increase) in 2019.",
        "23%",
        FactKind::Change,
    )
    .value(23.0),
    ex(
        "change-of-previous",
        "Cost of revenues in 2019 decreased by $4.3 million, or 16%, as compared to 2018.",
        "16%",
        FactKind::Change,
    )
    .value(-16.0),
    ex(
        "amount",
        "The output value of agriculture, forestry, animal husbandry, fishery and related service industries reached 64.2 billion yuan in 2019.",
        "64.2 billion yuan",
        FactKind::Amount,
    )
    .subject("primary industry")
    .year(2019),
    ex(
        "amount",
        "Agriculture grew 3.2 percent in 2019, and related service industries earned 1.5 billion yuan.",
        "1.5 billion yuan",
        FactKind::Amount,
    )
    .subject("related service industries"),
    ex(
        "respectively",
        "Primary, secondary and tertiary industries all grew. The three industries respectively contributed 10 percent, 40 percent and 50 percent of growth.",
        "50 percent",
        FactKind::Share,
    )
    .subject("tertiary industry"),
    ex(
        "change",
        "Agricultural added value rose 3.1 percent in 2019, driven by forestry and related service industries.",
        "3.1 percent",
        FactKind::Change,
    )
    .subject("primary industry"),
    ex(
        "rank",
        "Testville ranked No. 1 nationwide in 2019.",
        "No. 1",
        FactKind::Rank,
    )
    .value(1.0)
    .year(2019),
    ex(
        "rank",
        "Testville is the third-largest economy in the province.",
        "third-largest",
        FactKind::Rank,
    )
    .value(3.0),
    ex(
        "rank",
        "Testville ranks among the top 10 cities in the country.",
        "top 10",
        FactKind::Rank,
    )
    .value(10.0),
    ex(
        "range",
        "The growth rate was between 12 and 15 percent.",
        "12",
        FactKind::Percent,
    )
    .value(12.0),
    ex(
        "range",
        "The growth rate was between 12 and 15 percent.",
        "15 percent",
        FactKind::Percent,
    )
    .value(15.0),
    ex(
        "change",
        "Under the Made in China 2025 plan, robot output rose 12 percent in 2019.",
        "12 percent",
        FactKind::Change,
    )
    .year(2019),
    ex(
        "change",
        "Retail sales rose 5.1 percent year on year in the first three quarters of 2021.",
        "5.1 percent",
        FactKind::Change,
    )
    .measure("retail sales (first three quarters)")
    .year(2021),
    ex(
        "rank",
        "In 2019, we were ranked among the top 5% of companies for a fifth consecutive year.",
        "top 5%",
        FactKind::Rank,
    )
    .value(5.0)
    .year(2019),
    ex(
        "rank",
        "Testville remained among the top three cities of the province by GDP.",
        "top three",
        FactKind::Rank,
    )
    .value(3.0),
    ex(
        "range",
        "Exports grew 3 to 4 percent in 2019.",
        "3",
        FactKind::Change,
    )
    .value(3.0),
    ex(
        "range",
        "Prices are expected to rise 2-3% next year.",
        "2",
        FactKind::Change,
    )
    .value(2.0),
    ex(
        "from-to",
        "GDP rose from 3.2 billion yuan in 2015 to 5.1 billion yuan in 2020.",
        "3.2 billion yuan",
        FactKind::Amount,
    )
    .measure("GDP")
    .year(2015),
    ex(
        "from-to",
        "GDP rose from 3.2 billion yuan in 2015 to 5.1 billion yuan in 2020.",
        "5.1 billion yuan",
        FactKind::Amount,
    )
    .measure("GDP")
    .year(2020),
    ex(
        "from-to",
        "The urbanization rate rose from 20 to 25 percent in 2019.",
        "20",
        FactKind::Percent,
    )
    .value(20.0),
    ex(
        "from-to",
        "From 2015 to 2020, tourism revenue rose from 3.2 billion yuan to 5.1 billion yuan.",
        "3.2 billion yuan",
        FactKind::Amount,
    )
    .year(2015),
    ex(
        "count",
        "Costs are recognized over a period of 2.13 and 2.33 years.",
        "2.13",
        FactKind::Count,
    )
    .value(2.13),
];
