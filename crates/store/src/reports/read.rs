//! Reading reporting periods and reports: a period, an agency's report (made
//! when first asked for), and the values and narrative a report or a period
//! holds, including an indicator's earlier values for the unusual-value check.

use super::{NarrativeRow, ReportRow, ValueRow, read_report, report_row, value_of};
use crate::error::{Doing, Result, StoreError};
use crate::{PeriodRow, Store, time_text};
use sqlx::Row;

impl Store {
    pub async fn period(&self, id: i64) -> Result<(String, PeriodRow)> {
        let r = sqlx::query(
            "SELECT f.code AS framework, p.id, p.code, p.kind, p.year, p.label_vi, p.label_en, p.data_from, \
             p.data_to, p.deadline, p.state FROM reporting_periods p JOIN frameworks f ON f.id = p.framework_id \
             WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a period")?
        .ok_or_else(|| StoreError::NotFound(format!("period {id}")))?;
        let row = crate::frameworks::period_row(&r).doing("reading a period")?;
        Ok((r.try_get("framework").doing("reading a period")?, row))
    }

    pub async fn report(&self, id: i64) -> Result<ReportRow> {
        read_report(&self.pool, id).await
    }

    pub async fn reports_of_period(&self, period_id: i64) -> Result<Vec<ReportRow>> {
        sqlx::query(concat!(
            "SELECT ",
            "id, period_id, unit_code, state, version, submitted_at, accepted_at, updated_at",
            " FROM reports WHERE period_id = $1 ORDER BY unit_code"
        ))
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("listing reports")?
        .iter()
        .map(report_row)
        .collect::<Result<_, _>>()
        .doing("reading reports")
    }

    /// The report of an agency for a period, made (not started) if it does not exist yet.
    pub async fn ensure_report(&self, period_id: i64, unit: &str) -> Result<ReportRow> {
        let now = time_text::now();
        // Two first visits at once both try to insert; the unique key keeps one.
        sqlx::query(
            "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at) \
             VALUES ($1, $2, $4, 0, $3, $3) ON CONFLICT (period_id, unit_code) DO NOTHING",
        )
        .bind(period_id)
        .bind(unit)
        .bind(&now)
        .bind(xanh_core::workflow::ReportState::NotStarted.as_str())
        .execute(&self.pool)
        .await
        .doing("opening a report")?;
        let row = sqlx::query(concat!(
            "SELECT ",
            "id, period_id, unit_code, state, version, submitted_at, accepted_at, updated_at",
            " FROM reports WHERE period_id = $1 AND unit_code = $2"
        ))
        .bind(period_id)
        .bind(unit)
        .fetch_one(&self.pool)
        .await
        .doing("opening a report")?;
        report_row(&row).doing("opening a report")
    }

    pub async fn values_of_period(&self, period_id: i64) -> Result<Vec<ValueRow>> {
        sqlx::query(concat!(
            value_select!(),
            " WHERE v.period_id = $1 ORDER BY v.indicator_code, v.unit_code"
        ))
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading values")?
        .iter()
        .map(value_row)
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading values")
    }

    /// The values of some indicators in a period: what one report's scope
    /// can hold, without reading the whole period (660,000 values at
    /// national scale). One indexed query per indicator.
    pub async fn values_of_indicators(
        &self,
        period_id: i64,
        indicators: &[&str],
    ) -> Result<Vec<ValueRow>> {
        let mut out = Vec::new();
        for indicator in indicators {
            let rows = sqlx::query(concat!(
                value_select!(),
                " WHERE v.period_id = $1 AND v.indicator_code = $2 ORDER BY v.unit_code"
            ))
            .bind(period_id)
            .bind(*indicator)
            .fetch_all(&self.pool)
            .await
            .doing("reading values")?;
            for r in &rows {
                out.push(value_row(r).doing("reading values")?);
            }
        }
        Ok(out)
    }

    /// Earlier numeric values of an indicator for a unit, annual periods oldest
    /// first, for the unusual-value check (it compares year-on-year changes).
    pub async fn history(
        &self,
        framework: &str,
        indicator: &str,
        unit: &str,
        before: &str,
    ) -> Result<Vec<f64>> {
        sqlx::query(
            "SELECT v.value_num FROM indicator_values v JOIN reporting_periods p ON p.id = v.period_id \
             JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 AND v.indicator_code = $2 AND v.unit_code = $3 AND p.deadline < $4 AND v.value_num IS NOT NULL \
             AND p.kind = $5 ORDER BY p.deadline",
        )
        .bind(framework)
        .bind(indicator)
        .bind(unit)
        .bind(before)
        .bind(xanh_core::framework::ReportingTime::Annual.as_str())
        .fetch_all(&self.pool)
        .await
        .doing("reading a unit's history")?
        .iter()
        .map(|r| r.try_get("value_num"))
        .collect::<Result<_, _>>()
        .doing("reading a unit's history")
    }

    /// Every unit's earlier annual numeric values of a framework whose
    /// deadline falls from `since` to before `before`, oldest first, as (indicator,
    /// unit, year, value): the histories of a whole period's figures in one
    /// query, for the quality of every report at once.
    pub async fn histories(
        &self,
        framework: &str,
        since: &str,
        before: &str,
    ) -> Result<Vec<(String, String, i32, f64)>> {
        sqlx::query(
            "SELECT v.indicator_code, v.unit_code, p.year, v.value_num FROM indicator_values v \
             JOIN reporting_periods p ON p.id = v.period_id JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 AND p.deadline >= $2 AND p.deadline < $3 AND v.value_num IS NOT NULL AND p.kind = $4 \
             ORDER BY p.deadline",
        )
        .bind(framework)
        .bind(since)
        .bind(before)
        .bind("annual")
        .fetch_all(&self.pool)
        .await
        .doing("reading the histories")?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("indicator_code")?,
                r.try_get("unit_code")?,
                r.try_get::<i64, _>("year")? as i32,
                r.try_get("value_num")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading the histories")
    }

    pub async fn narratives(&self, report_id: i64) -> Result<Vec<NarrativeRow>> {
        sqlx::query(
            "SELECT n.objective_code, n.part, n.body, n.updated_at, u.username FROM narratives n \
             LEFT JOIN users u ON u.id = n.updated_by WHERE n.report_id = $1",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading the narrative")?
        .iter()
        .map(|r| {
            let part: String = r.try_get("part")?;
            Ok(NarrativeRow {
                part: xanh_core::report::NarrativePart::parse(&part).ok_or_else(|| {
                    sqlx::Error::Decode(
                        format!("the narrative of report {report_id}: unknown part {part:?}")
                            .into(),
                    )
                })?,
                objective_code: r.try_get("objective_code")?,
                body: r.try_get("body")?,
                updated_by: r.try_get("username")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading the narrative")
    }
}

/// A value with who typed it and, for reporting over several levels, whether
/// it still waits at the lower level (held by its own unit's report, not yet
/// accepted) and which lower report it came from once accepted.
macro_rules! value_select {
    () => {
        "SELECT v.indicator_code, v.unit_code, v.value_num, v.value_bool, v.value_text, \
     v.note, v.entered_at, v.source_report_id, u.username, \
     r.unit_code AS report_unit, r.state AS report_state \
     FROM indicator_values v LEFT JOIN users u ON u.id = v.entered_by LEFT JOIN reports r ON r.id = v.report_id"
    };
}
use value_select;

/// A value still waits at the lower level while it is held by its own
/// unit's report (a commune's) and that report is not accepted.
fn held_below(r: &sqlx::any::AnyRow) -> Result<bool, sqlx::Error> {
    let unit: String = r.try_get("unit_code")?;
    let report_unit: Option<String> = r.try_get("report_unit")?;
    if report_unit.as_deref() != Some(unit.as_str()) {
        return Ok(false);
    }
    let state: Option<String> = r.try_get("report_state")?;
    match state
        .as_deref()
        .map(xanh_core::workflow::ReportState::parse)
    {
        Some(Some(s)) => Ok(s != xanh_core::workflow::ReportState::Accepted),
        Some(None) => Err(sqlx::Error::Decode(
            format!("the report holding {unit}'s value has an unknown state {state:?}").into(),
        )),
        None => Ok(false),
    }
}

fn value_row(r: &sqlx::any::AnyRow) -> Result<ValueRow, sqlx::Error> {
    Ok(ValueRow {
        indicator_code: r.try_get("indicator_code")?,
        unit_code: r.try_get("unit_code")?,
        value: value_of(r)?,
        note: r.try_get("note")?,
        entered_by: r.try_get("username")?,
        entered_at: r.try_get("entered_at")?,
        held_below: held_below(r)?,
        source_report: r.try_get("source_report_id")?,
    })
}
