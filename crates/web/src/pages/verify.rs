//! `/verify`, for anyone: upload a PDF and read whether its signatures are
//! intact, who signed and whether they chain to the configured trust list,
//! whether anything was added after the last signature, and whether the file
//! is exactly a report Xanh issued (its SHA-256 matches a kept one). Reading
//! a file changes nothing, so the form needs no session and no CSRF token.

use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use xanh_app::reporting::store_error;

/// The largest PDF accepted for verification.
pub const MAX_PDF_BYTES: usize = 20 * 1024 * 1024;

struct SignatureView {
    signer: String,
    intact: bool,
    trusted: Option<bool>,
    covers_whole: bool,
    /// The time a trusted timestamp gives it, in Vietnam time.
    timestamped: Option<String>,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    lang: Lang,
    nav: Nav,
    checked: bool,
    error: Option<String>,
    signatures: Vec<SignatureView>,
    unmodified: bool,
    all_intact: bool,
    /// The issued report this exact file is, as (address, number).
    issued: Option<(String, String)>,
    /// The agency's report as sent that this exact file is.
    sent: Option<xanh_app::official::sent::SentMatch>,
    sha256: String,
    trust_list: bool,
}

fn page(lang: Lang, session: &MaybeSession, trust_list: bool) -> VerifyPage {
    VerifyPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        checked: false,
        error: None,
        signatures: Vec::new(),
        unmodified: false,
        all_intact: false,
        issued: None,
        sent: None,
        sha256: String::new(),
        trust_list,
    }
}

/// `GET /verify`: the form.
pub async fn form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
) -> Response {
    render(&page(lang, &session, state.settings.trust_roots.is_some()))
}

/// `POST /verify`: the uploaded PDF, checked.
pub async fn check(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let mut p = page(lang, &session, state.settings.trust_roots.is_some());
    let mut file = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| {
        WebError::bad_request(lang, "Dữ liệu tải lên không hợp lệ.", "Invalid upload.")
    })? {
        if field.name() == Some("file") {
            while let Some(chunk) = field.chunk().await.map_err(|_| WebError::too_large(lang))? {
                if file.len() + chunk.len() > MAX_PDF_BYTES {
                    return Err(WebError::too_large(lang));
                }
                file.extend_from_slice(&chunk);
            }
        }
    }
    p.checked = true;
    if !file.starts_with(b"%PDF-") {
        p.error = Some(
            lang.pick(
                "Tệp này không phải PDF: hãy chọn tệp báo cáo (.pdf) cần kiểm tra.",
                "This file is not a PDF: choose the report (.pdf) to check.",
            )
            .into(),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&p)).into_response());
    }
    let (verified, sha, kept) =
        xanh_app::official::seal::check(&state.store, file, state.settings.trust_roots.clone())
            .await
            .map_err(store_error(lang))?;
    p.sha256 = sha;
    match kept {
        Some(xanh_app::official::seal::Kept::Issued { id, number }) => {
            p.issued = Some((format!("/provincial-reports/{id}"), number));
        }
        Some(xanh_app::official::seal::Kept::Sent(m)) => p.sent = Some(m),
        None => {}
    }
    match verified {
        Ok(v) => {
            p.unmodified = v.unmodified;
            p.all_intact = v.signatures.iter().all(|s| s.intact);
            p.signatures = v
                .signatures
                .into_iter()
                .map(|s| SignatureView {
                    signer: s.signer,
                    intact: s.intact,
                    trusted: s.trusted,
                    covers_whole: s.covers_whole,
                    timestamped: s
                        .timestamped
                        .as_deref()
                        .map(xanh_core::display::datetime_text),
                })
                .collect();
        }
        Err(e) => {
            tracing::info!(error = %e, "a PDF to verify does not read");
            p.error = Some(
                lang.pick(
                    "Không đọc được cấu trúc PDF của tệp, nên không kiểm tra được chữ ký.",
                    "The file's PDF structure does not read, so its signatures cannot be checked.",
                )
                .into(),
            );
        }
    }
    Ok(render(&p))
}
