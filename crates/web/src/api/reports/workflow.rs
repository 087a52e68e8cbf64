//! State changes through the API: submitting, returning, accepting or reopening
//! a report, and opening or closing a period.

use super::*;

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct StateBody {
    #[serde(default, deserialize_with = "integral_opt")]
    version: Option<i64>,
    #[serde(default)]
    reason: Option<String>,
}

/// Submit (officer), return or reopen with a reason, or accept (consolidator).
#[utoipa::path(post, path = "/api/v1/reports/{id}/{action}", tag = "reporting",
    request_body = StateBody,
    params(("id" = i64, Path, description = "Report id"),
           ("action" = String, Path, description = "submit, return, accept or reopen"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report after the change", body = Object), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not allowed for this role", body = crate::api::doc::ApiError), (status = 404, description = "No such report or action", body = crate::api::doc::ApiError), (status = 409, description = "Changed by someone else", body = crate::api::doc::ApiError), (status = 422, description = "Not possible in the present state, or a reason is missing", body = crate::api::doc::ApiError)))]
pub async fn change_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<StateBody>,
) -> Result<Json<Value>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    let action = authorise_action(&session, &ctx, &action, lang).map_err(WebError::json)?;
    if action == xanh_core::workflow::Action::Submit {
        let stored = crate::unusual::stored(&state, &ctx, lang)
            .await
            .map_err(|e| WebError::invalid(lang, e.message.clone(), e.message).json())?;
        let open = crate::consistency::unanswered(&ctx, &stored, lang);
        if !open.is_empty() {
            return Err(WebError::invalid(
                lang,
                "Chưa gửi: có số liệu không nhất quán chưa được giải trình.",
                "Not submitted: some inconsistent figures are not explained.",
            )
            .with_details(json!({ "fields": open }))
            .json());
        }
    }
    let report = state
        .store
        .change_report_state(
            id,
            body.version,
            action,
            body.reason.as_deref(),
            &session.actor,
        )
        .await
        .map_err(|e| state_error(e, lang).json())?;
    Ok(Json(json!({ "report": report })))
}

/// Open or close a period (consolidator).
#[utoipa::path(post, path = "/api/v1/periods/{id}/{action}", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("action" = String, Path, description = "open or close"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The period", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not the consolidator", body = crate::api::doc::ApiError), (status = 404, description = "No such period or action", body = crate::api::doc::ApiError)))]
pub async fn set_period_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
) -> Result<Json<Value>, WebError> {
    check_csrf(&session, &headers, lang)?;
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang).json());
    }
    let to = match action.as_str() {
        "open" => PeriodState::Open,
        "close" => PeriodState::Closed,
        _ => {
            return Err(
                WebError::not_found(lang, "Không có thao tác này.", "No such action.").json(),
            );
        }
    };
    state
        .store
        .set_period_state(id, to, &session.actor)
        .await
        .map_err(|e| WebError::from_store(e, lang).json())?;
    let (_, period) = state
        .store
        .period(id)
        .await
        .map_err(|e| WebError::from_store(e, lang).json())?;
    Ok(Json(json!({ "period": period })))
}
