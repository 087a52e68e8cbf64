//! `/api/frameworks…`: frameworks and their periods as JSON.

use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};
use xanh_store::{FrameworkSummary, PeriodRow};

pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
) -> Result<Json<Vec<FrameworkSummary>>, WebError> {
    state
        .store
        .frameworks()
        .await
        .map(Json)
        .map_err(|e| WebError::from_store(e, lang).json())
}

pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
    PageLang(lang): PageLang,
) -> Result<Json<Value>, WebError> {
    let stored = state
        .store
        .framework(&code, None)
        .await
        .map_err(|e| WebError::from_store(e, lang).json())?;
    Ok(Json(json!({
        "version": stored.version,
        "imported_at": stored.imported_at,
        "framework": stored.framework,
    })))
}

pub async fn periods(
    State(state): State<AppState>,
    Path(code): Path<String>,
    PageLang(lang): PageLang,
) -> Result<Json<Vec<PeriodRow>>, WebError> {
    // An unknown framework is a 404, not an empty list.
    state
        .store
        .framework(&code, None)
        .await
        .map_err(|e| WebError::from_store(e, lang).json())?;
    state
        .store
        .periods(&code)
        .await
        .map(Json)
        .map_err(|e| WebError::from_store(e, lang).json())
}
