//! The signed PDF of an issued provincial report: kept as issued, with its
//! SHA-256 in the audit chain.

use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
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
    let sha = crate::audit_chain::sha256_hex(pdf);
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

impl Store {
    /// Keeps a kept PDF prepared for an outside signer, and the digest given out.
    pub async fn prepare_issued_signature(
        &self,
        report: i64,
        prepared: &[u8],
        digest_hex: &str,
        signer: &str,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.doing("preparing a signature")?;
        let done = sqlx::query(
            "UPDATE issued_documents SET pending = $1, pending_digest = $2, pending_signer = $3 WHERE provincial_report_id = $4",
        )
        .bind(prepared)
        .bind(digest_hex)
        .bind(signer)
        .bind(report)
        .execute(&mut *tx)
        .await
        .doing("preparing a signature")?;
        if done.rows_affected() != 1 {
            return Err(crate::StoreError::NotFound(format!(
                "issued document {report}"
            )));
        }
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "prepare_signature",
            "provincial_report",
            &report.to_string(),
            Some("digest"),
            None,
            Some(digest_hex),
            Some(signer),
        )
        .await?;
        tx.commit().await.doing("preparing a signature")
    }

    /// The prepared PDF and the signer's name, while a signature is awaited.
    pub async fn pending_issued_signature(&self, report: i64) -> Result<Option<(Vec<u8>, String)>> {
        let row = sqlx::query(
            "SELECT pending, pending_signer FROM issued_documents WHERE provincial_report_id = $1",
        )
        .bind(report)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a prepared signature")?;
        let Some(r) = row else { return Ok(None) };
        let pdf: Option<Vec<u8>> = r.try_get("pending").doing("reading a prepared signature")?;
        let signer: Option<String> = r
            .try_get("pending_signer")
            .doing("reading a prepared signature")?;
        Ok(pdf.zip(signer))
    }

    /// Replaces the kept PDF with its newly signed form (the earlier bytes
    /// are its first part: a signature is an incremental update), ends the
    /// wait, and enters the new SHA-256 in the chain.
    pub async fn replace_issued_document(
        &self,
        report: i64,
        pdf: &[u8],
        signed_by: &str,
        actor: &Actor,
    ) -> Result<String> {
        let sha = crate::audit_chain::sha256_hex(pdf);
        let mut tx = self
            .pool
            .begin()
            .await
            .doing("keeping the signed document")?;
        let old: Option<String> =
            sqlx::query("SELECT sha256 FROM issued_documents WHERE provincial_report_id = $1")
                .bind(report)
                .fetch_optional(&mut *tx)
                .await
                .doing("keeping the signed document")?
                .map(|r| r.try_get("sha256"))
                .transpose()
                .doing("keeping the signed document")?;
        sqlx::query(
            "UPDATE issued_documents SET pdf = $1, sha256 = $2, signed_by = $3, pending = NULL, pending_digest = NULL, pending_signer = NULL \
             WHERE provincial_report_id = $4",
        )
        .bind(pdf)
        .bind(&sha)
        .bind(signed_by)
        .bind(report)
        .execute(&mut *tx)
        .await
        .doing("keeping the signed document")?;
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "sign",
            "provincial_report",
            &report.to_string(),
            Some("pdf"),
            old.as_deref(),
            Some(&sha),
            Some(signed_by),
        )
        .await?;
        tx.commit().await.doing("keeping the signed document")?;
        Ok(sha)
    }
}

/// Where the signing of an issued report stands.
#[derive(Debug, Clone, Default)]
pub struct SigningState {
    /// A PDF is kept (reports issued before Xanh kept them have none).
    pub kept: bool,
    /// Who signed the kept PDF ("người ký; cơ quan"), if anyone.
    pub signed_by: Option<String>,
    /// The digest given out while a signer's signature is awaited.
    pub pending_digest: Option<String>,
}

impl Store {
    pub async fn issued_signing_state(&self, report: i64) -> Result<SigningState> {
        let row = sqlx::query(
            "SELECT signed_by, pending_digest FROM issued_documents WHERE provincial_report_id = $1",
        )
        .bind(report)
        .fetch_optional(&self.pool)
        .await
        .doing("reading the signing state")?;
        match row {
            None => Ok(SigningState::default()),
            Some(r) => Ok(SigningState {
                kept: true,
                signed_by: r.try_get("signed_by").doing("reading the signing state")?,
                pending_digest: r
                    .try_get("pending_digest")
                    .doing("reading the signing state")?,
            }),
        }
    }
}
