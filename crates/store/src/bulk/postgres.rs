//! The bulk import on PostgreSQL: the rows streamed with `COPY` into a temporary
//! table and moved with one `INSERT … SELECT`, the sums written the same way, and
//! the writers of PostgreSQL's COPY text format.

use super::pg_swap;
use super::{BulkOutcome, BulkRow, BulkSource, value_columns, weights_of};
use crate::aggregates;
use crate::bulk_sums::{Acc, FreshSums};
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Connection;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use xanh_core::workflow::ReportState;

impl Store {
    pub(super) async fn bulk_postgres(
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
                "SELECT unit_code FROM reports WHERE period_id = $1 AND state <> $2",
            )
            .bind(*period)
            .bind(ReportState::Accepted.as_str())
            .fetch_all(&mut *tx)
            .await
            .doing("looking at a period's reports")?;
            if empty && !unaccepted.iter().any(|u| reporters.contains_key(u)) {
                fresh.insert(*period);
            }
        }
        // The reports the rows need, known from the stream (a DISTINCT over
        // the staged rows took 4 s on the national set).
        let (periods, reporters): (Vec<i64>, Vec<&str>) = carried
            .iter()
            .flat_map(|(p, rs)| rs.keys().map(move |r| (*p, r.as_str())))
            .unzip();
        sqlx::query(
            "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at, accepted_at) \
             SELECT p, r, CAST($2 AS TEXT), 1, $1, $1, $1 FROM UNNEST($3::BIGINT[], $4::TEXT[]) AS c(p, r) \
             ON CONFLICT (period_id, unit_code) DO NOTHING",
        )
        .bind(&now)
        .bind(ReportState::Accepted.as_str())
        .bind(&periods)
        .bind(&reporters)
        .execute(&mut *tx)
        .await
        .doing("opening reports for imported values")?;
        // Into an empty values table, a new table is built beside it and
        // swapped in (see `pg_swap`); otherwise, or if the swap is given up,
        // the rows go into the live one. Only when every period's sums come
        // from the stream: summing from the values reads the period's
        // framework on the pooled connection, which the swap's lock on the
        // periods would keep waiting until this transaction ends.
        let tried = !carried.is_empty()
            && fresh.len() == carried.len()
            && pg_swap::values_empty(&mut tx).await?;
        let swapped = tried && {
            pg_swap::build(&mut tx, &now).await?;
            pg_swap::swap(&mut tx).await?
        };
        if !swapped {
            insert_values(&mut tx, &now).await?;
        }
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
                let values = format!("{n} giá trị / values: {origin}");
                let at = crate::time_text::now();
                crate::audit_chain::append_pg(
                    &mut tx,
                    &crate::audit_chain::Entry {
                        at: &at,
                        user_id: None,
                        actor: by,
                        action: "import",
                        entity: "report",
                        entity_id: &id.to_string(),
                        field: Some("values"),
                        old: None,
                        new: Some(&values),
                        reason: None,
                    },
                )
                .await?;
                reports += 1;
            }
        }
        let computed = sums.finish();
        let periods: BTreeSet<i64> = carried.keys().copied().collect();
        if !swapped {
            analyse(&mut tx).await?;
        }
        // A swap given up (a value saved meanwhile): every period is summed
        // again from the values.
        let none = BTreeSet::new();
        let fresh = if tried && !swapped { &none } else { &fresh };
        write_sums(&mut tx, &mut pooled, &periods, computed, fresh, &mut buf).await?;
        tx.commit().await.doing("committing the import")?;
        Ok(Some(BulkOutcome {
            values: total,
            reports,
            periods: carried.len(),
        }))
    }
}

/// The planner must know what the import added before the sums are read
/// back from the values: on the national set, with the tables never
/// analysed, one period's sums took 14 s instead of 1.5 s. ANALYZE samples,
/// so it costs under a second even there.
async fn analyse(tx: &mut sqlx::PgConnection) -> Result<()> {
    sqlx::query("ANALYZE indicator_values, reports")
        .execute(&mut *tx)
        .await
        .doing("measuring the imported values")?;
    Ok(())
}

/// Each period's sums: those added up from the stream where the period is
/// `fresh`, else summed again from the stored values; then the nation's.
async fn write_sums(
    tx: &mut sqlx::PgConnection,
    pooled: &mut sqlx::AnyConnection,
    periods: &BTreeSet<i64>,
    mut computed: HashMap<i64, Vec<(String, String, Acc)>>,
    fresh: &BTreeSet<i64>,
    buf: &mut Vec<u8>,
) -> Result<()> {
    for &p in periods {
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
                    write_sum_row(buf, p, indicator, area, acc);
                }
                copy.send(buf.as_slice())
                    .await
                    .doing("storing a period's sums")?;
                copy.finish().await.doing("storing a period's sums")?;
            }
            _ => {
                let version = aggregates::version_of_period(pooled, p).await?;
                aggregates::counted(sqlx::query(aggregates::SUM_PERIOD).bind(p).bind(version))
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
    Ok(())
}

/// The staged rows into the live values table, each with the report that carries it.
async fn insert_values(tx: &mut sqlx::PgConnection, now: &str) -> Result<()> {
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
    .bind(now)
    .execute(&mut *tx)
    .await
    .doing("storing imported values")?;
    Ok(())
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
