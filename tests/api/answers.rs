//! What the engine answers: the seed's fact rows, every operation's arithmetic, follow-ups,
//! refusals, consistency notes and grounding, and a second document beside the seed.

use std::sync::{Arc, LazyLock};

use lanzhou_qa::facts::{FactFilter, FactKind};
use lanzhou_qa::{Engine, Question, Reply, SessionId};
use regex::Regex;

use crate::helpers::{self, TempDir};

/// One engine over the repository corpus, shared by the tests that only read it.
static SEED: LazyLock<(Arc<Engine>, TempDir)> = LazyLock::new(helpers::engine);

/// One engine over the repository corpus plus the invented Qingshui article.
static TWO: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["qingshui-economy.md"]));

fn ask(engine: &Engine, question: &str) -> Reply {
    let q = Question::parse(question).expect("a valid question");
    let reply = engine.ask(&q, None);
    check_contract(engine, question, &reply);
    reply
}

fn ask_in(engine: &Engine, session: &str, question: &str) -> Reply {
    let q = Question::parse(question).expect("a valid question");
    let s = SessionId::parse(session).expect("a valid session id");
    let reply = engine.ask(&q, Some(&s));
    check_contract(engine, question, &reply);
    reply
}

/// Every reply keeps the contract: markers have citations, snippets are the document's
/// bytes, answers are short, and every number is cited, derived or asked.
fn check_contract(engine: &Engine, question: &str, reply: &Reply) {
    assert!(
        reply.answer.chars().count() < 700,
        "answer too long: {}",
        reply.answer
    );
    for c in reply.citations.iter().chain(&reply.related) {
        let doc = engine.document(&c.doc_id).expect("cited document exists");
        assert_eq!(
            doc.text.get(c.start..c.end),
            Some(c.snippet.as_str()),
            "snippet bytes of {c:?}"
        );
    }
    static MARKER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[(\d+)\]").expect("valid regex"));
    for m in MARKER.captures_iter(&reply.answer) {
        let n: usize = m[1].parse().expect("a number");
        assert!(
            reply.citations.iter().any(|c| c.n == n),
            "marker [{n}] has no citation in {reply:#?}"
        );
    }
    if reply.answered {
        assert!(!reply.citations.is_empty(), "an answer cites: {reply:#?}");
        let loose = ungrounded(question, reply);
        assert!(
            loose.is_empty(),
            "ungrounded numbers {loose:?} in {:?}",
            reply.answer
        );
    }
}

/// Numbers in the answer that no citation, fact, derivation or the question holds (the
/// same reading of numbers as the evaluation script: with and without scale words, and
/// as percentages).
fn ungrounded(question: &str, reply: &Reply) -> Vec<f64> {
    let answer = Regex::new(r"\[\d+\]")
        .expect("valid regex")
        .replace_all(&reply.answer, " ");
    let support = format!(
        "{question} {}",
        serde_json::to_string(&(&reply.citations, &reply.facts, &reply.derivation))
            .expect("serialises")
    );
    let known: Vec<f64> = numbers_in(&support)
        .into_iter()
        .flat_map(|k| [k, k * 100.0, k / 100.0])
        .collect();
    numbers_in(&answer)
        .into_iter()
        .filter(|v| !known.iter().any(|k| close(*v, *k, 0.01)))
        .collect()
}

fn numbers_in(text: &str) -> Vec<f64> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(thousand|million|billion|trillion)?\b")
            .expect("valid regex")
    });
    let mut out = Vec::new();
    for c in NUMBER.captures_iter(text) {
        let value: f64 = format!(
            "{}{}",
            c[1].replace(',', ""),
            c.get(2).map_or("", |m| m.as_str())
        )
        .parse()
        .expect("digits");
        out.push(value);
        if let Some(scale) = c.get(3) {
            let factor = match scale.as_str().to_lowercase().as_str() {
                "thousand" => 1e3,
                "million" => 1e6,
                "billion" => 1e9,
                _ => 1e12,
            };
            out.push(value * factor);
        }
    }
    out
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    if b == 0.0 {
        a == 0.0
    } else {
        (a - b).abs() <= tol * b.abs()
    }
}

/// True when the answer holds a number within `tol` of `expected`.
fn says(reply: &Reply, expected: f64, tol: f64) -> bool {
    numbers_in(&reply.answer)
        .iter()
        .any(|v| close(*v, expected, tol))
}

fn cites(reply: &Reply, phrase: &str) -> bool {
    reply.citations.iter().any(|c| c.snippet.contains(phrase))
}

/// An expected row: surface, subject, kind, year, base year, value, unit.
type Row = (
    &'static str,
    &'static str,
    FactKind,
    Option<i32>,
    Option<i32>,
    f64,
    &'static str,
);

#[test]
fn every_figure_of_the_seed_is_a_row_with_its_subject_year_unit_and_span() {
    let (engine, _) = &*SEED;
    let expected: &[Row] = &[
        (
            "4.298 billion yuan",
            "primary industry",
            FactKind::Amount,
            Some(2018),
            None,
            4.298e9,
            "yuan",
        ),
        (
            "250 times",
            "primary industry",
            FactKind::Multiple,
            Some(2018),
            Some(1949),
            250.0,
            "times",
        ),
        (
            "17 million yuan",
            "primary industry",
            FactKind::Amount,
            Some(1949),
            None,
            17e6,
            "yuan",
        ),
        (
            "$2.42 million",
            "primary industry",
            FactKind::Amount,
            Some(1949),
            None,
            2.42e6,
            "US dollars",
        ),
        (
            "64.65 billion yuan",
            "secondary industry",
            FactKind::Amount,
            Some(2018),
            None,
            64.65e9,
            "yuan",
        ),
        (
            "10,000 times",
            "secondary industry",
            FactKind::Multiple,
            Some(2018),
            Some(1949),
            10_000.0,
            "times",
        ),
        (
            "6 million yuan",
            "secondary industry",
            FactKind::Amount,
            Some(1949),
            None,
            6e6,
            "yuan",
        ),
        (
            "17.52 billion yuan",
            "tertiary industry",
            FactKind::Amount,
            Some(2018),
            None,
            17.52e9,
            "yuan",
        ),
        (
            "17,500 times",
            "tertiary industry",
            FactKind::Multiple,
            Some(2018),
            Some(1949),
            17_500.0,
            "times",
        ),
        (
            "15.81 percent",
            "top ten ecological sectors",
            FactKind::Share,
            Some(2018),
            None,
            15.81,
            "percent",
        ),
        (
            "1953-1957",
            "First Five-Year Plan",
            FactKind::Period,
            Some(1953),
            None,
            1953.0,
            "year",
        ),
        (
            "1958-1962",
            "Second Five-Year Plan",
            FactKind::Period,
            Some(1958),
            None,
            1958.0,
            "year",
        ),
        (
            "1966-1970",
            "Third Five-Year Plan",
            FactKind::Period,
            Some(1966),
            None,
            1966.0,
            "year",
        ),
        (
            "seven",
            "crucial areas",
            FactKind::Count,
            None,
            None,
            7.0,
            "crucial areas",
        ),
    ];
    let facts = engine.facts(&FactFilter::default());
    let doc = engine.document("lanzhou-industries").expect("the seed");
    for &(surface, subject, kind, year, base, value, unit) in expected {
        let row = facts
            .iter()
            .find(|f| f.surface == surface && f.subject == subject)
            .unwrap_or_else(|| panic!("no row for {surface} of {subject}"));
        assert_eq!(
            (row.kind, row.year, row.base_year, row.unit.as_str()),
            (kind, year, base, unit),
            "{surface}"
        );
        assert!(close(row.value, value, 1e-9), "{surface}: {}", row.value);
        assert!(
            row.sentence.contains(row.span),
            "{surface}: the figure lies in its sentence"
        );
        let figure = &doc.text[row.span.start..row.span.end];
        assert!(
            figure.contains(surface.split(' ').next().expect("a word")),
            "{surface} spans {figure:?}"
        );
    }
    let qualified: Vec<(&str, Option<&str>)> = facts
        .iter()
        .filter(|f| f.kind == FactKind::Multiple)
        .map(|f| (f.surface.as_str(), f.qualifier.as_deref()))
        .collect();
    assert!(qualified.contains(&("250 times", Some("more than"))));
    assert!(qualified.contains(&("10,000 times", Some("over"))));
    let areas = facts
        .iter()
        .find(|f| f.surface == "seven")
        .expect("the seven areas");
    assert_eq!(areas.items.len(), 7);
    assert_eq!(
        areas.items[4],
        "energy conservation and environmental protection"
    );
    for (year, parts) in [(1949, [52.0, 18.0, 30.0]), (2018, [2.0, 34.0, 64.0])] {
        let got: Vec<(String, f64)> = facts
            .iter()
            .filter(|f| f.measure == "structure" && f.year == Some(year))
            .map(|f| (f.subject.clone(), f.value))
            .collect();
        let want: Vec<(String, f64)> = [
            "primary industry",
            "secondary industry",
            "tertiary industry",
        ]
        .iter()
        .zip(parts)
        .map(|(s, v)| (s.to_string(), v))
        .collect();
        assert_eq!(got, want, "structure of {year}");
    }
}

#[test]
fn every_row_cites_a_sentence_that_holds_its_figure() {
    let (engine, _) = &*TWO;
    for f in engine.facts(&FactFilter::default()) {
        let doc = engine.document(&f.doc_id).expect("the row's document");
        let sentence = &doc.text[f.sentence.start..f.sentence.end];
        assert!(f.sentence.contains(f.span), "{f:?}");
        assert!(!sentence.trim().is_empty());
    }
}

#[test]
fn lookups_state_the_figure_with_its_unit_and_year() {
    let (engine, _) = &*SEED;
    let r = ask(
        engine,
        "What was the added value of primary industry in 2018?",
    );
    assert!(
        r.answered && says(&r, 4.298e9, 0.001) && cites(&r, "4.298 billion"),
        "{r:#?}"
    );
    assert!(r.derivation.is_none(), "a stated figure needs no working");
    let r = ask(engine, "How big was the services sector in 2018?");
    assert!(says(&r, 17.52e9, 0.001), "{}", r.answer);
    let r = ask(
        engine,
        "What was the 1949 primary industry figure in dollars?",
    );
    assert!(r.answer.contains("$2.42 million"), "{}", r.answer);
    let r = ask(engine, "agriculture share 2018");
    assert!(r.answered && says(&r, 2.0, 0.001), "{}", r.answer);
}

#[test]
fn growth_gives_the_stated_multiple_and_checks_it_against_the_values() {
    let (engine, _) = &*SEED;
    let r = ask(engine, "How much has industrial output grown since 1949?");
    assert!(
        r.answered && r.answer.contains("over 10,000 times") && r.answer.contains("10,775"),
        "{}",
        r.answer
    );
    assert!(r.answer.contains("consistent"), "{}", r.answer);
    let d = r.derivation.expect("the computed multiple is shown");
    assert!(
        close(d.result, 10_775.0, 0.001) && d.expression.contains("64.65 billion ÷ 6 million"),
        "{d:?}"
    );
    let r = ask(engine, "tertiery growth snce 1949");
    assert!(
        r.answered && r.answer.contains("17,500 times") && cites(&r, "17,500 times"),
        "{}",
        r.answer
    );
}

#[test]
fn computed_answers_show_their_arithmetic() {
    let (engine, _) = &*SEED;
    let cases: &[(&str, f64, f64)] = &[
        (
            "What was the average annual growth rate of primary industry from 1949 to 2018?",
            8.35,
            0.003,
        ),
        (
            "Compound annual growth of industry from 1949 to 2018?",
            14.4,
            0.005,
        ),
        (
            "What was the total added value of primary industry, industry and the tertiary sector in 2018?",
            86.468e9,
            0.0001,
        ),
        (
            "What is the difference between industrial and primary added value in 2018?",
            60.352e9,
            0.0001,
        ),
        (
            "How many times larger was industry than agriculture in 2018?",
            15.04,
            0.01,
        ),
        (
            "Estimate tertiary industry's added value in 1949.",
            1.0e6,
            0.01,
        ),
        (
            "By how many percentage points did the primary sector's share fall between 1949 and 2018?",
            50.0,
            0.001,
        ),
        (
            "What was the average annual increase in primary industry's added value from 1949 to 2018?",
            62.04e6,
            0.001,
        ),
    ];
    for &(question, value, tol) in cases {
        let r = ask(engine, question);
        assert!(r.answered, "{question}: {}", r.answer);
        let d = r
            .derivation
            .clone()
            .unwrap_or_else(|| panic!("{question}: no derivation in {r:#?}"));
        assert!(close(d.result.abs(), value, tol), "{question}: {d:?}");
        assert!(says(&r, value, tol), "{question}: {}", r.answer);
    }
}

#[test]
fn an_average_annual_increase_is_an_amount_a_year_not_a_growth_rate() {
    let (engine, _) = &*SEED;
    let r = ask(
        engine,
        "What was the average annual increase in primary industry's added value from 1949 to 2018?",
    );
    assert!(r.answered, "{}", r.answer);
    let d = r.derivation.clone().expect("a derivation");
    assert_eq!(
        d.expression,
        "(4.298 billion − 17 million) ÷ 69 = 62.04 million yuan a year"
    );
    assert_eq!(d.unit, "yuan a year");
    assert!(!r.answer.contains("percent"), "{}", r.answer);
    assert!(cites(&r, "4.298 billion yuan in 2018"), "{r:#?}");
    // Asked as a rate, the same words give the compound annual growth rate.
    let rate = ask(
        engine,
        "What was the average annual increase rate of primary industry's added value from 1949 to 2018?",
    );
    assert!(says(&rate, 8.35, 0.003), "{}", rate.answer);
}

#[test]
fn comparisons_name_the_largest_and_the_others() {
    let (engine, _) = &*SEED;
    let r = ask(engine, "Which sector grew the most since 1949?");
    assert!(
        r.answer.starts_with("Tertiary industry grew the most"),
        "{}",
        r.answer
    );
    assert!(
        r.answer.contains("more than 250 times") && r.answer.contains("over 10,000 times"),
        "{}",
        r.answer
    );
}

#[test]
fn periods_lists_and_metadata_are_answered_from_their_rows() {
    let (engine, _) = &*SEED;
    let r = ask(engine, "When was the First Five-Year Plan?");
    assert!(
        r.answer.contains("1953") && r.answer.contains("1957") && !r.answer.contains("1958"),
        "{}",
        r.answer
    );
    let r = ask(
        engine,
        "List the seven crucial areas for strategic emerging industries.",
    );
    for item in [
        "high-end equipment manufacturing",
        "biological medicine",
        "modern services",
    ] {
        assert!(r.answer.contains(item), "{item}: {}", r.answer);
    }
    let r = ask(engine, "When was the article published?");
    assert!(
        r.answered && r.answer.contains("2019-11-26") && cites(&r, "date: 2019-11-26"),
        "{}",
        r.answer
    );
    let r = ask(engine, "Who published the article?");
    assert!(r.answer.contains("China Daily"), "{}", r.answer);
}

#[test]
fn questions_about_text_get_the_relevant_part_of_one_sentence() {
    let (engine, _) = &*SEED;
    let r = ask(
        engine,
        "What industries were at the core of Lanzhou's industrialisation?",
    );
    assert!(
        r.answered && r.answer.contains("refining, chemical engineering"),
        "{}",
        r.answer
    );
    assert!(
        !r.answer.contains("After benefiting"),
        "the clauses that do not answer are left out: {}",
        r.answer
    );
    assert_eq!(r.citations.len(), 1);
    let r = ask(
        engine,
        "What happened to Lanzhou's industries since reform and opening-up?",
    );
    assert!(r.answer.contains("growth engines"), "{}", r.answer);
}

#[test]
fn the_article_s_disagreeing_figures_are_noted() {
    let (engine, _) = &*SEED;
    let r = ask(engine, "What was the 2018 industrial structure ratio?");
    assert!(r.answered && r.answer.contains("2:34:64"), "{}", r.answer);
    assert_eq!(r.notes.len(), 1, "{r:#?}");
    assert!(r.notes[0].contains("does not match") && r.answer.contains(&r.notes[0]));
    let d = r.derivation.expect("the computed shares are shown");
    assert!(d.expression.contains("74.8"), "{d:?}");
    // 1949 has no three stated values to check against, so no note.
    let r = ask(
        engine,
        "What was the 1949 ratio of primary, secondary and tertiary industries?",
    );
    assert!(
        r.answer.contains("52:18:30") && r.notes.is_empty(),
        "{r:#?}"
    );
}

#[test]
fn follow_ups_keep_what_they_do_not_change() {
    let (engine, _) = &*SEED;
    let r = ask_in(
        engine,
        "follow-up-1",
        "What was industrial added value in 2018?",
    );
    assert!(says(&r, 64.65e9, 0.001));
    let r = ask_in(engine, "follow-up-1", "And in 1949?");
    assert!(
        says(&r, 6e6, 0.001) && cites(&r, "6 million yuan"),
        "{}",
        r.answer
    );
    let r = ask_in(
        engine,
        "follow-up-2",
        "How much did primary industry grow since 1949?",
    );
    assert!(r.answer.contains("250 times"));
    let r = ask_in(engine, "follow-up-2", "And tertiary?");
    assert!(r.answer.contains("17,500 times"), "{}", r.answer);
    // Without the session, the same words are not a follow-up.
    let r = ask(engine, "And tertiary?");
    assert!(!r.answer.contains("17,500 times"), "{}", r.answer);
}

#[test]
fn a_conversation_held_by_the_client_reads_follow_ups_too() {
    let (engine, _) = &*SEED;
    let earlier = [Question::parse("What was industrial added value in 2018?").expect("valid")];
    let r = engine.ask_in_conversation(&earlier, &Question::parse("And in 1949?").expect("valid"));
    assert!(says(&r, 6e6, 0.001), "{}", r.answer);
}

#[test]
fn what_the_corpus_does_not_say_is_refused() {
    let (engine, _) = &*SEED;
    for question in [
        "What was Lanzhou's unemployment rate in 2018?",
        "What were Lanzhou's exports in 2018?",
        "How much did the tertiary sector grow between 2000 and 2010?",
        "When was the Sixth Five-Year Plan?",
        "Who founded Lanzhou?",
        "What is the best restaurant in Lanzhou?",
        "What was Xi'an's primary industry added value in 2018?",
    ] {
        let r = ask(engine, question);
        assert!(!r.answered, "{question} was answered: {}", r.answer);
        assert!(r.facts.is_empty(), "{question}: a refusal uses no row");
    }
}

#[test]
fn a_refusal_says_what_the_corpus_does_have() {
    let (engine, _) = &*SEED;
    let r = ask(
        engine,
        "How much did the tertiary sector grow between 2000 and 2010?",
    );
    assert!(!r.answered);
    assert!(
        r.answer.contains("17,500 times") && cites(&r, "17,500 times"),
        "{r:#?}"
    );
    let r = ask(engine, "What was Lanzhou's unemployment rate in 2018?");
    assert!(
        r.answer.contains("unemployment") && r.citations.is_empty(),
        "{r:#?}"
    );
}

#[test]
fn the_same_question_gets_the_same_reply() {
    let (engine, _) = &*SEED;
    let a = ask(
        engine,
        "What was the average annual growth rate of primary industry from 1949 to 2018?",
    );
    let b = ask(
        engine,
        "What was the average annual growth rate of primary industry from 1949 to 2018?",
    );
    assert_eq!(
        (a.answer, a.citations, a.derivation),
        (b.answer, b.citations, b.derivation)
    );
}

#[test]
fn a_second_document_is_extracted_with_its_own_phrasings() {
    let (engine, _) = &*TWO;
    let rows = engine.facts(&FactFilter {
        doc: Some("qingshui-economy".into()),
        ..FactFilter::default()
    });
    let row = |surface: &str| {
        rows.iter()
            .find(|f| f.surface == surface)
            .unwrap_or_else(|| panic!("no row {surface}"))
    };
    let gdp = row("215.6 billion yuan");
    assert_eq!(
        (gdp.subject.as_str(), gdp.measure.as_str(), gdp.year),
        ("Qingshui", "GDP", Some(2019))
    );
    let up = row("6.3 percent");
    assert_eq!(
        (up.kind, up.measure.as_str(), up.base_year),
        (FactKind::Change, "GDP", Some(2018))
    );
    assert_eq!(
        row("114.9 billion yuan").subject,
        "tertiary industry",
        "respectively"
    );
    assert_eq!(
        row("10,350 yuan").measure,
        "per capita consumption expenditure of rural residents"
    );
    assert_eq!(
        (
            row("2.1 percent").value,
            row("2.1 percent").measure.as_str()
        ),
        (-2.1, "fixed-asset investment")
    );
    let then = row("11.2 percent");
    assert_eq!(
        (then.subject.as_str(), then.year),
        ("strategic emerging industries", Some(2015))
    );
    let tourists: Vec<(Option<i32>, f64)> = rows
        .iter()
        .filter(|f| f.measure == "number of tourists")
        .map(|f| (f.year, f.value))
        .collect();
    assert_eq!(
        tourists,
        vec![(Some(2010), 1.2e6), (Some(2019), 8.7e6)],
        "from X in 2010 to Y in 2019"
    );
    let structure: Vec<&str> = rows
        .iter()
        .filter(|f| f.surface == "6:41:53")
        .map(|f| f.subject.as_str())
        .collect();
    assert_eq!(
        structure,
        [
            "primary industry",
            "secondary industry",
            "tertiary industry"
        ]
    );
}

#[test]
fn a_second_document_is_answered_beside_the_seed() {
    let (engine, _) = &*TWO;
    let r = ask(engine, "What was Qingshui's GDP in 2019?");
    assert!(
        says(&r, 215.6e9, 0.001) && cites(&r, "215.6 billion yuan"),
        "{}",
        r.answer
    );
    let r = ask(
        engine,
        "How fast did Qingshui's GDP grow year-on-year in 2019?",
    );
    assert!(says(&r, 6.3, 0.001), "{}", r.answer);
    let r = ask(
        engine,
        "What was the average annual growth rate of tourist numbers in Qingshui from 2010 to 2019?",
    );
    assert!(says(&r, 24.62, 0.003), "{}", r.answer);
    let r = ask(
        engine,
        "How much higher was urban per capita disposable income than rural in Qingshui in 2019?",
    );
    assert!(says(&r, 24_190.0, 0.001), "{}", r.answer);
    let r = ask(
        engine,
        "Which sector was the largest in Qingshui's economy in 2019?",
    );
    assert!(r.answer.starts_with("Tertiary industry"), "{}", r.answer);
    let r = ask_in(
        engine,
        "qingshui-1",
        "What was the per capita disposable income of urban residents in Qingshui in 2019?",
    );
    assert!(says(&r, 38_450.0, 0.001), "{}", r.answer);
    let r = ask_in(engine, "qingshui-1", "And for rural residents?");
    assert!(says(&r, 14_260.0, 0.001), "{}", r.answer);
    for question in [
        "What was Qingshui's GDP in 2015?",
        "What was the per capita disposable income of urban residents in Tianshui in 2019?",
        "How many high-tech enterprises are in the Beishan Comprehensive Bonded Zone?",
        "What was Lanzhou's GDP in 2019?",
    ] {
        let r = ask(engine, question);
        assert!(!r.answered, "{question}: {}", r.answer);
    }
}

#[test]
fn the_seed_s_answers_do_not_change_when_a_document_is_added() {
    let (one, _) = &*SEED;
    let (two, _) = &*TWO;
    for question in [
        "What was the added value of primary industry in 2018?",
        "How much has the tertiary sector grown since 1949?",
        "What was the 2018 industrial structure ratio?",
        "Which sector grew the most since 1949?",
        "What did Lanzhou focus on when cultivating emerging businesses?",
    ] {
        let a = ask(one, question);
        let b = ask(two, question);
        assert_eq!(
            (a.answer, a.citations),
            (b.answer, b.citations),
            "{question}"
        );
    }
}

#[test]
fn one_subject_s_figures_are_summed_averaged_and_compared_over_the_years_asked() {
    let (engine, _) = &*SEED;
    let cases: &[(&str, f64)] = &[
        (
            "What was primary industry's added value in 1949 and 2018 combined?",
            4.315e9,
        ),
        (
            "What was the average added value of primary industry in 1949 and 2018?",
            2.1575e9,
        ),
        // A change asked without years is between the two years the article gives.
        (
            "What was the change in primary industry's added value?",
            4.281e9,
        ),
        (
            "What was the percentage change in primary industry's added value from 1949 to 2018?",
            (4.298e9 / 17e6 - 1.0) * 100.0,
        ),
    ];
    for &(question, value) in cases {
        let r = ask(engine, question);
        assert!(r.answered, "{question}: {}", r.answer);
        let d = r
            .derivation
            .clone()
            .unwrap_or_else(|| panic!("{question}: no derivation in {r:#?}"));
        assert!(close(d.result, value, 1e-6), "{question}: {d:?}");
    }
}
