//! One agency's sample report for one period, brought to the state the
//! sample data set wants, and an issued provincial report: the same steps a
//! person takes (save, submit, accept or return), through the store.

use anyhow::Context;
use xanh_core::access::{Actor, Role};
use xanh_core::framework::{Framework, ReportingTime};
use xanh_core::report::{NarrativePart, Value, expected_agencies, scope};
use xanh_core::workflow::{Action, PeriodState};
use xanh_store::{NarrativeChange, PeriodRow, Store, ValueChange};

/// Where a sample report ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Accepted,
}

/// A sample figure: (indicator, unit, year) → value.
pub type ValueOf = dyn Fn(&str, &str, i32) -> Option<Value>;
/// A sample narrative: (objective, year) → its parts.
pub type NarrativeOf = dyn Fn(&str, i32) -> Vec<(NarrativePart, String)>;

/// One report: whose, in which state, with what figures and words.
pub struct Filing<'a> {
    pub fw: &'a Framework,
    pub period: &'a PeriodRow,
    pub unit: &'a str,
    pub target: Target,
    pub officer: &'a Actor,
    pub consolidator: &'a Actor,
    /// When it was submitted (the sample reports stand for past years).
    pub submitted_at: String,
    pub value: &'a ValueOf,
    pub narrative: &'a NarrativeOf,
}

/// A plan's sample rounds: every annual period up to `open_year`, each
/// agency's report brought to its target; the years before `open_year` closed.
pub struct Rounds<'a> {
    pub consolidator: &'a Actor,
    pub open_year: i32,
    pub target: &'a dyn Fn(i32, &str) -> Target,
    pub submitted_at: &'a dyn Fn(i32, &str) -> String,
    pub value: &'a ValueOf,
    pub narrative: &'a NarrativeOf,
}

/// Runs the rounds over the framework's periods; the number of reports written.
pub async fn rounds(
    store: &Store,
    fw: &Framework,
    periods: &[PeriodRow],
    people: &super::Accounts,
    r: &Rounds<'_>,
) -> anyhow::Result<usize> {
    let mut reports = 0;
    for p in periods.iter().filter(|p| {
        p.kind == xanh_core::framework::ReportingTime::Annual && p.year as i32 <= r.open_year
    }) {
        let year = p.year as i32;
        store
            .set_period_state(p.id, PeriodState::Open, r.consolidator)
            .await?;
        reports += lower_round(store, fw, p, people, r).await?;
        for unit in expected_agencies(fw, ReportingTime::Annual) {
            let filing = Filing {
                fw,
                period: p,
                unit: &unit,
                target: (r.target)(year, &unit),
                officer: people.get(Role::Officer, Some(&unit)),
                consolidator: r.consolidator,
                submitted_at: (r.submitted_at)(year, &unit),
                value: r.value,
                narrative: r.narrative,
            };
            reports += usize::from(file(store, &filing).await?);
        }
        if year < r.open_year {
            store
                .set_period_state(p.id, PeriodState::Closed, r.consolidator)
                .await?;
        }
    }
    Ok(reports)
}

/// The communes' reports of a period, before their department's: in the
/// years before the open one all accepted (one of them late); in the open
/// year a few sent, one returned, some accepted, most not started yet.
async fn lower_round(
    store: &Store,
    fw: &Framework,
    p: &PeriodRow,
    people: &super::Accounts,
    r: &Rounds<'_>,
) -> anyhow::Result<usize> {
    let year = p.year as i32;
    let data_to = xanh_app::parse_iso_date(&p.data_to).context("a period date")?;
    let mut reports = 0;
    for level in &fw.calendar.levels {
        let Some(deadline) = xanh_core::chain::level_deadline(level, year) else {
            continue;
        };
        let receiver = people.get(Role::Officer, Some(&level.receiver));
        let units =
            xanh_core::chain::lower_units(fw, &level.receiver, ReportingTime::Annual, data_to);
        for (i, (u, _)) in units.iter().enumerate() {
            let target = match (year == r.open_year, i) {
                (false, _) => Target::Accepted,
                (true, 0 | 5) => Target::Submitted,
                (true, 1) => Target::Returned,
                (true, 2..=4) => Target::Accepted,
                (true, 6) => Target::Draft,
                (true, _) => Target::NotStarted,
            };
            // In a past year the fourth commune sent two days after its deadline;
            // in the open year everything is sent before today.
            let day = match (year < r.open_year, i) {
                (true, 3) => deadline + time::Duration::days(2),
                (true, _) => deadline - time::Duration::days(1),
                (false, _) => time::Date::from_calendar_date(year, time::Month::December, 2)?,
            };
            let filing = Filing {
                fw,
                period: p,
                unit: &u.code,
                target,
                officer: people.get(Role::Officer, Some(&u.code)),
                consolidator: receiver,
                submitted_at: format!("{day}T02:00:00Z"),
                value: r.value,
                narrative: &|_, _| Vec::new(),
            };
            reports += usize::from(file(store, &filing).await?);
        }
    }
    Ok(reports)
}

/// Files the report; false when the target is "not started" (nothing is written).
pub async fn file(store: &Store, f: &Filing<'_>) -> anyhow::Result<bool> {
    if f.target == Target::NotStarted {
        return Ok(false);
    }
    let year = f.period.year as i32;
    let data_to = xanh_app::parse_iso_date(&f.period.data_to).context("a period date")?;
    let report = store.ensure_report(f.period.id, f.unit).await?;
    let mut values = Vec::new();
    let mut texts = Vec::new();
    for o in scope(f.fw, f.unit, ReportingTime::Annual, data_to) {
        // A commune's figures arrive with its own report, never typed here.
        for s in o.slots.iter().filter(|s| {
            s.unit == f.unit
                || xanh_core::chain::from_below(f.fw, ReportingTime::Annual, &s.indicator, &s.unit)
                    .is_none()
        }) {
            if let Some(v) = (f.value)(&s.indicator, &s.unit, year) {
                values.push(ValueChange {
                    indicator: s.indicator.clone(),
                    unit: s.unit.clone(),
                    value: Some(v),
                    note: Some("Số liệu mẫu".into()),
                });
            }
        }
        for (part, body) in (f.narrative)(&o.objective, year) {
            texts.push(NarrativeChange {
                drafted: false,
                objective: o.objective.clone(),
                part,
                body,
            });
        }
    }
    let report = store
        .save_report(report.id, report.version, &values, &texts, f.officer)
        .await?;
    if f.target == Target::Draft {
        return Ok(true);
    }
    let report = store
        .change_report_state(
            report.id,
            Some(report.version),
            Action::Submit,
            None,
            f.officer,
        )
        .await?;
    store
        .set_sample_submission_time(report.id, &f.submitted_at)
        .await?;
    let (action, reason) = match f.target {
        Target::Accepted => (Action::Accept, None),
        Target::Returned => (Action::Return, Some("Đề nghị bổ sung nguồn số liệu (mẫu).")),
        _ => return Ok(true),
    };
    match xanh_core::chain::level_of(f.fw, f.unit, ReportingTime::Annual) {
        // A commune's report is reviewed by its department, into whose
        // report the accepted figures flow.
        Some(level) => {
            let receiving = store.ensure_report(f.period.id, &level.receiver).await?;
            store
                .change_lower_report_state(
                    report.id,
                    Some(report.version),
                    action,
                    reason,
                    f.consolidator,
                    receiving.id,
                )
                .await?;
        }
        None => {
            store
                .change_report_state(
                    report.id,
                    Some(report.version),
                    action,
                    reason,
                    f.consolidator,
                )
                .await?;
        }
    }
    Ok(true)
}

/// An official report's number and date, and the customary placeholder
/// signer: the sample data set names no real official.
pub struct Issued<'a> {
    pub number: &'a str,
    pub date: time::Date,
}

/// A provincial report compiled from the accepted reports and issued, so that
/// the official documents can be read and exported from the start
/// (`xanh export report --period …`).
pub async fn issue_provincial_report(
    store: &Store,
    period_id: i64,
    consolidator: &Actor,
    issued: Issued<'_>,
) -> anyhow::Result<()> {
    use xanh_app::official::drafts::{Target, take};
    use xanh_app::official::provincial::{Issue, compile_draft, issue_version};
    let state = xanh_app::App::new(store.clone());
    let id = compile_draft(&state, period_id, consolidator, xanh_core::Lang::Vi).await?;
    // The consolidator reads Xanh's drafted paragraphs and takes them all:
    // the opening summary and each objective's results (recorded as drafted,
    // and taken by this person, in the audit trail).
    let compiled = store.provincial_report(id).await?;
    let body = xanh_app::official::provincial::body_of(&compiled, xanh_core::Lang::Vi)?;
    let mut targets = vec![Target::Summary];
    targets.extend(
        body.objectives
            .iter()
            .map(|o| Target::Objective(o.code.clone())),
    );
    take(&state, &compiled, &targets, consolidator).await?;
    let draft = store.provincial_report(id).await?;
    let issue = Issue {
        revision: draft.revision,
        number: issued.number,
        date: issued.date,
        signer_name: "Nguyễn Văn A",
    };
    issue_version(&state, &draft, &issue, consolidator)
        .await
        .context("issuing the sample provincial report")
}

/// A small deterministic spread in [-0.5, 0.5), so the data set is the same every time.
pub fn jitter(seed: &str) -> f64 {
    let h = seed.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    f64::from(h % 1000) / 1000.0 - 0.5
}

/// A percentage rounded to one decimal, within 0–100.
pub fn percent(v: f64) -> Option<Value> {
    Some(Value::Number((v.clamp(0.0, 100.0) * 10.0).round() / 10.0))
}
