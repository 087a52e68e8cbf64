//! Accounts, sessions, API tokens and login throttling.

use crate::error::{Doing, Result, StoreError};
use crate::{Store, time_text};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;
use xanh_core::access::{Actor, Role};

#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_code: Option<String>,
    pub email: Option<String>,
    pub disabled: bool,
    pub created_at: String,
}

impl UserRow {
    /// The person as the rules of access see them.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            username: self.username.clone(),
            role: self.role,
            unit: self.unit_code.clone(),
        }
    }
}

/// What is needed to create an account.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub unit_code: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// A session as looked up from its cookie.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf_token: String,
    pub last_seen: i64,
}

/// SHA-256 in hex: how tokens and session ids are kept.
pub fn token_hash(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// The account columns, as a literal so that every query stays a static string.
macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.role, u.unit_code, u.email, u.disabled, u.created_at"
    };
}

fn user_row(r: &AnyRow) -> Result<UserRow, sqlx::Error> {
    let username: String = r.try_get("username")?;
    let role: String = r.try_get("role")?;
    Ok(UserRow {
        role: Role::parse(&role).ok_or_else(|| {
            sqlx::Error::Decode(format!("account {username}: unknown role {role:?}").into())
        })?,
        id: r.try_get("id")?,
        username,
        display_name: r.try_get("display_name")?,
        unit_code: r.try_get("unit_code")?,
        email: r.try_get("email")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow> {
        if let Some(unit) = new.unit_code {
            let exists = sqlx::query("SELECT 1 FROM org_units WHERE code = $1")
                .bind(unit)
                .fetch_optional(&self.pool)
                .await
                .doing("checking the agency")?;
            if exists.is_none() {
                return Err(StoreError::Invalid {
                    field: "unit".into(),
                    reason: format!("no agency with code {unit}"),
                });
            }
        }
        let now = time_text::now();
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, role, unit_code, email, disabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id",
        )
        .bind(new.username)
        .bind(new.display_name)
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(new.unit_code)
        .bind(new.email)
        .bind(&now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                StoreError::Conflict(format!("the account name {} is taken", new.username))
            }
            _ => StoreError::Database {
                doing: "creating an account",
                source: e,
            },
        })?
        .try_get("id")
        .doing("reading the new account id")?;
        self.audit(
            None,
            "system",
            "create",
            "user",
            &id.to_string(),
            None,
            None,
            Some(new.role.as_str()),
            None,
        )
        .await?;
        self.user(id).await
    }

    pub async fn user(&self, id: i64) -> Result<UserRow> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u WHERE u.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading an account")?
        .ok_or_else(|| StoreError::NotFound(format!("account {id}")))?;
        user_row(&row).doing("reading an account")
    }

    /// The account and its password hash, for login.
    pub async fn user_for_login(&self, username: &str) -> Result<Option<(UserRow, String)>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            ", u.password_hash FROM users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .doing("looking up an account")?;
        row.map(|r| Ok((user_row(&r)?, r.try_get("password_hash")?)))
            .transpose()
            .doing("reading an account")
    }

    pub async fn users(&self) -> Result<Vec<UserRow>> {
        sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users u ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await
        .doing("listing accounts")?
        .iter()
        .map(user_row)
        .collect::<Result<_, _>>()
        .doing("reading accounts")
    }

    /// Officers of an agency with an e-mail address, for reminders.
    pub async fn officers_of(&self, unit: &str) -> Result<Vec<UserRow>> {
        sqlx::query(concat!("SELECT ", user_columns!(), " FROM users u WHERE u.unit_code = $1 AND u.role = $2 AND u.disabled = 0 ORDER BY u.username"))
        .bind(unit)
        .bind(Role::Officer.as_str())
        .fetch_all(&self.pool)
        .await
        .doing("listing officers")?
        .iter()
        .map(user_row)
        .collect::<Result<_, _>>()
        .doing("reading officers")
    }

    pub async fn set_user_disabled(&self, username: &str, disabled: bool, by: &str) -> Result<()> {
        // One statement, so two administrators disabling each other at once
        // cannot both succeed: the last active administrator stays active,
        // whoever asks (the web page checks first to say it in words; the
        // command line relies on this).
        let done = sqlx::query(
            "UPDATE users SET disabled = $1 WHERE username = $2 \
             AND NOT ($1 = 1 AND role = $3 AND disabled = 0 \
                      AND (SELECT COUNT(*) FROM users a WHERE a.role = $3 AND a.disabled = 0) <= 1)",
        )
        .bind(i64::from(disabled))
        .bind(username)
        .bind(Role::Admin.as_str())
        .execute(&self.pool)
        .await
        .doing("disabling an account")?;
        if done.rows_affected() == 0 {
            if self.user_for_login(username).await?.is_none() {
                return Err(StoreError::NotFound(format!("account {username}")));
            }
            return Err(StoreError::Invalid {
                field: "disabled".into(),
                reason: "Không thể khóa quản trị viên cuối cùng còn hoạt động: sẽ không còn ai quản lý được tài khoản. Hãy tạo hoặc mở khóa một quản trị viên khác trước. / The last active administrator cannot be disabled: nobody could manage accounts any more. Create or enable another administrator first.".into(),
            });
        }
        if disabled {
            // A disabled account loses its sessions and tokens at once.
            self.end_sessions_of(username).await?;
        }
        self.audit(
            None,
            by,
            if disabled { "disable" } else { "enable" },
            "user",
            username,
            None,
            None,
            None,
            None,
        )
        .await
    }

    pub async fn set_password_hash(&self, username: &str, hash: &str, by: &str) -> Result<()> {
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
            .bind(hash)
            .bind(username)
            .execute(&self.pool)
            .await
            .doing("changing a password")?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("account {username}")));
        }
        self.end_sessions_of(username).await?;
        self.audit(
            None,
            by,
            "reset_password",
            "user",
            username,
            None,
            None,
            None,
            None,
        )
        .await
    }

    async fn end_sessions_of(&self, username: &str) -> Result<()> {
        sqlx::query(
            "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE username = $1)",
        )
        .bind(username)
        .execute(&self.pool)
        .await
        .doing("ending sessions")?;
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE username = $2)",
        )
        .bind(time_text::now())
        .bind(username)
        .execute(&self.pool)
        .await
        .doing("revoking tokens")?;
        Ok(())
    }

    // --- sessions

    pub async fn create_session(
        &self,
        token: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash(token))
        .bind(user_id)
        .bind(csrf)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .doing("starting a session")?;
        Ok(())
    }

    /// The live session of a cookie token: not expired, account not disabled.
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<SessionRow>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            ", s.csrf_token, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0"
        ))
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a session")?;
        row.map(|r| {
            Ok(SessionRow {
                user: user_row(&r)?,
                csrf_token: r.try_get("csrf_token")?,
                last_seen: r.try_get("last_seen")?,
            })
        })
        .transpose()
        .doing("reading a session")
    }

    pub async fn touch_session(&self, token: &str, now: i64, expires_at: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now)
            .bind(expires_at)
            .bind(token_hash(token))
            .execute(&self.pool)
            .await
            .doing("renewing a session")?;
        Ok(())
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(token))
            .execute(&self.pool)
            .await
            .doing("ending a session")?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .doing("removing expired sessions")?
            .rows_affected())
    }

    // --- API tokens

    pub async fn create_api_token(&self, user_id: i64, name: &str, token: &str) -> Result<i64> {
        let id = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash(token))
        .bind(time_text::now())
        .fetch_one(&self.pool)
        .await
        .doing("creating an API token")?
        .try_get("id")
        .doing("reading the token id")?;
        Ok(id)
    }

    pub async fn user_by_api_token(&self, token: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0"
        ))
        .bind(token_hash(token))
        .fetch_optional(&self.pool)
        .await
        .doing("checking an API token")?;
        row.map(|r| user_row(&r))
            .transpose()
            .doing("reading an API token")
    }

    /// Revokes a token of this user; false when there is no such live token.
    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(time_text::now())
        .bind(token_id)
        .bind(user_id)
        .execute(&self.pool)
        .await
        .doing("revoking an API token")?
        .rows_affected()
            == 1)
    }

    pub async fn api_tokens(
        &self,
        user_id: i64,
    ) -> Result<Vec<(i64, String, String, Option<String>)>> {
        sqlx::query("SELECT id, name, created_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.pool)
            .await
            .doing("listing API tokens")?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("created_at")?, r.try_get("revoked_at")?)))
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading API tokens")
    }

    // --- login throttling

    pub async fn record_login_failure(&self, keys: &[String], now: i64) -> Result<()> {
        for key in keys {
            sqlx::query("INSERT INTO login_failures (throttle_key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(now)
                .execute(&self.pool)
                .await
                .doing("recording a failed login")?;
        }
        Ok(())
    }

    /// The most failures any of the keys had since `since`.
    pub async fn login_failures_since(&self, keys: &[String], since: i64) -> Result<i64> {
        let mut most = 0;
        for key in keys {
            let n: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM login_failures WHERE throttle_key = $1 AND at > $2",
            )
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await
            .doing("counting failed logins")?
            .try_get("n")
            .doing("counting failed logins")?;
            most = most.max(n);
        }
        Ok(most)
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await
            .doing("clearing failed logins")?;
        Ok(())
    }
}
