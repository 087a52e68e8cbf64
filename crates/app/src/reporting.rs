//! The reporting cycle's use cases, shared by the pages, the JSON API and the
//! command line: which report someone may see, and turning what they typed into
//! checked changes — all of it valid, or nothing stored.

use crate::App;
use crate::error::AppError;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::framework::{Framework, ReportingTime};
use xanh_core::report::{MAX_NARRATIVE_CHARS, NarrativePart, ObjectiveScope, parse_value, scope};
use xanh_core::workflow::PeriodState;
use xanh_store::{NarrativeChange, PeriodRow, ReportRow, StoreError, ValueChange};

/// A report with what is needed to show or change it.
pub struct ReportContext {
    pub framework: Framework,
    pub framework_code: String,
    pub period: PeriodRow,
    pub report: ReportRow,
    pub scope: Vec<ObjectiveScope>,
    pub time: ReportingTime,
    /// The agency a lower level's report goes to; None for a lead agency's.
    pub receiver: Option<String>,
    /// This report's own deadline (ISO): its level's, or the period's.
    pub deadline: String,
}

impl ReportContext {
    pub fn period_state(&self) -> PeriodState {
        self.period.state
    }

    /// Whether a slot of this report is typed by a lower level and arrives
    /// here with its report, rather than being typed in this one.
    pub fn received(&self, indicator: &str, unit: &str) -> bool {
        self.receiver.is_none()
            && xanh_core::chain::from_below(&self.framework, self.time, indicator, unit).is_some()
    }

    /// Whether this actor may read its audit trail.
    pub fn audit_readable_by(&self, actor: &Actor) -> bool {
        let (unit, state) = (&self.report.unit_code, self.report.state());
        match &self.receiver {
            Some(r) => actor.can_read_lower_audit(unit, r, state),
            None => actor.can_read_audit(unit, state),
        }
    }

    /// Whether this actor may return, accept or reopen it.
    pub fn reviewable_by(&self, actor: &Actor) -> bool {
        actor.can_review_report(self.receiver.as_deref())
    }

    /// Whether this actor may change values and narrative now.
    pub fn editable_by(&self, actor: &Actor) -> bool {
        actor.can_edit_report(&self.report.unit_code)
            && self.report.state().editable()
            && self.period_state() == PeriodState::Open
    }
}

/// The deadline (ISO) `unit` keeps in `period`: its level's, or the period's.
pub fn deadline_of(fw: &Framework, unit: &str, period: &PeriodRow) -> String {
    parse_iso_date(&period.deadline)
        .map(|d| {
            xanh_core::chain::deadline_for(fw, unit, period.kind, period.year as i32, d).to_string()
        })
        .unwrap_or_else(|| period.deadline.clone())
}

pub mod draft;
mod fields;
mod reads;
pub mod review;
pub use review::state_error;
pub mod save;
pub mod start;
pub mod template;
pub use fields::{field_label, narrative_field, value_field};

pub fn parse_iso_date(s: &str) -> Option<time::Date> {
    xanh_core::display::parse_iso_date(s)
}

/// A period and the framework it belongs to; a period that does not exist
/// is a 404 that says so.
pub async fn period_with_framework(
    state: &App,
    period_id: i64,
    lang: Lang,
) -> Result<(xanh_store::PeriodRow, Framework), AppError> {
    let (code, period) = state.store.period(period_id).await.map_err(|e| match e {
        StoreError::NotFound(_) => {
            AppError::not_found(lang, "Không có kỳ báo cáo này.", "No such period.")
        }
        e => AppError::from_store(e, lang),
    })?;
    let framework = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    Ok((period, framework))
}

pub fn store_error(lang: Lang) -> impl Fn(StoreError) -> AppError {
    move |e| AppError::from_store(e, lang)
}

/// The report, if this actor may read it. Anything else is "not found", so
/// that ids of other agencies' reports reveal nothing.
pub async fn load(
    state: &App,
    actor: &Actor,
    report_id: i64,
    lang: Lang,
) -> Result<ReportContext, AppError> {
    let not_found = || {
        AppError::not_found(
            lang,
            "Không có báo cáo này, hoặc bạn không có quyền xem.",
            "There is no such report, or you may not see it.",
        )
    };
    let report = match state.store.report(report_id).await {
        Ok(r) => r,
        Err(StoreError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(AppError::from_store(e, lang)),
    };
    let (framework_code, period) = state
        .store
        .period(report.period_id)
        .await
        .map_err(store_error(lang))?;
    let framework = state
        .store
        .framework(&framework_code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let time = period.kind;
    let level = xanh_core::chain::level_of(&framework, &report.unit_code, time);
    let readable = match level {
        Some(l) => actor.can_read_lower_report(&report.unit_code, &l.receiver, report.state()),
        None => actor.can_read_report(&report.unit_code, report.state()),
    };
    if !readable {
        return Err(not_found());
    }
    let receiver = level.map(|l| l.receiver.clone());
    let deadline = deadline_of(&framework, &report.unit_code, &period);
    let data_to = parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    let scope = scope(&framework, &report.unit_code, time, data_to);
    Ok(ReportContext {
        framework,
        framework_code,
        period,
        report,
        scope,
        time,
        receiver,
        deadline,
    })
}

/// What a report holds: the values of its own slots and its narrative, read
/// once here for the JSON API, the Excel template and the official letter.
pub struct ReportContents {
    pub values: Vec<xanh_store::ValueRow>,
    pub narratives: Vec<xanh_store::NarrativeRow>,
}

impl ReportContext {
    /// The report's slots, (indicator, unit), in the order of its scope.
    pub fn slots(&self) -> Vec<(String, String)> {
        self.scope
            .iter()
            .flat_map(|o| {
                o.slots
                    .iter()
                    .map(|s| (s.indicator.clone(), s.unit.clone()))
            })
            .collect()
    }

    pub async fn contents(&self, state: &App, lang: Lang) -> Result<ReportContents, AppError> {
        let slots = self.slots();
        // Only the scope's indicators are read, and slots are looked up in a
        // set: a period holds 660,000 values at national scale.
        let mut indicators: Vec<&str> = slots.iter().map(|(i, _)| i.as_str()).collect();
        indicators.sort_unstable();
        indicators.dedup();
        let in_scope: HashSet<(&str, &str)> = slots
            .iter()
            .map(|(i, u)| (i.as_str(), u.as_str()))
            .collect();
        Ok(ReportContents {
            values: state
                .store
                .values_of_indicators(self.period.id, &indicators)
                .await
                .map_err(store_error(lang))?
                .into_iter()
                .filter(|v| in_scope.contains(&(v.indicator_code.as_str(), v.unit_code.as_str())))
                .filter(|v| crate::quality::visible(v, Some(&self.report.unit_code)))
                .collect(),
            narratives: state
                .store
                .narratives(self.report.id)
                .await
                .map_err(store_error(lang))?,
        })
    }
}

/// What someone typed for one value.
#[derive(Debug, Clone, Default)]
pub struct ValueInput {
    pub raw: String,
    pub note: String,
    pub confirmed: bool,
}

/// What someone typed into a report.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    /// (indicator, unit) → input.
    pub values: HashMap<(String, String), ValueInput>,
    /// (objective, part) → text.
    pub narrative: HashMap<(String, NarrativePart), String>,
}

/// A problem with one field, worded for the user.
#[derive(Debug, Clone, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// Whether confirming (with a note) would make the value acceptable.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub confirmable: bool,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
            confirmable: false,
        }
    }
}

/// A timestamp as officials read it: Vietnam time, "24/11/2026 18:17".
pub fn vn_time(rfc3339: &str) -> String {
    xanh_core::display::datetime_text(rfc3339)
}

/// Reads a posted form: `v:IND:UNIT` values, `n:IND:UNIT` notes,
/// `c:IND:UNIT` confirmations, `t:OBJ:PART` narrative. Unknown keys are errors.
pub fn input_from_form(
    fields: &[(String, String)],
    lang: Lang,
) -> Result<ReportInput, Vec<FieldError>> {
    let mut input = ReportInput::default();
    let mut errors = Vec::new();
    for (key, value) in fields {
        let mut parts = key.splitn(3, ':');
        let (kind, a, b) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        match (kind, a, b) {
            ("v" | "n" | "c", Some(ind), Some(unit)) => {
                let slot = input
                    .values
                    .entry((ind.to_string(), unit.to_string()))
                    .or_default();
                match kind {
                    "v" => slot.raw = value.clone(),
                    "n" => slot.note = value.clone(),
                    _ => slot.confirmed = !value.is_empty(),
                }
            }
            ("t", Some(obj), Some(part)) => match NarrativePart::parse(part) {
                Some(p) => {
                    input.narrative.insert((obj.to_string(), p), value.clone());
                }
                None => errors.push(unknown_field(key, lang)),
            },
            ("csrf" | "version", None, None) => {}
            _ => errors.push(unknown_field(key, lang)),
        }
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(errors)
    }
}

fn unknown_field(key: &str, lang: Lang) -> FieldError {
    FieldError {
        confirmable: false,
        field: key.to_string(),
        message: lang
            .pick(
                "Trường này không thuộc báo cáo.",
                "This field is not part of the report.",
            )
            .to_string(),
    }
}

/// U+0000 is never typed by a person and PostgreSQL cannot store it: refused
/// by name on both databases (a 500 on PostgreSQL before, found by schemathesis).
fn nul_error(field: String, lang: Lang) -> FieldError {
    FieldError::new(
        field,
        lang.pick(
            "Có ký tự NUL (mã 0) không được phép; hãy xoá nó.",
            "A NUL character (code 0) is not allowed; remove it.",
        ),
    )
}

/// Checks every typed value and text; returns the changes, or every problem.
pub async fn validate(
    state: &App,
    ctx: &ReportContext,
    input: &ReportInput,
    lang: Lang,
) -> Result<(Vec<ValueChange>, Vec<NarrativeChange>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let slots: HashSet<(String, String)> = ctx
        .scope
        .iter()
        .flat_map(|o| {
            o.slots
                .iter()
                .map(|s| (s.indicator.clone(), s.unit.clone()))
        })
        .collect();
    let objectives: HashSet<&str> = ctx.scope.iter().map(|o| o.objective.as_str()).collect();
    // A figure already stored passed the unusual-value check when it was
    // saved (or was confirmed with a note): "Lưu và gửi" does not ask again.
    let stored = crate::unusual::stored(state, ctx, lang)
        .await
        .map_err(|e| vec![e])?;
    let figures = crate::consistency::figures(&ctx.framework, &stored, Some(input));
    let mut values = Vec::new();
    for ((indicator, unit), typed) in &input.values {
        let field = value_field(indicator, unit);
        if !slots.contains(&(indicator.clone(), unit.clone())) {
            errors.push(unknown_field(&field, lang));
            continue;
        }
        if ctx.received(indicator, unit) {
            errors.push(FieldError::new(
                field,
                lang.pick(
                    "Số liệu này do đơn vị cấp xã gửi bằng báo cáo của mình; sở tiếp nhận hoặc trả lại báo cáo đó, không nhập thay.",
                    "This figure is sent by the commune in its own report; the department accepts or returns that report and does not type it instead.",
                ),
            ));
            continue;
        }
        let Some((_, ind)) = ctx.framework.indicator(indicator) else {
            errors.push(unknown_field(&field, lang));
            continue;
        };
        if typed.raw.contains('\0') {
            errors.push(nul_error(field, lang));
            continue;
        }
        if typed.note.contains('\0') {
            errors.push(nul_error(format!("n:{indicator}:{unit}"), lang));
            continue;
        }
        if typed.note.chars().count() > 2000 {
            errors.push(FieldError::new(
                format!("n:{indicator}:{unit}"),
                lang.pick(
                    "Ghi chú quá dài (tối đa 2.000 ký tự).",
                    "The note is too long (2,000 characters at most).",
                ),
            ));
            continue;
        }
        match parse_value(ind.kind, &typed.raw) {
            Err(e) => errors.push(FieldError {
                confirmable: false,
                field,
                message: e.message(typed.raw.trim(), lang),
            }),
            Ok(value) => {
                let unchanged = stored.iter().any(|v| {
                    v.indicator_code == *indicator && v.unit_code == *unit && v.value == value
                });
                if let Some(xanh_core::report::Value::Number(n)) = value
                    && !unchanged
                {
                    // Without the unit's history the unusual-value check cannot be
                    // made: refuse rather than let the value through unchecked.
                    let Ok(history) = state
                        .store
                        .history(&ctx.framework_code, indicator, unit, &ctx.period.deadline)
                        .await
                        .map_err(
                            |e| tracing::error!(error = ?e, "reading a unit's history failed"),
                        )
                    else {
                        errors.push(FieldError::new(
                            field,
                            lang.pick(
                                "Chưa lưu: không đọc được số liệu các kỳ trước để kiểm tra giá trị này. Hãy thử lại sau ít phút; nội dung bạn nhập vẫn còn.",
                                "Not saved: the earlier values needed to check this one could not be read. Try again in a few minutes; what you typed is kept.",
                            ),
                        ));
                        continue;
                    };
                    let confirmed = typed.confirmed && !typed.note.trim().is_empty();
                    if let Some(why) =
                        crate::unusual::why(&ctx.framework, &figures, ind, unit, n, &history)
                        && !confirmed
                    {
                        errors.push(FieldError {
                            confirmable: true,
                            field: field.clone(),
                            message: match lang {
                                Lang::Vi => format!("Giá trị này khác thường: {} Hãy kiểm tra lại; nếu đúng, đánh dấu \"Xác nhận giá trị này đúng\" và ghi nguồn số liệu vào ghi chú.", why.vi),
                                Lang::En => format!("This value is unusual: {} Check it; if it is right, tick \"Confirm this value\" and give the source in the note.", why.en),
                            },
                        });
                        continue;
                    }
                }
                values.push(ValueChange {
                    indicator: indicator.clone(),
                    unit: unit.clone(),
                    value,
                    note: Some(typed.note.clone()),
                });
            }
        }
    }
    let mut narrative = Vec::new();
    for ((objective, part), body) in &input.narrative {
        let field = narrative_field(objective, *part);
        if !objectives.contains(objective.as_str()) {
            errors.push(unknown_field(&field, lang));
        } else if body.contains('\0') {
            errors.push(nul_error(field, lang));
        } else if body.chars().count() > MAX_NARRATIVE_CHARS {
            errors.push(FieldError {
                confirmable: false,
                field,
                message: match lang {
                    Lang::Vi => format!(
                        "Nội dung quá dài: tối đa {MAX_NARRATIVE_CHARS} ký tự cho mỗi phần."
                    ),
                    Lang::En => {
                        format!("Too long: at most {MAX_NARRATIVE_CHARS} characters per part.")
                    }
                },
            });
        } else {
            narrative.push(NarrativeChange {
                drafted: false,
                objective: objective.clone(),
                part: *part,
                body: body.replace("\r\n", "\n"),
            });
        }
    }
    // Rules between figures, once each figure reads: a field already refused
    // keeps its own message.
    for q in crate::consistency::questions(ctx, &stored, input, lang) {
        if !errors.iter().any(|e| e.field == q.field) {
            errors.push(q);
        }
    }
    if errors.is_empty() {
        values.sort_by(|a, b| (&a.indicator, &a.unit).cmp(&(&b.indicator, &b.unit)));
        Ok((values, narrative))
    } else {
        errors.sort_by(|a, b| a.field.cmp(&b.field));
        Err(errors)
    }
}

pub use xanh_core::workflow::is_late;
