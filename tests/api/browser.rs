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

/// Waits until the page has loaded its corpus list and any kept conversation.
async fn page_ready(client: &Client) -> TestResult {
    wait_for(client, "the page to be ready", || async {
        Ok(script_is_true(
            client,
            "return document.documentElement.dataset.ready === 'true'",
        )
        .await?
        .then_some(()))
    })
    .await
}

/// Presses and releases one key on whatever has focus.
async fn press(client: &Client, key: char) -> TestResult {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await?;
    Ok(())
}

/// The left edge of an element, in CSS pixels.
async fn left_edge(client: &Client, css: &str) -> TestResult<f64> {
    let left = client
        .execute(
            "return document.querySelector(arguments[0]).getBoundingClientRect().left",
            vec![json!(css)],
        )
        .await?;
    left.as_f64()
        .ok_or_else(|| format!("no left edge for {css}: {left}").into())
}

/// Checks that every citation button of an answer has its own accessible name, naming
/// its sentence rather than only the document.
async fn check_citation_names(client: &Client) -> TestResult {
    let names: Vec<Vec<String>> = serde_json::from_value(
        client
            .execute(
                "return [...document.querySelectorAll('#transcript article.answer')].map(a => \
                 [...a.querySelectorAll('.answer-text button.cite, button.passage-open')] \
                 .map(b => b.getAttribute('aria-label') || b.textContent))",
                Vec::new(),
            )
            .await?,
    )?;
    for names in &names {
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        let answer_text: Vec<&String> = names.iter().filter(|n| n.starts_with("Source ")).collect();
        let mut distinct = answer_text.clone();
        distinct.sort();
        distinct.dedup();
        check(
            distinct.len() == answer_text.len() && unique.len() == names.len(),
            format!("citation buttons share accessible names: {names:?}"),
        )?;
        for name in names {
            check(
                !name.ends_with(": Lanzhou's industries") && name.split_whitespace().count() > 4,
                format!("a citation button names only its document: {name:?}"),
            )?;
        }
    }
    Ok(())
}

/// Fails when a text shows front matter: a `---` fence or a `key: value` metadata line.
fn check_no_front_matter(text: &str, what: &str) -> TestResult {
    let front = text.lines().any(|line| {
        let line = line.trim();
        line == "---"
            || ["title:", "source:", "date:", "place:", "url:"]
                .iter()
                .any(|key| line.starts_with(key))
    });
    check(!front, format!("{what} shows front matter: {text:?}"))
}

/// Waits until answer `n` is in view: its turn just under the header and a good part of
/// the answer above the question box.
async fn check_in_view(client: &Client, n: usize) -> TestResult {
    let script = format!(
        "const turn = document.getElementById('turn-{n}').getBoundingClientRect(); \
         const answer = document.querySelector('#turn-{n} article.answer').getBoundingClientRect(); \
         const header = document.getElementById('masthead').getBoundingClientRect(); \
         const ask = document.getElementById('ask-form').getBoundingClientRect(); \
         const shown = Math.min(answer.bottom, ask.top) - Math.max(answer.top, header.bottom); \
         return {{turnTop: turn.top, headerBottom: header.bottom, askTop: ask.top, \
                  answerTop: answer.top, answerHeight: answer.height, shown}};"
    );
    let deadline = Instant::now() + PATIENCE;
    loop {
        let m = client.execute(&script, Vec::new()).await?;
        let get = |key: &str| m[key].as_f64().unwrap_or(f64::NAN);
        let in_view = get("turnTop") >= get("headerBottom") - 1.0
            && get("turnTop") <= get("headerBottom") + 40.0
            && get("shown") >= get("answerHeight").min(240.0) - 1.0;
        if in_view {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(format!("answer {n} is not scrolled into view: {m}").into());
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Checks that nothing from content ran or rendered as markup.
async fn check_nothing_runs(client: &Client) -> TestResult {
    match client.get_alert_text().await {
        Err(e) if e.is_no_such_alert() => {}
        Ok(text) => return Err(format!("an alert dialog is open: {text:?}").into()),
        Err(e) => return Err(e.into()),
    }
    let images = client.find_all(Locator::Css("img")).await?;
    check(
        images.is_empty(),
        format!("{} img elements came from content", images.len()),
    )?;
    // The only links are the documents' own web addresses (http or https), if any.
    check(
        !script_is_true(
            client,
            "return [...document.querySelectorAll('#transcript a, #source-panel a')] \
             .some(a => !a.hidden && !/^https?:/.test(a.href))",
        )
        .await?,
        "a link came from content",
    )?;
    check(
        script_is_true(client, "return document.scripts.length === 1").await?,
        "a script element came from content",
    )?;
    check(
        !script_is_true(
            client,
            "return [...document.querySelectorAll('*')].some(el => \
             [...el.attributes].some(a => a.name.startsWith('on') \
             || /^\\s*javascript:/i.test(a.value)))",
        )
        .await?,
        "an event-handler attribute or javascript: URL came from content",
    )
}

/// Clicks "Export" and returns the Markdown file it offers, read from the blob it creates.
async fn exported_markdown(client: &Client) -> TestResult<String> {
    client
        .execute(
            "window.exportedBlobs = []; \
             const create = URL.createObjectURL.bind(URL); \
             URL.createObjectURL = (blob) => { window.exportedBlobs.push(blob); return create(blob); };",
            Vec::new(),
        )
        .await?;
    element(client, "#export").await?.click().await?;
    let text = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const blob = window.exportedBlobs[0]; \
             if (!blob) { done(null); return; } \
             blob.text().then((text) => done({type: blob.type, text}));",
            Vec::new(),
        )
        .await?;
    check(
        text["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("text/markdown")),
        format!("\"Export\" offered no Markdown file: {text}"),
    )?;
    Ok(text["text"].as_str().unwrap_or_default().to_string())
}

/// axe-core, vendored in `tests/assets/axe-core/`, run in the page.
struct Axe {
    source: String,
}

impl Axe {
    fn load() -> TestResult<Axe> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(Axe { source })
    }

    /// Runs axe on the page as it is and fails on any serious or critical finding, and on
    /// any `heading-order` or `landmark-unique` finding whatever its impact.
    async fn check(&self, client: &Client, state: &str) -> TestResult {
        let loaded = client
            .execute("return typeof window.axe === 'object'", Vec::new())
            .await?;
        if loaded != Value::Bool(true) {
            client
                .execute(&format!("{}\n;return true;", self.source), Vec::new())
                .await?;
        }
        let result = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 axe.run(document, {resultTypes: ['violations']}) \
                   .then((r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, \
                     help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})))) \
                   .catch((e) => done({error: String(e)}));",
                Vec::new(),
            )
            .await?;
        if let Some(error) = result.get("error") {
            return Err(format!("axe failed on {state}: {error}").into());
        }
        let findings: Vec<Value> = serde_json::from_value(result)?;
        let failing: Vec<&Value> = findings
            .iter()
            .filter(|f| {
                matches!(f["impact"].as_str(), Some("serious" | "critical"))
                    || matches!(f["id"].as_str(), Some("heading-order" | "landmark-unique"))
            })
            .collect();
        check(
            failing.is_empty(),
            format!("axe finds on {state}: {failing:#?}"),
        )
    }
}

/// Chrome DevTools commands, through chromedriver's own endpoint.
struct Cdp {
    url: String,
}

impl Cdp {
    async fn new(client: &Client, driver_port: u16) -> TestResult<Cdp> {
        let session = client
            .session_id()
            .await?
            .ok_or("the WebDriver session has no id")?;
        Ok(Cdp {
            url: format!("http://127.0.0.1:{driver_port}/session/{session}/goog/cdp/execute"),
        })
    }

    /// Emulates `prefers-color-scheme: dark` (or light).
    async fn prefers_dark(&self, dark: bool) -> TestResult {
        let scheme = if dark { "dark" } else { "light" };
        reqwest::Client::new()
            .post(&self.url)
            .json(&json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
            }))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

/// How a question is sent.
enum Sending {
    Enter,
    Button,
}

/// Types a question into the question box and sends it.
async fn ask(client: &Client, text: &str, send: Sending) -> TestResult {
    let question = element(client, "#question").await?;
    question.send_keys(text).await?;
    match send {
        Sending::Enter => question.send_keys(&Key::Enter).await?,
        Sending::Button => element(client, "#send").await?.click().await?,
    }
    Ok(())
}

/// Waits until answer `n` (from 1) has finished streaming and returns its text; fails when
/// it ends in an error.
async fn finished_answer(client: &Client, n: usize) -> TestResult<String> {
    let answer = finished_answer_element(client, n).await?;
    Ok(answer
        .find(Locator::Css(".answer-text"))
        .await?
        .text()
        .await?)
}

/// Waits until answer `n` has finished and returns the whole turn's text: the question,
/// the answer, its working, sources and related passages.
async fn finished_turn(client: &Client, n: usize) -> TestResult<String> {
    finished_answer_element(client, n).await?;
    Ok(element(client, &format!("#turn-{n}")).await?.text().await?)
}

async fn finished_answer_element(client: &Client, n: usize) -> TestResult<Element> {
    let selector = format!("#turn-{n} article.answer:not([data-state='streaming'])");
    let answer = wait_for(client, &format!("answer {n} to finish"), || async {
        Ok(client.find(Locator::Css(&selector)).await.ok())
    })
    .await?;
    if answer.attr("data-state").await?.as_deref() != Some("done") {
        return Err(format!("answer {n} failed: {:?}", answer.text().await?).into());
    }
    Ok(answer)
}

/// Waits until the source panel shows a highlighted passage and returns the highlighted text.
async fn highlighted_passage(client: &Client) -> TestResult<String> {
    let mark = wait_for(
        client,
        "a highlighted passage in the source panel",
        || async {
            Ok(client
                .find(Locator::Css(
                    "#source-panel:not([hidden]) #source-body mark",
                ))
                .await
                .ok())
        },
    )
    .await?;
    Ok(mark.text().await?)
}

/// Polls `probe` until it returns Some, failing after [`PATIENCE`].
async fn wait_for<T, F, Fut>(client: &Client, what: &str, mut probe: F) -> TestResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = TestResult<Option<T>>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe().await? {
            return Ok(found);
        }
        if Instant::now() >= deadline {
            let page = element(client, "body")
                .await?
                .text()
                .await
                .unwrap_or_default();
            return Err(format!("timed out waiting for {what}; the page shows:\n{page}").into());
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// Returns the first element that matches a CSS selector, with a readable error when none
/// does.
async fn element(client: &Client, css: &str) -> TestResult<Element> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no element matches {css:?}: {e}").into())
}

/// Runs a script in the page and returns true if and only if it returned `true`.
async fn script_is_true(client: &Client, script: &str) -> TestResult<bool> {
    Ok(client.execute(script, Vec::new()).await? == Value::Bool(true))
}

fn check(condition: bool, failure: impl Into<String>) -> TestResult {
    if condition {
        Ok(())
    } else {
        Err(failure.into().into())
    }
}

/// Saves a screenshot of the window to `target/{name}`.
async fn save_screenshot(client: &Client, name: &str) -> TestResult {
    let png = client.screenshot().await?;
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target)?;
    std::fs::write(target.join(name), png)?;
    Ok(())
}

/// Returns the browser console entries at level SEVERE: script errors, failed loads and
/// Content-Security-Policy violations. The log is read through chromedriver's own endpoint,
/// which WebDriver itself does not have.
async fn console_problems(client: &Client, driver_port: u16) -> TestResult<Vec<String>> {
    let session = client
        .session_id()
        .await?
        .ok_or("the WebDriver session has no id")?;
    let url = format!("http://127.0.0.1:{driver_port}/session/{session}/se/log");
    let log: Value = reqwest::Client::new()
        .post(url)
        .json(&json!({"type": "browser"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let entries = log["value"]
        .as_array()
        .ok_or("the browser log is not a list")?;
    Ok(entries
        .iter()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
        .collect())
}

/// The server under test, over a corpus of the repository's files plus the fixtures.
struct Server {
    url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(scratch: &Path) -> TestResult<Server> {
        let corpus = scratch.join("corpus");
        std::fs::create_dir(&corpus)?;
        for entry in std::fs::read_dir(crate::helpers::corpus_dir())? {
            let path = entry?.path();
            if let (true, Some(name)) = (path.is_file(), path.file_name()) {
                std::fs::copy(&path, corpus.join(name))?;
            }
        }
        std::fs::copy(fixtures_dir().join("hostile.md"), corpus.join("hostile.md"))?;
        let engine = Engine::open(&EngineConfig {
            corpus_dir: corpus,
            index_dir: scratch.join("index"),
        })?;

        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = stopped.await;
        };
        let task = tokio::spawn(http::serve(
            listener,
            Arc::new(engine),
            ServerOptions::default(),
            shutdown,
        ));
        Ok(Server { url, stop, task })
    }

    async fn stop(self) -> TestResult {
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A chromedriver process, ended (with the browsers it started) when dropped, so a
/// failing test leaves no browser behind.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    fn spawn(scratch: &Path) -> TestResult<Chromedriver> {
        let port = free_port()?;
        let mut command = Command::new(CHROMEDRIVER);
        command
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                scratch.join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that dropping the guard can end Chromium too.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        Ok(Chromedriver {
            child: command.spawn()?,
            port,
        })
    }

    /// Waits for chromedriver to listen, then starts a headless Chromium session with a
    /// fresh profile in `profile`.
    async fn connect(&mut self, profile: &Path) -> TestResult<Client> {
        let deadline = Instant::now() + PATIENCE;
        while tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))
            .await
            .is_err()
        {
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("chromedriver exited at start: {status}").into());
            }
            if Instant::now() >= deadline {
                return Err("chromedriver did not start listening".into());
            }
            tokio::time::sleep(POLL_EVERY).await;
        }

        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            // Without these, Chromium's own connections to the outside are refused on a
            // closed network and slow every page down.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .map(String::from)
        .into_iter()
        .chain([format!("--user-data-dir={}", profile.display())])
        .collect::<Vec<_>>();
        let capabilities = json!({
            "browserName": "chrome",
            // Leave a dialog open, so the test can see that content opened none.
            "unhandledPromptBehavior": "ignore",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal is an object");
        };
        let capabilities: Capabilities = capabilities;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        Ok(client)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (see `spawn`); Chromium runs in that group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns a local port that was free a moment ago.
fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
