//! Test databases, a running server, and the command-line binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use xanh_store::Store;

pub const BUILTIN: &str = include_str!("../../frameworks/kon-tum-598-2014.toml");

/// Runs the same async test body on each database:
/// `both_databases! { async fn name(db) { … } }` makes `name::on_sqlite` and `name::on_postgres`.
macro_rules! both_databases {
    ($(async fn $name:ident($db:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                async fn run($db: $crate::helpers::TestDb) $body
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn on_sqlite() {
                    run($crate::helpers::TestDb::sqlite().await).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(
                    not(xanh_postgres),
                    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
                )]
                async fn on_postgres() {
                    run($crate::helpers::TestDb::postgres().await).await
                }
            }
        )*
    };
}
pub(crate) use both_databases;

/// A fresh, migrated database: a SQLite file in a temporary directory, or a
/// PostgreSQL database created for this test and dropped after it.
pub struct TestDb {
    pub url: String,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "xanh_t_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("a temporary directory can be made");
        let url = xanh_store::sqlite_url(&dir.path().join("xanh.db"));
        let store = Store::connect(&url)
            .await
            .expect("SQLite opens and migrates");
        TestDb {
            url,
            store,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A database on the PostgreSQL that XANH_TEST_POSTGRES_URL names. The
    /// PostgreSQL variants are ignored (and say so) when it was not set at
    /// build time; set at build time but missing now is a failure, never a pass.
    pub async fn postgres() -> TestDb {
        let admin = std::env::var("XANH_TEST_POSTGRES_URL")
            .expect("XANH_TEST_POSTGRES_URL names the PostgreSQL these tests were built for");
        let name = unique_name();
        pg_admin(&admin, &format!("CREATE DATABASE {name}")).await;
        let url = pg_url_with_db(&admin, &name);
        let store = Store::connect(&url)
            .await
            .expect("PostgreSQL opens and migrates");
        TestDb {
            url,
            store,
            _dir: None,
            pg: Some((admin, name)),
        }
    }

    /// Opens the same database again, as a restarted server would.
    pub async fn reopen(&self) -> Store {
        Store::connect(&self.url)
            .await
            .expect("the database reopens")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Drop runs outside async; a thread of its own can block on the cleanup.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime for cleanup");
                rt.block_on(pg_admin(
                    &admin,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ));
            })
            .join();
        }
    }
}

async fn pg_admin(admin_url: &str, sql: &str) {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(admin_url)
        .await
        .expect("the PostgreSQL admin URL connects");
    // Database names are made by the tests themselves, never taken from input.
    conn.execute(sqlx::AssertSqlSafe(sql.to_string()))
        .await
        .expect("admin statement runs");
    let _ = conn.close().await;
}

/// The admin URL with its database name replaced.
pub fn pg_url_with_db(admin: &str, db: &str) -> String {
    let (base, query) = match admin.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin, String::new()),
    };
    let rest = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    let prefix_len = base.len() - rest.len();
    let host_part = rest.split('/').next().unwrap_or(rest);
    format!("{}{host_part}/{db}{query}", &base[..prefix_len])
}

/// The server running in this process on a free port, over a test database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn start(store: Store) -> TestApp {
        Self::start_with(xanh_web::AppState::new(store)).await
    }

    pub async fn start_with(state: xanh_web::AppState) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("the bound address");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(xanh_web::serve(listener, state, async move {
            let _ = rx.await;
        }));
        TestApp {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            shutdown: Some(tx),
        }
    }

    pub async fn get(&self, path: &str) -> (u16, String, reqwest::header::HeaderMap) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, response.text().await.expect("a body"), headers)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A store with the built-in framework imported.
pub async fn with_builtin(store: &Store) {
    let loaded = xanh_core::framework::load(BUILTIN).expect("the built-in framework is valid");
    store
        .import_framework(BUILTIN, &loaded.framework, Some("test"))
        .await
        .expect("the built-in framework imports");
}

/// Runs the `xanh` binary.
pub fn xanh(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xanh"));
    cmd.args(args).env_remove("XANH_DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the xanh binary runs")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn builtin_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/kon-tum-598-2014.toml")
}
