//! Security headers on every response. The pages use no inline script or
//! style, so the content security policy can forbid both.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether the request carries who is asking: a session cookie or a token.
fn carries_credentials(request: &Request) -> bool {
    let h = request.headers();
    h.contains_key(header::AUTHORIZATION)
        || h.get_all(header::COOKIE).iter().any(|v| {
            v.to_str().is_ok_and(|c| {
                c.split(';').any(|kv| {
                    kv.trim_start()
                        .strip_prefix(crate::auth::SESSION_COOKIE)
                        .is_some_and(|rest| rest.starts_with('='))
                })
            })
        })
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let signed_in = carries_credentials(&request);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // A page made for a signed-in person (a report, the consolidator's
    // preview, a new API token shown once) must not stay in a shared
    // computer's cache or a proxy's. A handler that chose its own caching
    // (the static files) keeps it.
    if signed_in && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}
