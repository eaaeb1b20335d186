//! The `lanzhou-qa` command: serve the API and chat page, build the index, or ask, search
//! and list facts from the command line. Every command is a thin shell over the library.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use lanzhou_qa::facts::FactFilter;
use lanzhou_qa::http::{Limits, ServerOptions};
use lanzhou_qa::workers::Workers;
use lanzhou_qa::{Engine, EngineConfig, Question, SessionId};

/// Prints a line to standard output; a reader that went away (`| head`) ends the
/// command quietly instead of failing it.
macro_rules! out {
    ($($arg:tt)*) => {
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e.into());
        }
    };
}

/// Exit code of `ask` when the corpus does not answer the question.
const EXIT_NOT_ANSWERED: u8 = 1;
/// Exit code of any command that fails (bad input, unreadable corpus, busy port).
const EXIT_ERROR: u8 = 2;

/// Grounded question answering over a corpus of statistics-heavy articles.
///
/// With no command, `lanzhou-qa` serves the chat page and API (as `serve`).
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
    /// How log lines on standard error are written: `text` for people, `json` (one object
    /// per line) for log collectors.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
}

/// The format of log lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the chat page, the HTTP API, the OpenAI-compatible API and MCP over HTTP.
    Serve(ServeArgs),
    /// Build the index and fact table from the corpus, whatever their state.
    Index(IndexArgs),
    /// Answer one question; exit 0 when answered, 1 when the corpus does not say, 2 on error.
    Ask(AskArgs),
    /// Search the passages of the corpus.
    Search(SearchArgs),
    /// List the fact table, optionally filtered.
    Facts(FactsArgs),
    /// Serve MCP over standard input and output (logs go to standard error).
    Mcp(Paths),
}

#[derive(Args, Clone)]
struct Paths {
    /// The corpus folder: every *.md and *.txt file in it is a document.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
    /// The index folder (built from the corpus when missing or stale).
    #[arg(long, default_value = "index")]
    index: PathBuf,
}

/// The address `serve` listens on when neither `--addr`, `LANZHOU_QA_ADDR` nor `PORT` says.
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

#[derive(Args, Clone)]
struct ServeArgs {
    /// The address to listen on [default: 127.0.0.1:8080, or 0.0.0.0:$PORT when the PORT
    /// environment variable is set].
    #[arg(long, env = "LANZHOU_QA_ADDR")]
    addr: Option<SocketAddr>,
    /// A Host name (without port) that requests may be addressed to besides localhost and
    /// the address listened on; repeatable.
    #[arg(long = "allow-host", value_name = "HOST")]
    allow_hosts: Vec<String>,
    /// An Origin (scheme://host, without port) that /mcp accepts besides localhost; repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// An Origin (scheme://host, without port) whose web pages may call the API (CORS);
    /// repeatable. Without one, no other origin may.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Require `Authorization: Bearer KEY` on every route but /healthz and /readyz.
    #[arg(
        long,
        env = "LANZHOU_QA_API_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    api_key: Option<String>,
    /// Connections served at once; past it, only /healthz and /readyz are answered.
    #[arg(long, default_value_t = Limits::default().max_connections, value_name = "N")]
    max_connections: usize,
    /// Seconds a connection may take to send a request head (or stay idle between requests).
    #[arg(long, default_value_t = Limits::default().header_timeout.as_secs(), value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a request body may take to arrive.
    #[arg(long, default_value_t = Limits::default().body_timeout.as_secs(), value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    body_timeout: u64,
    /// Questions answered at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    ask_workers: Option<usize>,
    /// Questions that may wait for a worker; past it, 503 with Retry-After.
    #[arg(long, default_value_t = Limits::default().ask_queue, value_name = "N")]
    ask_queue: usize,
    /// MCP sessions held at once; a new one past it ends the least recently used.
    #[arg(long, default_value_t = Limits::default().mcp_sessions as u64, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    mcp_sessions: u64,
    /// Requests a second each client address may make (in bursts of as many); past it,
    /// 429 with Retry-After. Off by default.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit: Option<u32>,
    #[command(flatten)]
    paths: Paths,
}

impl ServeArgs {
    /// The server options these arguments ask for.
    fn options(&self) -> ServerOptions {
        let mut options = ServerOptions::default();
        options
            .allowed_hosts
            .extend(self.allow_hosts.iter().cloned());
        options
            .allowed_origins
            .extend(self.allow_origins.iter().cloned());
        options
            .cors_origins
            .extend(self.cors_origins.iter().cloned());
        options.api_key = self.api_key.clone().filter(|key| !key.is_empty());
        let limits = &mut options.limits;
        limits.max_connections = self.max_connections.max(1);
        limits.header_timeout = Duration::from_secs(self.header_timeout);
        limits.body_timeout = Duration::from_secs(self.body_timeout);
        if let Some(workers) = self.ask_workers {
            limits.ask_workers = workers.max(1);
        }
        limits.ask_queue = self.ask_queue;
        limits.mcp_sessions = usize::try_from(self.mcp_sessions).unwrap_or(usize::MAX);
        limits.rate_per_client = self.rate_limit;
        options
    }
}

#[derive(Args)]
struct IndexArgs {
    /// Replace the index even when the corpus now gives no documents, or fewer than half
    /// of those the index has.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    paths: Paths,
}

#[derive(Args)]
struct AskArgs {
    /// The question.
    question: String,
    /// Print the reply as JSON, exactly as `POST /ask` returns it.
    #[arg(long)]
    json: bool,
    /// A session id, to ask a follow-up within one process: sessions last as long as the
    /// process, so a second `ask` never sees the first one's session.
    #[arg(long)]
    session: Option<String>,
    #[command(flatten)]
    paths: Paths,
}

#[derive(Args)]
struct SearchArgs {
    /// The search words.
    query: String,
    /// How many passages to return.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
    limit: u16,
    /// Print the hits as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    paths: Paths,
}

#[derive(Args)]
struct FactsArgs {
    /// Only rows whose subject contains this text.
    #[arg(long)]
    subject: Option<String>,
    /// Only rows for this year (or with it as base or end year).
    #[arg(long)]
    year: Option<i32>,
    /// Only rows of this document.
    #[arg(long)]
    doc: Option<String>,
    /// Print the rows as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    paths: Paths,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, None | Some(Command::Serve(_)));
    init_logging(if serving { "info" } else { "warn" }, cli.log_format);
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lanzhou-qa: error: {}", error_chain(&err));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The error and its causes, joined by ": ", leaving out a cause whose text the message
/// already holds (an I/O error quoted by the error that wraps it), so each is said once.
fn error_chain(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Logs go to standard error, so standard output carries only results (and MCP).
///
/// Without `RUST_LOG`, the level is `default`, except that `rmcp`'s own lines are kept to
/// warnings and its service loop's to errors: that loop warns about every protocol error
/// answered to a client (an unknown tool or resource), which is the client's mistake, not
/// the server's; this server logs those at DEBUG itself.
fn init_logging(default: &str, format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{default},rmcp=warn,rmcp::service=error"))
    });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| LossyStderr);
    match format {
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// Standard error that drops what it cannot write: a closed standard error must not
/// turn a log line into a failure.
struct LossyStderr;

impl Write for LossyStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args),
        Command::Index(IndexArgs { force, paths }) => {
            let config = config(&paths);
            // On a terminal, a bar shows the documents extracted so far.
            let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
                let bar = indicatif::ProgressBar::new(0);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:40} {pos}/{len} documents extracted ({eta} left)",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            });
            let progress = |done: usize, total: usize| {
                if let Some(bar) = &bar {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            };
            let engine = Engine::rebuild_reporting(&config, force, &progress);
            if let Some(bar) = &bar {
                bar.finish_and_clear();
            }
            let engine = match engine {
                Err(error @ lanzhou_qa::EngineError::WouldShrink { .. }) => {
                    return Err(anyhow::Error::new(error)
                        .context("building the index (pass --force to replace it anyway)"));
                }
                other => other.context("building the index")?,
            };
            let stats = engine.stats();
            out!(
                "indexed {} documents, {} passages and {} facts into {}",
                stats.documents,
                stats.passages,
                stats.facts,
                paths.index.display()
            );
            for (path, reason) in engine.skipped() {
                out!("skipped {}: {reason}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ask(args) => {
            let question = Question::parse(&args.question).context("invalid question")?;
            let session = args
                .session
                .as_deref()
                .map(SessionId::parse)
                .transpose()
                .context("invalid session id")?;
            let engine = open(&args.paths)?;
            let reply = engine.ask(&question, session.as_ref());
            if args.json {
                out!("{}", serde_json::to_string_pretty(&reply)?);
            } else {
                out!("{}", reply.answer);
                for c in &reply.citations {
                    out!(
                        "[{}] {} ({}..{}): {}",
                        c.n,
                        c.doc_id,
                        c.start,
                        c.end,
                        c.snippet
                    );
                }
                if let Some(d) = &reply.derivation {
                    out!("working: {}", d.expression);
                }
                for s in &reply.suggestions {
                    out!("you could ask: {s}");
                }
            }
            Ok(if reply.answered {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_NOT_ANSWERED)
            })
        }
        Command::Search(args) => {
            let engine = open(&args.paths)?;
            let hits = engine.search(&args.query, usize::from(args.limit));
            if hits.is_empty() {
                eprintln!("lanzhou-qa: no passage matches {:?}", args.query);
            }
            if args.json {
                out!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "hits": hits }))?
                );
            } else {
                for h in &hits {
                    out!(
                        "{:.3} {} ({}..{}): {}",
                        h.score,
                        h.doc_id,
                        h.start,
                        h.end,
                        h.snippet
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Facts(args) => {
            let engine = open(&args.paths)?;
            let filter = FactFilter {
                subject: args.subject,
                year: args.year,
                doc: args.doc,
            };
            let facts = engine.facts(&filter);
            if facts.is_empty() {
                match describe_filter(&filter) {
                    Some(filter) => eprintln!("lanzhou-qa: no fact matches {filter}"),
                    None => eprintln!("lanzhou-qa: the fact table is empty"),
                }
            }
            if args.json {
                let body = serde_json::json!({ "count": facts.len(), "facts": facts });
                out!("{}", serde_json::to_string_pretty(&body)?);
            } else {
                for f in &facts {
                    let year = f.year.map_or_else(|| "-".to_string(), |y| y.to_string());
                    let base = f
                        .base_year
                        .map_or_else(String::new, |y| format!(" (base {y})"));
                    out!(
                        "{:>3} {} | {} | {} | {year}{base} | {} {} | {:?}",
                        f.id,
                        f.doc_id,
                        f.subject,
                        f.measure,
                        f.value,
                        f.unit,
                        f.surface
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Mcp(paths) => {
            let engine = Arc::new(open(&paths)?);
            let limits = Limits::default();
            let workers = Workers::new(engine, limits.ask_workers, limits.ask_queue);
            runtime()?.block_on(lanzhou_qa::mcp::serve_stdio(workers))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The filter in words, e.g. `subject "services", year 2018`; None when it filters nothing.
fn describe_filter(filter: &FactFilter) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(subject) = &filter.subject {
        parts.push(format!("subject {subject:?}"));
    }
    if let Some(year) = filter.year {
        parts.push(format!("year {year}"));
    }
    if let Some(doc) = &filter.doc {
        parts.push(format!("document {doc:?}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The address to serve on: `--addr` or `LANZHOU_QA_ADDR`, else every interface at the
/// port in `PORT` (as container platforms set it), else [`DEFAULT_ADDR`].
fn listen_addr(addr: Option<SocketAddr>, port: Option<&str>) -> anyhow::Result<SocketAddr> {
    if let Some(addr) = addr {
        return Ok(addr);
    }
    match port {
        Some(port) => {
            let port: u16 = port
                .trim()
                .parse()
                .with_context(|| format!("PORT must be a port number; it is {port:?}"))?;
            Ok(SocketAddr::from(([0, 0, 0, 0], port)))
        }
        None => Ok(DEFAULT_ADDR.parse().context("the default address")?),
    }
}

fn config(paths: &Paths) -> EngineConfig {
    EngineConfig {
        corpus_dir: paths.corpus.clone(),
        index_dir: paths.index.clone(),
    }
}

fn open(paths: &Paths) -> anyhow::Result<Engine> {
    Engine::open(&config(paths)).with_context(|| {
        format!(
            "opening the corpus {} with the index {}",
            paths.corpus.display(),
            paths.index.display()
        )
    })
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let port = std::env::var("PORT").ok().filter(|p| !p.is_empty());
    let addr = listen_addr(args.addr, port.as_deref())?;
    let engine = Arc::new(open(&args.paths)?);
    let stats = engine.stats();
    let options = args.options();
    if !lanzhou_qa::http::is_loopback(&addr) && options.api_key.is_none() {
        tracing::warn!(
            %addr,
            "listening on an address other machines can reach without an API key: anyone who \
             can connect can read the corpus; set --api-key (or LANZHOU_QA_API_KEY)"
        );
    }
    runtime()?.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        tracing::info!(
            documents = stats.documents,
            passages = stats.passages,
            facts = stats.facts,
            rebuilt = stats.rebuilt,
            "indexed {} documents ({} passages, {} facts); listening on http://{local}",
            stats.documents,
            stats.passages,
            stats.facts
        );
        lanzhou_qa::http::serve(listener, engine, options, shutdown_signal())
            .await
            .context("serving")?;
        tracing::info!("shut down");
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_comes_from_addr_then_port_then_the_default() {
        let given: SocketAddr = "127.0.0.1:9000".parse().expect("an address");
        assert_eq!(listen_addr(Some(given), Some("7000")).ok(), Some(given));
        assert_eq!(
            listen_addr(None, Some("7000")).ok(),
            Some(SocketAddr::from(([0, 0, 0, 0], 7000)))
        );
        assert_eq!(
            listen_addr(None, None).ok(),
            DEFAULT_ADDR.parse::<SocketAddr>().ok()
        );
        let bad = listen_addr(None, Some("eighty")).expect_err("not a port");
        assert!(error_chain(&bad).contains("PORT must be a port number"));
    }

    #[test]
    fn a_cause_quoted_by_its_error_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file (os error 2)");
        #[derive(Debug, thiserror::Error)]
        #[error("cannot read the folder x: {source}")]
        struct Wrapper {
            source: std::io::Error,
        }
        let err = anyhow::Error::new(Wrapper { source: io }).context("opening the corpus");
        let message = error_chain(&err);
        assert_eq!(
            message,
            "opening the corpus: cannot read the folder x: no such file (os error 2)"
        );
    }
}
