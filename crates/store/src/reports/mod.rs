//! Reporting periods, agencies' reports, their values and narrative, and
//! state changes. Every change runs in one transaction together with its
//! audit entries, and checks the report's version so that two people never
//! silently overwrite each other. This module holds the rows and changes
//! the others share and the helpers every change uses; reading, saving,
//! state changes, contributions and reminders are in the submodules.

use crate::error::{Doing, Result, StoreError};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use xanh_core::report::{NarrativePart, Value};
use xanh_core::workflow::{ReportState, TransitionError};

mod contributions;
mod flow;
mod read;
mod reminders;
mod save;
mod workflow;

#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub period_id: i64,
    pub unit_code: String,
    pub state: ReportState,
    pub version: i64,
    pub submitted_at: Option<String>,
    pub accepted_at: Option<String>,
    pub updated_at: String,
}

impl ReportRow {
    pub fn state(&self) -> ReportState {
        self.state
    }
}

/// A stored code decoded into core's type, once, here. A code Xanh never
/// wrote is an error that names the row, never a silent default.
pub(crate) fn decode<T>(
    r: &AnyRow,
    column: &str,
    row: impl FnOnce() -> String,
    parse: impl FnOnce(&str) -> Option<T>,
) -> std::result::Result<T, sqlx::Error> {
    let raw: String = r.try_get(column)?;
    parse(&raw)
        .ok_or_else(|| sqlx::Error::Decode(format!("{}: unknown {column} {raw:?}", row()).into()))
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueRow {
    pub indicator_code: String,
    pub unit_code: String,
    pub value: Option<Value>,
    pub note: Option<String>,
    pub entered_by: Option<String>,
    pub entered_at: String,
    /// A lower level's figure its receiver has not accepted yet: shown only
    /// in the lower unit's own report, counted nowhere else.
    #[serde(skip)]
    pub held_below: bool,
    /// The lower level's report an accepted figure came from.
    #[serde(skip)]
    pub source_report: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NarrativeRow {
    pub objective_code: String,
    pub part: xanh_core::report::NarrativePart,
    pub body: String,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommentRow {
    pub kind: xanh_core::workflow::CommentKind,
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
    /// The text takes in a paragraph Xanh drafted from the figures: the
    /// audit trail records that it was drafted and who took it.
    pub drafted: bool,
}

fn report_row(r: &AnyRow) -> Result<ReportRow, sqlx::Error> {
    Ok(ReportRow {
        id: r.try_get("id")?,
        period_id: r.try_get("period_id")?,
        unit_code: r.try_get("unit_code")?,
        state: decode(
            r,
            "state",
            || format!("report {}", r.try_get::<i64, _>("id").unwrap_or_default()),
            ReportState::parse,
        )?,
        version: r.try_get("version")?,
        submitted_at: r.try_get("submitted_at")?,
        accepted_at: r.try_get("accepted_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub(crate) fn value_of(r: &AnyRow) -> Result<Option<Value>, sqlx::Error> {
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
