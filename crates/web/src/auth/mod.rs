//! Who is asking: a session cookie (pages) or a bearer token (API). The
//! session middleware puts the result in the request; extractors take it out.

pub mod routes;

use crate::AppState;
use crate::error::WebError;
use crate::lang::Lang;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::de::DeserializeOwned;
use xanh_app::sessions;
use xanh_core::access::Actor;
use xanh_store::UserRow;

pub const SESSION_COOKIE: &str = "xanh_session";
pub const LOGIN_CSRF_COOKIE: &str = "xanh_login_csrf";

/// The signed-in person for this request.
#[derive(Clone, Debug)]
pub struct Session {
    pub actor: Actor,
    pub user: UserRow,
    /// The CSRF token of a cookie session; `None` for bearer tokens, which
    /// browsers never send on their own and so need none.
    pub csrf: Option<String>,
}

pub fn session_cookie(value: String, secure: bool, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(time::Duration::seconds(max_age_secs))
        .build()
}

/// Whether cookies must be marked Secure: configured, or the request came over HTTPS.
pub fn secure_request(state: &AppState, headers: &HeaderMap) -> bool {
    state.web.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Loads the session (cookie) or token (Authorization: Bearer) into the request.
pub async fn load_session(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .map(str::to_string);
    let caller = if let Some(token) = bearer {
        sessions::by_api_token(&state, &token).await
    } else if let Some(cookie) = CookieJar::from_headers(request.headers()).get(SESSION_COOKIE) {
        sessions::by_session(&state, cookie.value(), state.web.session_idle_secs).await
    } else {
        None
    };
    let found = caller.map(|c| Session {
        actor: c.actor,
        user: c.user,
        csrf: c.csrf,
    });
    let who = match &found {
        Some(s) => Some(crate::pages::Who {
            name: s.user.display_name.clone(),
            role: s.actor.role,
            unit: match &s.user.unit_code {
                Some(code) => Some(sessions::unit_label(&state, code).await),
                None => None,
            },
            csrf: s.csrf.clone().unwrap_or_default(),
        }),
        None => None,
    };
    request.extensions_mut().insert(found);
    crate::pages::DEMO
        .scope(
            state.settings.demo,
            crate::pages::WHO.scope(who, next.run(request)),
        )
        .await
}

fn lang_of(parts: &Parts) -> Lang {
    crate::lang::of_parts(parts)
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Someone may or may not be signed in.
pub struct MaybeSession(pub Option<Session>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSession(
            parts.extensions.get::<Option<Session>>().cloned().flatten(),
        ))
    }
}

/// Someone must be signed in: pages send others to the login page, the API answers 401.
pub struct Authed(pub Session);

pub enum AuthRejection {
    Login(String),
    Unauthorized(Lang),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login(next) => {
                Redirect::to(&format!("/login?next={}", encode(&next))).into_response()
            }
            AuthRejection::Unauthorized(lang) => {
                WebError::unauthorized(lang).json().into_response()
            }
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Option<Session>>().cloned().flatten() {
            Some(s) => Ok(Authed(s)),
            None if is_api(parts.uri.path()) => Err(AuthRejection::Unauthorized(lang_of(parts))),
            None => Err(AuthRejection::Login(
                parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into()),
            )),
        }
    }
}

/// A form posted by a signed-in person, with its CSRF token checked before
/// anything else happens. Every state-changing page route takes one.
pub struct CsrfForm<T> {
    pub session: Session,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let lang = lang_of(&parts);
        let Authed(session) = Authed::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        if parts.method != Method::POST {
            return Err(
                WebError::bad_request(lang, "Yêu cầu không hợp lệ.", "Invalid request.")
                    .into_response(),
            );
        }
        let bytes = axum::body::to_bytes(body, crate::MAX_FORM_BYTES)
            .await
            .map_err(|_| WebError::too_large(lang).into_response())?;
        let field: CsrfField = serde_html_form::from_bytes(&bytes).unwrap_or(CsrfField {
            csrf: String::new(),
        });
        let expected = session.csrf.as_deref().unwrap_or_default();
        if expected.is_empty() || !constant_time_eq(field.csrf.as_bytes(), expected.as_bytes()) {
            return Err(WebError::csrf(lang).into_response());
        }
        let form: T = serde_html_form::from_bytes(&bytes).map_err(|e| {
            WebError::bad_request(
                lang,
                format!("Dữ liệu biểu mẫu không hợp lệ: {e}"),
                format!("The form data is invalid: {e}"),
            )
            .into_response()
        })?;
        Ok(CsrfForm { session, form })
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a path for a `next=` parameter.
pub use xanh_app::encode;
