//! `POST /indicators/{code}/rating`: the consolidator rates a qualitative
//! indicator on the fixed scale, always with a written justification.

use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_app::rating::{self, Rating, Refused};

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
    let named = form.framework.as_deref().filter(|f| !f.is_empty());
    let fw = rating::framework_of(&state, named, lang).await?;
    let carry = match named {
        Some(_) => format!("&framework={}", xanh_app::encode(&fw.code)),
        None => String::new(),
    };
    let back = |error: Option<&str>| {
        let e = error
            .map(|m| format!("&error={}", xanh_app::encode(m)))
            .unwrap_or_default();
        Redirect::to(&format!("/indicators/{code}?year={}{carry}{e}", form.year)).into_response()
    };
    let asked = Rating {
        framework: named,
        indicator: &code,
        year: form.year,
        rating: &form.rating,
        justification: &form.justification,
    };
    match rating::rate(&state, &session.actor, &fw, &asked, lang).await {
        Ok(()) => Ok(back(None)),
        Err(Refused::Input(message)) => Ok(back(Some(&message))),
        Err(Refused::Failed(e)) => Err(e.into()),
    }
}
