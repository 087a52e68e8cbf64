//! State changes: opening and closing a reporting period, and submitting,
//! returning, accepting or reopening a report, each checked against the workflow
//! rules and written in one transaction with its audit entry and comment.

use super::{ReportRow, bump_version, read_report, transition_error};
use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use xanh_core::access::Actor;
use xanh_core::workflow::{Action, PeriodState, ReportState, transition};

impl Store {
    pub async fn set_period_state(&self, id: i64, state: PeriodState, actor: &Actor) -> Result<()> {
        let (_, period) = self.period(id).await?;
        let mut tx = self.pool.begin().await.doing("changing a period")?;
        sqlx::query("UPDATE reporting_periods SET state = $1 WHERE id = $2")
            .bind(state.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await
            .doing("changing a period")?;
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "set_state",
            "period",
            &id.to_string(),
            Some("state"),
            Some(period.state.as_str()),
            Some(state.as_str()),
            None,
        )
        .await?;
        tx.commit().await.doing("changing a period")
    }

    /// Submits, returns, accepts or reopens a report.
    pub async fn change_report_state(
        &self,
        report_id: i64,
        expected_version: Option<i64>,
        action: Action,
        reason: Option<&str>,
        actor: &Actor,
    ) -> Result<ReportRow> {
        self.change_state(report_id, expected_version, action, reason, actor, None)
            .await
    }

    /// The same for a lower level's report, whose figures flow into the
    /// receiving agency's report `receiver_report` when it is accepted, and
    /// back when it is reopened; both only while that report can still be
    /// changed, so a report already sent on never changes under its reader.
    pub async fn change_lower_report_state(
        &self,
        report_id: i64,
        expected_version: Option<i64>,
        action: Action,
        reason: Option<&str>,
        actor: &Actor,
        receiver_report: i64,
    ) -> Result<ReportRow> {
        self.change_state(
            report_id,
            expected_version,
            action,
            reason,
            actor,
            Some(receiver_report),
        )
        .await
    }

    async fn change_state(
        &self,
        report_id: i64,
        expected_version: Option<i64>,
        action: Action,
        reason: Option<&str>,
        actor: &Actor,
        receiver_report: Option<i64>,
    ) -> Result<ReportRow> {
        let report = self.report(report_id).await?;
        let (_, period) = self.period(report.period_id).await?;
        let period_state = period.state;
        let to =
            transition(report.state(), action, period_state, reason).map_err(transition_error)?;
        let now = time_text::now();
        let mut tx = self.pool.begin().await.doing("changing a report's state")?;
        let version = expected_version.unwrap_or(report.version);
        bump_version(&mut tx, report_id, version, to, &now).await?;
        match action {
            Action::Submit => {
                sqlx::query(
                    "UPDATE reports SET submitted_at = $1, submitted_by = $2 WHERE id = $3",
                )
                .bind(&now)
                .bind(actor.user_id)
                .bind(report_id)
                .execute(&mut *tx)
                .await
                .doing("submitting a report")?;
            }
            Action::Accept => {
                sqlx::query("UPDATE reports SET accepted_at = $1 WHERE id = $2")
                    .bind(&now)
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await
                    .doing("accepting a report")?;
            }
            _ => {}
        }
        if let Some(receiver) = receiver_report
            && matches!(action, Action::Accept | Action::Reopen)
        {
            super::flow::move_figures(&mut tx, report_id, receiver, action, actor, &now).await?;
        }
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        // A comment with a return or reopening; with a submission, the
        // note of a department sending without some of its communes.
        if let (Some(body), Some(kind)) = (reason, xanh_core::workflow::CommentKind::of(action)) {
            sqlx::query("INSERT INTO report_comments (report_id, author_id, kind, body, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(report_id)
                .bind(actor.user_id)
                .bind(kind.as_str())
                .bind(body)
                .bind(&now)
                .execute(&mut *tx)
                .await
                .doing("storing the comment")?;
        }
        let action_name = match action {
            Action::Save => "save",
            Action::Submit => "submit",
            Action::Return => "return",
            Action::Accept => "accept",
            Action::Reopen => "reopen",
        };
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            action_name,
            "report",
            &report_id.to_string(),
            Some("state"),
            Some(report.state().as_str()),
            Some(to.as_str()),
            reason,
        )
        .await?;
        // Only accepted values are summed: accepting or reopening moves the sums.
        if report.state() == ReportState::Accepted || to == ReportState::Accepted {
            for area in crate::aggregates::areas_of_report(&mut tx, report_id).await? {
                crate::aggregates::refresh_area(&mut tx, report.period_id, &area).await?;
            }
        }
        let changed = read_report(&mut *tx, report_id).await?;
        tx.commit().await.doing("changing a report's state")?;
        Ok(changed)
    }
    /// Sets when a report was submitted. Used only by the sample data set,
    /// whose reports are made today but stand for past years; real
    /// submissions take their time from the clock.
    pub async fn set_sample_submission_time(&self, report_id: i64, at: &str) -> Result<()> {
        sqlx::query("UPDATE reports SET submitted_at = $1 WHERE id = $2")
            .bind(at)
            .bind(report_id)
            .execute(&self.pool)
            .await
            .doing("dating a sample report")?;
        Ok(())
    }
}
