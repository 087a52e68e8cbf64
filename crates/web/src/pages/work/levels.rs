//! The whole chain on the consolidator's overview: for each department that
//! receives communes' reports, how many were sent, accepted and late at the
//! communes' own deadline, which communes are late, and whether the
//! department is still waiting on them. Completeness and timeliness are
//! counted per level: the departments' on the page above, the communes' here.

use crate::lang::Lang;
use xanh_app::chain::below;
use xanh_core::access::Actor;
use xanh_core::framework::Framework;
use xanh_core::workflow::ReportState;
use xanh_store::{PeriodRow, ReportRow};

pub struct LevelRow {
    pub department: String,
    pub deadline: String,
    pub total: usize,
    pub delivered: usize,
    pub accepted: usize,
    /// The late communes by name.
    pub late: Vec<String>,
    /// The department has not sent its report and some communes are not accepted.
    pub waiting_on_communes: bool,
}

pub fn rows(
    fw: &Framework,
    period: &PeriodRow,
    reports: &[ReportRow],
    actor: &Actor,
    lang: Lang,
) -> Vec<LevelRow> {
    let mut receivers: Vec<&str> = fw
        .calendar
        .levels
        .iter()
        .map(|l| l.receiver.as_str())
        .collect();
    receivers.dedup();
    receivers
        .into_iter()
        .filter_map(|receiver| {
            let b = below(fw, period, receiver, reports, actor, lang)?;
            let own = reports
                .iter()
                .find(|r| r.unit_code == receiver)
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted);
            Some(LevelRow {
                department: fw
                    .unit(receiver)
                    .map(|u| u.short().get(lang).to_string())
                    .unwrap_or_else(|| receiver.to_string()),
                deadline: super::vn(&b.deadline),
                total: b.rows.len(),
                delivered: b.rows.iter().filter(|r| r.state.delivered()).count(),
                accepted: b.count(ReportState::Accepted),
                late: b
                    .rows
                    .iter()
                    .filter(|r| r.late)
                    .map(|r| r.name.clone())
                    .collect(),
                waiting_on_communes: !own.delivered() && !b.missing().is_empty(),
            })
        })
        .collect()
}
