//! State changes through the API: submitting, returning, accepting or reopening
//! a report, and opening or closing a period.

use super::*;
use xanh_app::reporting::review;

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct StateBody {
    #[serde(default, deserialize_with = "integral_opt")]
    version: Option<i64>,
    #[serde(default)]
    reason: Option<String>,
}

/// Submit (officer), return or reopen with a reason, or accept (the consolidator for a department's report; the receiving department's officer for a commune's, whose figures then move into the department's report). A department whose communes' reports are not all accepted submits only with a `reason`; the server keeps its own list of the missing ones beside it (422 with `details.missing` otherwise).
#[utoipa::path(post, path = "/api/v1/reports/{id}/{action}", tag = "reporting",
    request_body = StateBody,
    params(("id" = i64, Path, description = "Report id"),
           ("action" = String, Path, description = "submit, return, accept or reopen"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report after the change", body = ReportChanged), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not allowed for this role", body = crate::api::doc::ApiError), (status = 404, description = "No such report or action", body = crate::api::doc::ApiError), (status = 409, description = "Changed by someone else", body = crate::api::doc::ApiError), (status = 422, description = "Not possible in the present state, or a reason is missing", body = crate::api::doc::ApiError)))]
pub async fn change_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<StateBody>,
) -> Result<Json<ReportChanged>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    let action = review::parse_action(&action, lang).map_err(WebError::api)?;
    let reason = body.reason.clone().unwrap_or_default();
    let request = review::Request {
        action,
        version: body.version,
        reason: &reason,
        // The missing lower reports must be named: the caller acknowledges
        // them with a reason, and the server keeps its own list beside it.
        missing_acknowledged: !reason.trim().is_empty(),
    };
    let report = match review::act(&state, &session.actor, &ctx, request, lang).await {
        Ok(report) => report,
        Err(review::Held::Unanswered(open)) => {
            return Err(WebError::invalid(
                lang,
                "Chưa gửi: có số liệu không nhất quán chưa được giải trình.",
                "Not submitted: some inconsistent figures are not explained.",
            )
            .with_details(json!({ "fields": open }))
            .json());
        }
        Err(review::Held::MissingBelow(below)) => {
            let missing: Vec<&str> = below.missing().iter().map(|r| r.unit.as_str()).collect();
            return Err(WebError::invalid(
                lang,
                format!("Chưa gửi: còn thiếu báo cáo của {} đơn vị cấp dưới ({}). Gửi lại kèm \"reason\" nói rõ vì sao gửi khi còn thiếu.", missing.len(), below.missing_text(Lang::Vi)),
                format!("Not submitted: {} lower reports are missing ({}). Submit again with a \"reason\" saying why it is sent without them.", missing.len(), below.missing_text(Lang::En)),
            )
            .with_details(json!({ "missing": missing }))
            .json());
        }
        Err(review::Held::Failed(e)) => return Err(WebError::api(e)),
    };
    Ok(Json(ReportChanged {
        report: report.into(),
    }))
}

/// Open or close a period (consolidator).
#[utoipa::path(post, path = "/api/v1/periods/{id}/{action}", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("action" = String, Path, description = "open or close"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The period", body = PeriodChanged), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not the consolidator", body = crate::api::doc::ApiError), (status = 404, description = "No such period or action", body = crate::api::doc::ApiError)))]
pub async fn set_period_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
) -> Result<Json<PeriodChanged>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let to = xanh_app::periods::parse_action(&action, lang).map_err(WebError::api)?;
    let period = xanh_app::periods::set_state(&state, &session.actor, id, to, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(PeriodChanged {
        period: period.into(),
    }))
}
