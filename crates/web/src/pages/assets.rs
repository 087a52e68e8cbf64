//! Static assets, embedded in the binary so that one file is the whole server.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// One stylesheet for the browser, kept as several files by what they style.
const CSS: &str = concat!(
    include_str!("../../static/xanh.css"),
    include_str!("../../static/dashboard.css"),
    include_str!("../../static/official.css"),
);

/// The pages' only script: progressive help (a warning before leaving a form
/// with unsaved edits). Every page works without it; the CSP allows scripts
/// from this origin only, never inline.
const JS: &str = include_str!("../../static/xanh.js");

/// Be Vietnam Pro (SIL OFL 1.1, `static/fonts/LICENSE-BeVietnamPro.txt`),
/// served by Xanh itself: officials' machines may have no font with full
/// Vietnamese coverage, and a government system should not call out to a CDN.
const FONTS: &[(&str, &[u8])] = &[
    (
        "be-vietnam-pro-latin-400.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-latin-400-normal.woff2"),
    ),
    (
        "be-vietnam-pro-latin-600.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-latin-600-normal.woff2"),
    ),
    (
        "be-vietnam-pro-latin-700.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-latin-700-normal.woff2"),
    ),
    (
        "be-vietnam-pro-vietnamese-400.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-vietnamese-400-normal.woff2"),
    ),
    (
        "be-vietnam-pro-vietnamese-600.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-vietnamese-600-normal.woff2"),
    ),
    (
        "be-vietnam-pro-vietnamese-700.woff2",
        include_bytes!("../../static/fonts/be-vietnam-pro-vietnamese-700-normal.woff2"),
    ),
];

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        JS,
    )
}

/// `/static/fonts/{file}`: only the names above; anything else is 404.
pub async fn font(Path(file): Path<String>) -> Response {
    match FONTS.iter().find(|(name, _)| *name == file) {
        Some((_, bytes)) => (
            [
                (header::CONTENT_TYPE, "font/woff2"),
                (header::CACHE_CONTROL, "public, max-age=604800, immutable"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
