//! The reporting calendar: the annual reports and the periodic reviews, their
//! due days written "MM-DD", and their years checked against the plan period.

use super::super::file;
use super::super::model::*;
use super::{Validator, valid_month_day, vn_date};
use std::collections::HashSet;
use time::Date;

impl Validator<'_> {
    pub(super) fn month_day(&mut self, value: &str, path: &str) -> MonthDay {
        let parsed = value.split_once('-').and_then(|(m, d)| {
            let (m, d) = (m.parse::<u8>().ok()?, d.parse::<u8>().ok()?);
            valid_month_day(m, d).then_some(MonthDay { month: m, day: d })
        });
        parsed.unwrap_or_else(|| {
            self.error(
                "bad_month_day",
                path,
                format!("\"{value}\" không phải ngày trong năm dạng \"TT-NN\" (ví dụ \"12-14\")."),
                format!("\"{value}\" is not a day of the year written \"MM-DD\" (e.g. \"12-14\")."),
            );
            MonthDay { month: 1, day: 1 }
        })
    }

    pub(super) fn calendar(&mut self, c: &file::CalendarFile, plan: Span) -> Calendar {
        let annual = c.annual.as_ref().map(|a| {
            let path = "calendar.annual";
            if a.first_year > a.last_year {
                self.error(
                    "calendar_years_reversed",
                    &format!("{path}.first_year"),
                    format!(
                        "Báo cáo hằng năm từ {} đến {}: năm đầu sau năm cuối.",
                        a.first_year, a.last_year
                    ),
                    format!(
                        "Annual reports from {} to {}: the first year is after the last.",
                        a.first_year, a.last_year
                    ),
                );
            }
            for (field, year) in [("first_year", a.first_year), ("last_year", a.last_year)] {
                if !plan.contains(year) {
                    self.year_outside(&format!("{path}.{field}"), year, plan);
                }
            }
            if !valid_month_day(a.deadline.month, a.deadline.day) {
                self.error(
                    "bad_month_day",
                    &format!("{path}.deadline"),
                    format!(
                        "Hạn gửi báo cáo ngày {}/{} không tồn tại.",
                        a.deadline.day, a.deadline.month
                    ),
                    format!(
                        "The deadline {}/{} (day/month) does not exist.",
                        a.deadline.day, a.deadline.month
                    ),
                );
            }
            Annual {
                first_year: a.first_year,
                last_year: a.last_year,
                cutoff_start: self.month_day(&a.cutoff_start, &format!("{path}.cutoff_start")),
                cutoff_end: self.month_day(&a.cutoff_end, &format!("{path}.cutoff_end")),
                deadline: MonthDay {
                    month: a.deadline.month,
                    day: a.deadline.day,
                },
                if_weekend: a.deadline.if_weekend,
                compile_by: a
                    .compile_by
                    .as_ref()
                    .map(|d| self.due_day(d, &format!("{path}.compile_by"))),
                text: a.text.clone(),
            }
        });
        let mut kinds = HashSet::new();
        let mut reviews = Vec::new();
        for (i, r) in c.reviews.iter().enumerate() {
            let path = format!("calendar.reviews[{i}]");
            if r.kind == ReportingTime::Annual {
                self.error(
                    "review_kind",
                    &format!("{path}.kind"),
                    "Kỳ đánh giá chỉ có thể là giữa kỳ (mid_term) hoặc cuối kỳ (end_term); báo cáo hằng năm khai báo ở [calendar.annual].".into(),
                    "A review is mid_term or end_term; annual reports are declared in [calendar.annual].".into(),
                );
            } else if !kinds.insert(r.kind) {
                self.error(
                    "duplicate_code",
                    &format!("{path}.kind"),
                    "Kỳ đánh giá này đã được khai báo.".into(),
                    "This review is declared twice.".into(),
                );
            }
            self.require_text(&r.label, &format!("{path}.label"));
            if r.covers.from > r.covers.to {
                self.error(
                    "calendar_years_reversed",
                    &format!("{path}.covers"),
                    format!(
                        "Kỳ đánh giá {}–{}: năm đầu sau năm cuối.",
                        r.covers.from, r.covers.to
                    ),
                    format!(
                        "Review period {}–{}: the first year is after the last.",
                        r.covers.from, r.covers.to
                    ),
                );
            }
            for year in [r.covers.from, r.covers.to] {
                if !plan.contains(year) {
                    self.year_outside(&format!("{path}.covers"), year, plan);
                }
            }
            let cutoff = self.date(&r.cutoff_end, &format!("{path}.cutoff_end"));
            let deadline = self.date(&r.deadline, &format!("{path}.deadline"));
            if let (Some(cutoff), Some(deadline)) = (cutoff, deadline)
                && deadline < cutoff
            {
                self.error(
                    "deadline_before_cutoff",
                    &format!("{path}.deadline"),
                    format!(
                        "Hạn gửi báo cáo {} trước ngày chốt số liệu {}.",
                        vn_date(deadline),
                        vn_date(cutoff)
                    ),
                    format!("The deadline {deadline} is before the data cut-off {cutoff}."),
                );
            }
            reviews.push(Review {
                kind: r.kind,
                label: r.label.clone(),
                covers: Span {
                    from: r.covers.from,
                    to: r.covers.to,
                },
                cutoff_end: cutoff.unwrap_or(Date::MIN),
                deadline: deadline.unwrap_or(Date::MIN),
            });
        }
        Calendar {
            annual,
            reviews,
            // Checked once the objectives are known (`levels`).
            levels: Vec::new(),
            source: c.source.clone(),
        }
    }

    pub(super) fn year_outside(&mut self, path: &str, year: i32, plan: Span) {
        self.error(
            "year_outside_plan",
            path,
            format!(
                "Năm {year} nằm ngoài giai đoạn kế hoạch {}–{}.",
                plan.from, plan.to
            ),
            format!(
                "Year {year} is outside the plan period {}–{}.",
                plan.from, plan.to
            ),
        );
    }
}
