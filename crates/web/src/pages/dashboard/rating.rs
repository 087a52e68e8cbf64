//! `POST /indicators/{code}/rating`: the consolidator rates a qualitative
//! indicator on the fixed scale, always with a written justification.

use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use crate::reporting::store_error;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_core::assess::QualitativeRating;
use xanh_core::framework::IndicatorKind;

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    year: i32,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    justification: String,
    /// The framework of the page the form was on; without it, the one in force.
    #[serde(default)]
    framework: Option<String>,
}

pub async fn rate(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(code): Path<String>,
    crate::auth::CsrfForm { session, form }: crate::auth::CsrfForm<RatingForm>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let chosen = match form.framework.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => Some(f.to_string()),
        None => crate::consolidation::in_force(&state.store)
            .await
            .map_err(store_error(lang))?,
    };
    let Some(chosen) = chosen else {
        return Err(WebError::not_found(lang, "Chưa có khung.", "No framework."));
    };
    let fw = state
        .store
        .framework(&chosen, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let qualitative = fw
        .indicator(&code)
        .is_some_and(|(_, i)| i.kind == IndicatorKind::Qualitative);
    if !qualitative {
        return Err(WebError::not_found(
            lang,
            "Không có chỉ tiêu định tính này.",
            "No such qualitative indicator.",
        ));
    }
    let carry = if form.framework.as_deref().is_some_and(|f| !f.is_empty()) {
        format!("&framework={}", crate::auth::encode(&fw.code))
    } else {
        String::new()
    };
    let back = |error: Option<&str>| {
        let e = error
            .map(|m| format!("&error={}", crate::auth::encode(m)))
            .unwrap_or_default();
        Redirect::to(&format!("/indicators/{code}?year={}{carry}{e}", form.year)).into_response()
    };
    let justification = form.justification.trim();
    if QualitativeRating::from_code(&form.rating).is_none() || !fw.plan.contains(form.year) {
        return Ok(back(Some(lang.pick(
            "Hãy chọn một mức đánh giá và năm hợp lệ.",
            "Choose a rating and a valid year.",
        ))));
    }
    if justification.chars().count() < 10 || justification.chars().count() > 5000 {
        return Ok(back(Some(lang.pick(
            "Cần ghi lý do đánh giá (10–5.000 ký tự).",
            "A justification is required (10–5,000 characters).",
        ))));
    }
    state
        .store
        .rate(
            &fw.code,
            &code,
            form.year,
            &form.rating,
            justification,
            &session.actor,
        )
        .await
        .map_err(store_error(lang))?;
    Ok(back(None))
}
