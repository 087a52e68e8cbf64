//! What people do to a report: save a draft, submit it (with whatever was
//! typed since the last save), return, accept (confirmed first) and reopen.

use super::build;
use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::confirm::{Confirm, confirmed};
use crate::pages::{Nav, render};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use xanh_app::reporting::review::{self, Held, Request};
use xanh_app::reporting::save::{self, Refused};
use xanh_app::reporting::{self, FieldError, ReportContext, ReportInput, input_from_form};
use xanh_core::report::NarrativePart;
use xanh_core::workflow::Action;

fn back(id: i64, done: &str) -> Response {
    Redirect::to(&format!("/reports/{id}?done={done}")).into_response()
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The fields of the report form itself (values, notes, confirmations,
/// narrative), without the action's own fields.
fn report_fields(form: &[(String, String)]) -> Vec<(String, String)> {
    form.iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "reason" | "confirmed" | "take-draft" | "missing-ok"
            )
        })
        .cloned()
        .collect()
}

/// Whether the posted form carries the report's fields (the submit button
/// sits inside the report form; an API-like post of the bare action does not).
fn carries_edits(form: &[(String, String)]) -> bool {
    form.iter()
        .any(|(k, _)| k.starts_with("v:") || k.starts_with("t:") || k.starts_with("n:"))
}

/// The outcome of saving what the form carries.
enum Saved {
    /// Stored; the report's new version.
    Version(i64),
    /// Refused: the page to show again, with everything typed.
    Page(Response),
}

/// Checks every field and stores them all, or none and answers the form
/// again with what was typed and each problem beside its field.
async fn save_form(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    form: &[(String, String)],
    not_done: Option<&str>,
) -> Result<Saved, WebError> {
    let version: i64 = field(form, "version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    let fields = report_fields(form);
    let with_headline = |mut errors: Vec<FieldError>| {
        if let Some(msg) = not_done {
            errors.insert(0, FieldError::new("version", msg));
        }
        errors
    };
    let input = match input_from_form(&fields, lang) {
        Ok(input) => input,
        Err(errors) => {
            let page = rerender(
                state,
                session,
                ctx,
                lang,
                &ReportInput::default(),
                with_headline(errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await?;
            return Ok(Saved::Page(page));
        }
    };
    match save::save(state, &session.actor, ctx, version, &input, lang).await {
        Ok(saved) => Ok(Saved::Version(saved.version)),
        Err(Refused::Fields(errors)) => {
            let page = rerender(
                state,
                session,
                ctx,
                lang,
                &input,
                with_headline(errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await?;
            Ok(Saved::Page(page))
        }
        Err(Refused::Stale(_)) => {
            let fresh = reporting::load(state, &session.actor, ctx.report.id, lang).await?;
            let message = lang.pick(
                "Báo cáo vừa được người khác thay đổi nên chưa lưu được. Nội dung bạn nhập vẫn còn dưới đây; hãy xem lại rồi lưu lần nữa.",
                "Someone else changed the report in the meantime, so it was not saved. What you typed is kept below; check it and save again.",
            );
            let page = rerender(
                state,
                session,
                &fresh,
                lang,
                &input,
                with_headline(vec![FieldError::new("version", message)]),
                StatusCode::CONFLICT,
            )
            .await?;
            Ok(Saved::Page(page))
        }
        Err(Refused::Failed(e)) => Err(e.into()),
    }
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
    match save_form(&state, &session, &ctx, lang, &form, None).await? {
        Saved::Version(_) => Ok(back(id, "saved")),
        Saved::Page(page) => Ok(page),
    }
}

pub(super) async fn rerender(
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

/// `POST /reports/{id}/{submit|return|accept|reopen}`.
///
/// Submit comes from the report form's own button, so it carries whatever
/// was typed since the last save: that is saved first (all checks apply),
/// and only a clean save is submitted. Accepting is confirmed first.
pub async fn change_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    if action == "draft" {
        return take_draft(&state, &session, &ctx, lang, &form).await;
    }
    let action = review::parse_action(&action, lang)?;
    review::authorise(&session.actor, &ctx, action, lang)?;
    let mut version: Option<i64> = field(&form, "version").and_then(|v| v.parse().ok());
    if action == Action::Submit
        && carries_edits(&form)
        && session.actor.can_edit_report(&ctx.report.unit_code)
    {
        let not_sent = lang.pick(
            "Chưa gửi: báo cáo còn lỗi cần sửa (xem bên dưới). Những gì bạn nhập vẫn còn nguyên.",
            "Not submitted: the report has problems to correct (see below). Everything you typed is kept.",
        );
        match save_form(&state, &session, &ctx, lang, &form, Some(not_sent)).await? {
            Saved::Version(v) => version = Some(v),
            Saved::Page(page) => return Ok(page),
        }
    }
    if action == Action::Accept && !confirmed(&form) {
        return Ok(confirm_accept(&session, &ctx, lang, version));
    }
    let request = Request {
        action,
        version,
        reason: field(&form, "reason").unwrap_or_default(),
        missing_acknowledged: field(&form, "missing-ok").is_some(),
    };
    match review::act(&state, &session.actor, &ctx, request, lang).await {
        Ok(_) => {}
        Err(Held::Unanswered(open)) => {
            let fresh = reporting::load(&state, &session.actor, id, lang).await?;
            return rerender(
                &state,
                &session,
                &fresh,
                lang,
                &ReportInput::default(),
                open,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(Held::MissingBelow(below)) => {
            return Ok(super::below::confirm_missing(
                &session, &ctx, &below, lang, version,
            ));
        }
        Err(Held::Failed(e)) => return Err(e.into()),
    }
    let done = match action {
        Action::Submit if ctx.receiver.is_some() => "submit_below",
        Action::Submit => "submit",
        Action::Return => "return",
        Action::Accept => "accept",
        Action::Reopen => "reopen",
        Action::Save => "saved",
    };
    Ok(back(id, done))
}

/// `POST /reports/{id}/draft` (the button of an objective's draft, inside
/// the report form): what was typed is saved first, as by "Lưu dự thảo", so
/// that nothing typed is lost and the draft states the figures just saved;
/// then the objective's drafted paragraph (in Vietnamese, the report's
/// language) is added to its results, recorded in the audit trail as drafted
/// and taken by this person.
async fn take_draft(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    form: &[(String, String)],
) -> Result<Response, WebError> {
    if !ctx.editable_by(&session.actor) {
        return Err(WebError::forbidden(lang));
    }
    let no_draft = || {
        WebError::invalid(
            lang,
            "Mục tiêu này không có bản nháp từ số liệu.",
            "This objective has no draft from the figures.",
        )
    };
    let objective = field(form, "take-draft").unwrap_or_default().to_string();
    if !ctx.scope.iter().any(|o| o.objective == objective) {
        return Err(no_draft());
    }
    let version = match save_form(state, session, ctx, lang, form, None).await? {
        Saved::Version(v) => v,
        Saved::Page(page) => return Ok(page),
    };
    xanh_app::reporting::draft::add(state, &session.actor, ctx, version, &objective, lang).await?;
    let key = reporting::narrative_field(&objective, NarrativePart::Results);
    Ok(Redirect::to(&format!("/reports/{}?done=drafted#{key}", ctx.report.id)).into_response())
}

fn confirm_accept(
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    version: Option<i64>,
) -> Response {
    let agency = ctx
        .framework
        .unit(&ctx.report.unit_code)
        .map(|u| u.short().get(lang).to_string())
        .unwrap_or_else(|| ctx.report.unit_code.clone());
    let period = lang.pick(&ctx.period.label_vi, &ctx.period.label_en);
    render(&Confirm {
        lang,
        nav: Nav::of(Some(session), lang),
        title: format!(
            "{}: {agency} — {period}",
            lang.pick("Tiếp nhận báo cáo", "Accept the report")
        ),
        what: vec![
            lang.pick(
                "Số liệu của báo cáo được tính vào kết quả chung của tỉnh và hiển thị công khai trên trang Tình hình thực hiện.",
                "The report's figures count towards the province's results and appear publicly on the Progress page.",
            )
            .to_string(),
            lang.pick(
                "Cơ quan, đơn vị không sửa được báo cáo nữa. Muốn sửa, cơ quan tổng hợp phải mở lại báo cáo và ghi lý do; việc đó được lưu trong lịch sử.",
                "The agency can no longer change it. To change it, the consolidator must reopen it with a reason, which stays in the audit trail.",
            )
            .to_string(),
        ],
        action: format!("/reports/{}/accept", ctx.report.id),
        csrf: session.csrf.clone().unwrap_or_default(),
        hidden: version
            .map(|v| vec![("version".to_string(), v.to_string())])
            .unwrap_or_default(),
        button: lang.pick("Tiếp nhận báo cáo", "Accept the report").to_string(),
        cancel: format!("/reports/{}", ctx.report.id),
    })
}
