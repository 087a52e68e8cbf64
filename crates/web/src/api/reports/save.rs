//! Saving a report's values and narrative through the API: the JSON bodies, and
//! the draft saved all or nothing from values typed as a person would type them.

use super::*;
use xanh_app::reporting::save::{self, Refused};

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
    responses((status = 200, description = "The saved report", body = ReportInFull), (status = 400, description = "The body is not JSON of the described shape (or lacks Content-Type: application/json)", body = crate::api::doc::ApiError), (status = 401, description = "Not signed in", body = crate::api::doc::ApiError), (status = 403, description = "Not this agency's officer / missing CSRF header", body = crate::api::doc::ApiError), (status = 404, description = "No such report", body = crate::api::doc::ApiError), (status = 409, description = "Changed by someone else since `version`", body = crate::api::doc::ApiError), (status = 422, description = "Invalid values: every field named in details.fields; nothing stored", body = crate::api::doc::ApiError)))]
pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<Json<ReportInFull>, WebError> {
    check_csrf(&session, &headers, lang)?;
    let ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    // Refused before the body is looked at: someone who may not change the
    // report learns nothing from its checks (the use case checks again).
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
    let saved = match save::save(&state, &session.actor, &ctx, body.version, &input, lang).await {
        Ok(saved) => saved,
        Err(Refused::Fields(fields)) => return Err(invalid(fields)),
        Err(Refused::Stale(e) | Refused::Failed(e)) => return Err(WebError::api(e)),
    };
    let mut ctx = reporting::load(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    // The answer carries the version this save made, even when another save
    // has come since: a client that goes on from it is then refused (409) and
    // reloads, rather than writing over a change it never saw.
    ctx.report = saved;
    Ok(Json(
        report_json(&state, &ctx, lang)
            .await
            .map_err(WebError::api)?,
    ))
}
