//! A unit's picture, for its page and the API: a territorial unit's own
//! figures assessed on its own series; an agency's indicators (those of the
//! objectives it leads, at the province's figures); and its reports across
//! the periods with their state, timeliness and data quality — accepted ones
//! for everyone, all of them for the agency and the consolidating side.

use crate::App;
use crate::consolidation::{IndicatorPicture, latest};
use crate::error::AppError;
use crate::quality::Quality;
use crate::reporting::store_error;
use std::collections::BTreeMap;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::assess::{Series, Status, assess_indicator};
use xanh_core::framework::{Framework, Indicator, IndicatorKind, Objective, OrgUnit};
use xanh_core::report::Value;
use xanh_core::workflow::ReportState;
use xanh_store::PeriodRow;

/// The status of one unit's own series of an indicator at `year`, as the
/// exports give it: a territorial unit is assessed on its own figures; the
/// province, and a qualitative indicator (rated for the province), keep the
/// province's assessment.
pub fn own_status(
    fw: &Framework,
    p: &IndicatorPicture,
    unit: &str,
    by_year: &BTreeMap<i32, Value>,
    year: i32,
) -> Status {
    if p.indicator.kind == IndicatorKind::Qualitative || unit == fw.issuer {
        return p.assessment.status;
    }
    series_status(p.indicator, by_year, year)
}

/// An indicator assessed on one unit's own figures by year.
pub fn series_status(ind: &Indicator, by_year: &BTreeMap<i32, Value>, year: i32) -> Status {
    let series: Vec<(i32, f64)> = by_year
        .iter()
        .filter_map(|(y, v)| match v {
            Value::Number(n) => Some((*y, *n)),
            Value::YesNo(b) => Some((*y, f64::from(u8::from(*b)))),
            Value::Text(_) => None,
        })
        .collect();
    assess_indicator(ind, &Series::new(series).unwrap_or_default(), year).status
}

/// An indicator on a unit's page: its latest figure up to the year and its status.
pub struct UnitLine<'a> {
    pub indicator: &'a Indicator,
    pub latest: Option<(i32, Value)>,
    pub status: Status,
}

/// The objectives a unit leads (the consolidator leads those without a lead)
/// and those it coordinates.
pub fn roles<'a>(fw: &'a Framework, code: &str) -> (Vec<&'a Objective>, Vec<&'a Objective>) {
    let leads = fw
        .objectives
        .iter()
        .filter(|o| o.lead.as_deref().unwrap_or(&fw.consolidator) == code)
        .collect();
    let coordinates = fw
        .objectives
        .iter()
        .filter(|o| o.coordinating.iter().any(|c| c == code))
        .collect();
    (leads, coordinates)
}

/// The indicators shown for a unit in `year`.
pub fn lines<'a>(
    fw: &Framework,
    pictures: &[IndicatorPicture<'a>],
    unit: &OrgUnit,
    year: i32,
) -> Vec<UnitLine<'a>> {
    let (leads, _) = roles(fw, &unit.code);
    pictures
        .iter()
        .filter_map(|p| {
            if unit.is_territorial() {
                let own = p.by_unit.get(&unit.code)?;
                Some(UnitLine {
                    indicator: p.indicator,
                    latest: own.range(..=year).next_back().map(|(y, v)| (*y, v.clone())),
                    status: series_status(p.indicator, own, year),
                })
            } else if leads.iter().any(|o| o.code == p.objective) {
                Some(UnitLine {
                    indicator: p.indicator,
                    latest: latest(p, year).map(|(y, v)| (y, Value::Number(v))),
                    status: p.assessment.status,
                })
            } else {
                None
            }
        })
        .collect()
}

/// A unit's report of a period, as its page lists it.
pub struct UnitReport {
    pub period: PeriodRow,
    pub report_id: i64,
    pub state: ReportState,
    pub late: bool,
    pub quality: Quality,
}

/// The unit's reports over `periods`: accepted ones for everyone; every one
/// for the agency itself and the consolidating side.
pub async fn reports(
    state: &App,
    fw: &Framework,
    periods: &[PeriodRow],
    code: &str,
    actor: Option<&Actor>,
    lang: Lang,
) -> Result<Vec<UnitReport>, AppError> {
    let sees_all = actor.is_some_and(|a| a.can_see_overview() || a.unit.as_deref() == Some(code));
    let now = time::OffsetDateTime::now_utc();
    let mut out = Vec::new();
    for p in periods {
        let found = state
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?
            .into_iter()
            .find(|r| r.unit_code == code);
        let Some(r) = found else { continue };
        let st = r.state();
        if !(sees_all || st == ReportState::Accepted) {
            continue;
        }
        let facts = crate::quality::Facts::read(state, fw, &fw.code, p, Some(code), lang).await?;
        let data_to = crate::reporting::parse_iso_date(&p.data_to).unwrap_or(time::Date::MIN);
        let slots: Vec<(String, String)> = xanh_core::report::scope(fw, code, p.kind, data_to)
            .into_iter()
            .flat_map(|o| o.slots.into_iter().map(|s| (s.indicator, s.unit)))
            .collect();
        let on_time = crate::quality::on_time(st, r.submitted_at.as_deref(), &p.deadline, now);
        out.push(UnitReport {
            quality: facts.quality(fw, &slots, on_time),
            late: crate::reporting::is_late(st, r.submitted_at.as_deref(), &p.deadline, now),
            report_id: r.id,
            state: st,
            period: p.clone(),
        });
    }
    Ok(out)
}
