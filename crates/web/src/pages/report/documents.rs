//! The agency's report as an official document, PDF or DOCX.

use crate::AppState;
use crate::auth::{Authed, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use axum::extract::{Path, State};
use axum::response::Response;
use xanh_app::official::Format;
use xanh_app::reporting;

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
    let name = format!("bao-cao-{}-{}", ctx.period.code, ctx.report.unit_code);
    // Once the agency has signed what it sent, that file is the report: served
    // byte for byte, never rendered again.
    if format == Format::Pdf
        && let Some(signed) = xanh_app::official::sent::signed_pdf(state, &ctx, lang).await?
    {
        return Ok(crate::download::pdf_file(signed, &name));
    }
    let doc = xanh_app::official::agency_document(state, &ctx).await?;
    crate::download::download(doc, format, &name, lang).await
}
