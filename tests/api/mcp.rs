//! The MCP server, driven by rmcp's own client: over stdio (the built binary as a child
//! process) and over streamable HTTP (the app's `/mcp` on a real socket), plus
//! the HTTP guard's refusals (foreign Host or Origin, malformed JSON-RPC).

use std::net::SocketAddr;

use lanzhou_qa::http::ServerOptions;
use rmcp::model::{
    CallToolRequestParams, CallToolResult, ErrorCode, JsonObject, ReadResourceRequestParams,
    ResourceContents, Tool,
};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{ServiceError, ServiceExt};
use serde_json::{Value, json};

use crate::helpers::{self, TempDir};

/// An rmcp client session with the default (no-op) client handler.
type Client = RunningService<RoleClient, ()>;

const INDUSTRIES: &str = "lanzhou-industries";
const INDUSTRIES_URI: &str = "lanzhou-qa://docs/lanzhou-industries";

/// The text of the seed document, which byte offsets refer to.
fn industries_text() -> String {
    let path = helpers::corpus_dir().join(format!("{INDUSTRIES}.md"));
    std::fs::read_to_string(&path).expect("the seed document is readable")
}

/// Spawns `lanzhou-qa mcp` over the repository corpus with a fresh index and connects to it.
async fn stdio_client(index: &TempDir) -> Client {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_lanzhou-qa"));
    command
        .arg("mcp")
        .arg("--corpus")
        .arg(helpers::corpus_dir())
        .arg("--index")
        .arg(index.path().join("index"));
    let transport = TokioChildProcess::new(command).expect("the binary starts");
    ().serve(transport)
        .await
        .expect("the MCP handshake over stdio succeeds")
}

/// Serves the whole HTTP app, with MCP at `/mcp`, on 127.0.0.1 port 0. Keep the folder
/// alive as long as the server.
async fn spawn_http(options: ServerOptions) -> (SocketAddr, TempDir) {
    let (engine, index) = helpers::engine();
    let app = lanzhou_qa::http::app(engine, options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("the server runs");
    });
    (addr, index)
}

async fn http_client(addr: SocketAddr) -> Client {
    let transport = StreamableHttpClientTransport::from_uri(format!("http://{addr}/mcp"));
    ().serve(transport)
        .await
        .expect("the MCP handshake over HTTP succeeds")
}

/// Calls a tool and returns its result, which must not be a protocol error.
async fn call(client: &Client, tool: &str, arguments: Value) -> CallToolResult {
    let Value::Object(arguments) = arguments else {
        panic!("tool arguments must be an object");
    };
    client
        .call_tool(CallToolRequestParams::new(tool.to_string()).with_arguments(arguments))
        .await
        .unwrap_or_else(|e| panic!("tools/call {tool} is not a protocol error: {e}"))
}

/// Returns the error messages of `instance` against `schema`; empty when it conforms.
fn schema_errors(schema: &JsonObject, instance: &Value) -> Vec<String> {
    let schema = Value::Object(schema.clone());
    let validator = jsonschema::validator_for(&schema).expect("the output schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Checks the handshake's server info.
fn check_server_info(client: &Client) {
    let info = client.peer_info().expect("the server answered initialize");
    let server = info.server_info.as_ref().expect("server info");
    assert_eq!(server.name, "lanzhou-qa");
    assert_eq!(server.version, env!("CARGO_PKG_VERSION"));
    let instructions = info.instructions.as_deref().unwrap_or_default();
    for needle in ["`ask`", "`search`", "`facts`", "answered: false"] {
        assert!(
            instructions.contains(needle),
            "instructions lack {needle}: {instructions}"
        );
    }
    assert!(info.capabilities.tools.is_some(), "tools capability");
    assert!(
        info.capabilities.resources.is_some(),
        "resources capability"
    );
}

/// Lists the tools and checks there are exactly `ask`, `search` and `facts`, each with a
/// description, an input schema and an output schema.
async fn check_tool_list(client: &Client) -> Vec<Tool> {
    let mut tools = client.list_all_tools().await.expect("tools/list succeeds");
    tools.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(names, ["ask", "facts", "search"]);
    for tool in &tools {
        assert!(
            tool.description.as_deref().is_some_and(|d| d.len() > 80),
            "{} has an actionable description",
            tool.name
        );
        assert_eq!(tool.input_schema.get("type"), Some(&json!("object")));
        let output = tool
            .output_schema
            .as_ref()
            .unwrap_or_else(|| panic!("{} has an output schema", tool.name));
        assert_eq!(output.get("type"), Some(&json!("object")), "{}", tool.name);
    }
    let ask = &tools[0];
    let input = Value::Object((*ask.input_schema).clone());
    assert_eq!(input["required"], json!(["question"]));
    assert!(input["properties"]["session"].is_object());
    tools
}

fn output_schema<'t>(tools: &'t [Tool], name: &str) -> &'t JsonObject {
    tools
        .iter()
        .find(|t| t.name == name)
        .and_then(|t| t.output_schema.as_deref())
        .expect("the tool has an output schema")
}

/// Checks that bad arguments come back as tool errors the agent can read.
async fn check_tool_errors(client: &Client) {
    for (tool, arguments, expected) in [
        ("ask", json!({ "question": "   " }), "blank"),
        ("ask", json!({ "question": "x".repeat(1001) }), "1001"),
        (
            "ask",
            json!({ "question": "why?", "session": "no spaces" }),
            "session",
        ),
        ("ask", json!({}), "question"),
        (
            "search",
            json!({ "query": "industry", "limit": 0 }),
            "limit",
        ),
        (
            "search",
            json!({ "query": "industry", "limit": 51 }),
            "limit",
        ),
        ("search", json!({ "query": " " }), "blank"),
    ] {
        let result = call(client, tool, arguments.clone()).await;
        assert_eq!(result.is_error, Some(true), "{tool} {arguments}");
        let text: String = result
            .content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect();
        assert!(
            text.contains(expected),
            "{tool} {arguments}: {text:?} should mention {expected:?}"
        );
    }
}

/// Checks `search` and `facts` results against their output schemas.
async fn check_search_and_facts(client: &Client, tools: &[Tool]) {
    let result = call(
        client,
        "search",
        json!({ "query": "tertiary industry", "limit": 3 }),
    )
    .await;
    assert_ne!(result.is_error, Some(true));
    let hits = result
        .structured_content
        .expect("structured search results");
    assert_eq!(
        schema_errors(output_schema(tools, "search"), &hits),
        Vec::<String>::new()
    );
    assert!(hits["hits"].as_array().expect("a hit list").len() <= 3);

    let result = call(client, "facts", json!({ "doc": INDUSTRIES })).await;
    assert_ne!(result.is_error, Some(true));
    let rows = result.structured_content.expect("structured fact rows");
    assert_eq!(
        schema_errors(output_schema(tools, "facts"), &rows),
        Vec::<String>::new()
    );
    let facts = rows["facts"].as_array().expect("a fact list");
    assert_eq!(rows["count"], json!(facts.len()));
    assert!(facts.iter().all(|f| f["doc_id"] == INDUSTRIES));

    // An everyday word of the lexicon finds the rows of the subject it stands for.
    let services = call(client, "facts", json!({ "subject": "services" })).await;
    let tertiary = call(client, "facts", json!({ "subject": "tertiary" })).await;
    let services = services.structured_content.expect("structured fact rows");
    assert!(services["count"].as_u64() > Some(0), "{services}");
    assert_eq!(
        services,
        tertiary.structured_content.expect("structured fact rows")
    );
}

/// Asks the tertiary-growth question and checks the grounded reply: answered, the figure
/// in the answer, and a citation that is exactly the document's bytes at its offsets.
async fn check_ask(client: &Client, tools: &[Tool]) {
    let result = call(
        client,
        "ask",
        json!({ "question": "tertiary growth since 1949" }),
    )
    .await;
    assert_ne!(result.is_error, Some(true));
    let reply = result.structured_content.expect("a structured reply");
    assert_eq!(
        schema_errors(output_schema(tools, "ask"), &reply),
        Vec::<String>::new()
    );
    assert!(reply["session"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(reply["answered"], json!(true), "{reply:#}");
    let answer = reply["answer"].as_str().expect("an answer");
    assert!(answer.contains("17,500"), "{answer}");
    let text = industries_text();
    let citations = reply["citations"].as_array().expect("citations");
    let cited = citations
        .iter()
        .find(|c| {
            c["snippet"]
                .as_str()
                .is_some_and(|s| s.contains("17,500 times"))
        })
        .unwrap_or_else(|| panic!("a citation holds \"17,500 times\": {citations:#?}"));
    assert_eq!(cited["doc_id"], INDUSTRIES);
    let start = cited["start"].as_u64().expect("a start offset") as usize;
    let end = cited["end"].as_u64().expect("an end offset") as usize;
    assert_eq!(text.get(start..end), cited["snippet"].as_str());
}

/// Lists the documents and reads the seed one, and an unknown one.
async fn check_resources(client: &Client) {
    let resources = client
        .list_all_resources()
        .await
        .expect("resources/list succeeds");
    let industries = resources
        .iter()
        .find(|r| r.uri == INDUSTRIES_URI)
        .expect("the seed document is listed");
    assert_eq!(industries.name, INDUSTRIES);
    assert_eq!(industries.title.as_deref(), Some("Lanzhou's industries"));
    assert_eq!(industries.mime_type.as_deref(), Some("text/plain"));
    assert!(industries.description.is_some());
    assert!(
        resources
            .iter()
            .all(|r| r.uri.starts_with("lanzhou-qa://docs/"))
    );

    let read = client
        .read_resource(ReadResourceRequestParams::new(INDUSTRIES_URI))
        .await
        .expect("resources/read succeeds");
    let [
        ResourceContents::TextResourceContents {
            uri,
            mime_type,
            text,
            ..
        },
    ] = read.contents.as_slice()
    else {
        panic!("one text content: {:?}", read.contents);
    };
    assert_eq!(uri, INDUSTRIES_URI);
    assert_eq!(mime_type.as_deref(), Some("text/plain"));
    assert_eq!(*text, industries_text());

    let missing = client
        .read_resource(ReadResourceRequestParams::new(
            "lanzhou-qa://docs/no-such-doc",
        ))
        .await;
    match missing {
        Err(ServiceError::McpError(error)) => {
            assert_eq!(error.code, ErrorCode::RESOURCE_NOT_FOUND, "{error:?}")
        }
        other => panic!("an unknown document is resource-not-found: {other:?}"),
    }
}

/// The whole conversation both transports must hold. The answer check comes last: it needs
/// the finished engine, and the structural checks should run whatever the engine answers.
async fn check_session(client: &Client) {
    check_server_info(client);
    let tools = check_tool_list(client).await;
    check_resources(client).await;
    check_tool_errors(client).await;
    check_search_and_facts(client, &tools).await;
    check_ask(client, &tools).await;
}

#[tokio::test]
async fn stdio_server_lists_tools_answers_with_citations_and_serves_documents() {
    let index = TempDir(tempfile::tempdir().expect("temporary folder"));
    let client = stdio_client(&index).await;
    check_session(&client).await;
    client.cancel().await.expect("the client closes cleanly");
}

#[tokio::test]
async fn http_server_lists_tools_answers_with_citations_and_serves_documents() {
    let (addr, _index) = spawn_http(ServerOptions::default()).await;
    let client = http_client(addr).await;
    check_session(&client).await;
    client.cancel().await.expect("the client closes cleanly");
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}"#;

/// POSTs `body` to `/mcp` as an MCP client would, with extra headers.
async fn post(addr: SocketAddr, body: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("http://{addr}/mcp"))
        .header("Accept", "application/json, text/event-stream")
        .header("Content-Type", "application/json")
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("the server answers")
}

/// Returns the JSON-RPC error of a refused request, checking its envelope.
async fn json_rpc_error(response: reqwest::Response) -> Value {
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["jsonrpc"], "2.0", "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
    body
}

#[tokio::test]
async fn a_foreign_origin_is_refused_with_403_and_a_json_rpc_error() {
    let (addr, _index) = spawn_http(ServerOptions::default()).await;

    let allowed = post(addr, INITIALIZE, &[("Origin", "http://localhost:5173")]).await;
    assert_eq!(allowed.status(), 200, "a local origin may initialize");

    let refused = post(addr, INITIALIZE, &[("Origin", "http://evil.example")]).await;
    assert_eq!(refused.status(), 403);
    let body = json_rpc_error(refused).await;
    assert_eq!(body["id"], Value::Null);
    assert_eq!(body["error"]["code"], -32600);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Origin"))
    );
}

#[tokio::test]
async fn a_foreign_host_is_refused_with_403_and_a_json_rpc_error() {
    let (addr, _index) = spawn_http(ServerOptions::default()).await;
    let host = format!("evil.example:{}", addr.port());
    let refused = post(addr, INITIALIZE, &[("Host", &host)]).await;
    assert_eq!(refused.status(), 403);
    let body = json_rpc_error(refused).await;
    assert_eq!(body["id"], Value::Null);
    assert_eq!(body["error"]["code"], -32600);
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Host"))
    );

    let get = reqwest::Client::new()
        .get(format!("http://{addr}/mcp"))
        .header("Host", &host)
        .header("Accept", "text/event-stream")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(get.status(), 403, "every method is guarded");
}

#[tokio::test]
async fn an_allowed_host_and_origin_can_be_configured() {
    let options = ServerOptions {
        allowed_hosts: vec!["mcp.example".into()],
        allowed_origins: vec!["https://app.example".into()],
        ..ServerOptions::default()
    };
    let (addr, _index) = spawn_http(options).await;
    let host = format!("mcp.example:{}", addr.port());
    let ok = post(
        addr,
        INITIALIZE,
        &[("Host", &host), ("Origin", "https://app.example")],
    )
    .await;
    assert_eq!(ok.status(), 200);
    let loopback = post(addr, INITIALIZE, &[]).await;
    assert_eq!(
        loopback.status(),
        403,
        "the defaults are replaced, not extended"
    );
}

#[tokio::test]
async fn malformed_json_rpc_bodies_get_json_rpc_errors_and_never_a_5xx() {
    let (addr, _index) = spawn_http(ServerOptions::default()).await;
    for (body, code) in [
        ("{not json", -32700),
        ("", -32700),
        ("[1, 2]", -32600),
        (r#""initialize""#, -32600),
        (r#"{"jsonrpc":"2.0","id":1}"#, -32600),
        (r#"{"jsonrpc":"2.0","id":1,"method":42}"#, -32600),
        (r#"{"id":1,"method":"initialize","params":{}}"#, -32600),
        (
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":"x"}"#,
            -32600,
        ),
    ] {
        let response = post(addr, body, &[]).await;
        assert_eq!(response.status(), 400, "{body}");
        let error = json_rpc_error(response).await;
        assert_eq!(error["error"]["code"], code, "{body}: {error}");
    }
    // A body the guard lets through but rmcp cannot serve without a session is still a
    // client error, not a server error.
    let response = post(
        addr,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        &[],
    )
    .await;
    assert!(response.status().is_client_error(), "{}", response.status());
}

#[tokio::test]
async fn ending_a_session_is_answered_204_and_ends_it() {
    let (addr, _index) = spawn_http(ServerOptions::default()).await;
    let response = post(addr, INITIALIZE, &[]).await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let session = response
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .expect("a session id")
        .to_string();
    drop(response.bytes().await);
    let initialized = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    let headers = [
        ("Mcp-Session-Id", session.as_str()),
        ("MCP-Protocol-Version", "2025-06-18"),
    ];
    let response = post(addr, initialized, &headers).await;
    assert!(response.status().is_success(), "{}", response.status());

    let delete = |session: String| async move {
        reqwest::Client::new()
            .delete(format!("http://{addr}/mcp"))
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", "2025-06-18")
            .send()
            .await
            .expect("the server answers")
    };
    let response = delete(session.clone()).await;
    assert!(
        matches!(response.status().as_u16(), 200 | 204),
        "the MCP SDKs accept 200 or 204 for a session's end; got {}",
        response.status()
    );
    let list = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;
    let after = post(addr, list, &headers).await;
    assert_eq!(
        after.status(),
        reqwest::StatusCode::NOT_FOUND,
        "the session is gone"
    );
}
