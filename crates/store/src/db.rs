//! Connecting to SQLite or PostgreSQL through one pool type, and migrating.

use crate::error::{Doing, Result, StoreError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Which database a URL names: `postgres://` / `postgresql://` or `sqlite:`.
pub fn backend_of(url: &str) -> Result<Backend> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else {
        Err(StoreError::Invalid {
            field: "database".into(),
            reason: "the database URL must start with sqlite: or postgres://".into(),
        })
    }
}

/// The SQLite URL of a database file, created on first use.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

pub(crate) async fn connect(url: &str) -> Result<(AnyPool, Backend)> {
    sqlx::any::install_default_drivers();
    let backend = backend_of(url)?;
    if backend == Backend::Sqlite {
        create_parent_dir(url)?;
    }
    // A SQLite URL as people write it (`sqlite:///srv/xanh.db`) names a file
    // to create on first use, as the default one is; sqlx would refuse a file
    // that does not exist yet unless told `mode=rwc`.
    let url = &if backend == Backend::Sqlite && !url.contains("mode=") {
        format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
    } else {
        url.to_string()
    };
    let options = AnyConnectOptions::from_str(url).doing("reading the database URL")?;
    let pool = AnyPoolOptions::new()
        .max_connections(match backend {
            // One writer at a time is SQLite's model; a few readers share WAL.
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Per connection: enforce references, wait for the writer
                    // instead of failing, and sync the WAL at every commit.
                    // WAL + NORMAL survives a killed process but may lose the
                    // last commits on a power cut, after the user was told
                    // "saved"; FULL makes an acknowledged save durable. The
                    // cost is one fsync per commit, small for a form save.
                    conn.execute(
                        "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .doing("connecting to the database")?;
    if backend == Backend::Sqlite {
        pool.execute("PRAGMA journal_mode = WAL;")
            .await
            .doing("switching SQLite to WAL mode")?;
    }
    match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await,
        Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await,
    }
    .map_err(|e| StoreError::Database {
        doing: "migrating the database schema",
        source: e.into(),
    })?;
    Ok((pool, backend))
}

/// A pool on a read-only PostgreSQL replica: no migrations (the primary
/// runs them and they replicate), connected on first use so that a replica
/// that is down at start-up does not stop the server, and quick to give up.
pub fn connect_replica(url: &str) -> Result<AnyPool> {
    if backend_of(url)? != Backend::Postgres {
        return Err(StoreError::Invalid {
            field: "read_database".into(),
            reason: "a read replica is a PostgreSQL database (postgres://…)".into(),
        });
    }
    sqlx::any::install_default_drivers();
    let options = AnyConnectOptions::from_str(url).doing("reading the replica's URL")?;
    Ok(AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy_with(options))
}

/// The file a SQLite URL names, or None for an in-memory database.
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(std::path::PathBuf::from(path))
    }
}

fn create_parent_dir(url: &str) -> Result<()> {
    let Some(path) = sqlite_path(url) else {
        return Ok(());
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Invalid {
            field: "database".into(),
            reason: format!("cannot create the data directory {}: {e}", dir.display()),
        })?;
    }
    Ok(())
}

/// Binds an optional `f64`. sqlx 0.9's `Any` driver sends a NULL `f64` to
/// PostgreSQL declared as `float4` (and a NULL `f32` as `float8`), which the
/// server refuses for a `DOUBLE PRECISION` column; binding the NULL as `f32`
/// arrives as the right type. SQLite does not care either way.
pub(crate) fn bind_f64<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    value: Option<f64>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    match value {
        Some(v) => query.bind(v),
        None => query.bind(None::<f32>),
    }
}
