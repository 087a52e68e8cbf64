//! What backup and restore need from the database itself. SQLite copies
//! itself (`VACUUM INTO`); PostgreSQL is dumped and restored by its own tools,
//! which the `xanh` binary runs as subprocesses.

pub use crate::db::sqlite_path;
use crate::db::{Backend, backend_of};
use crate::error::{Doing, Result, StoreError};
use sqlx::{AnyConnection, Connection, Row};
use std::path::Path;

/// Writes a consistent copy of the live SQLite database at `url` to `path`,
/// which must not exist, without migrating or otherwise touching the source.
/// `VACUUM INTO` reads inside one read transaction: writers carry on (WAL),
/// and the copy holds every write committed before it began and none after.
pub async fn sqlite_snapshot(url: &str, path: &Path) -> Result<()> {
    sqlx::any::install_default_drivers();
    let Some(source) = sqlite_path(url).filter(|p| p.exists()) else {
        return Err(StoreError::NotFound(format!("the SQLite database {url}")));
    };
    let mut conn = AnyConnection::connect(&format!("sqlite://{}", source.display()))
        .await
        .doing("opening the database")?;
    sqlx::query("PRAGMA busy_timeout = 10000")
        .execute(&mut conn)
        .await
        .doing("opening the database")?;
    sqlx::query("VACUUM INTO $1")
        .bind(path.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await
        .doing("copying the database")?;
    let _ = conn.close().await;
    Ok(())
}

/// How many tables the database at `url` holds, read without creating or
/// migrating anything: 0 for a SQLite file that does not exist yet or a
/// PostgreSQL database just made with `createdb`.
pub async fn table_count(url: &str) -> Result<i64> {
    sqlx::any::install_default_drivers();
    let (url, sql) = match backend_of(url)? {
        Backend::Sqlite => {
            let Some(path) = sqlite_path(url).filter(|p| p.exists()) else {
                return Ok(0);
            };
            (
                // Read-only: looking must not create the file.
                format!("sqlite://{}?mode=ro", path.display()),
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            )
        }
        Backend::Postgres => (
            url.to_string(),
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
        ),
    };
    let mut conn = AnyConnection::connect(&url)
        .await
        .doing("connecting to the database")?;
    let n: i64 = sqlx::query(sql)
        .fetch_one(&mut conn)
        .await
        .doing("counting the tables")?
        .try_get(0)
        .doing("counting the tables")?;
    let _ = conn.close().await;
    Ok(n)
}

/// Checks that `path` is an intact SQLite copy of a Xanh database: SQLite's
/// own integrity check passes and the migration history is there.
pub async fn check_sqlite_backup(path: &Path) -> Result<()> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut conn = AnyConnection::connect(&url)
        .await
        .doing("opening the backup")?;
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .doing("checking the backup's integrity")?
        .try_get(0)
        .doing("checking the backup's integrity")?;
    let migrations: i64 = sqlx::query(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut conn)
    .await
    .doing("reading the backup's schema")?
    .try_get(0)
    .doing("reading the backup's schema")?;
    let _ = conn.close().await;
    if verdict != "ok" {
        return Err(StoreError::Corrupt(format!(
            "the backup fails SQLite's integrity check: {verdict}"
        )));
    }
    if migrations == 0 {
        return Err(StoreError::Invalid {
            field: "backup".into(),
            reason: "the file is a SQLite database but not a Xanh one (no migration history)"
                .into(),
        });
    }
    Ok(())
}
