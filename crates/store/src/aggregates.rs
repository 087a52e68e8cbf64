//! Precomputed sums per period × indicator × area (see migration 0006).
//!
//! Consolidating a whole country (3,300 communes × 200 indicators × 16 years)
//! from the values on every request is too slow, so the sums that every
//! aggregation rule needs (count, total, weighted total, total weight) are kept
//! per area and for the nation ('*'). They are rewritten from the values in the
//! same transaction as every change that can move them: a value saved or
//! cleared, a report accepted or reopened, a bulk import, a new framework
//! version. Only numeric values of accepted reports count, as on the public
//! pages. Rewriting a key from the values (rather than adding deltas) keeps
//! the sums exactly what a recomputation gives.

use crate::Store;
use crate::error::{Doing, Result};
use sqlx::query::Query;
use sqlx::{AnyConnection, Row};
use xanh_core::framework::UnitKind;
use xanh_core::workflow::ReportState;

/// Binds what the sums count, after a statement's own parameters: values of
/// accepted reports, from territorial units. Core's codes, bound as
/// parameters, never written into the SQL (which must say `r.state = $k`,
/// `w.report_id IN (SELECT id FROM reports WHERE state = $k)` and
/// `u.kind IN ($k+1, …, $k+4)`).
pub(crate) fn counted<'q, DB>(q: Query<'q, DB, DB::Arguments>) -> Query<'q, DB, DB::Arguments>
where
    DB: sqlx::Database,
    &'static str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    territorial(q.bind(ReportState::Accepted.as_str()))
}

/// Binds the territorial kinds of unit (`kind IN ($k, …, $k+3)`), after a
/// statement's own parameters.
pub(crate) fn territorial<'q, DB>(q: Query<'q, DB, DB::Arguments>) -> Query<'q, DB, DB::Arguments>
where
    DB: sqlx::Database,
    &'static str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    UnitKind::TERRITORIAL
        .into_iter()
        .fold(q, |q, k| q.bind(k.as_str()))
}

/// The area code of the sums over all areas.
pub const NATION: &str = "*";

/// The sums of one period × indicator × area.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateRow {
    pub year: i32,
    pub indicator: String,
    pub area: String,
    /// Values of any kind: how many units reported.
    pub reported: i64,
    /// Numeric values, which the rules combine.
    pub n: i64,
    pub total: f64,
    pub weighted_n: i64,
    pub weighted_total: f64,
    pub weight_total: f64,
}

/// The framework version whose indicators (and weight rules) a period follows: the current one.
pub(crate) async fn version_of_period(conn: &mut AnyConnection, period_id: i64) -> Result<i64> {
    sqlx::query(VERSION_OF_PERIOD)
        .bind(period_id)
        .fetch_one(&mut *conn)
        .await
        .doing("finding the framework of a period")?
        .try_get::<Option<i64>, _>("id")
        .doing("reading the framework version")?
        .ok_or_else(|| crate::StoreError::NotFound(format!("period {period_id}")))
}

/// Shared by the pooled path and the PostgreSQL bulk path (same SQL on both).
pub(crate) const CLEAR_PERIOD: &str = "DELETE FROM value_aggregates WHERE period_id = $1";

/// Shared by the pooled path and the PostgreSQL bulk path (same SQL on both).
pub(crate) const SUM_PERIOD: &str = "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, weighted_total, weight_total) \
         SELECT v.period_id, v.indicator_code, u.parent_code, COUNT(*), COUNT(v.value_num), \
         COALESCE(SUM(v.value_num), 0), COUNT(v.value_num * w.value_num), \
         COALESCE(SUM(v.value_num * w.value_num), 0), \
         COALESCE(SUM(CASE WHEN v.value_num IS NOT NULL THEN w.value_num END), 0) \
         FROM indicator_values v \
         JOIN reports r ON r.id = v.report_id AND r.state = $3 \
         JOIN org_units u ON u.code = v.unit_code AND u.parent_code IS NOT NULL \
           AND u.kind IN ($4, $5, $6, $7) \
         LEFT JOIN indicators i ON i.version_id = $2 AND i.code = v.indicator_code \
         LEFT JOIN indicator_values w ON w.period_id = v.period_id AND w.unit_code = v.unit_code \
           AND w.indicator_code = i.weight_code AND w.value_num > 0 \
           AND w.report_id IN (SELECT id FROM reports WHERE state = $3) \
         WHERE v.period_id = $1 \
         GROUP BY v.period_id, v.indicator_code, u.parent_code";

/// Shared by the pooled path and the PostgreSQL bulk path (same SQL on both).
pub(crate) const SUM_PERIOD_NATION: &str = "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, weighted_total, weight_total) \
         SELECT period_id, indicator_code, '*', CAST(SUM(reported) AS BIGINT), CAST(SUM(n) AS BIGINT), SUM(total), CAST(SUM(weighted_n) AS BIGINT), \
         SUM(weighted_total), SUM(weight_total) FROM value_aggregates \
         WHERE period_id = $1 AND area_code <> '*' GROUP BY period_id, indicator_code";

/// The current framework version of a period.
pub(crate) const VERSION_OF_PERIOD: &str = "SELECT MAX(fv.id) AS id FROM framework_versions fv \
     JOIN reporting_periods p ON p.framework_id = fv.framework_id WHERE p.id = $1";

pub(crate) const BUMP_GENERATION: &str = "INSERT INTO aggregate_generation (period_id, generation) VALUES ($1, 1) \
     ON CONFLICT (period_id) DO UPDATE SET generation = aggregate_generation.generation + 1";

/// Rewrites every sum of a period (after a bulk import or a new framework version).
pub(crate) async fn refresh_period(conn: &mut AnyConnection, period_id: i64) -> Result<()> {
    let version = version_of_period(conn, period_id).await?;
    sqlx::query(CLEAR_PERIOD)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("clearing a period's sums")?;
    counted(sqlx::query(SUM_PERIOD).bind(period_id).bind(version))
        .execute(&mut *conn)
        .await
        .doing("summing a period's values")?;
    sqlx::query(SUM_PERIOD_NATION)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("summing a period's areas")?;
    bump_generation(conn, period_id).await
}

/// Rewrites the sums of one area in a period (a report accepted or reopened),
/// and the nation's sums of that period.
pub(crate) async fn refresh_area(
    conn: &mut AnyConnection,
    period_id: i64,
    area: &str,
) -> Result<()> {
    let version = version_of_period(conn, period_id).await?;
    sqlx::query("DELETE FROM value_aggregates WHERE period_id = $1 AND area_code = $2")
        .bind(period_id)
        .bind(area)
        .execute(&mut *conn)
        .await
        .doing("clearing an area's sums")?;
    counted(sqlx::query(
        "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, weighted_total, weight_total) \
         SELECT v.period_id, v.indicator_code, u.parent_code, COUNT(*), COUNT(v.value_num), \
         COALESCE(SUM(v.value_num), 0), COUNT(v.value_num * w.value_num), \
         COALESCE(SUM(v.value_num * w.value_num), 0), \
         COALESCE(SUM(CASE WHEN v.value_num IS NOT NULL THEN w.value_num END), 0) \
         FROM org_units u \
         JOIN indicator_values v ON v.unit_code = u.code AND v.period_id = $1 \
         JOIN reports r ON r.id = v.report_id AND r.state = $4 \
         LEFT JOIN indicators i ON i.version_id = $2 AND i.code = v.indicator_code \
         LEFT JOIN indicator_values w ON w.period_id = v.period_id AND w.unit_code = v.unit_code \
           AND w.indicator_code = i.weight_code AND w.value_num > 0 \
           AND w.report_id IN (SELECT id FROM reports WHERE state = $4) \
         WHERE u.parent_code = $3 AND u.kind IN ($5, $6, $7, $8) \
         GROUP BY v.period_id, v.indicator_code, u.parent_code",
    ).bind(period_id)
    .bind(version)
    .bind(area))
    .execute(&mut *conn)
    .await
    .doing("summing an area's values")?;
    refresh_nation(conn, period_id, None, version).await?;
    bump_generation(conn, period_id).await
}

/// Rewrites the sums that one saved value can move: its indicator and every
/// indicator it weighs, in its unit's area, and the nation's.
pub(crate) async fn refresh_value(
    conn: &mut AnyConnection,
    period_id: i64,
    indicator: &str,
    unit: &str,
) -> Result<()> {
    let area: Option<String> = territorial(
        sqlx::query(
            "SELECT parent_code FROM org_units WHERE code = $1 AND kind IN ($2, $3, $4, $5)",
        )
        .bind(unit),
    )
    .fetch_optional(&mut *conn)
    .await
    .doing("finding a unit's area")?
    .map(|r| r.try_get::<Option<String>, _>("parent_code"))
    .transpose()
    .doing("reading a unit's area")?
    .flatten();
    let Some(area) = area else {
        // A province-level figure: nothing is summed from it.
        return Ok(());
    };
    let version = version_of_period(conn, period_id).await?;
    sqlx::query(
        "DELETE FROM value_aggregates WHERE period_id = $1 AND area_code = $2 AND (indicator_code = $3 \
         OR indicator_code IN (SELECT code FROM indicators WHERE version_id = $4 AND weight_code = $3))",
    )
    .bind(period_id)
    .bind(&area)
    .bind(indicator)
    .bind(version)
    .execute(&mut *conn)
    .await
    .doing("clearing a value's sums")?;
    counted(sqlx::query(
        "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, weighted_total, weight_total) \
         SELECT v.period_id, v.indicator_code, u.parent_code, COUNT(*), COUNT(v.value_num), \
         COALESCE(SUM(v.value_num), 0), COUNT(v.value_num * w.value_num), \
         COALESCE(SUM(v.value_num * w.value_num), 0), \
         COALESCE(SUM(CASE WHEN v.value_num IS NOT NULL THEN w.value_num END), 0) \
         FROM org_units u \
         JOIN indicator_values v ON v.unit_code = u.code AND v.period_id = $1 \
         JOIN reports r ON r.id = v.report_id AND r.state = $5 \
         LEFT JOIN indicators i ON i.version_id = $2 AND i.code = v.indicator_code \
         LEFT JOIN indicator_values w ON w.period_id = v.period_id AND w.unit_code = v.unit_code \
           AND w.indicator_code = i.weight_code AND w.value_num > 0 \
           AND w.report_id IN (SELECT id FROM reports WHERE state = $5) \
         WHERE u.parent_code = $3 AND u.kind IN ($6, $7, $8, $9) \
           AND (v.indicator_code = $4 OR i.weight_code = $4) \
         GROUP BY v.period_id, v.indicator_code, u.parent_code",
    ).bind(period_id)
    .bind(version)
    .bind(&area)
    .bind(indicator))
    .execute(&mut *conn)
    .await
    .doing("summing a value's area")?;
    refresh_nation(conn, period_id, Some(indicator), version).await?;
    bump_generation(conn, period_id).await
}

/// The nation's sums of a period: of every indicator, or of one and those it weighs.
async fn refresh_nation(
    conn: &mut AnyConnection,
    period_id: i64,
    indicator: Option<&str>,
    version: i64,
) -> Result<()> {
    let indicator = indicator.unwrap_or("");
    sqlx::query(
        "DELETE FROM value_aggregates WHERE period_id = $1 AND area_code = '*' AND ($2 = '' OR indicator_code = $2 \
         OR indicator_code IN (SELECT code FROM indicators WHERE version_id = $3 AND weight_code = $2))",
    )
    .bind(period_id)
    .bind(indicator)
    .bind(version)
    .execute(&mut *conn)
    .await
    .doing("clearing the nation's sums")?;
    sqlx::query(
        "INSERT INTO value_aggregates (period_id, indicator_code, area_code, reported, n, total, weighted_n, weighted_total, weight_total) \
         SELECT period_id, indicator_code, '*', CAST(SUM(reported) AS BIGINT), CAST(SUM(n) AS BIGINT), SUM(total), CAST(SUM(weighted_n) AS BIGINT), \
         SUM(weighted_total), SUM(weight_total) FROM value_aggregates \
         WHERE period_id = $1 AND area_code <> '*' AND ($2 = '' OR indicator_code = $2 \
         OR indicator_code IN (SELECT code FROM indicators WHERE version_id = $3 AND weight_code = $2)) \
         GROUP BY period_id, indicator_code",
    )
    .bind(period_id)
    .bind(indicator)
    .bind(version)
    .execute(&mut *conn)
    .await
    .doing("summing the nation")?;
    Ok(())
}

async fn bump_generation(conn: &mut AnyConnection, period_id: i64) -> Result<()> {
    sqlx::query(BUMP_GENERATION)
        .bind(period_id)
        .execute(&mut *conn)
        .await
        .doing("marking the sums as changed")?;
    Ok(())
}

/// The areas whose sums a report's values feed.
pub(crate) async fn areas_of_report(
    conn: &mut AnyConnection,
    report_id: i64,
) -> Result<Vec<String>> {
    territorial(
        sqlx::query(
            "SELECT DISTINCT u.parent_code FROM indicator_values v JOIN org_units u ON u.code = v.unit_code \
             WHERE v.report_id = $1 AND u.parent_code IS NOT NULL AND u.kind IN ($2, $3, $4, $5)",
        )
        .bind(report_id),
    )
    .fetch_all(&mut *conn)
    .await
    .doing("finding a report's areas")?
    .iter()
    .map(|r| r.try_get("parent_code"))
    .collect::<Result<_, sqlx::Error>>()
    .doing("reading a report's areas")
}

impl Store {
    /// Changes whenever a sum of a period of `framework` up to the year of
    /// `period` changes (or the framework gets a new version); pages cache under it.
    pub async fn aggregate_generation(&self, framework: &str, period: &str) -> Result<i64> {
        sqlx::query(
            "SELECT CAST(COALESCE(SUM(g.generation), 0) AS BIGINT) AS g FROM aggregate_generation g \
             JOIN reporting_periods p ON p.id = g.period_id JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 AND p.year <= (SELECT q.year FROM reporting_periods q \
             WHERE q.framework_id = f.id AND q.code = $2)",
        )
        .bind(framework)
        .bind(period)
        .fetch_one(&self.pool)
        .await
        .doing("reading the data generation")?
        .try_get("g")
        .doing("reading the data generation")
    }

    /// The sums of a framework's annual periods up to `year`, for one area
    /// (or NATION) or all (`area` empty), for one indicator or all (`indicator` empty).
    pub async fn aggregates(
        &self,
        framework: &str,
        year: i32,
        area: &str,
        indicator: &str,
    ) -> Result<Vec<AggregateRow>> {
        let rows = sqlx::query(
            "SELECT p.year, a.indicator_code, a.area_code, a.reported, a.n, a.total, a.weighted_n, a.weighted_total, a.weight_total \
             FROM value_aggregates a JOIN reporting_periods p ON p.id = a.period_id \
             JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 AND p.kind = $5 AND p.year <= $2 \
             AND ($3 = '' OR a.area_code = $3) AND ($4 = '' OR a.indicator_code = $4)",
        )
        .bind(framework)
        .bind(i64::from(year))
        .bind(area)
        .bind(indicator)
        .bind(xanh_core::framework::ReportingTime::Annual.as_str())
        .fetch_all(&self.pool)
        .await
        .doing("reading the sums")?;
        rows.iter()
            .map(|r| {
                Ok(AggregateRow {
                    year: r.try_get::<i64, _>(0)? as i32,
                    indicator: r.try_get(1)?,
                    area: r.try_get(2)?,
                    reported: r.try_get(3)?,
                    n: r.try_get(4)?,
                    total: r.try_get(5)?,
                    weighted_n: r.try_get(6)?,
                    weighted_total: r.try_get(7)?,
                    weight_total: r.try_get(8)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading the sums")
    }

    /// Rewrites every sum of a framework from its values: after a new version
    /// of the framework (weights or units may have changed).
    pub async fn refresh_framework_aggregates(&self, framework: &str) -> Result<()> {
        let mut tx = self.pool.begin().await.doing("refreshing the sums")?;
        let periods: Vec<i64> = sqlx::query(
            "SELECT p.id FROM reporting_periods p JOIN frameworks f ON f.id = p.framework_id WHERE f.code = $1",
        )
        .bind(framework)
        .fetch_all(&mut *tx)
        .await
        .doing("listing periods")?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, sqlx::Error>>()
        .doing("listing periods")?;
        for p in periods {
            refresh_period(&mut tx, p).await?;
        }
        tx.commit().await.doing("refreshing the sums")
    }
}
