//! The PDF of a provincial report being issued: rendered once, signed with
//! the organisation's key where one is configured, and kept as issued, so
//! that the file anyone downloads afterwards is byte for byte the one signed.

use crate::AppState;
use crate::error::WebError;
use xanh_core::Lang;
use xanh_core::framework::Framework;
use xanh_store::ProvincialRow;

/// The issued report's PDF and who signed it (None: unsigned, no key).
pub async fn issued_pdf(
    state: &AppState,
    issued: &ProvincialRow,
    fw: &Framework,
) -> Result<(Vec<u8>, Option<String>), WebError> {
    let lang = Lang::Vi;
    let doc = super::provincial_document(state, issued).await?;
    let failed = move |what: &str, e: String| {
        tracing::error!(error = %e, "{what}");
        WebError::from_store(xanh_store::StoreError::Corrupt(what.into()), lang)
    };
    let key = state.settings.signing.clone();
    let issuer = fw
        .unit(&fw.issuer)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default();
    let number = issued.number.clone().unwrap_or_default();
    let place = fw.place.clone();
    tokio::task::spawn_blocking(move || {
        let pdf = super::Format::Pdf
            .render(&doc)
            .map_err(|e| failed("rendering the issued report", e))?;
        let Some(key) = key else {
            return Ok((pdf, None));
        };
        let now = time::OffsetDateTime::now_utc();
        let vn = now.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        let iso = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
            vn.year(),
            u8::from(vn.month()),
            vn.day(),
            vn.hour(),
            vn.minute(),
            vn.second()
        );
        let pdf_time = format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        );
        let signed = xanh_documents::sign::seal(
            &pdf,
            &xanh_documents::sign::Seal {
                p12: &key.p12,
                password: &key.password,
                name: &issuer,
                number: &number,
                time_iso: &iso,
                time_pdf: &pdf_time,
                location: &place,
            },
        )
        .map_err(|e| failed("signing the issued report", e))?;
        Ok((signed, Some(issuer)))
    })
    .await
    .map_err(|e| failed("signing the issued report", e.to_string()))?
}

/// A PDF's signatures, checked against the trust list `roots` (PEM) when
/// one is given, and the issued report it is exactly (by SHA-256), if any:
/// what `/verify` and `xanh verify` say.
pub async fn check(
    store: &xanh_store::Store,
    pdf: Vec<u8>,
    roots: Option<std::sync::Arc<Vec<u8>>>,
) -> Result<
    (
        Result<xanh_documents::sign::Verified, String>,
        String,
        Option<i64>,
    ),
    xanh_store::StoreError,
> {
    use sha2::{Digest, Sha256};
    let sha = format!("{:x}", Sha256::digest(&pdf));
    let issued = store.issued_document_by_hash(&sha).await?;
    let verified = tokio::task::spawn_blocking(move || {
        xanh_documents::sign::verify(&pdf, roots.as_deref().map(Vec::as_slice))
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    Ok((verified, sha, issued))
}
