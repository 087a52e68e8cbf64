//! A coordinating agency's contribution (figures and text) to an objective
//! that another agency leads. The lead sees it inside its own report.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xanh_app::contribution::{context, save_contribution, stored};
use xanh_core::workflow::PeriodState;

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
    let (period, fw, o, unit) = context(state, &session.actor, period_id, objective, lang).await?;
    let stored = stored(state, period_id, &o.code, &unit, lang).await?;
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
        editable: period.state == PeriodState::Open,
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

pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((period_id, objective)): Path<(i64, String)>,
    CsrfForm { session, form }: CsrfForm<ContributionForm>,
) -> Result<Response, WebError> {
    match save_contribution(
        &state,
        &session.actor,
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
        Err(Err(e)) => Err(e.into()),
    }
}
