//! The OpenAPI description: gathered from the `#[utoipa::path]` of each
//! handler as the routes are registered, so it cannot drift from them.

use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Xanh API",
        description = "Theo dõi, đánh giá kế hoạch hành động tăng trưởng xanh — JSON API. \
                       Authenticate with `Authorization: Bearer <token>` (tokens at /account/tokens), \
                       or with the session cookie plus an `X-CSRF-Token` header on writes. \
                       Add `?lang=en` for English messages.",
        version = env!("CARGO_PKG_VERSION")
    ),
    components(schemas(ApiError, ApiErrorDetail, ErrorDetails, FieldProblem)),
    modifiers(&Security),
    tags(
        (name = "frameworks", description = "Frameworks as data, their units and eras, their calendar and reporting periods"),
        (name = "exports", description = "The accepted figures, typed, and the export files (CSV, SDMX-CSV, DHIS2, Excel)"),
        (name = "accounts", description = "Accounts, for the administrator"),
        (name = "assessment", description = "The province's picture: every indicator's status, figures and explanation"),
        (name = "reporting", description = "Agencies' reports, review and contributions"),
        (name = "signing", description = "Signing issued provincial reports and agencies' sent reports with a key Xanh never sees"),
        (name = "system", description = "Health")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("xanh_session"))),
        );
    }
}

/// Every error: a stable code and a message in the asked language and in both.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

/// The details of an error, where it has any (described only: the error
/// layer writes them as JSON).
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct ErrorDetails {
    /// For `invalid`: every field that failed, each with its message.
    pub fields: Option<Vec<FieldProblem>>,
    /// For a submission held back: the unit codes of the lower reports missing.
    pub missing: Option<Vec<String>>,
}

/// One field that failed.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct FieldProblem {
    /// The field's name as the request gave it ("v:1.1:SO-CT", "t:1:results").
    pub field: String,
    pub message: String,
    /// Whether confirming the value (with a note) would make it acceptable;
    /// absent when not.
    pub confirmable: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorDetail {
    /// Stable: not_found, unauthorized, forbidden, csrf, invalid, conflict, bad_request, too_large, internal.
    pub code: String,
    pub message: String,
    pub message_vi: String,
    pub message_en: String,
    /// What more there is to say, for some errors (see [`ErrorDetails`]).
    #[schema(value_type = Option<ErrorDetails>)]
    pub details: Option<serde_json::Value>,
    /// The request's id (also in the `x-request-id` response header): the
    /// server's log lines for this request carry it.
    pub request_id: Option<String>,
}
