//! The end-to-end browser test: the chat page in headless Chromium, driven over WebDriver
//! (chromedriver), against the real server on a local port over the repository corpus plus
//! a hostile fixture page full of markup.
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
async fn the_chat_page_streams_cited_answers_keeps_the_conversation_and_shows_markup_as_text()
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
    client.goto(&format!("{base}/")).await?;
    let question = wait_for(client, "the question box", || async {
        Ok(client.find(Locator::Css("#question")).await.ok())
    })
    .await?;
    let examples = client
        .find_all(Locator::Css("#intro button.example"))
        .await?;
    check(
        examples.len() == 4,
        format!(
            "the empty page shows {} example questions, not 4",
            examples.len()
        ),
    )?;

    // Shift+Enter starts a new line instead of sending.
    question.send_keys("tertiary growth").await?;
    question.send_keys(&(Key::Shift + &Key::Enter)).await?;
    let typed = question.prop("value").await?.unwrap_or_default();
    let turns = client.find_all(Locator::Css("#transcript > li")).await?;
    check(
        typed == "tertiary growth\n" && turns.is_empty(),
        format!("Shift+Enter sent the question or added no line: {typed:?}"),
    )?;
    question.clear().await?;

    // A first question, sent with Enter: a streamed answer with a citation, announced.
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

    // Its citation opens the cited sentence, highlighted in its paragraph; Escape closes
    // the panel and gives focus back to the citation.
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
    check(
        script_is_true(
            client,
            "return document.activeElement.closest('#source-panel') !== null",
        )
        .await?,
        "opening a citation does not move focus into the source panel",
    )?;
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

    // A follow-up in the same conversation, sent with the button.
    ask(
        client,
        "What was industrial added value in 2018?",
        Sending::Button,
    )
    .await?;
    finished_answer(client, 2).await?;
    ask(client, "And in 1949?", Sending::Enter).await?;
    let follow_up = finished_answer(client, 3).await?;
    check(
        follow_up.contains("6 million"),
        format!("the follow-up \"And in 1949?\" lacks \"6 million\": {follow_up:?}"),
    )?;

    // The hostile page: its markup is shown as text and nothing of it runs or renders.
    ask(
        client,
        "What does the markup test page say about the script tag?",
        Sending::Enter,
    )
    .await?;
    let turn = finished_turn(client, 4).await?;
    check(
        turn.contains(SCRIPT_TAG),
        format!("the answer about the markup page does not show {SCRIPT_TAG:?} as text: {turn:?}"),
    )?;
    element(client, "#turn-4 button.cite, #turn-4 button.passage-open")
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
    let links = client
        .find_all(Locator::Css("#transcript a, #source-panel a"))
        .await?;
    check(
        links.is_empty(),
        format!("{} links came from content", links.len()),
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
    )?;

    save_screenshot(client, "browser-test.png").await?;

    // Phone width: nothing overflows sideways.
    client.set_window_size(375, 812).await?;
    wait_for(client, "the page to reflow at 375px", || async {
        Ok(script_is_true(client, "return window.innerWidth <= 400")
            .await?
            .then_some(()))
    })
    .await?;
    check(
        script_is_true(
            client,
            "return document.documentElement.scrollWidth <= window.innerWidth",
        )
        .await?,
        "the page scrolls sideways at 375px",
    )?;
    client
        .execute(
            "document.getElementById('source-panel').scrollIntoView()",
            Vec::new(),
        )
        .await?;
    save_screenshot(client, "browser-test-375.png").await?;

    // A new conversation clears the transcript and shows the examples again.
    client.set_window_size(1280, 900).await?;
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

    let problems = console_problems(client, driver_port).await?;
    check(
        problems.is_empty(),
        format!("the browser console reported errors or CSP violations: {problems:#?}"),
    )
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
