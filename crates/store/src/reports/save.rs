//! Saving a report's values and narrative as a draft, from the form or from an
//! uploaded file: all or nothing, in one transaction with the audit entries, and
//! only if the report is still at the version the user's form was built from.

use super::{
    NarrativeChange, ReportRow, Tx, ValueChange, bump_version, read_report, transition_error,
    value_of,
};
use crate::audit::record;
use crate::error::{Doing, Result};
use crate::{Store, time_text};
use sqlx::Row;
use xanh_core::access::Actor;
use xanh_core::report::Value;
use xanh_core::workflow::{Action, transition};

impl Store {
    /// Saves values and narrative as a draft, all or nothing. `expected_version`
    /// is the version the user's form was built from.
    pub async fn save_report(
        &self,
        report_id: i64,
        expected_version: i64,
        values: &[ValueChange],
        narrative: &[NarrativeChange],
        actor: &Actor,
    ) -> Result<ReportRow> {
        self.save_report_from(report_id, expected_version, values, narrative, actor, None)
            .await
    }

    /// As [`Store::save_report`], for a file upload: the trail's "upload"
    /// entry (`file` describes the file) is written in the same transaction,
    /// so a crash can never leave the values without it or it without them.
    pub async fn save_report_upload(
        &self,
        report_id: i64,
        expected_version: i64,
        values: &[ValueChange],
        narrative: &[NarrativeChange],
        actor: &Actor,
        file: &str,
    ) -> Result<ReportRow> {
        self.save_report_from(
            report_id,
            expected_version,
            values,
            narrative,
            actor,
            Some(file),
        )
        .await
    }

    async fn save_report_from(
        &self,
        report_id: i64,
        expected_version: i64,
        values: &[ValueChange],
        narrative: &[NarrativeChange],
        actor: &Actor,
        upload: Option<&str>,
    ) -> Result<ReportRow> {
        let report = self.report(report_id).await?;
        let (_, period) = self.period(report.period_id).await?;
        let period_state = period.state;
        let new_state = transition(report.state(), Action::Save, period_state, None)
            .map_err(transition_error)?;
        let now = time_text::now();
        let mut tx = self.pool.begin().await.doing("saving a report")?;
        bump_version(&mut tx, report_id, expected_version, new_state, &now).await?;
        if new_state != report.state() {
            record(
                &mut tx,
                Some(actor.user_id),
                &actor.username,
                "save",
                "report",
                &report_id.to_string(),
                Some("state"),
                Some(report.state().as_str()),
                Some(new_state.as_str()),
                None,
            )
            .await?;
        }
        for v in values {
            save_value(&mut tx, &report, v, actor, &now).await?;
            crate::aggregates::refresh_value(&mut tx, report.period_id, &v.indicator, &v.unit)
                .await?;
        }
        for n in narrative {
            save_narrative(&mut tx, report_id, n, actor, &now).await?;
        }
        if let Some(file) = upload {
            record(
                &mut tx,
                Some(actor.user_id),
                &actor.username,
                "upload",
                "report",
                &report_id.to_string(),
                Some("file"),
                None,
                Some(file),
                None,
            )
            .await?;
        }
        // The report as this save left it, read before the commit: read after,
        // a save that commits in between would lend its version to this answer.
        let saved = read_report(&mut *tx, report_id).await?;
        tx.commit().await.doing("saving a report")?;
        Ok(saved)
    }
}

async fn save_value(
    tx: &mut Tx<'_>,
    report: &ReportRow,
    v: &ValueChange,
    actor: &Actor,
    now: &str,
) -> Result<()> {
    let old = sqlx::query(
        "SELECT value_num, value_bool, value_text, note FROM indicator_values \
         WHERE period_id = $1 AND indicator_code = $2 AND unit_code = $3",
    )
    .bind(report.period_id)
    .bind(&v.indicator)
    .bind(&v.unit)
    .fetch_optional(&mut **tx)
    .await
    .doing("reading a value")?;
    let (old_value, old_note) = match &old {
        Some(r) => (
            value_of(r).doing("reading a value")?,
            r.try_get::<Option<String>, _>("note")
                .doing("reading a value")?,
        ),
        None => (None, None),
    };
    let note = v
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    if old_value == v.value && old_note == note {
        return Ok(());
    }
    let (num, yes, text) = match &v.value {
        Some(Value::Number(n)) => (Some(*n), None, None),
        Some(Value::YesNo(b)) => (None, Some(i64::from(*b)), None),
        Some(Value::Text(t)) => (None, None, Some(t.clone())),
        None => (None, None, None),
    };
    if v.value.is_none() && note.is_none() {
        sqlx::query("DELETE FROM indicator_values WHERE period_id = $1 AND indicator_code = $2 AND unit_code = $3")
            .bind(report.period_id)
            .bind(&v.indicator)
            .bind(&v.unit)
            .execute(&mut **tx)
            .await
            .doing("clearing a value")?;
    } else {
        let query = sqlx::query(
            "INSERT INTO indicator_values (period_id, indicator_code, unit_code, report_id, value_num, value_bool, \
             value_text, note, entered_by, entered_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1) \
             ON CONFLICT (period_id, indicator_code, unit_code) DO UPDATE SET report_id = excluded.report_id, \
             value_num = excluded.value_num, value_bool = excluded.value_bool, value_text = excluded.value_text, \
             note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at, \
             version = indicator_values.version + 1",
        )
        .bind(report.period_id)
        .bind(&v.indicator)
        .bind(&v.unit)
        .bind(report.id);
        crate::db::bind_f64(query, num)
            .bind(yes)
            .bind(text)
            .bind(note.clone())
            .bind(actor.user_id)
            .bind(now)
            .execute(&mut **tx)
            .await
            .doing("storing a value")?;
    }
    // Entity id "report/indicator/unit": the trail of a report lists its values.
    let id = format!("{}/{}/{}", report.id, v.indicator, v.unit);
    if old_value != v.value {
        record(
            tx,
            Some(actor.user_id),
            &actor.username,
            "save",
            "value",
            &id,
            Some("value"),
            old_value.as_ref().map(Value::audit_text).as_deref(),
            v.value.as_ref().map(Value::audit_text).as_deref(),
            None,
        )
        .await?;
    }
    if old_note != note {
        record(
            tx,
            Some(actor.user_id),
            &actor.username,
            "save",
            "value",
            &id,
            Some("note"),
            old_note.as_deref(),
            note.as_deref(),
            None,
        )
        .await?;
    }
    Ok(())
}

async fn save_narrative(
    tx: &mut Tx<'_>,
    report_id: i64,
    n: &NarrativeChange,
    actor: &Actor,
    now: &str,
) -> Result<()> {
    let old: Option<String> = sqlx::query(
        "SELECT body FROM narratives WHERE report_id = $1 AND objective_code = $2 AND part = $3",
    )
    .bind(report_id)
    .bind(&n.objective)
    .bind(n.part.as_str())
    .fetch_optional(&mut **tx)
    .await
    .doing("reading the narrative")?
    .map(|r| r.try_get("body"))
    .transpose()
    .doing("reading the narrative")?;
    if old.as_deref().unwrap_or("") == n.body {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO narratives (report_id, objective_code, part, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (report_id, objective_code, part) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(report_id)
    .bind(&n.objective)
    .bind(n.part.as_str())
    .bind(&n.body)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await
    .doing("storing the narrative")?;
    let id = format!("{report_id}/{}/{}", n.objective, n.part.as_str());
    record(
        tx,
        Some(actor.user_id),
        &actor.username,
        if n.drafted { "take_draft" } else { "save" },
        "narrative",
        &id,
        Some(n.part.as_str()),
        old.as_deref(),
        Some(&n.body),
        n.drafted
            .then_some("Bản nháp do Xanh soạn từ số liệu; người này đã xem và đưa vào báo cáo."),
    )
    .await
}
