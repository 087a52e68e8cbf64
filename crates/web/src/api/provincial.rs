//! `/api/v1/provincial-reports`: the province's official reports, as the
//! list page shows them: the issued ones for everyone (with their number,
//! date, signer and the addresses of the PDF and DOCX), drafts too for those
//! who see the overview.

use super::schema::Period;
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// One version of a provincial report.
#[derive(Serialize, ToSchema)]
pub struct ProvincialReport {
    pub id: i64,
    /// The framework's code.
    pub framework: String,
    pub period: Period,
    pub version: i64,
    /// "draft" or "issued".
    pub state: String,
    pub subject: String,
    /// The document's number once issued, e.g. "123/BC-UBND".
    pub number: Option<String>,
    /// The date of issue (ISO).
    pub issued_on: Option<String>,
    pub signer_name: Option<String>,
    /// The document as PDF (signed where a key is configured) and as DOCX.
    pub pdf: String,
    pub docx: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProvincialReports {
    pub reports: Vec<ProvincialReport>,
}

/// The provincial reports this account may see: issued ones for everyone, drafts too for the consolidator, administrator and leaders.
#[utoipa::path(get, path = "/api/v1/provincial-reports", tag = "assessment",
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    responses((status = 200, description = "The reports", body = ProvincialReports)))]
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
) -> Result<Json<ProvincialReports>, WebError> {
    let actor = session.0.as_ref().map(|s| &s.actor);
    let (listed, _) = xanh_app::official::listing::visible(&state, actor, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(ProvincialReports {
        reports: listed
            .into_iter()
            .map(|l| {
                let id = l.report.id;
                ProvincialReport {
                    id,
                    framework: l.framework,
                    period: l.period.into(),
                    version: l.report.version,
                    state: l.report.state.as_str().to_string(),
                    subject: l.report.subject,
                    number: l.report.number,
                    issued_on: l.report.issued_on,
                    signer_name: l.report.signer_name,
                    pdf: format!("/provincial-reports/{id}/pdf"),
                    docx: format!("/provincial-reports/{id}/docx"),
                }
            })
            .collect(),
    }))
}
