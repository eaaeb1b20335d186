//! What the browser test drives the page with: waiting, pressing keys, reading answers,
//! axe-core and the DevTools protocol, the server and chromedriver it starts.

use super::*;

/// Waits until the page has loaded its corpus list and any kept conversation.
pub(super) async fn page_ready(client: &Client) -> TestResult {
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
pub(super) async fn press(client: &Client, key: char) -> TestResult {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(keys).await?;
    Ok(())
}

/// The left edge of an element, in CSS pixels.
pub(super) async fn left_edge(client: &Client, css: &str) -> TestResult<f64> {
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
pub(super) async fn check_citation_names(client: &Client) -> TestResult {
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
pub(super) fn check_no_front_matter(text: &str, what: &str) -> TestResult {
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
pub(super) async fn check_in_view(client: &Client, n: usize) -> TestResult {
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
pub(super) async fn check_nothing_runs(client: &Client) -> TestResult {
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
pub(super) async fn exported_markdown(client: &Client) -> TestResult<String> {
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
pub(super) struct Axe {
    source: String,
}

impl Axe {
    pub(super) fn load() -> TestResult<Axe> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assets/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(Axe { source })
    }

    /// Runs axe on the page as it is and fails on any serious or critical finding, and on
    /// any `heading-order` or `landmark-unique` finding whatever its impact.
    pub(super) async fn check(&self, client: &Client, state: &str) -> TestResult {
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
pub(super) struct Cdp {
    url: String,
}

impl Cdp {
    pub(super) async fn new(client: &Client, driver_port: u16) -> TestResult<Cdp> {
        let session = client
            .session_id()
            .await?
            .ok_or("the WebDriver session has no id")?;
        Ok(Cdp {
            url: format!("http://127.0.0.1:{driver_port}/session/{session}/goog/cdp/execute"),
        })
    }

    /// Emulates `prefers-color-scheme: dark` (or light).
    pub(super) async fn prefers_dark(&self, dark: bool) -> TestResult {
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
pub(super) enum Sending {
    Enter,
    Button,
}

/// Types a question into the question box and sends it.
pub(super) async fn ask(client: &Client, text: &str, send: Sending) -> TestResult {
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
pub(super) async fn finished_answer(client: &Client, n: usize) -> TestResult<String> {
    let answer = finished_answer_element(client, n).await?;
    Ok(answer
        .find(Locator::Css(".answer-text"))
        .await?
        .text()
        .await?)
}

/// Waits until answer `n` has finished and returns the whole turn's text: the question,
/// the answer, its working, sources and related passages.
pub(super) async fn finished_turn(client: &Client, n: usize) -> TestResult<String> {
    finished_answer_element(client, n).await?;
    Ok(element(client, &format!("#turn-{n}")).await?.text().await?)
}

pub(super) async fn finished_answer_element(client: &Client, n: usize) -> TestResult<Element> {
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
pub(super) async fn highlighted_passage(client: &Client) -> TestResult<String> {
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
pub(super) async fn wait_for<T, F, Fut>(client: &Client, what: &str, mut probe: F) -> TestResult<T>
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
pub(super) async fn element(client: &Client, css: &str) -> TestResult<Element> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no element matches {css:?}: {e}").into())
}

/// Runs a script in the page and returns true if and only if it returned `true`.
pub(super) async fn script_is_true(client: &Client, script: &str) -> TestResult<bool> {
    Ok(client.execute(script, Vec::new()).await? == Value::Bool(true))
}

pub(super) fn check(condition: bool, failure: impl Into<String>) -> TestResult {
    if condition {
        Ok(())
    } else {
        Err(failure.into().into())
    }
}

/// Saves a screenshot of the window to `target/{name}`.
pub(super) async fn save_screenshot(client: &Client, name: &str) -> TestResult {
    let png = client.screenshot().await?;
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target)?;
    std::fs::write(target.join(name), png)?;
    Ok(())
}

/// Returns the browser console entries at level SEVERE: script errors, failed loads and
/// Content-Security-Policy violations. The log is read through chromedriver's own endpoint,
/// which WebDriver itself does not have.
pub(super) async fn console_problems(client: &Client, driver_port: u16) -> TestResult<Vec<String>> {
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
pub(super) struct Server {
    pub(super) url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub(super) async fn start(scratch: &Path) -> TestResult<Server> {
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

    pub(super) async fn stop(self) -> TestResult {
        let _ = self.stop.send(());
        self.task.await??;
        Ok(())
    }
}

pub(super) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A chromedriver process, ended (with the browsers it started) when dropped, so a
/// failing test leaves no browser behind.
pub(super) struct Chromedriver {
    child: Child,
    pub(super) port: u16,
}

impl Chromedriver {
    pub(super) fn spawn(scratch: &Path) -> TestResult<Chromedriver> {
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
    pub(super) async fn connect(&mut self, profile: &Path) -> TestResult<Client> {
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
pub(super) fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
