//! Digital signatures of issued documents (PAdES, ETSI EN 319 142), through
//! `pdf_signer`: each signature is an incremental update, so an earlier one
//! stays valid. The organisation's signature carries the visible block Decree
//! 30/2020 (Appendix I) asks of it: the document's number and symbol and the
//! signing time in ISO 8601, at the top right of the first page, with no image.
//! Verification says, for each signature, whether it is intact and who signed,
//! and whether anything was added after the last one.

use pdf_signer::{Appearance, PadesLevel, SignOptions, TrustStore};

/// The organisation's key and how its signature reads.
pub struct Seal<'a> {
    /// The PKCS#12 file and its passphrase (never stored, never logged).
    pub p12: &'a [u8],
    pub password: &'a str,
    /// "Ủy ban nhân dân tỉnh Quảng Ngãi".
    pub name: &'a str,
    /// "15/BC-UBND".
    pub number: &'a str,
    /// Signing time, ISO 8601 with its offset: "2026-12-04T19:16:00+07:00".
    pub time_iso: &'a str,
    /// The same as a PDF date: "D:20261204121600Z".
    pub time_pdf: &'a str,
    pub location: &'a str,
}

/// A4 in points, and the right margin of Xanh's documents (15 mm).
const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const RIGHT: f64 = 42.52;

/// Signs `pdf` with the organisation's key, visibly as Decree 30 asks.
pub fn seal(pdf: &[u8], s: &Seal) -> Result<Vec<u8>, String> {
    let (width, height) = (190.0, 34.0);
    let opts = SignOptions {
        reason: Some("Ban hành văn bản (chữ ký số của cơ quan, tổ chức)".into()),
        name: Some(s.name.into()),
        location: Some(s.location.into()),
        signing_time: Some(s.time_pdf.into()),
        pades_level: PadesLevel::Bb,
        // In the top margin (20 mm), above the national motto, at the right.
        appearance: Some(Appearance {
            page: 1,
            x: PAGE_W - RIGHT - width,
            y: PAGE_H - 6.0 - height,
            width,
            height,
            font_size: 8.0,
            // The block holds only ASCII (number, symbol, ISO time): the
            // appearance's standard font has no Vietnamese letters.
            text: format!("{}\n{}", s.number, s.time_iso),
            border: true,
            ..Appearance::default()
        }),
        ..SignOptions::default()
    };
    pdf_signer::sign_pdf_bytes(pdf, s.p12, s.password, &opts).map_err(|e| e.to_string())
}

/// One signature as verification found it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
    /// The signed bytes give the signature (cryptographically intact).
    pub intact: bool,
    pub signer: String,
    /// Chained to a certificate of the trust list; None without one.
    pub trusted: Option<bool>,
    /// It covers the file up to its end (nothing added after it).
    pub covers_whole: bool,
    pub detail: String,
}

/// What a PDF's signatures say.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verified {
    pub signatures: Vec<Found>,
    /// Nothing was added after the last signature.
    pub unmodified: bool,
}

/// Verifies every signature of `pdf`, against the trust list `roots` (PEM
/// certificates) when one is given.
pub fn verify(pdf: &[u8], roots: Option<&[u8]>) -> Result<Verified, String> {
    let report = match roots {
        Some(pem) => {
            let store = TrustStore::from_pem(pem).map_err(|e| e.to_string())?;
            pdf_signer::verify_pdf_bytes_with_roots(pdf, &store)
        }
        None => pdf_signer::verify_pdf_bytes(pdf),
    }
    .map_err(|e| e.to_string())?;
    Ok(Verified {
        unmodified: report.document_intact(),
        signatures: report
            .signatures
            .iter()
            .filter(|s| !s.is_timestamp)
            .map(|s| Found {
                intact: s.valid,
                signer: s.signer.clone().unwrap_or_default(),
                trusted: s.chain_trusted,
                covers_whole: s.covers_whole_document,
                detail: s.detail.clone(),
            })
            .collect(),
    })
}
