//! What each person has to do: the periods as they concern them (expected
//! of their agency or commune, by which deadline, late or not), and the
//! tasks of their home page.

pub mod home;

use crate::App;
use crate::error::AppError;
use crate::reporting::{is_late, store_error};
use xanh_core::Lang;
use xanh_core::access::{Actor, Role};
use xanh_core::display::date_text;
use xanh_core::framework::Framework;
use xanh_core::workflow::{PeriodState, ReportState};
use xanh_store::{PeriodRow, ReportRow};

/// One period as listed.
pub struct PeriodItem {
    pub id: i64,
    pub framework_title: String,
    pub label: String,
    pub deadline: String,
    pub state: String,
    pub state_label: String,
    /// For an officer: their agency's report in it, if one was started.
    pub my_report: Option<i64>,
    pub my_state: Option<String>,
    pub my_state_label: Option<String>,
    pub overdue: bool,
    pub expected_of_me: bool,
}

/// Every period of every framework, with its framework.
pub async fn all_periods(app: &App, lang: Lang) -> Result<Vec<(Framework, PeriodRow)>, AppError> {
    let mut out = Vec::new();
    for fw in crate::consolidation::all_frameworks(&app.store)
        .await
        .map_err(store_error(lang))?
    {
        for p in app
            .store
            .periods(&fw.code)
            .await
            .map_err(store_error(lang))?
        {
            out.push((fw.clone(), p));
        }
    }
    Ok(out)
}

pub async fn period_items(
    app: &App,
    actor: &Actor,
    lang: Lang,
) -> Result<Vec<PeriodItem>, AppError> {
    let now = time::OffsetDateTime::now_utc();
    let mut items = Vec::new();
    for (fw, p) in all_periods(app, lang).await? {
        // Only an officer writes an agency's report: a consolidator or leader
        // who belongs to an agency is not asked for it here.
        let unit = actor.unit.clone().filter(|_| actor.role == Role::Officer);
        let data_to = crate::reporting::parse_iso_date(&p.data_to).unwrap_or(time::Date::MIN);
        let expected_of_me = unit
            .as_ref()
            .is_some_and(|u| xanh_core::chain::reports_in(&fw, u, p.kind, data_to));
        // A commune keeps its own (earlier) deadline.
        let deadline = match &unit {
            Some(u) if expected_of_me => crate::reporting::deadline_of(&fw, u, &p),
            _ => p.deadline.clone(),
        };
        let mine: Option<ReportRow> = match (&unit, expected_of_me) {
            (Some(u), true) => app
                .store
                .reports_of_period(p.id)
                .await
                .map_err(store_error(lang))?
                .into_iter()
                .find(|r| &r.unit_code == u),
            _ => None,
        };
        let my_state = expected_of_me.then(|| {
            mine.as_ref()
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted)
        });
        let ps = p.state;
        items.push(PeriodItem {
            id: p.id,
            framework_title: fw.short_title(lang),
            label: lang.pick(&p.label_vi, &p.label_en).to_string(),
            deadline: date_text(&deadline),
            state: ps.as_str().to_string(),
            state_label: ps.label(lang).to_string(),
            my_report: mine.as_ref().map(|r| r.id),
            my_state: my_state.map(|s| s.as_str().to_string()),
            my_state_label: my_state.map(|s| s.label(lang).to_string()),
            overdue: my_state.is_some_and(|s| {
                ps == PeriodState::Open
                    && is_late(
                        s,
                        mine.as_ref().and_then(|r| r.submitted_at.as_deref()),
                        &deadline,
                        now,
                    )
                    && !s.delivered()
            }),
            expected_of_me,
        });
    }
    Ok(items)
}
