//! Loading values in bulk (`xanh import values`), all or nothing.
//!
//! How bulk values relate to reports: each value is carried by the report of
//! its *reporter* for the period — the unit's area (the province, for a
//! commune), or the unit itself when it has none. A report that does not
//! exist yet is created as accepted: an import is the official statistics of
//! that area, loaded by an administrator, and the public pages show accepted
//! figures only. A report that exists keeps its state (a draft stays a draft
//! until it is accepted), gets a new version (so an edit form opened before
//! the import meets a conflict instead of overwriting it) and one audit entry
//! saying how many values the import brought and from which file. The
//! per-area sums are rewritten in the same transaction.
//!
//! The rows are read and checked by the caller (`BulkSource`); this module
//! only writes. Only the filling is specialised per backend: SQLite takes
//! batches as one JSON array each through one reused statement; PostgreSQL
//! takes a `COPY` into a temporary table and one `INSERT … SELECT`, or, into
//! an empty values table, a new table swapped in at the end (`pg_swap`). This
//! module holds the entry point and what both backends share (the reports an
//! import touches, the weights, the sums); `sqlite` and `postgres` the filling.

use crate::aggregates;
use crate::bulk_sums::Acc;
use crate::error::{Doing, Result};
use crate::{Backend, Store};
use sqlx::Row;
use std::collections::HashMap;
use xanh_core::report::Value;

mod pg_swap;
mod postgres;
mod sqlite;

/// One checked value.
#[derive(Debug, Clone)]
pub struct BulkRow {
    pub period_id: i64,
    pub indicator: String,
    pub unit: String,
    /// The unit whose report carries the value (see the module comment).
    pub reporter: String,
    /// The area whose sums the value feeds: a territorial unit's parent; None otherwise.
    pub area: Option<String>,
    pub value: Value,
    pub note: Option<String>,
}

/// Where the rows come from: the caller reads and checks them.
pub trait BulkSource: Send {
    /// The next checked rows (no period × indicator × unit twice in the whole
    /// source); None at the end. Once a row is refused the
    /// source keeps reading (to name every problem) but nothing is stored.
    fn next_batch(&mut self) -> Option<Vec<BulkRow>>;
    /// Whether every row so far was valid.
    fn is_clean(&self) -> bool;
    /// Called when the rows are all read and the database is finishing the work.
    fn finishing(&mut self) {}
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOutcome {
    pub values: u64,
    pub reports: usize,
    pub periods: usize,
}

/// A report touched by the import, with the number of values it received.
struct Touched {
    id: i64,
    values: u64,
}

impl Store {
    /// Stores every row of `source` in one transaction, or nothing when the
    /// source found a problem (then `Ok(None)`). `origin` names the file in
    /// the audit trail.
    pub async fn bulk_import(
        &self,
        source: &mut dyn BulkSource,
        origin: &str,
        by: &str,
    ) -> Result<Option<BulkOutcome>> {
        match self.backend {
            Backend::Sqlite => self.bulk_sqlite(source, origin, by).await,
            Backend::Postgres => self.bulk_postgres(source, origin, by).await,
        }
    }
}

/// The report that carries a reporter's values in a period, made (accepted) if missing.
async fn ensure_report(
    conn: &mut sqlx::AnyConnection,
    period_id: i64,
    unit: &str,
    now: &str,
) -> Result<(i64, bool)> {
    sqlx::query(
        "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at, accepted_at) \
         VALUES ($1, $2, $4, 1, $3, $3, $3) ON CONFLICT (period_id, unit_code) DO NOTHING",
    )
    .bind(period_id)
    .bind(unit)
    .bind(now)
    .bind(xanh_core::workflow::ReportState::Accepted.as_str())
    .execute(&mut *conn)
    .await
    .doing("opening a report for imported values")?;
    let row = sqlx::query("SELECT id, state FROM reports WHERE period_id = $1 AND unit_code = $2")
        .bind(period_id)
        .bind(unit)
        .fetch_one(&mut *conn)
        .await
        .doing("finding a report for imported values")?;
    let id: i64 = row.try_get("id").doing("reading a report id")?;
    let state: String = row.try_get("state").doing("reading a report state")?;
    Ok((id, state == "accepted"))
}

/// Whether a period holds no value yet (its sums can then come from the import alone).
async fn period_is_empty(conn: &mut sqlx::AnyConnection, period_id: i64) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 AS one FROM indicator_values WHERE period_id = $1 LIMIT 1")
            .bind(period_id)
            .fetch_optional(&mut *conn)
            .await
            .doing("looking at a period's values")?
            .is_none(),
    )
}

/// Indicator → the indicator that weighs it, in the framework version a period follows.
async fn weights_of(
    conn: &mut sqlx::AnyConnection,
    period_id: i64,
) -> Result<HashMap<String, String>> {
    let version = aggregates::version_of_period(conn, period_id).await?;
    sqlx::query("SELECT code, weight_code FROM indicators WHERE version_id = $1 AND weight_code IS NOT NULL")
        .bind(version)
        .fetch_all(&mut *conn)
        .await
        .doing("reading the weights")?
        .iter()
        .map(|r| Ok((r.try_get("code")?, r.try_get("weight_code")?)))
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading the weights")
}

/// Writes sums computed during the import, then the nation's, for one period.
async fn write_sums(
    conn: &mut sqlx::AnyConnection,
    period_id: i64,
    rows: &[(String, String, Acc)],
) -> Result<()> {
    sqlx::query(aggregates::CLEAR_PERIOD)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("clearing a period's sums")?;
    let json = serde_json::to_string(
        &rows
            .iter()
            .map(|(i, a, s)| {
                (
                    period_id,
                    i,
                    a,
                    s.reported,
                    s.n,
                    s.total,
                    s.weighted_n,
                    s.weighted_total,
                    s.weight_total,
                )
            })
            .collect::<Vec<_>>(),
    )
    .map_err(|e| crate::StoreError::Corrupt(format!("sums: {e}")))?;
    sqlx::query(
        "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, \
         weighted_total, weight_total) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, \
         value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each($1)",
    )
    .bind(json)
    .execute(&mut *conn)
    .await
    .doing("storing a period's sums")?;
    sqlx::query(aggregates::SUM_PERIOD_NATION)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("summing a period's areas")?;
    sqlx::query(aggregates::BUMP_GENERATION)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("marking the sums as changed")?;
    Ok(())
}

fn value_columns(v: &Value) -> (Option<f64>, Option<i64>, Option<&str>) {
    match v {
        Value::Number(n) => (Some(*n), None, None),
        Value::YesNo(b) => (None, Some(i64::from(*b)), None),
        Value::Text(t) => (None, None, Some(t.as_str())),
    }
}
