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
use xanh_core::access::Role;
use xanh_core::workflow::PeriodState;

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    can_review: bool,
    can_see_overview: bool,
    is_officer: bool,
    periods: Vec<xanh_app::work::PeriodItem>,
}

pub async fn periods(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let periods = xanh_app::work::period_items(&state, &session.actor, lang).await?;
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
        let period = xanh_app::periods::period(&state, &session.actor, id, lang).await?;
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
