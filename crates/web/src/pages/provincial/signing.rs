//! Signing an issued report by hand, on its page (the consolidator): prepare
//! it for the signer and read the digest to sign, then upload the CMS
//! signature the signer's tool made (`.p7s`, DER or base64). The same steps
//! as `/api/v1/provincial-reports/{id}/signature`, through the same use
//! cases (`official::seal`).

use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;

fn back(id: i64, done: &str, lang: Lang) -> Response {
    let en = if lang == Lang::En { "&lang=en" } else { "" };
    Redirect::to(&format!("/provincial-reports/{id}?done={done}{en}#signing")).into_response()
}

/// `POST /provincial-reports/{id}/prepare-signature`: the digest for the signer.
pub async fn prepare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    reviewer(&session, lang)?;
    let signer = form
        .iter()
        .find(|(k, _)| k == "signer")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if signer.is_empty() || signer.chars().count() > 100 || signer.contains('\0') {
        return Err(WebError::invalid(
            lang,
            "Hãy ghi họ và tên người ký (tối đa 100 ký tự).",
            "Give the signer's full name (100 characters at most).",
        ));
    }
    xanh_app::official::seal::prepare_for_signer(&state, id, &signer, &session.actor, lang).await?;
    Ok(back(id, "prepared", lang))
}

fn reviewer(session: &Session, lang: Lang) -> Result<(), WebError> {
    if session.actor.can_review() {
        Ok(())
    } else {
        Err(WebError::forbidden(lang))
    }
}

/// The largest signature file accepted (a CMS with its certificates is a few KB).
pub const MAX_SIGNATURE_BYTES: usize = 256 * 1024;

/// `POST /provincial-reports/{id}/signature`: the signer's CMS, multipart
/// with `csrf` and `file`.
pub async fn give(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    crate::auth::Authed(session): crate::auth::Authed,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let file = crate::pages::upload::read(multipart, &session, MAX_SIGNATURE_BYTES, lang, || {
        WebError::too_large(lang)
    })
    .await?
    .file;
    reviewer(&session, lang)?;
    // A .p7s is DER; some tools write it as base64 or PEM.
    let der = if file.first() == Some(&0x30) {
        file
    } else {
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
            })?
    };
    xanh_app::official::seal::accept_signature(&state, id, der, &session.actor, lang).await?;
    Ok(back(id, "signed", lang))
}
