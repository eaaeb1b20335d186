//! What an operator decides about serving: which `Host` names and browser origins are
//! accepted, the API key, and the bounds on connections, time and work. Plain data and
//! the rules that read it; the layers that apply them are in `guard.rs` and `server.rs`.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Server options; `Default` allows localhost names only, no foreign origin and no key.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Host names (without port) that requests may be addressed to; any port is allowed.
    /// An IP address that the connection was accepted on is always allowed too.
    pub allowed_hosts: Vec<String>,
    /// Origins (scheme and host, without port) that `/mcp` accepts browser requests from;
    /// any port is allowed.
    pub allowed_origins: Vec<String>,
    /// Origins (scheme and host, without port) that browsers may call the API from
    /// (CORS); empty allows none. They are accepted by `/mcp` too.
    pub cors_origins: Vec<String>,
    /// When set, every route but `/healthz` and `/readyz` needs
    /// `Authorization: Bearer <key>`.
    pub api_key: Option<String>,
    /// Bounds on connections, time and work.
    pub limits: Limits,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            allowed_hosts: ["localhost", "127.0.0.1", "[::1]"]
                .map(String::from)
                .to_vec(),
            allowed_origins: ["http://localhost", "http://127.0.0.1", "http://[::1]"]
                .map(String::from)
                .to_vec(),
            cors_origins: Vec::new(),
            api_key: None,
            limits: Limits::default(),
        }
    }
}

/// Bounds on what clients may hold: connections, time, questions in progress, MCP
/// sessions and (optionally) requests per client.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Open connections served normally. Connections over it are still accepted, but
    /// answer only `/healthz` and `/readyz`; every other request gets 503 with
    /// `Retry-After`, and the connection is closed after the response.
    pub max_connections: usize,
    /// How long a connection may take to send a complete request head, counted from
    /// when it opens or from its last response (so it also closes idle connections).
    pub header_timeout: Duration,
    /// How long a request body may take to arrive in full, counted from its head.
    pub body_timeout: Duration,
    /// Questions answered at once, each on a blocking thread.
    pub ask_workers: usize,
    /// Questions that may wait for a worker; past it, 503 with `Retry-After`.
    pub ask_queue: usize,
    /// MCP sessions held at once; a new one past it ends the least recently used.
    pub mcp_sessions: usize,
    /// How long an MCP session is kept after its last request.
    pub mcp_session_idle: Duration,
    /// Requests per second each client address may make, with bursts of as many; `None`
    /// for no limit.
    pub rate_per_client: Option<u32>,
}

impl Default for Limits {
    fn default() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Limits {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            ask_workers: cores,
            ask_queue: 64,
            mcp_sessions: 1_000,
            mcp_session_idle: Duration::from_secs(30 * 60),
            rate_per_client: None,
        }
    }
}

/// The two ends of the connection a request came on, put in its extensions by the server.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionInfo {
    /// The address the server accepted the connection on.
    pub local: SocketAddr,
    /// The client's address.
    pub peer: SocketAddr,
    /// True when the connection was accepted over [`Limits::max_connections`].
    pub over_capacity: bool,
}

impl ServerOptions {
    /// Returns true if and only if `host` (a `Host` header value, with or without a port)
    /// names one of `allowed_hosts`, case-insensitively, or is the IP address `local`
    /// the request arrived on.
    pub fn allows_host(&self, host: &str, local: Option<IpAddr>) -> bool {
        let name = strip_port(host);
        if self
            .allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name))
        {
            return true;
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        local.is_some_and(|local| literal.parse::<IpAddr>() == Ok(local))
    }

    /// Returns true if and only if `origin` (an `Origin` header value, with or without a
    /// port) is one of `allowed_origins` or `cors_origins`, case-insensitively.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let Some(bare) = bare_origin(origin) else {
            return false;
        };
        self.allowed_origins
            .iter()
            .chain(&self.cors_origins)
            .any(|allowed| allowed.eq_ignore_ascii_case(&bare))
    }

    /// Returns true if and only if browsers on `origin` may read the API's responses.
    pub fn allows_cors_origin(&self, origin: &str) -> bool {
        bare_origin(origin).is_some_and(|bare| {
            self.cors_origins
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(&bare))
        })
    }

    /// Returns true if and only if `authorization` (the header value) carries the API key
    /// as a bearer token, or no key is set. The key is compared in constant time.
    pub fn allows_key(&self, authorization: Option<&[u8]>) -> bool {
        let Some(key) = &self.api_key else {
            return true;
        };
        let Some(value) = authorization else {
            return false;
        };
        let Some(token) = value
            .strip_prefix(b"Bearer ")
            .or_else(|| value.strip_prefix(b"bearer "))
        else {
            return false;
        };
        constant_time_eq(token, key.as_bytes())
    }
}

/// Returns `scheme://host` of an origin, without its port; `None` when it has no scheme.
fn bare_origin(origin: &str) -> Option<String> {
    let (scheme, authority) = origin.split_once("://")?;
    Some(format!("{scheme}://{}", strip_port(authority)))
}

/// Returns `authority` without a trailing `:port` (an IPv6 literal keeps its brackets).
pub(crate) fn strip_port(authority: &str) -> &str {
    match authority.rfind(':') {
        Some(colon)
            if authority[colon + 1..].bytes().all(|b| b.is_ascii_digit())
                && !authority[..colon].ends_with(':')
                && (!authority.starts_with('[') || authority[..colon].ends_with(']')) =>
        {
            &authority[..colon]
        }
        _ => authority,
    }
}

/// Returns true if and only if `a` and `b` are equal, taking the same time for every `a`
/// of a given length whatever its bytes.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

/// Returns true if and only if `addr` can be reached only from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_options_allow_localhost_on_any_port_only() {
        let options = ServerOptions::default();
        assert!(options.allows_host("localhost", None));
        assert!(options.allows_host("LOCALHOST:8080", None));
        assert!(options.allows_host("127.0.0.1:3000", None));
        assert!(options.allows_host("[::1]:8080", None));
        assert!(options.allows_host("[::1]", None));
        assert!(!options.allows_host("evil.example", None));
        assert!(!options.allows_host("localhost.evil.example:8080", None));
        assert!(options.allows_origin("http://localhost:5173"));
        assert!(options.allows_origin("http://[::1]:8080"));
        assert!(!options.allows_origin("https://evil.example"));
        assert!(!options.allows_origin("null"));
        assert!(!options.allows_cors_origin("http://localhost:5173"));
    }

    #[test]
    fn the_address_a_connection_arrived_on_is_an_allowed_host() {
        let options = ServerOptions::default();
        let local: IpAddr = "192.168.1.5".parse().expect("an address");
        assert!(options.allows_host("192.168.1.5:8080", Some(local)));
        assert!(!options.allows_host("192.168.1.6:8080", Some(local)));
        assert!(!options.allows_host("evil.example", Some(local)));
        let v6: IpAddr = "fe80::1".parse().expect("an address");
        assert!(options.allows_host("[fe80::1]:8080", Some(v6)));
    }

    #[test]
    fn cors_origins_are_opt_in_and_also_accepted_by_mcp() {
        let options = ServerOptions {
            cors_origins: vec!["https://chat.example".into()],
            ..ServerOptions::default()
        };
        assert!(options.allows_cors_origin("https://chat.example"));
        assert!(options.allows_cors_origin("https://CHAT.example:8443"));
        assert!(!options.allows_cors_origin("http://chat.example"));
        assert!(options.allows_origin("https://chat.example"));
    }

    #[test]
    fn the_api_key_is_a_bearer_token() {
        let open = ServerOptions::default();
        assert!(open.allows_key(None));
        let keyed = ServerOptions {
            api_key: Some("s3cret".into()),
            ..ServerOptions::default()
        };
        assert!(keyed.allows_key(Some(b"Bearer s3cret")));
        assert!(!keyed.allows_key(Some(b"Bearer s3cre")));
        assert!(!keyed.allows_key(Some(b"Bearer s3cret2")));
        assert!(!keyed.allows_key(Some(b"Basic s3cret")));
        assert!(!keyed.allows_key(Some(b"s3cret")));
        assert!(!keyed.allows_key(None));
    }
}
