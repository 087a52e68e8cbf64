//! The signed PDF of an issued provincial report: kept as issued, with its
//! SHA-256 in the audit chain.

use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use xanh_core::access::Actor;

/// Keeps the PDF of a report being issued, in the transaction, and
/// enters its SHA-256 in the audit chain.
pub(crate) async fn keep(
    conn: &mut AnyConnection,
    report: i64,
    pdf: &[u8],
    signed_by: Option<&str>,
    actor: &Actor,
) -> Result<String> {
    let sha = format!("{:x}", Sha256::digest(pdf));
    sqlx::query(
        "INSERT INTO issued_documents (provincial_report_id, pdf, sha256, signed_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(report)
    .bind(pdf)
    .bind(&sha)
    .bind(signed_by)
    .bind(time_text::now())
    .execute(&mut *conn)
    .await
    .doing("keeping the issued document")?;
    record(
        conn,
        Some(actor.user_id),
        &actor.username,
        "sign",
        "provincial_report",
        &report.to_string(),
        Some("pdf"),
        None,
        Some(&sha),
        signed_by,
    )
    .await?;
    Ok(sha)
}

impl Store {
    /// The kept PDF of an issued report, if one was kept.
    pub async fn issued_document(&self, report: i64) -> Result<Option<Vec<u8>>> {
        sqlx::query("SELECT pdf FROM issued_documents WHERE provincial_report_id = $1")
            .bind(report)
            .fetch_optional(&self.pool)
            .await
            .doing("reading the issued document")?
            .map(|r| r.try_get("pdf"))
            .transpose()
            .doing("reading the issued document")
    }

    /// The issued report whose kept PDF has this SHA-256, if any.
    pub async fn issued_document_by_hash(&self, sha256: &str) -> Result<Option<i64>> {
        sqlx::query("SELECT provincial_report_id FROM issued_documents WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await
            .doing("finding an issued document")?
            .map(|r| r.try_get("provincial_report_id"))
            .transpose()
            .doing("finding an issued document")
    }
}
