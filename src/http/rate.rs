//! Per-client rate limiting (off unless `Limits::rate_per_client` is set), with
//! `tower_governor`: each client address gets that many requests a second, in bursts of
//! as many; past it, `429 rate_limited` with `Retry-After`. Health probes have an
//! allowance of their own, so a client held back can still probe.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, header};
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use super::error::ErrorCode;
use super::guard::is_probe;
use super::options::ConnectionInfo;

/// How often the addresses that have not been seen for a while are forgotten.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// Keys requests by client address and by whether they are health probes.
#[derive(Clone, Debug)]
pub(super) struct ClientKey;

impl KeyExtractor for ClientKey {
    type Key = (IpAddr, bool);

    fn extract<T>(&self, request: &Request<T>) -> Result<Self::Key, GovernorError> {
        // A request that did not come over a socket (a test calling the router) shares
        // one allowance.
        let address = request
            .extensions()
            .get::<ConnectionInfo>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.peer.ip());
        Ok((address, is_probe(request.uri().path())))
    }
}

/// Returns `router` limited to `per_second` requests a second per client. Forgets idle
/// clients every [`FORGET_EVERY`] while the router lives.
pub(super) fn limit(router: Router, per_second: u32) -> Router {
    let Some(config) = GovernorConfigBuilder::default()
        .period(Duration::from_secs(1) / per_second.max(1))
        .burst_size(per_second.max(1))
        .key_extractor(ClientKey)
        .finish()
    else {
        return router;
    };
    let config = Arc::new(config);
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let weak = Arc::downgrade(&config);
        runtime.spawn(async move {
            let mut ticks = tokio::time::interval(FORGET_EVERY);
            loop {
                ticks.tick().await;
                let Some(config) = weak.upgrade() else {
                    return;
                };
                config.limiter().retain_recent();
            }
        });
    }
    router.layer(GovernorLayer::new(config).error_handler(too_many))
}

/// The answer to a request over its client's rate: a bare 429 with `Retry-After`, which
/// `guard::complete_errors` gives the error body of the request's API.
fn too_many(error: GovernorError) -> Response<Body> {
    let (message, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => (
            format!("too many requests from this address; try again in {wait_time} s"),
            wait_time.max(1),
        ),
        other => (other.to_string(), 1),
    };
    let mut response = Response::new(Body::from(message));
    *response.status_mut() = ErrorCode::RateLimited.status();
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
