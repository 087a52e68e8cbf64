//! The page language: Vietnamese unless the request asks for English with `?lang=en`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::convert::Infallible;
pub use xanh_core::Lang;

/// Extracts the language from the query string; never fails.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let lang = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(Lang::from_code)
            .unwrap_or_default();
        Ok(PageLang(lang))
    }
}
