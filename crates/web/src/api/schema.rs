//! The API's response bodies as Rust types: what `/api/openapi.json`
//! describes field by field, and what a generated client can rely on. They
//! are built from the store's rows and the use cases' results here, so the
//! contract does not move when a row gains a column.

use serde::Serialize;
use utoipa::ToSchema;
use xanh_core::Lang;
use xanh_store::{
    AuditRow, CommentRow, ContributionRow, FrameworkSummary, NarrativeRow, PeriodRow, ReportRow,
    ValueRow,
};

/// `/health`.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// "ok" or "unavailable".
    pub status: &'static str,
    /// "ok" or "unreachable".
    pub database: &'static str,
}

/// A framework and its current version.
#[derive(Serialize, ToSchema)]
pub struct FrameworkItem {
    /// Its code, e.g. "quang-ngai-2021-2030".
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    /// The decision that issued it, e.g. "598/QĐ-UBND".
    pub decision_number: String,
    pub current_version: i64,
    /// How many versions are kept (a change is a new version, never an edit).
    pub versions: i64,
    /// When the current version was imported (RFC 3339).
    pub imported_at: String,
}

impl From<FrameworkSummary> for FrameworkItem {
    fn from(f: FrameworkSummary) -> Self {
        FrameworkItem {
            code: f.code,
            title_vi: f.title_vi,
            title_en: f.title_en,
            decision_number: f.decision_number,
            current_version: f.current_version,
            versions: f.versions,
            imported_at: f.imported_at,
        }
    }
}

/// One version of a framework in full.
#[derive(Serialize, ToSchema)]
pub struct FrameworkVersion {
    pub version: i64,
    pub imported_at: String,
    /// The framework: its decision, plan, objectives, indicators, targets
    /// and rules (its units and calendar have operations of their own).
    pub framework: super::framework_body::FrameworkBody,
}

/// A reporting period.
#[derive(Serialize, ToSchema)]
pub struct Period {
    pub id: i64,
    /// The framework's code.
    pub code: String,
    /// "annual", "semiannual" or "quarterly".
    pub kind: String,
    pub year: i64,
    pub label_vi: String,
    pub label_en: String,
    /// The first and last day the figures cover, and the deadline (ISO dates).
    pub data_from: String,
    pub data_to: String,
    pub deadline: String,
    /// "planned", "open" or "closed".
    pub state: String,
}

impl From<PeriodRow> for Period {
    fn from(p: PeriodRow) -> Self {
        Period {
            id: p.id,
            code: p.code,
            kind: p.kind.as_str().to_string(),
            year: p.year,
            label_vi: p.label_vi,
            label_en: p.label_en,
            data_from: p.data_from,
            data_to: p.data_to,
            deadline: p.deadline,
            state: p.state.as_str().to_string(),
        }
    }
}

/// `/api/v1/me`.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    /// "admin", "consolidator", "officer" or "viewer".
    pub role: String,
    /// The agency an officer reports for.
    pub unit: Option<String>,
}

/// A report's row: its state and version.
#[derive(Serialize, ToSchema)]
pub struct Report {
    pub id: i64,
    pub period_id: i64,
    pub unit_code: String,
    /// "draft", "submitted", "returned" or "accepted".
    pub state: String,
    /// Send it back with the next save or state change: a stale one is refused (409).
    pub version: i64,
    pub submitted_at: Option<String>,
    pub accepted_at: Option<String>,
    pub updated_at: String,
}

impl From<ReportRow> for Report {
    fn from(r: ReportRow) -> Self {
        Report {
            id: r.id,
            period_id: r.period_id,
            unit_code: r.unit_code,
            state: r.state.as_str().to_string(),
            version: r.version,
            submitted_at: r.submitted_at,
            accepted_at: r.accepted_at,
            updated_at: r.updated_at,
        }
    }
}

/// Every expected report of a period.
#[derive(Serialize, ToSchema)]
pub struct Overview {
    pub period: Period,
    pub reports: Vec<OverviewItem>,
    /// The lower levels (communes), per receiving department.
    pub levels: Vec<LevelItem>,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewItem {
    pub unit: String,
    /// The agency's name as the tables show it.
    pub unit_name: String,
    /// None while the agency has not started its report.
    pub report_id: Option<i64>,
    /// "not_started", "draft", "submitted", "returned" or "accepted".
    pub state: String,
    /// The state in words, in the asked language.
    pub state_label: String,
    pub submitted_at: String,
    pub late: bool,
    /// "75% (3/4)".
    pub completeness: String,
    /// The data-quality score out of 100.
    pub quality_score: Option<u8>,
    /// What the score is made of.
    pub quality: QualityDetail,
}

/// A report's data quality, part by part (`docs/data-quality.md`).
#[derive(Serialize, ToSchema)]
pub struct QualityDetail {
    /// Figures the report is expected to give, and those it gives.
    pub figures_expected: usize,
    pub figures_given: usize,
    /// Delivered by the deadline; None while that cannot be judged yet.
    pub on_time: Option<bool>,
    /// Consistency checks its figures take part in, and those that hold.
    pub checks: usize,
    pub checks_held: usize,
    /// Figures questioned (unusual, or breaking a rule), and those explained.
    pub flags: usize,
    pub flags_explained: usize,
    /// The score and its parts in words, as the overview page shows them.
    pub shown: String,
    pub parts: String,
}

/// The reports one department receives from the level below.
#[derive(Serialize, ToSchema)]
pub struct LevelItem {
    /// The receiving department's code and name.
    pub receiver: String,
    pub department: String,
    /// The lower level's deadline (ISO date).
    pub deadline: String,
    pub total: usize,
    pub delivered: usize,
    pub accepted: usize,
    /// The late lower units by name.
    pub late: Vec<String>,
    /// The department has not sent its own report and some lower reports are not accepted.
    pub waiting_on_lower: bool,
}

impl From<xanh_app::chain::LevelRow> for LevelItem {
    fn from(l: xanh_app::chain::LevelRow) -> Self {
        LevelItem {
            receiver: l.receiver,
            department: l.department,
            deadline: l.deadline,
            total: l.total,
            delivered: l.delivered,
            accepted: l.accepted,
            late: l.late,
            waiting_on_lower: l.waiting_on_communes,
        }
    }
}

/// A value slot of a report.
#[derive(Serialize, ToSchema)]
pub struct Slot {
    pub indicator: String,
    pub unit: String,
    /// Typed by a lower level and received with its accepted report, not typed here.
    pub received: bool,
}

/// A typed figure: a number, yes or no, or a text.
#[derive(Serialize, ToSchema)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum TypedValue {
    Number(f64),
    YesNo(bool),
    Text(String),
}

impl From<&xanh_core::report::Value> for TypedValue {
    fn from(v: &xanh_core::report::Value) -> Self {
        use xanh_core::report::Value;
        match v {
            Value::Number(n) => TypedValue::Number(*n),
            Value::YesNo(b) => TypedValue::YesNo(*b),
            Value::Text(t) => TypedValue::Text(t.clone()),
        }
    }
}

/// A stored figure of a report.
#[derive(Serialize, ToSchema)]
pub struct ReportValue {
    pub indicator: String,
    pub unit: String,
    pub value: Option<TypedValue>,
    /// As the pages show it, in the asked language ("1.234,5" in Vietnamese).
    pub display: Option<String>,
    pub note: Option<String>,
    pub entered_by: Option<String>,
    pub entered_at: String,
    pub received: bool,
    /// The lower level's report the figure came from.
    pub from_report: Option<i64>,
}

impl ReportValue {
    pub fn of(v: &ValueRow, received: bool, lang: Lang) -> Self {
        ReportValue {
            indicator: v.indicator_code.clone(),
            unit: v.unit_code.clone(),
            value: v.value.as_ref().map(TypedValue::from),
            display: v.value.as_ref().map(|x| x.display(lang)),
            note: v.note.clone(),
            entered_by: v.entered_by.clone(),
            entered_at: v.entered_at.clone(),
            received,
            from_report: v.source_report,
        }
    }
}

/// A narrative part of an objective.
#[derive(Serialize, ToSchema)]
pub struct Narrative {
    pub objective_code: String,
    /// "results", "difficulties" or "proposals".
    pub part: String,
    pub body: String,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

impl From<NarrativeRow> for Narrative {
    fn from(n: NarrativeRow) -> Self {
        Narrative {
            objective_code: n.objective_code,
            part: n.part.as_str().to_string(),
            body: n.body,
            updated_by: n.updated_by,
            updated_at: n.updated_at,
        }
    }
}

/// A reviewer's comment or a reason given with a state change.
#[derive(Serialize, ToSchema)]
pub struct Comment {
    pub kind: String,
    pub body: String,
    pub author: Option<String>,
    pub at: String,
}

impl From<CommentRow> for Comment {
    fn from(c: CommentRow) -> Self {
        Comment {
            kind: c.kind.as_str().to_string(),
            body: c.body,
            author: c.author,
            at: c.at,
        }
    }
}

/// A report with what is needed to fill it in or review it.
#[derive(Serialize, ToSchema)]
pub struct ReportInFull {
    pub report: Report,
    pub period: Period,
    /// The framework's code.
    pub framework: String,
    pub slots: Vec<Slot>,
    /// The agency a lower level's report goes to; None for a lead agency's.
    pub receiver: Option<String>,
    /// This report's own deadline (ISO): its level's, or the period's.
    pub deadline: String,
    pub values: Vec<ReportValue>,
    pub narrative: Vec<Narrative>,
    pub comments: Vec<Comment>,
}

/// A report after a state change.
#[derive(Serialize, ToSchema)]
pub struct ReportChanged {
    pub report: Report,
}

/// A period after it was opened or closed.
#[derive(Serialize, ToSchema)]
pub struct PeriodChanged {
    pub period: Period,
}

/// One entry of an audit trail.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(a: AuditRow) -> Self {
        AuditEntry {
            id: a.id,
            at: a.at,
            actor: a.actor,
            action: a.action,
            entity: a.entity,
            entity_id: a.entity_id,
            field: a.field,
            old_value: a.old_value,
            new_value: a.new_value,
            reason: a.reason,
        }
    }
}

/// A report's audit trail, oldest first.
#[derive(Serialize, ToSchema)]
pub struct Trail {
    pub entries: Vec<AuditEntry>,
}

/// A coordinating agency's contribution as saved.
#[derive(Serialize, ToSchema)]
pub struct Contribution {
    pub objective_code: String,
    pub unit_code: String,
    pub figures: String,
    pub body: String,
    pub version: i64,
    pub updated_by: Option<String>,
    pub updated_at: String,
}

impl From<ContributionRow> for Contribution {
    fn from(c: ContributionRow) -> Self {
        Contribution {
            objective_code: c.objective_code,
            unit_code: c.unit_code,
            figures: c.figures,
            body: c.body,
            version: c.version,
            updated_by: c.updated_by,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContributionSaved {
    pub contribution: Option<Contribution>,
}
