//! `/admin/document-images`: the images an issued electronic document
//! carries (Decree 30/2020, Appendix I): the organisation's seal, red, over
//! the left third of the signer's signature, blue, both transparent PNGs.
//! The administrator uploads them; each is read as the PDF will read it
//! before it is kept, so a bad file is refused here rather than stopping an
//! issue in December. A signature belongs to a named signer and appears
//! only on reports that person signs.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use xanh_app::Kind;
use xanh_app::images::{self, Image};
/// A seal or signature scan is a few tens of KB.
const MAX_BYTES: usize = 512 * 1024;

#[derive(Template)]
#[template(path = "document_images.html")]
struct ImagesPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    seal: String,
    signature: String,
    signature_name: String,
    error: Option<String>,
    done: bool,
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    error: Option<String>,
    done: bool,
) -> Result<Response, WebError> {
    let kept = images::kept(state, &session.actor, lang).await?;
    let data_url = |v: Option<String>| {
        v.map(|b| format!("data:image/png;base64,{b}"))
            .unwrap_or_default()
    };
    let page = ImagesPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        seal: data_url(kept.seal),
        signature: data_url(kept.signature),
        signature_name: kept.signature_name.unwrap_or_default(),
        error,
        done,
    };
    let status = if page.error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /admin/document-images`.
pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    page(&state, &session, lang, None, q.contains_key("done")).await
}

/// `POST /admin/document-images`: multipart `csrf`, `kind` (seal or
/// signature), `name` (the signer, for a signature) and `file`.
pub async fn upload(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let form = super::upload::read(multipart, &session, MAX_BYTES, lang, || {
        WebError::too_large(lang)
    })
    .await?;
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    let Some(image) = Image::parse(form.field("kind")) else {
        let e = lang.pick(
            "Chọn loại hình ảnh: con dấu hoặc chữ ký.",
            "Choose the kind of image: seal or signature.",
        );
        return page(&state, &session, lang, Some(e.to_string()), false).await;
    };
    let name = form.field("name").to_string();
    match images::keep(&state, &session.actor, image, &name, form.file, lang).await {
        Ok(()) => {}
        // A file that cannot be used is said on the page, beside the form.
        Err(e) if e.kind == Kind::Invalid => {
            let said = lang.pick(&e.vi, &e.en).to_string();
            return page(&state, &session, lang, Some(said), false).await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to("/admin/document-images?done=1").into_response())
}
