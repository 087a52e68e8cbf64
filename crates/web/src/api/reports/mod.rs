//! `/api/v1/…`: the reporting cycle as JSON. Same rules as the pages (the
//! same `reporting` functions); a cookie session must echo its CSRF token in
//! `X-CSRF-Token` on writes, a bearer token needs none. This module holds the
//! JSON body extractor, the CSRF check and the report as JSON; the handlers
//! are in submodules and re-exported here.

use crate::AppState;
use crate::api::extract::{ApiPath, integral, integral_opt};
use crate::auth::{Authed, Session, constant_time_eq};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};

use crate::api::schema::{
    AuditEntry, Comment, ContributionSaved, Me, Narrative, Overview, OverviewItem, PeriodChanged,
    QualityDetail, ReportChanged, ReportInFull, ReportValue, Slot, Trail,
};
use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use xanh_app::overview::overview_rows;
use xanh_app::reporting::start::ensure_own_report;
use xanh_app::reporting::{self, ReportContext, ReportInput, ValueInput};
use xanh_core::report::NarrativePart;

mod contributions;
mod read;
mod save;
mod signature;
mod workflow;

pub use contributions::*;
pub use read::*;
pub use save::*;
pub use signature::*;
pub use workflow::*;

/// A JSON body whose problems come back as JSON errors in the caller's language.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = req
            .uri()
            .query()
            .unwrap_or_default()
            .split('&')
            .find_map(|p| p.strip_prefix("lang="))
            .map(Lang::from_code)
            .unwrap_or_default();
        let value = match Json::<Value>::from_request(req, state).await {
            Ok(Json(v)) => v,
            // Over the body limit: 413, said in words, as forms get it.
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(WebError::too_large(lang).json());
            }
            Err(e) => {
                return Err(WebError::bad_request(
                    lang,
                    format!("Nội dung JSON không hợp lệ: {}", e.body_text()),
                    format!("The JSON body is invalid: {}", e.body_text()),
                )
                .json());
            }
        };
        // PostgreSQL cannot store U+0000 in text; refused here, in words, on
        // both databases alike (schemathesis found the 500 it caused).
        if crate::api::extract::holds_nul(&value) {
            return Err(WebError::invalid(
                lang,
                "Văn bản chứa ký tự NUL (mã 0), ký tự này không được phép; không lưu gì.",
                "The text holds a NUL character (code 0), which is not allowed; nothing was stored.",
            )
            .json());
        }
        serde_json::from_value::<T>(value)
            .map(ApiJson)
            .map_err(|e| {
                WebError::bad_request(
                    lang,
                    format!("Nội dung JSON không đúng dạng: {e}"),
                    format!("The JSON body does not have the described shape: {e}"),
                )
                .json()
            })
    }
}

/// Writes through a cookie session need the CSRF token in a header.
pub(crate) fn check_csrf(
    session: &Session,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<(), WebError> {
    match &session.csrf {
        None => Ok(()),
        Some(expected) => {
            let given = headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
                Ok(())
            } else {
                Err(WebError::csrf(lang).json())
            }
        }
    }
}

async fn report_json(
    state: &AppState,
    ctx: &ReportContext,
    lang: Lang,
) -> Result<ReportInFull, WebError> {
    let slots = ctx.slots();
    let reporting::ReportContents { values, narratives } =
        ctx.contents(state, lang).await.map_err(WebError::api)?;
    let mine: Vec<ReportValue> = values
        .iter()
        .map(|v| ReportValue::of(v, ctx.received(&v.indicator_code, &v.unit_code), lang))
        .collect();
    let comments = ctx.comments(state, lang).await?;
    Ok(ReportInFull {
        report: ctx.report.clone().into(),
        period: ctx.period.clone().into(),
        framework: ctx.framework_code.clone(),
        slots: slots
            .iter()
            .map(|(i, u)| Slot {
                indicator: i.clone(),
                unit: u.clone(),
                received: ctx.received(i, u),
            })
            .collect(),
        receiver: ctx.receiver.clone(),
        deadline: ctx.deadline.clone(),
        values: mine,
        narrative: narratives.into_iter().map(Narrative::from).collect(),
        comments: comments.into_iter().map(Comment::from).collect(),
    })
}
