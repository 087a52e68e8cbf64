//! Static assets, embedded in the binary so that one file is the whole server.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../static/xanh.css");

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}
