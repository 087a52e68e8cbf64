//! Official documents as HTTP downloads: a PDF shown in the browser, a DOCX
//! saved to edit. The application renders them; this only names and serves.

use crate::error::WebError;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use xanh_app::official::{Format, render_file, safe_name};
use xanh_core::Lang;
use xanh_documents::document::OfficialDocument;

/// A kept PDF as a download, shown in the browser.
pub fn pdf_file(bytes: Vec<u8>, name: &str) -> Response {
    file(bytes, Format::Pdf, name)
}

fn file(bytes: Vec<u8>, format: Format, name: &str) -> Response {
    let disposition = match format {
        Format::Pdf => "inline",
        Format::Docx => "attachment",
    };
    // The name is made from codes, never from what a user typed; it is still
    // reduced to safe characters so no header can be forged.
    (
        [
            (CONTENT_TYPE, format.content_type().to_string()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"{}.{}\"",
                    safe_name(name),
                    format.extension()
                ),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The document rendered in `format`, as a download.
pub async fn download(
    doc: OfficialDocument,
    format: Format,
    name: &str,
    lang: Lang,
) -> Result<Response, WebError> {
    let bytes = render_file(doc, format, lang).await?;
    Ok(file(bytes, format, name))
}
