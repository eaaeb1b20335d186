//! The end-to-end browser test: the chat page in headless Chromium, driven over WebDriver
//! (chromedriver), against the real server on a local port over the repository corpus plus
//! a hostile fixture page full of markup, at desktop and phone widths, light and dark, with
//! axe-core (vendored in `tests/assets/axe-core/`) on every state.
//!
//! Without Chromium and chromedriver the test is skipped, unless
//! `LANZHOU_QA_REQUIRE_BROWSER=1` says the browser must be there (as in CI).

use std::error::Error;
use std::future::Future;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use lanzhou_qa::http::{self, ServerOptions};
use lanzhou_qa::{Engine, EngineConfig};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

type TestResult<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// Set to 1 to make a missing browser a failure instead of a skip.
const REQUIRE_BROWSER: &str = "LANZHOU_QA_REQUIRE_BROWSER";

/// How long any one condition may take to come true before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// How often a condition is checked while waiting for it.
const POLL_EVERY: Duration = Duration::from_millis(100);

/// The hostile markup of `tests/fixtures/hostile.md`, which the page must show as text.
const SCRIPT_TAG: &str = "<script>alert(1)</script>";
const IMG_TAG: &str = "<img src=x onerror=alert(2)>";
const JS_LINK: &str = "[click](javascript:alert(3))";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chat_page_answers_in_view_cites_like_news_keeps_the_conversation_and_passes_axe()
-> TestResult {
    if let Some(why) = missing_browser() {
        if std::env::var(REQUIRE_BROWSER).as_deref() == Ok("1") {
            return Err(format!("{REQUIRE_BROWSER}=1, but {why}").into());
        }
        println!("browser test skipped: {why}");
        return Ok(());
    }

    let scratch = tempfile::tempdir()?;
    let server = Server::start(scratch.path()).await?;
    let mut driver = Chromedriver::spawn(scratch.path())?;
    let client = driver.connect(&scratch.path().join("profile")).await?;

    // The page is driven in a function that returns errors rather than panicking, so the
    // browser session is always closed before the result is reported.
    let outcome = exercise_chat_page(&client, &server.url, driver.port).await;
    let closed = client.close().await;
    drop(driver);
    let stopped = server.stop().await;
    outcome?;
    closed?;
    stopped
}

/// Returns why the browser test cannot run here, or None when it can.
fn missing_browser() -> Option<String> {
    [CHROMEDRIVER, CHROMIUM]
        .iter()
        .find(|path| !Path::new(path).exists())
        .map(|path| {
            format!(
                "{path} is missing (install it with `apt-get install chromium chromium-driver`)"
            )
        })
}

/// The steps a reader takes on the chat page, each checked.
async fn exercise_chat_page(client: &Client, base: &str, driver_port: u16) -> TestResult {
    let axe = Axe::load()?;
    let cdp = Cdp::new(client, driver_port).await?;
    client.set_window_size(DESKTOP.0, DESKTOP.1).await?;
    client.goto(&format!("{base}/")).await?;
    page_ready(client).await?;

    // What the corpus holds, from the documents: titles, sources, dates.
    let holdings = element(client, "#holdings").await?.text().await?;
    for needle in [
        "Lanzhou's industries",
        "China Daily",
        "26 November 2019",
        "Markup test page",
        "Original at example.org",
    ] {
        check(
            holdings.contains(needle),
            format!("\"What the corpus holds\" lacks {needle:?}: {holdings:?}"),
        )?;
    }
    let heading = element(client, "h1").await?.text().await?;
    check(
        heading == "Questions on 2 articles",
        format!("the heading does not say what the corpus holds: {heading:?}"),
    )?;
    // The example questions are the engine's opening questions from GET /docs, each
    // one the corpus answers, not text written into the page.
    let mut examples = Vec::new();
    for button in client
        .find_all(Locator::Css("#intro button.example"))
        .await?
    {
        examples.push(Value::String(button.text().await?));
    }
    let offered = client
        .execute(
            "return fetch('/docs').then((r) => r.json()).then((b) => b.questions);",
            Vec::new(),
        )
        .await?;
    check(
        examples.len() == 3 && Value::Array(examples.clone()) == offered,
        format!("the empty page shows {examples:?}, not the questions of GET /docs: {offered}"),
    )?;
    axe.check(client, "the empty page").await?;
    save_screenshot(client, "browser-test-empty.png").await?;

    // "/" anywhere outside a text field moves focus to the question box, typing nothing.
    client
        .execute(
            "document.activeElement.blur(); document.body.focus();",
            Vec::new(),
        )
        .await?;
    press(client, '/').await?;
    check(
        script_is_true(
            client,
            "return document.activeElement.id === 'question' \
             && document.activeElement.value === ''",
        )
        .await?,
        "\"/\" does not move focus to an empty question box",
    )?;

    // Shift+Enter starts a new line instead of sending.
    let question = element(client, "#question").await?;
    question.send_keys("tertiary growth").await?;
    question.send_keys(&(Key::Shift + &Key::Enter)).await?;
    let typed = question.prop("value").await?.unwrap_or_default();
    let turns = client.find_all(Locator::Css("#transcript > li")).await?;
    check(
        typed == "tertiary growth\n" && turns.is_empty(),
        format!("Shift+Enter sent the question or added no line: {typed:?}"),
    )?;
    question.clear().await?;

    // A first question, sent with Enter: a streamed answer with a citation, announced,
    // with suggested follow-ups.
    question.send_keys("tertiary growth since 1949").await?;
    question.send_keys(&Key::Enter).await?;
    let answer = finished_answer(client, 1).await?;
    check(
        answer.contains("17,500"),
        format!("the tertiary answer lacks \"17,500\": {answer:?}"),
    )?;
    wait_for(client, "the answer to be announced", || async {
        let said = element(client, "#announcer").await?.text().await?;
        Ok(said.contains("17,500").then_some(()))
    })
    .await?;
    let suggestions = client
        .find_all(Locator::Css("#turn-1 .suggestions button.suggestion"))
        .await?;
    check(
        (1..=3).contains(&suggestions.len()),
        format!("{} suggested follow-ups, not 1 to 3", suggestions.len()),
    )?;
    check_citation_names(client).await?;

    // Its citation opens the cited sentence, highlighted in its paragraph, with the
    // document's source and date; the transcript stays where it was; Escape closes the
    // panel and gives focus back to the citation.
    let chat_left = left_edge(client, "#chat").await?;
    element(client, "#turn-1 .answer-text button.cite")
        .await?
        .click()
        .await?;
    let highlighted = highlighted_passage(client).await?;
    check(
        highlighted.contains("17,500 times"),
        format!("the highlighted citation lacks \"17,500 times\": {highlighted:?}"),
    )?;
    let paragraph = element(client, "#source-body .passage")
        .await?
        .text()
        .await?;
    check(
        paragraph.len() > highlighted.len() && paragraph.contains("tertiary industrial sector"),
        format!("the cited sentence is not shown inside its paragraph: {paragraph:?}"),
    )?;
    let meta = element(client, "#source-meta").await?.text().await?;
    check(
        meta.contains("China Daily") && meta.contains("26 November 2019"),
        format!("the source panel does not give the source and date: {meta:?}"),
    )?;
    let moved = left_edge(client, "#chat").await? - chat_left;
    check(
        moved.abs() < 1.0,
        format!("the chat column moved {moved}px when the panel opened"),
    )?;
    check(
        script_is_true(
            client,
            "return document.activeElement.closest('#source-panel') !== null",
        )
        .await?,
        "opening a citation does not move focus into the source panel",
    )?;
    axe.check(client, "an answer with the source panel open")
        .await?;

    // The whole document, without its front matter.
    element(client, "#whole-document").await?.click().await?;
    wait_for(client, "the whole document", || async {
        let paragraphs = client
            .find_all(Locator::Css("#source-body .whole .passage"))
            .await?;
        Ok((paragraphs.len() > 5).then_some(()))
    })
    .await?;
    let whole = element(client, "#source-body").await?.text().await?;
    check_no_front_matter(&whole, "the whole document")?;
    check(
        whole.contains("17,500 times") && whole.contains("15.81 percent"),
        format!("the whole document is not shown: {whole:?}"),
    )?;
    element(client, "#whole-document").await?.click().await?;
    highlighted_passage(client).await?;
    client
        .active_element()
        .await?
        .send_keys(&Key::Escape)
        .await?;
    wait_for(client, "the source panel to close", || async {
        let panel = element(client, "#source-panel").await?;
        Ok((!panel.is_displayed().await?).then_some(()))
    })
    .await?;
    check(
        script_is_true(
            client,
            "return document.activeElement.matches('#turn-1 button.cite')",
        )
        .await?,
        "closing the source panel does not return focus to the citation",
    )?;

    // A suggested follow-up is asked in the conversation and answered.
    let suggestion = element(client, "#turn-1 .suggestions button.suggestion").await?;
    let suggested = suggestion.text().await?;
    suggestion.click().await?;
    finished_answer(client, 2).await?;
    let asked = element(client, "#turn-2 .question-text")
        .await?
        .text()
        .await?;
    check(
        asked == suggested
            && !element(client, "#turn-2 article.answer")
                .await?
                .attr("class")
                .await?
                .unwrap_or_default()
                .contains("refusal"),
        format!("the suggestion {suggested:?} was not asked and answered"),
    )?;

    // Working that reads well: one step per line, each with its cited figures; the
    // consistency note once, its markers as buttons.
    ask(
        client,
        "What was the 2018 industrial structure ratio?",
        Sending::Enter,
    )
    .await?;
    finished_answer(client, 3).await?;
    check_in_view(client, 3).await?;
    let steps: Vec<Value> = serde_json::from_value(
        client
            .execute(
                "return [...document.querySelectorAll('#turn-3 .working .steps li')].map(li => \
                 ({text: li.querySelector('code').textContent, cites: li.querySelectorAll('button.cite').length}))",
                Vec::new(),
            )
            .await?,
    )?;
    check(
        steps.len() >= 2 && steps.iter().any(|s| s["cites"].as_u64() > Some(0)),
        format!("the working is not shown as steps with their citations: {steps:?}"),
    )?;
    let turn = element(client, "#turn-3").await?.text().await?;
    check(
        turn.matches("figures disagree").count() <= 1,
        format!("the consistency note is shown twice: {turn:?}"),
    )?;
    check(
        !script_is_true(
            client,
            "const walker = document.createTreeWalker(document.getElementById('transcript'), \
             NodeFilter.SHOW_TEXT); \
             for (let n = walker.nextNode(); n; n = walker.nextNode()) { \
               if (n.parentElement.closest('button, code, .question, .passage-snippet')) continue; \
               if (/\\[\\d+\\]/.test(n.data)) return true; } return false;",
        )
        .await?,
        "a [n] marker is shown as text instead of a citation button",
    )?;

    // A refusal: no missing glyph, related passages that are never front matter.
    ask(
        client,
        "What was Lanzhou's unemployment rate in 2018?",
        Sending::Enter,
    )
    .await?;
    finished_answer(client, 4).await?;
    check_in_view(client, 4).await?;
    let glyph: Value = client
        .execute(
            "const label = document.querySelector('#turn-4 .answer-label'); \
             const icon = label.querySelector('svg'); \
             const before = getComputedStyle(label, '::before').content; \
             return {before, width: icon ? icon.getBoundingClientRect().width : 0, \
                     text: label.textContent};",
            Vec::new(),
        )
        .await?;
    check(
        matches!(glyph["before"].as_str(), Some("none" | "normal"))
            && glyph["width"].as_f64() > Some(0.0)
            && glyph["text"]
                .as_str()
                .is_some_and(|t| t.trim() == "Not in the corpus"),
        format!("the refusal's label uses a glyph font or shows no icon: {glyph}"),
    )?;
    let related = client
        .find_all(Locator::Css("#turn-4 .related .passage-snippet"))
        .await?;
    check(!related.is_empty(), "the refusal lists no related passages")?;
    for snippet in client
        .find_all(Locator::Css("#transcript .passage-snippet"))
        .await?
    {
        check_no_front_matter(&snippet.text().await?, "a listed passage")?;
    }
    element(client, "#turn-4 .related button.passage-open")
        .await?
        .click()
        .await?;
    highlighted_passage(client).await?;
    let panel = element(client, "#source-body").await?.text().await?;
    check_no_front_matter(&panel, "a related passage's context")?;
    axe.check(client, "a refusal and a computed answer").await?;
    element(client, "#close-panel").await?.click().await?;

    // The hostile page: its markup is shown as text and nothing of it runs or renders.
    ask(
        client,
        "What does the markup test page say about the script tag?",
        Sending::Enter,
    )
    .await?;
    let turn = finished_turn(client, 5).await?;
    check_in_view(client, 5).await?;
    check(
        turn.contains(SCRIPT_TAG),
        format!("the answer about the markup page does not show {SCRIPT_TAG:?} as text: {turn:?}"),
    )?;
    element(client, "#turn-5 button.cite, #turn-5 button.passage-open")
        .await?
        .click()
        .await?;
    highlighted_passage(client).await?;
    let panel = element(client, "#source-panel").await?.text().await?;
    for markup in [SCRIPT_TAG, IMG_TAG, JS_LINK] {
        check(
            panel.contains(markup),
            format!("the source panel does not show {markup:?} as text: {panel:?}"),
        )?;
    }
    check_nothing_runs(client).await?;
    // A document with a `url` is linked, to be opened apart from the page.
    let link: Value = client
        .execute(
            "const a = document.getElementById('source-link'); \
             return {shown: !a.hidden && a.offsetWidth > 0, href: a.href, text: a.textContent, \
                     target: a.target, rel: a.rel};",
            Vec::new(),
        )
        .await?;
    check(
        link["shown"] == true
            && link["href"] == "https://example.org/markup-test-page"
            && link["text"] == "Read the original at example.org"
            && link["target"] == "_blank"
            && link["rel"].as_str().is_some_and(|r| r.contains("noopener")),
        format!("the source panel does not link the document's url: {link}"),
    )?;
    element(client, "#close-panel").await?.click().await?;

    // A follow-up's first half, sent with the button.
    ask(
        client,
        "What was industrial added value in 2018?",
        Sending::Button,
    )
    .await?;
    finished_answer(client, 6).await?;
    check_in_view(client, 6).await?;
    save_screenshot(client, "browser-test.png").await?;

    // The export: the conversation as Markdown with its sources, content as text.
    let markdown = exported_markdown(client).await?;
    for needle in [
        "# Questions on 2 articles",
        "## 1. tertiary growth since 1949",
        "## 6. What was industrial added value in 2018?",
        "Sources:",
        "- [1] Lanzhou's industries (China Daily, 26 November 2019)",
        "17,500",
        "*Not in the corpus.*",
    ] {
        check(
            markdown.contains(needle),
            format!("the export lacks {needle:?}:\n{markdown}"),
        )?;
    }
    check(
        !markdown.contains("<script>") && !markdown.contains("](javascript:"),
        format!("the export lets markup through:\n{markdown}"),
    )?;

    // The conversation is kept across a reload, its session too; ↑ recalls the last
    // question.
    let before = element(client, "#transcript").await?.text().await?;
    client.refresh().await?;
    page_ready(client).await?;
    let after = element(client, "#transcript").await?.text().await?;
    check(
        after == before,
        format!("the reloaded conversation differs:\n{before}\n---\n{after}"),
    )?;
    let question = element(client, "#question").await?;
    question.click().await?;
    question.send_keys(&Key::Up).await?;
    let recalled = question.prop("value").await?.unwrap_or_default();
    check(
        recalled == "What was industrial added value in 2018?",
        format!("↑ did not recall the last question: {recalled:?}"),
    )?;
    question.clear().await?;
    ask(client, "And in 1949?", Sending::Enter).await?;
    let follow_up = finished_answer(client, 7).await?;
    check(
        follow_up.contains("6 million"),
        format!("the follow-up \"And in 1949?\" after a reload lacks \"6 million\": {follow_up:?}"),
    )?;
    check_in_view(client, 7).await?;

    // Dark mode, on the desktop and with the panel open.
    cdp.prefers_dark(true).await?;
    check(
        script_is_true(
            client,
            "return matchMedia('(prefers-color-scheme: dark)').matches",
        )
        .await?,
        "dark mode could not be emulated",
    )?;
    element(client, "#turn-7 .answer-text button.cite")
        .await?
        .click()
        .await?;
    highlighted_passage(client).await?;
    axe.check(client, "the conversation in dark mode").await?;
    save_screenshot(client, "browser-test-dark.png").await?;
    element(client, "#close-panel").await?.click().await?;
    cdp.prefers_dark(false).await?;

    // Phone width: nothing scrolls sideways, a new answer is in view, light and dark.
    for (width, height) in [PHONE, NARROW] {
        client.set_window_size(width, height).await?;
        wait_for(
            client,
            &format!("the page to reflow at {width}px"),
            || async {
                let inner = client
                    .execute("return window.innerWidth", Vec::new())
                    .await?;
                Ok((inner.as_u64() <= Some(u64::from(width) + 10)).then_some(()))
            },
        )
        .await?;
        check(
            script_is_true(
                client,
                "return document.documentElement.scrollWidth <= window.innerWidth",
            )
            .await?,
            format!("the page scrolls sideways at {width}px"),
        )?;
    }
    client.set_window_size(PHONE.0, PHONE.1).await?;
    ask(client, "When was the First Five-Year Plan?", Sending::Enter).await?;
    finished_answer(client, 8).await?;
    check_in_view(client, 8).await?;
    axe.check(client, "the phone width").await?;
    cdp.prefers_dark(true).await?;
    axe.check(client, "the phone width in dark mode").await?;
    cdp.prefers_dark(false).await?;
    element(client, "#turn-8 .answer-text button.cite")
        .await?
        .click()
        .await?;
    highlighted_passage(client).await?;
    client
        .execute(
            "document.getElementById('source-panel').scrollIntoView()",
            Vec::new(),
        )
        .await?;
    save_screenshot(client, "browser-test-390.png").await?;

    // A new conversation clears the transcript, and the kept copy with it.
    client.set_window_size(DESKTOP.0, DESKTOP.1).await?;
    element(client, "#new-conversation").await?.click().await?;
    check(
        client
            .find_all(Locator::Css("#transcript > li"))
            .await?
            .is_empty(),
        "\"New conversation\" leaves the transcript in place",
    )?;
    check(
        element(client, "#intro").await?.is_displayed().await?,
        "\"New conversation\" does not show the example questions again",
    )?;
    client.refresh().await?;
    page_ready(client).await?;
    check(
        client
            .find_all(Locator::Css("#transcript > li"))
            .await?
            .is_empty(),
        "a cleared conversation comes back after a reload",
    )?;

    let problems = console_problems(client, driver_port).await?;
    check(
        problems.is_empty(),
        format!("the browser console reported errors or CSP violations: {problems:#?}"),
    )
}

/// The desktop and phone window sizes the page is checked at, and the narrowest width.
const DESKTOP: (u32, u32) = (1280, 800);
const PHONE: (u32, u32) = (390, 844);
const NARROW: (u32, u32) = (320, 700);

mod support;
use support::*;
