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
    /// A time-stamping authority (RFC 3161, http://): with one, the
    /// signature carries its trusted time (PAdES B-T); without, B-B.
    pub tsa_url: Option<&'a str>,
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
        pades_level: if s.tsa_url.is_some() {
            PadesLevel::Bt
        } else {
            PadesLevel::Bb
        },
        tsa_url: s.tsa_url.map(str::to_string),
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
    /// The time a trusted RFC 3161 timestamp gives the signature (RFC 3339,
    /// UTC); None without a timestamp, or when its authority is not trusted.
    pub timestamped: Option<String>,
    pub detail: String,
}

/// What a PDF's signatures say.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verified {
    pub signatures: Vec<Found>,
    /// Nothing was added after the last signature.
    pub unmodified: bool,
}

/// A moment as RFC 3339 text (UTC).
fn rfc3339(t: std::time::SystemTime) -> Option<String> {
    let t = time::OffsetDateTime::from(t);
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

/// Reads a trust list of PEM certificates. An empty or malformed list is
/// refused in words: the certificate reader underneath panics on some
/// inputs (an empty one, found by the `trust_list` fuzz target), which is
/// caught here rather than let it end the request or the program.
fn trust_store(pem: &[u8]) -> Result<TrustStore, String> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    let refused = || "the trust list holds no readable PEM certificate".to_string();
    if !pem.windows(BEGIN.len()).any(|w| w == BEGIN) {
        return Err(refused());
    }
    let read = std::panic::catch_unwind(|| TrustStore::from_pem(pem)).map_err(|_| refused())?;
    match read {
        Ok(store) if !store.is_empty() => Ok(store),
        Ok(_) => Err(refused()),
        Err(e) => Err(format!("{}: {e}", refused())),
    }
}

/// Checks a trust list when it is configured: how many certificates it holds.
pub fn check_trust_list(pem: &[u8]) -> Result<usize, String> {
    trust_store(pem).map(|s| s.len())
}

/// Verifies every signature of `pdf`, against the trust list `roots` (PEM
/// certificates) when one is given.
pub fn verify(pdf: &[u8], roots: Option<&[u8]>) -> Result<Verified, String> {
    let report = match roots {
        Some(pem) => {
            let store = trust_store(pem)?;
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
                timestamped: s.trusted_time.and_then(rfc3339),
                detail: s.detail.clone(),
            })
            .collect(),
    })
}

/// The byte range of the last signature in `pdf`: [a, b, c, d], the signed
/// bytes being a..a+b and c..c+d, the `/Contents` hex string between them.
fn last_byte_range(pdf: &[u8]) -> Result<[usize; 4], String> {
    let key = b"/ByteRange";
    let at = pdf
        .windows(key.len())
        .rposition(|w| w == key)
        .ok_or("the PDF has no signature")?;
    let rest = &pdf[at + key.len()..];
    let open = rest
        .iter()
        .position(|b| *b == b'[')
        .ok_or("bad /ByteRange")?;
    let close = rest
        .iter()
        .position(|b| *b == b']')
        .ok_or("bad /ByteRange")?;
    let nums: Vec<usize> = std::str::from_utf8(&rest[open + 1..close])
        .map_err(|_| "bad /ByteRange")?
        .split_whitespace()
        .map(|n| n.parse::<usize>().map_err(|_| "bad /ByteRange"))
        .collect::<Result<_, _>>()?;
    match nums.as_slice() {
        [a, b, c, d] if a + b < *c && c + d <= pdf.len() && pdf.get(a + b) == Some(&b'<') => {
            Ok([*a, *b, *c, *d])
        }
        _ => Err("bad /ByteRange".into()),
    }
}

/// The SHA-256 of a signature's signed bytes.
fn range_digest(pdf: &[u8], r: [usize; 4]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(&pdf[r[0]..r[0] + r[1]]);
    h.update(&pdf[r[2]..r[2] + r[3]]);
    h.finalize().into()
}

/// Prepares `pdf` for a signer whose key Xanh never sees (a USB token, a
/// remote signing service): a signature field of `name` with its
/// `/Contents` reserved, as an incremental update. Answers the prepared PDF
/// and the SHA-256 digest of the bytes it signs: the only thing the signer
/// receives. The reservation is made by signing with a key made for the
/// moment and thrown away; [`embed`] replaces that signature entirely, and
/// the byte range does not cover `/Contents`, so the digest stays the same.
pub fn prepare(pdf: &[u8], name: &str, time_pdf: &str) -> Result<(Vec<u8>, [u8; 32]), String> {
    let throwaway = pdf_signer::testkit::self_signed_p256_p12("x");
    let opts = SignOptions {
        reason: Some("Ký duyệt văn bản (chữ ký số của người có thẩm quyền)".into()),
        name: Some(name.into()),
        signing_time: Some(time_pdf.into()),
        pades_level: PadesLevel::Bb,
        ..SignOptions::default()
    };
    let prepared =
        pdf_signer::sign_pdf_bytes(pdf, &throwaway, "x", &opts).map_err(|e| e.to_string())?;
    let range = last_byte_range(&prepared)?;
    Ok((prepared.clone(), range_digest(&prepared, range)))
}

/// Puts the outside signer's CMS SignedData (DER) in place of the prepared
/// signature, and checks the result: the CMS must sign exactly the prepared
/// bytes (its message digest) with the certificate it carries. Refused
/// otherwise, or when it does not fit the reserved space.
pub fn embed(prepared: &[u8], cms_der: &[u8]) -> Result<Vec<u8>, String> {
    let r = last_byte_range(prepared)?;
    let (lt, gt) = (r[0] + r[1], r[2] - 1);
    let room = gt - lt - 1;
    let hex: String = cms_der.iter().map(|b| format!("{b:02X}")).collect();
    if hex.len() > room {
        return Err(format!(
            "the signature ({} bytes) does not fit the {} bytes reserved",
            cms_der.len(),
            room / 2
        ));
    }
    let mut out = prepared.to_vec();
    let padded = format!("{hex:0<room$}");
    out[lt + 1..gt].copy_from_slice(padded.as_bytes());
    let report = pdf_signer::verify_pdf_bytes(&out).map_err(|e| e.to_string())?;
    match report.signatures.iter().rfind(|s| !s.is_timestamp) {
        Some(s) if s.valid && report.document_intact() => Ok(out),
        Some(s) => Err(format!(
            "the signature does not sign this document: {}",
            s.detail
        )),
        None => Err("no signature found after embedding".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_broken_trust_list_is_refused_in_words_not_a_panic() {
        // The empty input crashed the certificate reader (fuzz target trust_list).
        for bad in [
            &b""[..],
            b"-----BEGIN CERTIFICATE-----\n",
            b"not a certificate",
        ] {
            let e = check_trust_list(bad).expect_err("refused");
            assert!(e.contains("no readable PEM certificate"), "{e}");
        }
        let e = verify(b"%PDF-1.4\n%%EOF\n", Some(b"")).expect_err("refused");
        assert!(e.contains("trust list"), "{e}");
    }
}
