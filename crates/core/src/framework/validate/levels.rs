//! Levels of reporting below the lead agencies (`[[calendar.levels]]`): who
//! reports which indicators to whom, and by when. Decree 09/2019/NĐ-CP gives
//! each level its own deadline with at least one working day before the next
//! level's, so every year of the annual calendar is checked, after the
//! weekend rules have moved the days.

use super::super::file::{self, DeadlineFile};
use super::super::model::*;
use super::{Validator, valid_month_day, vn_date};
use crate::chain::{due, working_days_between};
use std::collections::HashSet;

impl Validator<'_> {
    pub(super) fn due_day(&mut self, d: &DeadlineFile, path: &str) -> DueDay {
        if !valid_month_day(d.month, d.day) {
            self.error(
                "bad_month_day",
                path,
                format!("Ngày {}/{} không tồn tại.", d.day, d.month),
                format!("The day {}/{} (day/month) does not exist.", d.day, d.month),
            );
        }
        DueDay {
            day: MonthDay {
                month: d.month,
                day: d.day,
            },
            if_weekend: d.if_weekend,
        }
    }

    pub(super) fn levels(
        &mut self,
        c: &file::CalendarFile,
        objectives: &[Objective],
        units: &[OrgUnit],
        annual: Option<&Annual>,
    ) -> Vec<Level> {
        let mut kinds = HashSet::new();
        let mut out = Vec::new();
        for (i, l) in c.levels.iter().enumerate() {
            let path = format!("calendar.levels[{i}]");
            if !matches!(
                l.unit_kind,
                UnitKind::District | UnitKind::City | UnitKind::Town | UnitKind::Commune
            ) {
                self.error(
                    "level_unit_kind",
                    &format!("{path}.unit_kind"),
                    "Một cấp báo cáo là các đơn vị theo địa bàn (huyện, thành phố, thị xã, xã); các sở báo cáo ở cấp của cơ quan chủ trì.".into(),
                    "A reporting level is made of territorial units (districts, cities, towns, communes); departments report at the lead agencies' level.".into(),
                );
            } else if !kinds.insert(l.unit_kind) {
                self.error(
                    "duplicate_code",
                    &format!("{path}.unit_kind"),
                    "Loại đơn vị này đã có một cấp báo cáo.".into(),
                    "This kind of unit already has a reporting level.".into(),
                );
            }
            let receiver = self.level_receiver(l, &path, objectives, units);
            let deadline = self.due_day(&l.deadline, &format!("{path}.deadline"));
            if let Some(a) = annual {
                let receiver_due = DueDay {
                    day: a.deadline,
                    if_weekend: a.if_weekend,
                };
                self.before_next(
                    a,
                    deadline,
                    receiver_due,
                    &format!("{path}.deadline"),
                    "của cơ quan nhận báo cáo",
                    "the receiving agency's",
                );
            } else {
                self.error(
                    "level_without_annual",
                    &path,
                    "Cấp báo cáo chỉ áp dụng cho báo cáo hằng năm, nhưng tệp không có [calendar.annual].".into(),
                    "Reporting levels apply to annual reports, but the file has no [calendar.annual].".into(),
                );
            }
            out.push(Level {
                unit_kind: l.unit_kind,
                indicators: l.indicators.clone(),
                receiver,
                deadline: deadline.day,
                if_weekend: deadline.if_weekend,
                text: l.text.clone(),
            });
        }
        if let Some(a) = annual
            && let Some(compile) = a.compile_by
        {
            let agencies = DueDay {
                day: a.deadline,
                if_weekend: a.if_weekend,
            };
            self.before_next(
                a,
                agencies,
                compile,
                "calendar.annual.compile_by",
                "tổng hợp của cơ quan tổng hợp",
                "the consolidator's compilation",
            );
        }
        out
    }

    /// The agency a level reports to: the one named, or the single lead of
    /// its indicators' objectives. Each indicator must exist and be reported
    /// by units; each must have a receiver.
    fn level_receiver(
        &mut self,
        l: &file::LevelFile,
        path: &str,
        objectives: &[Objective],
        units: &[OrgUnit],
    ) -> String {
        let ipath = format!("{path}.indicators");
        if l.indicators.is_empty() {
            self.error(
                "level_no_indicators",
                &ipath,
                "Cấp báo cáo phải nêu ít nhất một chỉ tiêu.".into(),
                "A reporting level must name at least one indicator.".into(),
            );
        }
        let mut leads: Vec<(String, Option<String>)> = Vec::new();
        for code in &l.indicators {
            let found = objectives.iter().find_map(|o| {
                o.indicators
                    .iter()
                    .find(|i| &i.code == code)
                    .map(|i| (o, i))
            });
            match found {
                None => self.error(
                    "unknown_indicator",
                    &ipath,
                    format!("Chỉ tiêu \"{code}\" không có trong khung."),
                    format!("Indicator \"{code}\" is not in the framework."),
                ),
                Some((_, i)) if !i.reported_by_units => self.error(
                    "level_indicator_not_by_units",
                    &ipath,
                    format!("Chỉ tiêu \"{code}\" không báo cáo theo địa bàn (reported_by_units = false), nên cấp dưới không có số liệu riêng để gửi."),
                    format!("Indicator \"{code}\" is not reported by units (reported_by_units = false), so a lower level has no figure of its own to send."),
                ),
                Some((o, _)) => leads.push((code.clone(), o.lead.clone())),
            }
        }
        if let Some(named) = &l.reports_to {
            let rpath = format!("{path}.reports_to");
            match units.iter().find(|u| &u.code == named) {
                Some(u) if u.kind == UnitKind::Department => {}
                Some(_) => self.error(
                    "level_receiver_kind",
                    &rpath,
                    format!("\"{named}\" không phải một sở, ban, ngành: cấp dưới gửi báo cáo cho cơ quan chủ trì."),
                    format!("\"{named}\" is not a department: a lower level reports to a lead agency."),
                ),
                None => self.error(
                    "unknown_agency",
                    &rpath,
                    format!("Cơ quan \"{named}\" không có trong danh sách [[units]] của tệp."),
                    format!("Agency \"{named}\" is not among the file's [[units]]."),
                ),
            }
            return named.clone();
        }
        for (code, lead) in &leads {
            if lead.is_none() {
                self.error(
                    "level_no_receiver",
                    &ipath,
                    format!("Chỉ tiêu \"{code}\" không có nơi nhận: mục tiêu của nó không có cơ quan chủ trì. Ghi reports_to cho cấp này."),
                    format!("Indicator \"{code}\" has no receiver: its objective has no lead agency. Give this level a reports_to."),
                );
            }
        }
        let named: Vec<&String> = leads.iter().filter_map(|(_, l)| l.as_ref()).collect();
        if let Some(first) = named.first()
            && named.iter().any(|l| l != first)
        {
            self.error(
                "level_two_receivers",
                &ipath,
                "Các chỉ tiêu của cấp này thuộc các cơ quan chủ trì khác nhau; mỗi cấp gửi một báo cáo cho một nơi nhận. Tách thành các khung hoặc ghi reports_to.".into(),
                "This level's indicators have different lead agencies; a level sends one report to one receiver. Name reports_to.".into(),
            );
        }
        named.first().map(|s| s.to_string()).unwrap_or_default()
    }

    /// Every year of the annual calendar: `lower` falls before `upper` with at
    /// least one working day between them. Reports the first year that fails.
    fn before_next(
        &mut self,
        a: &Annual,
        lower: DueDay,
        upper: DueDay,
        path: &str,
        upper_vi: &str,
        upper_en: &str,
    ) {
        for year in a.first_year..=a.last_year {
            let (Some(lo), Some(up)) = (
                due(year, lower.day, lower.if_weekend),
                due(year, upper.day, upper.if_weekend),
            ) else {
                return;
            };
            if lo >= up || working_days_between(lo, up) < 1 {
                self.error(
                    "level_deadline_order",
                    path,
                    format!(
                        "Năm {year}: hạn {} phải trước hạn {upper_vi} ({}) ít nhất một ngày làm việc (Nghị định 09/2019/NĐ-CP: mỗi cấp có thời hạn riêng).",
                        vn_date(lo),
                        vn_date(up)
                    ),
                    format!(
                        "Year {year}: the deadline {lo} must come at least one working day before {upper_en} deadline ({up}) (Decree 09/2019/NĐ-CP: each level has its own deadline)."
                    ),
                );
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::framework::load;

    const QUANG_NGAI: &str = include_str!("../../../../../frameworks/quang-ngai-822-2023.toml");
    const LEVEL: &str = "deadline = { month = 12, day = 16, if_weekend = \"next_working_day\" }";

    fn with_level(from: &str, to: &str) -> Vec<crate::Problem> {
        assert!(QUANG_NGAI.contains(from), "the sample holds {from}");
        match load(&QUANG_NGAI.replacen(from, to, 1)) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    #[test]
    fn the_new_province_has_a_commune_level_before_the_departments() {
        let fw = load(QUANG_NGAI).expect("loads").framework;
        assert_eq!(fw.calendar.levels.len(), 1);
        assert_eq!(fw.calendar.levels[0].receiver, "QN-SO-NNMT");
        assert!(fw.calendar.annual.and_then(|a| a.compile_by).is_some());
    }

    #[test]
    fn a_level_due_after_the_departments_is_refused_at_its_line_in_both_languages() {
        let p = with_level(
            LEVEL,
            "deadline = { month = 12, day = 21, if_weekend = \"next_working_day\" }",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].kind, "level_deadline_order");
        assert_eq!(p[0].location.path, "calendar.levels[0].deadline");
        assert!(p[0].location.line.is_some());
        // 21/12/2023 is a Thursday; the departments' 20/12/2023 a Wednesday.
        assert!(
            p[0].vi.contains("Năm 2023") && p[0].vi.contains("21/12/2023"),
            "{}",
            p[0].vi
        );
        assert!(p[0].vi.contains("20/12/2023"), "{}", p[0].vi);
        assert!(p[0].en.contains("Year 2023") && p[0].en.contains("working day"));
    }

    #[test]
    fn a_level_due_the_working_day_before_the_next_is_refused_for_the_year_it_happens() {
        // 19 December: in 2025 the departments' 20th is a Saturday, so their
        // deadline moves to Friday the 19th, the communes' own day.
        let p = with_level(
            LEVEL,
            "deadline = { month = 12, day = 19, if_weekend = \"previous_working_day\" }",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].vi.contains("Năm 2023"), "{}", p[0].vi);
    }

    #[test]
    fn a_level_indicator_that_is_not_reported_by_units_or_has_no_receiver_is_refused() {
        let p = with_level(
            "indicators = [\"2.3.1\", \"2.3.3\"]",
            "indicators = [\"2.3.1\", \"1.1\"]",
        );
        assert_eq!(
            p.first().map(|p| p.kind),
            Some("level_indicator_not_by_units"),
            "{p:?}"
        );
        let p = with_level(
            "indicators = [\"2.3.1\", \"2.3.3\"]",
            "indicators = [\"9.9\"]",
        );
        assert_eq!(
            p.first().map(|p| p.kind),
            Some("unknown_indicator"),
            "{p:?}"
        );
        let p = with_level(
            "indicators = [\"2.3.1\", \"2.3.3\"]",
            "indicators = [\"2.3.1\"]\nreports_to = \"XA-KHONG-CO\"",
        );
        assert_eq!(p.first().map(|p| p.kind), Some("unknown_agency"), "{p:?}");
    }

    #[test]
    fn a_compilation_day_too_close_to_the_departments_is_refused() {
        let p = with_level(
            "compile_by = { month = 12, day = 24, if_weekend = \"previous_working_day\" }",
            "compile_by = { month = 12, day = 21, if_weekend = \"previous_working_day\" }",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].location.path, "calendar.annual.compile_by");
    }
}
