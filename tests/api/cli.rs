//! The command-line contract of the `lanzhou-qa` binary: `ask` prints what `POST /ask`
//! returns and exits 0 (answered), 1 (the corpus does not answer) or 2 (error, with a
//! message on standard error only); `search`, `facts` and `index` print what the engine
//! holds. Every run gets `--corpus` and a temporary `--index`, never the repository's.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::helpers::{self, post_json, send};

const BINARY: &str = env!("CARGO_BIN_EXE_lanzhou-qa");

/// The exit codes `src/main.rs` documents.
const ANSWERED: i32 = 0;
const NOT_ANSWERED: i32 = 1;
const ERROR: i32 = 2;

/// A question the repository corpus answers.
const TERTIARY: &str = "tertiary growth since 1949";
/// A question the repository corpus does not answer.
const UNEMPLOYMENT: &str = "What was Lanzhou's unemployment rate in 2018?";

/// A finished run of the binary, with its output as text.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Standard output parsed as JSON; panics with both streams when it is not.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is JSON ({e}); exit {:?}\nstdout: {}\nstderr: {}",
                self.code, self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing both streams when it differs.
    fn assert_code(&self, expected: i32) {
        assert_eq!(
            self.code,
            Some(expected),
            "exit code\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
    }
}

/// A temporary index folder (not yet created) for one test's runs.
struct IndexDir {
    dir: tempfile::TempDir,
}

impl IndexDir {
    fn new() -> IndexDir {
        IndexDir {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("index")
    }
}

/// Runs the binary with `args` followed by `--corpus corpus --index index`.
fn run(args: &[&str], corpus: &Path, index: &Path) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(BINARY)
        .args(args)
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .env("RUST_LOG", "warn")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Run {
        code: status.code(),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the binary over the repository corpus with a fresh temporary index.
fn run_on_repo_corpus(args: &[&str]) -> Run {
    let index = IndexDir::new();
    run(args, &helpers::corpus_dir(), &index.path())
}

/// A reply without its `session`, which is random in every reply.
fn without_session(mut reply: Value) -> Value {
    let session = reply
        .as_object_mut()
        .expect("a reply is a JSON object")
        .remove("session");
    assert!(
        session.as_ref().is_some_and(Value::is_string),
        "a reply has a session: {reply}"
    );
    reply
}

#[tokio::test]
async fn ask_json_prints_exactly_what_post_ask_returns() {
    let (app, _index) = helpers::app();
    let questions = [
        (TERTIARY, ANSWERED),
        (UNEMPLOYMENT, NOT_ANSWERED),
        (
            "What is the CAGR of tertiary industry added value from 1949 to 2018?",
            ANSWERED,
        ),
    ];
    for (question, code) in questions {
        let cli = run_on_repo_corpus(&["ask", "--json", question]);
        cli.assert_code(code);
        let body = json!({ "question": question }).to_string();
        let response = send(&app, post_json("/ask", body)).await;
        assert_eq!(response.status, axum::http::StatusCode::OK, "{question}");
        assert_eq!(
            without_session(cli.json()),
            without_session(response.json()),
            "CLI and POST /ask differ for {question:?}"
        );
    }
}

#[test]
fn an_answered_question_exits_0_with_the_figure_and_its_citation() {
    let cli = run_on_repo_corpus(&["ask", "--json", TERTIARY]);
    cli.assert_code(ANSWERED);
    let reply = cli.json();
    assert_eq!(reply["answered"], true);
    let answer = reply["answer"].as_str().expect("an answer");
    assert!(answer.contains("17,500"), "{answer}");
    let citations = reply["citations"].as_array().expect("citations");
    assert!(
        citations.iter().any(|c| c["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("17,500 times"))),
        "{citations:?}"
    );
}

#[test]
fn plain_ask_prints_the_answer_then_numbered_citations() {
    let cli = run_on_repo_corpus(&["ask", TERTIARY]);
    cli.assert_code(ANSWERED);
    let mut lines = cli.stdout.lines();
    let answer = lines.next().expect("an answer line");
    assert!(answer.contains("17,500"), "{}", cli.stdout);
    let citation = lines.next().expect("a citation line");
    assert!(
        citation.starts_with("[1] lanzhou-industries (") && citation.contains("17,500 times"),
        "{}",
        cli.stdout
    );
}

#[test]
fn plain_ask_ends_with_the_suggested_questions_and_a_greeting_gets_three() {
    let cli = run_on_repo_corpus(&["ask", "hello"]);
    cli.assert_code(ANSWERED);
    assert!(cli.stdout.starts_with("Hello."), "{}", cli.stdout);
    let suggested: Vec<&str> = cli
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("you could ask: "))
        .collect();
    assert_eq!(suggested.len(), 3, "{}", cli.stdout);
    assert!(
        cli.stdout.trim_end().ends_with(suggested[2]),
        "{}",
        cli.stdout
    );
}

#[test]
fn a_question_the_corpus_does_not_answer_exits_1() {
    let cli = run_on_repo_corpus(&["ask", "--json", UNEMPLOYMENT]);
    cli.assert_code(NOT_ANSWERED);
    let reply = cli.json();
    assert_eq!(reply["answered"], false, "{reply}");
    assert!(
        reply["answer"].as_str().is_some_and(|a| !a.is_empty()),
        "a refusal still says why: {reply}"
    );

    let plain = run_on_repo_corpus(&["ask", UNEMPLOYMENT]);
    plain.assert_code(NOT_ANSWERED);
    assert!(!plain.stdout.trim().is_empty());
}

/// Asserts a run failed with exit code 2, a message on standard error that contains
/// `message`, and nothing on standard output.
fn assert_error(cli: &Run, message: &str) {
    cli.assert_code(ERROR);
    assert_eq!(cli.stdout, "", "nothing on stdout");
    assert!(
        cli.stderr.contains("lanzhou-qa: error:") && cli.stderr.contains(message),
        "stderr names the fault ({message:?}): {}",
        cli.stderr
    );
}

#[test]
fn a_blank_or_overlong_question_exits_2_with_a_message_on_stderr() {
    let index = IndexDir::new();
    let corpus = helpers::corpus_dir();
    let blank = run(&["ask", "--json", "  "], &corpus, &index.path());
    assert_error(&blank, "blank");
    let long = "a".repeat(1001);
    let overlong = run(&["ask", "--json", &long], &corpus, &index.path());
    assert_error(&overlong, "1001 characters");
    let plain = run(&["ask", "\t\n"], &corpus, &index.path());
    assert_error(&plain, "blank");
    assert!(
        !index.path().exists(),
        "a bad question is refused before the index is built"
    );
}

#[test]
fn a_bad_session_id_exits_2() {
    let cli = run_on_repo_corpus(&["ask", "--session", "no spaces/allowed", TERTIARY]);
    assert_error(&cli, "session");
}

#[test]
fn an_unreadable_corpus_folder_exits_2_for_every_command() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let missing = dir.path().join("no-such-corpus");
    let not_a_folder = dir.path().join("corpus.md");
    std::fs::write(&not_a_folder, "The corpus must be a folder.\n").expect("write a file");
    let index = dir.path().join("index");
    for corpus in [&missing, &not_a_folder] {
        for args in [
            &["ask", "--json", TERTIARY][..],
            &["ask", TERTIARY],
            &["search", "--json", "ecological"],
            &["facts", "--json"],
            &["index"],
        ] {
            let cli = run(args, corpus, &index);
            assert_error(&cli, "cannot read the corpus folder");
            assert_eq!(
                cli.stderr.matches("os error").count(),
                1,
                "the OS error is named once: {}",
                cli.stderr
            );
        }
    }
}

#[test]
fn search_and_facts_say_on_stderr_when_they_find_nothing() {
    let search = run_on_repo_corpus(&["search", "zzyzx qwxv"]);
    search.assert_code(0);
    assert_eq!(search.stdout, "");
    assert!(
        search.stderr.contains("no passage matches \"zzyzx qwxv\""),
        "{}",
        search.stderr
    );
    let facts = run_on_repo_corpus(&["facts", "--subject", "unemployment", "--year", "2018"]);
    facts.assert_code(0);
    assert_eq!(facts.stdout, "");
    assert!(
        facts
            .stderr
            .contains("no fact matches subject \"unemployment\", year 2018"),
        "{}",
        facts.stderr
    );
    let found = run_on_repo_corpus(&["facts", "--subject", "services"]);
    assert!(
        found.stdout.contains("tertiary industry"),
        "{}",
        found.stdout
    );
    assert_eq!(found.stderr, "", "nothing on stderr when rows are found");
}

#[test]
fn an_mcp_client_that_leaves_before_the_handshake_is_no_error() {
    let index = IndexDir::new();
    let output = Command::new(BINARY)
        .arg("mcp")
        .arg("--corpus")
        .arg(helpers::corpus_dir())
        .arg("--index")
        .arg(index.path())
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn request_logs_leave_the_question_out_at_info() {
    let index = IndexDir::new();
    let server = Server::start(&helpers::corpus_dir(), &index.path(), LaterLog::Drained);
    let response = reqwest::get(format!(
        "{}/ask?question=How%20many%20quokkas%20live%20there",
        server.address
    ))
    .await
    .expect("GET /ask");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let log = server.log_once("for the request", |l| {
        l.contains("path=/ask") && l.contains("status=200")
    });
    assert!(
        !log.iter().any(|line| line.contains("quokkas")),
        "a question from the query string is in the INFO log: {log:#?}"
    );
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let index = IndexDir::new();
    let server = Server::start_with(
        &helpers::corpus_dir(),
        &index.path(),
        LaterLog::Drained,
        &["--addr", "127.0.0.1:0", "--log-format", "json"],
        &[("RUST_LOG", Some("info"))],
    );
    reqwest::get(format!("{}/healthz", server.address))
        .await
        .expect("GET /healthz");
    let log = server.log_once("for the request", |l| l.contains("/healthz"));
    for line in &log {
        let entry: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("a JSON log line ({e}): {line}"));
        assert!(entry["level"].is_string(), "{line}");
        assert!(entry["fields"].is_object(), "{line}");
    }
    assert!(
        log.iter()
            .any(|l| l.contains("\"message\":\"indexed") && l.contains("listening on")),
        "{log:#?}"
    );
}

#[tokio::test]
async fn the_address_may_come_from_lanzhou_qa_addr_or_port() {
    let index = IndexDir::new();
    let corpus = helpers::corpus_dir();
    let from_env = Server::start_with(
        &corpus,
        &index.path(),
        LaterLog::Drained,
        &[],
        &[
            ("LANZHOU_QA_ADDR", Some("127.0.0.1:0")),
            ("PORT", Some("1")),
        ],
    );
    assert!(
        from_env
            .startup_log
            .contains("listening on http://127.0.0.1:"),
        "LANZHOU_QA_ADDR comes before PORT: {}",
        from_env.startup_log
    );
    let from_port = Server::start_with(
        &corpus,
        &index.path(),
        LaterLog::Drained,
        &[],
        &[("PORT", Some("0"))],
    );
    assert!(
        from_port
            .startup_log
            .contains("listening on http://0.0.0.0:"),
        "PORT listens on every interface: {}",
        from_port.startup_log
    );
    for server in [&from_env, &from_port] {
        let health = reqwest::get(format!("{}/healthz", server.address))
            .await
            .expect("GET /healthz");
        assert_eq!(health.status(), reqwest::StatusCode::OK);
    }
}

#[tokio::test]
async fn an_mcp_client_that_discovers_and_leaves_leaves_no_warning() {
    use rmcp::ServiceExt;
    use rmcp::model::{CallToolRequestParams, ReadResourceRequestParams};

    let index = IndexDir::new();
    let server = Server::start_with(
        &helpers::corpus_dir(),
        &index.path(),
        LaterLog::Drained,
        &["--addr", "127.0.0.1:0"],
        &[("RUST_LOG", None)],
    );
    let transport =
        rmcp::transport::StreamableHttpClientTransport::from_uri(format!("{}/mcp", server.address));
    let client = ().serve(transport).await.expect("the MCP handshake");
    client.list_all_tools().await.expect("tools/list");
    client.list_all_resources().await.expect("resources/list");
    // A tool error, an unknown tool and an unknown resource: the client's mistakes.
    let mut arguments = serde_json::Map::new();
    arguments.insert("query".to_string(), json!("industry"));
    arguments.insert("limit".to_string(), json!(0));
    let refused = client
        .call_tool(CallToolRequestParams::new("search").with_arguments(arguments))
        .await
        .expect("a tool result");
    assert_eq!(refused.is_error, Some(true));
    assert!(
        client
            .call_tool(CallToolRequestParams::new("no-such-tool"))
            .await
            .is_err()
    );
    assert!(
        client
            .read_resource(ReadResourceRequestParams::new("lanzhou-qa://docs/none"))
            .await
            .is_err()
    );
    client.cancel().await.expect("the client leaves cleanly");
    let log = server.log_once("for the session's end", |l| {
        l.contains("method=DELETE") && l.contains("status=204")
    });
    let loud: Vec<&String> = log
        .iter()
        .filter(|l| l.contains(" WARN ") || l.contains(" ERROR "))
        .collect();
    assert!(loud.is_empty(), "warnings or errors: {loud:#?}");
}

#[test]
fn search_json_hits_quote_the_document_bytes_they_point_at() {
    let corpus = helpers::corpus_dir();
    let cli = run_on_repo_corpus(&["search", "--json", "ecological sectors"]);
    cli.assert_code(0);
    let body = cli.json();
    let hits = body["hits"].as_array().expect("a hits array");
    assert!(!hits.is_empty(), "{body}");
    assert!(hits.len() <= 5, "the default limit is 5: {body}");
    for hit in hits {
        let doc_id = hit["doc_id"].as_str().expect("doc_id");
        let start = hit["start"].as_u64().expect("start") as usize;
        let end = hit["end"].as_u64().expect("end") as usize;
        let text = std::fs::read_to_string(corpus.join(format!("{doc_id}.md")))
            .expect("the hit's document is a corpus file");
        assert_eq!(
            Some(hit["snippet"].as_str().expect("snippet")),
            text.get(start..end),
            "{hit}"
        );
    }
    let top = hits[0]["snippet"].as_str().expect("snippet");
    assert!(top.contains("ecological sectors"), "{top}");
}

#[test]
fn search_limit_is_honoured_and_bounded() {
    let one = run_on_repo_corpus(&["search", "--json", "--limit", "1", "industry"]);
    one.assert_code(0);
    assert_eq!(one.json()["hits"].as_array().map(Vec::len), Some(1));
    let too_many = run_on_repo_corpus(&["search", "--limit", "51", "industry"]);
    too_many.assert_code(ERROR);
    assert_eq!(too_many.stdout, "");
}

#[test]
fn facts_json_filters_by_subject_and_includes_the_17500_times_multiple() {
    let cli = run_on_repo_corpus(&["facts", "--json", "--subject", "tertiary"]);
    cli.assert_code(0);
    let body = cli.json();
    let facts = body["facts"].as_array().expect("a facts array");
    assert_eq!(body["count"].as_u64(), Some(facts.len() as u64));
    assert!(!facts.is_empty(), "{body}");
    for fact in facts {
        let subject = fact["subject"].as_str().expect("subject");
        assert!(subject.contains("tertiary"), "{fact}");
    }
    assert!(
        facts.iter().any(|f| f["kind"] == "multiple"
            && f["value"].as_f64() == Some(17_500.0)
            && f["base_year"] == 1949
            && f["surface"] == "17,500 times"),
        "{body}"
    );

    let none = run_on_repo_corpus(&["facts", "--json", "--subject", "no such subject"]);
    none.assert_code(0);
    assert_eq!(none.json()["count"], 0);
}

/// What happens to the server's standard error once it is listening.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LaterLog {
    /// Read and discarded, as a terminal or a log collector would.
    Drained,
    /// Closed, as when the reading end of a pipe goes away.
    Closed,
}

/// A `lanzhou-qa serve` child process, killed (by its handle) when dropped, so a failing
/// test leaves no server behind.
struct Server {
    child: Child,
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    address: String,
    /// Standard error up to and including the "listening on" line.
    startup_log: String,
    /// Every line of standard error read so far (all of it, when drained).
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `serve` on a free port and waits until it says where it listens.
    fn start(corpus: &Path, index: &Path, later: LaterLog) -> Server {
        let env = [("RUST_LOG", Some("info"))];
        Server::start_with(corpus, index, later, &["--addr", "127.0.0.1:0"], &env)
    }

    /// Starts `serve` with `args` after `--corpus` and `--index`, with environment
    /// variables set (`Some`) or removed (`None`), and waits until it says where it
    /// listens. An address on every interface (`0.0.0.0`) is reached at 127.0.0.1.
    fn start_with(
        corpus: &Path,
        index: &Path,
        later: LaterLog,
        args: &[&str],
        env: &[(&str, Option<&str>)],
    ) -> Server {
        let mut command = Command::new(BINARY);
        command
            .args(["serve", "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("LANZHOU_QA_ADDR")
            .env_remove("PORT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        let mut child = command.spawn().expect("the server starts");
        let mut lines = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
        let mut log = Vec::new();
        let mut address = None;
        for line in lines.by_ref() {
            let line = line.expect("a log line");
            if let Some(at) = line.find("listening on http://") {
                // The message ends with the address; the log's fields (or the rest of a
                // JSON line) follow it.
                let rest = &line[at + "listening on ".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || ":/.[]".contains(c)))
                    .unwrap_or(rest.len());
                address = Some(rest[..end].replace("0.0.0.0", "127.0.0.1"));
            }
            log.push(line);
            if address.is_some() {
                break;
            }
        }
        let startup_log = log.join("\n");
        let Some(address) = address else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server listens; its log:\n{startup_log}");
        };
        let log = Arc::new(Mutex::new(log));
        match later {
            LaterLog::Drained => {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    for line in lines.map_while(Result::ok) {
                        log.lock().expect("the log lock").push(line);
                    }
                });
            }
            LaterLog::Closed => drop(lines),
        }
        Server {
            child,
            address,
            startup_log,
            log,
        }
    }

    /// Waits until a log line satisfies `found` and returns the whole log; fails after a
    /// few seconds.
    fn log_once(&self, what: &str, found: impl Fn(&str) -> bool) -> Vec<String> {
        for _ in 0..100 {
            let log = self.log.lock().expect("the log lock").clone();
            if log.iter().any(|line| found(line)) {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!(
            "no log line {what}: {:#?}",
            self.log.lock().expect("the log lock")
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The one generation folder name `CURRENT` points at.
fn current_generation(index: &Path) -> String {
    std::fs::read_to_string(index.join("CURRENT"))
        .expect("the index has a CURRENT pointer")
        .trim()
        .to_string()
}

#[tokio::test]
async fn index_prints_its_counts_and_the_server_then_opens_it_without_rebuilding() {
    let corpus = helpers::corpus_dir();
    let index = IndexDir::new();
    let built = run(&["index"], &corpus, &index.path());
    built.assert_code(0);
    let counts = built.stdout.lines().next().expect("a counts line");
    let numbers: Vec<u64> = counts
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    assert!(
        counts.starts_with("indexed ") && counts.contains(" documents, ") && numbers.len() == 3,
        "indexed N documents, N passages and N facts into DIR: {counts}"
    );
    assert!(
        counts.ends_with(&index.path().display().to_string()),
        "{counts}"
    );
    let generation = current_generation(&index.path());

    let server = Server::start(&corpus, &index.path(), LaterLog::Drained);
    let log = &server.startup_log;
    assert!(log.contains("rebuilt=false"), "{log}");
    assert!(!log.contains("building the index"), "{log}");
    assert_eq!(current_generation(&index.path()), generation);

    let health: Value = reqwest::get(format!("{}/healthz", server.address))
        .await
        .expect("GET /healthz")
        .json()
        .await
        .expect("a JSON health body");
    let served = [
        health["documents"].as_u64(),
        health["passages"].as_u64(),
        health["facts"].as_u64(),
    ];
    assert_eq!(
        served.to_vec(),
        numbers.into_iter().map(Some).collect::<Vec<_>>(),
        "the server serves what `index` built: {health}"
    );
}

#[test]
fn index_rebuilds_even_a_fresh_index_and_lists_skipped_files() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    for entry in std::fs::read_dir(helpers::corpus_dir()).expect("the repository corpus") {
        let path = entry.expect("a corpus entry").path();
        std::fs::copy(&path, corpus.join(path.file_name().expect("a name"))).expect("copy");
    }
    std::fs::write(corpus.join("empty.md"), "").expect("write an empty document");
    let index = dir.path().join("index");
    let first = run(&["index"], &corpus, &index);
    first.assert_code(0);
    let before = current_generation(&index);
    let second = run(&["index"], &corpus, &index);
    second.assert_code(0);
    assert_ne!(
        current_generation(&index),
        before,
        "`index` always rebuilds"
    );
    assert!(
        second
            .stdout
            .lines()
            .any(|l| l.starts_with("skipped ") && l.contains("empty.md") && l.contains("empty")),
        "{}",
        second.stdout
    );
}

#[tokio::test]
async fn a_server_whose_log_pipe_is_closed_still_answers() {
    let index = IndexDir::new();
    let server = Server::start(&helpers::corpus_dir(), &index.path(), LaterLog::Closed);
    for _ in 0..2 {
        let response = reqwest::get(format!("{}/healthz", server.address))
            .await
            .expect("GET /healthz is answered");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
    }
}

#[test]
fn index_refuses_to_replace_an_index_with_an_emptied_corpus_unless_forced() {
    let index = IndexDir::new();
    let corpus = index.dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    let article = helpers::corpus_dir().join("lanzhou-industries.md");
    std::fs::copy(&article, corpus.join("lanzhou-industries.md")).expect("copy the article");
    run(&["index"], &corpus, &index.path()).assert_code(0);
    std::fs::remove_file(corpus.join("lanzhou-industries.md")).expect("empty the corpus");

    let refused = run(&["index"], &corpus, &index.path());
    refused.assert_code(ERROR);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    let asked = run(&["ask", TERTIARY], &corpus, &index.path());
    asked.assert_code(0);
    assert!(
        asked.stdout.contains("17,500"),
        "the last index still answers: {}",
        asked.stdout
    );

    let forced = run(&["index", "--force"], &corpus, &index.path());
    forced.assert_code(0);
    assert!(
        forced.stdout.contains("indexed 0 documents"),
        "{}",
        forced.stdout
    );
}
