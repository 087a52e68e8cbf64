//! Signing by hand, on a document's page: the signer's name to prepare the
//! document and show the digest to sign, then the CMS signature the signer's
//! tool made (`.p7s`, DER or base64). What the provincial report's page and
//! an agency report's page share; each calls its own use cases.

use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;

/// The largest signature file accepted (a CMS with its certificates is a few KB).
pub const MAX_SIGNATURE_BYTES: usize = 256 * 1024;

/// The signer's full name from a form, checked.
pub fn signer_name(form: &[(String, String)], lang: Lang) -> Result<String, WebError> {
    let signer = form
        .iter()
        .find(|(k, _)| k == "signer")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    checked_signer(&signer, lang).map(str::to_string)
}

/// A signer's name as a signature records it: given, at most 100
/// characters, no NUL.
pub fn checked_signer(signer: &str, lang: Lang) -> Result<&str, WebError> {
    let signer = signer.trim();
    if signer.is_empty() || signer.chars().count() > 100 || signer.contains('\0') {
        return Err(WebError::invalid(
            lang,
            "Hãy ghi họ và tên người ký (tối đa 100 ký tự).",
            "Give the signer's full name (100 characters at most).",
        ));
    }
    Ok(signer)
}

/// The uploaded signature file, as sent (the CSRF field checked on the way).
pub async fn uploaded_file(
    multipart: Multipart,
    session: &Session,
    lang: Lang,
) -> Result<Vec<u8>, WebError> {
    Ok(
        crate::pages::upload::read(multipart, session, MAX_SIGNATURE_BYTES, lang, || {
            WebError::too_large(lang)
        })
        .await?
        .file,
    )
}

/// A signature file as DER: a .p7s is DER; some tools write it as base64 or PEM.
pub fn cms_der(file: Vec<u8>, lang: Lang) -> Result<Vec<u8>, WebError> {
    if file.first() == Some(&0x30) {
        return Ok(file);
    }
    let text: String = String::from_utf8_lossy(&file)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| {
            WebError::invalid(
                lang,
                "Tệp không phải chữ ký CMS (.p7s, DER hoặc base64).",
                "The file is not a CMS signature (.p7s, DER or base64).",
            )
        })
}

fn back(id: i64, done: &str, lang: Lang) -> Response {
    let en = if lang == Lang::En { "&lang=en" } else { "" };
    Redirect::to(&format!("/reports/{id}?done={done}{en}#signing")).into_response()
}

/// `POST /reports/{id}/prepare-signature`: the digest for the agency's next signer.
pub async fn prepare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    xanh_app::official::sent::authorise(&state, &session.actor, id, lang).await?;
    let signer = signer_name(&form, lang)?;
    xanh_app::official::sent::prepare(&state, &session.actor, id, &signer, lang).await?;
    Ok(back(id, "prepared", lang))
}

/// `POST /reports/{id}/signature`: the signer's CMS, multipart with `csrf` and `file`.
pub async fn give(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    crate::auth::Authed(session): crate::auth::Authed,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let file = uploaded_file(multipart, &session, lang).await?;
    xanh_app::official::sent::authorise(&state, &session.actor, id, lang).await?;
    let der = cms_der(file, lang)?;
    xanh_app::official::sent::accept(&state, &session.actor, id, der, lang).await?;
    Ok(back(id, "signed", lang))
}
