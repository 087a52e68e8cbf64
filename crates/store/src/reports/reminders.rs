//! Deadline reminders: claiming one for sending so that exactly one server
//! process sends it, recording how sending went, and listing the open periods
//! the reminder round looks at.

use crate::error::{Doing, Result};
use crate::{PeriodRow, Store, time_text};
use sqlx::Row;

impl Store {
    /// Claims a reminder for sending. True for exactly one caller across all
    /// server processes; the others see the row already there.
    pub async fn claim_reminder(
        &self,
        period_id: i64,
        unit: &str,
        kind: &str,
        recipients: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO reminders (period_id, unit_code, kind, claimed_at, recipients, outcome) \
             VALUES ($1, $2, $3, $4, $5, 'claimed') ON CONFLICT (period_id, unit_code, kind) DO NOTHING",
        )
        .bind(period_id)
        .bind(unit)
        .bind(kind)
        .bind(time_text::now())
        .bind(recipients)
        .execute(&self.pool)
        .await
        .doing("claiming a reminder")?;
        Ok(done.rows_affected() == 1)
    }

    /// Records how sending went; a failed reminder is released to be tried again.
    pub async fn finish_reminder(
        &self,
        period_id: i64,
        unit: &str,
        kind: &str,
        outcome: Result<(), String>,
    ) -> Result<()> {
        match outcome {
            Ok(()) => sqlx::query("UPDATE reminders SET outcome = 'sent' WHERE period_id = $1 AND unit_code = $2 AND kind = $3")
                .bind(period_id)
                .bind(unit)
                .bind(kind)
                .execute(&self.pool)
                .await,
            Err(_) => sqlx::query("DELETE FROM reminders WHERE period_id = $1 AND unit_code = $2 AND kind = $3")
                .bind(period_id)
                .bind(unit)
                .bind(kind)
                .execute(&self.pool)
                .await,
        }
        .doing("recording a reminder")?;
        Ok(())
    }

    /// Open periods, for the reminder round.
    pub async fn open_periods(&self) -> Result<Vec<(String, PeriodRow)>> {
        let ids: Vec<i64> =
            sqlx::query("SELECT id FROM reporting_periods WHERE state = $1 ORDER BY deadline")
                .bind(xanh_core::workflow::PeriodState::Open.as_str())
                .fetch_all(&self.pool)
                .await
                .doing("listing open periods")?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, _>>()
                .doing("listing open periods")?;
        let mut out = Vec::new();
        for id in ids {
            out.push(self.period(id).await?);
        }
        Ok(out)
    }
}
