//! Static assets, embedded in the binary so that one file is the whole server.

use axum::http::header;
use axum::response::IntoResponse;

/// One stylesheet for the browser, kept as several files by what they style.
const CSS: &str = concat!(
    include_str!("../../static/xanh.css"),
    include_str!("../../static/dashboard.css"),
    include_str!("../../static/official.css"),
);

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}
