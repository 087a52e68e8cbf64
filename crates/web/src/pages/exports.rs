//! `/exports/{file}`: the accepted values as CSV, JSON, SDMX-CSV and DHIS2
//! JSON, and the decision's table as a workbook (made by `xanh_app::exports`).
//! Public like the rest of the province's picture: accepted figures only.

use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use xanh_app::exports::{ExportFile, export as make};

/// Which framework's figures: the one in force today unless named.
#[derive(serde::Deserialize, Default)]
pub struct Choice {
    #[serde(default)]
    framework: Option<String>,
}

/// `/exports/{file}`: values.csv, values.json, sdmx.csv, dhis2.json or framework.xlsx.
pub async fn export(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(file): Path<String>,
    Query(choice): Query<Choice>,
) -> Result<Response, WebError> {
    let Some(file) = ExportFile::parse(&file) else {
        return Err(WebError::not_found(
            lang,
            "Không có tệp xuất này.",
            "No such export.",
        ));
    };
    let made = make(&state, choice.framework.as_deref(), file, lang).await?;
    Ok((
        [
            (header::CONTENT_TYPE, made.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", made.file_name),
            ),
        ],
        made.bytes,
    )
        .into_response())
}
