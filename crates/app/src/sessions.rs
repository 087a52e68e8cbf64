//! Signing in and out, and recognising who asks: the throttle on failed
//! logins, the password check, and the session or API token a request
//! carries. The web edge keeps only the cookies and the forms.

use crate::App;
use crate::error::AppError;
use crate::password::{random_token, verify};
use crate::reporting::store_error;
use xanh_core::access::Actor;
use xanh_core::{Lang, Text};
use xanh_store::UserRow;

/// Failed logins allowed per account name or client address in the window.
pub const MAX_FAILURES: i64 = 5;
/// How far back failed logins count, in seconds.
pub const WINDOW_SECS: i64 = 15 * 60;
/// A session is renewed at most this often: a write per request would load
/// SQLite for nothing.
const RENEW_AFTER_SECS: i64 = 60;

/// What came of a login.
pub enum SignIn {
    /// Too many failures for this account name or address lately; the
    /// password was not even checked.
    Throttled,
    /// Unknown account, disabled account or wrong password: the answer does
    /// not say which.
    Refused,
    /// A new session: its id (for the cookie) and its CSRF token.
    Started { user: UserRow, token: String },
}

/// Seconds since the epoch, the clock sessions are kept by.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Checks a login. `username` is taken as typed (trimmed and lower-cased
/// here); `client` is the caller's address, throttled beside the name.
pub async fn sign_in(
    app: &App,
    username: &str,
    password: String,
    client: &str,
    idle_secs: i64,
    lang: Lang,
) -> Result<SignIn, AppError> {
    let username = username.trim().to_lowercase();
    let keys = vec![format!("u:{username}"), format!("ip:{client}")];
    let t = now();
    let store = &app.store;
    let failures = store
        .login_failures_since(&keys, t - WINDOW_SECS)
        .await
        .map_err(store_error(lang))?;
    if failures >= MAX_FAILURES {
        return Ok(SignIn::Throttled);
    }
    let found = store
        .user_for_login(&username)
        .await
        .map_err(store_error(lang))?;
    let (user, hash) = match found {
        Some((user, hash)) if !user.disabled => (Some(user), Some(hash)),
        _ => (None, None),
    };
    let ok = verify(password, hash).await;
    let Some(user) = user.filter(|_| ok) else {
        store
            .record_login_failure(&keys, t)
            .await
            .map_err(store_error(lang))?;
        return Ok(SignIn::Refused);
    };
    store
        .clear_login_failures(&keys[0])
        .await
        .map_err(store_error(lang))?;
    // A new session id on every login: a planted cookie never becomes a live session.
    let token = random_token();
    let csrf = random_token();
    store
        .create_session(&token, user.id, &csrf, t, t + idle_secs)
        .await
        .map_err(store_error(lang))?;
    Ok(SignIn::Started { user, token })
}

/// Ends a session (its cookie's value).
pub async fn sign_out(app: &App, token: &str, lang: Lang) -> Result<(), AppError> {
    app.store
        .delete_session(token)
        .await
        .map_err(store_error(lang))
}

/// Who a request speaks for.
pub struct Caller {
    pub actor: Actor,
    pub user: UserRow,
    /// The CSRF token of a cookie session; `None` for API tokens, which
    /// browsers never send on their own and so need none.
    pub csrf: Option<String>,
}

/// The account an API token belongs to, if it is live.
pub async fn by_api_token(app: &App, token: &str) -> Option<Caller> {
    match app.store.user_by_api_token(token).await {
        Ok(Some(user)) => Some(Caller {
            actor: user.actor(),
            user,
            csrf: None,
        }),
        Ok(None) => None,
        Err(e) => {
            tracing::error!(error = ?e, "reading an API token failed");
            None
        }
    }
}

/// The session a cookie names, if it is live; renews it when it was last
/// seen more than a minute ago.
pub async fn by_session(app: &App, token: &str, idle_secs: i64) -> Option<Caller> {
    let t = now();
    match app.store.session(token, t).await {
        Ok(Some(s)) => {
            if t - s.last_seen > RENEW_AFTER_SECS {
                // A failed renewal only shortens the session; the request goes on.
                if let Err(e) = app.store.touch_session(token, t, t + idle_secs).await {
                    tracing::warn!(error = ?e, "renewing a session failed");
                }
            }
            Some(Caller {
                actor: s.user.actor(),
                user: s.user,
                csrf: Some(s.csrf_token),
            })
        }
        Ok(None) => None,
        Err(e) => {
            tracing::error!(error = ?e, "reading a session failed");
            None
        }
    }
}

/// The name of the unit a person belongs to, for the page header; the code
/// itself when it cannot be read, so the person still sees where they belong.
pub async fn unit_label(app: &App, code: &str) -> Text {
    app.store
        .unit_name(code)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| Text::new(code.to_string(), code.to_string()))
}
