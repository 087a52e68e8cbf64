//! Login and logout.

use super::{
    LOGIN_CSRF_COOKIE, MaybeSession, SESSION_COOKIE, constant_time_eq, secure_request,
    session_cookie,
};
use crate::AppState;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use std::net::SocketAddr;
use xanh_app::password::random_token;
use xanh_app::sessions::{SignIn, sign_in, sign_out};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only a local path may follow a login: never another site.
/// Where to go after signing in: only a plain path on this site. Anything
/// else goes home. Browsers drop tabs and line breaks from an address, so
/// "/<TAB>/evil.example" would become "//evil.example", another site; a line
/// break would also break the Location header. So every byte must be a
/// visible ASCII character (our own links percent-encode the rest), the
/// path must start with one "/" and hold no backslash, which some browsers
/// read as "/".
fn safe_next(next: &str) -> String {
    let plain = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic());
    if plain {
        next.to_string()
    } else {
        "/home".to_string()
    }
}

fn login_page(
    lang: Lang,
    jar: CookieJar,
    secure: bool,
    next: &str,
    username: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let csrf = random_token();
    let cookie = Cookie::build((LOGIN_CSRF_COOKIE, csrf.clone()))
        .path("/login")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .build();
    let page = LoginPage {
        lang,
        nav: Nav::anonymous(lang),
        csrf,
        next: safe_next(next),
        username: username.to_string(),
        error,
    };
    (status, jar.add(cookie), render(&page)).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    MaybeSession(session): MaybeSession,
    Query(q): Query<NextQuery>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Response {
    if session.is_some() {
        return Redirect::to(&safe_next(&q.next)).into_response();
    }
    login_page(
        lang,
        jar,
        secure_request(&state, &headers),
        &q.next,
        "",
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let secure = secure_request(&state, &headers);
    let cookie_csrf = jar
        .get(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if cookie_csrf.is_empty() || !constant_time_eq(cookie_csrf.as_bytes(), form.csrf.as_bytes()) {
        return Err(WebError::csrf(lang));
    }
    let username = form.username.trim().to_lowercase();
    let outcome = sign_in(
        &state,
        &username,
        form.password,
        &peer.ip().to_string(),
        state.web.session_idle_secs,
        lang,
    )
    .await?;
    let (msg, status) = match outcome {
        SignIn::Started { token, .. } => {
            let jar = jar
                .remove(Cookie::build(LOGIN_CSRF_COOKIE).path("/login"))
                .add(session_cookie(token, secure, state.web.session_idle_secs));
            return Ok((jar, Redirect::to(&safe_next(&form.next))).into_response());
        }
        SignIn::Throttled => (
            lang.pick(
                "Đăng nhập không thành công quá nhiều lần. Vui lòng thử lại sau 15 phút.",
                "Too many failed logins. Please try again in 15 minutes.",
            ),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        SignIn::Refused => (
            lang.pick(
                "Tên đăng nhập hoặc mật khẩu không đúng.",
                "Wrong account name or password.",
            ),
            StatusCode::UNAUTHORIZED,
        ),
    };
    Ok(login_page(
        lang,
        jar,
        secure,
        &form.next,
        &username,
        Some(msg.into()),
        status,
    ))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    super::CsrfForm { session, .. }: super::CsrfForm<Empty>,
) -> Result<Response, WebError> {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        sign_out(&state, cookie.value(), Lang::Vi).await?;
    }
    tracing::info!(user = %session.user.username, "logged out");
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/")).into_response())
}
