//! Signing by hand, on a document's page: the signer's name to prepare the
//! document and show the digest to sign, then the CMS signature the signer's
//! tool made (`.p7s`, DER or base64). What the provincial report's page and
//! an agency report's page share; each calls its own use cases.

use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
pub use crate::signing::MAX_SIGNATURE_BYTES;
use crate::signing::{checked_signer, cms_der};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// The signer's full name from a form, checked.
pub fn signer_name(form: &[(String, String)], lang: Lang) -> Result<String, WebError> {
    let signer = form
        .iter()
        .find(|(k, _)| k == "signer")
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    checked_signer(&signer, lang).map(str::to_string)
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

/// Back to a document's page (`/reports/{id}`, `/provincial-reports/{id}`)
/// at its signing section, saying what was done.
pub fn back_to(page: &str, done: &str, lang: Lang) -> Response {
    let en = if lang == Lang::En { "&lang=en" } else { "" };
    Redirect::to(&format!("{page}?done={done}{en}#signing")).into_response()
}

/// A refused signing step (a name or file that will not do, a signature
/// that does not sign the prepared document, a report not sent): said on the
/// document's own page, where the signer can try again, rather than on an
/// error page that leads away from it. Other failures stay errors.
pub fn refused(e: &WebError) -> Option<(String, StatusCode)> {
    matches!(
        e.status,
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT
    )
    .then(|| (e.lang.pick(&e.vi, &e.en).to_string(), e.status))
}

/// The report's page again, with a refused step said at its top.
async fn on_report(
    state: &AppState,
    session: &Session,
    id: i64,
    lang: Lang,
    step: Result<Response, WebError>,
) -> Result<Response, WebError> {
    let Some((message, status)) = step.as_ref().err().and_then(refused) else {
        return step;
    };
    let ctx = xanh_app::reporting::load(state, &session.actor, id, lang).await?;
    crate::pages::report::page_with_refusal(state, session, &ctx, lang, message, status).await
}

/// `POST /reports/{id}/prepare-signature`: the digest for the agency's next signer.
pub async fn prepare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let step = async {
        xanh_app::official::sent::authorise(&state, &session.actor, id, lang).await?;
        let signer = signer_name(&form, lang)?;
        xanh_app::official::sent::prepare(&state, &session.actor, id, &signer, lang).await?;
        Ok(back_to(&format!("/reports/{id}"), "prepared", lang))
    }
    .await;
    on_report(&state, &session, id, lang, step).await
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
    let step = async {
        xanh_app::official::sent::authorise(&state, &session.actor, id, lang).await?;
        let der = cms_der(file, lang)?;
        xanh_app::official::sent::accept(&state, &session.actor, id, der, lang).await?;
        Ok(back_to(&format!("/reports/{id}"), "signed", lang))
    }
    .await;
    on_report(&state, &session, id, lang, step).await
}
