//! The PDF of a provincial report being issued: rendered once, signed with
//! the organisation's key where one is configured, and kept as issued, so
//! that the file anyone downloads afterwards is byte for byte the one signed.

use crate::App;
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::framework::Framework;
use xanh_store::ProvincialRow;

/// The issued report's PDF and who signed it (None: unsigned, no key).
/// The error code of an issue refused because signing failed.
pub const SIGNING_FAILED: &str = "signing_failed";

pub async fn issued_pdf(
    state: &App,
    issued: &ProvincialRow,
    fw: &Framework,
) -> Result<(Vec<u8>, Option<String>), AppError> {
    let lang = Lang::Vi;
    let mut doc = super::provincial_document(state, issued).await?;
    let failed = move |what: &str, e: String| {
        tracing::error!(error = %e, "{what}");
        AppError::from_store(xanh_store::StoreError::Corrupt(what.into()), lang)
    };
    // The issued document shows the seal, and the signer's signature where
    // it is theirs (Decree 30/2020, Appendix I); drafts never do.
    let (signature, seal) =
        crate::images::for_issue(state, issued.signer_name.as_deref().unwrap_or_default())
            .await
            .map_err(|e| AppError::from_store(e, lang))?;
    doc.signature_png = signature;
    doc.seal_png = seal;
    let key = state.settings.signing.clone();
    let issuer = issuer_name(fw);
    let number = issued.number.clone().unwrap_or_default();
    let place = fw.place.clone();
    // Where the signer signs first, the organisation waits for them.
    let seal_now = !state.settings.leader_signs_first;
    tokio::task::spawn_blocking(move || {
        let pdf = super::Format::Pdf
            .render(&doc)
            .map_err(|e| failed("rendering the issued report", e))?;
        match key.filter(|_| seal_now) {
            None => Ok((pdf, None)),
            Some(key) => {
                let signed = org_seal(&pdf, &key, &issuer, &number, &place).map_err(|e| {
                    // The key or the time-stamping authority failed: said as
                    // such (the cause, which may name the authority, is logged).
                    tracing::error!(error = %e, "signing the issued report");
                    AppError::with_message(
                        crate::Kind::Internal,
                        SIGNING_FAILED,
                        lang,
                        "Chưa ký số được văn bản (khóa ký số hoặc máy chủ cấp dấu thời gian không phản hồi), nên chưa ban hành gì. Nội dung vẫn giữ nguyên; hãy thử ban hành lại sau ít phút, nếu vẫn lỗi hãy báo quản trị hệ thống.",
                        "The document could not be signed (the signing key or the time-stamping authority did not answer), so nothing was issued. The text is kept; issue again in a few minutes, and tell the administrator if it fails again.",
                    )
                })?;
                Ok((signed, Some(issuer)))
            }
        }
    })
    .await
    .map_err(|e| failed("signing the issued report", e.to_string()))?
}

fn issuer_name(fw: &Framework) -> String {
    fw.unit(&fw.issuer)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default()
}

/// Now as ISO 8601 in Vietnam time, and as a PDF date (UTC).
pub(crate) fn times() -> (String, String) {
    let now = time::OffsetDateTime::now_utc();
    let vn = now.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
    (
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
            vn.year(),
            u8::from(vn.month()),
            vn.day(),
            vn.hour(),
            vn.minute(),
            vn.second()
        ),
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        ),
    )
}

/// The organisation's signature over `pdf`, with its Decree 30 block.
fn org_seal(
    pdf: &[u8],
    key: &crate::SigningKey,
    issuer: &str,
    number: &str,
    place: &str,
) -> Result<Vec<u8>, String> {
    let (iso, pdf_time) = times();
    xanh_documents::sign::seal(
        pdf,
        &xanh_documents::sign::Seal {
            p12: &key.p12,
            password: &key.password,
            name: issuer,
            number,
            time_iso: &iso,
            time_pdf: &pdf_time,
            location: place,
            tsa_url: key.tsa_url.as_deref(),
        },
    )
}

fn invalid(lang: Lang, vi: &str, en: &str) -> AppError {
    AppError::invalid(lang, vi, en)
}

/// Prepares an issued report's kept PDF for the signer's own key (a USB
/// token, a remote signing service), which Xanh never sees: answers the
/// SHA-256 digest to be signed, the only thing given out. The signer signs
/// first, so a PDF already signed is refused.
pub async fn prepare_for_signer(
    state: &App,
    report: i64,
    signer: &str,
    actor: &xanh_core::access::Actor,
    lang: Lang,
) -> Result<String, AppError> {
    // The consolidator's work: whichever edge asks, the rule is checked here.
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let kept = state
        .store
        .issued_document(report)
        .await
        .map_err(|e| AppError::from_store(e, lang))?
        .ok_or_else(|| {
            invalid(
                lang,
                "Báo cáo này chưa ban hành nên chưa có văn bản để ký.",
                "This report is not issued, so there is no document to sign.",
            )
        })?;
    let name = signer.to_string();
    let prepared = tokio::task::spawn_blocking(move || {
        let already = xanh_documents::sign::verify(&kept, None).map(|v| !v.signatures.is_empty());
        match already {
            Ok(true) => Err(true),
            _ => xanh_documents::sign::prepare(&kept, &name, &times().1).map_err(|e| {
                tracing::error!(error = %e, "preparing a signature failed");
                false
            }),
        }
    })
    .await
    .unwrap_or(Err(false));
    let (pdf, digest) = match prepared {
        Ok(p) => p,
        Err(true) => {
            return Err(invalid(
                lang,
                "Văn bản đã có chữ ký số: chữ ký của người ký phải có trước chữ ký của cơ quan.",
                "The document is already signed: the signer's signature must come before the organisation's.",
            ));
        }
        Err(false) => {
            return Err(AppError::from_store(
                xanh_store::StoreError::Corrupt("preparing a signature".into()),
                lang,
            ));
        }
    };
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    state
        .store
        .prepare_issued_signature(report, &pdf, &hex, signer, actor)
        .await
        .map_err(|e| AppError::from_store(e, lang))?;
    Ok(hex)
}

/// Takes the signer's CMS SignedData (DER) for the prepared document: it must
/// sign exactly the digest given out, with the certificate it carries; then
/// the organisation signs after it (when its key is configured) and the
/// result is kept. Answers the kept file's SHA-256.
pub async fn accept_signature(
    state: &App,
    report: i64,
    cms: Vec<u8>,
    actor: &xanh_core::access::Actor,
    lang: Lang,
) -> Result<String, AppError> {
    // The consolidator's work: whichever edge asks, the rule is checked here.
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let (prepared, signer) = state
        .store
        .pending_issued_signature(report)
        .await
        .map_err(|e| AppError::from_store(e, lang))?
        .ok_or_else(|| {
            invalid(
                lang,
                "Chưa chuẩn bị văn bản để ký: hãy lấy mã cần ký trước.",
                "Nothing is prepared for signing: get the digest to sign first.",
            )
        })?;
    let r = state
        .store
        .provincial_report(report)
        .await
        .map_err(|e| AppError::from_store(e, lang))?;
    let (_, fw) = crate::reporting::period_with_framework(state, r.period_id, lang).await?;
    let key = state.settings.signing.clone();
    let (issuer, number, place) = (
        issuer_name(&fw),
        r.number.clone().unwrap_or_default(),
        fw.place.clone(),
    );
    let done = tokio::task::spawn_blocking(move || {
        let signed = xanh_documents::sign::embed(&prepared, &cms)?;
        match key {
            Some(k) => org_seal(&signed, &k, &issuer, &number, &place).map(|p| (p, true)),
            None => Ok((signed, false)),
        }
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    let (pdf, sealed) = done.map_err(|e| {
        tracing::info!(error = %e, "a signature was refused");
        invalid(
            lang,
            &format!("Chữ ký không được nhận: nó không ký đúng văn bản đã chuẩn bị ({e})."),
            &format!("The signature is refused: it does not sign the prepared document ({e})."),
        )
    })?;
    // Who signed, in order: the signer, then the organisation.
    let by = if sealed {
        format!("{signer}; {}", issuer_name(&fw))
    } else {
        signer
    };
    state
        .store
        .replace_issued_document(report, &pdf, &by, actor)
        .await
        .map_err(|e| AppError::from_store(e, lang))
}

/// The document Xanh keeps that a file is exactly (by SHA-256).
#[derive(Debug, Clone)]
pub enum Kept {
    /// An issued provincial report: its id and its number ("05/BC-UBND").
    Issued { id: i64, number: String },
    /// An agency's report as it sent it.
    Sent(super::sent::SentMatch),
}

/// A PDF's signatures, checked against the trust list `roots` (PEM) when
/// one is given, and the document Xanh keeps that it is exactly (by
/// SHA-256), if any: what `/verify` and `xanh verify` say.
pub async fn check(
    store: &xanh_store::Store,
    pdf: Vec<u8>,
    roots: Option<std::sync::Arc<Vec<u8>>>,
) -> Result<
    (
        Result<xanh_documents::sign::Verified, String>,
        String,
        Option<Kept>,
    ),
    xanh_store::StoreError,
> {
    let sha = xanh_store::audit_chain::sha256_hex(&pdf);
    let kept = match store.issued_document_by_hash(&sha).await? {
        Some(id) => {
            let number = store.provincial_report(id).await?.number;
            Some(Kept::Issued {
                id,
                number: number.unwrap_or_default(),
            })
        }
        None => match store.submitted_document_by_hash(&sha).await? {
            Some(key) => Some(Kept::Sent(super::sent::describe(store, &key).await?)),
            None => None,
        },
    };
    let verified = tokio::task::spawn_blocking(move || {
        xanh_documents::sign::verify(&pdf, roots.as_deref().map(Vec::as_slice))
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    Ok((verified, sha, kept))
}

/// Reads a trust list (PEM certificates) when it is configured: how many it holds.
pub fn check_trust_list(pem: &[u8]) -> Result<usize, String> {
    xanh_documents::sign::check_trust_list(pem)
}
