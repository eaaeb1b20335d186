//! Extraction tests: every rule against its example sentences, and whole documents read
//! rule against rule (respectively, indicator phrases, pronouns, ranks, structures).
use super::*;

const FRONT: &str = "---\ntitle: Testville's economy\ndate: 2020-06-15\n---\n\n";

fn facts_of(body: &str) -> Vec<Fact> {
    let text = format!("{FRONT}{body}\n");
    let doc = crate::corpus::parse_document("t", text.into_bytes()).expect("valid document");
    let corpus = Corpus {
        documents: vec![doc],
        skipped: Vec::new(),
    };
    let lexicon = Lexicon::parse(
        r#"
[subjects]
"primary industry" = ["primary", "primary industries", "agriculture", "agricultural"]
"secondary industry" = ["secondary", "secondary industries", "industrial", "industrial output"]
"tertiary industry" = ["tertiary", "tertiary industries", "services", "service industries"]
[measures]
"added value" = ["added value"]
"#,
    )
    .expect("valid lexicon");
    let passages = crate::passage::passages(&corpus);
    extract_facts(&corpus, &passages, &lexicon)
}

#[test]
fn progress_counts_every_document_once_up_to_the_total() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temporary folder");
    for name in [
        "qingshui-economy.md",
        "baiyun-farming.md",
        "hexi-corridor.md",
    ] {
        std::fs::copy(
            root.join("tests/fixtures").join(name),
            dir.path().join(name),
        )
        .expect("copy a fixture");
    }
    let corpus = crate::corpus::load(dir.path()).expect("the fixtures load");
    let passages = crate::passage::passages(&corpus);
    let calls = std::sync::Mutex::new(Vec::new());
    let facts = extract_facts_reporting(&corpus, &passages, &Lexicon::default(), &|d, t| {
        calls.lock().expect("not poisoned").push((d, t));
    });
    let mut calls = calls.into_inner().expect("not poisoned");
    calls.sort_unstable();
    assert_eq!(calls, vec![(1, 3), (2, 3), (3, 3)]);
    assert_eq!(
        facts,
        extract_facts(&corpus, &passages, &Lexicon::default()),
        "reporting changes no row"
    );
}

#[test]
fn every_rule_reads_its_examples() {
    let mut wrong = Vec::new();
    for e in examples::EXAMPLES {
        let facts = facts_of(e.sentence);
        let Some(f) = facts.iter().find(|f| f.surface.contains(e.figure)) else {
            wrong.push(format!(
                "[{}] no row for {:?} in {:?}: {:?}",
                e.rule,
                e.figure,
                e.sentence,
                facts.iter().map(|f| &f.surface).collect::<Vec<_>>()
            ));
            continue;
        };
        let mut differs = Vec::new();
        if f.rule != e.rule {
            differs.push(format!("read by rule {:?}", f.rule));
        }
        if f.kind != e.kind {
            differs.push(format!("kind {:?}, not {:?}", f.kind, e.kind));
        }
        if e.subject.is_some_and(|s| s != f.subject) {
            differs.push(format!("subject {:?}, not {:?}", f.subject, e.subject));
        }
        if e.measure.is_some_and(|m| m != f.measure) {
            differs.push(format!("measure {:?}, not {:?}", f.measure, e.measure));
        }
        if e.value
            .is_some_and(|v| (v - f.value).abs() > 1e-9 * v.abs().max(1.0))
        {
            differs.push(format!("value {}, not {:?}", f.value, e.value));
        }
        if e.year.is_some() && e.year != f.year {
            differs.push(format!("year {:?}, not {:?}", f.year, e.year));
        }
        if e.base_year.is_some() && e.base_year != f.base_year {
            differs.push(format!(
                "base year {:?}, not {:?}",
                f.base_year, e.base_year
            ));
        }
        if !differs.is_empty() {
            wrong.push(format!(
                "[{}] {:?} in {:?}: {}",
                e.rule,
                e.figure,
                e.sentence,
                differs.join("; ")
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_rule_sets_aside_its_examples() {
    let mut wrong = Vec::new();
    for e in examples::NOT_FIGURES {
        let at = e
            .sentence
            .find(e.text)
            .expect("the text is in its sentence");
        let span = Span::new(FRONT.len() + at, FRONT.len() + at + e.text.len());
        let facts = facts_of(e.sentence);
        if let Some(f) = facts
            .iter()
            .find(|f| f.span.start < span.end && span.start < f.span.end)
        {
            wrong.push(format!(
                "[{}] {:?} in {:?} became a row: {:?} read by rule {:?}",
                e.rule, e.text, e.sentence, f.surface, f.rule
            ));
            continue;
        }
        let set_aside = set_aside(e.sentence);
        let by = set_aside
            .iter()
            .filter(|a| a.span.start < at + e.text.len() && at < a.span.end)
            .map(|a| a.rule)
            .collect::<Vec<_>>();
        if !by.contains(&e.rule) {
            wrong.push(format!(
                "[{}] {:?} in {:?} is set aside by {:?}",
                e.rule, e.text, e.sentence, by
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_year_inside_a_name_or_a_date_keeps_its_place() {
    let facts = facts_of(
        "Under the Made in China 2025 plan, robot output rose 12 percent. Inventories were $5.2 million as of June 30, 2019, against $4.8 million a year earlier.",
    );
    assert_ne!(find(&facts, "12 percent").year, Some(2025), "{facts:#?}");
    assert_eq!(find(&facts, "$5.2 million").year, Some(2019));
    assert!(facts.iter().all(|f| f.surface != "30"), "{facts:#?}");
}

#[test]
fn a_rank_is_never_an_amount_of_what_is_ranked() {
    let facts = facts_of("Testville ranked third among the 14 cities of the province in 2019.");
    let rank = find(&facts, "third");
    assert_eq!((rank.kind, rank.value), (FactKind::Rank, 3.0));
    assert_eq!(rank.among.as_deref(), Some("the 14 cities of the province"));
    assert!(
        !facts.iter().any(|f| f.value == 14.0),
        "14 is what is ranked among, not a figure: {facts:#?}"
    );
}

fn find<'f>(facts: &'f [Fact], surface: &str) -> &'f Fact {
    facts
        .iter()
        .find(|f| f.surface == surface)
        .unwrap_or_else(|| panic!("no fact {surface:?} in {facts:#?}"))
}

#[test]
fn respectively_gives_each_figure_its_member() {
    let facts = facts_of(
        "Installed capacity of wind and solar power reached 2.8 million kilowatts and 1.55 million kilowatts respectively in 2019. The secondary and tertiary industries contributed 88.3 billion yuan and 114.9 billion yuan respectively.",
    );
    assert_eq!(
        find(&facts, "2.8 million").measure,
        "installed capacity of wind power"
    );
    assert_eq!(
        find(&facts, "1.55 million").measure,
        "installed capacity of solar power"
    );
    assert_eq!(
        find(&facts, "88.3 billion yuan").subject,
        "secondary industry"
    );
    assert_eq!(
        find(&facts, "114.9 billion yuan").subject,
        "tertiary industry"
    );
}

#[test]
fn an_indicator_phrase_is_the_measure_and_the_place_its_subject() {
    let facts = facts_of(
        "The city's GDP rose 6.3 percent year-on-year to 215.6 billion yuan in 2019. It was nearly triple the 2010 level of 74.5 billion yuan.",
    );
    let gdp = find(&facts, "215.6 billion yuan");
    assert_eq!(
        (gdp.subject.as_str(), gdp.measure.as_str(), gdp.year),
        ("Testville", "GDP", Some(2019))
    );
    let change = find(&facts, "6.3 percent");
    assert_eq!(
        (
            change.kind,
            change.measure.as_str(),
            change.year,
            change.base_year
        ),
        (FactKind::Change, "GDP", Some(2019), Some(2018))
    );
    let earlier = find(&facts, "74.5 billion yuan");
    assert_eq!(
        (earlier.measure.as_str(), earlier.year),
        ("GDP", Some(2010))
    );
    let triple = find(&facts, "triple");
    assert_eq!(
        (
            triple.kind,
            triple.value,
            triple.base_year,
            triple.qualifier.as_deref()
        ),
        (FactKind::Multiple, 3.0, Some(2010), Some("nearly"))
    );
    assert_eq!(triple.measure, "GDP");
}

#[test]
fn a_change_after_an_amount_and_an_earlier_value_are_of_the_same_thing() {
    let facts = facts_of(
        "In 2019, retail sales of consumer goods totaled 98.7 billion yuan, up 7.2 percent. Strategic emerging industries accounted for 18.7 percent of industrial added value, up from 11.2 percent in 2015.",
    );
    let up = find(&facts, "7.2 percent");
    assert_eq!(
        (up.kind, up.measure.as_str()),
        (FactKind::Change, "retail sales of consumer goods")
    );
    let now = find(&facts, "18.7 percent");
    let then = find(&facts, "11.2 percent");
    assert_eq!((now.kind, now.year), (FactKind::Share, Some(2019)));
    assert_eq!(
        (then.subject.as_str(), then.year),
        (now.subject.as_str(), Some(2015))
    );
}

#[test]
fn a_pronoun_takes_the_subject_of_the_sentence_before() {
    let facts = facts_of(
        "Tourism has become a pillar of the city. Its revenue reached 6.8 billion yuan in 2019, up 21.4 percent.",
    );
    let revenue = find(&facts, "6.8 billion yuan");
    assert_eq!(
        (revenue.subject.as_str(), revenue.measure.as_str()),
        ("tourism", "revenue")
    );
    assert_eq!(find(&facts, "21.4 percent").subject, "tourism");
}

#[test]
fn a_drop_in_something_is_a_fall_of_that_thing() {
    let facts = facts_of(
        "Fixed-asset investment fell 2.1 percent in 2019, dragged down by a 9.6 percent drop in real estate development investment.",
    );
    let fall = find(&facts, "2.1 percent");
    assert_eq!(
        (fall.value, fall.measure.as_str()),
        (-2.1, "fixed-asset investment")
    );
    let drop = find(&facts, "9.6 percent");
    assert_eq!(
        (drop.value, drop.measure.as_str()),
        (-9.6, "real estate development investment")
    );
}

#[test]
fn a_word_inside_a_longer_name_is_not_a_subject() {
    let facts = facts_of("The number of industrial enterprises reached 1,286 by the end of 2019.");
    let n = find(&facts, "1,286");
    assert_eq!(
        (n.subject.as_str(), n.measure.as_str(), n.year),
        ("Testville", "number of industrial enterprises", Some(2019))
    );
}

#[test]
fn unnamed_structure_parts_follow_the_order_the_document_names_the_sectors() {
    let facts = facts_of(
        "The primary industry grew. The secondary and tertiary industries grew too.\n\nThe structure of the three industries shifted from 10:40:50 in 2010 to 6:41:53 in 2019.",
    );
    let parts: Vec<(&str, f64, Option<i32>)> = facts
        .iter()
        .filter(|f| f.measure == "structure")
        .map(|f| (f.subject.as_str(), f.value, f.year))
        .collect();
    assert_eq!(parts[0], ("primary industry", 10.0, Some(2010)));
    assert_eq!(parts[2], ("tertiary industry", 50.0, Some(2010)));
    assert_eq!(parts[4], ("secondary industry", 41.0, Some(2019)));
}

/// The measures of the rows whose figure is written `surface`.
fn measures_of(facts: &[Fact], surface: &str) -> Vec<String> {
    facts
        .iter()
        .filter(|f| f.surface == surface)
        .map(|f| f.measure.clone())
        .collect()
}

#[test]
fn a_figure_between_an_article_and_a_noun_is_that_noun_s() {
    let facts = facts_of(
        "As of December 31, 2018, we held a 32.0% (2017: 31.8%) ownership interest in Golar Partners. \
         We recorded a $0.5 million cumulative effect adjustment, net of tax. \
         Output rose by a 5% increase in the year.",
    );
    let measures = |surface: &str| measures_of(&facts, surface);
    assert_eq!(measures("32.0%"), ["ownership interest"]);
    assert_eq!(measures("31.8%"), ["ownership interest"]);
    assert_eq!(measures("$0.5 million"), ["cumulative effect adjustment"]);
    assert!(
        facts.iter().all(|f| f.subject != "december"),
        "a month is never a subject: {facts:?}"
    );
    assert!(measures("5%").iter().all(|m| m != "increase"));
}

#[test]
fn a_figure_held_in_something_is_that_thing_s() {
    let facts = facts_of(
        "Altium had US$6 million in long-term deferred revenue as at 30 June 2018. \
         Altium had US$6.9 million in long-term deferred revenue as at June 2019. \
         The group had $4 million in 2019.",
    );
    let measures = |surface: &str| measures_of(&facts, surface);
    assert_eq!(measures("US$6 million"), ["long-term deferred revenue"]);
    assert_eq!(measures("US$6.9 million"), ["long-term deferred revenue"]);
    assert!(measures("$4 million").iter().all(|m| m != "2019"));
}

#[test]
fn an_undated_figure_is_of_the_year_the_title_names_not_of_the_year_compared_with() {
    let text = "---\ntitle: Testville grows steadily in 2025\n---\n\n\
                GDP reached 48.6 billion yuan in 2025. It had been 45.9 billion yuan in 2024, \
                when retail sales were 20.1 billion yuan in 2024.\n\n\
                Exports came to 8.7 billion yuan.\n";
    let doc = crate::corpus::parse_document("t", text.as_bytes().to_vec()).expect("valid document");
    let corpus = Corpus {
        documents: vec![doc],
        skipped: Vec::new(),
    };
    let passages = crate::passage::passages(&corpus);
    let facts = extract_facts(&corpus, &passages, &Lexicon::default());
    let exports = facts
        .iter()
        .find(|f| f.surface == "8.7 billion yuan")
        .expect("a row for the exports");
    assert_eq!(exports.year, Some(2025), "{facts:#?}");
    assert!(exports.year_inferred);
}
