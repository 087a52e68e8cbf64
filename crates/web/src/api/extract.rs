//! Extractors whose refusals are JSON errors, as everything under `/api` is.
//! axum's own answer a plain-text 400 ("Invalid URL: Cannot parse …") that
//! the OpenAPI description does not list; found by schemathesis.

use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

/// Path parameters. One that cannot be read as its type (an id beyond
/// 64 bits, text where a number belongs, bytes that are not UTF-8) names no
/// resource: a JSON 404, which every operation with a path parameter lists.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = match PageLang::from_request_parts(parts, state).await {
            Ok(PageLang(lang)) => lang,
            Err(never) => match never {},
        };
        // "%00" decodes to U+0000, which names nothing and which PostgreSQL
        // refuses to compare with text (a 500 before this check).
        if parts.uri.path().to_ascii_lowercase().contains("%00") {
            return Err(no_such_resource(lang));
        }
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(no_such_resource(lang)),
        }
    }
}

/// Query parameters. One that cannot be read as its type (a year beyond 32
/// bits, text where a number belongs) is a JSON 400 naming it.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = match PageLang::from_request_parts(parts, state).await {
            Ok(PageLang(lang)) => lang,
            Err(never) => match never {},
        };
        let query = parts.uri.query().unwrap_or_default();
        // A NUL names no framework or period (and PostgreSQL refuses it in
        // text): a 404, as in a path (schemathesis found the 422 it gave).
        if query.to_ascii_lowercase().contains("%00") {
            return Err(no_such_resource(lang));
        }
        serde_html_form::from_str::<T>(query)
            .map(ApiQuery)
            .map_err(|e| {
                WebError::bad_request(
                    lang,
                    format!("Tham số trong địa chỉ không hợp lệ: {e}"),
                    format!("A parameter of the address is not valid: {e}"),
                )
                .json()
            })
    }
}

fn no_such_resource(lang: Lang) -> WebError {
    WebError::not_found(
        lang,
        "Không có nội dung này: địa chỉ chứa tham số không hợp lệ.",
        "Not found: the address holds a parameter that is not valid.",
    )
    .json()
}

/// An integer field that also takes a JSON number written with a zero
/// fraction ("261.0"): JSON Schema counts it as an integer, so a client
/// following the description may send it.
pub fn integral<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 => Ok(f as i64),
        _ => Err(D::Error::custom(format!(
            "expected a whole number, got {n}"
        ))),
    }
}

/// [`integral`] for an optional field.
pub fn integral_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "integral")] i64);
    Ok(Option::<Wrap>::deserialize(d)?.map(|Wrap(v)| v))
}

/// Whether any string (key or value) in a JSON document holds U+0000.
pub fn holds_nul(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        _ => false,
    }
}
