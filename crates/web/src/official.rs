//! Official documents (Decree 30/2020): the provincial report's content and
//! use cases (`provincial`), the documents built from it and from agency
//! reports (`letter`), and their download as PDF or DOCX.

pub mod drafts;
pub mod letter;
pub mod provincial;
pub mod seal;

use crate::error::WebError;
pub use letter::{agency_document, provincial_document};
use xanh_core::Lang;
use xanh_documents::document::OfficialDocument;

/// The file formats an official document downloads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The document's bytes. Rendering is CPU work: callers run it off the
    /// async workers (`spawn_blocking`).
    pub fn render(self, doc: &OfficialDocument) -> Result<Vec<u8>, String> {
        match self {
            Format::Pdf => xanh_documents::pdf::render(doc),
            Format::Docx => xanh_documents::docx::render(doc),
        }
    }
}

/// A kept PDF as a download, shown in the browser.
pub fn pdf_file(bytes: Vec<u8>, name: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (
                axum::http::header::CONTENT_TYPE,
                Format::Pdf.content_type().to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", safe_name(name)),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A download's name reduced to safe characters, so no header can be forged.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The document as a download: PDF shown in the browser, DOCX saved to edit.
pub async fn download(
    doc: OfficialDocument,
    format: Format,
    name: &str,
    lang: Lang,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let failed = || WebError::from_store(xanh_store::StoreError::Corrupt("document".into()), lang);
    let bytes = tokio::task::spawn_blocking(move || format.render(&doc))
        .await
        .map_err(|_| failed())?
        .map_err(|e| {
            tracing::error!(error = %e, "the document could not be made");
            failed()
        })?;
    let disposition = match format {
        Format::Pdf => "inline",
        Format::Docx => "attachment",
    };
    // The name is made here from codes, never from what a user typed; it is
    // still reduced to safe characters so no header can be forged.
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                format.content_type().to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{safe}.{}\"", format.extension()),
            ),
        ],
        bytes,
    )
        .into_response())
}
