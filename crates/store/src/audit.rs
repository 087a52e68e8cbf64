//! The audit trail: who changed what, when, old → new, and why.

use crate::error::{Doing, Result};
use crate::{Store, time_text};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

/// One entry, written in the transaction of the change itself, so that the
/// entry and the change commit together or not at all; it takes the next
/// place in the hash chain (`audit_chain`).
#[allow(clippy::too_many_arguments)]
pub async fn record(
    conn: &mut AnyConnection,
    user_id: Option<i64>,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    field: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
    reason: Option<&str>,
) -> Result<()> {
    let at = time_text::now();
    crate::audit_chain::append(
        conn,
        &crate::audit_chain::Entry {
            at: &at,
            user_id,
            actor,
            action,
            entity,
            entity_id,
            field,
            old,
            new,
            reason,
        },
    )
    .await
}

fn audit_row(r: &AnyRow) -> Result<AuditRow, sqlx::Error> {
    Ok(AuditRow {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        action: r.try_get("action")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        field: r.try_get("field")?,
        old_value: r.try_get("old_value")?,
        new_value: r.try_get("new_value")?,
        reason: r.try_get("reason")?,
    })
}

impl Store {
    #[allow(clippy::too_many_arguments)]
    pub async fn audit(
        &self,
        user_id: Option<i64>,
        actor: &str,
        action: &str,
        entity: &str,
        entity_id: &str,
        field: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
        reason: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.doing("writing the audit trail")?;
        record(
            &mut tx, user_id, actor, action, entity, entity_id, field, old, new, reason,
        )
        .await?;
        tx.commit().await.doing("writing the audit trail")
    }

    /// Entries about one thing, oldest first. `entity_id_prefix` with a
    /// trailing '/' selects every value of a report ("report/12/").
    pub async fn audit_trail(&self, entity: &str, entity_id: &str) -> Result<Vec<AuditRow>> {
        sqlx::query(
            "SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value, reason FROM audit_log \
             WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity)
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit trail")?
        .iter()
        .map(audit_row)
        .collect::<Result<_, _>>()
        .doing("reading the audit trail")
    }

    /// Everything recorded about a report: its states, values and narrative.
    pub async fn report_audit_trail(&self, report_id: i64) -> Result<Vec<AuditRow>> {
        let prefix = format!("{report_id}/%");
        sqlx::query(
            "SELECT id, at, actor, action, entity, entity_id, field, old_value, new_value, reason FROM audit_log \
             WHERE (entity = 'report' AND entity_id = $1) OR (entity IN ('value', 'narrative') AND entity_id LIKE $2) \
             ORDER BY id",
        )
        .bind(report_id.to_string())
        .bind(prefix)
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit trail")?
        .iter()
        .map(audit_row)
        .collect::<Result<_, _>>()
        .doing("reading the audit trail")
    }
}
