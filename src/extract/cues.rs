//! The wording around a figure that says what it is: its year, its base year, whether
//! it is a change, a share or a hedge ("more than"), and the phrases that name its
//! subject from the right ("for the primary industry", "a drop in investment").

use std::sync::LazyLock;

use regex::Regex;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(1[5-9]\d\d|20\d\d)\b").expect("valid regex"));

/// The hedge right before a figure: "more than", "nearly"...
pub fn qualifier(left: &str) -> Option<String> {
    static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(more than|over|nearly|almost|about|around|approximately|roughly|some|at least|less than|under|up to|close to|above|below|exceeding|just over|just under)\s*(?:US\$|\$|¥|￥|€|£|RMB\s?)?$")
            .expect("valid regex")
    });
    QUALIFIER.captures(left).map(|q| q[1].to_lowercase())
}

/// A year said right after a figure: "in 2018", "created in 1949", "by the end of
/// 2019", "in the first quarter of 2020" or "in the first three quarters of 2021" (with
/// its part of the year), "in fiscal 2019",
/// "as of June 30, 2019", "for the year ended 31 December 2019".
pub fn year_after(right: &str) -> Option<(i32, Option<String>)> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^\s*(?:\([^)]*\)\s*)?(?:[a-z-]+\s+){{0,3}}?(?:in|for|by|during|as of|at|on|through|at the end of|by the end of|at end of)\s+(?:the\s+)?(?:(?:fiscal|financial|calendar)\s+)?(?:(?:year|years|quarter|period|months?|twelve months|three months|six months|nine months|fiscal year)\s+end(?:ed|ing)\s+)?(?:((?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|half)|first\s+(?:two|three)\s+quarters|first\s+(?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})\s+months)\s+of\s+)?(?:(?:fiscal\s+)?year\s+)?(?-i:{DAY_OF_MONTH})?(1[5-9]\d\d|20\d\d)\b"
        ))
        .expect("valid regex")
    });
    let c = AFTER.captures(right)?;
    let matched = c.get(0).map_or("", |m| m.as_str()).to_lowercase();
    // "since 1949" or "than in 2010" is a base, not the figure's year.
    if ["since", "than", "from", "compared"]
        .iter()
        .any(|w| matched.contains(w))
    {
        return None;
    }
    // "at 2019" and "on 2019" only date a figure with a day: "at December 31, 2019".
    if regex!(r"(?i)\b(?:at|on|through)\s+(?:the\s+)?(?:1[5-9]\d\d|20\d\d)$").is_match(&matched) {
        return None;
    }
    let part = c.get(1).map(|p| {
        p.as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    });
    Some((c[2].parse().ok()?, part))
}

/// A day and month before a year, in either order: "June 30, ", "31 December ".
const DAY_OF_MONTH: &str = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)\s+\d{1,2},?\s+|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)";

/// The years of a coordination of exactly `n` years in `text`: "2019 and 2018", "June
/// 30, 2019 and 2018", "December 31, 2019, 2018 and 2017", "fiscal 2019 and 2018".
pub fn year_list(text: &str, n: usize) -> Option<Vec<i32>> {
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        let item = format!(
            r"(?:{DAY_OF_MONTH})?(?:(?i:fiscal)\s+(?:(?i:years?)\s+)?)?(?:1[5-9]\d\d|20\d\d)\b"
        );
        Regex::new(&format!(
            r"{item}(?:\s*,\s*{item})*\s*,?\s*(?:and|&)\s+{item}"
        ))
        .expect("valid regex")
    });
    LIST.find_iter(text).find_map(|m| {
        let years: Vec<i32> = years(m.as_str()).map(|(_, y)| y).collect();
        (years.len() == n).then_some(years)
    })
}

/// A year said right before a figure: "the 1949 figure of", "2018's", "the 2010 level of".
pub fn year_before(left: &str) -> Option<i32> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(1[5-9]\d\d|20\d\d)(?:'s|’s)?\s+(?:[a-z]+\s+){0,2}?(?:figure|level|total|value|output)?\s*(?:of|was|stood at|reached|at|:)?\s*(?:more than|over|nearly|almost|about|around|some)?\s*(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    BEFORE.captures(left).and_then(|c| c[1].parse().ok())
}

/// True when the text before a year makes it a base: "since", "than", "that of"...
pub fn is_base_context(left: &str) -> bool {
    static BASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:since|than|from|compared (?:with|to)|over|relative to|that of|those of|against|versus|vs\.?|double|triple)\s+(?:the\s+)?(?:end of\s+)?(?:year\s+)?(?:its\s+)?$")
            .expect("valid regex")
    });
    BASE.is_match(left)
}

/// Every year in `text` with its byte offset.
pub fn years(text: &str) -> impl Iterator<Item = (usize, i32)> + '_ {
    YEAR.find_iter(text)
        .filter_map(|m| m.as_str().parse().ok().map(|y| (m.start(), y)))
}

/// The base year of a multiple or change stated after it ("times that of 1949",
/// "the 2010 level", "from 2015"), within its clause.
pub fn base_year_after(right: &str) -> Option<i32> {
    let clause_end = right.find([',', ';']).unwrap_or(right.len());
    YEAR.find(&right[..clause_end])
        .and_then(|y| y.as_str().parse().ok())
}

/// The base year a sentence names with "since", "from", "compared with"...
pub fn since_year(sentence: &str) -> Option<i32> {
    static SINCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:since|from|compared (?:with|to)|over|than in)\s+(?:the\s+)?(?:end of\s+)?(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    SINCE.captures(sentence).and_then(|c| c[1].parse().ok())
}

/// "accounting for 15.81 percent of the total production value" gives
/// "share of total production value"; "accounting for 53.3 percent of the city's GDP"
/// gives "share of GDP".
pub fn share_of(left: &str, right: &str) -> Option<String> {
    static OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*of\s+(?:the\s+)?(?:(?:city|country|province|region|county|nation|its|their)(?:'s|’s)?\s+|[A-Z][\w-]*(?:'s|’s)\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,5}?)(?:\s+(?:make|makes|made|are|is|were|was|have|has|in|during|from|with|while|and)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    static SHARE_LEFT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:accounting for|accounted for|accounts for|account for|making up|made up|makes up|make up|share of|proportion of|represent\w*|contribut\w* to)\s+(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*$")
            .expect("valid regex")
    });
    if let Some(c) = OF_TOTAL.captures(right) {
        let total = c[1].trim();
        let words: Vec<&str> = total.split_whitespace().take(6).collect();
        if !words.is_empty() {
            return Some(format!("share of {}", words.join(" ")));
        }
    }
    SHARE_LEFT.is_match(left).then(|| "share".to_string())
}

/// True when a percentage is a change: "rose 6.3 percent", "up 7.2 percent",
/// "an increase of 5 percent", "5 percent year-on-year".
pub fn is_change(left: &str, right: &str) -> bool {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:up|rise|rose|rising|risen|grow|grew|growing|grown|increased?|increasing|jump|jumped|jumping|surged|surging|climb|climbed|climbing|gained|expand|expanded|expanding|soared|down|fall|fell|falling|fallen|drop|dropped|dropping|decline|declined|declining|decreased?|decreasing|slid|shrink|shrank|contracted|(?:increase|rise|growth|jump|gain|decrease|decline|drop|fall|expansion|contraction)s?\s+of)\s+(?:by\s+)?(?:more than|over|nearly|almost|about|around|some|roughly|approximately)?\s*$")
            .expect("valid regex")
    });
    VERB.is_match(left)
        || is_year_on_year(right)
        || change_noun_after(right).is_some()
        || change_noun_alone(right).is_some()
}

/// True when a change is a fall: "fell 2.1 percent", "a 9.6 percent drop in...".
pub fn is_fall(left: &str, right: &str) -> bool {
    static FALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:down|fall|fell|falling|fallen|drop|dropped|dropping|decline|declined|declining|decreased?|decreasing|slid|shrink|shrank|contracted|(?:decrease|decline|drop|fall|contraction)s?\s+of)\s+(?:by\s+)?(?:more than|over|nearly|almost|about|around|some)?\s*$")
            .expect("valid regex")
    });
    FALL.is_match(left)
        || change_noun_after(right).is_some_and(|(fall, _)| fall)
        || change_noun_alone(right).unwrap_or(false)
}

/// "percent drop in real estate development investment": whether it is a fall, and
/// the thing that changed.
pub fn change_noun_after(right: &str) -> Option<(bool, String)> {
    static NOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:year-on-year\s+)?(increase|rise|growth|jump|gain|expansion|decrease|decline|drop|fall|contraction|reduction)s?\s+in\s+(?:the\s+)?([^,.;()]{2,60})")
            .expect("valid regex")
    });
    let c = NOUN.captures(right)?;
    let fall = matches!(
        c[1].to_lowercase().as_str(),
        "decrease" | "decline" | "drop" | "fall" | "contraction" | "reduction"
    );
    Some((fall, c[2].trim().to_string()))
}

/// "(a 23% increase)", "a 2.0% reduction": a change named by the noun after it. Returns
/// true for a fall. A target or forecast of growth is no change.
pub fn change_noun_alone(right: &str) -> Option<bool> {
    static NOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:year-on-year\s+)?(?:(increase|rise|growth|jump|gain|expansion)|(decrease|decline|drop|fall|contraction|reduction))\b(?:\s+(target|goal|forecast|objective|plan)\b)?")
            .expect("valid regex")
    });
    let c = NOUN.captures(right)?;
    c.get(3).is_none().then_some(c.get(2).is_some())
}

/// True when the text after a figure marks it year-on-year.
pub fn is_year_on_year(right: &str) -> bool {
    static YOY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:,\s*)?(?:\(\s*)?(?:year[- ](?:on|over|to)[- ]year|y-o-y|y/y|yoy|on a year[- ](?:on|over)[- ]year basis|over the (?:previous|prior) year|(?:compared (?:with|to)|versus|vs\.?) (?:the previous|the prior|last) year)|^[^.;]{0,40}\b(?:from|than|over|versus) (?:a|the previous|the prior|last) year(?: earlier| ago| before)?\b")
            .expect("valid regex")
    });
    YOY.is_match(right)
}

/// The year a change is measured from, named later in its own clause: "increased by 28%
/// to RMB26,120 million for the fourth quarter of 2019 on a year-on-year basis" (the
/// year before `year`), "increased $19.2 million in fiscal 2019 as compared to fiscal
/// 2018", "improved $12.7 million from $9.0 million of operating loss in fiscal year
/// 2017". The base is before `year`, when that is known.
pub fn clause_base_year(right: &str, year: Option<i32>) -> Option<i32> {
    static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i);|\.(?:\s|$)|,\s+(?:while|but|whereas|although|partially|partly|offset|and)\b",
        )
        .expect("valid regex")
    });
    static YOY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:year[- ](?:on|over|to)[- ]year|y-o-y|yoy|over the (?:previous|prior) year|(?:compared (?:with|to)|versus|vs\.?) (?:the previous|the prior|last) year)\b")
            .expect("valid regex")
    });
    static COMPARED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:compared (?:with|to)|versus|vs\.?|over|from\s+(?:(?:US\$|\$|€|£|¥|RMB\s?)?[\d.,]+\s*(?:million|billion|thousand|%|percent)?\s+)?(?:[a-z][a-z-]*\s+){0,4}?(?:in|for|at)|from)\s+(?:the\s+)?(?:same\s+period\s+(?:of|in)\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?|FY\s?)?(1[5-9]\d\d|20\d\d)\b")
            .expect("valid regex")
    });
    let clause = &right[..CLAUSE_END.find(right).map_or(right.len(), |m| m.start())];
    let base = if YOY.is_match(clause) {
        year.map(|y| y - 1)
    } else {
        COMPARED
            .captures(clause)
            .and_then(|c| c[1].parse::<i32>().ok())
    };
    base.filter(|b| year.is_none_or(|y| *b < y))
}

/// A figure introduced as an earlier or compared value of the figure before it:
/// "up from 11.2 percent", "compared with 5.6 percent", "against 4 percent".
pub fn compares_to_previous(left: &str) -> bool {
    static COMPARED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\b(?:up|down|rising|falling|increasing|decreasing|growing|declining)\s+from|\bcompared (?:with|to)|\bagainst|\bversus|\bvs\.?|\bas against|\bwell (?:above|below) the|\b(?:above|below) the|,?\s*and)\s+(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    COMPARED.is_match(left)
}

/// A change that follows a figure and is of the same thing: "98.7 billion yuan, up 7.2
/// percent", "38,450 yuan in 2019, an increase of 7.9 percent".
pub fn changes_previous(left: &str) -> bool {
    static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s*(?:up|down|rising|falling|growing|declining|increasing|decreasing|(?:an?\s+)?(?:year-on-year\s+)?(?:increase|rise|growth|decrease|decline|drop|fall|gain)\s+of)\s+(?:by\s+)?(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*$")
            .expect("valid regex")
    });
    CHANGE.is_match(left)
}

/// An amount that is a change, from the verb or noun before it: "increased by $58.9
/// million", "an increase of $29.9 million", "was down $4 million". Returns true for a
/// fall.
pub fn amount_change(left: &str) -> Option<bool> {
    static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:(increased|rose|grew|gained|climbed|jumped|improved|was up|were up|higher)|(decreased|fell|declined|dropped|was down|were down|lower)|an?\s+(?:year-on-year\s+)?(increase|rise)|an?\s+(?:year-on-year\s+)?(decrease|decline|drop|fall|reduction))\s+(?:by\s+|of\s+)?(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*(?:US\$|\$|¥|€|£|RMB\s?)?$")
            .expect("valid regex")
    });
    let c = CHANGE.captures(left)?;
    Some(c.get(2).is_some() || c.get(4).is_some())
}

/// What an amount is in, named right after it: "$2 million in net operating assets".
pub fn in_after(right: &str) -> Option<String> {
    static IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*in\s+(?:the\s+|its\s+|our\s+|their\s+)?([a-z][a-z\s-]{2,60}?)(?:\s+(?:in|during|from|to|and|over|due|primarily|mainly|as|for|compared|versus|at)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    IN.captures(right)
        .map(|c| c[1].trim().to_string())
        .filter(|w| !regex!(r"^(?:fiscal|the year|year|quarter|total)\b").is_match(w))
}

/// A percent that restates the change before it: "increased by $58.9 million, or 28%".
pub fn or_percent(left: &str) -> bool {
    regex!(r"(?i)(?:,\s*|\s)or\s+(?:about\s+|approximately\s+|nearly\s+|roughly\s+)?$")
        .is_match(left)
}

/// The year a parenthesis gives the figure right after it: "(2018: £12.7 million)",
/// "(2018 – $6.5 million)", "(2017: 31.8%)", "(2018 – gains of $21.2 million)".
pub fn parenthesised_year(left: &str) -> Option<(i32, usize)> {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\(\s*(?:(?:FY\s?|fiscal\s+)?(1[5-9]\d\d|20\d\d)(?:/\d{2})?)\s*(?::|–|—|-|,)?\s*(?:[a-z][a-z ]{0,30}?\s+)?(?:US\$|\$|¥|€|£|RMB\s?)?$")
            .expect("valid regex")
    });
    let c = OPEN.captures(left)?;
    let year = c.get(1)?;
    Some((year.as_str().parse().ok()?, year.start()))
}

/// What an amount was cut or raised in: "cut taxes and fees for businesses by 2.3
/// billion yuan" gives "cut in taxes and fees for businesses".
pub fn changed_by(left: &str) -> Option<String> {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(cut|cuts|reduced|lowered|raised|increased|expanded|boosted|trimmed|slashed)\s+(?:the\s+)?([a-z][a-z\s-]{2,60}?)\s+by\s+(?:about|around|nearly|over|more than|some|roughly|approximately)?\s*(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    let c = BY.captures(left)?;
    let verb = c[1].to_lowercase();
    let noun = match verb.as_str() {
        "cut" | "cuts" | "reduced" | "lowered" | "trimmed" | "slashed" => "cut",
        _ => "increase",
    };
    Some(format!("{noun} in {}", c[2].trim()))
}

/// "an increase of 8.2 percent in its gross agricultural output value": the thing that
/// changed, named after the figure with "in".
pub fn change_in_after(left: &str, right: &str) -> Option<String> {
    static OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:increase|rise|growth|decrease|decline|drop|fall|gain|jump)s?\s+of\s+(?:about|around|nearly|over|more than|some)?\s*$")
            .expect("valid regex")
    });
    static IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*in\s+(?:its|the|their|the city's)\s+([a-z][a-z\s-]{2,60}?)(?:\s+(?:in|during|from|to|and|over)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    if !OF.is_match(left) {
        return None;
    }
    IN.captures(right).map(|c| c[1].trim().to_string())
}

/// "..., maintaining an annual growth rate of": the average annual growth of the figure
/// before.
pub fn annual_growth_of_previous(left: &str) -> bool {
    static ANNUAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i),\s*(?:maintaining|keeping|sustaining|registering|posting|recording|with|at)\s+(?:an?\s+)?(?:average\s+)?(?:annual|yearly)\s+(?:average\s+)?(?:growth\s+rate|growth|increase|rise)\s+(?:rate\s+)?of\s+(?:about|around|nearly|over|more than|some)?\s*$")
            .expect("valid regex")
    });
    ANNUAL.is_match(left)
}

/// How many years before the sentence's year a figure is dated: "a decade ago" is 10,
/// "five years ago" 5, "a year earlier" 1.
pub fn years_ago(right: &str) -> Option<i32> {
    static AGO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*((?:[a-z-]+\s+){0,3}?)(a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(decades?|years?)\s+(?:ago|earlier|before)\b")
            .expect("valid regex")
    });
    let c = AGO.captures(right)?;
    // "1.4 percentage points higher than a year earlier" is this year's, measured
    // against a year earlier.
    if regex!(r"(?i)\b(?:than|from|over|versus|compared)\b").is_match(&c[1]) {
        return None;
    }
    let n: i32 = match c[2].to_lowercase().as_str() {
        "a" | "one" => 1,
        w => super::number_word(w)
            .map(|v| v as i32)
            .or_else(|| w.parse().ok())?,
    };
    Some(if c[3].to_lowercase().starts_with("decade") {
        10 * n
    } else {
        n
    })
}

/// The number a sentence names before "the figure": "the number of registered rural
/// homestays has kept climbing, and the figure stood at" gives "number of registered
/// rural homestays".
pub fn named_number_before(left: &str) -> Option<String> {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:the\s+)?((?:number|amount|volume|count) of [a-z][a-z\s-]{2,60}?)\s+(?:has|have|had|was|were|is|are|kept|rose|fell|grew|reached|continued|climbed|stood)\b")
            .expect("valid regex")
    });
    NAMED
        .captures_iter(left)
        .last()
        .map(|c| c[1].trim().to_lowercase())
}

/// What an amount of money is, from the verb that states it: "earned 15.4 billion yuan
/// from rural tourism" is revenue from rural tourism; "earned 12,400 yuan per capita" is
/// per capita income.
pub fn measure_from_verb(clause_left: &str, right: &str) -> Option<String> {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(earned|earning|earns|generated|generating|collected|brought in|bringing in|raised|spent|spending|invested|investing|exported|exporting|imported|importing|paid|received)\s+(?:a total of\s+|about\s+|around\s+|nearly\s+|more than\s+|over\s+)?(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    let verb = VERB.captures(clause_left)?[1].to_lowercase();
    let per_capita = regex_per_capita(right);
    let from = from_after(right);
    let noun = match verb.as_str() {
        v if v.starts_with("earn") && per_capita => "income",
        v if v.starts_with("earn")
            || v.starts_with("generat")
            || v.starts_with("collect")
            || v.starts_with("brought")
            || v.starts_with("bringing")
            || v == "raised"
            || v == "received" =>
        {
            "revenue"
        }
        v if v.starts_with("spen") || v == "paid" => "spending",
        v if v.starts_with("invest") => "investment",
        v if v.starts_with("export") => "exports",
        _ => "imports",
    };
    let mut measure = if per_capita {
        format!("per capita {noun}")
    } else {
        noun.to_string()
    };
    if let Some(from) = from {
        measure = format!("{measure} from {from}");
    }
    Some(measure)
}

fn regex_per_capita(right: &str) -> bool {
    static PER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:per capita|per person|per head)\b").expect("valid regex")
    });
    PER.is_match(right)
}

fn from_after(right: &str) -> Option<String> {
    static FROM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:per capita\s+|per person\s+)?from\s+(?:the\s+)?([a-z][a-z\s-]{1,40}?)(?:\s+(?:in|during|last|this|and|since)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    FROM.captures(right).map(|c| c[1].trim().to_string())
}

/// "outpaced the national average by 1.2 percentage points" or "1.2 points higher than
/// the provincial average": the margin over what.
pub fn margin_over(left: &str, right: &str) -> Option<String> {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:outpaced|outpacing|exceeded|exceeding|beat|beating|outperformed|outperforming|topped|topping)\s+(?:the\s+)?([a-z][a-z\s-]{2,40}?)\s+by\s+$")
            .expect("valid regex")
    });
    static THAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:points?\s+)?(?:higher|lower|above|below|more|less)\s+than\s+(?:the\s+)?([a-z][a-z\s-]{2,40}?)(?:[,.;()]|$)")
            .expect("valid regex")
    });
    BY.captures(left)
        .or_else(|| THAN.captures(right))
        .map(|c| format!("margin over the {}", c[1].trim()))
        .filter(|m| !m.ends_with("year earlier") && !m.contains("a year"))
}

/// A fraction of something: "one-third of the city's agricultural exports". Returns the
/// share in percent, its byte range and what it is a share of.
pub fn fractions(sentence: &str) -> Vec<(f64, usize, usize, String)> {
    static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(one[- ]third|a third|two[- ]thirds|one[- ]half|half|a quarter|one[- ]quarter|three[- ]quarters|one[- ]fifth|a fifth)\s+of\s+(?:the\s+)?(?:(?:city|country|province|county|region|nation)(?:'s|’s)\s+|its\s+|their\s+)?([a-z][a-z\s-]{2,50}?)(?:[,.;()]|\s+(?:with|and|in|while|which)\b|$)")
            .expect("valid regex")
    });
    FRACTION
        .captures_iter(sentence)
        .filter_map(|c| {
            let word = c.get(1)?;
            let value = match word.as_str().to_lowercase().replace(' ', "-").as_str() {
                "one-third" | "a-third" => 100.0 / 3.0,
                "two-thirds" => 200.0 / 3.0,
                "one-half" | "half" => 50.0,
                "a-quarter" | "one-quarter" => 25.0,
                "three-quarters" => 75.0,
                _ => 20.0,
            };
            Some((value, word.start(), word.end(), c[2].trim().to_string()))
        })
        .collect()
}

/// The subject named right after a figure with "for": "5.6 percent for the primary
/// industry".
pub fn for_subject(right: &str) -> Option<String> {
    static FOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:of\s+\w+\s+)?for\s+(?:the\s+)?([^,.;()]{2,50}?)(?:\s+(?:and|in|during|over|from|since|with|while)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    FOR.captures(right).map(|c| c[1].trim().to_string())
}

/// The thing an amount is of: "31.6 billion yuan of industrial output".
pub fn of_after(right: &str) -> Option<String> {
    static OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*of\s+(?:the\s+)?([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4}?)(?:\s+(?:and|in|during|over|from|since|with|while|up|down|by|to)\b|[,.;()]|$)")
            .expect("valid regex")
    });
    OF.captures(right).map(|c| c[1].trim().to_string())
}

/// The noun a figure stands before as its attribute, between an article and the noun: "a
/// 32.0% (2017: 31.8%) ownership interest in ...", "a $0.5 million cumulative effect
/// adjustment". Never a change ("a 5% increase"), which has its own reading.
pub fn attributed_noun(left: &str, right: &str) -> Option<String> {
    static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:a|an)\s+(?:US\$|\$|€|£|¥|RMB\s?)?$").expect("valid regex")
    });
    static NOUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\([^()]*\)\s*)?((?:[a-z][a-z-]*\s+){0,2}?[a-z][a-z-]*)(?:\s+(?:in|of|for|on|at|with|by|from|to|and|or|that|which|was|is|were|are|as|under)\b|\s*[,.;:()]|\s*$)")
            .expect("valid regex")
    });
    if !ARTICLE.is_match(left) {
        return None;
    }
    let noun = NOUN.captures(right)?.get(1)?.as_str().to_string();
    let first = noun.split_whitespace().next()?;
    let change = regex!(
        r"^(?:increase|decrease|rise|growth|drop|decline|gain|jump|fall|reduction|year-on-year|percent|per|cent|times|of)s?$"
    );
    (!change.is_match(first)).then_some(noun)
}

/// The thing a figure is held in, after a verb of holding: "Altium had US$6 million in
/// long-term deferred revenue as at 30 June 2018", "we held $12 million in cash".
pub fn held_in(left: &str, right: &str) -> Option<String> {
    static HOLDING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:had|has|have|held|holds|hold|carried|carries)\s+(?:about\s+|approximately\s+|around\s+|nearly\s+|over\s+)?(?:US\$|\$|€|£|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    static IN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s+in\s+((?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)(?:\s+(?:as|at|of|for|on|which|that|and|under|to|from|during|in)\b|\s*[,.;:()]|\s*$)")
            .expect("valid regex")
    });
    if !HOLDING.is_match(left) {
        return None;
    }
    let noun = IN.captures(right)?.get(1)?.as_str().to_string();
    // "had $2 million in 2019": a year or a month is no thing held.
    (!regex!(r"^(?:19|20)\d\d$|^(?:january|february|march|april|may|june|july|august|september|october|november|december|the|total|aggregate|cash and)$")
        .is_match(&noun))
    .then_some(noun)
}

/// The thing a figure is the value of, written before it: "a permanent population of
/// 3.46 million", "the 2010 level of 74.5 billion yuan".
pub fn of_before(left: &str) -> Option<String> {
    static OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:a|an|the|its|their)\s+((?:[a-z0-9][\w-]*\s+){0,3}?[a-z][\w-]*)\s+of\s+(?:about|around|nearly|over|more than|some|roughly|approximately|just over|just under)?\s*(?:US\$|\$|¥|RMB\s?)?$")
            .expect("valid regex")
    });
    OF.captures(left).map(|c| c[1].trim().to_string())
}

/// A multiple written as a word after a stating verb: "was nearly triple the 2010
/// level", "has doubled". Returns the multiple and the byte range of the word.
pub fn word_multiples(sentence: &str) -> Vec<(f64, usize, usize, Option<String>)> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:is|was|were|are|has|have|had|been|being|be)\s+(?:(nearly|almost|about|around|roughly|more than|over|close to|at least)\s+)?(double|doubled|twice|triple|tripled|quadruple|quadrupled)\b")
            .expect("valid regex")
    });
    WORD.captures_iter(sentence)
        .filter_map(|c| {
            let word = c.get(2)?;
            let value = match word.as_str().to_lowercase().as_str() {
                "double" | "doubled" | "twice" => 2.0,
                "triple" | "tripled" => 3.0,
                _ => 4.0,
            };
            Some((
                value,
                word.start(),
                word.end(),
                c.get(1).map(|q| q.as_str().to_lowercase()),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_after_and_before_a_figure() {
        assert_eq!(year_after(" yuan in 2018, an increase"), Some((2018, None)));
        assert_eq!(year_after(" yuan created in 1949."), Some((1949, None)));
        assert_eq!(year_after(" times since 1949"), None);
        assert_eq!(
            year_after(" year-on-year in the first quarter of 2020"),
            Some((2020, Some("first quarter".to_string())))
        );
        assert_eq!(year_before("the 1949 figure of "), Some(1949));
        assert_eq!(year_before("nearly triple the 2010 level of "), Some(2010));
    }

    #[test]
    fn changes_shares_and_their_subjects_are_read_from_the_wording() {
        assert!(is_change("GDP rose ", " year-on-year"));
        assert!(is_change("up ", ""));
        assert!(is_change(
            "dragged down by a ",
            " drop in real estate development investment"
        ));
        assert!(is_fall(
            "dragged down by a ",
            " drop in real estate development investment"
        ));
        assert!(!is_change("accounting for ", " of the total"));
        assert_eq!(
            share_of("accounting for ", " of the city's GDP, was").as_deref(),
            Some("share of GDP")
        );
        assert_eq!(
            for_subject(" for the primary industry and 4.9").as_deref(),
            Some("primary industry")
        );
        assert_eq!(
            of_after(" of industrial output, up 10.6").as_deref(),
            Some("industrial output")
        );
        assert_eq!(
            of_before("with a permanent population of ").as_deref(),
            Some("permanent population")
        );
        assert!(compares_to_previous("industrial added value, up from "));
        assert!(compares_to_previous(
            "expanding 7.4 percent, compared with "
        ));
    }
}
