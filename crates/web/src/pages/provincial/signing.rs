//! Signing an issued report by hand, on its page (the consolidator): prepare
//! it for the signer and read the digest to sign, then upload the CMS
//! signature the signer's tool made. The same steps as
//! `/api/v1/provincial-reports/{id}/signature`, through the same use cases
//! (`official::seal`).

use crate::AppState;
use crate::auth::{CsrfForm, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::signing::{refused, signer_name, uploaded_file};
use crate::signing::cms_der;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};

fn back(id: i64, done: &str, lang: Lang) -> Response {
    crate::pages::signing::back_to(&format!("/provincial-reports/{id}"), done, lang)
}

/// The issued report's page again, with a refused step said at its top.
async fn on_page(
    state: &AppState,
    session: &Session,
    id: i64,
    lang: Lang,
    step: Result<Response, WebError>,
) -> Result<Response, WebError> {
    let Some((message, status)) = step.as_ref().err().and_then(refused) else {
        return step;
    };
    let page = super::view::page(state, Some(session), id, lang, None, Some(message), None).await?;
    Ok((status, crate::pages::render(&page)).into_response())
}

/// `POST /provincial-reports/{id}/prepare-signature`: the digest for the signer.
pub async fn prepare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    reviewer(&session, lang)?;
    let step = async {
        let signer = signer_name(&form, lang)?;
        xanh_app::official::seal::prepare_for_signer(&state, id, &signer, &session.actor, lang)
            .await?;
        Ok(back(id, "prepared", lang))
    }
    .await;
    on_page(&state, &session, id, lang, step).await
}

fn reviewer(session: &Session, lang: Lang) -> Result<(), WebError> {
    if session.actor.can_review() {
        Ok(())
    } else {
        Err(WebError::forbidden(lang))
    }
}

/// `POST /provincial-reports/{id}/signature`: the signer's CMS, multipart
/// with `csrf` and `file`.
pub async fn give(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    crate::auth::Authed(session): crate::auth::Authed,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let file = uploaded_file(multipart, &session, lang).await?;
    reviewer(&session, lang)?;
    let step = async {
        let der = cms_der(file, lang)?;
        xanh_app::official::seal::accept_signature(&state, id, der, &session.actor, lang).await?;
        Ok(back(id, "signed", lang))
    }
    .await;
    on_page(&state, &session, id, lang, step).await
}
