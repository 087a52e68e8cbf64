//! Comments on a report and the contributions coordinating agencies write for
//! an objective: reading them, and saving a contribution with the same version
//! check as a report.

use super::{CommentRow, ContributionRow, conflict};
use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Row;
use xanh_core::access::Actor;

impl Store {
    pub async fn comments(&self, report_id: i64) -> Result<Vec<CommentRow>> {
        sqlx::query(
            "SELECT c.kind, c.body, c.at, u.username FROM report_comments c LEFT JOIN users u ON u.id = c.author_id \
             WHERE c.report_id = $1 ORDER BY c.id",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading comments")?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(CommentRow {
                kind: xanh_core::workflow::CommentKind::parse(&kind).ok_or_else(|| {
                    sqlx::Error::Decode(
                        format!("a comment of report {report_id}: unknown kind {kind:?}").into(),
                    )
                })?,
                body: r.try_get("body")?,
                author: r.try_get("username")?,
                at: r.try_get("at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading comments")
    }

    pub async fn contributions(&self, period_id: i64) -> Result<Vec<ContributionRow>> {
        sqlx::query(
            "SELECT c.objective_code, c.unit_code, c.figures, c.body, c.version, c.updated_at, u.username \
             FROM contributions c LEFT JOIN users u ON u.id = c.updated_by WHERE c.period_id = $1 \
             ORDER BY c.objective_code, c.unit_code",
        )
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading contributions")?
        .iter()
        .map(|r| {
            Ok(ContributionRow {
                objective_code: r.try_get("objective_code")?,
                unit_code: r.try_get("unit_code")?,
                figures: r.try_get("figures")?,
                body: r.try_get("body")?,
                version: r.try_get("version")?,
                updated_by: r.try_get("username")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading contributions")
    }

    /// Saves a coordinating agency's contribution; `expected_version` 0 for a new one.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_contribution(
        &self,
        period_id: i64,
        objective: &str,
        unit: &str,
        expected_version: i64,
        figures: &str,
        body: &str,
        actor: &Actor,
    ) -> Result<()> {
        let now = time_text::now();
        let mut tx = self.pool.begin().await.doing("saving a contribution")?;
        let done = if expected_version == 0 {
            sqlx::query(
                "INSERT INTO contributions (period_id, objective_code, unit_code, figures, body, version, updated_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7) ON CONFLICT (period_id, objective_code, unit_code) DO NOTHING",
            )
            .bind(period_id)
            .bind(objective)
            .bind(unit)
            .bind(figures)
            .bind(body)
            .bind(actor.user_id)
            .bind(&now)
            .execute(&mut *tx)
            .await
        } else {
            sqlx::query(
                "UPDATE contributions SET figures = $1, body = $2, version = version + 1, updated_by = $3, updated_at = $4 \
                 WHERE period_id = $5 AND objective_code = $6 AND unit_code = $7 AND version = $8",
            )
            .bind(figures)
            .bind(body)
            .bind(actor.user_id)
            .bind(&now)
            .bind(period_id)
            .bind(objective)
            .bind(unit)
            .bind(expected_version)
            .execute(&mut *tx)
            .await
        }
        .doing("saving a contribution")?;
        if done.rows_affected() != 1 {
            return Err(conflict());
        }
        let id = format!("{period_id}/{objective}/{unit}");
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "save",
            "contribution",
            &id,
            Some("body"),
            None,
            Some(body),
            None,
        )
        .await?;
        tx.commit().await.doing("saving a contribution")
    }
}
