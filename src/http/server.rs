//! The connection loop: accepts TCP connections and serves each with hyper's HTTP/1.1
//! connection, which closes connections that take longer than
//! [`Limits::header_timeout`](super::Limits::header_timeout) to send a request head, and
//! idle keep-alive connections after the same time. Connections over
//! [`Limits::max_connections`](super::Limits::max_connections) are still served, but the
//! router answers them only for the health probes (see `guard.rs`), without keep-alive
//! and with a short head timeout, so they cannot hold a socket for long.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use super::options::{ConnectionInfo, ServerOptions};
use crate::engine::Engine;

/// How long a shutdown waits for requests in flight; long-lived streams (MCP's
/// server-sent events) are cut when it runs out.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The head timeout of a connection accepted over the cap: long enough for a probe that
/// sends its request at once, short enough to give the socket back soon.
const OVER_CAPACITY_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// How long accepting pauses after the process runs out of file descriptors, so that
/// connections being closed can free some.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(250);

/// Serves [`super::app`] on `listener` until `shutdown` completes, then finishes the
/// requests in flight for at most [`SHUTDOWN_GRACE`]. An accept error pauses accepting
/// (the process may be out of file descriptors) rather than stopping the server.
pub async fn serve(
    listener: TcpListener,
    engine: Arc<Engine>,
    options: ServerOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = options.limits.clone();
    let router = super::app(engine, options);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut shedding = builder.clone();
    shedding
        .header_read_timeout(OVER_CAPACITY_HEADER_TIMEOUT)
        .keep_alive(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_per_connection(&error) => continue,
                Err(error) => {
                    // Out of file descriptors or memory: wait for connections to close.
                    tracing::warn!(%error, "cannot accept a connection; pausing");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let permit = Arc::clone(&slots).try_acquire_owned().ok();
        let info = ConnectionInfo {
            local,
            peer,
            over_capacity: permit.is_none(),
        };
        if info.over_capacity {
            tracing::debug!(%peer, "connection over the cap: serving health probes only");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(info);
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request)
        });
        let connection = if info.over_capacity {
            &shedding
        } else {
            &builder
        }
        .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _permit = permit;
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still open after the shutdown grace period were cut");
        }
    }
    Ok(())
}

/// Returns true for accept errors about one connection only (the client gave up).
fn is_per_connection(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    )
}
