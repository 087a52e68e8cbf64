//! An officer's report for a period. Opening it is a GET and never writes:
//! a report that does not exist yet is started by a POST, and only while the
//! period is open (a report made for a period never opened would show as
//! overdue for something nobody asked for).

use super::period_state;
use crate::AppState;
use crate::auth::{Authed, CsrfForm};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use crate::reporting::{reporting_time, store_error};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use xanh_core::access::{Actor, Role};
use xanh_core::workflow::PeriodState;
use xanh_store::{PeriodRow, ReportRow};

#[derive(Template)]
#[template(path = "start_report.html")]
struct StartPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    period: String,
    agency: String,
    deadline: String,
}

/// The officer's unit and the period, if that unit reports in it.
async fn own_period(
    state: &AppState,
    actor: &Actor,
    period_id: i64,
    lang: Lang,
) -> Result<(String, PeriodRow, String, String), WebError> {
    let Some(unit) = actor.unit.clone().filter(|_| actor.role == Role::Officer) else {
        return Err(WebError::forbidden(lang));
    };
    let (period, fw) = crate::reporting::period_with_framework(state, period_id, lang).await?;
    let data_to = crate::reporting::parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    if !xanh_core::chain::reports_in(&fw, &unit, reporting_time(&period.kind), data_to) {
        return Err(WebError::not_found(
            lang,
            "Đơn vị của bạn không phải báo cáo trong kỳ này.",
            "Your agency does not report in this period.",
        ));
    }
    let agency = fw
        .unit(&unit)
        .map(|u| u.short().get(lang).to_string())
        .unwrap_or_else(|| unit.clone());
    // The deadline this unit keeps: its level's, or the period's.
    let deadline = crate::reporting::deadline_of(&fw, &unit, &period);
    Ok((unit, period, agency, deadline))
}

fn to_report(id: i64) -> Response {
    Redirect::to(&format!("/reports/{id}")).into_response()
}

/// `GET /periods/{id}/my-report`: the report if it exists; otherwise a page
/// that offers to start it (a POST), or says why it cannot be started yet.
pub async fn my_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let (unit, period, agency, deadline) = own_period(&state, &session.actor, id, lang).await?;
    let existing = state
        .store
        .reports_of_period(id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|r| r.unit_code == unit);
    if let Some(r) = existing {
        return Ok(to_report(r.id));
    }
    if period_state(&period) != PeriodState::Open {
        return Err(not_open(lang, &period));
    }
    Ok(render(&StartPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        id,
        period: lang.pick(&period.label_vi, &period.label_en).to_string(),
        agency,
        deadline: super::vn(&deadline),
    }))
}

/// `POST /periods/{id}/my-report`: starts the agency's report, then opens it.
pub async fn start_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, .. }: CsrfForm<super::Empty>,
) -> Result<Response, WebError> {
    let report = ensure_own_report(&state, &session.actor, id, lang).await?;
    Ok(to_report(report.id))
}

fn not_open(lang: Lang, period: &PeriodRow) -> WebError {
    WebError::with_message(
        axum::http::StatusCode::CONFLICT,
        "period_not_open",
        lang,
        format!(
            "Kỳ \"{}\" không mở để nhập số liệu, nên chưa thể lập báo cáo. Cơ quan tổng hợp mở kỳ khi đến lúc báo cáo.",
            period.label_vi
        ),
        format!(
            "The period \"{}\" is not open for input, so no report can be started. The consolidator opens it when reporting begins.",
            period.label_en
        ),
    )
}

/// The acting officer's report for a period, started if it does not exist
/// and the period is open. Only ever called from a POST.
pub async fn ensure_own_report(
    state: &AppState,
    actor: &Actor,
    period_id: i64,
    lang: Lang,
) -> Result<ReportRow, WebError> {
    let (unit, period, _, _) = own_period(state, actor, period_id, lang).await?;
    let existing = state
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|r| r.unit_code == unit);
    if let Some(r) = existing {
        return Ok(r);
    }
    if period_state(&period) != PeriodState::Open {
        return Err(not_open(lang, &period));
    }
    state
        .store
        .ensure_report(period_id, &unit)
        .await
        .map_err(store_error(lang))
}
