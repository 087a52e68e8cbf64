//! Turns a framework file into a validated `Framework`, or into the list of
//! every problem found, each located and worded in Vietnamese and English.
//! This module holds the entry points, the `Validator` that collects the
//! problems, and the framework-wide checks; the parts of the file are checked
//! in the submodules.

use super::file::FrameworkFile;
use super::locate::{line_at, line_of};
use super::model::*;
use crate::problem::Problem;
use crate::text::Text;
use std::collections::HashSet;
use time::{Date, Month};

mod aggregation;
mod calendar;
mod levels;
mod objectives;
mod rules;
mod targets;
mod units;

/// A framework that passed validation, with what a person should still look at.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub framework: Framework,
    pub warnings: Vec<Problem>,
}

/// Reads a framework file from raw bytes: they must be UTF-8 (a leading BOM is tolerated).
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load(text),
        Err(e) => {
            let line = line_at_bytes(bytes, e.valid_up_to());
            Err(vec![Problem::error(
                "encoding",
                "",
                format!(
                    "Tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {}). Hãy lưu lại tệp với mã hóa UTF-8.",
                    e.valid_up_to()
                ),
                format!(
                    "The file is not UTF-8 text (bad byte at offset {}). Save it again as UTF-8.",
                    e.valid_up_to()
                ),
            )
            .at_line(Some(line))])
        }
    }
}

/// Reads a framework file from its text.
pub fn load(text: &str) -> Result<Loaded, Vec<Problem>> {
    let file: FrameworkFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => return Err(vec![structure_problem(text, &e)]),
    };
    let mut v = Validator {
        text,
        problems: Vec::new(),
    };
    let framework = v.framework(&file);
    let (errors, warnings): (Vec<_>, Vec<_>) = v.problems.into_iter().partition(|p| p.is_error());
    if errors.is_empty() {
        Ok(Loaded {
            framework,
            warnings,
        })
    } else {
        let mut all = errors;
        all.extend(warnings);
        Err(all)
    }
}

fn line_at_bytes(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A problem the TOML reader itself found: bad syntax, a wrong type, a
/// missing or unknown field. Only the first such problem can be reported,
/// since the file cannot be read further.
fn structure_problem(text: &str, e: &toml::de::Error) -> Problem {
    let line = e.span().map(|s| line_at(text, s.start));
    let message = e.message().trim().to_string();
    let syntax = toml::de::DeTable::parse(text).is_err();
    let (kind, vi) = if syntax {
        ("syntax", format!("Lỗi cú pháp TOML: {message}"))
    } else {
        ("structure", translate_serde_message(&message))
    };
    let en = if syntax {
        format!("TOML syntax error: {message}")
    } else {
        format!("Wrong structure: {message}")
    };
    Problem::error(kind, "", vi, en).at_line(line)
}

/// Puts the deserialiser's usual messages into plain Vietnamese.
fn translate_serde_message(message: &str) -> String {
    let quoted = message
        .split('`')
        .nth(1)
        .map(|s| format!(" `{s}`"))
        .unwrap_or_default();
    if message.starts_with("missing field") {
        format!("Thiếu trường bắt buộc{quoted}.")
    } else if message.starts_with("unknown field") {
        format!("Trường không hợp lệ{quoted} (có thể viết sai tên). Chi tiết: {message}")
    } else if message.starts_with("unknown variant") {
        format!("Giá trị không nằm trong danh sách cho phép{quoted}. Chi tiết: {message}")
    } else if message.starts_with("invalid type") {
        format!("Sai kiểu dữ liệu. Chi tiết: {message}")
    } else {
        format!("Cấu trúc tệp không đúng. Chi tiết: {message}")
    }
}

struct Validator<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn error(&mut self, kind: &'static str, path: &str, vi: String, en: String) {
        let line = line_of(self.text, path);
        self.problems
            .push(Problem::error(kind, path, vi, en).at_line(line));
    }

    fn warning(&mut self, kind: &'static str, path: &str, vi: String, en: String) {
        let line = line_of(self.text, path);
        self.problems
            .push(Problem::warning(kind, path, vi, en).at_line(line));
    }

    fn require_text(&mut self, text: &Text, path: &str) {
        if text.vi.trim().is_empty() {
            self.error(
                "missing_text",
                path,
                "Thiếu nội dung tiếng Việt.".into(),
                "The Vietnamese text is empty.".into(),
            );
        }
    }

    fn date(&mut self, value: &toml::value::Datetime, path: &str) -> Option<Date> {
        let date = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => Month::try_from(d.month)
                .ok()
                .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok()),
            _ => None,
        };
        if date.is_none() {
            self.error(
                "bad_date",
                path,
                format!("Ngày không hợp lệ: {value}. Ghi theo dạng NNNN-TT-NN, ví dụ 2014-06-27."),
                format!("Not a valid date: {value}. Write it as YYYY-MM-DD, e.g. 2014-06-27."),
            );
        }
        date
    }

    fn framework(&mut self, f: &FrameworkFile) -> Framework {
        if f.format_version != 1 {
            self.error(
                "format_version",
                "format_version",
                format!(
                    "Phiên bản định dạng {} chưa được hỗ trợ; chỉ có phiên bản 1.",
                    f.format_version
                ),
                format!(
                    "Format version {} is not supported; only version 1 exists.",
                    f.format_version
                ),
            );
        }
        let h = &f.framework;
        if !is_code(&h.code, |c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            self.error(
                "bad_code",
                "framework.code",
                format!("Mã khung \"{}\" chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang.", h.code),
                format!("Framework code \"{}\" may only hold lower-case ASCII letters, digits and dashes.", h.code),
            );
        }
        self.require_text(&h.title, "framework.title");
        self.require_text(&h.decision.body, "framework.decision.body");
        self.require_text(&f.general_objective.text, "general_objective.text");
        let plan = Span {
            from: h.plan_period.from,
            to: h.plan_period.to,
        };
        if plan.from > plan.to {
            self.error(
                "plan_period_reversed",
                "framework.plan_period",
                format!(
                    "Giai đoạn kế hoạch {}–{}: năm bắt đầu sau năm kết thúc.",
                    plan.from, plan.to
                ),
                format!(
                    "Plan period {}–{}: the first year is after the last.",
                    plan.from, plan.to
                ),
            );
        }
        let decision_date = self
            .date(&h.decision.date, "framework.decision.date")
            .unwrap_or(Date::MIN);

        let units = self.units(&f.units);
        let unit_codes: HashSet<&str> = f.units.iter().map(|u| u.code.as_str()).collect();
        for (code, path) in [
            (&h.consolidator, "framework.consolidator"),
            (&h.issuer, "framework.issuer"),
        ] {
            self.known_unit(&unit_codes, code, path);
        }
        let mut calendar = self.calendar(&f.calendar, plan);
        let sections = self.sections(&f.sections);
        let objectives = self.objectives(f, &unit_codes, plan, &calendar);
        calendar.levels = self.levels(&f.calendar, &objectives, &units, calendar.annual.as_ref());
        let rules = self.rules(f);

        Framework {
            code: h.code.clone(),
            title: h.title.clone(),
            decision: Decision {
                number: h.decision.number.clone(),
                date: decision_date,
                body: h.decision.body.clone(),
                subject: h.decision.subject.clone(),
                signer: h.decision.signer.as_ref().map(|s| Signer {
                    name: s.name.clone(),
                    title: s.title.clone(),
                }),
            },
            plan,
            vision_year: h.vision_year,
            consolidator: h.consolidator.clone(),
            issuer: h.issuer.clone(),
            recipient: h.recipient.clone(),
            place: h.place.clone(),
            source: h.source.clone(),
            documents: super::documents::check(h, &unit_codes, self.text, &mut self.problems),
            general_objective: f.general_objective.text.clone(),
            general_objective_source: f.general_objective.source.clone(),
            calendar,
            units,
            sections,
            objectives,
            rules,
            notes: f.notes.clone(),
        }
    }
}

fn is_code(code: &str, allowed: impl Fn(char) -> bool) -> bool {
    !code.is_empty()
        && !code.starts_with(['-', '.'])
        && code.chars().all(|c| allowed(c) || c == '-' || c == '.')
}

fn valid_month_day(month: u8, day: u8) -> bool {
    // Checked against a leap year would accept 02-29, which most years lack.
    Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(2023, m, day).ok())
        .is_some()
}

/// A date as Vietnamese officials write it: dd/mm/yyyy.
pub fn vn_date(d: Date) -> String {
    crate::display::date(d)
}
