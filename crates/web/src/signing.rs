//! What a signer gives, read at the edge for the pages and the API alike:
//! the signer's name as a signature records it, and a CMS signature file
//! (DER, or base64/PEM as some tools write it).

use crate::error::WebError;
use crate::lang::Lang;
use base64::Engine;

/// The largest signature file accepted (a CMS with its certificates is a few KB).
pub const MAX_SIGNATURE_BYTES: usize = 256 * 1024;

/// A signer's name as a signature records it: given, at most 100
/// characters, no NUL.
pub fn checked_signer(signer: &str, lang: Lang) -> Result<&str, WebError> {
    let signer = signer.trim();
    if signer.is_empty() || signer.chars().count() > 100 || signer.contains('\0') {
        return Err(WebError::invalid(
            lang,
            "Hãy ghi họ và tên người ký (tối đa 100 ký tự).",
            "Give the signer's full name (100 characters at most).",
        ));
    }
    Ok(signer)
}

/// A signature file as DER: a .p7s is DER; some tools write it as base64 or PEM.
pub fn cms_der(file: Vec<u8>, lang: Lang) -> Result<Vec<u8>, WebError> {
    if file.first() == Some(&0x30) {
        return Ok(file);
    }
    let text: String = String::from_utf8_lossy(&file)
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| {
            WebError::invalid(
                lang,
                "Tệp không phải chữ ký CMS (.p7s, DER hoặc base64).",
                "The file is not a CMS signature (.p7s, DER or base64).",
            )
        })
}
