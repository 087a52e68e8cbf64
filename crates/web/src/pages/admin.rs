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
use xanh_app::password::{check_new, hash, random_token};
use xanh_app::reporting::store_error;
use xanh_core::access::Role;
use xanh_store::{NewUser, StoreError, UserRow};

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
            role: Role::parse(&u.role)
                .map(|r| r.label(lang).to_string())
                .unwrap_or_else(|| u.role.clone()),
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
    let username = form.username.trim().to_lowercase();
    let role = Role::parse(&form.role);
    let unit_owned = form.unit.trim().to_string();
    let unit = Some(unit_owned.as_str()).filter(|u| !u.is_empty());
    let password = form.password.clone();
    let display_name = form.display_name.clone();
    let email_owned = form.email.trim().to_string();
    let typed = NewUserForm {
        password: String::new(),
        ..form
    };
    let fail = |msg: String| {
        users_page_typed(
            &state,
            &session,
            lang,
            Some(msg),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            NewUserForm {
                username: typed.username.clone(),
                display_name: typed.display_name.clone(),
                password: String::new(),
                role: typed.role.clone(),
                unit: typed.unit.clone(),
                email: typed.email.clone(),
            },
        )
    };
    if let Err(msg) = xanh_app::accounts::check_account(&username, role, unit, lang) {
        return fail(msg).await;
    }
    if let Err((vi, en)) = check_new(&password) {
        return fail(lang.pick(&vi, &en).to_string()).await;
    }
    let password_hash = hash(password)
        .await
        .map_err(|_| WebError::from_store(StoreError::Corrupt("hash".into()), lang))?;
    let display = if display_name.trim().is_empty() {
        username.clone()
    } else {
        display_name.trim().to_string()
    };
    let email = Some(email_owned.as_str()).filter(|e| !e.is_empty());
    let created = state
        .store
        .create_user(NewUser {
            username: &username,
            display_name: &display,
            password_hash: &password_hash,
            role: role.unwrap_or(Role::Viewer),
            unit_code: unit,
            email,
        })
        .await;
    match created {
        Ok(_) => {
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
        Err(StoreError::Conflict(_)) => {
            fail(
                lang.pick(
                    "Tên đăng nhập đã có người dùng.",
                    "That account name is taken.",
                )
                .into(),
            )
            .await
        }
        Err(StoreError::Invalid { .. }) => {
            fail(
                lang.pick("Không có cơ quan, đơn vị này.", "No such agency.")
                    .into(),
            )
            .await
        }
        Err(e) => Err(WebError::from_store(e, lang)),
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
    let by = session.user.username.clone();
    let result = match action.as_str() {
        "disable" => {
            if let Some(refusal) = last_admin(&state, &username, lang).await? {
                return users_page(
                    &state,
                    &session,
                    lang,
                    Some(refusal),
                    None,
                    StatusCode::CONFLICT,
                )
                .await;
            }
            if form.confirmed != "yes" {
                return Ok(confirm_disable(&session, &username, lang));
            }
            state.store.set_user_disabled(&username, true, &by).await
        }
        "enable" => state.store.set_user_disabled(&username, false, &by).await,
        "reset-password" => {
            if let Err((vi, en)) = check_new(&form.password) {
                return users_page(
                    &state,
                    &session,
                    lang,
                    Some(lang.pick(&vi, &en).into()),
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            let h = hash(form.password)
                .await
                .map_err(|_| WebError::from_store(StoreError::Corrupt("hash".into()), lang))?;
            state.store.set_password_hash(&username, &h, &by).await
        }
        _ => {
            return Err(WebError::not_found(
                lang,
                "Không có thao tác này.",
                "No such action.",
            ));
        }
    };
    result.map_err(store_error(lang))?;
    Ok(Redirect::to("/admin/users").into_response())
}

/// Disabling the last active administrator would leave nobody able to
/// manage accounts (only the command line could undo it): refused in words.
async fn last_admin(
    state: &AppState,
    username: &str,
    lang: Lang,
) -> Result<Option<String>, WebError> {
    let users = state.store.users().await.map_err(store_error(lang))?;
    let active_admins = users
        .iter()
        .filter(|u| !u.disabled && u.role == Role::Admin.as_str())
        .count();
    let target_is_active_admin = users
        .iter()
        .any(|u| u.username == username && !u.disabled && u.role == Role::Admin.as_str());
    Ok((target_is_active_admin && active_admins <= 1).then(|| {
        lang.pick(
            "Không thể khóa tài khoản quản trị đang hoạt động cuối cùng: sẽ không còn ai quản lý được tài khoản. Hãy tạo hoặc mở khóa một tài khoản quản trị khác trước.",
            "The last active administrator cannot be disabled: nobody could manage accounts any more. Create or enable another administrator first.",
        )
        .to_string()
    }))
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
    let tokens = state
        .store
        .api_tokens(session.user.id)
        .await
        .map_err(store_error(lang))?;
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
    let name: String = form.name.trim().chars().take(100).collect();
    let name = if name.is_empty() {
        "API".to_string()
    } else {
        name
    };
    let token = format!("xanh_{}", random_token());
    state
        .store
        .create_api_token(session.user.id, &name, &token)
        .await
        .map_err(store_error(lang))?;
    tokens_page(&state, &session, lang, Some(token)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, .. }: CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    if !state
        .store
        .revoke_api_token(session.user.id, id)
        .await
        .map_err(store_error(lang))?
    {
        return Err(WebError::not_found(
            lang,
            "Không có mã API này.",
            "No such API token.",
        ));
    }
    Ok(Redirect::to("/account/tokens").into_response())
}
