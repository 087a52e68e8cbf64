//! The page language: Vietnamese unless the person chose English. A choice
//! made with `?lang=en` (or `?lang=vi`) is remembered in a cookie, so that
//! the next click does not fall back to Vietnamese.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use std::convert::Infallible;
pub use xanh_core::Lang;

/// The cookie that keeps the language choice; it says nothing about the person.
pub const LANG_COOKIE: &str = "xanh_lang";

/// The language asked for in a query string, if any.
fn from_query(query: Option<&str>) -> Option<Lang> {
    query
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(Lang::from_code)
}

/// Extracts the language: the query string first, then the remembered choice; never fails.
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(of_parts(parts)))
    }
}

/// The language of a request: the query string first, then the remembered choice.
pub fn of_parts(parts: &Parts) -> Lang {
    from_query(parts.uri.query())
        .or_else(|| {
            CookieJar::from_headers(&parts.headers)
                .get(LANG_COOKIE)
                .map(|c| Lang::from_code(c.value()))
        })
        .unwrap_or_default()
}

/// The address the language switch starts from: this page for a GET ("" and
/// its query). A page answering a POST (a save refused with its errors) has
/// no address of its own to load again, so the switch goes to the page the
/// form was on, from the same-site Referer, else home.
fn switch_base(request: &Request) -> String {
    if request.method() == axum::http::Method::GET {
        return format!("?{}", request.uri().query().unwrap_or_default());
    }
    let host = request.headers().get(header::HOST);
    request
        .headers()
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .filter(|u| u.authority().map(|a| a.as_str().as_bytes()) == host.map(|h| h.as_bytes()))
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/home".to_string())
}

/// Remembers a language chosen in the query string for the next requests.
pub async fn remember(request: Request, next: Next) -> Response {
    let chosen = from_query(request.uri().query());
    let here = switch_base(&request);
    let mut response = crate::pages::QUERY.scope(here, next.run(request)).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}
