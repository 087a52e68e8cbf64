//! An agency's report as it was sent, kept as a PDF for signing: one row per
//! submission (the report's `submitted_at`), so a report returned and sent
//! again is signed anew while the earlier signed file stays as it was. Its
//! SHA-256 enters the audit chain at each step, as an issued report's does.

use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Row;
use xanh_core::access::Actor;

/// One submission of a report, as kept for signing.
#[derive(Debug, Clone)]
pub struct SubmittedDocument {
    pub pdf: Vec<u8>,
    pub sha256: String,
    /// Who signed it, in order ("người ký; cơ quan"), if anyone.
    pub signed_by: Option<String>,
    /// While a signature is awaited: the prepared PDF, the digest given out
    /// and the signer's name.
    pub pending: Option<(Vec<u8>, String, String)>,
}

/// Which submission a kept file is: the report, and when it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionKey {
    pub report_id: i64,
    pub submitted_at: String,
}

impl Store {
    /// The kept file of one submission, if one was kept.
    pub async fn submitted_document(
        &self,
        key: &SubmissionKey,
    ) -> Result<Option<SubmittedDocument>> {
        const DOING: &str = "reading a sent report's document";
        let row = sqlx::query(
            "SELECT pdf, sha256, signed_by, pending, pending_digest, pending_signer \
             FROM submitted_documents WHERE report_id = $1 AND submitted_at = $2",
        )
        .bind(key.report_id)
        .bind(&key.submitted_at)
        .fetch_optional(&self.pool)
        .await
        .doing(DOING)?;
        let Some(r) = row else { return Ok(None) };
        let pending: Option<Vec<u8>> = r.try_get("pending").doing(DOING)?;
        let digest: Option<String> = r.try_get("pending_digest").doing(DOING)?;
        let signer: Option<String> = r.try_get("pending_signer").doing(DOING)?;
        Ok(Some(SubmittedDocument {
            pdf: r.try_get("pdf").doing(DOING)?,
            sha256: r.try_get("sha256").doing(DOING)?,
            signed_by: r.try_get("signed_by").doing(DOING)?,
            pending: match (pending, digest, signer) {
                (Some(p), Some(d), Some(s)) => Some((p, d, s)),
                _ => None,
            },
        }))
    }

    /// Who signed a submission's kept file, and the digest and signer awaited,
    /// without reading the file itself (what a report's page shows).
    pub async fn submitted_signing(
        &self,
        key: &SubmissionKey,
    ) -> Result<Option<(Option<String>, Option<(String, String)>)>> {
        const DOING: &str = "reading a sent report's signatures";
        let row = sqlx::query(
            "SELECT signed_by, pending_digest, pending_signer FROM submitted_documents \
             WHERE report_id = $1 AND submitted_at = $2",
        )
        .bind(key.report_id)
        .bind(&key.submitted_at)
        .fetch_optional(&self.pool)
        .await
        .doing(DOING)?;
        let Some(r) = row else { return Ok(None) };
        let digest: Option<String> = r.try_get("pending_digest").doing(DOING)?;
        let signer: Option<String> = r.try_get("pending_signer").doing(DOING)?;
        Ok(Some((
            r.try_get("signed_by").doing(DOING)?,
            digest.zip(signer),
        )))
    }

    /// Keeps the file of a submission as first rendered, unless one is kept
    /// already (two signers preparing at once keep one file), and answers
    /// the kept one.
    pub async fn keep_submitted_document(
        &self,
        key: &SubmissionKey,
        pdf: &[u8],
        actor: &Actor,
    ) -> Result<SubmittedDocument> {
        const DOING: &str = "keeping a sent report's document";
        let sha = crate::audit_chain::sha256_hex(pdf);
        let mut tx = self.pool.begin().await.doing(DOING)?;
        let done = sqlx::query(
            "INSERT INTO submitted_documents (report_id, submitted_at, pdf, sha256, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (report_id, submitted_at) DO NOTHING",
        )
        .bind(key.report_id)
        .bind(&key.submitted_at)
        .bind(pdf)
        .bind(&sha)
        .bind(time_text::now())
        .execute(&mut *tx)
        .await
        .doing(DOING)?;
        if done.rows_affected() == 1 {
            record(
                &mut tx,
                Some(actor.user_id),
                &actor.username,
                "keep_document",
                "report",
                &key.report_id.to_string(),
                Some("pdf"),
                None,
                Some(&sha),
                None,
            )
            .await?;
        }
        tx.commit().await.doing(DOING)?;
        self.submitted_document(key)
            .await?
            .ok_or_else(|| crate::StoreError::NotFound(format!("report {}", key.report_id)))
    }

    /// Keeps a submission's file prepared for an outside signer, and the digest given out.
    pub async fn prepare_submitted_signature(
        &self,
        key: &SubmissionKey,
        prepared: &[u8],
        digest_hex: &str,
        signer: &str,
        actor: &Actor,
    ) -> Result<()> {
        const DOING: &str = "preparing a signature";
        let mut tx = self.pool.begin().await.doing(DOING)?;
        let done = sqlx::query(
            "UPDATE submitted_documents SET pending = $1, pending_digest = $2, pending_signer = $3 \
             WHERE report_id = $4 AND submitted_at = $5",
        )
        .bind(prepared)
        .bind(digest_hex)
        .bind(signer)
        .bind(key.report_id)
        .bind(&key.submitted_at)
        .execute(&mut *tx)
        .await
        .doing(DOING)?;
        if done.rows_affected() != 1 {
            return Err(crate::StoreError::NotFound(format!(
                "report {}",
                key.report_id
            )));
        }
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "prepare_signature",
            "report",
            &key.report_id.to_string(),
            Some("digest"),
            None,
            Some(digest_hex),
            Some(signer),
        )
        .await?;
        tx.commit().await.doing(DOING)
    }

    /// Replaces a submission's kept file with its newly signed form (an
    /// incremental update of it), ends the wait, and enters the new SHA-256
    /// in the chain. `expected` is the SHA-256 the signature was prepared
    /// over: a file that changed since is not overwritten.
    pub async fn replace_submitted_document(
        &self,
        key: &SubmissionKey,
        expected: &str,
        pdf: &[u8],
        signed_by: &str,
        actor: &Actor,
    ) -> Result<String> {
        const DOING: &str = "keeping the signed document";
        let sha = crate::audit_chain::sha256_hex(pdf);
        let mut tx = self.pool.begin().await.doing(DOING)?;
        let done = sqlx::query(
            "UPDATE submitted_documents SET pdf = $1, sha256 = $2, signed_by = $3, pending = NULL, \
             pending_digest = NULL, pending_signer = NULL \
             WHERE report_id = $4 AND submitted_at = $5 AND sha256 = $6",
        )
        .bind(pdf)
        .bind(&sha)
        .bind(signed_by)
        .bind(key.report_id)
        .bind(&key.submitted_at)
        .bind(expected)
        .execute(&mut *tx)
        .await
        .doing(DOING)?;
        if done.rows_affected() != 1 {
            return Err(crate::StoreError::Conflict(format!(
                "report {}: its document changed while it was being signed",
                key.report_id
            )));
        }
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "sign",
            "report",
            &key.report_id.to_string(),
            Some("pdf"),
            Some(expected),
            Some(&sha),
            Some(signed_by),
        )
        .await?;
        tx.commit().await.doing(DOING)?;
        Ok(sha)
    }

    /// The submission whose kept file has this SHA-256, if any.
    pub async fn submitted_document_by_hash(&self, sha256: &str) -> Result<Option<SubmissionKey>> {
        const DOING: &str = "finding a sent report's document";
        let row = sqlx::query(
            "SELECT report_id, submitted_at FROM submitted_documents WHERE sha256 = $1",
        )
        .bind(sha256)
        .fetch_optional(&self.pool)
        .await
        .doing(DOING)?;
        row.map(|r| {
            Ok(SubmissionKey {
                report_id: r.try_get("report_id").doing(DOING)?,
                submitted_at: r.try_get("submitted_at").doing(DOING)?,
            })
        })
        .transpose()
    }
}
