//! An agency's report as it was sent, digitally signed by the agency (Decree
//! 09/2019 admits an electronic report that carries a digital signature).
//! Xanh holds no agency's key: the agency's head signs with a USB token or a
//! remote signing service, then its records office with the agency's own
//! certificate, each through the digest protocol of `docs/signing.md` —
//! Xanh gives out only the digest and takes back a CMS, which it checks
//! before embedding it. The file is rendered once, at the first signature,
//! from the report as sent (its content is fixed until it is returned), and
//! kept per submission, so the file served afterwards is the one signed.

use crate::App;
use crate::error::AppError;
use crate::reporting::{ReportContext, store_error};
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_store::{SubmissionKey, SubmittedDocument};

/// Where the signing of a sent report stands, for its page.
#[derive(Debug, Clone, Default)]
pub struct SentSigning {
    /// Who signed the kept file, in order; None while nobody has.
    pub signed_by: Option<String>,
    /// The digest given out while a signature is awaited, and for whom.
    pub pending: Option<(String, String)>,
    /// This person may sign (an officer of the agency).
    pub can_sign: bool,
}

/// The submission a sent report stands for; None for a report not sent.
fn submission(ctx: &ReportContext) -> Option<SubmissionKey> {
    use xanh_core::workflow::ReportState;
    matches!(
        ctx.report.state(),
        ReportState::Submitted | ReportState::Accepted
    )
    .then_some(())?;
    Some(SubmissionKey {
        report_id: ctx.report.id,
        submitted_at: ctx.report.submitted_at.clone()?,
    })
}

/// The signing state of a sent report (None: not sent, nothing to sign).
pub async fn signing_state(
    state: &App,
    ctx: &ReportContext,
    actor: &Actor,
    lang: Lang,
) -> Result<Option<SentSigning>, AppError> {
    let Some(key) = submission(ctx) else {
        return Ok(None);
    };
    // Only who signed and what is awaited: the file itself is not read for a page.
    let (signed_by, pending) = state
        .store
        .submitted_signing(&key)
        .await
        .map_err(store_error(lang))?
        .unwrap_or_default();
    Ok(Some(SentSigning {
        signed_by,
        pending,
        can_sign: actor.can_sign_report(&ctx.report.unit_code, ctx.report.state()),
    }))
}

/// The kept file of a sent report once it has been signed: what its PDF
/// address serves from then on, byte for byte.
pub async fn signed_pdf(
    state: &App,
    ctx: &ReportContext,
    lang: Lang,
) -> Result<Option<Vec<u8>>, AppError> {
    let Some(key) = submission(ctx) else {
        return Ok(None);
    };
    Ok(state
        .store
        .submitted_document(&key)
        .await
        .map_err(store_error(lang))?
        .filter(|k| k.signed_by.is_some())
        .map(|k| k.pdf))
}

/// Whether this person may sign the report now: 404 when they may not see
/// it, 403 when they are not one of the agency's officers, 422 (in words)
/// when it is not sent. The edges ask it before they read what was given.
pub async fn authorise(
    state: &App,
    actor: &Actor,
    report: i64,
    lang: Lang,
) -> Result<(), AppError> {
    for_signer(state, actor, report, lang).await.map(|_| ())
}

/// The report loaded for someone who signs it: an officer of the agency,
/// once it is sent.
async fn for_signer(
    state: &App,
    actor: &Actor,
    report: i64,
    lang: Lang,
) -> Result<(ReportContext, SubmissionKey), AppError> {
    let ctx = crate::reporting::load(state, actor, report, lang).await?;
    if !actor.can_edit_report(&ctx.report.unit_code) {
        return Err(AppError::forbidden(lang));
    }
    let key = submission(&ctx).ok_or_else(|| {
        AppError::invalid(
            lang,
            "Chỉ ký số báo cáo đã gửi (nội dung đã chốt). Hãy gửi báo cáo trước, rồi ký số bản đã gửi.",
            "Only a sent report (its content fixed) is signed. Submit the report first, then sign what was sent.",
        )
    })?;
    Ok((ctx, key))
}

/// The kept file of the submission, rendered and kept now if this is its first signature.
async fn kept(
    state: &App,
    ctx: &ReportContext,
    key: &SubmissionKey,
    actor: &Actor,
    lang: Lang,
) -> Result<SubmittedDocument, AppError> {
    if let Some(k) = state
        .store
        .submitted_document(key)
        .await
        .map_err(store_error(lang))?
    {
        return Ok(k);
    }
    let doc = super::agency_document(state, ctx).await?;
    let pdf = tokio::task::spawn_blocking(move || super::Format::Pdf.render(&doc))
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| r)
        .map_err(|e| {
            tracing::error!(error = %e, "rendering a sent report");
            AppError::from_store(
                xanh_store::StoreError::Corrupt("rendering a sent report".into()),
                lang,
            )
        })?;
    state
        .store
        .keep_submitted_document(key, &pdf, actor)
        .await
        .map_err(store_error(lang))
}

/// Prepares the sent report for the next signer (the head first, then the
/// records office): answers the SHA-256 digest to sign, the only thing
/// given out. Each signature is an incremental update, so the earlier ones
/// stay valid.
pub async fn prepare(
    state: &App,
    actor: &Actor,
    report: i64,
    signer: &str,
    lang: Lang,
) -> Result<String, AppError> {
    let (ctx, key) = for_signer(state, actor, report, lang).await?;
    let doc = kept(state, &ctx, &key, actor, lang).await?;
    let name = signer.to_string();
    let time = super::seal::times().1;
    let prepared =
        tokio::task::spawn_blocking(move || xanh_documents::sign::prepare(&doc.pdf, &name, &time))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r)
            .map_err(|e| {
                tracing::error!(error = %e, "preparing a signature failed");
                AppError::from_store(
                    xanh_store::StoreError::Corrupt("preparing a signature".into()),
                    lang,
                )
            })?;
    let (pdf, digest) = prepared;
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    state
        .store
        .prepare_submitted_signature(&key, &pdf, &hex, signer, actor)
        .await
        .map_err(store_error(lang))?;
    Ok(hex)
}

/// Takes the signer's CMS SignedData (DER) for the prepared report: it must
/// sign exactly the digest given out, with the certificate it carries; the
/// result is kept and served. Answers the kept file's SHA-256.
pub async fn accept(
    state: &App,
    actor: &Actor,
    report: i64,
    cms: Vec<u8>,
    lang: Lang,
) -> Result<String, AppError> {
    let (_, key) = for_signer(state, actor, report, lang).await?;
    let doc = state
        .store
        .submitted_document(&key)
        .await
        .map_err(store_error(lang))?;
    let Some((doc, (prepared, _, signer))) = doc.and_then(|d| d.pending.clone().map(|p| (d, p)))
    else {
        return Err(AppError::invalid(
            lang,
            "Chưa chuẩn bị báo cáo để ký: hãy lấy mã cần ký trước.",
            "Nothing is prepared for signing: get the digest to sign first.",
        ));
    };
    let signed = tokio::task::spawn_blocking(move || xanh_documents::sign::embed(&prepared, &cms))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
        .map_err(|e| {
            tracing::info!(error = %e, "a signature was refused");
            AppError::invalid(
                lang,
                format!("Chữ ký không được nhận: nó không ký đúng báo cáo đã chuẩn bị ({e})."),
                format!("The signature is refused: it does not sign the prepared report ({e})."),
            )
        })?;
    // Who signed, in order: the head, then the records office.
    let by = match &doc.signed_by {
        Some(before) => format!("{before}; {signer}"),
        None => signer,
    };
    state
        .store
        .replace_submitted_document(&key, &doc.sha256, &signed, &by, actor)
        .await
        .map_err(store_error(lang))
}

/// A sent report a file is exactly, as `/verify` names it.
#[derive(Debug, Clone)]
pub struct SentMatch {
    pub report_id: i64,
    /// The agency's name on the day it sent the report.
    pub agency: String,
    /// "năm 2026".
    pub period: String,
    /// When it was sent, as people read it.
    pub sent_on: String,
}

/// Names the sent report behind a kept file.
pub async fn describe(
    store: &xanh_store::Store,
    key: &SubmissionKey,
) -> Result<SentMatch, xanh_store::StoreError> {
    let report = store.report(key.report_id).await?;
    let (code, period) = store.period(report.period_id).await?;
    let fw = store.framework(&code, None).await?.framework;
    let day = xanh_core::display::parse_iso_date(key.submitted_at.get(..10).unwrap_or_default());
    let agency = day
        .and_then(|d| fw.unit_on(&report.unit_code, d))
        .or_else(|| fw.unit(&report.unit_code))
        .map(|u| u.name.vi.clone())
        .unwrap_or(report.unit_code.clone());
    Ok(SentMatch {
        report_id: key.report_id,
        agency,
        period: super::provincial::period_phrase(&period),
        sent_on: xanh_core::display::datetime_text(&key.submitted_at),
    })
}
