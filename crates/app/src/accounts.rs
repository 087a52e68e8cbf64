//! Accounts: the rules a new account's fields follow, the same for the
//! administrator's page, the API and the command line; creating, disabling
//! and enabling accounts and resetting a password (the administrator only);
//! a person's own API tokens.

use crate::error::AppError;
use crate::password::{check_new, hash, random_token};
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::{Actor, Role};
use xanh_store::{NewUser, StoreError};

/// Checks a new account's fields; the first problem in the user's language.
pub fn check_account(
    username: &str,
    role: Option<Role>,
    unit: Option<&str>,
    lang: Lang,
) -> Result<(), String> {
    let name_ok = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !name_ok {
        return Err(lang
            .pick(
                "Tên đăng nhập: 3–64 ký tự, chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
                "Account name: 3–64 characters, lower-case ASCII letters, digits, dot, dash or underscore.",
            )
            .into());
    }
    match (role, unit) {
        (None, _) => Err(lang.pick("Vai trò không hợp lệ.", "Invalid role.").into()),
        (Some(Role::Officer), None) => Err(lang
            .pick(
                "Cán bộ đơn vị báo cáo phải gắn với một cơ quan, đơn vị.",
                "A reporting officer must belong to an agency.",
            )
            .into()),
        _ => Ok(()),
    }
}

/// Every account, for the administrator: the one role that manages them.
pub async fn list(
    app: &crate::App,
    actor: &xanh_core::access::Actor,
    lang: Lang,
) -> Result<Vec<xanh_store::UserRow>, crate::AppError> {
    if !actor.can_manage_users() {
        return Err(crate::AppError::forbidden(lang));
    }
    app.store
        .users()
        .await
        .map_err(crate::reporting::store_error(lang))
}

/// A new account as the administrator gives it (the password in clear, hashed here).
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password: String,
    pub role: Option<Role>,
    pub unit: Option<&'a str>,
    pub email: Option<&'a str>,
}

fn manager(actor: &Actor, lang: Lang) -> Result<(), AppError> {
    if actor.can_manage_users() {
        Ok(())
    } else {
        Err(AppError::forbidden(lang))
    }
}

/// Creates an account (administrator only): its fields checked by the same
/// rules as everywhere, the password hashed with argon2. Answers its name.
pub async fn create(
    app: &crate::App,
    actor: &Actor,
    new: NewAccount<'_>,
    lang: Lang,
) -> Result<String, AppError> {
    manager(actor, lang)?;
    let username = new.username.trim().to_lowercase();
    check_account(&username, new.role, new.unit, lang)
        .map_err(|msg| AppError::invalid(lang, msg.clone(), msg))?;
    check_new(&new.password).map_err(|(vi, en)| AppError::invalid(lang, vi, en))?;
    let password_hash = hash(new.password)
        .await
        .map_err(|_| AppError::from_store(StoreError::Corrupt("hash".into()), lang))?;
    let display = match new.display_name.trim() {
        "" => username.clone(),
        name => name.to_string(),
    };
    let created = app
        .store
        .create_user(NewUser {
            username: &username,
            display_name: &display,
            password_hash: &password_hash,
            role: new.role.unwrap_or(Role::Viewer),
            unit_code: new.unit,
            email: new.email,
        })
        .await;
    match created {
        Ok(_) => Ok(username),
        Err(StoreError::Conflict(_)) => Err(AppError::invalid(
            lang,
            "Tên đăng nhập đã có người dùng.",
            "That account name is taken.",
        )),
        Err(StoreError::Invalid { .. }) => Err(AppError::invalid(
            lang,
            "Không có cơ quan, đơn vị này.",
            "No such agency.",
        )),
        Err(e) => Err(AppError::from_store(e, lang)),
    }
}

/// The error code of a refusal to disable the last active administrator.
pub const LAST_ADMIN: &str = "last_admin";

/// Whether the account may be disabled: disabling the last active
/// administrator would leave nobody able to manage accounts (only the
/// command line could undo it), so it is refused in words (409).
pub async fn may_disable(
    app: &crate::App,
    actor: &Actor,
    username: &str,
    lang: Lang,
) -> Result<(), AppError> {
    manager(actor, lang)?;
    let users = app.store.users().await.map_err(store_error(lang))?;
    let admin = |u: &&xanh_store::UserRow| !u.disabled && u.role == Role::Admin;
    let active_admins = users.iter().filter(admin).count();
    let target_is_active_admin = users.iter().filter(admin).any(|u| u.username == username);
    if target_is_active_admin && active_admins <= 1 {
        return Err(AppError::with_message(
            crate::Kind::Conflict,
            LAST_ADMIN,
            lang,
            "Không thể khóa tài khoản quản trị đang hoạt động cuối cùng: sẽ không còn ai quản lý được tài khoản. Hãy tạo hoặc mở khóa một tài khoản quản trị khác trước.",
            "The last active administrator cannot be disabled: nobody could manage accounts any more. Create or enable another administrator first.",
        ));
    }
    Ok(())
}

/// Disables an account (signed out at once, its API tokens stop), or enables it again.
pub async fn set_disabled(
    app: &crate::App,
    actor: &Actor,
    username: &str,
    disabled: bool,
    lang: Lang,
) -> Result<(), AppError> {
    if disabled {
        may_disable(app, actor, username, lang).await?;
    } else {
        manager(actor, lang)?;
    }
    app.store
        .set_user_disabled(username, disabled, &actor.username)
        .await
        .map_err(store_error(lang))
}

/// Sets a new password on an account (administrator only), checked and hashed.
pub async fn reset_password(
    app: &crate::App,
    actor: &Actor,
    username: &str,
    password: String,
    lang: Lang,
) -> Result<(), AppError> {
    manager(actor, lang)?;
    check_new(&password).map_err(|(vi, en)| AppError::invalid(lang, vi, en))?;
    let h = hash(password)
        .await
        .map_err(|_| AppError::from_store(StoreError::Corrupt("hash".into()), lang))?;
    app.store
        .set_password_hash(username, &h, &actor.username)
        .await
        .map_err(store_error(lang))
}

/// A person's own API tokens: (id, name, created, last used).
pub async fn tokens(
    app: &crate::App,
    user_id: i64,
    lang: Lang,
) -> Result<Vec<(i64, String, String, Option<String>)>, AppError> {
    app.store
        .api_tokens(user_id)
        .await
        .map_err(store_error(lang))
}

/// Makes a new API token for the person, named as they say ("API" if
/// unnamed, 100 characters at most), and answers it: shown once, only its
/// hash is kept.
pub async fn create_token(
    app: &crate::App,
    user_id: i64,
    name: &str,
    lang: Lang,
) -> Result<String, AppError> {
    let name: String = name.trim().chars().take(100).collect();
    let name = if name.is_empty() {
        "API".to_string()
    } else {
        name
    };
    let token = format!("xanh_{}", random_token());
    app.store
        .create_api_token(user_id, &name, &token)
        .await
        .map_err(store_error(lang))?;
    Ok(token)
}

/// Revokes one of the person's own tokens; another's, or none, is not found.
pub async fn revoke_token(
    app: &crate::App,
    user_id: i64,
    id: i64,
    lang: Lang,
) -> Result<(), AppError> {
    let revoked = app
        .store
        .revoke_api_token(user_id, id)
        .await
        .map_err(store_error(lang))?;
    if revoked {
        Ok(())
    } else {
        Err(AppError::not_found(
            lang,
            "Không có mã API này.",
            "No such API token.",
        ))
    }
}
