//! The images an issued electronic document carries (Decree 30/2020,
//! Appendix I): the organisation's seal, and the signature of the signer it
//! belongs to. The administrator's page keeps them as settings.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use xanh_core::Lang;
use xanh_core::access::Actor;

pub const SEAL: &str = "image.seal";
pub const SIGNATURE: &str = "image.signature";
pub const SIGNATURE_NAME: &str = "image.signature_name";

/// The seal, and the signature where the named signer signs this document.
pub async fn for_issue(
    state: &App,
    signer_name: &str,
) -> Result<(Option<Vec<u8>>, Option<Vec<u8>>), xanh_store::StoreError> {
    let decode = |v: Option<String>| v.and_then(|b| STANDARD.decode(b).ok());
    let seal = decode(state.store.setting(SEAL).await?);
    let owner = state.store.setting(SIGNATURE_NAME).await?;
    let signature = if owner.as_deref().map(str::trim) == Some(signer_name.trim())
        && !signer_name.trim().is_empty()
    {
        decode(state.store.setting(SIGNATURE).await?)
    } else {
        None
    };
    Ok((signature, seal))
}

/// Which image the administrator keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Seal,
    Signature,
}

impl Image {
    /// `seal` or `signature`, as the form names them.
    pub fn parse(s: &str) -> Option<Image> {
        match s {
            "seal" => Some(Image::Seal),
            "signature" => Some(Image::Signature),
            _ => None,
        }
    }
}

/// The images kept today (PNG in base64) and whose the signature is.
pub struct Kept {
    pub seal: Option<String>,
    pub signature: Option<String>,
    pub signature_name: Option<String>,
}

/// What the administrator's page shows.
pub async fn kept(app: &App, actor: &Actor, lang: Lang) -> Result<Kept, AppError> {
    if !actor.can_manage_users() {
        return Err(AppError::forbidden(lang));
    }
    let get =
        |k: &'static str| async move { app.store.setting(k).await.map_err(store_error(lang)) };
    Ok(Kept {
        seal: get(SEAL).await?,
        signature: get(SIGNATURE).await?,
        signature_name: get(SIGNATURE_NAME).await?,
    })
}

/// Keeps an uploaded seal or signature, once it reads as the PDF will read
/// it; a signature belongs to the signer named. A file that cannot be used
/// is refused (`Kind::Invalid`) with the reason, before anything is kept.
pub async fn keep(
    app: &App,
    actor: &Actor,
    image: Image,
    signer: &str,
    file: Vec<u8>,
    lang: Lang,
) -> Result<(), AppError> {
    if !actor.can_manage_users() {
        return Err(AppError::forbidden(lang));
    }
    let signer = signer.trim();
    if file.is_empty() {
        return Err(AppError::invalid(
            lang,
            "Chưa chọn tệp.",
            "No file was chosen.",
        ));
    }
    if image == Image::Signature && signer.is_empty() {
        return Err(AppError::invalid(
            lang,
            "Ghi họ tên người ký: chữ ký chỉ hiện trên văn bản do chính người đó ký.",
            "Give the signer's name: a signature appears only on documents that person signs.",
        ));
    }
    let (checked, file) =
        tokio::task::spawn_blocking(move || (xanh_documents::pdf::check_png(&file), file))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "checking an image failed");
                AppError::from_store(xanh_store::StoreError::Corrupt("image check".into()), lang)
            })?;
    if let Err(e) = checked {
        return Err(AppError::invalid(
            lang,
            format!(
                "Tệp không dùng được: cần ảnh PNG nền trong suốt (con dấu màu đỏ, chữ ký màu xanh). Chi tiết: {e}."
            ),
            format!(
                "The file cannot be used: a PNG with a transparent background is needed (a red seal, a blue signature). Details: {e}."
            ),
        ));
    }
    let sha = xanh_store::audit_chain::sha256_hex(&file);
    let (key, owner) = match image {
        Image::Seal => (SEAL, None),
        Image::Signature => (SIGNATURE, Some((SIGNATURE_NAME, signer))),
    };
    app.store
        .set_document_image(key, &STANDARD.encode(&file), &sha, owner, actor)
        .await
        .map_err(store_error(lang))
}
