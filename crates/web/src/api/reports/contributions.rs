//! A coordinating agency's contribution to an objective another agency leads,
//! saved through the API.

use super::*;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ContributionBody {
    /// 0 for a new contribution, else the version last read.
    #[serde(default, deserialize_with = "integral")]
    version: i64,
    #[serde(default)]
    figures: String,
    #[serde(default)]
    body: String,
}

/// `PUT /api/v1/periods/{id}/contributions/{objective}`: a coordinating agency's contribution.
/// A coordinating agency's contribution to an objective another agency leads.
#[utoipa::path(put, path = "/api/v1/periods/{id}/contributions/{objective}", tag = "reporting",
    request_body = ContributionBody,
    params(("id" = i64, Path, description = "Period id"),
           ("objective" = String, Path, description = "Objective code, e.g. 1"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The saved contribution", body = ContributionSaved), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "The agency does not coordinate this objective", body = crate::api::doc::ApiError), (status = 422, description = "Invalid, stale or the period is closed", body = crate::api::doc::ApiError)))]
pub async fn save_contribution(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, objective)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<ContributionBody>,
) -> Result<Json<ContributionSaved>, WebError> {
    check_csrf(&session, &headers, lang)?;
    match xanh_app::contribution::save_contribution(
        &state,
        &session.actor,
        id,
        &objective,
        body.version,
        &body.figures,
        &body.body,
        lang,
    )
    .await
    {
        Ok(()) => {
            let unit = session.actor.unit.clone().unwrap_or_default();
            let mine = xanh_app::contribution::stored(&state, id, &objective, &unit, lang)
                .await
                .map_err(|e| WebError::from(e).json())?;
            Ok(Json(ContributionSaved {
                contribution: mine.map(Into::into),
            }))
        }
        Err(Ok(message)) => Err(WebError::invalid(lang, message.clone(), message).json()),
        Err(Err(e)) => Err(WebError::api(e)),
    }
}
