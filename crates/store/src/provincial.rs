//! Provincial reports: versions compiled, edited and issued by the consolidator.

use crate::audit::record;
use crate::error::{Doing, Result, StoreError};
use crate::{Store, time_text};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use xanh_core::access::Actor;
use xanh_core::workflow::ProvincialState;

/// The states as stored, bound as parameters rather than written into SQL.
const DRAFT: &str = ProvincialState::Draft.as_str();
const ISSUED: &str = ProvincialState::Issued.as_str();

#[derive(Debug, Clone, Serialize)]
pub struct ProvincialRow {
    pub id: i64,
    pub period_id: i64,
    pub version: i64,
    pub state: xanh_core::workflow::ProvincialState,
    pub subject: String,
    /// The compiled and edited text, as JSON the web layer owns.
    pub body_json: String,
    /// The indicator table with statuses, fixed when issued.
    pub indicators_json: String,
    pub number: Option<String>,
    pub issued_on: Option<String>,
    pub updated_at: String,
    /// Counts the saves of the draft: a save names the revision it was made
    /// from, and one made from an older revision is refused.
    pub revision: i64,
    /// The signature block fixed at issue: authority and title lines, then the name.
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
}

fn row(r: &AnyRow) -> Result<ProvincialRow, sqlx::Error> {
    let id: i64 = r.try_get("id")?;
    Ok(ProvincialRow {
        id,
        period_id: r.try_get("period_id")?,
        version: r.try_get("version")?,
        state: crate::reports::decode(
            r,
            "state",
            || format!("provincial report {id}"),
            xanh_core::workflow::ProvincialState::parse,
        )?,
        subject: r.try_get("subject")?,
        body_json: r.try_get("body_json")?,
        indicators_json: r.try_get("indicators_json")?,
        number: r.try_get("number")?,
        issued_on: r.try_get("issued_on")?,
        updated_at: r.try_get("updated_at")?,
        revision: r.try_get("revision")?,
        signer_title: r.try_get("signer_title")?,
        signer_name: r.try_get("signer_name")?,
    })
}

/// What issuing a provincial report fixes.
#[derive(Debug, Clone, Copy)]
pub struct ProvincialIssue<'a> {
    /// The revision the consolidator confirmed.
    pub revision: i64,
    /// "05/BC-UBND".
    pub number: &'a str,
    /// yyyy-mm-dd.
    pub issued_on: &'a str,
    pub indicators_json: &'a str,
    /// Authority and title lines, "\n" between them.
    pub signer_title: &'a str,
    pub signer_name: &'a str,
    /// The PDF as issued (signed when a key is configured), and who signed
    /// it: kept with the issue, in the same transaction.
    pub pdf: Option<(&'a [u8], Option<&'a str>)>,
}

impl Store {
    pub async fn provincial_reports(&self, period_id: Option<i64>) -> Result<Vec<ProvincialRow>> {
        sqlx::query(
            "SELECT id, period_id, version, state, subject, body_json, indicators_json, number, issued_on, updated_at, revision, signer_title, signer_name \
             FROM provincial_reports WHERE ($1 IS NULL OR period_id = $1) ORDER BY period_id, version",
        )
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("listing provincial reports")?
        .iter()
        .map(row)
        .collect::<Result<_, _>>()
        .doing("reading provincial reports")
    }

    pub async fn provincial_report(&self, id: i64) -> Result<ProvincialRow> {
        let r = sqlx::query(
            "SELECT id, period_id, version, state, subject, body_json, indicators_json, number, issued_on, updated_at, revision, signer_title, signer_name \
             FROM provincial_reports WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a provincial report")?
        .ok_or_else(|| StoreError::NotFound(format!("provincial report {id}")))?;
        row(&r).doing("reading a provincial report")
    }

    /// A new draft version for a period; refused while another draft exists.
    pub async fn create_provincial_report(
        &self,
        period_id: i64,
        subject: &str,
        body_json: &str,
        indicators_json: &str,
        actor: &Actor,
    ) -> Result<i64> {
        let mut tx = self
            .pool
            .begin()
            .await
            .doing("compiling a provincial report")?;
        let drafts: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM provincial_reports WHERE period_id = $1 AND state = $2",
        )
        .bind(period_id)
        .bind(DRAFT)
        .fetch_one(&mut *tx)
        .await
        .doing("compiling a provincial report")?
        .try_get("n")
        .doing("compiling a provincial report")?;
        if drafts > 0 {
            return Err(StoreError::Conflict(
                "a draft of the provincial report already exists".into(),
            ));
        }
        let now = time_text::now();
        let id: i64 = sqlx::query(
            "INSERT INTO provincial_reports (period_id, version, state, subject, body_json, indicators_json, created_by, created_at, updated_at) \
             VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM provincial_reports WHERE period_id = $1), $7, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(period_id)
        .bind(subject)
        .bind(body_json)
        .bind(indicators_json)
        .bind(actor.user_id)
        .bind(&now)
        .bind(DRAFT)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict("compiled twice at once".into()),
            _ => StoreError::Database { doing: "compiling a provincial report", source: e },
        })?
        .try_get("id")
        .doing("compiling a provincial report")?;
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "compile",
            "provincial_report",
            &id.to_string(),
            None,
            None,
            None,
            None,
        )
        .await?;
        tx.commit().await.doing("compiling a provincial report")?;
        Ok(id)
    }

    /// Saves the edited text of a draft made from revision `expected_revision`
    /// and answers the new revision. Refused (`Conflict`) when the report was
    /// issued or saved by someone else since: an issued report is never
    /// changed, and the last writer never silently wins. `drafted` names the
    /// parts ("summary", objective codes) whose paragraphs Xanh drafted and
    /// this person took: the trail records them as such.
    pub async fn edit_provincial_report(
        &self,
        id: i64,
        expected_revision: i64,
        subject: &str,
        body_json: &str,
        drafted: Option<&str>,
        actor: &Actor,
    ) -> Result<i64> {
        let mut tx = self
            .pool
            .begin()
            .await
            .doing("editing a provincial report")?;
        let done = sqlx::query(
            "UPDATE provincial_reports SET subject = $1, body_json = $2, updated_at = $3, revision = revision + 1 \
             WHERE id = $4 AND state = $6 AND revision = $5",
        )
        .bind(subject)
        .bind(body_json)
        .bind(time_text::now())
        .bind(id)
        .bind(expected_revision)
        .bind(DRAFT)
        .execute(&mut *tx)
        .await
        .doing("editing a provincial report")?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "the provincial report was issued or changed by someone else since this form was made"
                    .into(),
            ));
        }
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            if drafted.is_some() {
                "take_draft"
            } else {
                "edit"
            },
            "provincial_report",
            &id.to_string(),
            drafted,
            None,
            None,
            drafted
                .map(|_| "Bản nháp do Xanh soạn từ số liệu; người này đã xem và đưa vào báo cáo."),
        )
        .await?;
        tx.commit().await.doing("editing a provincial report")?;
        Ok(expected_revision + 1)
    }

    /// Issues a draft with its number, date and signature block, fixing the
    /// indicator table as it stands. Refused (`Conflict`) when the draft was
    /// issued, or its text saved again, after `issue.revision` was read: what
    /// the consolidator confirmed is what is issued.
    pub async fn issue_provincial_report(
        &self,
        id: i64,
        issue: &ProvincialIssue<'_>,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self
            .pool
            .begin()
            .await
            .doing("issuing a provincial report")?;
        let done = sqlx::query(
            "UPDATE provincial_reports SET state = $10, number = $1, issued_on = $2, indicators_json = $3, issued_by = $4, updated_at = $5, \
             signer_title = $6, signer_name = $7 WHERE id = $8 AND state = $11 AND revision = $9",
        )
        .bind(issue.number)
        .bind(issue.issued_on)
        .bind(issue.indicators_json)
        .bind(actor.user_id)
        .bind(time_text::now())
        .bind(issue.signer_title)
        .bind(issue.signer_name)
        .bind(id)
        .bind(issue.revision)
        .bind(ISSUED)
        .bind(DRAFT)
        .execute(&mut *tx)
        .await
        .doing("issuing a provincial report")?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "this version is already issued, or its text changed since the confirmation".into(),
            ));
        }
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "issue",
            "provincial_report",
            &id.to_string(),
            Some("number"),
            None,
            Some(issue.number),
            None,
        )
        .await?;
        // The issued document's hash enters the chain: everything it is made
        // of, as stored, so that a later change to it shows.
        let stored = sqlx::query(
            "SELECT subject, body_json, indicators_json, number, issued_on, signer_title, signer_name \
             FROM provincial_reports WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .doing("issuing a provincial report")?;
        let hash = crate::audit_chain::stored_document_hash(&stored)?;
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "issue",
            "provincial_report",
            &id.to_string(),
            Some("document"),
            None,
            Some(&hash),
            Some("SHA-256"),
        )
        .await?;
        if let Some((pdf, signed_by)) = issue.pdf {
            crate::issued::keep(&mut tx, id, pdf, signed_by, actor).await?;
        }
        tx.commit().await.doing("issuing a provincial report")
    }
}
