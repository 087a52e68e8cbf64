//! Settings: small named values the application keeps (the sample-data
//! flag, the template-signing key).

use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Row;
use xanh_core::access::Actor;

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a setting")?
            .map(|r| r.try_get("value"))
            .transpose()
            .doing("reading a setting")
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await.doing("writing a setting")?;
        upsert(&mut conn, key, value).await
    }

    /// Sets an image issued documents carry (the seal, a signature), kept
    /// as base64 text; the audit trail records who set it and the image's
    /// SHA-256. Documents issued before keep the image they were issued with
    /// (their PDF is kept as issued).
    /// `owner` (a setting's key and value: whose signature it is) is kept
    /// in the same transaction, so an image never stands under another name.
    pub async fn set_document_image(
        &self,
        key: &str,
        base64_png: &str,
        sha256: &str,
        owner: Option<(&str, &str)>,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.doing("keeping an image")?;
        upsert(&mut tx, key, base64_png).await?;
        if let Some((owner_key, name)) = owner {
            upsert(&mut tx, owner_key, name).await?;
        }
        crate::audit::record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "set_image",
            "setting",
            key,
            Some("sha256"),
            None,
            Some(sha256),
            owner.map(|(_, name)| name),
        )
        .await?;
        tx.commit().await.doing("keeping an image")
    }

    /// Whether this database holds the sample data set.
    pub async fn is_demo(&self) -> Result<bool> {
        Ok(self.setting("demo").await?.as_deref() == Some("1"))
    }

    /// A setting, made with `value` the first time it is asked for. Several
    /// processes asking at once all get the one value that was stored first.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .bind(time_text::now())
            .execute(&self.pool)
            .await
            .doing("writing a setting")?;
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| value.to_string()))
    }
}

/// Sets a setting, on the pool or inside a transaction.
async fn upsert(conn: &mut sqlx::AnyConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(time_text::now())
    .execute(conn)
    .await
    .doing("writing a setting")?;
    Ok(())
}
