//! Official documents (Decree 30/2020): the provincial report's content and
//! use cases (`provincial`), the documents built from it and from agency
//! reports (`letter`), and their rendering as PDF or DOCX.

pub mod drafts;
pub mod editing;
pub mod letter;
pub mod listing;
pub mod provincial;
pub mod seal;
pub mod sent;
pub mod viewing;

use crate::error::AppError;
pub use letter::{agency_document, provincial_document};
use xanh_core::Lang;
use xanh_documents::document::OfficialDocument;
pub use xanh_store::SigningState;

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

/// A download's name reduced to safe characters, so no header can be forged.
pub fn safe_name(name: &str) -> String {
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

/// The document's bytes in `format`, rendered off the async workers.
pub async fn render_file(
    doc: OfficialDocument,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>, AppError> {
    let failed = || AppError::from_store(xanh_store::StoreError::Corrupt("document".into()), lang);
    tokio::task::spawn_blocking(move || format.render(&doc))
        .await
        .map_err(|_| failed())?
        .map_err(|e| {
            tracing::error!(error = %e, "the document could not be made");
            failed()
        })
}
