//! The overview of a period: every expected report with its state,
//! timeliness, completeness and data quality, as the consolidator's pages,
//! the API and the provincial report read it.

use crate::App;
use crate::error::AppError;
use crate::reporting::{is_late, parse_iso_date, store_error};
use xanh_core::Lang;
use xanh_core::report::{completeness, expected_agencies, scope};
use xanh_core::workflow::ReportState;
use xanh_store::PeriodRow;

/// A row of the consolidator's overview.
pub struct OverviewRow {
    pub unit: String,
    pub unit_name: String,
    pub report_id: Option<i64>,
    pub state: ReportState,
    pub state_label: String,
    pub submitted: String,
    pub late: bool,
    pub completeness: String,
    /// The data-quality score ("82/100") and its parts, in words.
    pub quality: String,
    pub quality_parts: String,
    /// The score out of 100, for the API.
    pub score: Option<u8>,
    /// What the score is made of.
    pub counts: xanh_core::quality::score::Counts,
}

/// The period and a row for each report it expects.
pub async fn overview_rows(
    state: &App,
    period_id: i64,
    lang: Lang,
) -> Result<(PeriodRow, Vec<OverviewRow>), AppError> {
    let (period, fw) = crate::reporting::period_with_framework(state, period_id, lang).await?;
    let time = period.kind;
    let data_to = parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    let reports = state
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?;
    let facts = crate::quality::Facts::read(state, &fw, &fw.code, &period, None, lang).await?;
    let now = time::OffsetDateTime::now_utc();
    let rows = expected_agencies(&fw, time)
        .into_iter()
        .map(|unit| {
            let report = reports.iter().find(|r| r.unit_code == unit);
            let st = report.map(|r| r.state()).unwrap_or(ReportState::NotStarted);
            let slots: Vec<(String, String)> = scope(&fw, &unit, time, data_to)
                .into_iter()
                .flat_map(|o| o.slots.into_iter().map(|s| (s.indicator, s.unit)))
                .collect();
            let quality = facts.quality(
                &fw,
                &slots,
                crate::quality::on_time(
                    st,
                    report.and_then(|r| r.submitted_at.as_deref()),
                    &period.deadline,
                    now,
                ),
            );
            let filled = quality.counts.filled;
            OverviewRow {
                quality: quality.shown(lang),
                quality_parts: quality.parts(lang),
                score: quality.score.map(|s| s.value),
                counts: quality.counts,
                unit_name: fw
                    .unit(&unit)
                    .map(|u| u.short().get(lang).to_string())
                    .unwrap_or_else(|| unit.clone()),
                unit,
                report_id: report.map(|r| r.id),
                state: st,
                state_label: st.label(lang).to_string(),
                submitted: report
                    .and_then(|r| r.submitted_at.as_deref())
                    .map(xanh_core::display::datetime_text)
                    .unwrap_or_default(),
                late: is_late(
                    st,
                    report.and_then(|r| r.submitted_at.as_deref()),
                    &period.deadline,
                    now,
                ),
                completeness: format!(
                    "{}% ({filled}/{})",
                    xanh_core::display::number(
                        (completeness(slots.len(), filled) * 100.0).round(),
                        lang
                    ),
                    slots.len()
                ),
            }
        })
        .collect();
    Ok((period, rows))
}

/// The lower levels of a period, per receiving department (see
/// [`crate::chain::levels`]), as this person may see them.
pub async fn levels(
    state: &App,
    period_id: i64,
    actor: &xanh_core::access::Actor,
    lang: Lang,
) -> Result<Vec<crate::chain::LevelRow>, AppError> {
    let (period, fw) = crate::reporting::period_with_framework(state, period_id, lang).await?;
    let reports = state
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?;
    Ok(crate::chain::levels(&fw, &period, &reports, actor, lang))
}
