//! Fixtures shared by the integration tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lanzhou_qa::{Engine, EngineConfig};

/// The repository's corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary folder that is removed when dropped.
pub struct TempDir(pub tempfile::TempDir);

impl TempDir {
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Opens an engine over the repository's corpus with a fresh index in a temporary folder.
/// Keep the returned folder alive as long as the engine.
pub fn engine() -> (Arc<Engine>, TempDir) {
    let index = TempDir(tempfile::tempdir().expect("temporary folder"));
    let config = EngineConfig {
        corpus_dir: corpus_dir(),
        index_dir: index.path().join("index"),
    };
    let engine = Engine::open(&config).expect("the repository corpus opens");
    (Arc::new(engine), index)
}

/// Opens an engine over a temporary corpus: the repository's corpus plus the named files
/// of `tests/fixtures/`, with a fresh index. Keep the returned folder alive as long as the
/// engine.
pub fn engine_with(fixtures: &[&str]) -> (Arc<Engine>, TempDir) {
    let dir = TempDir(tempfile::tempdir().expect("temporary folder"));
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    for entry in std::fs::read_dir(corpus_dir()).expect("the repository corpus") {
        let path = entry.expect("a corpus entry").path();
        let name = path.file_name().expect("a file name");
        std::fs::copy(&path, corpus.join(name)).expect("copy a corpus file");
    }
    let fixtures_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in fixtures {
        std::fs::copy(fixtures_dir.join(name), corpus.join(name)).expect("copy a fixture");
    }
    let config = EngineConfig {
        corpus_dir: corpus,
        index_dir: dir.path().join("index"),
    };
    let engine = Engine::open(&config).expect("the temporary corpus opens");
    (Arc::new(engine), dir)
}

/// The real router over [`engine`], with the default server options. Keep the returned
/// folder alive as long as the router.
pub fn app() -> (axum::Router, TempDir) {
    let (engine, index) = engine();
    let router = lanzhou_qa::http::app(engine, lanzhou_qa::http::ServerOptions::default());
    (router, index)
}

/// A server on 127.0.0.1 at a free port, serving the real router. Dropping it stops the
/// server (gracefully) and removes its index folder.
pub struct TestApp {
    /// The base URL, e.g. `http://127.0.0.1:41234`, without a trailing slash.
    pub address: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _index: TempDir,
}

/// Starts the real server (`lanzhou_qa::http::serve`) on port 0 with the default options.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(lanzhou_qa::http::ServerOptions::default()).await
}

/// Starts the real server (`lanzhou_qa::http::serve`) on port 0 with these options.
pub async fn spawn_app_with(options: lanzhou_qa::http::ServerOptions) -> TestApp {
    let (engine, index) = engine();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().expect("a bound address"));
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async move {
            // Either a message or the sender's drop ends the server.
            let _ = stopped.await;
        };
        lanzhou_qa::http::serve(listener, engine, options, shutdown)
            .await
            .expect("the server runs until shut down");
    });
    TestApp {
        address,
        _shutdown: shutdown,
        _index: index,
    }
}

/// A response read to its end.
pub struct TestResponse {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: axum::body::Bytes,
}

impl TestResponse {
    /// The body as JSON; panics with the body when it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body is JSON ({e}); status {}, body: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The body as text; panics when it is not UTF-8.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).expect("the body is UTF-8")
    }

    /// The value of a header, or "" when it is absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `error.code` of an error body of the main API.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("an error body: {}", self.text()))
            .to_string()
    }
}

/// Sends one request through the router (no socket) and reads the whole response.
pub async fn send(
    router: &axum::Router,
    request: axum::http::Request<axum::body::Body>,
) -> TestResponse {
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .expect("the body can be read")
        .to_bytes();
    TestResponse {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A GET request for `uri`.
pub fn get(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .expect("a valid request")
}

/// A POST of `body` to `uri` with `Content-Type: application/json`.
pub fn post_json(
    uri: &str,
    body: impl Into<axum::body::Body>,
) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::post(uri)
        .header("content-type", "application/json")
        .body(body.into())
        .expect("a valid request")
}

/// The events of a server-sent event stream, as (event name, data) pairs; the name is
/// "message" when the event has none.
pub fn sse_events(text: &str) -> Vec<(String, String)> {
    text.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut name = "message".to_string();
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim_start().to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value));
                }
            }
            (name, data.join("\n"))
        })
        .filter(|(_, data)| !data.is_empty())
        .collect()
}

/// Opens an engine over a corpus of one document with the given text, with a fresh
/// index. Keep the returned folder alive as long as the engine.
pub fn engine_of(name: &str, text: &str) -> (Arc<Engine>, TempDir) {
    let dir = TempDir(tempfile::tempdir().expect("temporary folder"));
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(corpus.join(name), text).expect("write the document");
    let config = EngineConfig {
        corpus_dir: corpus,
        index_dir: dir.path().join("index"),
    };
    let engine = Engine::open(&config).expect("the one-document corpus opens");
    (Arc::new(engine), dir)
}
