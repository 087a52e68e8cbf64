//! `/api/v1/…`: the reporting cycle as JSON. Same rules as the pages (the
//! same `reporting` functions); a cookie session must echo its CSRF token in
//! `X-CSRF-Token` on writes, a bearer token needs none.

use crate::AppState;
use crate::api::extract::{ApiPath, integral, integral_opt};
use crate::auth::{Authed, Session, constant_time_eq};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::report::authorise_action;
use crate::pages::work::{ensure_own_report, overview_rows};
use crate::reporting::{self, ReportContext, ReportInput, ValueInput, state_error, store_error};
use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use xanh_core::report::NarrativePart;
use xanh_core::workflow::PeriodState;
use xanh_store::StoreError;

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
fn check_csrf(session: &Session, headers: &HeaderMap, lang: Lang) -> Result<(), WebError> {
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

/// Who is signed in: account, role and agency.
#[utoipa::path(get, path = "/api/v1/me", tag = "reporting",
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The account", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError)))]
pub async fn me(Authed(session): Authed) -> Json<Value> {
    Json(json!({
        "username": session.user.username,
        "display_name": session.user.display_name,
        "role": session.actor.role,
        "unit": session.actor.unit,
    }))
}

/// Every expected report of a period with its state, timeliness and completeness (consolidator, administrator, viewer).
#[utoipa::path(get, path = "/api/v1/periods/{id}/reports", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The overview", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not allowed for this role", body = crate::api::doc::ApiError), (status = 404, description = "No such period", body = crate::api::doc::ApiError)))]
pub async fn overview(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<Value>, WebError> {
    if !session.actor.can_see_overview() {
        return Err(WebError::forbidden(lang).json());
    }
    let (period, rows) = overview_rows(&state, id, lang)
        .await
        .map_err(WebError::json)?;
    Ok(Json(json!({
        "period": period,
        "reports": rows.iter().map(|r| json!({
            "unit": r.unit, "report_id": r.report_id, "state": r.state, "submitted_at": r.submitted,
            "late": r.late, "completeness": r.completeness,
        })).collect::<Vec<_>>(),
    })))
}

async fn report_json(state: &AppState, ctx: &ReportContext, lang: Lang) -> Result<Value, WebError> {
    let slots: Vec<(String, String)> = ctx
        .scope
        .iter()
        .flat_map(|o| {
            o.slots
                .iter()
                .map(|s| (s.indicator.clone(), s.unit.clone()))
        })
        .collect();
    // Only the scope's indicators are read, and slots are looked up in a set:
    // a period holds 660,000 values at national scale.
    let mut indicators: Vec<&str> = slots.iter().map(|(i, _)| i.as_str()).collect();
    indicators.sort_unstable();
    indicators.dedup();
    let values = state
        .store
        .values_of_indicators(ctx.period.id, &indicators)
        .await
        .map_err(store_error(lang))?;
    let in_scope: std::collections::HashSet<(&str, &str)> = slots
        .iter()
        .map(|(i, u)| (i.as_str(), u.as_str()))
        .collect();
    let mine: Vec<Value> = values
        .iter()
        .filter(|v| in_scope.contains(&(v.indicator_code.as_str(), v.unit_code.as_str())))
        .map(|v| {
            json!({
                "indicator": v.indicator_code, "unit": v.unit_code, "value": v.value,
                "display": v.value.as_ref().map(|x| x.display(lang)), "note": v.note,
                "entered_by": v.entered_by, "entered_at": v.entered_at,
            })
        })
        .collect();
    let narrative = state
        .store
        .narratives(ctx.report.id)
        .await
        .map_err(store_error(lang))?;
    let comments = state
        .store
        .comments(ctx.report.id)
        .await
        .map_err(store_error(lang))?;
    Ok(json!({
        "report": ctx.report,
        "period": ctx.period,
        "framework": ctx.framework_code,
        "slots": slots.iter().map(|(i, u)| json!({"indicator": i, "unit": u})).collect::<Vec<_>>(),
        "values": mine,
        "narrative": narrative,
        "comments": comments,
    }))
}

/// A report with its values, narrative and comments.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reporting",
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 404, description = "No such report, or not visible to this account", body = crate::api::doc::ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<Value>, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::json)?,
    ))
}

/// The signed-in officer's report for a period, made if it does not exist yet.
#[utoipa::path(post, path = "/api/v1/periods/{id}/my-report", tag = "reporting",
    params(("id" = i64, Path, description = "Period id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not an officer / missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "The agency does not report in this period", body = crate::api::doc::ApiError)))]
pub async fn my_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
) -> Result<Json<Value>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let report = ensure_own_report(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    let ctx = reporting::load(&state, &session.actor, report.id, lang)
        .await
        .map_err(WebError::json)?;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::json)?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ValueBody {
    indicator: String,
    unit: String,
    /// As a person would type it: "65,5", "1.234,5", "65.5", "có".
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
    /// Confirms a value far from the unit's history (a note is then required).
    #[serde(default)]
    confirm: bool,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NarrativeBody {
    objective: String,
    part: String,
    body: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SaveBody {
    #[serde(deserialize_with = "integral")]
    version: i64,
    #[serde(default)]
    values: Vec<ValueBody>,
    #[serde(default)]
    narrative: Vec<NarrativeBody>,
}

/// Save values and narrative as a draft: all or nothing. Values are typed as a person would (\"65,5\", \"1.234,5\", \"65.5\", \"có\").
#[utoipa::path(put, path = "/api/v1/reports/{id}", tag = "reporting",
    request_body = SaveBody,
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The saved report", body = Object), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not this agency's officer / missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "No such report", body = crate::api::doc::ApiError), (status = 409, description = "Changed by someone else since `version`", body = crate::api::doc::ApiError), (status = 422, description = "Invalid values: every field named in details.fields; nothing stored", body = crate::api::doc::ApiError)))]
pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<Json<Value>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    if !session.actor.can_edit_report(&ctx.report.unit_code) {
        return Err(WebError::forbidden(lang).json());
    }
    let mut input = ReportInput::default();
    let mut bad_parts = Vec::new();
    for v in body.values {
        input.values.insert(
            (v.indicator, v.unit),
            ValueInput {
                raw: v.value,
                note: v.note,
                confirmed: v.confirm,
            },
        );
    }
    for n in body.narrative {
        match NarrativePart::parse(&n.part) {
            Some(p) => {
                input.narrative.insert((n.objective, p), n.body);
            }
            None => bad_parts.push(reporting::FieldError {
                confirmable: false,
                field: format!("t:{}:{}", n.objective, n.part),
                message: lang
                    .pick("Phần thuyết minh không hợp lệ.", "Unknown narrative part.")
                    .into(),
            }),
        }
    }
    let invalid = |fields: Vec<reporting::FieldError>| {
        WebError::invalid(
            lang,
            "Dữ liệu không hợp lệ; không lưu gì.",
            "Invalid data; nothing was stored.",
        )
        .with_details(json!({ "fields": fields }))
        .json()
    };
    if !bad_parts.is_empty() {
        return Err(invalid(bad_parts));
    }
    let (values, narrative) = reporting::validate(&state, &ctx, &input, lang)
        .await
        .map_err(invalid)?;
    let saved = match state
        .store
        .save_report(id, body.version, &values, &narrative, &session.actor)
        .await
    {
        Ok(saved) => saved,
        Err(e @ StoreError::Conflict(_)) => return Err(WebError::from_store(e, lang).json()),
        Err(e) => return Err(state_error(e, lang).json()),
    };
    let mut ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    // The answer carries the version this save made, even when another save
    // has come since: a client that goes on from it is then refused (409) and
    // reloads, rather than writing over a change it never saw.
    ctx.report = saved;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::json)?,
    ))
}

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

/// The audit trail of a report: every state change, value and narrative edit.
#[utoipa::path(get, path = "/api/v1/reports/{id}/audit", tag = "reporting",
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The trail", body = Object), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Viewers do not see drafts' history", body = crate::api::doc::ApiError), (status = 404, description = "No such report", body = crate::api::doc::ApiError)))]
pub async fn audit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    Authed(session): Authed,
) -> Result<Json<Value>, WebError> {
    reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::json)?;
    if session.actor.role == xanh_core::access::Role::Viewer {
        return Err(WebError::forbidden(lang).json());
    }
    let rows = state
        .store
        .report_audit_trail(id)
        .await
        .map_err(|e| WebError::from_store(e, lang).json())?;
    Ok(Json(json!({ "entries": rows })))
}

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
    responses((status = 200, description = "The saved contribution", body = Object), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "The agency does not coordinate this objective", body = crate::api::doc::ApiError), (status = 422, description = "Invalid, stale or the period is closed", body = crate::api::doc::ApiError)))]
pub async fn save_contribution(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath((id, objective)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<ContributionBody>,
) -> Result<Json<Value>, WebError> {
    check_csrf(&session, &headers, lang)?;
    match crate::pages::contribution::save_contribution(
        &state,
        &session,
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
            let saved = state
                .store
                .contributions(id)
                .await
                .map_err(|e| WebError::from_store(e, lang).json())?;
            let mine = saved.into_iter().find(|c| {
                c.objective_code == objective && Some(&c.unit_code) == session.actor.unit.as_ref()
            });
            Ok(Json(json!({ "contribution": mine })))
        }
        Err(Ok(message)) => Err(WebError::invalid(lang, message.clone(), message).json()),
        Err(Err(e)) => Err(e.json()),
    }
}
