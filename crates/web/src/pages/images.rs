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
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use xanh_app::images::{SEAL, SIGNATURE, SIGNATURE_NAME};
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
    let get = |k: &'static str| async move {
        state
            .store
            .setting(k)
            .await
            .map_err(xanh_app::reporting::store_error(lang))
    };
    let data_url = |v: Option<String>| {
        v.map(|b| format!("data:image/png;base64,{b}"))
            .unwrap_or_default()
    };
    let page = ImagesPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        seal: data_url(get(SEAL).await?),
        signature: data_url(get(SIGNATURE).await?),
        signature_name: get(SIGNATURE_NAME).await?.unwrap_or_default(),
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
    let (kind, file) = (form.field("kind"), &form.file);
    let bad = || WebError::bad_request(lang, "Dữ liệu tải lên không hợp lệ.", "Invalid upload.");
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    let name = form.field("name").trim().to_string();
    let refuse = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let problem = if kind != "seal" && kind != "signature" {
        Some(refuse(
            "Chọn loại hình ảnh: con dấu hoặc chữ ký.",
            "Choose the kind of image: seal or signature.",
        ))
    } else if file.is_empty() {
        Some(refuse("Chưa chọn tệp.", "No file was chosen."))
    } else if kind == "signature" && name.is_empty() {
        Some(refuse(
            "Ghi họ tên người ký: chữ ký chỉ hiện trên văn bản do chính người đó ký.",
            "Give the signer's name: a signature appears only on documents that person signs.",
        ))
    } else {
        let png = file.to_vec();
        let checked = tokio::task::spawn_blocking(move || xanh_documents::pdf::check_png(&png))
            .await
            .map_err(|_| bad())?;
        checked.err().map(|e| match lang {
            Lang::Vi => format!("Tệp không dùng được: cần ảnh PNG nền trong suốt (con dấu màu đỏ, chữ ký màu xanh). Chi tiết: {e}."),
            Lang::En => format!("The file cannot be used: a PNG with a transparent background is needed (a red seal, a blue signature). Details: {e}."),
        })
    };
    if let Some(e) = problem {
        return page(&state, &session, lang, Some(e), false).await;
    }
    let sha = hex(&Sha256::digest(file));
    let key = if kind == "seal" { SEAL } else { SIGNATURE };
    let store = &state.store;
    let owner = (kind == "signature").then_some((SIGNATURE_NAME, name.as_str()));
    store
        .set_document_image(key, &STANDARD.encode(file), &sha, owner, &session.actor)
        .await
        .map_err(xanh_app::reporting::store_error(lang))?;
    Ok(Redirect::to("/admin/document-images?done=1").into_response())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
