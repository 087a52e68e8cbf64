//! Turns a framework file into a validated `Framework`, or into the list of
//! every problem found, each located and worded in Vietnamese and English.

use super::file::{self, FrameworkFile, IndicatorFile, TargetFile};
use super::locate::{line_at, line_of};
use super::model::*;
use crate::problem::Problem;
use crate::text::Text;
use std::collections::{HashMap, HashSet};
use time::{Date, Month};

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
        let calendar = self.calendar(&f.calendar, plan);
        let sections = self.sections(&f.sections);
        let objectives = self.objectives(f, &unit_codes, plan, &calendar);

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
            notes: f.notes.clone(),
        }
    }

    fn known_unit(&mut self, codes: &HashSet<&str>, code: &str, path: &str) -> bool {
        let known = codes.contains(code);
        if !known {
            self.error(
                "unknown_agency",
                path,
                format!("Cơ quan, đơn vị \"{code}\" không có trong danh sách [[units]] của tệp."),
                format!("Agency \"{code}\" is not among the file's [[units]]."),
            );
        }
        known
    }

    fn duplicate(
        &mut self,
        seen: &mut HashSet<String>,
        code: &str,
        what: (&str, &str),
        path: &str,
    ) {
        if !seen.insert(code.to_string()) {
            self.error(
                "duplicate_code",
                path,
                format!(
                    "Mã {} \"{code}\" bị trùng: mỗi mã chỉ được dùng một lần.",
                    what.0
                ),
                format!(
                    "Duplicate {} code \"{code}\": each code may be used only once.",
                    what.1
                ),
            );
        }
    }

    fn units(&mut self, units: &[file::UnitFile]) -> Vec<OrgUnit> {
        let codes: HashSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, u) in units.iter().enumerate() {
            let path = format!("units[{i}]");
            self.duplicate(
                &mut seen,
                &u.code,
                ("đơn vị", "unit"),
                &format!("{path}.code"),
            );
            if !is_code(&u.code, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
                self.error(
                    "bad_code",
                    &format!("{path}.code"),
                    format!("Mã đơn vị \"{}\" chỉ được gồm chữ in hoa không dấu, chữ số và dấu gạch ngang.", u.code),
                    format!("Unit code \"{}\" may only hold upper-case ASCII letters, digits and dashes.", u.code),
                );
            }
            self.require_text(&u.name, &format!("{path}.name"));
            for (field, code) in [("parent", &u.parent), ("successor", &u.successor)] {
                if let Some(code) = code {
                    if code == &u.code {
                        self.error(
                            "self_reference",
                            &format!("{path}.{field}"),
                            format!("Đơn vị \"{code}\" không thể tự tham chiếu đến chính nó."),
                            format!("Unit \"{code}\" cannot refer to itself."),
                        );
                    } else {
                        self.known_unit(&codes, code, &format!("{path}.{field}"));
                    }
                }
            }
            let from = u
                .valid_from
                .as_ref()
                .and_then(|d| self.date(d, &format!("{path}.valid_from")));
            let to = u
                .valid_to
                .as_ref()
                .and_then(|d| self.date(d, &format!("{path}.valid_to")));
            if let (Some(from), Some(to)) = (from, to)
                && to < from
            {
                self.error(
                    "unit_dates_reversed",
                    &format!("{path}.valid_to"),
                    format!(
                        "Đơn vị \"{}\": ngày kết thúc {} trước ngày bắt đầu {}.",
                        u.code,
                        vn_date(to),
                        vn_date(from)
                    ),
                    format!(
                        "Unit \"{}\": it ends on {to} before it starts on {from}.",
                        u.code
                    ),
                );
            }
            if u.successor.is_some() && u.valid_to.is_none() {
                self.warning(
                    "successor_without_end",
                    &format!("{path}.successor"),
                    format!(
                        "Đơn vị \"{}\" có đơn vị kế thừa nhưng không có ngày kết thúc (valid_to).",
                        u.code
                    ),
                    format!(
                        "Unit \"{}\" has a successor but no end date (valid_to).",
                        u.code
                    ),
                );
            }
            out.push(OrgUnit {
                code: u.code.clone(),
                kind: u.kind,
                name: u.name.clone(),
                short_name: u.short_name.clone(),
                parent: u.parent.clone(),
                valid_from: from,
                valid_to: to,
                successor: u.successor.clone(),
                source: u.source.clone(),
                notes: u.notes.clone(),
            });
        }
        out
    }

    fn month_day(&mut self, value: &str, path: &str) -> MonthDay {
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

    fn calendar(&mut self, c: &file::CalendarFile, plan: Span) -> Calendar {
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
            source: c.source.clone(),
        }
    }

    fn year_outside(&mut self, path: &str, year: i32, plan: Span) {
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

    fn sections(&mut self, sections: &[file::SectionFile]) -> Vec<Section> {
        let mut seen = HashSet::new();
        sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.duplicate(
                    &mut seen,
                    &s.code,
                    ("mục", "section"),
                    &format!("sections[{i}].code"),
                );
                self.require_text(&s.title, &format!("sections[{i}].title"));
                Section {
                    code: s.code.clone(),
                    title: s.title.clone(),
                    source: s.source.clone(),
                    notes: s.notes.clone(),
                }
            })
            .collect()
    }

    fn objectives(
        &mut self,
        f: &FrameworkFile,
        units: &HashSet<&str>,
        plan: Span,
        calendar: &Calendar,
    ) -> Vec<Objective> {
        let sections: HashSet<&str> = f.sections.iter().map(|s| s.code.as_str()).collect();
        let indicators: HashMap<&str, &IndicatorFile> = f
            .objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(|i| (i.code.as_str(), i)))
            .collect();
        let mut seen_objectives = HashSet::new();
        let mut seen_indicators = HashSet::new();
        let mut out = Vec::new();
        for (i, o) in f.objectives.iter().enumerate() {
            let path = format!("objectives[{i}]");
            self.duplicate(
                &mut seen_objectives,
                &o.code,
                ("mục tiêu", "objective"),
                &format!("{path}.code"),
            );
            self.require_text(&o.title, &format!("{path}.title"));
            self.require_text(&o.output, &format!("{path}.output"));
            if let Some(section) = &o.section
                && !sections.contains(section.as_str())
            {
                self.error(
                    "unknown_section",
                    &format!("{path}.section"),
                    format!("Mục \"{section}\" không có trong danh sách [[sections]]."),
                    format!("Section \"{section}\" is not among the [[sections]]."),
                );
            }
            match &o.lead {
                Some(lead) => {
                    self.known_unit(units, lead, &format!("{path}.lead"));
                }
                None if o.notes.is_empty() => self.error(
                    "missing_lead",
                    &format!("{path}.lead"),
                    format!("Mục tiêu \"{}\" không có cơ quan chủ trì (cột 6) và không có ghi chú giải thích vì sao.", o.code),
                    format!("Objective \"{}\" has no lead agency (column 6) and no note saying why.", o.code),
                ),
                None => {}
            }
            for (j, c) in o.coordinating.iter().enumerate() {
                if self.known_unit(units, c, &format!("{path}.coordinating[{j}]"))
                    && o.lead.as_ref() == Some(c)
                {
                    self.warning(
                        "lead_also_coordinating",
                        &format!("{path}.coordinating[{j}]"),
                        format!("\"{c}\" vừa là cơ quan chủ trì vừa là cơ quan phối hợp."),
                        format!("\"{c}\" is both the lead and a coordinating agency."),
                    );
                }
            }
            for time in &o.reporting {
                let declared = match time {
                    ReportingTime::Annual => calendar.annual.is_some(),
                    kind => calendar.reviews.iter().any(|r| r.kind == *kind),
                };
                if !declared {
                    self.error(
                        "reporting_time_not_in_calendar",
                        &format!("{path}.reporting"),
                        format!("Mục tiêu \"{}\" báo cáo vào kỳ {time:?} nhưng lịch báo cáo [calendar] không có kỳ đó.", o.code),
                        format!("Objective \"{}\" reports at {time:?} but the [calendar] has no such report.", o.code),
                    );
                }
            }
            let mut built = Vec::new();
            for (k, ind) in o.indicators.iter().enumerate() {
                let ipath = format!("{path}.indicators[{k}]");
                self.duplicate(
                    &mut seen_indicators,
                    &ind.code,
                    ("chỉ tiêu", "indicator"),
                    &format!("{ipath}.code"),
                );
                built.push(self.indicator(ind, &ipath, plan, &indicators));
            }
            out.push(Objective {
                code: o.code.clone(),
                section: o.section.clone(),
                title: o.title.clone(),
                activities: o.activities.clone(),
                output: o.output.clone(),
                reporting: o.reporting.clone(),
                reporting_text: o.reporting_text.clone(),
                coordinating: o.coordinating.clone(),
                lead: o.lead.clone(),
                source: o.source.clone(),
                notes: o.notes.clone(),
                indicators: built,
            });
        }
        out
    }

    fn indicator(
        &mut self,
        ind: &IndicatorFile,
        path: &str,
        plan: Span,
        all: &HashMap<&str, &IndicatorFile>,
    ) -> Indicator {
        self.require_text(&ind.name, &format!("{path}.name"));
        self.require_text(&ind.unit, &format!("{path}.unit"));
        let target = self.target(ind, &format!("{path}.target"), plan);
        if let Some(b) = ind.baseline {
            self.number(ind, b.value, &format!("{path}.baseline.value"));
            if b.year > plan.to || target.year().is_some_and(|y| b.year > y) {
                self.error(
                    "baseline_after_target",
                    &format!("{path}.baseline.year"),
                    format!(
                        "Năm cơ sở {} phải trước năm mục tiêu và trong giai đoạn kế hoạch.",
                        b.year
                    ),
                    format!(
                        "Base year {} must come before the target year and within the plan.",
                        b.year
                    ),
                );
            }
        }
        if let Some(limit) = ind.natural_limit {
            self.number(ind, limit, &format!("{path}.natural_limit"));
        }
        let aggregation = self.aggregation(ind, path, all);
        let continues = ind.continues.as_ref().map(|c| {
            self.require_code(&c.framework, &format!("{path}.continues.framework"));
            self.require_code(&c.indicator, &format!("{path}.continues.indicator"));
            Continuation {
                framework: c.framework.trim().to_string(),
                indicator: c.indicator.trim().to_string(),
            }
        });
        Indicator {
            code: ind.code.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            kind: ind.kind,
            direction: ind.direction,
            target,
            target_text: ind.target.text.clone(),
            baseline: ind.baseline.map(|b| Baseline {
                value: b.value,
                year: b.year,
            }),
            natural_limit: ind.natural_limit,
            aggregation,
            reported_by_units: ind.reported_by_units,
            from_output: ind.from_output.clone(),
            continues,
            source: ind.source.clone(),
            notes: ind.notes.clone(),
        }
    }

    /// A code another framework is named by: not empty.
    fn require_code(&mut self, code: &str, path: &str) {
        if code.trim().is_empty() {
            self.error(
                "empty_text",
                path,
                "Mã không được để trống.".into(),
                "The code must not be empty.".into(),
            );
        }
    }

    /// Checks a number of an indicator: finite, and within 0–100 for a percentage.
    fn number(&mut self, ind: &IndicatorFile, value: f64, path: &str) {
        if !value.is_finite() {
            self.error(
                "not_a_number",
                path,
                "Giá trị phải là một số hữu hạn (không phải nan hay inf).".into(),
                "The value must be a finite number (not nan or inf).".into(),
            );
        } else if ind.kind == IndicatorKind::Percent && !(0.0..=100.0).contains(&value) {
            self.error(
                "percent_out_of_range",
                path,
                format!(
                    "Chỉ tiêu \"{}\" tính theo %, nên giá trị {value} phải nằm trong khoảng 0–100.",
                    ind.code
                ),
                format!(
                    "Indicator \"{}\" is a percentage, so {value} must lie within 0–100.",
                    ind.code
                ),
            );
        }
    }

    fn target(&mut self, ind: &IndicatorFile, path: &str, plan: Span) -> Target {
        let t: &TargetFile = &ind.target;
        let form = t.form;
        let kind_fits = match form {
            TargetForm::Milestone => ind.kind == IndicatorKind::Milestone,
            TargetForm::Qualitative => ind.kind == IndicatorKind::Qualitative,
            TargetForm::AllFrom => ind.kind == IndicatorKind::Percent,
            TargetForm::None => !matches!(
                ind.kind,
                IndicatorKind::Milestone | IndicatorKind::Qualitative
            ),
            _ => matches!(ind.kind, IndicatorKind::Percent | IndicatorKind::Number),
        };
        if !kind_fits {
            self.error(
                "kind_form_mismatch",
                &format!("{path}.form"),
                format!(
                    "Chỉ tiêu \"{}\" loại {:?} không thể có mục tiêu dạng {:?}.",
                    ind.code, ind.kind, form
                ),
                format!(
                    "Indicator \"{}\" of kind {:?} cannot have a target of form {:?}.",
                    ind.code, ind.kind, form
                ),
            );
        }
        let numbers = [("value", t.value), ("min", t.min), ("max", t.max)];
        if matches!(
            form,
            TargetForm::Milestone
                | TargetForm::Qualitative
                | TargetForm::AllFrom
                | TargetForm::None
        ) {
            for (field, v) in numbers {
                if v.is_some() {
                    let kind = if form == TargetForm::Milestone {
                        "milestone_with_number"
                    } else {
                        "unexpected_number"
                    };
                    self.error(
                        kind,
                        &format!("{path}.{field}"),
                        format!("Mục tiêu dạng {form:?} của chỉ tiêu \"{}\" không nhận giá trị số ({field}): chỉ ghi năm.", ind.code),
                        format!("A {form:?} target (indicator \"{}\") takes no number ({field}): give only the year.", ind.code),
                    );
                }
            }
        }
        let needs = |field: &'static str| (field, path.to_string());
        let mut missing = Vec::new();
        let year = match form {
            TargetForm::AllFrom | TargetForm::None => None,
            TargetForm::Qualitative => t.year,
            _ => {
                if t.year.is_none() {
                    missing.push(needs("year"));
                }
                t.year
            }
        };
        if form == TargetForm::AllFrom && t.from_year.is_none() {
            missing.push(needs("from_year"));
        }
        if form != TargetForm::AllFrom && t.from_year.is_some() {
            self.error(
                "unexpected_number",
                &format!("{path}.from_year"),
                "Chỉ mục tiêu dạng all_from mới có from_year.".into(),
                "Only an all_from target has a from_year.".into(),
            );
        }
        let value_forms = [
            TargetForm::AtLeast,
            TargetForm::Above,
            TargetForm::AtMost,
            TargetForm::Below,
        ];
        if value_forms.contains(&form) && t.value.is_none() {
            missing.push(needs("value"));
        }
        if form == TargetForm::Range {
            if t.min.is_none() {
                missing.push(needs("min"));
            }
            if t.max.is_none() {
                missing.push(needs("max"));
            }
            if t.value.is_some() {
                self.error(
                    "unexpected_number",
                    &format!("{path}.value"),
                    "Mục tiêu dạng khoảng (range) ghi bằng min và max, không dùng value.".into(),
                    "A range target is written with min and max, not value.".into(),
                );
            }
        } else if (t.min.is_some() || t.max.is_some()) && value_forms.contains(&form) {
            self.error(
                "unexpected_number",
                &format!("{path}.min"),
                format!("Mục tiêu dạng {form:?} ghi bằng value; min/max chỉ dùng cho dạng range."),
                format!("A {form:?} target is written with value; min/max belong to a range."),
            );
        }
        for (field, p) in &missing {
            self.error(
                "target_incomplete",
                p,
                format!(
                    "Mục tiêu dạng {form:?} của chỉ tiêu \"{}\" thiếu trường \"{field}\".",
                    ind.code
                ),
                format!(
                    "The {form:?} target of indicator \"{}\" lacks \"{field}\".",
                    ind.code
                ),
            );
        }
        for (field, v) in numbers {
            if let Some(v) = v {
                self.number(ind, v, &format!("{path}.{field}"));
            }
        }
        if let (Some(min), Some(max)) = (t.min, t.max)
            && min > max
        {
            self.error(
                "range_reversed",
                &format!("{path}.min"),
                format!(
                    "Khoảng mục tiêu của chỉ tiêu \"{}\": min {min} lớn hơn max {max}.",
                    ind.code
                ),
                format!(
                    "Target range of indicator \"{}\": min {min} is greater than max {max}.",
                    ind.code
                ),
            );
        }
        for (field, y) in [("year", year), ("from_year", t.from_year)] {
            if let Some(y) = y
                && !plan.contains(y)
            {
                self.error(
                    "target_year_outside_plan",
                    &format!("{path}.{field}"),
                    format!(
                        "Năm mục tiêu {y} của chỉ tiêu \"{}\" nằm ngoài giai đoạn kế hoạch {}–{}.",
                        ind.code, plan.from, plan.to
                    ),
                    format!(
                        "Target year {y} of indicator \"{}\" is outside the plan period {}–{}.",
                        ind.code, plan.from, plan.to
                    ),
                );
            }
        }
        let mismatch = matches!(
            (form, ind.direction),
            (TargetForm::AtLeast | TargetForm::Above, Direction::Decrease)
                | (TargetForm::AtMost | TargetForm::Below, Direction::Increase)
        );
        if mismatch {
            self.warning(
                "direction_mismatch",
                &format!("{path}.form"),
                format!(
                    "Chỉ tiêu \"{}\": dạng mục tiêu {form:?} ngược với xu hướng {:?}.",
                    ind.code, ind.direction
                ),
                format!(
                    "Indicator \"{}\": target form {form:?} runs against direction {:?}.",
                    ind.code, ind.direction
                ),
            );
        }
        let y = year.unwrap_or(0);
        let (v, min, max) = (
            t.value.unwrap_or(0.0),
            t.min.unwrap_or(0.0),
            t.max.unwrap_or(0.0),
        );
        match form {
            TargetForm::AtLeast => Target::AtLeast { value: v, year: y },
            TargetForm::Above => Target::Above { value: v, year: y },
            TargetForm::AtMost => Target::AtMost { value: v, year: y },
            TargetForm::Below => Target::Below { value: v, year: y },
            TargetForm::Range => Target::Range { min, max, year: y },
            TargetForm::AllFrom => Target::AllFrom {
                from_year: t.from_year.unwrap_or(0),
            },
            TargetForm::Milestone => Target::Milestone { year: y },
            TargetForm::Qualitative => Target::Qualitative { year },
            TargetForm::None => Target::None,
        }
    }

    fn aggregation(
        &mut self,
        ind: &IndicatorFile,
        path: &str,
        all: &HashMap<&str, &IndicatorFile>,
    ) -> Aggregation {
        use file::AggregationRule as R;
        let apath = format!("{path}.aggregation");
        let aggregable = matches!(ind.kind, IndicatorKind::Percent | IndicatorKind::Number);
        if !aggregable && ind.aggregation != R::None {
            self.error(
                "not_aggregable",
                &apath,
                format!("Chỉ tiêu \"{}\" loại {:?} không thể cộng gộp giữa các đơn vị: dùng aggregation = \"none\".", ind.code, ind.kind),
                format!("Indicator \"{}\" of kind {:?} cannot be combined across units: use aggregation = \"none\".", ind.code, ind.kind),
            );
        }
        if ind.kind == IndicatorKind::Percent && ind.aggregation == R::Sum {
            self.error(
                "sum_of_percent",
                &apath,
                format!("Không thể cộng các tỷ lệ % của chỉ tiêu \"{}\": dùng mean hoặc weighted_mean.", ind.code),
                format!("The percentages of indicator \"{}\" cannot be summed: use mean or weighted_mean.", ind.code),
            );
        }
        if ind.aggregation != R::WeightedMean && ind.weight.is_some() {
            self.warning(
                "weight_unused",
                &format!("{path}.weight"),
                format!(
                    "Chỉ tiêu \"{}\" có weight nhưng không tổng hợp theo bình quân gia quyền.",
                    ind.code
                ),
                format!(
                    "Indicator \"{}\" names a weight but is not aggregated by weighted mean.",
                    ind.code
                ),
            );
        }
        match ind.aggregation {
            R::Sum => Aggregation::Sum,
            R::Mean => Aggregation::Mean,
            R::None => Aggregation::None,
            R::WeightedMean => {
                let weight = ind.weight.clone().unwrap_or_default();
                match all.get(weight.as_str()) {
                    _ if ind.weight.is_none() => self.error(
                        "weight_missing",
                        &apath,
                        format!("Chỉ tiêu \"{}\" tổng hợp theo bình quân gia quyền nhưng không ghi chỉ tiêu làm quyền số (weight).", ind.code),
                        format!("Indicator \"{}\" is aggregated by weighted mean but names no weight indicator.", ind.code),
                    ),
                    _ if weight == ind.code => self.error(
                        "self_reference",
                        &format!("{path}.weight"),
                        "Một chỉ tiêu không thể làm quyền số cho chính nó.".into(),
                        "An indicator cannot weigh itself.".into(),
                    ),
                    None => self.error(
                        "weight_unknown",
                        &format!("{path}.weight"),
                        format!("Chỉ tiêu quyền số \"{weight}\" không tồn tại trong khung."),
                        format!("Weight indicator \"{weight}\" does not exist in the framework."),
                    ),
                    Some(w) if !(w.kind == IndicatorKind::Number && w.reported_by_units) => self.error(
                        "weight_unusable",
                        &format!("{path}.weight"),
                        format!("Chỉ tiêu quyền số \"{weight}\" phải là chỉ tiêu số lượng (number) do các đơn vị báo cáo (reported_by_units = true)."),
                        format!("Weight indicator \"{weight}\" must be a number reported by units (reported_by_units = true)."),
                    ),
                    Some(_) => {}
                }
                Aggregation::WeightedMean { weight }
            }
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
