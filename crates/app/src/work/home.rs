//! The tasks of each person's home page (ui.md: the next task first): for
//! an officer, what came back and what their communes sent; for the
//! consolidating side and leaders, where each open period stands.

use super::{PeriodItem, all_periods};
use crate::App;
use crate::error::AppError;
use crate::overview::overview_rows;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::display::date_text;
use xanh_core::workflow::{PeriodState, ReportState};

/// An objective led by another agency that the officer's agency coordinates.
pub struct ContributionItem {
    pub period_id: i64,
    pub period: String,
    pub objective: String,
    pub title: String,
}

/// A report sent back to the officer, with what the consolidator asked.
pub struct ReturnedItem {
    pub report_id: i64,
    pub period: String,
    pub comment: String,
    pub by: String,
    pub at: String,
}

/// One open period as the consolidating side and leaders follow it.
pub struct PeriodWatch {
    pub id: i64,
    pub label: String,
    /// Which plan the period belongs to: with several, "Báo cáo năm 2019"
    /// alone does not say whether it is Kon Tum's history or today's plan.
    pub framework: String,
    pub deadline: String,
    /// The deadline as stored (ISO), to put the latest period first.
    pub deadline_iso: String,
    pub expected: usize,
    pub delivered: usize,
    pub accepted: usize,
    /// Reports waiting for the consolidator: (report id, agency).
    pub waiting: Vec<(i64, String)>,
    /// Agencies past the deadline without a delivered report.
    pub late: Vec<String>,
    /// The provincial report: (id, state label) if compiled.
    pub provincial: Option<(i64, String)>,
    /// The communes' level, per receiving department.
    pub levels: Vec<crate::chain::LevelRow>,
}

/// A department's communes' reports in one open period.
pub struct BelowTask {
    pub period: String,
    /// The department's own report, where the whole list is.
    pub report: Option<i64>,
    pub total: usize,
    pub accepted: usize,
    pub late: usize,
    pub deadline: String,
    /// Reports waiting for the department's review: (report id, commune).
    pub waiting: Vec<(i64, String)>,
}

/// For a department that receives communes' reports: in each open period,
/// those waiting for its review, and how many are accepted or late.
pub async fn below_tasks(
    app: &App,
    actor: &Actor,
    due: &[PeriodItem],
    lang: Lang,
) -> Result<Vec<BelowTask>, AppError> {
    let Some(unit) = actor.unit.as_deref() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (fw, p) in all_periods(app, lang).await? {
        let Some(item) = due.iter().find(|i| i.id == p.id) else {
            continue;
        };
        let reports = app
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?;
        let Some(b) = crate::chain::below(&fw, &p, unit, &reports, actor, lang) else {
            continue;
        };
        out.push(BelowTask {
            period: item.label.clone(),
            report: item.my_report,
            total: b.rows.len(),
            accepted: b.count(ReportState::Accepted),
            late: b.late(),
            deadline: date_text(&b.deadline),
            waiting: b
                .rows
                .iter()
                .filter(|r| r.state == ReportState::Submitted)
                .filter_map(|r| r.report.map(|id| (id, r.name.clone())))
                .collect(),
        });
    }
    Ok(out)
}

pub async fn returned_items(
    app: &App,
    due: &[PeriodItem],
    lang: Lang,
) -> Result<Vec<ReturnedItem>, AppError> {
    let mut out = Vec::new();
    for item in due {
        let (Some(id), Some("returned")) = (item.my_report, item.my_state.as_deref()) else {
            continue;
        };
        let comments = app.store.comments(id).await.map_err(store_error(lang))?;
        let last = comments
            .into_iter()
            .rev()
            .find(|c| c.kind == xanh_core::workflow::CommentKind::Return);
        out.push(ReturnedItem {
            report_id: id,
            period: item.label.clone(),
            comment: last.as_ref().map(|c| c.body.clone()).unwrap_or_default(),
            by: last
                .as_ref()
                .and_then(|c| c.author.clone())
                .unwrap_or_default(),
            at: last
                .as_ref()
                .map(|c| xanh_core::display::datetime_text(&c.at))
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

pub async fn contributions(
    app: &App,
    actor: &Actor,
    lang: Lang,
) -> Result<Vec<ContributionItem>, AppError> {
    let mut out = Vec::new();
    for (fw, p) in all_periods(app, lang).await? {
        if p.state != PeriodState::Open {
            continue;
        }
        for o in fw
            .objectives
            .iter()
            .filter(|o| o.reporting.contains(&p.kind))
        {
            if actor.can_contribute(&o.coordinating) {
                out.push(ContributionItem {
                    period_id: p.id,
                    period: lang.pick(&p.label_vi, &p.label_en).to_string(),
                    objective: o.code.clone(),
                    title: o.title.get(lang).to_string(),
                });
            }
        }
    }
    Ok(out)
}

pub async fn watch_open_periods(
    app: &App,
    actor: &Actor,
    lang: Lang,
) -> Result<Vec<PeriodWatch>, AppError> {
    let mut out = Vec::new();
    for (fw, p) in all_periods(app, lang).await? {
        if p.state != PeriodState::Open {
            continue;
        }
        let (period, rows) = overview_rows(app, p.id, lang).await?;
        let provincial = app
            .store
            .provincial_reports(Some(p.id))
            .await
            .map_err(store_error(lang))?
            .into_iter()
            .max_by_key(|r| r.version)
            .map(|r| {
                let label = match r.state {
                    xanh_core::workflow::ProvincialState::Issued => {
                        lang.pick("Đã ban hành", "Issued")
                    }
                    xanh_core::workflow::ProvincialState::Draft => {
                        lang.pick("Đang soạn thảo", "Being drafted")
                    }
                };
                (r.id, label.to_string())
            });
        let reports = app
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?;
        let levels = crate::chain::levels(&fw, &period, &reports, actor, lang);
        out.push(PeriodWatch {
            levels,
            id: p.id,
            label: lang.pick(&period.label_vi, &period.label_en).to_string(),
            framework: fw.short_title(lang),
            deadline: date_text(&period.deadline),
            deadline_iso: period.deadline.clone(),
            expected: rows.len(),
            delivered: rows.iter().filter(|r| r.state.delivered()).count(),
            accepted: rows
                .iter()
                .filter(|r| r.state == ReportState::Accepted)
                .count(),
            waiting: rows
                .iter()
                .filter(|r| r.state == ReportState::Submitted)
                .filter_map(|r| r.report_id.map(|id| (id, r.unit_name.clone())))
                .collect(),
            late: rows
                .iter()
                .filter(|r| r.late && !r.state.delivered())
                .map(|r| r.unit_name.clone())
                .collect(),
            provincial,
        });
    }
    // This December's periods first; an older one left open comes after.
    out.sort_by(|a, b| b.deadline_iso.cmp(&a.deadline_iso));
    Ok(out)
}

/// For an administrator: how many accounts there are, and how many of them
/// are disabled.
pub async fn account_counts(
    app: &App,
    actor: &Actor,
    lang: Lang,
) -> Result<(usize, usize), AppError> {
    if !actor.can_manage_users() {
        return Err(AppError::forbidden(lang));
    }
    let users = app.store.users().await.map_err(store_error(lang))?;
    Ok((users.len(), users.iter().filter(|u| u.disabled).count()))
}

/// Every framework kept: (code, title in the reader's language).
pub async fn framework_titles(app: &App, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    Ok(app
        .store
        .frameworks()
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .map(|f| {
            let title = lang.pick(&f.title_vi, &f.title_en).to_string();
            (f.code, title)
        })
        .collect())
}
