//! The working pages: each person's home, the periods, the consolidator's
//! overview of a period, and starting an agency's report.

mod home;
mod overview;
mod start;

pub use home::home;
pub use overview::overview;
pub use start::{my_report, start_report};

use super::confirm::{Confirm, confirmed};
use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_app::reporting::{is_late, store_error};
use xanh_core::access::Role;
use xanh_core::framework::Framework;
use xanh_core::workflow::{PeriodState, ReportState};
use xanh_store::{PeriodRow, ReportRow};

/// One period as listed.
pub struct PeriodItem {
    pub id: i64,
    pub framework_title: String,
    pub label: String,
    pub deadline: String,
    pub state: String,
    pub state_label: String,
    /// For an officer: their agency's report in it, if one was started.
    pub my_report: Option<i64>,
    pub my_state: Option<String>,
    pub my_state_label: Option<String>,
    pub overdue: bool,
    pub expected_of_me: bool,
}

/// An ISO date as officials write it (dd/mm/yyyy).
pub fn vn(iso: &str) -> String {
    xanh_core::display::date_text(iso)
}

/// Every period of every framework, with its framework.
pub(crate) async fn all_periods(
    state: &AppState,
    lang: Lang,
) -> Result<Vec<(Framework, PeriodRow)>, WebError> {
    let mut out = Vec::new();
    for fw in xanh_app::consolidation::all_frameworks(&state.store)
        .await
        .map_err(store_error(lang))?
    {
        for p in state
            .store
            .periods(&fw.code)
            .await
            .map_err(store_error(lang))?
        {
            out.push((fw.clone(), p));
        }
    }
    Ok(out)
}

async fn period_items(
    state: &AppState,
    session: &crate::auth::Session,
    lang: Lang,
) -> Result<Vec<PeriodItem>, WebError> {
    let now = time::OffsetDateTime::now_utc();
    let mut items = Vec::new();
    for (fw, p) in all_periods(state, lang).await? {
        // Only an officer writes an agency's report: a consolidator or leader
        // who belongs to an agency is not asked for it here.
        let unit = session
            .actor
            .unit
            .clone()
            .filter(|_| session.actor.role == Role::Officer);
        let data_to = xanh_app::reporting::parse_iso_date(&p.data_to).unwrap_or(time::Date::MIN);
        let expected_of_me = unit
            .as_ref()
            .is_some_and(|u| xanh_core::chain::reports_in(&fw, u, p.kind, data_to));
        // A commune keeps its own (earlier) deadline.
        let deadline = match &unit {
            Some(u) if expected_of_me => xanh_app::reporting::deadline_of(&fw, u, &p),
            _ => p.deadline.clone(),
        };
        let mine: Option<ReportRow> = match (&unit, expected_of_me) {
            (Some(u), true) => state
                .store
                .reports_of_period(p.id)
                .await
                .map_err(store_error(lang))?
                .into_iter()
                .find(|r| &r.unit_code == u),
            _ => None,
        };
        let my_state = expected_of_me.then(|| {
            mine.as_ref()
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted)
        });
        let ps = p.state;
        items.push(PeriodItem {
            id: p.id,
            framework_title: fw.short_title(lang),
            label: lang.pick(&p.label_vi, &p.label_en).to_string(),
            deadline: vn(&deadline),
            state: ps.as_str().to_string(),
            state_label: ps.label(lang).to_string(),
            my_report: mine.as_ref().map(|r| r.id),
            my_state: my_state.map(|s| s.as_str().to_string()),
            my_state_label: my_state.map(|s| s.label(lang).to_string()),
            overdue: my_state.is_some_and(|s| {
                ps == PeriodState::Open
                    && is_late(
                        s,
                        mine.as_ref().and_then(|r| r.submitted_at.as_deref()),
                        &deadline,
                        now,
                    )
                    && !s.delivered()
            }),
            expected_of_me,
        });
    }
    Ok(items)
}

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    can_review: bool,
    can_see_overview: bool,
    is_officer: bool,
    periods: Vec<PeriodItem>,
}

pub async fn periods(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let periods = period_items(&state, &session, lang).await?;
    Ok(render(&PeriodsPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        can_review: session.actor.can_review(),
        can_see_overview: session.actor.can_see_overview(),
        is_officer: session.actor.role == Role::Officer,
        periods,
    }))
}

#[derive(Deserialize)]
pub struct Empty {}

/// `POST /periods/{id}/open` and `/close`: the consolidator's. Closing stops
/// every agency's input, so it is confirmed first.
pub async fn set_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((id, to)): Path<(i64, String)>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    // Before the confirmation too: only the consolidator is asked to confirm.
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let target = xanh_app::periods::parse_action(&to, lang)?;
    if target == PeriodState::Closed && !confirmed(&form) {
        let (_, period) = state.store.period(id).await.map_err(store_error(lang))?;
        let label = lang.pick(&period.label_vi, &period.label_en).to_string();
        return Ok(render(&Confirm {
            lang,
            nav: Nav::of(Some(&session), lang),
            title: format!("{} — {label}", lang.pick("Đóng kỳ báo cáo", "Close the period")),
            what: vec![
                lang.pick(
                    "Sau khi đóng, các cơ quan, đơn vị không nhập hoặc gửi báo cáo của kỳ này được nữa.",
                    "Once closed, no agency can enter or submit figures for this period.",
                )
                .to_string(),
                lang.pick(
                    "Báo cáo chưa gửi sẽ được tính là chưa nộp. Có thể mở lại kỳ nếu cần.",
                    "Reports not yet submitted count as missing. The period can be opened again if needed.",
                )
                .to_string(),
            ],
            action: format!("/periods/{id}/close"),
            csrf: session.csrf.clone().unwrap_or_default(),
            hidden: Vec::new(),
            button: lang.pick("Đóng kỳ báo cáo", "Close the period").to_string(),
            cancel: "/periods".into(),
        }));
    }
    xanh_app::periods::set_state(&state, &session.actor, id, target, lang).await?;
    Ok(Redirect::to("/periods").into_response())
}
