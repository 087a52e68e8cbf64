//! Accounts: the rules a new account's fields follow, the same for the
//! administrator's page, the API and the command line.

use xanh_core::Lang;
use xanh_core::access::Role;

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
