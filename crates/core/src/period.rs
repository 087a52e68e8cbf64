//! Reporting periods derived from a framework's calendar: every annual report
//! of the plan, and the mid-term and end-term reviews, each with its data
//! period and deadline.

use crate::framework::{Annual, Framework, MonthDay, ReportingTime, WeekendRule};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSpec {
    /// Stable code within the framework: `annual-2019`, `mid-term-2015`, `end-term-2020`.
    pub code: String,
    pub kind: ReportingTime,
    /// The year the report is made in (for a review, the year of its deadline).
    pub year: i32,
    pub label: Text,
    /// First and last day of the data the report covers.
    pub data_from: Date,
    pub data_to: Date,
    pub deadline: Date,
}

/// Every reporting period of a framework, in order of deadline.
pub fn periods(framework: &Framework) -> Vec<PeriodSpec> {
    let mut out = Vec::new();
    if let Some(annual) = &framework.calendar.annual {
        for year in annual.first_year..=annual.last_year {
            if let Some(p) = annual_period(annual, year) {
                out.push(p);
            }
        }
    }
    for review in &framework.calendar.reviews {
        let year = review.deadline.year();
        let prefix = match review.kind {
            ReportingTime::MidTerm => "mid-term",
            ReportingTime::EndTerm => "end-term",
            ReportingTime::Annual => "annual",
        };
        out.push(PeriodSpec {
            code: format!("{prefix}-{year}"),
            kind: review.kind,
            year,
            label: review.label.clone(),
            data_from: first_of_year(review.covers.from),
            data_to: review.cutoff_end,
            deadline: review.deadline,
        });
    }
    out.sort_by(|a, b| (a.deadline, &a.code).cmp(&(b.deadline, &b.code)));
    out
}

fn annual_period(annual: &Annual, year: i32) -> Option<PeriodSpec> {
    Some(PeriodSpec {
        code: format!("annual-{year}"),
        kind: ReportingTime::Annual,
        year,
        label: Text::new(
            format!("Báo cáo năm {year}"),
            format!("Annual report {year}"),
        ),
        data_from: on(year - 1, annual.cutoff_start)?,
        data_to: on(year, annual.cutoff_end)?,
        deadline: apply_weekend_rule(on(year, annual.deadline)?, annual.if_weekend),
    })
}

/// The last day of a year's data under the framework's calendar: the day a
/// unit must exist on to count in that year's aggregate. A framework without
/// an annual calendar closes its year's data on 31 December.
pub fn data_cutoff(framework: &Framework, year: i32) -> Date {
    framework
        .calendar
        .annual
        .as_ref()
        .and_then(|a| on(year, a.cutoff_end))
        .or_else(|| Date::from_calendar_date(year, Month::December, 31).ok())
        .unwrap_or(Date::MIN)
}

fn on(year: i32, md: MonthDay) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(md.month).ok()?, md.day).ok()
}

fn first_of_year(year: i32) -> Date {
    Date::from_calendar_date(year, Month::January, 1).unwrap_or(Date::MIN)
}

/// Moves a deadline that falls on a weekend as the calendar says.
pub fn apply_weekend_rule(day: Date, rule: WeekendRule) -> Date {
    let weekend = |d: Date| matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
    let step = match rule {
        WeekendRule::Keep => return day,
        WeekendRule::PreviousWorkingDay => -Duration::DAY,
        WeekendRule::NextWorkingDay => Duration::DAY,
    };
    let mut d = day;
    while weekend(d) {
        d += step;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_deadline_on_saturday_moves_back_to_friday() {
        // 14 December 2019 was a Saturday.
        assert_eq!(
            apply_weekend_rule(date!(2019 - 12 - 14), WeekendRule::PreviousWorkingDay),
            date!(2019 - 12 - 13)
        );
        // 14 December 2014 was a Sunday.
        assert_eq!(
            apply_weekend_rule(date!(2014 - 12 - 14), WeekendRule::PreviousWorkingDay),
            date!(2014 - 12 - 12)
        );
        assert_eq!(
            apply_weekend_rule(date!(2014 - 12 - 14), WeekendRule::NextWorkingDay),
            date!(2014 - 12 - 15)
        );
    }

    #[test]
    fn the_data_cut_off_is_the_one_the_framework_file_gives() {
        const KON_TUM: &str = include_str!("../../../frameworks/kon-tum-598-2014.toml");
        let mut fw = crate::framework::load(KON_TUM)
            .expect("the built-in framework is valid")
            .framework;
        assert_eq!(data_cutoff(&fw, 2018), date!(2018 - 12 - 14));
        if let Some(a) = fw.calendar.annual.as_mut() {
            a.cutoff_end = MonthDay { month: 11, day: 30 };
        }
        assert_eq!(data_cutoff(&fw, 2018), date!(2018 - 11 - 30));
        fw.calendar.annual = None;
        assert_eq!(data_cutoff(&fw, 2018), date!(2018 - 12 - 31));
    }

    #[test]
    fn a_deadline_on_a_working_day_stays() {
        assert_eq!(
            apply_weekend_rule(date!(2018 - 12 - 14), WeekendRule::PreviousWorkingDay),
            date!(2018 - 12 - 14)
        );
        assert_eq!(
            apply_weekend_rule(date!(2019 - 12 - 14), WeekendRule::Keep),
            date!(2019 - 12 - 14)
        );
    }
}
