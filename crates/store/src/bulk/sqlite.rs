//! The bulk import on SQLite: the secondary indexes of `indicator_values` dropped
//! while an empty table is filled and made again after, and the rows sent in
//! batches, each one JSON array through one reused statement.

use super::{
    BulkOutcome, BulkRow, BulkSource, Touched, ensure_report, period_is_empty, value_columns,
    weights_of, write_sums,
};
use crate::aggregates;
use crate::bulk_sums::FreshSums;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Connection;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

impl Store {
    pub(super) async fn bulk_sqlite(
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
                &mut tx,
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
