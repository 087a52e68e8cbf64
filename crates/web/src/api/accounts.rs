//! `/api/v1/users`: the accounts, for the administrator, as the accounts
//! page lists them. Never a password hash or a token.

use crate::AppState;
use crate::auth::Authed;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// An account.
#[derive(Serialize, ToSchema)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    /// "admin", "consolidator", "officer" or "viewer".
    pub role: String,
    /// The agency an officer reports for.
    pub unit: Option<String>,
    /// Where reminders go.
    pub email: Option<String>,
    /// A disabled account cannot sign in; its sessions and tokens are ended.
    pub disabled: bool,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct Accounts {
    pub users: Vec<Account>,
}

/// Every account (administrator).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts",
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The accounts", body = Accounts),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not the administrator", body = crate::api::doc::ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Json<Accounts>, WebError> {
    let rows = xanh_app::accounts::list(&state, &session.actor, lang)
        .await
        .map_err(WebError::api)?;
    Ok(Json(Accounts {
        users: rows
            .into_iter()
            .map(|u| Account {
                username: u.username,
                display_name: u.display_name,
                role: u.role.as_str().to_string(),
                unit: u.unit_code,
                email: u.email,
                disabled: u.disabled,
                created_at: u.created_at,
            })
            .collect(),
    }))
}

/// A new account. The password is hashed before it is kept, and never sent back.
#[derive(serde::Deserialize, ToSchema)]
pub struct NewAccountBody {
    /// 3–64 characters: lower-case ASCII letters, digits, dot, dash, underscore.
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    /// "admin", "consolidator", "officer" or "viewer".
    #[serde(default)]
    role: String,
    /// The agency an officer reports for (its code).
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// An account made or changed.
#[derive(Serialize, ToSchema)]
pub struct AccountChanged {
    pub username: String,
}

/// Create an account (administrator), as the accounts page does.
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts",
    request_body = NewAccountBody,
    params(("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 201, description = "Created", body = AccountChanged),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not the administrator, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 422, description = "A field breaks its rule, the name is taken, or no such agency", body = crate::api::doc::ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: axum::http::HeaderMap,
    Authed(session): Authed,
    crate::api::reports::ApiJson(body): crate::api::reports::ApiJson<NewAccountBody>,
) -> Result<(axum::http::StatusCode, Json<AccountChanged>), WebError> {
    crate::api::reports::check_csrf(&session, &headers, lang)?;
    let username = xanh_app::accounts::create(
        &state,
        &session.actor,
        xanh_app::accounts::NewAccount {
            username: &body.username,
            display_name: &body.display_name,
            password: body.password,
            role: xanh_core::access::Role::parse(&body.role),
            unit: body
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty()),
            email: body
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty()),
        },
        lang,
    )
    .await
    .map_err(WebError::api)?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(AccountChanged { username }),
    ))
}

/// What an account action needs: the new password, to reset one.
#[derive(serde::Deserialize, ToSchema)]
pub struct AccountActionBody {
    #[serde(default)]
    password: String,
}

/// Disable or enable an account, or reset its password (administrator).
/// Disabling the last active administrator is refused (409).
#[utoipa::path(post, path = "/api/v1/users/{username}/{action}", tag = "accounts",
    request_body = AccountActionBody,
    params(("username" = String, Path, description = "The account"),
           ("action" = String, Path, description = "disable, enable or reset-password"),
           ("lang" = Option<String>, Query, description = "vi (default) or en")),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "Done", body = AccountChanged),
              (status = 400, description = "The body is not JSON of the described shape", body = crate::api::doc::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::doc::ApiError),
              (status = 403, description = "Not the administrator, or no CSRF header", body = crate::api::doc::ApiError),
              (status = 404, description = "No such account or action", body = crate::api::doc::ApiError),
              (status = 409, description = "The last active administrator", body = crate::api::doc::ApiError),
              (status = 422, description = "A new password that breaks the rules", body = crate::api::doc::ApiError)))]
pub async fn act(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    crate::api::extract::ApiPath((username, action)): crate::api::extract::ApiPath<(
        String,
        String,
    )>,
    headers: axum::http::HeaderMap,
    Authed(session): Authed,
    crate::api::reports::ApiJson(body): crate::api::reports::ApiJson<AccountActionBody>,
) -> Result<Json<AccountChanged>, WebError> {
    crate::api::reports::check_csrf(&session, &headers, lang)?;
    let actor = &session.actor;
    let done = match action.as_str() {
        "disable" => xanh_app::accounts::set_disabled(&state, actor, &username, true, lang).await,
        "enable" => xanh_app::accounts::set_disabled(&state, actor, &username, false, lang).await,
        "reset-password" => {
            xanh_app::accounts::reset_password(&state, actor, &username, body.password, lang).await
        }
        _ if !actor.can_manage_users() => Err(xanh_app::AppError::forbidden(lang)),
        _ => {
            return Err(
                WebError::not_found(lang, "Không có thao tác này.", "No such action.").json(),
            );
        }
    };
    done.map_err(WebError::api)?;
    Ok(Json(AccountChanged { username }))
}
