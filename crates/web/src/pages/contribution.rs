//! A coordinating agency's contribution (figures and text) to an objective
//! that another agency leads. The lead sees it inside its own report.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::reporting::{reporting_time, store_error};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xanh_core::framework::{Framework, Objective};
use xanh_core::workflow::PeriodState;
use xanh_store::{PeriodRow, StoreError};

/// The longest contribution text accepted, in characters.
const MAX_CHARS: usize = 20_000;

#[derive(Template)]
#[template(path = "contribution.html")]
struct ContributionPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    period_id: i64,
    period: String,
    objective_code: String,
    objective: String,
    lead: String,
    version: i64,
    figures: String,
    body: String,
    editable: bool,
    error: Option<String>,
    saved: bool,
}

/// The period, framework and objective, if this officer's agency coordinates it then.
pub async fn context(
    state: &AppState,
    session: &Session,
    period_id: i64,
    objective: &str,
    lang: Lang,
) -> Result<(PeriodRow, Framework, Objective, String), WebError> {
    let not_found = || {
        WebError::not_found(
            lang,
            "Đơn vị của bạn không phối hợp mục tiêu này trong kỳ báo cáo này.",
            "Your agency does not coordinate this objective in this period.",
        )
    };
    let (code, period) = state.store.period(period_id).await.map_err(|e| match e {
        StoreError::NotFound(_) => not_found(),
        e => WebError::from_store(e, lang),
    })?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let o = fw
        .objectives
        .iter()
        .find(|o| o.code == objective && o.reporting.contains(&reporting_time(&period.kind)))
        .cloned()
        .ok_or_else(not_found)?;
    if !session.actor.can_contribute(&o.coordinating) {
        return Err(not_found());
    }
    let unit = session.actor.unit.clone().ok_or_else(not_found)?;
    Ok((period, fw, o, unit))
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    session: &Session,
    period_id: i64,
    objective: &str,
    lang: Lang,
    typed: Option<(&str, &str, i64)>,
    error: Option<String>,
    saved: bool,
) -> Result<ContributionPage, WebError> {
    let (period, fw, o, unit) = context(state, session, period_id, objective, lang).await?;
    let stored = state
        .store
        .contributions(period_id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|c| c.objective_code == o.code && c.unit_code == unit);
    let lead = o.lead.clone().unwrap_or_else(|| fw.consolidator.clone());
    Ok(ContributionPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        period_id,
        period: lang.pick(&period.label_vi, &period.label_en).to_string(),
        objective_code: o.code.clone(),
        objective: o.title.get(lang).to_string(),
        lead: fw
            .unit(&lead)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or(lead),
        version: typed
            .map(|t| t.2)
            .or(stored.as_ref().map(|c| c.version))
            .unwrap_or(0),
        figures: typed
            .map(|t| t.0.to_string())
            .or(stored.as_ref().map(|c| c.figures.clone()))
            .unwrap_or_default(),
        body: typed
            .map(|t| t.1.to_string())
            .or(stored.as_ref().map(|c| c.body.clone()))
            .unwrap_or_default(),
        editable: PeriodState::parse(&period.state) == Some(PeriodState::Open),
        error,
        saved,
    })
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((period_id, objective)): Path<(i64, String)>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    Ok(render(
        &page(
            &state, &session, period_id, &objective, lang, None, None, false,
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub struct ContributionForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    figures: String,
    #[serde(default)]
    body: String,
}

/// Checks and stores a contribution; the message for the user if it cannot be.
#[allow(clippy::too_many_arguments)]
pub async fn save_contribution(
    state: &AppState,
    session: &Session,
    period_id: i64,
    objective: &str,
    version: i64,
    figures: &str,
    body: &str,
    lang: Lang,
) -> Result<(), Result<String, WebError>> {
    let (period, _, o, unit) = context(state, session, period_id, objective, lang)
        .await
        .map_err(Err)?;
    if PeriodState::parse(&period.state) != Some(PeriodState::Open) {
        return Err(Ok(lang
            .pick(
                "Kỳ báo cáo chưa mở hoặc đã đóng.",
                "The period is not open.",
            )
            .into()));
    }
    if figures.chars().count() > MAX_CHARS || body.chars().count() > MAX_CHARS {
        return Err(Ok(match lang {
            Lang::Vi => format!("Nội dung quá dài: tối đa {MAX_CHARS} ký tự mỗi ô."),
            Lang::En => format!("Too long: at most {MAX_CHARS} characters per box."),
        }));
    }
    match state
        .store
        .save_contribution(
            period_id,
            &o.code,
            &unit,
            version,
            figures.trim(),
            body.trim(),
            &session.actor,
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(Ok(lang
            .pick(
                "Nội dung vừa được người khác thay đổi nên chưa lưu. Hãy tải lại trang.",
                "Someone else changed it in the meantime, so it was not saved. Reload the page.",
            )
            .into())),
        Err(e) => Err(Err(WebError::from_store(e, lang))),
    }
}

pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((period_id, objective)): Path<(i64, String)>,
    CsrfForm { session, form }: CsrfForm<ContributionForm>,
) -> Result<Response, WebError> {
    match save_contribution(
        &state,
        &session,
        period_id,
        &objective,
        form.version,
        &form.figures,
        &form.body,
        lang,
    )
    .await
    {
        Ok(()) => {
            let page = page(
                &state, &session, period_id, &objective, lang, None, None, true,
            )
            .await?;
            Ok(render(&page))
        }
        Err(Ok(message)) => {
            let typed = Some((form.figures.as_str(), form.body.as_str(), form.version));
            let page = page(
                &state,
                &session,
                period_id,
                &objective,
                lang,
                typed,
                Some(message),
                false,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Err(e)) => Err(e),
    }
}
