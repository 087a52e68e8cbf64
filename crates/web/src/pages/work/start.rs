//! An officer's report for a period. Opening it is a GET and never writes:
//! a report that does not exist yet is started by a POST, and only while the
//! period is open (a report made for a period never opened would show as
//! overdue for something nobody asked for).

use crate::AppState;
use crate::auth::{Authed, CsrfForm};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use xanh_app::reporting::start::{ensure_own_report, not_open, own_period};
use xanh_core::workflow::PeriodState;

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
    if let Some(r) = xanh_app::reporting::start::started(&state, &unit, id, lang).await? {
        return Ok(to_report(r.id));
    }
    if period.state != PeriodState::Open {
        return Err(not_open(lang, &period).into());
    }
    Ok(render(&StartPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        id,
        period: lang.pick(&period.label_vi, &period.label_en).to_string(),
        agency,
        deadline: xanh_core::display::date_text(&deadline),
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
