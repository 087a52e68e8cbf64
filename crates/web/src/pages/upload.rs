//! Reading an upload form (multipart): its text fields and one `file` of at
//! most a given size, then the session's CSRF token checked before anything
//! else is done. One reader for the Excel report, the signer's signature and
//! the seal and signature images.

use crate::auth::{Session, constant_time_eq};
use crate::error::WebError;
use crate::lang::Lang;
use axum::extract::Multipart;
use std::collections::HashMap;

pub struct Upload {
    pub fields: HashMap<String, String>,
    /// The `file` part; empty when none was chosen.
    pub file: Vec<u8>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// The form, or why it is refused: malformed, `file` over `max` bytes
/// (`too_large` says so in the form's own words), or a CSRF token that is
/// not this session's.
pub async fn read(
    mut multipart: Multipart,
    session: &Session,
    max: usize,
    lang: Lang,
    too_large: impl Fn() -> WebError,
) -> Result<Upload, WebError> {
    let bad = || WebError::bad_request(lang, "Dữ liệu tải lên không hợp lệ.", "Invalid upload.");
    let mut out = Upload {
        fields: HashMap::new(),
        file: Vec::new(),
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|_| bad())? {
        match field.name().map(str::to_string) {
            Some(name) if name == "file" => {
                while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
                    if out.file.len() + chunk.len() > max {
                        return Err(too_large());
                    }
                    out.file.extend_from_slice(&chunk);
                }
            }
            Some(name) => {
                let text = field.text().await.unwrap_or_default();
                out.fields.insert(name, text);
            }
            None => {}
        }
    }
    let expected = session.csrf.clone().unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(out.field("csrf").as_bytes(), expected.as_bytes()) {
        return Err(WebError::csrf(lang));
    }
    Ok(out)
}
