//! Unit tests of the OpenAI-compatible API's shapes.
use super::*;

#[test]
fn long_snippets_are_cut_at_a_word_with_an_ellipsis() {
    let snippet = "The added value from industrial output had surged to 64.65 billion yuan in 2018, \
                   an increase of over 10,000 times that of the 6 million yuan created in 1949.";
    let short = short_snippet(snippet, 60, None);
    assert!(short.ends_with('…'));
    assert!(short.chars().count() <= 61);
    assert!(snippet.starts_with(short.trim_end_matches('…')));
    assert_eq!(short_snippet("short\nline", 60, None), "short line");
}

#[test]
fn a_cut_snippet_holds_the_figure_it_is_cited_for() {
    let snippet = "The added value from industrial output had surged to 64.65 billion yuan in 2018, \
                   an increase of over 10,000 times that of the 6 million yuan created in 1949.";
    let at = snippet.find("6 million yuan").expect("the figure");
    let short = short_snippet(snippet, 80, Some((at, at + "6 million yuan".len())));
    assert!(short.contains("6 million yuan"), "{short}");
    assert!(short.starts_with('…'), "{short}");
    assert!(short.chars().count() <= 82, "{short}");
    let first = snippet.find("64.65").expect("the figure");
    let short = short_snippet(snippet, 80, Some((first, first + 5)));
    assert!(
        short.starts_with("The added value") && short.ends_with('…'),
        "{short}"
    );
}

#[test]
fn the_message_is_the_answer_then_its_sources() {
    let citation = |n: usize, snippet: &str| Citation {
        n,
        doc_id: "d".to_string(),
        title: "Lanzhou's industries".to_string(),
        snippet: snippet.to_string(),
        start: 0,
        end: snippet.len(),
    };
    let long = "word ".repeat(60);
    let reply = Reply {
        answer: "It grew 17,500 times [1] [2].".to_string(),
        answered: true,
        value: None,
        citations: vec![
            citation(1, "An increase of 17,500 times."),
            citation(2, &long),
        ],
        facts: Vec::new(),
        derivation: None,
        notes: Vec::new(),
        related: Vec::new(),
        session: "s".to_string(),
        suggestions: Vec::new(),
    };
    let content = message_content(&reply);
    let (answer, sources) = content
        .split_once("\n\nSources:\n")
        .expect("a Sources list");
    assert_eq!(answer, reply.answer);
    let lines: Vec<&str> = sources.lines().collect();
    assert_eq!(
        lines[0],
        "[1] Lanzhou's industries: \"An increase of 17,500 times.\""
    );
    assert!(lines[1].starts_with("[2] Lanzhou's industries: \"word word"));
    assert!(lines[1].ends_with("…\""));
    assert_eq!(lines.len(), 2);

    let refusal = Reply {
        citations: Vec::new(),
        ..reply
    };
    assert_eq!(message_content(&refusal), refusal.answer);
}

#[test]
fn completion_ids_are_unique() {
    let a = completion_id();
    let b = completion_id();
    assert_ne!(a, b);
    assert!(a.starts_with("chatcmpl-"));
}

#[test]
fn the_last_user_message_is_the_question_and_earlier_ones_its_context() {
    let body = serde_json::json!({
        "model": "lanzhou-qa",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "What was industrial added value in 2018?"},
            {"role": "assistant", "content": "64.65 billion yuan [1]."},
            {"role": "user", "content": [{"type": "text", "text": "And in 1949?"}, {"type": "image_url", "image_url": {"url": "x"}}]},
        ],
        "temperature": 0.2,
    });
    let Value::Object(body) = body else {
        unreachable!("the literal is an object")
    };
    let request = ParsedChat::from_json(&body).expect("a valid request");
    assert!(!request.stream);
    let conversation = Conversation::of(&request.messages).expect("a question");
    assert_eq!(conversation.question.as_str(), "And in 1949?");
    assert_eq!(conversation.earlier.len(), 1);
    assert_eq!(
        conversation.earlier[0].as_str(),
        "What was industrial added value in 2018?"
    );
}
