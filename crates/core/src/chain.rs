//! Reporting over several levels (Decree 09/2019/NĐ-CP): communes report
//! some indicators to a receiving department before the department's own
//! deadline, and the department's report carries their accepted figures.
//! Levels apply to annual reports; a framework without levels has one level,
//! the lead agencies, which type the territorial units' figures themselves.

use crate::framework::{DueDay, Framework, Level, MonthDay, OrgUnit, ReportingTime, WeekendRule};
use time::{Date, Duration, Month, Weekday};

/// The level `unit` reports at for periods of `time`, if it is a lower level.
pub fn level_of<'a>(fw: &'a Framework, unit: &str, time: ReportingTime) -> Option<&'a Level> {
    if time != ReportingTime::Annual {
        return None;
    }
    let kind = fw.unit(unit)?.kind;
    fw.calendar.levels.iter().find(|l| l.unit_kind == kind)
}

/// The units that report to `receiver` at a lower level, for a period of
/// `time` whose data ends on `data_to` (those existing on that day).
pub fn lower_units<'a>(
    fw: &'a Framework,
    receiver: &str,
    time: ReportingTime,
    data_to: Date,
) -> Vec<(&'a OrgUnit, &'a Level)> {
    if time != ReportingTime::Annual {
        return Vec::new();
    }
    fw.calendar
        .levels
        .iter()
        .filter(|l| l.receiver == receiver)
        .flat_map(|l| {
            fw.units
                .iter()
                .filter(move |u| u.kind == l.unit_kind && u.exists_on(data_to))
                .map(move |u| (u, l))
        })
        .collect()
}

/// Whether `unit` owes a report in a period of `time` whose data ends on
/// `data_to`: a lead agency, or a lower-level unit existing on that day.
pub fn reports_in(fw: &Framework, unit: &str, time: ReportingTime, data_to: Date) -> bool {
    crate::report::expected_agencies(fw, time)
        .iter()
        .any(|a| a == unit)
        || (level_of(fw, unit, time).is_some()
            && fw.unit(unit).is_some_and(|u| u.exists_on(data_to)))
}

/// Whether the figure of `indicator` for `unit` comes from that unit's own
/// report (a lower level) rather than being typed by the lead agency.
pub fn from_below<'a>(
    fw: &'a Framework,
    time: ReportingTime,
    indicator: &str,
    unit: &str,
) -> Option<&'a Level> {
    level_of(fw, unit, time).filter(|l| l.indicators.iter().any(|i| i == indicator))
}

/// The day in `year` a due day falls on, after its weekend rule.
pub fn due(year: i32, day: MonthDay, rule: WeekendRule) -> Option<Date> {
    let d = Date::from_calendar_date(year, Month::try_from(day.month).ok()?, day.day).ok()?;
    Some(crate::period::apply_weekend_rule(d, rule))
}

/// A lower level's deadline in `year`.
pub fn level_deadline(level: &Level, year: i32) -> Option<Date> {
    due(year, level.deadline, level.if_weekend)
}

/// The consolidator's deadline to compile the provincial report in `year`.
pub fn compile_by(fw: &Framework, year: i32) -> Option<Date> {
    let DueDay { day, if_weekend } = fw.calendar.annual.as_ref()?.compile_by?;
    due(year, day, if_weekend)
}

/// The deadline of `unit`'s report in a period: its level's, or the period's.
pub fn deadline_for(
    fw: &Framework,
    unit: &str,
    time: ReportingTime,
    year: i32,
    period_deadline: Date,
) -> Date {
    level_of(fw, unit, time)
        .and_then(|l| level_deadline(l, year))
        .unwrap_or(period_deadline)
}

/// Monday to Friday days strictly between two days. Public holidays are not
/// known to Xanh; a framework whose deadlines meet one says so in its notes.
pub fn working_days_between(a: Date, b: Date) -> i64 {
    let mut n = 0;
    let mut d = a + Duration::DAY;
    while d < b {
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            n += 1;
        }
        d += Duration::DAY;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::UnitKind;
    use time::macros::date;

    const QUANG_NGAI: &str = include_str!("../../../frameworks/quang-ngai-822-2023.toml");

    fn fw() -> Framework {
        crate::framework::load(QUANG_NGAI)
            .expect("the built-in framework is valid")
            .framework
    }

    #[test]
    fn a_commune_reports_forest_cover_to_the_agriculture_department_before_its_deadline() {
        let fw = fw();
        let commune = fw
            .units
            .iter()
            .find(|u| u.kind == UnitKind::Commune && u.exists_on(date!(2025 - 12 - 14)))
            .expect("the new province has communes");
        let level = level_of(&fw, &commune.code, ReportingTime::Annual).expect("a level");
        assert_eq!(level.receiver, "QN-SO-NNMT");
        assert!(from_below(&fw, ReportingTime::Annual, "2.3.1", &commune.code).is_some());
        assert!(from_below(&fw, ReportingTime::Annual, "1.1", &commune.code).is_none());
        // 16 December 2026 is a Wednesday; the department's 20 December a Sunday (→ Friday 18).
        assert_eq!(level_deadline(level, 2026), Some(date!(2026 - 12 - 16)));
        assert_eq!(
            deadline_for(
                &fw,
                &commune.code,
                ReportingTime::Annual,
                2026,
                date!(2026 - 12 - 18)
            ),
            date!(2026 - 12 - 16)
        );
        assert_eq!(
            deadline_for(
                &fw,
                "QN-SO-NNMT",
                ReportingTime::Annual,
                2026,
                date!(2026 - 12 - 18)
            ),
            date!(2026 - 12 - 18)
        );
        let below = lower_units(
            &fw,
            "QN-SO-NNMT",
            ReportingTime::Annual,
            date!(2025 - 12 - 14),
        );
        assert_eq!(below.len(), 96, "the 96 communes, wards and special zone");
        assert!(
            lower_units(
                &fw,
                "QN-SO-CT",
                ReportingTime::Annual,
                date!(2025 - 12 - 14)
            )
            .is_empty()
        );
        assert!(reports_in(
            &fw,
            &commune.code,
            ReportingTime::Annual,
            date!(2025 - 12 - 14)
        ));
        // Before the reorganisation there were no communes to report.
        assert!(!reports_in(
            &fw,
            &commune.code,
            ReportingTime::Annual,
            date!(2024 - 12 - 14)
        ));
        assert!(reports_in(
            &fw,
            "QN-SO-NNMT",
            ReportingTime::Annual,
            date!(2024 - 12 - 14)
        ));
    }

    #[test]
    fn working_days_between_two_days_skip_the_weekend() {
        // Friday 18 and Monday 21 December 2026: nothing between them.
        assert_eq!(
            working_days_between(date!(2026 - 12 - 18), date!(2026 - 12 - 21)),
            0
        );
        assert_eq!(
            working_days_between(date!(2026 - 12 - 16), date!(2026 - 12 - 18)),
            1
        );
        assert_eq!(
            working_days_between(date!(2026 - 12 - 18), date!(2026 - 12 - 16)),
            0
        );
    }

    #[test]
    fn the_2014_framework_has_one_level_and_districts_entered_by_departments() {
        const KON_TUM: &str = include_str!("../../../frameworks/kon-tum-598-2014.toml");
        let fw = crate::framework::load(KON_TUM).expect("valid").framework;
        assert!(fw.calendar.levels.is_empty());
        let district = fw
            .units
            .iter()
            .find(|u| u.is_territorial())
            .expect("districts");
        assert!(level_of(&fw, &district.code, ReportingTime::Annual).is_none());
    }
}
