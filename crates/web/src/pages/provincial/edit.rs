//! Changing a draft: saving the consolidator's text (refused when another
//! save came first, with the typed text kept), and issuing it. The issue
//! button belongs to the draft's form, so the text typed on the way is saved
//! before anything else; then a confirmation page says what issuing fixes
//! and that it cannot be undone, and only its button issues.

use super::view::page;
use super::{Edits, lang_query, load, parse_vn_date};
use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use xanh_app::official::editing::{self, Saved};
use xanh_app::official::provincial::{Issue, issue_version};

/// The draft's page again, with what was typed and why it was refused.
async fn refused(
    state: &AppState,
    session: &Session,
    id: i64,
    lang: Lang,
    typed: &Edits,
    status: StatusCode,
    message: (&str, &str),
) -> Result<Response, WebError> {
    let page = page(
        state,
        Some(session),
        id,
        lang,
        Some(typed),
        Some(lang.pick(message.0, message.1).to_string()),
        None,
    )
    .await?;
    Ok((status, render(&page)).into_response())
}

/// Saves the typed text of a draft. `Ok(Ok(revision))` when saved, `Ok(Err(page))`
/// when refused with the typed text shown again.
async fn save_edits(
    state: &AppState,
    session: &Session,
    id: i64,
    edits: &Edits,
    lang: Lang,
) -> Result<Result<i64, Response>, WebError> {
    let message = match editing::save(state, &session.actor, id, edits.version, &edits.text, lang)
        .await?
    {
        Saved::Revision(revision) => return Ok(Ok(revision)),
        Saved::TooLong => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (
                "Một phần quá dài (tối đa 100.000 ký tự).",
                "A part is too long (at most 100,000 characters).",
            ),
        ),
        Saved::Stale => (
            StatusCode::CONFLICT,
            (
                "Báo cáo vừa được người khác thay đổi nên chưa lưu được. Nội dung bạn nhập vẫn còn dưới đây; hãy xem lại rồi lưu lần nữa.",
                "Someone else changed the report in the meantime, so it was not saved. What you typed is kept below; check it and save again.",
            ),
        ),
    };
    let (status, words) = message;
    Ok(Err(
        refused(state, session, id, lang, edits, status, words).await?
    ))
}

/// `POST /provincial-reports/{id}/save`: the consolidator's edits of a draft.
pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let edits = Edits::parse(&form);
    if let Some(which) = &edits.take_draft {
        // What was typed is saved first, then the drafted paragraph added to it.
        return Ok(
            match save_edits(&state, &session, id, &edits, lang).await? {
                Ok(_) => {
                    let (r, _, _) = load(&state, Some(&session), id, lang).await?;
                    let target = xanh_app::official::drafts::Target::parse(which);
                    xanh_app::official::drafts::take(&state, &r, &[target], &session.actor).await?;
                    let anchor = if which == "summary" {
                        "summary-text".to_string()
                    } else {
                        format!("t:{which}:results")
                    };
                    Redirect::to(&format!(
                        "/provincial-reports/{id}?done=drafted{}#{anchor}",
                        lang_query(lang, false)
                    ))
                    .into_response()
                }
                Err(page) => page,
            },
        );
    }
    Ok(
        match save_edits(&state, &session, id, &edits, lang).await? {
            Ok(_) => Redirect::to(&format!(
                "/provincial-reports/{id}?done=saved{}",
                lang_query(lang, false)
            ))
            .into_response(),
            Err(page) => page,
        },
    )
}

/// The number, date and signer checked; the refusal's words otherwise.
fn issue_fields(e: &Edits) -> Result<time::Date, (&'static str, &'static str)> {
    let Some(date) = parse_vn_date(&e.date) else {
        return Err((
            "Ngày ban hành không hợp lệ: ghi dạng NN/TT/NNNN, ví dụ 05/02/2020.",
            "Invalid issue date: write DD/MM/YYYY, e.g. 05/02/2020.",
        ));
    };
    if e.number.is_empty() || e.number.chars().count() > 50 || !e.number.contains('/') {
        return Err((
            "Số, ký hiệu không hợp lệ: ghi dạng 05/BC-UBND.",
            "Invalid number and symbol: write e.g. 05/BC-UBND.",
        ));
    }
    if e.signer.is_empty() || e.signer.chars().count() > 100 {
        return Err((
            "Hãy ghi họ và tên người ký (tối đa 100 ký tự).",
            "Write the signer's full name (at most 100 characters).",
        ));
    }
    Ok(date)
}

#[derive(Template)]
#[template(path = "provincial_confirm.html")]
struct ConfirmPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    period: String,
    version: i64,
    revision: i64,
    subject: String,
    number: String,
    date: String,
    place_date: String,
    signer: String,
    signer_lines: Vec<String>,
    recipients: Vec<String>,
}

/// `POST /provincial-reports/{id}/issue`: from the draft's form, saves the
/// typed text and asks for confirmation; from the confirmation page
/// (`confirm=yes`), issues the version the consolidator confirmed.
pub async fn issue(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let mut edits = Edits::parse(&form);
    let (r, period, _) = load(&state, Some(&session), id, lang).await?;
    if r.state == xanh_core::workflow::ProvincialState::Issued {
        return Err(WebError::invalid(
            lang,
            "Phiên bản này đã được ban hành.",
            "This version is already issued.",
        ));
    }
    if !edits.confirmed {
        // Leaving the form for the confirmation carries what was typed: it is saved first.
        let revision = if !edits.text.is_empty() {
            match save_edits(&state, &session, id, &edits, lang).await? {
                Ok(revision) => revision,
                Err(page) => return Ok(page),
            }
        } else {
            edits.version.unwrap_or(r.revision)
        };
        edits.version = Some(revision);
        let date = match issue_fields(&edits) {
            Ok(date) => date,
            Err(message) => {
                return refused(
                    &state,
                    &session,
                    id,
                    lang,
                    &edits,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    message,
                )
                .await;
            }
        };
        let preview = editing::preview(&state, &session.actor, id, date, lang).await?;
        return Ok(render(&ConfirmPage {
            lang,
            nav: Nav::of(Some(&session), lang),
            csrf: session.csrf.clone().unwrap_or_default(),
            id,
            period: lang.pick(&period.label_vi, &period.label_en).to_string(),
            version: r.version,
            revision,
            subject: preview.subject,
            number: edits.number.clone(),
            date: edits.date.clone(),
            place_date: preview.place_date,
            signer: edits.signer.clone(),
            signer_lines: preview.signer_lines,
            recipients: preview.recipients,
        }));
    }
    let date = match issue_fields(&edits) {
        Ok(date) => date,
        Err(message) => {
            return refused(
                &state,
                &session,
                id,
                lang,
                &edits,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
            )
            .await;
        }
    };
    let issue = Issue {
        revision: edits.version.unwrap_or(-1),
        number: &edits.number,
        date,
        signer_name: &edits.signer,
    };
    match issue_version(&state, &r, &issue, &session.actor).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/provincial-reports/{id}?done=issued{}",
            lang_query(lang, false)
        ))
        .into_response()),
        // Nothing was issued: the page again, with what was typed and why.
        Err(e) if e.code == xanh_app::official::seal::SIGNING_FAILED => {
            let message = (e.vi.as_str(), e.en.as_str());
            let status = StatusCode::SERVICE_UNAVAILABLE;
            refused(&state, &session, id, lang, &edits, status, message).await
        }
        Err(e) if e.kind == xanh_app::Kind::Conflict => {
            let message = (
                "Dự thảo đã thay đổi sau khi bạn xác nhận, nên chưa ban hành. Hãy xem lại nội dung dưới đây rồi ban hành lần nữa.",
                "The draft changed after you confirmed, so it was not issued. Check the text below and issue again.",
            );
            let status = StatusCode::CONFLICT;
            refused(&state, &session, id, lang, &edits, status, message).await
        }
        Err(e) => Err(e.into()),
    }
}
