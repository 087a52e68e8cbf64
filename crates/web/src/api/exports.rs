//! `/api/v1/values` and `/api/v1/exports`: the province's accepted figures,
//! typed, as the export files carry them (with each unit's status at the
//! year), and the export files themselves with where to download them. What
//! the exports offer, for an open-data portal or a statistician.

use super::schema::TypedValue;
use crate::AppState;
use crate::api::extract::ApiQuery;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xanh_app::exports::ExportFile;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// The framework's code; without it, the framework in force today.
    framework: Option<String>,
    /// "en" for English words; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// An accepted figure of a unit in a year, with the status of the unit's series then.
#[derive(Serialize, ToSchema)]
pub struct ValueRow {
    pub framework: String,
    /// "annual-2019".
    pub period: String,
    pub year: i32,
    pub indicator: String,
    pub indicator_name_vi: String,
    pub indicator_name_en: String,
    pub unit_code: String,
    pub unit_name_vi: String,
    /// The unit of measure ("%", "ha").
    pub measure: String,
    pub value: TypedValue,
    pub note: String,
    /// A status code (on_track, …) and its Vietnamese label.
    pub status: String,
    pub status_vi: String,
}

/// Every accepted figure of a framework, typed (the rows of values.csv).
#[utoipa::path(get, path = "/api/v1/values", tag = "exports",
    params(ExportQuery),
    responses((status = 200, description = "The accepted figures", body = [ValueRow]),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn values(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Result<Json<Vec<ValueRow>>, WebError> {
    let (_, rows) = xanh_app::exports::rows(&state, q.framework.as_deref(), lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ValueRow {
                value: (&r.value).into(),
                framework: r.framework,
                period: r.period,
                year: r.year,
                indicator: r.indicator,
                indicator_name_vi: r.indicator_name_vi,
                indicator_name_en: r.indicator_name_en,
                unit_code: r.unit_code,
                unit_name_vi: r.unit_name_vi,
                measure: r.measure,
                note: r.note,
                status: r.status,
                status_vi: r.status_vi,
            })
            .collect(),
    ))
}

/// An export file and where to download it.
#[derive(Serialize, ToSchema)]
pub struct ExportItem {
    /// "values.csv", "values.json", "sdmx.csv", "dhis2.json", "framework.xlsx".
    pub name: String,
    /// Its address (`/exports/{name}?framework=…`).
    pub href: String,
    pub content_type: String,
    /// What it holds, in the asked language.
    pub description: String,
}

/// The export files of a framework's accepted figures.
#[utoipa::path(get, path = "/api/v1/exports", tag = "exports",
    params(ExportQuery),
    responses((status = 200, description = "The files", body = [ExportItem]),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> Result<Json<Vec<ExportItem>>, WebError> {
    // An unknown framework is a 404, as the files would answer.
    let code = xanh_app::consolidation::published_for(&state, q.framework.as_deref(), false, lang)
        .await
        .map_err(WebError::api)?
        .framework
        .code;
    Ok(Json(
        ExportFile::ALL
            .into_iter()
            .map(|f| ExportItem {
                name: f.name().to_string(),
                href: format!("/exports/{}?framework={code}", f.name()),
                content_type: f.content_type().to_string(),
                description: f.describe(lang).to_string(),
            })
            .collect(),
    ))
}
