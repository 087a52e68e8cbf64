//! Xanh's persistence. One code path serves SQLite (the default, a file) and
//! PostgreSQL: every query goes through sqlx's `Any` driver with `$n`
//! placeholders, and each backend embeds its own migration folder, kept in
//! step by a schema comparison test.

mod admin_registry;
mod admin_registry_read;
pub mod aggregates;
pub mod audit;
pub mod audit_chain;
pub mod backup;
mod bulk;
mod bulk_sums;
mod continuity;
mod db;
mod error;
mod frameworks;
mod issued;
mod provincial;
mod published;
mod ratings;
mod reports;
mod settings;
mod submitted;
mod time_text;
mod unit_registry;
mod units;
mod users;

pub use admin_registry::RegistryImport;
pub use admin_registry_read::{AdminUnit, FormerUnit, Predecessor, Successor};
pub use aggregates::{AggregateRow, NATION};
pub use audit::AuditRow;
pub use bulk::{BulkOutcome, BulkRow, BulkSource};
pub use db::{Backend, backend_of, sqlite_url};
pub use error::{Result, StoreError};
pub use frameworks::{FrameworkSummary, ImportOutcome, PeriodRow, StoredFramework};
pub use issued::SigningState;
pub use provincial::{ProvincialIssue, ProvincialRow};
pub use published::PublishedValue;
pub use ratings::RatingRow;
pub use reports::{
    CommentRow, ContributionRow, NarrativeChange, NarrativeRow, ReportRow, ValueChange, ValueRow,
    transition_error,
};
pub use submitted::{SubmissionKey, SubmittedDocument};
pub use users::{NewUser, SessionRow, UserRow, token_hash};

use sqlx::AnyPool;

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Kept for the PostgreSQL bulk import, which needs a native connection (COPY).
    url: String,
}

/// The URL may hold a password: it is left out.
impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Connects, creating the SQLite file on first use, and runs pending migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let (pool, backend) = db::connect(url).await?;
        let store = Store {
            pool,
            backend,
            url: url.to_string(),
        };
        // Entries from before the hash chain (or written around Xanh) are
        // sealed into it before anything else writes.
        store.seal_audit_chain().await?;
        Ok(store)
    }

    /// A store reading a PostgreSQL streaming replica (see `db::connect_replica`).
    pub fn replica(url: &str) -> Result<Store> {
        Ok(Store {
            pool: db::connect_replica(url)?,
            backend: Backend::Postgres,
            url: url.to_string(),
        })
    }

    /// Where a replica's data stands: the time of the last transaction it
    /// replayed, in Vietnam time ("22:41 04/12/2026"), or None when it has
    /// replayed none since it started. An error when it does not answer.
    pub async fn replayed_until(&self) -> Result<Option<String>> {
        use error::Doing;
        use sqlx::Row;
        sqlx::query(
            "SELECT to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI DD/MM/YYYY') AS t",
        )
        .fetch_one(&self.pool)
        .await
        .doing("asking the replica where it stands")?
        .try_get("t")
        .doing("asking the replica where it stands")
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests and tools that inspect the schema.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Checks that the database answers.
    pub async fn health(&self) -> Result<()> {
        use error::Doing;
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .doing("checking the database")?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
