//! Signing an issued provincial report with a key Xanh never sees (a
//! leader's USB token, a remote signing service): Xanh gives out only the
//! SHA-256 digest of the prepared document and takes back a CMS SignedData,
//! which it checks against that digest and the certificate it carries before
//! embedding it; the organisation then signs after it. The protocol is in
//! `docs/signing.md`; an adapter per provider only carries the digest out
//! and the CMS back. A provincial report: the consolidator. An agency's
//! sent report: the agency's officers, for its head and its records office.

use super::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PrepareBody {
    /// The signer's name, as the signature dictionary records it.
    #[serde(default)]
    signer: String,
}

/// What the signer must sign.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Digest {
    /// Always "SHA-256".
    algorithm: String,
    digest_hex: String,
    digest_base64: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct SignatureBody {
    /// The CMS SignedData (DER), base64: detached, its message digest the one given out.
    #[serde(default)]
    cms_base64: String,
}

/// The kept document after signing.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Signed {
    /// SHA-256 (hex) of the PDF now kept and served.
    sha256: String,
}

fn reviewer(session: &Session, headers: &HeaderMap, lang: Lang) -> Result<(), WebError> {
    check_csrf(session, headers, lang)?;
    if session.actor.can_review() {
        Ok(())
    } else {
        Err(WebError::forbidden(lang).json())
    }
}

/// Prepare an issued report for its signer: the digest to sign.
#[utoipa::path(post, path = "/api/v1/provincial-reports/{id}/signature/prepare", tag = "signing",
    request_body = PrepareBody,
    params(("id" = i64, Path, description = "Provincial report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The digest to sign", body = Digest),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not the consolidator, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 404, description = "No such provincial report", body = crate::api::doc::ApiError),
              (status = 422, description = "Not issued, or already signed", body = crate::api::doc::ApiError)))]
pub async fn prepare_signature(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<PrepareBody>,
) -> Result<Json<Digest>, WebError> {
    reviewer(&session, &headers, lang)?;
    let signer = crate::signing::checked_signer(&body.signer, lang).map_err(WebError::json)?;
    let hex =
        xanh_app::official::seal::prepare_for_signer(&state, id, signer, &session.actor, lang)
            .await
            .map_err(WebError::api)?;
    Ok(Json(Digest::of(hex)))
}

impl Digest {
    fn of(hex: String) -> Digest {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .filter_map(|i| {
                hex.get(i..i + 2)
                    .and_then(|b| u8::from_str_radix(b, 16).ok())
            })
            .collect();
        Digest {
            algorithm: "SHA-256".into(),
            digest_base64: STANDARD.encode(bytes),
            digest_hex: hex,
        }
    }
}

fn cms_of(body: &SignatureBody, lang: Lang) -> Result<Vec<u8>, WebError> {
    STANDARD.decode(body.cms_base64.trim()).map_err(|_| {
        WebError::invalid(
            lang,
            "Chữ ký không phải chuỗi base64.",
            "The signature is not base64.",
        )
        .json()
    })
}

/// Give the signer's CMS signature for the prepared report.
#[utoipa::path(put, path = "/api/v1/provincial-reports/{id}/signature", tag = "signing",
    request_body = SignatureBody,
    params(("id" = i64, Path, description = "Provincial report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "Signed (and sealed by the organisation where its key is configured)", body = Signed),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not the consolidator, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 404, description = "No such provincial report", body = crate::api::doc::ApiError),
              (status = 422, description = "Nothing prepared, not base64, or a signature that does not sign the prepared document", body = crate::api::doc::ApiError)))]
pub async fn give_signature(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<SignatureBody>,
) -> Result<Json<Signed>, WebError> {
    reviewer(&session, &headers, lang)?;
    let cms = cms_of(&body, lang)?;
    let sha256 = xanh_app::official::seal::accept_signature(&state, id, cms, &session.actor, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Signed { sha256 }))
}

/// Prepare an agency's sent report for its next signer (the head, then the
/// records office): the digest to sign. An officer of the agency.
#[utoipa::path(post, path = "/api/v1/reports/{id}/signature/prepare", tag = "signing",
    request_body = PrepareBody,
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The digest to sign", body = Digest),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not an officer of the agency, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 404, description = "No such report, or not yours to see", body = crate::api::doc::ApiError),
              (status = 422, description = "No signer's name, or the report is not sent", body = crate::api::doc::ApiError)))]
pub async fn prepare_report_signature(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<PrepareBody>,
) -> Result<Json<Digest>, WebError> {
    check_csrf(&session, &headers, lang)?;
    xanh_app::official::sent::authorise(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    let signer = crate::signing::checked_signer(&body.signer, lang).map_err(WebError::json)?;
    let hex = xanh_app::official::sent::prepare(&state, &session.actor, id, signer, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Digest::of(hex)))
}

/// Give the signer's CMS signature for the prepared sent report.
#[utoipa::path(put, path = "/api/v1/reports/{id}/signature", tag = "signing",
    request_body = SignatureBody,
    params(("id" = i64, Path, description = "Report id"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "Signed: the file now kept and served", body = Signed),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not an officer of the agency, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 404, description = "No such report, or not yours to see", body = crate::api::doc::ApiError),
              (status = 409, description = "The kept file changed while it was being signed", body = crate::api::doc::ApiError),
              (status = 422, description = "Not sent, nothing prepared, not base64, or a signature that does not sign the prepared report", body = crate::api::doc::ApiError)))]
pub async fn give_report_signature(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    Authed(session): Authed,
    ApiJson(body): ApiJson<SignatureBody>,
) -> Result<Json<Signed>, WebError> {
    check_csrf(&session, &headers, lang)?;
    xanh_app::official::sent::authorise(&state, &session.actor, id, lang)
        .await
        .map_err(WebError::api)?;
    let cms = cms_of(&body, lang)?;
    let sha256 = xanh_app::official::sent::accept(&state, &session.actor, id, cms, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Signed { sha256 }))
}
