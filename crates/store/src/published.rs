//! Values as the consolidation sees them: only from accepted reports, or
//! from submitted ones too when the consolidator previews. Drafts and
//! returned reports never appear here.

use crate::Store;
use crate::error::{Doing, Result};
use serde::Serialize;
use sqlx::Row;
use xanh_core::report::Value;

/// One value of an annual period as consolidation uses it.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedValue {
    pub indicator: String,
    pub unit: String,
    pub year: i32,
    pub value: Value,
    pub note: Option<String>,
    /// "accepted" or "submitted".
    pub report_state: String,
    pub reported_by: String,
}

impl Store {
    /// Every value of a framework's annual periods from accepted reports
    /// (and submitted ones when `include_submitted`, but never a commune's
    /// figure its department has not accepted), by indicator, unit and year.
    pub async fn published_values(
        &self,
        framework: &str,
        include_submitted: bool,
    ) -> Result<Vec<PublishedValue>> {
        let rows = sqlx::query(
            "SELECT v.indicator_code, v.unit_code, p.year, v.value_num, v.value_bool, v.value_text, v.note, \
             r.state, r.unit_code AS reporter FROM indicator_values v \
             JOIN reporting_periods p ON p.id = v.period_id \
             JOIN frameworks f ON f.id = p.framework_id \
             JOIN reports r ON r.id = v.report_id \
             WHERE f.code = $1 AND p.kind = $3 \
             AND (r.state = $4 OR ($2 = 1 AND r.state = $5 AND r.unit_code <> v.unit_code)) \
             ORDER BY v.indicator_code, v.unit_code, p.year",
        )
        .bind(framework)
        .bind(i64::from(include_submitted))
        .bind(xanh_core::framework::ReportingTime::Annual.as_str())
        .bind(xanh_core::workflow::ReportState::Accepted.as_str())
        .bind(xanh_core::workflow::ReportState::Submitted.as_str())
        .fetch_all(&self.pool)
        .await
        .doing("reading consolidated values")?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let num: Option<f64> = r.try_get("value_num").doing("reading a value")?;
            let yes: Option<i64> = r.try_get("value_bool").doing("reading a value")?;
            let text: Option<String> = r.try_get("value_text").doing("reading a value")?;
            let value = match (num, yes, text) {
                (Some(n), _, _) => Value::Number(n),
                (_, Some(b), _) => Value::YesNo(b != 0),
                (_, _, Some(t)) => Value::Text(t),
                _ => continue,
            };
            out.push(PublishedValue {
                indicator: r.try_get("indicator_code").doing("reading a value")?,
                unit: r.try_get("unit_code").doing("reading a value")?,
                year: r.try_get::<i64, _>("year").doing("reading a value")? as i32,
                value,
                note: r.try_get("note").doing("reading a value")?,
                report_state: r.try_get("state").doing("reading a value")?,
                reported_by: r.try_get("reporter").doing("reading a value")?,
            });
        }
        Ok(out)
    }
}
