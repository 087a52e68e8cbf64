//! Accounts (administrator) and a person's own API tokens.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_app::reporting::store_error;
use xanh_core::access::Role;
use xanh_store::UserRow;

/// An account as the list shows it: role and agency by name.
struct UserView {
    username: String,
    display_name: String,
    role: String,
    unit: String,
    email: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    users: Vec<UserView>,
    units: Vec<(String, String)>,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    done: Option<String>,
    /// What was typed into the new-account form, shown again after an error
    /// (the password excepted: it is never sent back to the browser).
    typed: NewUserForm,
}

async fn users_page(
    state: &AppState,
    session: &crate::auth::Session,
    lang: Lang,
    error: Option<String>,
    done: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    users_page_typed(
        state,
        session,
        lang,
        error,
        done,
        status,
        NewUserForm::default(),
    )
    .await
}

async fn users_page_typed(
    state: &AppState,
    session: &crate::auth::Session,
    lang: Lang,
    error: Option<String>,
    done: Option<String>,
    status: StatusCode,
    typed: NewUserForm,
) -> Result<Response, WebError> {
    let rows: Vec<UserRow> = xanh_app::accounts::list(state, &session.actor, lang).await?;
    let mut units = Vec::new();
    for fw in xanh_app::consolidation::all_frameworks(&state.store)
        .await
        .map_err(store_error(lang))?
    {
        for u in fw.units {
            if !units.iter().any(|(c, _): &(String, String)| c == &u.code) {
                units.push((u.code.clone(), u.name.get(lang).to_string()));
            }
        }
    }
    let roles = [Role::Officer, Role::Consolidator, Role::Viewer, Role::Admin]
        .into_iter()
        .map(|r| (r.as_str(), r.label(lang)))
        .collect();
    let users = rows
        .into_iter()
        .map(|u| UserView {
            role: u.role.label(lang).to_string(),
            unit: match &u.unit_code {
                Some(code) => units
                    .iter()
                    .find(|(c, _)| c == code)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| code.clone()),
                None => "—".into(),
            },
            email: u.email.clone().unwrap_or_else(|| "—".into()),
            username: u.username,
            display_name: u.display_name,
            disabled: u.disabled,
        })
        .collect();
    let page = UsersPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        users,
        units,
        roles,
        error,
        done,
        typed,
    };
    Ok((status, render(&page)).into_response())
}

pub async fn users(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    users_page(&state, &session, lang, None, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    email: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    CsrfForm { session, form }: CsrfForm<NewUserForm>,
) -> Result<Response, WebError> {
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    let unit_owned = form.unit.trim().to_string();
    let email_owned = form.email.trim().to_string();
    let created = xanh_app::accounts::create(
        &state,
        &session.actor,
        xanh_app::accounts::NewAccount {
            username: &form.username,
            display_name: &form.display_name,
            password: form.password.clone(),
            role: Role::parse(&form.role),
            unit: Some(unit_owned.as_str()).filter(|u| !u.is_empty()),
            email: Some(email_owned.as_str()).filter(|e| !e.is_empty()),
        },
        lang,
    )
    .await;
    match created {
        Ok(username) => {
            users_page(
                &state,
                &session,
                lang,
                None,
                Some(format!(
                    "{} {username}",
                    lang.pick("Đã tạo tài khoản", "Created account")
                )),
                StatusCode::OK,
            )
            .await
        }
        // What was typed is shown again with the message, the password excepted.
        Err(e) if e.kind == xanh_app::Kind::Invalid => {
            users_page_typed(
                &state,
                &session,
                lang,
                Some(lang.pick(&e.vi, &e.en).to_string()),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                NewUserForm {
                    password: String::new(),
                    ..form
                },
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct AccountAction {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirmed: String,
}

/// `POST /admin/users/{username}/{disable|enable|reset-password}`.
pub async fn account_action(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((username, action)): Path<(String, String)>,
    CsrfForm { session, form }: CsrfForm<AccountAction>,
) -> Result<Response, WebError> {
    if !session.actor.can_manage_users() {
        return Err(WebError::forbidden(lang));
    }
    let refused = |e: xanh_app::AppError| {
        let status = if e.kind == xanh_app::Kind::Conflict {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (lang.pick(&e.vi, &e.en).to_string(), status)
    };
    let actor = &session.actor;
    let result = match action.as_str() {
        "disable" => match xanh_app::accounts::may_disable(&state, actor, &username, lang).await {
            Err(e) if matches!(e.kind, xanh_app::Kind::Conflict) => Err(e),
            Err(e) => return Err(e.into()),
            Ok(()) if form.confirmed != "yes" => {
                return Ok(confirm_disable(&session, &username, lang));
            }
            Ok(()) => xanh_app::accounts::set_disabled(&state, actor, &username, true, lang).await,
        },
        "enable" => xanh_app::accounts::set_disabled(&state, actor, &username, false, lang).await,
        "reset-password" => {
            xanh_app::accounts::reset_password(&state, actor, &username, form.password, lang).await
        }
        _ => {
            return Err(WebError::not_found(
                lang,
                "Không có thao tác này.",
                "No such action.",
            ));
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) if matches!(e.kind, xanh_app::Kind::Conflict | xanh_app::Kind::Invalid) => {
            let (msg, status) = refused(e);
            users_page(&state, &session, lang, Some(msg), None, status).await
        }
        Err(e) => Err(e.into()),
    }
}

fn confirm_disable(session: &crate::auth::Session, username: &str, lang: Lang) -> Response {
    render(&super::confirm::Confirm {
        lang,
        nav: Nav::of(Some(session), lang),
        title: format!(
            "{} {username}",
            lang.pick("Khóa tài khoản", "Disable the account")
        ),
        what: vec![
            lang.pick(
                "Người dùng bị đăng xuất ngay và không đăng nhập được nữa; các mã API của họ ngừng hoạt động.",
                "The person is signed out at once and can no longer sign in; their API tokens stop working.",
            )
            .to_string(),
            lang.pick(
                "Dữ liệu và lịch sử họ đã nhập vẫn được giữ. Có thể mở khóa lại sau.",
                "What they entered, and its history, is kept. The account can be enabled again later.",
            )
            .to_string(),
        ],
        action: format!("/admin/users/{username}/disable"),
        csrf: session.csrf.clone().unwrap_or_default(),
        hidden: Vec::new(),
        button: lang
            .pick("Khóa tài khoản", "Disable the account")
            .to_string(),
        cancel: "/admin/users".into(),
    })
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    tokens: Vec<(i64, String, String, Option<String>)>,
    new_token: Option<String>,
}

async fn tokens_page(
    state: &AppState,
    session: &crate::auth::Session,
    lang: Lang,
    new_token: Option<String>,
) -> Result<Response, WebError> {
    let tokens = xanh_app::accounts::tokens(state, session.user.id, lang).await?;
    Ok(render(&TokensPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        tokens,
        new_token,
    }))
}

pub async fn tokens(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    tokens_page(&state, &session, lang, None).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    CsrfForm { session, form }: CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    let token = xanh_app::accounts::create_token(&state, session.user.id, &form.name, lang).await?;
    tokens_page(&state, &session, lang, Some(token)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, .. }: CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    xanh_app::accounts::revoke_token(&state, session.user.id, id, lang).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
