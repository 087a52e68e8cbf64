//! The audit trail as a hash chain. Every entry carries its place (`seq`),
//! the hash of the entry before it and the SHA-256 of its own content with
//! that hash, so that changing, removing or inserting an entry breaks the
//! chain from there on; the head (the last hash) is published on the public
//! portal, so that even rewriting the whole chain shows. Issued documents'
//! hashes enter the chain when they are issued, and verification also
//! compares the stored figures and documents with the last entry about each.
//!
//! One row (`audit_chain`) holds the head; each new entry updates it first,
//! so writers take their turn and the chain never forks, on both databases.

use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's content, as it is hashed.
pub struct Entry<'a> {
    pub at: &'a str,
    pub user_id: Option<i64>,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub field: Option<&'a str>,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// The SHA-256 of a kept file in hex, as the chain records it and `/verify`
/// compares it: one definition for issued and sent documents alike.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// SHA-256 (hex) of the previous hash, the place and the content, written as
/// one JSON array so that no field can run into the next.
pub fn entry_hash(prev: &str, seq: i64, e: &Entry) -> String {
    let content = serde_json::json!([
        prev,
        seq,
        e.at,
        e.user_id,
        e.actor,
        e.action,
        e.entity,
        e.entity_id,
        e.field,
        e.old,
        e.new,
        e.reason
    ]);
    format!("{:x}", Sha256::digest(content.to_string().as_bytes()))
}

/// The statements of one append, for a connection of either kind: the
/// `Any` connection every change uses, and the PostgreSQL bulk importer's own
/// (it needs `COPY`). Taking the next place updates the head row first, which
/// holds it until the transaction ends.
macro_rules! append_on {
    ($conn:expr, $e:expr) => {{
        let e = $e;
        let row = sqlx::query("UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *$conn)
            .await
            .doing("taking the audit chain's next place")?;
        let seq: i64 = row.try_get("seq").doing("reading the audit chain")?;
        let prev: String = row.try_get("hash").doing("reading the audit chain")?;
        let hash = entry_hash(&prev, seq, e);
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, field, old_value, new_value, reason, seq, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(e.at)
        .bind(e.user_id)
        .bind(e.actor)
        .bind(e.action)
        .bind(e.entity)
        .bind(e.entity_id)
        .bind(e.field)
        .bind(e.old)
        .bind(e.new)
        .bind(e.reason)
        .bind(seq)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut *$conn)
        .await
        .doing("writing the audit trail")?;
        sqlx::query("UPDATE audit_chain SET hash = $1, at = $2 WHERE id = 1")
            .bind(&hash)
            .bind(e.at)
            .execute(&mut *$conn)
            .await
            .doing("moving the audit chain's head")?;
        Ok(())
    }};
}

/// Appends an entry to the chain, inside the caller's transaction.
pub async fn append(conn: &mut AnyConnection, e: &Entry<'_>) -> Result<()> {
    append_on!(conn, e)
}

/// The same on the PostgreSQL bulk importer's own connection.
pub async fn append_pg(conn: &mut sqlx::PgConnection, e: &Entry<'_>) -> Result<()> {
    append_on!(conn, e)
}

/// A stored entry with its chain fields.
struct Stored {
    id: i64,
    seq: Option<i64>,
    prev_hash: Option<String>,
    hash: Option<String>,
    at: String,
    user_id: Option<i64>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    field: Option<String>,
    old: Option<String>,
    new: Option<String>,
    reason: Option<String>,
}

impl Stored {
    fn entry(&self) -> Entry<'_> {
        Entry {
            at: &self.at,
            user_id: self.user_id,
            actor: &self.actor,
            action: &self.action,
            entity: &self.entity,
            entity_id: &self.entity_id,
            field: self.field.as_deref(),
            old: self.old.as_deref(),
            new: self.new.as_deref(),
            reason: self.reason.as_deref(),
        }
    }
}

async fn entries(conn: &mut AnyConnection, which: &str) -> Result<Vec<Stored>> {
    let sql = match which {
        "unsealed" => {
            "SELECT id, seq, prev_hash, hash, at, user_id, actor, action, entity, entity_id, field, old_value, new_value, reason \
                       FROM audit_log WHERE hash IS NULL ORDER BY id"
        }
        _ => {
            "SELECT id, seq, prev_hash, hash, at, user_id, actor, action, entity, entity_id, field, old_value, new_value, reason \
              FROM audit_log ORDER BY seq, id"
        }
    };
    sqlx::query(sql)
        .fetch_all(&mut *conn)
        .await
        .doing("reading the audit trail")?
        .iter()
        .map(|r| {
            Ok(Stored {
                id: r.try_get("id")?,
                seq: r.try_get("seq")?,
                prev_hash: r.try_get("prev_hash")?,
                hash: r.try_get("hash")?,
                at: r.try_get("at")?,
                user_id: r.try_get("user_id")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                entity: r.try_get("entity")?,
                entity_id: r.try_get("entity_id")?,
                field: r.try_get("field")?,
                old: r.try_get("old_value")?,
                new: r.try_get("new_value")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()
        .doing("reading the audit trail")
}

/// The chain's head: the last place, its hash, and when it was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
    pub at: Option<String>,
}

/// Something verification found that no longer matches.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Broken {
    /// The entry's content no longer gives its hash: it was changed.
    Changed { id: i64, seq: i64 },
    /// The entry does not follow the one before it: an entry was removed,
    /// inserted or rewritten before it.
    Unlinked { id: i64, seq: i64 },
    /// An entry outside the chain (written around Xanh).
    Unsealed { id: i64 },
    /// The head row does not name the last entry.
    Head,
    /// A stored figure differs from the last entry that set it.
    Value {
        entity_id: String,
        recorded: Option<String>,
        stored: Option<String>,
    },
    /// An issued document differs from the hash recorded when it was issued.
    Document { report: i64 },
}

/// What verification found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verified {
    pub entries: usize,
    pub head: Head,
    pub broken: Vec<Broken>,
}

/// The columns of `provincial_reports` an issued document is made of (the
/// queries that read them name them in their own literal text).
const DOCUMENT_COLUMNS: [&str; 7] = [
    "subject",
    "body_json",
    "indicators_json",
    "number",
    "issued_on",
    "signer_title",
    "signer_name",
];

/// The SHA-256 of an issued provincial report as stored: everything the
/// document is made of, read from a row holding its `DOCUMENT_COLUMNS`.
pub(crate) fn stored_document_hash(r: &sqlx::any::AnyRow) -> Result<String> {
    let mut parts = Vec::new();
    for c in DOCUMENT_COLUMNS {
        parts.push(
            r.try_get::<Option<String>, _>(c)
                .doing("reading an issued report")?
                .unwrap_or_default(),
        );
    }
    Ok(format!(
        "{:x}",
        Sha256::digest(serde_json::json!(parts).to_string().as_bytes())
    ))
}

impl Store {
    /// Seals the entries written before the chain existed, in the order they
    /// were written: at start-up, after the migrations, before anything else
    /// writes, and only while the chain has not started.
    pub async fn seal_audit_chain(&self) -> Result<usize> {
        // Only a chain that never started has entries to seal: once it has,
        // an entry outside it was written around Xanh, and `verify_audit`
        // must name it, not this seal it away on the next start.
        if self.audit_head().await?.seq > 0 {
            return Ok(0);
        }
        let mut tx = self.pool.begin().await.doing("sealing the audit trail")?;
        let loose = entries(&mut tx, "unsealed").await?;
        let now = time_text::now();
        for e in &loose {
            let head = sqlx::query(
                "UPDATE audit_chain SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
            )
            .fetch_one(&mut *tx)
            .await
            .doing("sealing the audit trail")?;
            let seq: i64 = head.try_get("seq").doing("sealing the audit trail")?;
            let prev: String = head.try_get("hash").doing("sealing the audit trail")?;
            let hash = entry_hash(&prev, seq, &e.entry());
            sqlx::query("UPDATE audit_log SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4")
                .bind(seq)
                .bind(&prev)
                .bind(&hash)
                .bind(e.id)
                .execute(&mut *tx)
                .await
                .doing("sealing the audit trail")?;
            sqlx::query("UPDATE audit_chain SET hash = $1, at = $2 WHERE id = 1")
                .bind(&hash)
                .bind(&now)
                .execute(&mut *tx)
                .await
                .doing("sealing the audit trail")?;
        }
        tx.commit().await.doing("sealing the audit trail")?;
        Ok(loose.len())
    }

    /// The chain's head, as the public portal shows it.
    pub async fn audit_head(&self) -> Result<Head> {
        let r = sqlx::query("SELECT seq, hash, at FROM audit_chain WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .doing("reading the audit chain")?;
        Ok(Head {
            seq: r.try_get("seq").doing("reading the audit chain")?,
            hash: r.try_get("hash").doing("reading the audit chain")?,
            at: r.try_get("at").doing("reading the audit chain")?,
        })
    }

    /// Recomputes the chain from the first entry, and compares the stored
    /// figures and issued documents with the last entry about each.
    pub async fn verify_audit(&self) -> Result<Verified> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .doing("verifying the audit trail")?;
        let all = entries(&mut conn, "all").await?;
        let mut broken = Vec::new();
        let mut prev = GENESIS.to_string();
        let mut expected_seq = 1;
        for e in &all {
            let (Some(seq), Some(hash)) = (e.seq, e.hash.as_deref()) else {
                broken.push(Broken::Unsealed { id: e.id });
                continue;
            };
            if seq != expected_seq || e.prev_hash.as_deref() != Some(prev.as_str()) {
                broken.push(Broken::Unlinked { id: e.id, seq });
            }
            if entry_hash(e.prev_hash.as_deref().unwrap_or(""), seq, &e.entry()) != hash {
                broken.push(Broken::Changed { id: e.id, seq });
            }
            prev = hash.to_string();
            expected_seq = seq + 1;
        }
        let head = self.audit_head().await?;
        if head.hash != prev || head.seq != expected_seq - 1 {
            broken.push(Broken::Head);
        }
        broken.extend(values_against(&mut conn, &all).await?);
        broken.extend(documents_against(&mut conn, &all).await?);
        Ok(Verified {
            entries: all.len(),
            head,
            broken,
        })
    }
}

/// Each figure saved through a report against the last entry that set it,
/// unless a bulk import into its report came after that entry.
async fn values_against(conn: &mut AnyConnection, all: &[Stored]) -> Result<Vec<Broken>> {
    let mut last: HashMap<&str, (i64, Option<&str>)> = HashMap::new();
    let mut imported: HashMap<&str, i64> = HashMap::new();
    for e in all {
        let seq = e.seq.unwrap_or(0);
        match (e.entity.as_str(), e.field.as_deref(), e.action.as_str()) {
            ("value", Some("value"), _) => {
                last.insert(&e.entity_id, (seq, e.new.as_deref()));
            }
            ("report", _, "import") => {
                imported.insert(&e.entity_id, seq);
            }
            _ => {}
        }
    }
    let rows = sqlx::query(
        "SELECT report_id, indicator_code, unit_code, value_num, value_bool, value_text \
         FROM indicator_values WHERE report_id IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await
    .doing("reading the figures")?;
    let mut out = Vec::new();
    for r in &rows {
        let report: i64 = r.try_get("report_id").doing("reading the figures")?;
        let id = format!(
            "{report}/{}/{}",
            r.try_get::<String, _>("indicator_code")
                .doing("reading the figures")?,
            r.try_get::<String, _>("unit_code")
                .doing("reading the figures")?
        );
        let Some((seq, recorded)) = last.get(id.as_str()) else {
            continue;
        };
        if imported
            .get(report.to_string().as_str())
            .is_some_and(|i| i > seq)
        {
            continue;
        }
        let stored = crate::reports::value_of(r)
            .doing("reading the figures")?
            .map(|v| v.audit_text());
        if stored.as_deref() != *recorded {
            out.push(Broken::Value {
                entity_id: id,
                recorded: recorded.map(str::to_string),
                stored,
            });
        }
    }
    Ok(out)
}

/// Each issued provincial report against the hash recorded at its issue.
async fn documents_against(conn: &mut AnyConnection, all: &[Stored]) -> Result<Vec<Broken>> {
    let recorded: HashMap<&str, &str> = all
        .iter()
        .filter(|e| e.entity == "provincial_report" && e.field.as_deref() == Some("document"))
        .filter_map(|e| Some((e.entity_id.as_str(), e.new.as_deref()?)))
        .collect();
    let rows = sqlx::query(
        "SELECT id, subject, body_json, indicators_json, number, issued_on, signer_title, signer_name \
         FROM provincial_reports WHERE state = $1",
    )
    .bind("issued")
    .fetch_all(&mut *conn)
    .await
    .doing("reading the issued reports")?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id").doing("reading the issued reports")?;
        let Some(hash) = recorded.get(id.to_string().as_str()) else {
            continue;
        };
        let now = stored_document_hash(r)?;
        if now != *hash {
            out.push(Broken::Document { report: id });
        }
    }
    Ok(out)
}
