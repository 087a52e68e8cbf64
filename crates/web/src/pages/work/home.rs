//! `/home`: each person's next task first (ui.md). An officer sees what is
//! due, by when, and what came back with a comment; the consolidator what
//! waits for review, who is late and where the provincial report stands; a
//! leader where reporting stands and what is late; an administrator the
//! accounts and frameworks.

use super::{PeriodItem, all_periods, period_items};
use crate::AppState;
use crate::auth::{Authed, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xanh_app::overview::overview_rows;
use xanh_app::reporting::store_error;
use xanh_core::access::Role;
use xanh_core::workflow::{PeriodState, ReportState};

/// An objective led by another agency that the officer's agency coordinates.
struct ContributionItem {
    period_id: i64,
    period: String,
    objective: String,
    title: String,
}

/// A report sent back to the officer, with what the consolidator asked.
struct ReturnedItem {
    report_id: i64,
    period: String,
    comment: String,
    by: String,
    at: String,
}

/// One open period as the consolidating side and leaders follow it.
struct PeriodWatch {
    id: i64,
    label: String,
    /// Which plan the period belongs to: with several, "Báo cáo năm 2019"
    /// alone does not say whether it is Kon Tum's history or today's plan.
    framework: String,
    deadline: String,
    /// The deadline as stored (ISO), to put the latest period first.
    deadline_iso: String,
    expected: usize,
    delivered: usize,
    accepted: usize,
    /// Reports waiting for the consolidator: (report id, agency).
    waiting: Vec<(i64, String)>,
    /// Agencies past the deadline without a delivered report.
    late: Vec<String>,
    /// The provincial report: (id, state label) if compiled.
    provincial: Option<(i64, String)>,
    /// The communes' level, per receiving department.
    levels: Vec<xanh_app::chain::LevelRow>,
}

/// A department's communes' reports in one open period.
struct BelowTask {
    period: String,
    /// The department's own report, where the whole list is.
    report: Option<i64>,
    total: usize,
    accepted: usize,
    late: usize,
    deadline: String,
    /// Reports waiting for the department's review: (report id, commune).
    waiting: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    name: String,
    role: Role,
    due: Vec<PeriodItem>,
    returned: Vec<ReturnedItem>,
    below: Vec<BelowTask>,
    contribute: Vec<ContributionItem>,
    watch: Vec<PeriodWatch>,
    /// Where the plan stands (a leader's and the consolidator's first question).
    glance: Option<crate::pages::dashboard::Glance>,
    waiting_total: usize,
    late_total: usize,
    accounts: usize,
    disabled_accounts: usize,
    frameworks: Vec<(String, String)>,
}

pub async fn home(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let role = session.actor.role;
    let items = period_items(&state, &session, lang).await?;
    let due: Vec<PeriodItem> = items
        .into_iter()
        .filter(|i| i.state == "open" && i.expected_of_me)
        .collect();
    let returned = if role == Role::Officer {
        returned_items(&state, &due, lang).await?
    } else {
        Vec::new()
    };
    let below = if role == Role::Officer {
        below_tasks(&state, &session, &due, lang).await?
    } else {
        Vec::new()
    };
    let contribute = if role == Role::Officer {
        contributions(&state, &session, lang).await?
    } else {
        Vec::new()
    };
    let watch = if matches!(role, Role::Consolidator | Role::Viewer | Role::Admin) {
        watch_open_periods(&state, &session.actor, lang).await?
    } else {
        Vec::new()
    };
    let glance = if matches!(role, Role::Consolidator | Role::Viewer) {
        crate::pages::dashboard::glance(&state, lang).await?
    } else {
        None
    };
    let (accounts, disabled_accounts) = if role == Role::Admin {
        let users = state.store.users().await.map_err(store_error(lang))?;
        (users.len(), users.iter().filter(|u| u.disabled).count())
    } else {
        (0, 0)
    };
    let frameworks = state
        .store
        .frameworks()
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .map(|f| {
            (
                f.code.clone(),
                lang.pick(&f.title_vi, &f.title_en).to_string(),
            )
        })
        .collect();
    Ok(render(&HomePage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        name: session.user.display_name.clone(),
        role,
        waiting_total: watch.iter().map(|w| w.waiting.len()).sum(),
        late_total: watch.iter().map(|w| w.late.len()).sum(),
        due,
        returned,
        below,
        contribute,
        watch,
        glance,
        accounts,
        disabled_accounts,
        frameworks,
    }))
}

/// For a department that receives communes' reports: in each open period,
/// those waiting for its review, and how many are accepted or late.
async fn below_tasks(
    state: &AppState,
    session: &Session,
    due: &[PeriodItem],
    lang: Lang,
) -> Result<Vec<BelowTask>, WebError> {
    let Some(unit) = session.actor.unit.as_deref() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (fw, p) in all_periods(state, lang).await? {
        let Some(item) = due.iter().find(|i| i.id == p.id) else {
            continue;
        };
        let reports = state
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?;
        let Some(b) = xanh_app::chain::below(&fw, &p, unit, &reports, &session.actor, lang) else {
            continue;
        };
        out.push(BelowTask {
            period: item.label.clone(),
            report: item.my_report,
            total: b.rows.len(),
            accepted: b.count(ReportState::Accepted),
            late: b.late(),
            deadline: super::vn(&b.deadline),
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

async fn returned_items(
    state: &AppState,
    due: &[PeriodItem],
    lang: Lang,
) -> Result<Vec<ReturnedItem>, WebError> {
    let mut out = Vec::new();
    for item in due {
        let (Some(id), Some("returned")) = (item.my_report, item.my_state.as_deref()) else {
            continue;
        };
        let comments = state.store.comments(id).await.map_err(store_error(lang))?;
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

async fn contributions(
    state: &AppState,
    session: &Session,
    lang: Lang,
) -> Result<Vec<ContributionItem>, WebError> {
    let mut out = Vec::new();
    for (fw, p) in all_periods(state, lang).await? {
        if p.state != PeriodState::Open {
            continue;
        }
        for o in fw
            .objectives
            .iter()
            .filter(|o| o.reporting.contains(&p.kind))
        {
            if session.actor.can_contribute(&o.coordinating) {
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

async fn watch_open_periods(
    state: &AppState,
    actor: &xanh_core::access::Actor,
    lang: Lang,
) -> Result<Vec<PeriodWatch>, WebError> {
    let mut out = Vec::new();
    for (fw, p) in all_periods(state, lang).await? {
        if p.state != PeriodState::Open {
            continue;
        }
        let (period, rows) = overview_rows(state, p.id, lang).await?;
        let provincial = state
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
        let reports = state
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?;
        let levels = xanh_app::chain::levels(&fw, &period, &reports, actor, lang);
        out.push(PeriodWatch {
            levels,
            id: p.id,
            label: lang.pick(&period.label_vi, &period.label_en).to_string(),
            framework: fw.short_title(lang),
            deadline: super::vn(&period.deadline),
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
