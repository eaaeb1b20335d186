//! The background tasks chat front ends send to the model as if they were messages: Open
//! WebUI's title, tag, follow-up and search-query prompts, and LibreChat's title prompt.
//! They are instructions about the conversation, not questions about the corpus, so they
//! are recognised here and answered in the form each asks for (a short title made from
//! the first question, the suggested follow-ups, or an empty list) instead of being
//! refused, which the front end would show as the chat's title.
//!
//! Recognition needs the scaffolding of a known prompt (Open WebUI's "### Task:" with its
//! chat history or output section, LibreChat's "5-word-or-less title"), never a single
//! word, so a question that merely mentions titles or tags is still a question.

use serde_json::{Value, json};

use super::openai_request::Message;

/// The most words of a title made from a question.
const TITLE_WORDS: usize = 7;

/// The title given when the conversation quoted in a prompt has no question.
const UNTITLED: &str = "Questions on the corpus";

/// A background task of a chat front end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Task {
    /// A title for the conversation; as `{"title": ...}` when the prompt asks for JSON.
    Title { json: bool },
    /// Follow-up questions, as `{"follow_ups": [...]}` (Open WebUI).
    FollowUps,
    /// Any other task with a JSON answer (tags, search queries, autocompletion...): the
    /// key's empty value, which the front ends read as "nothing to add".
    Empty { key: String },
    /// A task without a stated answer form: the empty answer.
    Nothing,
}

/// A recognised task with the user turns of the conversation it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Recognised {
    pub task: Task,
    /// The user's turns, oldest first: those quoted in the prompt, or else the request's
    /// own user messages other than the prompt.
    pub questions: Vec<String>,
}

/// Returns the task a request carries, or None when it is an ordinary conversation. The
/// prompt may be in any message (LibreChat sends its title prompt as a system message);
/// the last one that is a task wins.
pub(super) fn recognise(messages: &[Message]) -> Option<Recognised> {
    let (at, task) = messages
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, m)| task_of(&m.text).map(|task| (i, task)))?;
    let prompt = &messages[at].text;
    let mut questions = quoted_user_turns(prompt);
    if questions.is_empty() {
        questions = messages
            .iter()
            .enumerate()
            .filter(|(i, m)| *i != at && m.is_user())
            .map(|(_, m)| m.text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect();
    }
    Some(Recognised { task, questions })
}

/// Returns the task a prompt asks for, if it is one.
fn task_of(prompt: &str) -> Option<Task> {
    let text = prompt.trim_start();
    let lower = text.to_lowercase();
    if lower.starts_with("### task:")
        && (lower.contains("<chat_history>") || lower.contains("### output:"))
    {
        // Open WebUI: the JSON key of the requested output names the task.
        let key = regex!(r#"(?i)json format:\s*\{\s*"([A-Za-z_]+)""#)
            .captures(text)
            .map(|c| c[1].to_string());
        return Some(match key.as_deref() {
            Some("title") => Task::Title { json: true },
            Some("follow_ups") => Task::FollowUps,
            Some(key) => Task::Empty {
                key: key.to_string(),
            },
            None if task_line(&lower).contains("title") => Task::Title { json: false },
            None => Task::Nothing,
        });
    }
    let librechat = lower.contains("5-word-or-less title")
        || (lower.contains("analyze this conversation and provide")
            && lower.contains("concise title"))
        || lower.contains("generate a concise title (max 40 characters) for a conversation");
    librechat.then_some(Task::Title { json: false })
}

/// The line after "### Task:" (or the rest of its own line), which says what is asked.
fn task_line(lower: &str) -> &str {
    let rest = lower.trim_start_matches("### task:").trim_start();
    rest.lines().next().unwrap_or("")
}

/// The user turns quoted in a prompt's conversation: lines that start with "User:" (or
/// Open WebUI's "USER:", or LibreChat's "||>User:"), each running until the next line that
/// starts another speaker's turn. Surrounding quotes are removed.
fn quoted_user_turns(prompt: &str) -> Vec<String> {
    let body = match (
        prompt.find("<chat_history>"),
        prompt.find("</chat_history>"),
    ) {
        (Some(start), Some(end)) if start < end => &prompt[start + "<chat_history>".len()..end],
        _ => prompt,
    };
    let mut turns: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        let bare = line.trim_start().trim_start_matches("||>");
        match speaker(bare) {
            Some((true, rest)) => {
                turns.extend(current.take());
                current = Some(rest.to_string());
            }
            Some((false, _)) => turns.extend(current.take()),
            None => {
                if let Some(turn) = current.as_mut() {
                    turn.push('\n');
                    turn.push_str(line);
                }
            }
        }
    }
    turns.extend(current);
    turns
        .into_iter()
        .map(|t| t.trim().trim_matches('"').trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// If a line starts a speaker's turn ("User: ...", "Assistant: ...", "AI: ..."), returns
/// whether the speaker is the user and the rest of the line.
fn speaker(line: &str) -> Option<(bool, &str)> {
    let (name, rest) = line.split_once(':')?;
    let name = name.trim().to_ascii_lowercase();
    match name.as_str() {
        "user" | "human" => Some((true, rest)),
        "assistant" | "ai" | "response" | "system" | "model" | "bot" => Some((false, rest)),
        _ => None,
    }
}

/// A short title made from a question: its first sentence without the question's opening
/// words ("What was the", "How much did") and final punctuation, at most [`TITLE_WORDS`]
/// words and never ending on a small word, with a capital first letter.
pub(super) fn title_from(question: &str) -> String {
    let line = question.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = line
        .split_inclusive(['?', '!', '\n'])
        .next()
        .unwrap_or(&line)
        .trim()
        .trim_end_matches(['?', '!', '.', ',', ';', ':'])
        .replace('"', "");
    let opening = regex!(
        r"(?i)^(?:(?:please\s+)?(?:can|could|would)\s+you\s+)?(?:(?:what|which|when|where|who|whose|why|how)(?:\s+(?:much|many|fast|quickly|long|big|large|far|often))?(?:\s+(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should))?|(?:please\s+)?(?:list|name|tell\s+me|show\s+me|give\s+me|explain|describe|estimate))\s+(?:(?:the|a|an)\s+)?"
    );
    let topic = opening.replace(&first, "");
    let mut words: Vec<&str> = topic.split_whitespace().take(TITLE_WORDS).collect();
    while words.len() > 1
        && words.last().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "of" | "the"
                    | "a"
                    | "an"
                    | "and"
                    | "or"
                    | "in"
                    | "to"
                    | "from"
                    | "for"
                    | "by"
                    | "with"
                    | "on"
                    | "at"
                    | "since"
            )
        })
    {
        words.pop();
    }
    let title = words.join(" ");
    let mut chars = title.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => UNTITLED.to_string(),
    }
}

/// The title of a conversation whose user turns are `questions`: made from the first.
pub(super) fn title(questions: &[String]) -> String {
    questions
        .first()
        .map_or_else(|| UNTITLED.to_string(), |q| title_from(q))
}

/// The message content that answers `task`, given the conversation's title and
/// follow-up suggestions.
pub(super) fn answer(task: &Task, questions: &[String], follow_ups: Vec<String>) -> String {
    match task {
        Task::Title { json: true } => json!({ "title": title(questions) }).to_string(),
        Task::Title { json: false } => title(questions),
        Task::FollowUps => json!({ "follow_ups": follow_ups }).to_string(),
        Task::Empty { key } => {
            // Lists for the keys Open WebUI reads as lists, an empty string otherwise.
            let empty = if matches!(key.as_str(), "tags" | "queries" | "follow_ups") {
                Value::Array(Vec::new())
            } else {
                Value::String(String::new())
            };
            json!({ key.as_str(): empty }).to_string()
        }
        Task::Nothing => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Message {
        Message {
            role: "user".to_string(),
            text: text.to_string(),
        }
    }

    const OPEN_WEBUI_TITLE: &str = "### Task:\nGenerate a concise, 3-5 word title with an emoji summarizing the chat history.\n### Guidelines:\n- The title should clearly represent the main theme or subject of the conversation.\n### Output:\nJSON format: { \"title\": \"your concise title here\" }\n### Chat History:\n<chat_history>\nUSER: How much did tertiary industry grow since 1949?\nASSISTANT: Tertiary industry's added value grew 17,500 times [1].\n</chat_history>";

    #[test]
    fn open_webui_tasks_are_told_apart_by_their_output_key() {
        let found = recognise(&[user(OPEN_WEBUI_TITLE)]).expect("a task");
        assert_eq!(found.task, Task::Title { json: true });
        assert_eq!(
            found.questions,
            ["How much did tertiary industry grow since 1949?"]
        );
        let tags = OPEN_WEBUI_TITLE.replace(
            "\"title\": \"your concise title here\"",
            "\"tags\": [\"tag1\"]",
        );
        assert_eq!(
            recognise(&[user(&tags)]).map(|r| r.task),
            Some(Task::Empty {
                key: "tags".to_string()
            })
        );
        let follow = OPEN_WEBUI_TITLE.replace(
            "\"title\": \"your concise title here\"",
            "\"follow_ups\": [\"Q?\"]",
        );
        assert_eq!(
            recognise(&[user(&follow)]).map(|r| r.task),
            Some(Task::FollowUps)
        );
        let plain = "### Task:\nGenerate a concise, 3-5 word title summarizing the chat history.\n### Output:\nReturn ONLY the title text.\n<chat_history>\nUSER: tertiary growth\n</chat_history>";
        assert_eq!(
            recognise(&[user(plain)]).map(|r| r.task),
            Some(Task::Title { json: false })
        );
    }

    #[test]
    fn librechat_title_prompts_are_recognised_in_any_message() {
        let legacy = Message {
            role: "system".to_string(),
            text: "Please generate a concise, 5-word-or-less title for the conversation, using its same language, with no punctuation. Apply title case conventions appropriate for the language. Never directly mention the language name or the word \"title\"\n\n||>User:\n\"What was industrial added value in 2018?\"\n||>Response:\n\"64.65 billion yuan [1].\"\n\nTitle:".to_string(),
        };
        let found = recognise(&[legacy]).expect("a task");
        assert_eq!(found.task, Task::Title { json: false });
        assert_eq!(
            found.questions,
            ["What was industrial added value in 2018?"]
        );
        let agents = "Provide a concise, 5-word-or-less title for the conversation, using title case conventions. Only return the title itself.\n\nConversation:\nUser: What was the 2018 industrial structure ratio?\nAI: 2:34:64 [1].";
        let found = recognise(&[user(agents)]).expect("a task");
        assert_eq!(title(&found.questions), "2018 industrial structure ratio");
    }

    #[test]
    fn questions_that_mention_titles_or_tasks_are_still_questions() {
        for text in [
            "What is the title of the article?",
            "Generate tags for tertiary industry",
            "### Task: what was primary industry worth in 2018?",
            "Which title did the document have, 5 words or less?",
        ] {
            assert_eq!(recognise(&[user(text)]), None, "{text}");
        }
    }

    #[test]
    fn titles_are_the_topic_of_the_first_question() {
        assert_eq!(
            title_from("How much did tertiary industry grow since 1949?"),
            "Tertiary industry grow since 1949"
        );
        assert_eq!(
            title_from("What was industrial added value in 2018?"),
            "Industrial added value in 2018"
        );
        assert_eq!(
            title_from(
                "What was the average annual growth rate of primary industry from 1949 to 2018?"
            ),
            "Average annual growth rate of primary industry"
        );
        assert_eq!(
            title_from("agriculture share 2018"),
            "Agriculture share 2018"
        );
        assert_eq!(title_from("  ?  "), UNTITLED);
        assert_eq!(title(&[]), UNTITLED);
    }

    #[test]
    fn answers_take_the_form_each_task_asks_for() {
        let questions = vec!["What was industrial added value in 2018?".to_string()];
        let json: Value =
            serde_json::from_str(&answer(&Task::Title { json: true }, &questions, Vec::new()))
                .expect("JSON");
        assert_eq!(json["title"], "Industrial added value in 2018");
        let tags: Value = serde_json::from_str(&answer(
            &Task::Empty {
                key: "tags".to_string(),
            },
            &questions,
            Vec::new(),
        ))
        .expect("JSON");
        assert_eq!(tags, json!({"tags": []}));
        let follow: Value = serde_json::from_str(&answer(
            &Task::FollowUps,
            &questions,
            vec!["Q?".to_string()],
        ))
        .expect("JSON");
        assert_eq!(follow, json!({"follow_ups": ["Q?"]}));
        assert_eq!(answer(&Task::Nothing, &questions, Vec::new()), "");
    }
}
