//! Reading an article the rules were not written for (`tests/fixtures/hexi-corridor.md`,
//! beside the seed): abbreviations and their full forms, subjects no lexicon names,
//! arithmetic over any stated figures, the short answer (`value`), answers from a
//! sentence's words, and refusals on evidence that the corpus lacks what is asked.

use std::sync::{Arc, LazyLock};

use lanzhou_qa::{Engine, Question, Reply};

use crate::helpers::{self, TempDir};

static HEXI: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["hexi-corridor.md"]));

/// Asks `engine` one question outside any conversation.
fn ask_of(engine: &Engine, question: &str) -> Reply {
    engine.ask(&Question::parse(question).expect("a valid question"), None)
}

fn ask(question: &str) -> Reply {
    let (engine, _) = &*HEXI;
    ask_of(engine, question)
}

fn number(reply: &Reply) -> Option<f64> {
    reply.value.as_ref().and_then(|v| v.number)
}

fn value(reply: &Reply) -> String {
    reply
        .value
        .as_ref()
        .map(|v| v.text.clone())
        .unwrap_or_default()
}

#[test]
fn an_abbreviation_and_its_full_form_find_the_same_figure() {
    for q in [
        "What was Hexi's GDP in 2021?",
        "What was the gross domestic product of Hexi in 2021?",
    ] {
        let r = ask(q);
        assert!(r.answered, "{q}: {}", r.answer);
        assert_eq!(number(&r), Some(98.6e9), "{q}: {r:#?}");
        assert_eq!(
            r.value.as_ref().and_then(|v| v.unit.as_deref()),
            Some("yuan")
        );
    }
}

#[test]
fn subjects_no_lexicon_names_are_found_by_their_own_words() {
    let cases = [
        ("How many visitors did Hexi receive in 2021?", 21.5e6),
        ("What was Hexi's tourism revenue in 2021?", 18.2e9),
        ("What were exports of electronic goods in 2021?", 12.3e9),
    ];
    for (q, expected) in cases {
        let r = ask(q);
        assert!(r.answered, "{q}: {}", r.answer);
        assert_eq!(number(&r), Some(expected), "{q}: {}", r.answer);
    }
}

#[test]
fn arithmetic_applies_to_figures_of_subjects_no_lexicon_names() {
    let r = ask("How much did exports of electronic goods grow from 2016 to 2021?");
    let d = r.derivation.clone().expect("a derivation");
    assert!((d.result - 12.3 / 4.1).abs() < 1e-9, "{d:?}");
    let r = ask(
        "What was the average annual growth of Hexi's electronic goods exports from 2016 to 2021?",
    );
    let d = r.derivation.clone().expect("a derivation");
    let expected = ((12.3f64 / 4.1).powf(1.0 / 5.0) - 1.0) * 100.0;
    assert!((d.result - expected).abs() < 1e-9, "{d:?}");
    assert!(r.answer.contains("24.57 percent"), "{}", r.answer);
}

#[test]
fn a_rank_is_answered_as_a_position_and_a_name_with_a_number_is_no_figure() {
    let r = ask("Where did Hexi rank in the province?");
    assert_eq!(number(&r), Some(4.0), "{r:#?}");
    assert_eq!(value(&r), "fourth");
    let r = ask("How many Fortune 500 suppliers are in Hexi?");
    assert_eq!(number(&r), Some(40.0), "{r:#?}");
}

#[test]
fn a_question_about_text_gets_the_words_of_the_sentence_that_answer_it() {
    let r = ask("What does Hexi plan to build near the airport?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(value(&r), "a logistics park");
    assert!(r.citations[0].snippet.contains("logistics park"));
    let r = ask("Why does Hexi plan a logistics park?");
    assert_eq!(
        value(&r),
        "because air freight volumes doubled during the pandemic"
    );
    // Words that only frame the question do not stand in the way.
    let r = ask("What is the reason the company plans a logistics park?");
    assert!(r.answered, "{}", r.answer);
    assert!(value(&r).starts_with("because"), "{r:#?}");
}

#[test]
fn a_refusal_rests_on_evidence_that_the_corpus_lacks_what_is_asked() {
    for q in [
        "What was Hexi's unemployment rate in 2021?",
        "What was Hexi's GDP in 2015?",
        "What was the gross domestic product of Xining in 2021?",
    ] {
        let r = ask(q);
        assert!(!r.answered, "{q} was answered: {}", r.answer);
        assert!(r.value.is_none(), "{q}: a refusal has no value");
    }
}

/// The seed, the Qingshui article and the Hexi article together.
static SEVERAL: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["qingshui-economy.md", "hexi-corridor.md"]));

fn ask_several(question: &str) -> Reply {
    let (engine, _) = &*SEVERAL;
    ask_of(engine, question)
}

#[test]
fn a_question_several_documents_answer_is_answered_for_each_and_says_whose() {
    let r = ask_several("What was tertiary industry's added value?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.starts_with("Lanzhou: "), "{}", r.answer);
    assert!(r.answer.contains("Qingshui: "), "{}", r.answer);
    let docs: Vec<&str> = r.citations.iter().map(|c| c.doc_id.as_str()).collect();
    assert!(docs.contains(&"lanzhou-industries") && docs.contains(&"qingshui-economy"));
    assert_eq!(r.value.as_ref().map(|v| v.items.len()), Some(2), "{r:#?}");
    // A computation never mixes two documents' figures.
    let r = ask_several("How much did tertiary industry grow?");
    for line in r.answer.split(". ") {
        let cited: Vec<usize> = line
            .match_indices('[')
            .filter_map(|(i, _)| line[i + 1..].split(']').next()?.parse().ok())
            .collect();
        let docs: std::collections::BTreeSet<&str> = cited
            .iter()
            .filter_map(|n| r.citations.iter().find(|c| c.n == *n))
            .map(|c| c.doc_id.as_str())
            .collect();
        assert!(docs.len() <= 1, "one sentence cites two documents: {line}");
    }
}

#[test]
fn a_place_the_corpus_lacks_is_refused_with_the_places_it_has() {
    let r = ask_several("What was the GDP of Xining in 2019?");
    assert!(!r.answered, "{}", r.answer);
    assert!(r.answer.contains("Xining"), "{}", r.answer);
    assert!(
        r.answer.contains("Hexi, Lanzhou and Qingshui"),
        "{}",
        r.answer
    );
}

#[test]
fn every_part_of_a_compound_question_is_answered_or_said_to_be_unanswered() {
    let (engine, _) = &*HEXI;
    let ask = |q: &str| ask_of(engine, q);
    let r = ask("What was primary industry's added value in 2018, and in 1949?");
    assert!(r.answered, "{}", r.answer);
    let items = r
        .value
        .as_ref()
        .map(|v| v.items.clone())
        .unwrap_or_default();
    assert_eq!(
        items,
        vec!["4.298 billion yuan", "17 million yuan"],
        "{r:#?}"
    );
    let r = ask("What was primary industry's added value in 2018, and in 1999?");
    assert!(!r.answered, "one part is not answered: {}", r.answer);
    assert!(r.answer.contains("4.298 billion yuan"), "{}", r.answer);
    assert!(r.answer.contains("the second part"), "{}", r.answer);
}

#[test]
fn a_refusal_repeats_no_number_of_the_question_the_corpus_lacks() {
    let r = ask("What was primary industry's added value in 9999?");
    assert!(
        !r.answered,
        "a year outside the corpus is refused: {}",
        r.answer
    );
    assert!(!r.answer.contains("9999"), "{}", r.answer);
    let r = ask("What was Hexi's 99trillion in 2021?");
    assert!(!r.answered, "{}", r.answer);
    assert!(!r.answer.contains("99"), "{}", r.answer);
}

/// The seed beside an invented company report (`tests/fixtures/tianma-report.md`).
static REPORT: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["tianma-report.md"]));

fn ask_report(question: &str) -> Reply {
    let (engine, _) = &*REPORT;
    ask_of(engine, question)
}

#[test]
fn a_part_s_share_of_the_whole_a_sentence_states_is_computed() {
    let r = ask_report("What percentage of employees worked in research?");
    assert!(r.answered, "{}", r.answer);
    let d = r.derivation.clone().expect("a derivation");
    assert!((d.result - 2140.0 / 9850.0 * 100.0).abs() < 1e-9, "{d:?}");
    assert_eq!(
        r.value.as_ref().and_then(|v| v.unit.as_deref()),
        Some("percent")
    );
}

#[test]
fn a_share_is_found_by_the_measure_its_subject_names() {
    let r = ask_report("What was R&D spending as a share of revenue in 2022?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(15.0), "{r:#?}");
}

/// The seed beside invented notes to a company's accounts (`tests/fixtures/qilian-notes.md`).
static NOTES: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["qilian-notes.md"]));

fn ask_notes(question: &str) -> Reply {
    let (engine, _) = &*NOTES;
    ask_of(engine, question)
}

#[test]
fn a_change_is_computed_between_the_rates_a_sentence_and_its_parenthesis_give() {
    // "we held a 24.5% (2022: 22.0%) ownership interest in ...": the figure is the
    // interest's, the parenthesis gives the year before.
    let r = ask_notes("What was the change in ownership interest in Yumen Logistics?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(2.5), "{r:#?}");
    assert_eq!(
        r.value.as_ref().and_then(|v| v.unit.as_deref()),
        Some("percentage points")
    );
}

#[test]
fn a_qualified_figure_is_given_alone_with_its_qualifier_beside_it() {
    let r = ask_notes("What percentage of revenue did the top five customers account for in 2023?");
    assert!(r.answered, "{}", r.answer);
    let v = r.value.expect("a value");
    assert_eq!(v.text, "41.2%");
    assert_eq!(v.qualifier.as_deref(), Some("approximately"));
}

#[test]
fn what_a_table_shows_is_what_the_sentence_introducing_it_says() {
    for q in [
        "What does the table show?",
        "What does the table represent?",
    ] {
        let r = ask_notes(q);
        assert!(r.answered, "{q}: {}", r.answer);
        assert_eq!(value(&r), "our property, plant and equipment, net", "{q}");
        assert!(r.citations[0].snippet.starts_with("The following table"));
    }
    // What a table's figures leave out is not what the table shows.
    let r = ask_notes("What do the figures in the table exclude?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("Wuwei plant"), "{r:#?}");
}

#[test]
fn a_figure_is_known_by_the_noun_it_stands_before_and_the_words_since_the_one_before() {
    let r =
        ask_notes("How much was the valuation allowance recorded on deferred tax assets in 2023?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(4.2e6), "{r:#?}");
    // "... 215,000 restricted stock units ... for 2023 and 98,000 for 2022": a count asked
    // "how much" of, the second figure named by the words before it.
    let r = ask_notes(
        "How much was the restricted stock units excluded from diluted earnings per share for 2022?",
    );
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(98_000.0), "{r:#?}");
    // "$3.4 million in long-term deferred revenue ... an adjustment of $0.1 million": the
    // figure of the noun after "in", not the later one.
    let r = ask_notes("What was long-term deferred revenue in 2023?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(3.4e6), "{r:#?}");
}

#[test]
fn causes_conditions_and_people_are_answered_from_the_sentence_that_states_them() {
    let r = ask_notes("Why did operating expenses rise in 2023?");
    assert!(r.answered, "{}", r.answer);
    assert!(value(&r).contains("higher freight costs"), "{r:#?}");
    // The cause told in the sentence under a heading ("The increase was mainly driven
    // by ..."), never the heading.
    let r = ask_notes("What was the reason for the increase in selling expenses?");
    assert!(r.answered, "{}", r.answer);
    assert!(value(&r).contains("trade fairs"), "{r:#?}");
    // Of two sentences about the subject, the one that gives a cause ("mainly due to"),
    // not one that only holds "as".
    let r = ask_notes("What was the reason for the increase in administrative expenses?");
    assert!(r.answered, "{}", r.answer);
    assert!(value(&r).contains("higher audit fees"), "{r:#?}");
    let r = ask_notes("When is revenue recognized?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("control of the promised goods"), "{r:#?}");
    let r = ask_notes("Who was the largest customer in 2023?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.starts_with("Hexi Steel"), "{r:#?}");
    let r = ask_notes("Who is covered by the defined benefit pension plan?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("full-time employees"), "{r:#?}");
}

#[test]
fn a_cause_is_of_the_sentence_that_tells_of_the_thing_asked() {
    // "Total revenue increased ..., reflecting higher sales of ... pressure sensors" names
    // the thing inside its cause; "Pressure sensor sales rose as ..." tells of it, and
    // "as" after a change gives the cause.
    let r = ask_notes("What led to the increase in pressure sensor sales?");
    assert!(r.answered, "{}", r.answer);
    assert!(value(&r).contains("Zhangye plant doubled"), "{r:#?}");
}

#[test]
fn a_way_is_answered_by_the_sentence_that_tells_the_means() {
    // Of two sentences about diluted earnings per share, the one that says by what
    // means it is computed.
    let r = ask_notes("How is diluted earnings per share computed?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("by dividing net income"), "{r:#?}");
}

#[test]
fn the_same_question_for_each_year_of_a_list_is_answered_for_each() {
    let r = ask_notes(
        "How much was the restricted stock units excluded from diluted earnings per share for 2023 and 2022 respectively?",
    );
    assert!(r.answered, "{}", r.answer);
    let items = r.value.map(|v| v.items).unwrap_or_default();
    assert_eq!(items, ["215,000", "98,000"]);
}

#[test]
fn a_change_is_computed_from_figures_held_in_a_thing_and_from_the_ends_a_sentence_gives() {
    // "had $3.4 million in long-term deferred revenue": the figure is of the thing held.
    let r =
        ask_notes("What is the percentage change in long-term deferred revenue from 2022 to 2023?");
    assert!(r.answered, "{}", r.answer);
    let n = number(&r).expect("a number");
    assert!((n - (3.4 / 2.9 - 1.0) * 100.0).abs() < 0.01, "{r:#?}");
    // "increased from $180,000 to $198,000" within one year: the two ends; "His salary"
    // is the salary of the man the sentence before names.
    let r = ask_notes("What was the percentage increase in Wen Hao's salary?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(
        number(&r).map(|n| (n * 100.0).round() / 100.0),
        Some(10.0),
        "{r:#?}"
    );
    assert!(r.answer.contains("from $180,000"), "{}", r.answer);
}

#[test]
fn a_participle_or_a_clause_that_names_a_thing_asks_for_no_arithmetic() {
    // "the estimated useful lives" asks for no estimate; "contracts that exceed one year"
    // for no difference.
    let r = ask_notes("What are the estimated useful lives of the assets?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("five to twelve years"), "{r:#?}");
    assert!(r.derivation.is_none(), "{r:#?}");
    let r = ask_notes("How is deferred income recognised for contracts that exceed one year?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("following two years"), "{r:#?}");
}

#[test]
fn what_a_thing_is_is_answered_by_the_sentence_that_says_what_it_is() {
    let r = ask_notes("What are dividends?");
    assert!(r.answered, "{}", r.answer);
    assert!(
        r.answer.starts_with("Dividends are distributions"),
        "{r:#?}"
    );
}

#[test]
fn a_note_or_section_is_known_by_its_heading() {
    let (engine, _dir) = helpers::engine_of(
        "notes.md",
        "---\ntitle: Notes to the accounts\n---\n\n30. RECONCILIATION OF LIABILITIES FROM FINANCING ACTIVITIES (Cont'd)\n\n\
         The cash flows comprise the net amount of proceeds from borrowings and repayments.\n\n\
         7. LEASES\n\n\
         Leases are recognised as right-of-use assets from the date the asset is available.\n",
    );
    let ask = |q: &str| ask_of(&engine, q);
    let r = ask("What is the topic of this note?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(
        value(&r),
        "RECONCILIATION OF LIABILITIES FROM FINANCING ACTIVITIES"
    );
    let r = ask("What is the content of Note 7?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(value(&r), "LEASES");
    // A note the text does not number is not answered by another's heading.
    let r = ask("What is the content of Note 12?");
    assert!(!r.answered, "{}", r.answer);
}

#[test]
fn a_count_the_text_does_not_date_answers_no_other_year() {
    let (engine, _dir) = helpers::engine_of(
        "fleet.md",
        "# Qilian fleet grows as orders pick up\n\n\
         By the end of September, Qilian had 1,240 service vans, up from 980 at the end of 2023.\n",
    );
    let ask = |q: &str| ask_of(&engine, q);
    let r = ask("How many service vans did Qilian have?");
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("1,240"), "{}", r.answer);
    let r = ask("How many service vans did Qilian have at the end of 2021?");
    assert!(!r.answered, "{}", r.answer);
}

#[test]
fn a_definition_asked_in_the_plural_is_the_sentence_that_says_what_it_relates_to() {
    let (engine, _dir) = helpers::engine_of(
        "notes.md",
        "---\ntitle: Notes\n---\n\n\
         Deferred revenue primarily consists of service contracts billed in advance. \
         Deferred revenue relates to obligations for which payment has been received before the goods are delivered.\n",
    );
    let r = ask_of(&engine, "What is the definition of deferred revenues?");
    assert!(r.answered, "{}", r.answer);
    assert!(
        r.answer.starts_with("Deferred revenue relates to"),
        "{}",
        r.answer
    );
}

#[test]
fn a_lexicon_name_the_text_never_uses_does_not_weigh_against_the_question_s_own_words() {
    // "services" reads as the lexicon's "tertiary industry"; a report that never says
    // "tertiary" still answers with its own words.
    let (engine, _dir) = helpers::engine_of(
        "notes.md",
        "---\ntitle: Notes\n---\n\n\
         Revenue from maintenance services increased by 11% in 2023. \
         The increase was mainly driven by longer contracts with water utilities.\n\n\
         Product revenue was flat.\n",
    );
    let r = ask_of(
        &engine,
        "What was the reason for the increase in revenue from maintenance services?",
    );
    assert!(r.answered, "{}", r.answer);
    assert!(r.answer.contains("longer contracts"), "{}", r.answer);
}

#[test]
fn a_change_the_text_states_between_two_years_is_the_answer_for_the_thing_it_names() {
    let (engine, _dir) = helpers::engine_of(
        "segments.md",
        "---\ntitle: Segment results\n---\n\n\
         Cost of sales increased by 12% to $5,200 million for the fourth quarter of 2023 on a year-on-year basis.\n\
         Cost of sales for Cloud increased by 31% to $1,900 million for the fourth quarter of 2023 on a year-on-year basis.\n\
         Cost of sales for Devices decreased by 9% to $800 million for the fourth quarter of 2023 on a year-on-year basis.\n\n\
         Selling and marketing expenses increased $41.5 million in fiscal 2023 as compared to fiscal 2022, primarily due to higher headcount. \
         Selling and marketing expenses increased approximately 40 basis points as a percentage of net sales in 2023 compared to 2022.\n\n\
         Interest expense decreased $7.3 million during fiscal 2023 as compared to fiscal 2022.\n",
    );
    let ask = |q: &str| ask_of(&engine, q);
    // The stated year-on-year change, of the thing the question names.
    let r = ask(
        "What was the percentage increase in cost of Cloud sales between the fourth quarter of 2022 and 2023?",
    );
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(31.0), "{r:#?}");
    let r = ask("What was the percentage change in cost of Devices sales between 2022 and 2023?");
    assert_eq!(number(&r), Some(-9.0), "{r:#?}");
    // An amount asked is the amount changed, not the change of a rate in points.
    let r = ask("How much did Selling and marketing expenses increase in 2023 compared to 2022?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(41.5e6), "{r:#?}");
    // A stated decrease says so, between the two years.
    let r = ask("How much did interest expense change from 2022 to 2023?");
    assert!(r.answered, "{}", r.answer);
    assert!(
        r.answer
            .contains("decreased $7.3 million from 2022 to 2023"),
        "{}",
        r.answer
    );
}

#[test]
fn a_part_of_the_year_asked_and_a_long_counted_noun_do_not_keep_a_figure_from_answering() {
    let (engine, _dir) = helpers::engine_of(
        "ostvik.md",
        "---\ntitle: Ostvik's economy in the first three quarters\ndate: 2025-10-20\n---\n\n\
         Ostvik's gross domestic product reached 576.6 billion yuan in the first three quarters of 2025, up 5.1 percent year on year.\n\n\
         The added value of the primary, secondary and tertiary industries stood at 41.2 billion yuan, 233.5 billion yuan and 301.9 billion yuan, respectively.\n\n\
         The Velsund Logistics Hub dispatched 2,146 cross-border freight train trips in the period, up 11.3 percent.\n\n\
         Other operating income represents rental income from investment properties and government grants.\n\n\
         Other operating income was 3.1 billion yuan in 2025.\n",
    );
    let ask = |q: &str| ask_of(&engine, q);
    // "the first three quarters", "January-September": a part of the year, not words a
    // figure's sentence must hold.
    let r = ask("What was Ostvik's GDP in the first three quarters of 2025?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(576.6e9), "{r:#?}");
    let r = ask("What was Ostvik's GDP in January-September 2025?");
    assert_eq!(number(&r), Some(576.6e9), "{r:#?}");
    // A number of things named by four words.
    let r =
        ask("How many cross-border freight train trips did the Velsund Logistics Hub dispatch?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(number(&r), Some(2146.0), "{r:#?}");
    assert!(!r.answer.contains("dispatched's"), "{}", r.answer);
    // What a thing represents is what its sentence says, not its figure.
    let r = ask("What does other operating income represent?");
    assert!(r.answered, "{}", r.answer);
    assert_eq!(
        value(&r),
        "rental income from investment properties and government grants"
    );
}

#[test]
fn a_figure_whose_sentence_names_no_subject_is_stated_by_its_measure_not_the_title() {
    let (engine, _dir) = helpers::engine_of(
        "excerpt.md",
        "---\ntitle: Annual report excerpt\n---\n\n\
         Operating income was $231.8 million and $214.5 million in 2024 and 2023, respectively.\n",
    );
    let r = ask_of(&engine, "What was operating income in 2024?");
    assert!(r.answered, "{}", r.answer);
    assert!(
        r.answer
            .starts_with("Operating income was $231.8 million in 2024"),
        "{}",
        r.answer
    );
    assert!(!r.answer.contains("excerpt"), "{}", r.answer);
}

#[test]
fn a_measure_the_corpus_never_names_is_the_refusal_s_reason() {
    let (engine, _dir) = helpers::engine_of(
        "harbour.md",
        "---\ntitle: Harbour trade\n---\n\nCargo throughput at the port reached 41.2 million tonnes in 2024.\n",
    );
    let r = ask_of(&engine, "What was the port's GDP in 2024?");
    assert!(!r.answered, "{}", r.answer);
    assert!(
        r.answer
            .contains("does not mention “gross domestic product”"),
        "{}",
        r.answer
    );
}
