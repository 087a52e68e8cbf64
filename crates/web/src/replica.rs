//! The public portal on a PostgreSQL streaming replica (`--read-database`):
//! a request that reads (GET or HEAD) and carries no session is served from
//! the replica, so a citizen's page view in December does not take a
//! connection an officer's save needs; every write and every signed-in page
//! uses the primary. A page served from the replica says how recent its
//! figures are. When the replica does not answer, or answers with a server
//! error, the request is served by the primary instead: nobody sees an error
//! because a replica is down.

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::Method;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use xanh_store::Store;

tokio::task_local! {
    /// For a page served from the replica: the time its data is as of.
    pub static AS_OF: Option<String>;
}

/// How long a replica's answer to "where do you stand" is trusted.
const RECHECK: Duration = Duration::from_secs(2);

pub struct Replica {
    pub store: Store,
    /// When it was last asked, and what it said (None: it did not answer).
    last: Mutex<Option<(Instant, Option<Option<String>>)>>,
}

impl Replica {
    pub fn new(store: Store) -> Replica {
        Replica {
            store,
            last: Mutex::new(None),
        }
    }

    /// Whether to use it now, and the time its data is as of (inner None
    /// when it has replayed nothing since it started).
    async fn usable(&self) -> Option<Option<String>> {
        if let Ok(guard) = self.last.lock()
            && let Some((at, said)) = guard.as_ref()
            && at.elapsed() < RECHECK
        {
            return said.clone();
        }
        let said = tokio::time::timeout(Duration::from_secs(1), self.store.replayed_until())
            .await
            .ok()
            .and_then(Result::ok);
        if said.is_none() {
            tracing::warn!(
                "the read replica does not answer: public pages are served by the primary"
            );
        }
        self.remember(said.clone());
        said
    }

    fn remember(&self, said: Option<Option<String>>) {
        if let Ok(mut guard) = self.last.lock() {
            *guard = Some((Instant::now(), said));
        }
    }
}

/// Whether a request carries a session: then it is someone's, and theirs
/// is the primary's current data.
fn signed_in(req: &Request) -> bool {
    req.headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            c.trim()
                .starts_with(&format!("{}=", crate::auth::SESSION_COOKIE))
        })
}

/// A copy of a bodiless request, to ask the primary when the replica fails.
fn copy(req: &Request) -> Request {
    let mut out = Request::new(Body::empty());
    *out.method_mut() = req.method().clone();
    *out.uri_mut() = req.uri().clone();
    *out.version_mut() = req.version();
    *out.headers_mut() = req.headers().clone();
    if let Some(addr) = req.extensions().get::<ConnectInfo<SocketAddr>>() {
        out.extensions_mut().insert(*addr);
    }
    out
}

/// The router that sends anonymous reads to `on_replica` and everything
/// else to `on_primary`.
pub fn router(on_primary: Router, on_replica: Router, replica: std::sync::Arc<Replica>) -> Router {
    Router::new().fallback_service(tower::service_fn(move |req: Request| {
        let (primary, secondary, replica) = (on_primary.clone(), on_replica.clone(), replica.clone());
        async move {
            let reads = matches!(*req.method(), Method::GET | Method::HEAD) && !signed_in(&req);
            if reads && let Some(as_of) = replica.usable().await {
                let again = copy(&req);
                let answer: Response = AS_OF
                    .scope(as_of, secondary.oneshot(req))
                    .await
                    .unwrap_or_else(|e| match e {});
                if !answer.status().is_server_error() {
                    return Ok::<_, std::convert::Infallible>(answer);
                }
                tracing::warn!(status = %answer.status(), "the read replica failed a page: served by the primary");
                replica.remember(None);
                return Ok(primary.oneshot(again).await.unwrap_or_else(|e| match e {}));
            }
            Ok(primary.oneshot(req).await.unwrap_or_else(|e| match e {}))
        }
    }))
}

/// The line a page served from the replica shows, or nothing.
pub fn as_of_line() -> String {
    AS_OF
        .try_with(|a| a.clone())
        .ok()
        .flatten()
        .unwrap_or_default()
}
