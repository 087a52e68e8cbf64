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
                role: u.role,
                unit: u.unit_code,
                email: u.email,
                disabled: u.disabled,
                created_at: u.created_at,
            })
            .collect(),
    }))
}
