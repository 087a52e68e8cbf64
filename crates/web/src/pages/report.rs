//! An agency's report for a period: values by indicator (and unit), the
//! narrative objective by objective, coordinating agencies' contributions,
//! and the review actions.

use super::work::vn;
use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::official::Format;
use crate::reporting::{
    self, FieldError, ReportContext, ReportInput, input_from_form, is_late, narrative_field,
    state_error, store_error, value_field,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use xanh_core::report::{NarrativePart, Value};
use xanh_core::workflow::{Action, ReportState};
use xanh_store::StoreError;

/// An error as listed above the form.
struct ErrorLine {
    label: String,
    message: String,
}

struct SlotView {
    confirmable: bool,
    field: String,
    note_field: String,
    confirm_field: String,
    indicator: String,
    unit_code: String,
    name: String,
    place: String,
    measure: String,
    target: String,
    previous: String,
    value: String,
    note: String,
    confirmed: bool,
    error: Option<String>,
    entered_by: String,
}

struct PartView {
    field: String,
    label: String,
    body: String,
    error: Option<String>,
    updated_by: String,
}

struct ContributionView {
    agency: String,
    figures: String,
    body: String,
    by: String,
}

struct ObjectiveView {
    code: String,
    title: String,
    slots: Vec<SlotView>,
    parts: Vec<PartView>,
    contributions: Vec<ContributionView>,
}

struct CommentView {
    kind: String,
    body: String,
    author: String,
    at: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    version: i64,
    agency: String,
    period: String,
    deadline: String,
    state: String,
    state_label: String,
    late: bool,
    editable: bool,
    can_submit: bool,
    can_review: bool,
    can_reopen: bool,
    objectives: Vec<ObjectiveView>,
    comments: Vec<CommentView>,
    errors: Vec<ErrorLine>,
    flash: Option<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct Flash {
    #[serde(default)]
    done: String,
}

fn flash_text(done: &str, lang: Lang) -> Option<(String, String)> {
    let msg = match done {
        "saved" => lang.pick("Đã lưu dự thảo.", "Draft saved."),
        "submit" => lang.pick(
            "Đã gửi báo cáo đến cơ quan tổng hợp.",
            "The report was submitted to the consolidator.",
        ),
        "return" => lang.pick(
            "Đã trả lại báo cáo kèm ý kiến.",
            "The report was returned with a comment.",
        ),
        "accept" => lang.pick("Đã tiếp nhận báo cáo.", "The report was accepted."),
        "reopen" => lang.pick("Đã mở lại báo cáo.", "The report was reopened."),
        "upload" => lang.pick(
            "Đã nhận tệp Excel: số liệu và thuyết minh được lưu thành dự thảo.",
            "The Excel file was read: figures and narrative saved as a draft.",
        ),
        _ => return None,
    };
    Some(("ok".into(), msg.into()))
}

async fn build(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    typed: Option<&ReportInput>,
    errors: Vec<FieldError>,
    flash: Option<(String, String)>,
) -> Result<ReportPage, WebError> {
    let fw = &ctx.framework;
    let values = state
        .store
        .values_of_period(ctx.period.id)
        .await
        .map_err(store_error(lang))?;
    let narratives = state
        .store
        .narratives(ctx.report.id)
        .await
        .map_err(store_error(lang))?;
    let contributions = state
        .store
        .contributions(ctx.period.id)
        .await
        .map_err(store_error(lang))?;
    let comments = state
        .store
        .comments(ctx.report.id)
        .await
        .map_err(store_error(lang))?;
    let error_of: HashMap<&str, &str> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    let confirmable: std::collections::HashSet<&str> = errors
        .iter()
        .filter(|e| e.confirmable)
        .map(|e| e.field.as_str())
        .collect();
    let unit_name = |code: &str| {
        fw.unit(code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let mut objectives = Vec::new();
    for scope in &ctx.scope {
        let Some(objective) = fw.objectives.iter().find(|o| o.code == scope.objective) else {
            continue;
        };
        let mut slots = Vec::new();
        for slot in &scope.slots {
            let Some((_, ind)) = fw.indicator(&slot.indicator) else {
                continue;
            };
            let stored = values
                .iter()
                .find(|v| v.indicator_code == slot.indicator && v.unit_code == slot.unit);
            let key = (slot.indicator.clone(), slot.unit.clone());
            let typed_slot = typed.and_then(|t| t.values.get(&key));
            let field = value_field(&slot.indicator, &slot.unit);
            let history = state
                .store
                .history(
                    &ctx.framework_code,
                    &slot.indicator,
                    &slot.unit,
                    &ctx.period.deadline,
                )
                .await
                .map_err(store_error(lang))?;
            slots.push(SlotView {
                confirmable: confirmable.contains(field.as_str())
                    || typed_slot.is_some_and(|t| t.confirmed),
                note_field: format!("n:{}:{}", slot.indicator, slot.unit),
                confirm_field: format!("c:{}:{}", slot.indicator, slot.unit),
                error: error_of.get(field.as_str()).map(|s| s.to_string()),
                indicator: ind.code.clone(),
                unit_code: slot.unit.clone(),
                name: ind.name.get(lang).to_string(),
                place: if slot.unit == fw.issuer {
                    lang.pick("Toàn tỉnh", "Province").to_string()
                } else {
                    unit_name(&slot.unit)
                },
                measure: ind.unit.get(lang).to_string(),
                target: ind.target.describe(&ind.unit.vi, lang),
                previous: history
                    .last()
                    .map(|v| Value::Number(*v).display(lang))
                    .unwrap_or_default(),
                value: match typed_slot {
                    Some(t) => t.raw.clone(),
                    None => stored
                        .and_then(|v| v.value.as_ref())
                        .map(|v| v.display(lang))
                        .unwrap_or_default(),
                },
                note: match typed_slot {
                    Some(t) => t.note.clone(),
                    None => stored.and_then(|v| v.note.clone()).unwrap_or_default(),
                },
                confirmed: typed_slot.is_some_and(|t| t.confirmed),
                entered_by: stored
                    .and_then(|v| v.entered_by.clone())
                    .unwrap_or_default(),
                field,
            });
        }
        let parts = NarrativePart::ALL
            .iter()
            .map(|part| {
                let field = narrative_field(&objective.code, *part);
                let stored = narratives
                    .iter()
                    .find(|n| n.objective_code == objective.code && n.part == part.as_str());
                PartView {
                    error: error_of.get(field.as_str()).map(|s| s.to_string()),
                    label: part.label(lang).to_string(),
                    body: typed
                        .and_then(|t| t.narrative.get(&(objective.code.clone(), *part)).cloned())
                        .or_else(|| stored.map(|n| n.body.clone()))
                        .unwrap_or_default(),
                    updated_by: stored
                        .and_then(|n| n.updated_by.clone())
                        .unwrap_or_default(),
                    field,
                }
            })
            .collect();
        objectives.push(ObjectiveView {
            code: objective.code.clone(),
            title: objective.title.get(lang).to_string(),
            slots,
            parts,
            contributions: contributions
                .iter()
                .filter(|c| c.objective_code == objective.code)
                .map(|c| ContributionView {
                    agency: unit_name(&c.unit_code),
                    figures: c.figures.clone(),
                    body: c.body.clone(),
                    by: c.updated_by.clone().unwrap_or_default(),
                })
                .collect(),
        });
    }
    let st = ctx.report.state();
    let actor = &session.actor;
    Ok(ReportPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        id: ctx.report.id,
        version: ctx.report.version,
        agency: unit_name(&ctx.report.unit_code),
        period: lang
            .pick(&ctx.period.label_vi, &ctx.period.label_en)
            .to_string(),
        deadline: vn(&ctx.period.deadline),
        state: st.as_str().to_string(),
        state_label: st.label(lang).to_string(),
        late: is_late(
            st,
            ctx.report.submitted_at.as_deref(),
            &ctx.period.deadline,
            time::OffsetDateTime::now_utc(),
        ),
        editable: ctx.editable_by(actor),
        can_submit: ctx.editable_by(actor) && actor.can_submit_report(&ctx.report.unit_code),
        can_review: actor.can_review() && st == ReportState::Submitted,
        can_reopen: actor.can_review() && st == ReportState::Accepted,
        objectives,
        comments: comments
            .into_iter()
            .map(|c| CommentView {
                kind: match c.kind.as_str() {
                    "return" => lang.pick("Trả lại", "Returned").into(),
                    _ => lang.pick("Mở lại", "Reopened").into(),
                },
                body: c.body,
                author: c.author.unwrap_or_default(),
                at: reporting::vn_time(&c.at),
            })
            .collect(),
        errors: errors
            .iter()
            .map(|e| ErrorLine {
                label: if e.field == "version" {
                    String::new()
                } else {
                    reporting::field_label(&e.field, fw, lang)
                },
                message: e.message.clone(),
            })
            .collect(),
        flash,
    })
}

/// The report page with a list of errors above it (a refused upload).
pub async fn page_with_errors(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    errors: Vec<FieldError>,
) -> Result<Response, WebError> {
    let page = build(state, session, ctx, lang, None, errors, None).await?;
    Ok(render(&page))
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Query(flash): Query<Flash>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    let page = build(
        &state,
        &session,
        &ctx,
        lang,
        None,
        Vec::new(),
        flash_text(&flash.done, lang),
    )
    .await?;
    Ok(render(&page))
}

fn back(id: i64, done: &str, lang: Lang) -> Response {
    let en = if lang == Lang::En { "&lang=en" } else { "" };
    Redirect::to(&format!("/reports/{id}?done={done}{en}")).into_response()
}

/// `POST /reports/{id}/save`: every field checked; nothing stored unless all are valid.
pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    if !session.actor.can_edit_report(&ctx.report.unit_code) {
        return Err(WebError::forbidden(lang));
    }
    let version: i64 = form
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(-1);
    let input = match input_from_form(&form, lang) {
        Ok(input) => input,
        Err(errors) => {
            return rerender(
                &state,
                &session,
                &ctx,
                lang,
                &ReportInput::default(),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (values, narrative) = match reporting::validate(&state, &ctx, &input, lang).await {
        Ok(changes) => changes,
        Err(errors) => {
            return rerender(
                &state,
                &session,
                &ctx,
                lang,
                &input,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match state
        .store
        .save_report(id, version, &values, &narrative, &session.actor)
        .await
    {
        Ok(_) => Ok(back(id, "saved", lang)),
        Err(StoreError::Conflict(_)) => {
            let fresh = reporting::load(&state, &session.actor, id, lang).await?;
            let message = lang.pick(
                "Báo cáo vừa được người khác thay đổi nên chưa lưu được. Nội dung bạn nhập vẫn còn dưới đây; hãy xem lại rồi lưu lần nữa.",
                "Someone else changed the report in the meantime, so it was not saved. What you typed is kept below; check it and save again.",
            );
            let errors = vec![FieldError {
                confirmable: false,
                field: "version".into(),
                message: message.into(),
            }];
            rerender(
                &state,
                &session,
                &fresh,
                lang,
                &input,
                errors,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(state_error(e, lang)),
    }
}

async fn rerender(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    input: &ReportInput,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let page = build(state, session, ctx, lang, Some(input), errors, None).await?;
    Ok((status, render(&page)).into_response())
}

#[derive(Deserialize)]
pub struct StateForm {
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /reports/{id}/{submit|return|accept|reopen}`.
pub async fn change_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm { session, form }: CsrfForm<StateForm>,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    let action = authorise_action(&session, &ctx, &action, lang)?;
    state
        .store
        .change_report_state(id, form.version, action, Some(&form.reason), &session.actor)
        .await
        .map_err(|e| state_error(e, lang))?;
    let done = match action {
        Action::Submit => "submit",
        Action::Return => "return",
        Action::Accept => "accept",
        Action::Reopen => "reopen",
        Action::Save => "saved",
    };
    Ok(back(id, done, lang))
}

/// Maps an action name to the action, if this person may take it on this report.
pub fn authorise_action(
    session: &Session,
    ctx: &ReportContext,
    name: &str,
    lang: Lang,
) -> Result<Action, WebError> {
    let action = match name {
        "submit" => Action::Submit,
        "return" => Action::Return,
        "accept" => Action::Accept,
        "reopen" => Action::Reopen,
        _ => {
            return Err(WebError::not_found(
                lang,
                "Không có thao tác này.",
                "No such action.",
            ));
        }
    };
    let allowed = match action {
        Action::Submit => session.actor.can_submit_report(&ctx.report.unit_code),
        _ => session.actor.can_review(),
    };
    if allowed {
        Ok(action)
    } else {
        Err(WebError::forbidden(lang))
    }
}

fn action_label(action: &str, lang: Lang) -> &str {
    match action {
        "save" => lang.pick("Lưu", "Save"),
        "submit" => lang.pick("Gửi", "Submit"),
        "return" => lang.pick("Trả lại", "Return"),
        "accept" => lang.pick("Tiếp nhận", "Accept"),
        "reopen" => lang.pick("Mở lại", "Reopen"),
        other => other,
    }
}

/// A report state in words, a number in the user's form; other values as they are.
fn state_word(entity: &str, value: String, lang: Lang) -> String {
    match (entity, ReportState::parse(&value)) {
        ("report", Some(st)) => st.label(lang).to_string(),
        ("value", _) => match value.parse::<f64>() {
            Ok(n) if !value.is_empty() => Value::Number(n).display(lang),
            _ => value,
        },
        _ => value,
    }
}

struct AuditView {
    at: String,
    actor: String,
    action: String,
    what: String,
    old: String,
    new: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    lang: Lang,
    nav: Nav,
    id: i64,
    agency: String,
    period: String,
    filter: String,
    entries: Vec<AuditView>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    /// "INDICATOR/UNIT": the trail of one value.
    #[serde(default)]
    value: String,
}

/// `/reports/{id}/audit`: every step of the report, or of one value.
pub async fn audit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Query(q): Query<AuditQuery>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    // The trail holds draft values: only the agency and the consolidating side see it.
    if session.actor.role == xanh_core::access::Role::Viewer {
        return Err(WebError::forbidden(lang));
    }
    let mut rows = state
        .store
        .report_audit_trail(id)
        .await
        .map_err(store_error(lang))?;
    if !q.value.is_empty() {
        let wanted = format!("{id}/{}", q.value);
        rows.retain(|r| r.entity == "value" && r.entity_id == wanted);
    }
    let fw = &ctx.framework;
    Ok(render(&AuditPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        id,
        agency: fw
            .unit(&ctx.report.unit_code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_default(),
        period: lang
            .pick(&ctx.period.label_vi, &ctx.period.label_en)
            .to_string(),
        filter: q.value.clone(),
        entries: rows
            .into_iter()
            .map(|r| {
                // "REPORT/IND/UNIT" or "REPORT/OBJ/PART" → the field key the labels understand.
                let rest = r
                    .entity_id
                    .split_once('/')
                    .map(|(_, rest)| rest.replacen('/', ":", 1))
                    .unwrap_or_default();
                let what = match r.entity.as_str() {
                    "report" => lang.pick("Trạng thái báo cáo", "Report state").to_string(),
                    "value" if r.field.as_deref() == Some("note") => {
                        reporting::field_label(&format!("n:{rest}"), fw, lang)
                    }
                    "value" => reporting::field_label(&format!("v:{rest}"), fw, lang),
                    _ => reporting::field_label(&format!("t:{rest}"), fw, lang),
                };
                AuditView {
                    at: reporting::vn_time(&r.at),
                    action: action_label(&r.action, lang).to_string(),
                    what,
                    old: state_word(&r.entity, r.old_value.unwrap_or_default(), lang),
                    new: state_word(&r.entity, r.new_value.unwrap_or_default(), lang),
                    reason: r.reason.unwrap_or_default(),
                    actor: r.actor,
                }
            })
            .collect(),
    }))
}

/// `/reports/{id}/report.pdf`: the agency's report in the official layout, to sign and send.
pub async fn pdf(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    document(&state, lang, id, &session, Format::Pdf).await
}

/// `/reports/{id}/report.docx`: the same, as DOCX to edit before signing.
pub async fn docx(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    document(&state, lang, id, &session, Format::Docx).await
}

async fn document(
    state: &AppState,
    lang: Lang,
    id: i64,
    session: &Session,
    format: Format,
) -> Result<Response, WebError> {
    let ctx = reporting::load(state, &session.actor, id, lang).await?;
    let doc = crate::official::agency_document(state, &ctx).await?;
    let name = format!("bao-cao-{}-{}", ctx.period.code, ctx.report.unit_code);
    crate::official::download(doc, format, &name, lang).await
}
