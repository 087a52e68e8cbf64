//! Reporting over several levels at the edge, shared by the pages and the
//! JSON API: the state changes of a lower level's report (its figures flow
//! into the receiving agency's report), the lower reports a department waits
//! on, and the confirmation a department gives when it sends its own report
//! with some of them missing.

use crate::App;
use crate::error::AppError;
use crate::reporting::{ReportContext, parse_iso_date, state_error, store_error};
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::chain::{level_deadline, lower_units};
use xanh_core::framework::{Framework, ReportingTime};
use xanh_core::workflow::{Action, ReportState, is_late};
use xanh_store::{PeriodRow, ReportRow, StoreError};

/// A lower unit's report as its receiver (or the consolidator) sees it.
pub struct BelowRow {
    pub unit: String,
    pub name: String,
    pub state: ReportState,
    /// The report's page, where this person may open it.
    pub report: Option<i64>,
    pub late: bool,
}

/// The lower reports one agency receives in a period.
pub struct Below {
    /// The lower level's deadline, ISO.
    pub deadline: String,
    pub rows: Vec<BelowRow>,
}

impl Below {
    pub fn count(&self, st: ReportState) -> usize {
        self.rows.iter().filter(|r| r.state == st).count()
    }

    pub fn late(&self) -> usize {
        self.rows.iter().filter(|r| r.late).count()
    }

    /// Those not accepted, as a department names them when it sends anyway.
    pub fn missing(&self) -> Vec<&BelowRow> {
        self.rows
            .iter()
            .filter(|r| r.state != ReportState::Accepted)
            .collect()
    }

    /// By state, those a department can act on first: "Đã gửi (2): Cẩm
    /// Thành, Bình Minh; Chưa bắt đầu (89): …".
    pub fn missing_text(&self, lang: Lang) -> String {
        let missing = self.missing();
        [
            ReportState::Submitted,
            ReportState::Returned,
            ReportState::Draft,
            ReportState::NotStarted,
        ]
        .into_iter()
        .filter_map(|st| {
            let names: Vec<&str> = missing
                .iter()
                .filter(|r| r.state == st)
                .map(|r| r.name.as_str())
                .collect();
            (!names.is_empty())
                .then(|| format!("{} ({}): {}", st.label(lang), names.len(), names.join(", ")))
        })
        .collect::<Vec<_>>()
        .join("; ")
    }
}

/// The lower reports `receiver` waits on in `period`; None when it has none.
/// `reports` are the period's reports, read once by the caller.
pub fn below(
    fw: &Framework,
    period: &PeriodRow,
    receiver: &str,
    reports: &[ReportRow],
    actor: &Actor,
    lang: Lang,
) -> Option<Below> {
    let time = period.kind;
    let data_to = parse_iso_date(&period.data_to)?;
    let units = lower_units(fw, receiver, time, data_to);
    let level = units.first()?.1;
    let deadline = level_deadline(level, period.year as i32)?.to_string();
    let now = time::OffsetDateTime::now_utc();
    let rows = units
        .iter()
        .map(|(u, _)| {
            let report = reports.iter().find(|r| r.unit_code == u.code);
            let st = report.map(|r| r.state()).unwrap_or(ReportState::NotStarted);
            BelowRow {
                unit: u.code.clone(),
                name: u.short().get(lang).to_string(),
                state: st,
                report: report
                    .filter(|_| actor.can_read_lower_report(&u.code, receiver, st))
                    .map(|r| r.id),
                late: is_late(
                    st,
                    report.and_then(|r| r.submitted_at.as_deref()),
                    &deadline,
                    now,
                ),
            }
        })
        .collect();
    Some(Below { deadline, rows })
}

/// The lower reports of the agency whose report `ctx` is.
pub async fn below_of(
    state: &App,
    ctx: &ReportContext,
    actor: &Actor,
    lang: Lang,
) -> Result<Option<Below>, AppError> {
    if ctx.receiver.is_some() || ctx.time != ReportingTime::Annual {
        return Ok(None);
    }
    let reports = state
        .store
        .reports_of_period(ctx.period.id)
        .await
        .map_err(store_error(lang))?;
    Ok(below(
        &ctx.framework,
        &ctx.period,
        &ctx.report.unit_code,
        &reports,
        actor,
        lang,
    ))
}

/// What is kept with a department's report sent while lower reports are
/// missing: the server's own list of them, and what the officer added.
pub fn missing_note(below: &Below, typed: &str) -> String {
    let list = format!(
        "Gửi khi còn thiếu báo cáo của: {}.",
        below.missing_text(Lang::Vi)
    );
    match typed.trim() {
        "" => list,
        t => format!("{list} {t}"),
    }
}

/// Submits, returns, accepts or reopens the report of `ctx`: a lower level's
/// figures move into (or back out of) its receiver's report on acceptance
/// (or reopening), in the same transaction. `note` is what a department
/// wrote when sending with lower reports missing.
pub async fn change(
    state: &App,
    ctx: &ReportContext,
    actor: &Actor,
    version: Option<i64>,
    action: Action,
    reason: Option<&str>,
    lang: Lang,
) -> Result<ReportRow, AppError> {
    let store = &state.store;
    let result = match (&ctx.receiver, action) {
        (Some(receiver), Action::Accept | Action::Reopen) => {
            let receiving = store
                .ensure_report(ctx.period.id, receiver)
                .await
                .map_err(store_error(lang))?;
            store
                .change_lower_report_state(
                    ctx.report.id,
                    version,
                    action,
                    reason,
                    actor,
                    receiving.id,
                )
                .await
        }
        _ => {
            store
                .change_report_state(ctx.report.id, version, action, reason, actor)
                .await
        }
    };
    result.map_err(|e| match e {
        StoreError::Invalid { field, .. } if field == "receiver" => AppError::invalid(
            lang,
            "Báo cáo của sở đã gửi đi nên không nhận thêm hay trả lại số liệu của xã. Muốn thay đổi, đề nghị cơ quan tổng hợp trả lại báo cáo của sở trước.",
            "The department's own report has been sent, so it cannot take in or give back a commune's figures. Ask the consolidator to return the department's report first.",
        ),
        e => state_error(e, lang),
    })
}

/// One receiving department's lower level on the consolidator's overview:
/// how many were sent, accepted and late at the lower level's own deadline,
/// which are late, and whether the department still waits on them.
/// Completeness and timeliness are counted per level.
pub struct LevelRow {
    /// The receiving department's code, and its name as tables show it.
    pub receiver: String,
    pub department: String,
    /// The lower level's deadline, ISO.
    pub deadline: String,
    pub total: usize,
    pub delivered: usize,
    pub accepted: usize,
    /// The late lower units by name.
    pub late: Vec<String>,
    /// The department has not sent its report and some lower reports are not accepted.
    pub waiting_on_communes: bool,
}

impl LevelRow {
    /// The deadline as officials write it.
    pub fn deadline_shown(&self) -> String {
        xanh_core::display::date_text(&self.deadline)
    }
}

/// A row per department that receives lower reports in the period.
pub fn levels(
    fw: &Framework,
    period: &PeriodRow,
    reports: &[ReportRow],
    actor: &Actor,
    lang: Lang,
) -> Vec<LevelRow> {
    let mut receivers: Vec<&str> = fw
        .calendar
        .levels
        .iter()
        .map(|l| l.receiver.as_str())
        .collect();
    receivers.dedup();
    receivers
        .into_iter()
        .filter_map(|receiver| {
            let b = below(fw, period, receiver, reports, actor, lang)?;
            let own = reports
                .iter()
                .find(|r| r.unit_code == receiver)
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted);
            Some(LevelRow {
                receiver: receiver.to_string(),
                department: fw
                    .unit(receiver)
                    .map(|u| u.short().get(lang).to_string())
                    .unwrap_or_else(|| receiver.to_string()),
                deadline: b.deadline.clone(),
                total: b.rows.len(),
                delivered: b.rows.iter().filter(|r| r.state.delivered()).count(),
                accepted: b.count(ReportState::Accepted),
                late: b
                    .rows
                    .iter()
                    .filter(|r| r.late)
                    .map(|r| r.name.clone())
                    .collect(),
                waiting_on_communes: !own.delivered() && !b.missing().is_empty(),
            })
        })
        .collect()
}
