//! The connection loop: HTTP/1.1 over each accepted TCP connection, with a
//! time limit on reading a request's headers and body. `axum::serve` has
//! none, so a client that sends half a request and waits (a probe held 300
//! such connections for 45 s) would keep a file descriptor each for ever.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long a client may take to send a request's headers. Browsers and
/// scripts send them at once; only a stalled or hostile client is cut off.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request's body may take to arrive: a 2 MB upload over a slow
/// provincial link takes well under this.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// How long shutting down waits for requests under way.
const DRAIN: Duration = Duration::from_secs(30);

/// Accepts connections until `shutdown` completes, then lets the requests
/// under way finish (up to `DRAIN`).
pub async fn run(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                // Out of descriptors, or a connection reset before accept:
                // wait a moment rather than spin, and go on serving.
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            // The login throttle counts failures per address.
            req.extensions_mut().insert(ConnectInfo(addr));
            app.clone().oneshot(req)
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "a connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("requests still under way at shutdown were cut"),
    }
    Ok(())
}
