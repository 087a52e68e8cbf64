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
//! takes a `COPY` into a temporary table and one `INSERT … SELECT`.

use crate::aggregates;
use crate::bulk_sums::{Acc, FreshSums};
use crate::error::{Doing, Result};
use crate::{Backend, Store, time_text};
use sqlx::{Connection, Row};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use xanh_core::report::Value;

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

    async fn bulk_sqlite(
        &self,
        source: &mut dyn BulkSource,
        origin: &str,
        by: &str,
    ) -> Result<Option<BulkOutcome>> {
        let now = time_text::now();
        let mut conn = self.pool.acquire().await.doing("starting the import")?;
        // A large page cache keeps the indexes in memory while they grow.
        sqlx::query("PRAGMA cache_size = -1048576")
            .execute(&mut *conn)
            .await
            .doing("preparing the import")?;
        let mut tx = conn.begin().await.doing("starting the import")?;
        // Into an empty table the secondary indexes are built once at the end,
        // by sorting, instead of grown row by row. Dropped and made again in
        // this transaction: a failure or a kill leaves them as they were.
        let rebuild = sqlx::query("SELECT 1 AS one FROM indicator_values LIMIT 1")
            .fetch_optional(&mut *tx)
            .await
            .doing("looking at the values")?
            .is_none();
        if rebuild {
            for sql in DROP_SECONDARY_SQLITE {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .doing("preparing the import")?;
            }
        }
        let mut reports: HashMap<(i64, String), Touched> = HashMap::new();
        let mut periods = BTreeSet::new();
        // Periods whose sums come from the import alone (empty before, accepted reports only).
        let mut fresh: HashMap<i64, bool> = HashMap::new();
        let mut sums: Option<FreshSums> = None;
        let mut json = Vec::with_capacity(1 << 20);
        let mut total = 0u64;
        while let Some(batch) = source.next_batch() {
            if !source.is_clean() {
                continue;
            }
            json.clear();
            json.push(b'[');
            for (i, row) in batch.iter().enumerate() {
                let key = (row.period_id, row.reporter.clone());
                let report_id = match reports.get_mut(&key) {
                    Some(t) => {
                        t.values += 1;
                        t.id
                    }
                    None => {
                        if let std::collections::hash_map::Entry::Vacant(e) =
                            fresh.entry(row.period_id)
                        {
                            e.insert(period_is_empty(&mut tx, row.period_id).await?);
                        }
                        if sums.is_none() {
                            sums = Some(FreshSums::new(weights_of(&mut tx, row.period_id).await?));
                        }
                        let (id, accepted) =
                            ensure_report(&mut tx, row.period_id, &row.reporter, &now).await?;
                        if !accepted {
                            fresh.insert(row.period_id, false);
                        }
                        reports.insert(key, Touched { id, values: 1 });
                        periods.insert(row.period_id);
                        id
                    }
                };
                if let Some(s) = sums.as_mut()
                    && fresh.get(&row.period_id) == Some(&true)
                {
                    s.add(row);
                }
                if i > 0 {
                    json.push(b',');
                }
                write_json_row(&mut json, row, report_id);
            }
            json.push(b']');
            total += batch.len() as u64;
            let text = String::from_utf8(std::mem::take(&mut json))
                .map_err(|e| crate::StoreError::Corrupt(format!("import batch: {e}")))?;
            sqlx::query(
                "INSERT INTO indicator_values (period_id, indicator_code, unit_code, report_id, value_num, \
                 value_bool, value_text, note, entered_by, entered_at, version) \
                 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, \
                 value ->> 6, value ->> 7, NULL, $2, 1 FROM json_each($1) WHERE true \
                 ON CONFLICT (period_id, indicator_code, unit_code) DO UPDATE SET report_id = excluded.report_id, \
                 value_num = excluded.value_num, value_bool = excluded.value_bool, value_text = excluded.value_text, \
                 note = excluded.note, entered_by = NULL, entered_at = excluded.entered_at, \
                 version = indicator_values.version + 1",
            )
            .bind(&text)
            .bind(&now)
            .execute(&mut *tx)
            .await
            .doing("storing imported values")?;
            json = text.into_bytes();
        }
        if !source.is_clean() {
            tx.rollback().await.doing("abandoning the import")?;
            return Ok(None);
        }
        source.finishing();
        for touched in reports.values() {
            sqlx::query("UPDATE reports SET version = version + 1, updated_at = $1 WHERE id = $2")
                .bind(&now)
                .bind(touched.id)
                .execute(&mut *tx)
                .await
                .doing("marking imported reports")?;
            crate::audit::record(
                &mut *tx,
                None,
                by,
                "import",
                "report",
                &touched.id.to_string(),
                Some("values"),
                None,
                Some(&format!("{} giá trị / values: {origin}", touched.values)),
                None,
            )
            .await?;
        }
        if rebuild {
            for sql in CREATE_SECONDARY_SQLITE {
                sqlx::query(sql)
                    .execute(&mut *tx)
                    .await
                    .doing("indexing the imported values")?;
            }
        }
        let mut computed = sums.map(FreshSums::finish).unwrap_or_default();
        for p in &periods {
            match computed.remove(p) {
                Some(rows) if fresh.get(p) == Some(&true) => write_sums(&mut tx, *p, &rows).await?,
                _ => aggregates::refresh_period(&mut tx, *p).await?,
            }
        }
        tx.commit().await.doing("committing the import")?;
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await
            .doing("finishing the import")?;
        Ok(Some(BulkOutcome {
            values: total,
            reports: reports.len(),
            periods: periods.len(),
        }))
    }

    async fn bulk_postgres(
        &self,
        source: &mut dyn BulkSource,
        origin: &str,
        by: &str,
    ) -> Result<Option<BulkOutcome>> {
        use sqlx::postgres::PgConnection;
        let now = time_text::now();
        let mut conn = PgConnection::connect(&self.url)
            .await
            .doing("connecting for the import")?;
        let mut tx = conn.begin().await.doing("starting the import")?;
        // Dropped at commit; gone with the session if the process dies.
        sqlx::query(
            "CREATE TEMP TABLE bulk_values (period_id BIGINT NOT NULL, indicator_code TEXT NOT NULL, \
             unit_code TEXT NOT NULL, reporter TEXT NOT NULL, value_num DOUBLE PRECISION, value_bool BIGINT, \
             value_text TEXT, note TEXT) ON COMMIT DROP",
        )
        .execute(&mut *tx)
        .await
        .doing("preparing the import")?;
        // The sums are added up while the rows stream by (as on SQLite); the
        // weights they need come from the framework of the first row's period.
        // Framework data, which the import does not change: read on a pooled
        // connection, as the COPY holds this one.
        let mut first = None;
        while let Some(batch) = source.next_batch() {
            if !batch.is_empty() {
                first = Some(batch);
                break;
            }
        }
        let mut pooled = self.pool.acquire().await.doing("reading the framework")?;
        let weights = match first.as_ref().and_then(|b| b.first()) {
            Some(row) => weights_of(&mut pooled, row.period_id).await?,
            None => HashMap::new(),
        };
        let mut sums = FreshSums::new(weights);
        // Period → reporter → how many values it carries.
        let mut carried: HashMap<i64, HashMap<String, u64>> = HashMap::new();
        let mut copy = tx
            .copy_in_raw("COPY bulk_values FROM STDIN")
            .await
            .doing("starting to copy values")?;
        let mut buf = Vec::with_capacity(1 << 20);
        let mut total = 0u64;
        let mut next = first;
        while let Some(batch) = next.take().or_else(|| source.next_batch()) {
            if !source.is_clean() {
                continue;
            }
            buf.clear();
            for row in &batch {
                write_copy_row(&mut buf, row);
                sums.add(row);
                let per = carried.entry(row.period_id).or_default();
                match per.get_mut(&row.reporter) {
                    Some(n) => *n += 1,
                    None => {
                        per.insert(row.reporter.clone(), 1);
                    }
                }
            }
            total += batch.len() as u64;
            copy.send(buf.as_slice()).await.doing("copying values")?;
        }
        if !source.is_clean() {
            copy.abort("refused").await.ok();
            tx.rollback().await.ok();
            return Ok(None);
        }
        source.finishing();
        copy.finish().await.doing("copying values")?;
        // The planner knows nothing of a table filled in this transaction.
        sqlx::query("ANALYZE bulk_values")
            .execute(&mut *tx)
            .await
            .doing("preparing the import")?;
        // A period whose sums the streamed ones are: empty before, and every
        // report that will carry its values accepted (or new, hence accepted).
        let mut fresh = BTreeSet::new();
        for (period, reporters) in &carried {
            let empty =
                sqlx::query("SELECT 1 AS one FROM indicator_values WHERE period_id = $1 LIMIT 1")
                    .bind(*period)
                    .fetch_optional(&mut *tx)
                    .await
                    .doing("looking at a period's values")?
                    .is_none();
            let unaccepted: Vec<String> = sqlx::query_scalar(
                "SELECT unit_code FROM reports WHERE period_id = $1 AND state <> 'accepted'",
            )
            .bind(*period)
            .fetch_all(&mut *tx)
            .await
            .doing("looking at a period's reports")?;
            if empty && !unaccepted.iter().any(|u| reporters.contains_key(u)) {
                fresh.insert(*period);
            }
        }
        sqlx::query(
            "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at, accepted_at) \
             SELECT DISTINCT period_id, reporter, 'accepted', 1, $1, $1, $1 FROM bulk_values \
             ON CONFLICT (period_id, unit_code) DO NOTHING",
        )
        .bind(&now)
        .execute(&mut *tx)
        .await
        .doing("opening reports for imported values")?;
        sqlx::query(
            "INSERT INTO indicator_values (period_id, indicator_code, unit_code, report_id, value_num, \
             value_bool, value_text, note, entered_by, entered_at, version) \
             SELECT b.period_id, b.indicator_code, b.unit_code, r.id, b.value_num, b.value_bool, b.value_text, \
             b.note, NULL, $1, 1 FROM bulk_values b \
             JOIN reports r ON r.period_id = b.period_id AND r.unit_code = b.reporter \
             ON CONFLICT (period_id, indicator_code, unit_code) DO UPDATE SET report_id = excluded.report_id, \
             value_num = excluded.value_num, value_bool = excluded.value_bool, value_text = excluded.value_text, \
             note = excluded.note, entered_by = NULL, entered_at = excluded.entered_at, \
             version = indicator_values.version + 1",
        )
        .bind(&now)
        .execute(&mut *tx)
        .await
        .doing("storing imported values")?;
        let mut reports = 0;
        for (period, reporters) in &carried {
            for (reporter, n) in reporters {
                let id: i64 = sqlx::query_scalar(
                    "UPDATE reports SET version = version + 1, updated_at = $1 \
                     WHERE period_id = $2 AND unit_code = $3 RETURNING id",
                )
                .bind(&now)
                .bind(*period)
                .bind(reporter)
                .fetch_one(&mut *tx)
                .await
                .doing("marking imported reports")?;
                sqlx::query(
                    "INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, field, old_value, new_value, reason) \
                     VALUES ($1, NULL, $2, 'import', 'report', $3, 'values', NULL, $4, NULL)",
                )
                .bind(&now)
                .bind(by)
                .bind(id.to_string())
                .bind(format!("{n} giá trị / values: {origin}"))
                .execute(&mut *tx)
                .await
                .doing("recording the import in the audit trail")?;
                reports += 1;
            }
        }
        let mut computed = sums.finish();
        for p in carried.keys().copied().collect::<BTreeSet<_>>() {
            sqlx::query(aggregates::CLEAR_PERIOD)
                .bind(p)
                .execute(&mut *tx)
                .await
                .doing("clearing a period's sums")?;
            match computed.remove(&p) {
                Some(rows) if fresh.contains(&p) => {
                    let mut copy = tx
                        .copy_in_raw(
                            "COPY value_aggregates (period_id, indicator_code, area_code, reported, n, total, \
                             weighted_n, weighted_total, weight_total) FROM STDIN",
                        )
                        .await
                        .doing("storing a period's sums")?;
                    buf.clear();
                    for (indicator, area, acc) in &rows {
                        write_sum_row(&mut buf, p, indicator, area, acc);
                    }
                    copy.send(buf.as_slice())
                        .await
                        .doing("storing a period's sums")?;
                    copy.finish().await.doing("storing a period's sums")?;
                }
                _ => {
                    let version = aggregates::version_of_period(&mut pooled, p).await?;
                    sqlx::query(aggregates::SUM_PERIOD)
                        .bind(p)
                        .bind(version)
                        .execute(&mut *tx)
                        .await
                        .doing("summing a period's values")?;
                }
            }
            sqlx::query(aggregates::SUM_PERIOD_NATION)
                .bind(p)
                .execute(&mut *tx)
                .await
                .doing("summing a period's areas")?;
            sqlx::query(aggregates::BUMP_GENERATION)
                .bind(p)
                .execute(&mut *tx)
                .await
                .doing("marking the sums as changed")?;
        }
        tx.commit().await.doing("committing the import")?;
        Ok(Some(BulkOutcome {
            values: total,
            reports,
            periods: carried.len(),
        }))
    }
}

/// The secondary indexes of `indicator_values` (migration 0001, SQLite), as
/// the migration makes them: `tests/it/bulk_import.rs` checks that an import
/// into an empty table leaves the schema exactly as the migrations left it.
const DROP_SECONDARY_SQLITE: [&str; 2] = [
    "DROP INDEX indicator_values_by_indicator",
    "DROP INDEX indicator_values_by_report",
];
const CREATE_SECONDARY_SQLITE: [&str; 2] = [
    "CREATE INDEX indicator_values_by_indicator ON indicator_values (indicator_code, period_id)",
    "CREATE INDEX indicator_values_by_report ON indicator_values (report_id)",
];

/// The report that carries a reporter's values in a period, made (accepted) if missing.
async fn ensure_report(
    conn: &mut sqlx::AnyConnection,
    period_id: i64,
    unit: &str,
    now: &str,
) -> Result<(i64, bool)> {
    sqlx::query(
        "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at, accepted_at) \
         VALUES ($1, $2, 'accepted', 1, $3, $3, $3) ON CONFLICT (period_id, unit_code) DO NOTHING",
    )
    .bind(period_id)
    .bind(unit)
    .bind(now)
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

/// `[period, indicator, unit, report, num, bool, text, note]` as JSON.
fn write_json_row(out: &mut Vec<u8>, row: &BulkRow, report_id: i64) {
    let (num, yes, text) = value_columns(&row.value);
    // Writing into a Vec cannot fail; serde_json escapes the strings.
    let _ = write!(out, "[{},", row.period_id);
    let _ = serde_json::to_writer(&mut *out, &row.indicator);
    out.push(b',');
    let _ = serde_json::to_writer(&mut *out, &row.unit);
    let _ = write!(out, ",{report_id},");
    match num {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    match yes {
        Some(b) => {
            let _ = write!(out, "{b}");
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    let _ = serde_json::to_writer(&mut *out, &text);
    out.push(b',');
    let _ = serde_json::to_writer(&mut *out, &row.note);
    out.push(b']');
}

/// One line of sums in PostgreSQL's COPY text format.
fn write_sum_row(out: &mut Vec<u8>, period_id: i64, indicator: &str, area: &str, s: &Acc) {
    let _ = write!(out, "{period_id}\t");
    copy_text(out, Some(indicator));
    out.push(b'\t');
    copy_text(out, Some(area));
    let _ = writeln!(
        out,
        "\t{}\t{}\t{}\t{}\t{}\t{}",
        s.reported, s.n, s.total, s.weighted_n, s.weighted_total, s.weight_total
    );
}

/// One line of PostgreSQL's COPY text format.
fn write_copy_row(out: &mut Vec<u8>, row: &BulkRow) {
    let (num, yes, text) = value_columns(&row.value);
    let _ = write!(out, "{}\t", row.period_id);
    copy_text(out, Some(&row.indicator));
    out.push(b'\t');
    copy_text(out, Some(&row.unit));
    out.push(b'\t');
    copy_text(out, Some(&row.reporter));
    out.push(b'\t');
    match num {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
    out.push(b'\t');
    match yes {
        Some(b) => {
            let _ = write!(out, "{b}");
        }
        None => out.extend_from_slice(b"\\N"),
    }
    out.push(b'\t');
    copy_text(out, text);
    out.push(b'\t');
    copy_text(out, row.note.as_deref());
    out.push(b'\n');
}

fn copy_text(out: &mut Vec<u8>, text: Option<&str>) {
    let Some(text) = text else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}
