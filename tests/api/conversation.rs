//! A chatbot's manners: greetings, thanks and "what can you do" say what the corpus
//! covers with questions to start with; "summarize" gives a cited extractive summary;
//! "what happened in 1953" finds the periods and sentences of the year; the chat page's
//! examples come from the corpus. None of them prints a number no citation or fact holds,
//! and a question about something the corpus lacks is still refused.

use std::sync::{Arc, LazyLock};

use axum::http::StatusCode;
use lanzhou_qa::{Engine, Question, Reply, SessionId};
use regex::Regex;

use crate::helpers::{self, TempDir, get, send};
use crate::quality::ungrounded;

/// One engine over the repository corpus.
static SEED: LazyLock<(Arc<Engine>, TempDir)> = LazyLock::new(helpers::engine);

/// One engine over the repository corpus plus two invented articles.
static THREE: LazyLock<(Arc<Engine>, TempDir)> =
    LazyLock::new(|| helpers::engine_with(&["qingshui-economy.md", "baiyun-farming.md"]));

fn seed() -> &'static Engine {
    &SEED.0
}

fn ask(engine: &Engine, question: &str) -> Reply {
    let reply = engine.ask(&Question::parse(question).expect("a valid question"), None);
    check_grounded(engine, question, &reply);
    reply
}

/// Every snippet is the document's bytes, every marker has a citation, and every number
/// of an answer is in a citation, a fact or the question.
fn check_grounded(engine: &Engine, question: &str, reply: &Reply) {
    for c in &reply.citations {
        let doc = engine.document(&c.doc_id).expect("a cited document");
        assert_eq!(doc.text.get(c.start..c.end), Some(c.snippet.as_str()));
    }
    static MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[(\d+)\]").expect("valid"));
    for m in MARKER.captures_iter(&reply.answer) {
        let n: usize = m[1].parse().expect("a number");
        assert!(
            reply.citations.iter().any(|c| c.n == n),
            "[{n}] has no citation: {reply:#?}"
        );
    }
    let loose = ungrounded(question, reply);
    assert!(
        loose.is_empty(),
        "{question:?}: ungrounded numbers {loose:?} in {:?}",
        reply.answer
    );
}

/// True when the engine answers the question asked on its own.
fn answers(engine: &Engine, question: &str) -> bool {
    ask(engine, question).answered
}

#[test]
fn greetings_thanks_and_help_say_what_the_corpus_covers_with_three_answered_questions() {
    let engine = seed();
    for question in [
        "hello",
        "Hi there!",
        "thanks",
        "Thank you very much!",
        "What can you tell me?",
        "What can you do?",
        "help",
    ] {
        let reply = ask(engine, question);
        assert!(reply.answered, "{question:?} is answered: {reply:#?}");
        let answer = &reply.answer;
        // The title, place and years come from the document and the fact table, each
        // cited: the title and date from the front matter, the years from a sentence.
        for needle in [
            "“Lanzhou's industries”",
            "China Daily",
            "Lanzhou",
            "1949",
            "2018",
        ] {
            assert!(
                answer.contains(needle),
                "{question:?}: {needle:?} in {answer:?}"
            );
        }
        assert!(
            reply
                .citations
                .iter()
                .any(|c| c.snippet.contains("title: Lanzhou's industries")
                    && c.snippet.contains("date: 2019-11-26")),
            "{question:?}: the title and date lines are cited: {:#?}",
            reply.citations
        );
        assert_eq!(reply.suggestions.len(), 3, "{question:?}: {reply:#?}");
        for suggestion in &reply.suggestions {
            assert!(
                answers(engine, suggestion),
                "{question:?}: the suggestion {suggestion:?} is not answered"
            );
        }
    }
    assert!(ask(engine, "hello").answer.starts_with("Hello."));
    assert!(ask(engine, "thanks").answer.starts_with("You're welcome."));
}

#[test]
fn the_overview_names_every_document_of_a_larger_corpus() {
    let engine = &THREE.0;
    let reply = ask(engine, "What can you tell me?");
    assert!(reply.answered);
    for title in [
        "Lanzhou's industries",
        "Qingshui's economy",
        "Baiyun's farming and rural tourism",
    ] {
        assert!(
            reply.answer.contains(title),
            "{title:?} in {:?}",
            reply.answer
        );
    }
    assert!(
        reply.answer.contains("three articles"),
        "{:?}",
        reply.answer
    );
    // The suggestions come from more than one document.
    let places = ["Lanzhou", "Qingshui", "Baiyun"]
        .iter()
        .filter(|p| reply.suggestions.iter().any(|s| s.contains(*p)))
        .count();
    assert!(places >= 2, "{:?}", reply.suggestions);
}

#[test]
fn a_greeting_around_a_real_question_leaves_it_to_be_answered_or_refused() {
    let engine = seed();
    let answered = ask(
        engine,
        "Hi, what was the added value of primary industry in 2018?",
    );
    assert!(answered.answered && answered.answer.contains("4.298 billion yuan"));
    for question in [
        "Hello, what was Lanzhou's unemployment rate in 2018?",
        "What was Lanzhou's unemployment rate in 2018?",
        "Who is the mayor of Lanzhou?",
        "Give me a summary of the unemployment figures",
    ] {
        let reply = ask(engine, question);
        assert!(
            !reply.answered,
            "{question:?} is refused: {:?}",
            reply.answer
        );
    }
}

#[test]
fn a_greeting_in_a_conversation_is_not_read_as_a_follow_up() {
    let engine = seed();
    let session = SessionId::parse("conversation-greeting").expect("a session id");
    let ask_in = |q: &str| engine.ask(&Question::parse(q).expect("a question"), Some(&session));
    let first = ask_in("What was industrial added value in 2018?");
    assert!(first.answer.contains("64.65 billion"));
    let hello = ask_in("hello");
    assert!(hello.answer.starts_with("Hello."), "{:?}", hello.answer);
    let summary = ask_in("summarize the article");
    assert!(summary.answer.contains("in brief"), "{:?}", summary.answer);
    // Neither is carried over to a follow-up; a year's events are.
    let after = ask_in("And tertiary industry in 2018?");
    assert!(after.answer.contains("17.52 billion"), "{:?}", after.answer);
    ask_in("What happened in 1953?");
    let next = ask_in("And in 1960?");
    assert!(
        next.answer.contains("Second Five-Year Plan"),
        "{:?}",
        next.answer
    );
}

/// The first sentence of the body of a document.
fn lead(engine: &Engine, doc_id: &str) -> String {
    engine
        .sentences()
        .find(|p| engine.documents()[p.doc].id == doc_id)
        .map(|p| p.span.of(&engine.documents()[p.doc].text).to_string())
        .expect("a sentence")
}

#[test]
fn a_summary_is_the_lead_and_the_sentences_with_the_most_new_subjects_each_cited() {
    let engine = seed();
    let reply = ask(engine, "Summarize the article");
    assert!(reply.answered, "{reply:#?}");
    for question in ["Give me a summary", "What is this about?", "summarise it"] {
        assert_eq!(ask(engine, question).answer, reply.answer, "{question:?}");
    }
    let sentences: Vec<&str> = reply
        .citations
        .iter()
        .map(|c| c.snippet.as_str())
        .filter(|s| !s.starts_with("title:"))
        .collect();
    assert_eq!(sentences.len(), 3, "{sentences:#?}");
    assert_eq!(sentences[0], lead(engine, "lanzhou-industries"));
    // The periods and the structure bring the most subjects the lead lacks.
    assert!(
        sentences[1].contains("First Five-Year Plan"),
        "{sentences:#?}"
    );
    assert!(sentences[2].contains("52:18:30"), "{sentences:#?}");
    for s in &sentences {
        let text = s.trim_end_matches('.');
        assert!(reply.answer.contains(text), "{text:?} is quoted whole");
    }
    let value = reply.value.expect("a summary has a value");
    assert_eq!(value.items.len(), 3);
}

#[test]
fn a_summary_of_several_documents_covers_each_or_the_one_named() {
    let engine = &THREE.0;
    let all = ask(engine, "Summarize the articles");
    assert!(all.answered);
    for doc in ["lanzhou-industries", "qingshui-economy", "baiyun-farming"] {
        assert!(
            all.citations.iter().any(|c| c.doc_id == doc),
            "{doc} is summarised: {:?}",
            all.answer
        );
        assert!(all.answer.contains(lead(engine, doc).trim_end_matches('.')));
    }
    let one = ask(engine, "Summarize Qingshui's economy");
    assert!(one.answered);
    assert!(
        one.citations.iter().all(|c| c.doc_id == "qingshui-economy"),
        "{one:#?}"
    );
    assert!(one.answer.starts_with("“Qingshui's economy”"));
    // A document named by its publication year.
    let by_year = ask(engine, "What did the 2020 article say?");
    assert!(by_year.answered, "{by_year:#?}");
    assert!(
        by_year
            .citations
            .iter()
            .all(|c| c.doc_id == "qingshui-economy"),
        "{by_year:#?}"
    );
}

#[test]
fn a_year_finds_the_periods_that_cover_it_and_the_sentences_dated_in_it() {
    let engine = seed();
    let reply = ask(engine, "What happened in 1953?");
    assert!(reply.answered, "{reply:#?}");
    assert!(
        reply
            .answer
            .starts_with("1953 falls within the First Five-Year Plan, which ran from 1953 to 1957"),
        "{:?}",
        reply.answer
    );
    let inside = ask(engine, "What happened in 1960?");
    assert!(
        inside.answer.contains("Second Five-Year Plan"),
        "{:?}",
        inside.answer
    );
    assert!(
        !inside.answer.contains("falls within the First"),
        "{:?}",
        inside.answer
    );

    let dated = ask(engine, "What happened in 2019?");
    assert!(dated.answered);
    assert!(
        dated
            .answer
            .starts_with("In 2019, Lanzhou issued a milestone document")
    );
    // The next sentence goes on about it ("It focuses on...").
    assert!(
        dated.answer.contains("seven crucial areas"),
        "{:?}",
        dated.answer
    );

    let nothing = ask(engine, "What happened in 1965?");
    assert!(!nothing.answered, "{nothing:#?}");
    assert!(
        nothing.answer.contains("dated in that year"),
        "{:?}",
        nothing.answer
    );
}

#[test]
fn a_thing_named_by_its_year_is_answered_from_its_sentences() {
    let engine = seed();
    let reply = ask(engine, "What did the 2019 document do?");
    assert!(reply.answered, "{reply:#?}");
    let snippets: Vec<&str> = reply.citations.iter().map(|c| c.snippet.as_str()).collect();
    assert!(snippets[0].starts_with("In 2019, Lanzhou issued a milestone document"));
    assert!(
        snippets.iter().any(|s| s.starts_with("It focuses on")),
        "{snippets:#?}"
    );
    let plan = ask(engine, "What did the 2019 budget say?");
    assert!(!plan.answered, "no 2019 budget: {plan:#?}");
}

#[tokio::test]
async fn the_chat_page_examples_are_the_engines_opening_questions() {
    let (app, _index) = helpers::app();
    let list = send(&app, get("/docs")).await;
    assert_eq!(list.status, StatusCode::OK);
    let questions: Vec<String> = list.json()["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q.as_str().expect("a question").to_string())
        .collect();
    assert_eq!(questions.len(), 3, "{questions:?}");
    assert_eq!(questions, seed().opening_questions());
    for q in &questions {
        assert!(answers(seed(), q), "{q:?} is answered");
    }
    // Built from the corpus, not written for it: a corpus with other documents offers
    // other questions.
    assert_ne!(THREE.0.opening_questions(), seed().opening_questions());
}
