//! `/api/v1/frameworks…`: frameworks and their periods as JSON (also served
//! at the unversioned `/api/frameworks…` of before, for the clients made then).

use super::framework_body::FrameworkBody;
use super::schema::{FrameworkItem, FrameworkVersion, Period};
use crate::AppState;
use crate::api::extract::ApiPath;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;

/// Every framework with its current version.
#[utoipa::path(get, path = "/api/v1/frameworks", tag = "frameworks",
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    responses((status = 200, description = "The frameworks", body = [super::schema::FrameworkItem])))]
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
) -> Result<Json<Vec<FrameworkItem>>, WebError> {
    let all = xanh_app::frameworks::list(&state, lang)
        .await
        .map_err(|e| WebError::from(e).json())?;
    Ok(Json(all.into_iter().map(FrameworkItem::from).collect()))
}

/// The current version of a framework: objectives, indicators, targets, agencies, calendar.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}", tag = "frameworks",
    params(("code" = String, Path, description = "Framework code, e.g. kon-tum-598-2014", example = "kon-tum-598-2014"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    responses((status = 200, description = "The framework", body = super::schema::FrameworkVersion),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    PageLang(lang): PageLang,
) -> Result<Json<FrameworkVersion>, WebError> {
    let (stored, _) = xanh_app::frameworks::shown(&state, &code, lang)
        .await
        .map_err(|e| WebError::from(e).json())?;
    Ok(Json(FrameworkVersion {
        version: stored.version,
        imported_at: stored.imported_at,
        framework: FrameworkBody::from(&stored.framework),
    }))
}

/// The reporting periods of a framework, by deadline.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}/periods", tag = "frameworks",
    params(("code" = String, Path, description = "Framework code", example = "kon-tum-598-2014"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    responses((status = 200, description = "The periods", body = [super::schema::Period]),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn periods(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    PageLang(lang): PageLang,
) -> Result<Json<Vec<Period>>, WebError> {
    // An unknown framework is a 404, not an empty list.
    let (_, periods) = xanh_app::frameworks::shown(&state, &code, lang)
        .await
        .map_err(|e| WebError::from(e).json())?;
    Ok(Json(periods.into_iter().map(Period::from).collect()))
}
