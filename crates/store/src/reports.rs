//! Reporting periods, agencies' reports, their values and narrative, and
//! state changes. Every change runs in one transaction together with its
//! audit entries, and checks the report's version so that two people never
//! silently overwrite each other.

use crate::audit::record;
use crate::error::{Doing, Result, StoreError};
use crate::{PeriodRow, Store, time_text};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use xanh_core::access::Actor;
use xanh_core::report::{NarrativePart, Value};
use xanh_core::workflow::{Action, PeriodState, ReportState, TransitionError, transition};

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub period_id: i64,
    pub unit_code: String,
    pub state: String,
    pub version: i64,
    pub submitted_at: Option<String>,
    pub accepted_at: Option<String>,
    pub updated_at: String,
}

impl ReportRow {
    pub fn state(&self) -> ReportState {
        ReportState::parse(&self.state).unwrap_or(ReportState::Draft)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueRow {
    pub indicator_code: String,
    pub unit_code: String,
    pub value: Option<Value>,
    pub note: Option<String>,
    pub entered_by: Option<String>,
    pub entered_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NarrativeRow {
    pub objective_code: String,
    pub part: String,
    pub body: String,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentRow {
    pub kind: String,
    pub body: String,
    pub author: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContributionRow {
    pub objective_code: String,
    pub unit_code: String,
    pub figures: String,
    pub body: String,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

/// One value as the user left it: `None` clears it.
#[derive(Debug, Clone)]
pub struct ValueChange {
    pub indicator: String,
    pub unit: String,
    pub value: Option<Value>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NarrativeChange {
    pub objective: String,
    pub part: NarrativePart,
    pub body: String,
}

fn report_row(r: &AnyRow) -> Result<ReportRow, sqlx::Error> {
    Ok(ReportRow {
        id: r.try_get("id")?,
        period_id: r.try_get("period_id")?,
        unit_code: r.try_get("unit_code")?,
        state: r.try_get("state")?,
        version: r.try_get("version")?,
        submitted_at: r.try_get("submitted_at")?,
        accepted_at: r.try_get("accepted_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn value_of(r: &AnyRow) -> Result<Option<Value>, sqlx::Error> {
    let num: Option<f64> = r.try_get("value_num")?;
    let yes: Option<i64> = r.try_get("value_bool")?;
    let text: Option<String> = r.try_get("value_text")?;
    Ok(match (num, yes, text) {
        (Some(n), _, _) => Some(Value::Number(n)),
        (_, Some(b), _) => Some(Value::YesNo(b != 0)),
        (_, _, Some(t)) => Some(Value::Text(t)),
        _ => None,
    })
}

fn conflict() -> StoreError {
    StoreError::Conflict("the report was changed by someone else since it was opened".into())
}

/// Why a state change was refused, for the web layer to word.
pub fn transition_error(e: TransitionError) -> StoreError {
    match e {
        TransitionError::PeriodNotOpen => StoreError::Invalid {
            field: "period".into(),
            reason: "the period is not open for input".into(),
        },
        TransitionError::ReasonRequired => StoreError::Invalid {
            field: "reason".into(),
            reason: "a comment or reason is required".into(),
        },
        TransitionError::NotAllowed { from, action } => StoreError::Invalid {
            field: "state".into(),
            reason: format!("cannot {action:?} a report that is {}", from.as_str()),
        },
    }
}

impl Store {
    pub async fn period(&self, id: i64) -> Result<(String, PeriodRow)> {
        let r = sqlx::query(
            "SELECT f.code AS framework, p.id, p.code, p.kind, p.year, p.label_vi, p.label_en, p.data_from, \
             p.data_to, p.deadline, p.state FROM reporting_periods p JOIN frameworks f ON f.id = p.framework_id \
             WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a period")?
        .ok_or_else(|| StoreError::NotFound(format!("period {id}")))?;
        let row = PeriodRow {
            id: r.try_get("id").doing("reading a period")?,
            code: r.try_get("code").doing("reading a period")?,
            kind: r.try_get("kind").doing("reading a period")?,
            year: r.try_get("year").doing("reading a period")?,
            label_vi: r.try_get("label_vi").doing("reading a period")?,
            label_en: r.try_get("label_en").doing("reading a period")?,
            data_from: r.try_get("data_from").doing("reading a period")?,
            data_to: r.try_get("data_to").doing("reading a period")?,
            deadline: r.try_get("deadline").doing("reading a period")?,
            state: r.try_get("state").doing("reading a period")?,
        };
        Ok((r.try_get("framework").doing("reading a period")?, row))
    }

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
            &mut *tx,
            Some(actor.user_id),
            &actor.username,
            "set_state",
            "period",
            &id.to_string(),
            Some("state"),
            Some(&period.state),
            Some(state.as_str()),
            None,
        )
        .await?;
        tx.commit().await.doing("changing a period")
    }

    pub async fn report(&self, id: i64) -> Result<ReportRow> {
        read_report(&self.pool, id).await
    }

    pub async fn reports_of_period(&self, period_id: i64) -> Result<Vec<ReportRow>> {
        sqlx::query(concat!(
            "SELECT ",
            "id, period_id, unit_code, state, version, submitted_at, accepted_at, updated_at",
            " FROM reports WHERE period_id = $1 ORDER BY unit_code"
        ))
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("listing reports")?
        .iter()
        .map(report_row)
        .collect::<Result<_, _>>()
        .doing("reading reports")
    }

    /// The report of an agency for a period, made (not started) if it does not exist yet.
    pub async fn ensure_report(&self, period_id: i64, unit: &str) -> Result<ReportRow> {
        let now = time_text::now();
        // Two first visits at once both try to insert; the unique key keeps one.
        sqlx::query(
            "INSERT INTO reports (period_id, unit_code, state, version, created_at, updated_at) \
             VALUES ($1, $2, 'not_started', 0, $3, $3) ON CONFLICT (period_id, unit_code) DO NOTHING",
        )
        .bind(period_id)
        .bind(unit)
        .bind(&now)
        .execute(&self.pool)
        .await
        .doing("opening a report")?;
        let row = sqlx::query(concat!(
            "SELECT ",
            "id, period_id, unit_code, state, version, submitted_at, accepted_at, updated_at",
            " FROM reports WHERE period_id = $1 AND unit_code = $2"
        ))
        .bind(period_id)
        .bind(unit)
        .fetch_one(&self.pool)
        .await
        .doing("opening a report")?;
        report_row(&row).doing("opening a report")
    }

    pub async fn values_of_period(&self, period_id: i64) -> Result<Vec<ValueRow>> {
        sqlx::query(
            "SELECT v.indicator_code, v.unit_code, v.value_num, v.value_bool, v.value_text, v.note, v.entered_at, \
             u.username FROM indicator_values v LEFT JOIN users u ON u.id = v.entered_by \
             WHERE v.period_id = $1 ORDER BY v.indicator_code, v.unit_code",
        )
        .bind(period_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading values")?
        .iter()
        .map(|r| {
            Ok(ValueRow {
                indicator_code: r.try_get("indicator_code")?,
                unit_code: r.try_get("unit_code")?,
                value: value_of(r)?,
                note: r.try_get("note")?,
                entered_by: r.try_get("username")?,
                entered_at: r.try_get("entered_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading values")
    }

    /// The values of some indicators in a period: what one report's scope
    /// can hold, without reading the whole period (660,000 values at
    /// national scale). One indexed query per indicator.
    pub async fn values_of_indicators(
        &self,
        period_id: i64,
        indicators: &[&str],
    ) -> Result<Vec<ValueRow>> {
        let mut out = Vec::new();
        for indicator in indicators {
            let rows = sqlx::query(
                "SELECT v.indicator_code, v.unit_code, v.value_num, v.value_bool, v.value_text, v.note, v.entered_at, \
                 u.username FROM indicator_values v LEFT JOIN users u ON u.id = v.entered_by \
                 WHERE v.period_id = $1 AND v.indicator_code = $2 ORDER BY v.unit_code",
            )
            .bind(period_id)
            .bind(*indicator)
            .fetch_all(&self.pool)
            .await
            .doing("reading values")?;
            for r in &rows {
                out.push(
                    (|| {
                        Ok::<_, sqlx::Error>(ValueRow {
                            indicator_code: r.try_get("indicator_code")?,
                            unit_code: r.try_get("unit_code")?,
                            value: value_of(r)?,
                            note: r.try_get("note")?,
                            entered_by: r.try_get("username")?,
                            entered_at: r.try_get("entered_at")?,
                        })
                    })()
                    .doing("reading values")?,
                );
            }
        }
        Ok(out)
    }

    /// Earlier numeric values of an indicator for a unit, for the unusual-value check.
    pub async fn history(
        &self,
        framework: &str,
        indicator: &str,
        unit: &str,
        before: &str,
    ) -> Result<Vec<f64>> {
        sqlx::query(
            "SELECT v.value_num FROM indicator_values v JOIN reporting_periods p ON p.id = v.period_id \
             JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 AND v.indicator_code = $2 AND v.unit_code = $3 AND p.deadline < $4 AND v.value_num IS NOT NULL",
        )
        .bind(framework)
        .bind(indicator)
        .bind(unit)
        .bind(before)
        .fetch_all(&self.pool)
        .await
        .doing("reading a unit's history")?
        .iter()
        .map(|r| r.try_get("value_num"))
        .collect::<Result<_, _>>()
        .doing("reading a unit's history")
    }

    pub async fn narratives(&self, report_id: i64) -> Result<Vec<NarrativeRow>> {
        sqlx::query(
            "SELECT n.objective_code, n.part, n.body, n.updated_at, u.username FROM narratives n \
             LEFT JOIN users u ON u.id = n.updated_by WHERE n.report_id = $1",
        )
        .bind(report_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading the narrative")?
        .iter()
        .map(|r| {
            Ok(NarrativeRow {
                objective_code: r.try_get("objective_code")?,
                part: r.try_get("part")?,
                body: r.try_get("body")?,
                updated_by: r.try_get("username")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading the narrative")
    }

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
            Ok(CommentRow {
                kind: r.try_get("kind")?,
                body: r.try_get("body")?,
                author: r.try_get("username")?,
                at: r.try_get("at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading comments")
    }

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
        let period_state = PeriodState::parse(&period.state).unwrap_or(PeriodState::Closed);
        let new_state = transition(report.state(), Action::Save, period_state, None)
            .map_err(transition_error)?;
        let now = time_text::now();
        let mut tx = self.pool.begin().await.doing("saving a report")?;
        bump_version(&mut tx, report_id, expected_version, new_state, &now).await?;
        if new_state != report.state() {
            record(
                &mut *tx,
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
                &mut *tx,
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

    /// Submits, returns, accepts or reopens a report.
    pub async fn change_report_state(
        &self,
        report_id: i64,
        expected_version: Option<i64>,
        action: Action,
        reason: Option<&str>,
        actor: &Actor,
    ) -> Result<ReportRow> {
        let report = self.report(report_id).await?;
        let (_, period) = self.period(report.period_id).await?;
        let period_state = PeriodState::parse(&period.state).unwrap_or(PeriodState::Closed);
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
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        if let (Some(body), Action::Return | Action::Reopen) = (reason, action) {
            sqlx::query("INSERT INTO report_comments (report_id, author_id, kind, body, at) VALUES ($1, $2, $3, $4, $5)")
                .bind(report_id)
                .bind(actor.user_id)
                .bind(if action == Action::Return { "return" } else { "reopen" })
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
            &mut *tx,
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
            &mut *tx,
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

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Moves the report to its next version, or fails if someone else got there first.
async fn bump_version(
    tx: &mut Tx<'_>,
    id: i64,
    expected: i64,
    state: ReportState,
    now: &str,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE reports SET version = version + 1, state = $1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(state.as_str())
    .bind(now)
    .bind(id)
    .bind(expected)
    .execute(&mut **tx)
    .await
    .doing("updating a report")?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(conflict())
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
            &mut **tx,
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
            &mut **tx,
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
        &mut **tx,
        Some(actor.user_id),
        &actor.username,
        "save",
        "narrative",
        &id,
        Some(n.part.as_str()),
        old.as_deref(),
        Some(&n.body),
        None,
    )
    .await
}

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
            sqlx::query("SELECT id FROM reporting_periods WHERE state = 'open' ORDER BY deadline")
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

impl Store {
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

/// One report, on the pool or inside a transaction.
async fn read_report<'c, E>(exec: E, id: i64) -> Result<ReportRow>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(concat!(
        "SELECT ",
        "id, period_id, unit_code, state, version, submitted_at, accepted_at, updated_at",
        " FROM reports WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(exec)
    .await
    .doing("reading a report")?
    .ok_or_else(|| StoreError::NotFound(format!("report {id}")))?;
    report_row(&row).doing("reading a report")
}
