//! How a framework's reports are written as official documents: who issues
//! and signs them, where they are dated, who receives them. All of it comes
//! from the framework file (`[framework.documents]`) and from the units that
//! exist on the document's date, so that a report of 2018 reads as Kon Tum
//! wrote then and one after the 2025 reorganisation names no district level.

use super::file::{FrameworkHeader, UnitKind};
use super::locate::line_of;
use super::model::{Framework, OrgUnit};
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use time::{Date, Month};

/// `[framework.documents]` after validation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Documents {
    pub subject: Option<String>,
    pub agency_subject: Option<String>,
    pub signer: Option<ReportSigner>,
    pub recipients: Vec<Recipient>,
    pub filing_mark: Option<String>,
    pub places: BTreeMap<String, String>,
    pub symbols: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSigner {
    pub on_behalf_of: Option<String>,
    pub deputy_for: Option<String>,
    pub acting: bool,
    pub title: String,
    pub name: Option<String>,
}

impl ReportSigner {
    /// The lines above the signature, as Decree 30 prints them:
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH".
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(body) = &self.on_behalf_of {
            lines.push(format!("TM. {}", body.to_uppercase()));
        }
        let title = self.title.to_uppercase();
        match (&self.deputy_for, self.acting) {
            (Some(head), _) => {
                lines.push(format!("KT. {}", head.to_uppercase()));
                lines.push(title);
            }
            (None, true) => lines.push(format!("Q. {title}")),
            (None, false) => lines.push(title),
        }
        lines
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    pub text: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub if_units: Vec<UnitKind>,
}

/// Wording used where a framework file says nothing: what any report of a
/// province's action plan says, with no level of government named that may
/// have ceased to exist.
const SUBJECT: &str = "Kết quả thực hiện Kế hoạch hành động tăng trưởng xanh {period}";
const AGENCY_SUBJECT: &str =
    "Kết quả theo dõi, đánh giá thực hiện Kế hoạch hành động tăng trưởng xanh {period}";
const FILING_MARK: &str = "Lưu: VT.";

impl Framework {
    /// The unit that stands for `code` on `day`: the unit itself while it
    /// exists, else the successor that took over its tasks (followed as far as
    /// needed), else the unit as it last was.
    pub fn unit_on(&self, code: &str, day: Date) -> Option<&OrgUnit> {
        let mut unit = self.unit(code)?;
        let mut seen = HashSet::new();
        while !unit.exists_on(day) && seen.insert(unit.code.as_str()) {
            match unit.successor.as_deref().and_then(|s| self.unit(s)) {
                Some(next) => unit = next,
                None => break,
            }
        }
        Some(unit)
    }

    /// The place name of the date line of a document `unit` issues.
    pub fn place_of(&self, unit: &str) -> &str {
        self.documents
            .places
            .get(unit)
            .map(String::as_str)
            .unwrap_or(&self.place)
    }

    /// The unit's short form in document numbers: given in the file, or the
    /// initials of its name ("Sở Kế hoạch và Đầu tư" → "SKHĐT"); a people's
    /// committee is "UBND".
    pub fn symbol_of(&self, unit: &OrgUnit) -> String {
        if let Some(s) = self.documents.symbols.get(&unit.code) {
            return s.clone();
        }
        if matches!(
            unit.kind,
            UnitKind::Province
                | UnitKind::District
                | UnitKind::City
                | UnitKind::Town
                | UnitKind::Commune
        ) || unit.name.vi.starts_with("Ủy ban nhân dân")
        {
            return "UBND".into();
        }
        unit.name
            .vi
            .split_whitespace()
            .filter(|w| *w != "và" && *w != "&")
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }

    /// The provincial report's subject line for a period phrase ("năm 2018").
    pub fn report_subject(&self, period: &str) -> String {
        fill(self.documents.subject.as_deref().unwrap_or(SUBJECT), period)
    }

    /// An agency report's subject line for a period phrase.
    pub fn agency_subject(&self, period: &str) -> String {
        fill(
            self.documents
                .agency_subject
                .as_deref()
                .unwrap_or(AGENCY_SUBJECT),
            period,
        )
    }

    /// Who signs the provincial report: the file's `documents.signer`, else
    /// the signer of the framework's own decision (the body that issued the
    /// framework reports under the same authority), else the head of the
    /// issuing committee.
    pub fn report_signer(&self) -> ReportSigner {
        if let Some(s) = &self.documents.signer {
            return s.clone();
        }
        if let Some(s) = &self.decision.signer {
            let mut lines: Vec<String> = s.title.vi.lines().map(str::to_string).collect();
            let title = lines.pop().unwrap_or_default();
            return ReportSigner {
                on_behalf_of: lines
                    .iter()
                    .find_map(|l| l.strip_prefix("TM. ").map(str::to_string)),
                deputy_for: lines
                    .iter()
                    .find_map(|l| l.strip_prefix("KT. ").map(str::to_string)),
                acting: title.starts_with("Q. "),
                title: title.trim_start_matches("Q. ").to_string(),
                name: Some(s.name.clone()).filter(|n| !n.trim().is_empty()),
            };
        }
        ReportSigner {
            on_behalf_of: Some("Ủy ban nhân dân".into()),
            deputy_for: None,
            acting: false,
            title: "Chủ tịch".into(),
            name: None,
        }
    }

    /// The distribution list on `day`, filing mark last: lines out of their
    /// time, and lines naming a level of government none of whose units
    /// exists that day, are left out.
    pub fn recipients_on(&self, day: Date) -> Vec<String> {
        let d = &self.documents;
        let mut out: Vec<String> = if d.recipients.is_empty() {
            vec![self.recipient.vi.clone()]
        } else {
            d.recipients
                .iter()
                .filter(|r| r.valid_from.is_none_or(|f| f <= day))
                .filter(|r| r.valid_to.is_none_or(|t| day <= t))
                .filter(|r| {
                    r.if_units.is_empty()
                        || self
                            .units
                            .iter()
                            .any(|u| r.if_units.contains(&u.kind) && u.exists_on(day))
                })
                .map(|r| r.text.clone())
                .collect()
        };
        out.push(
            d.filing_mark
                .clone()
                .unwrap_or_else(|| FILING_MARK.to_string()),
        );
        out
    }
}

fn fill(template: &str, period: &str) -> String {
    template.replace("{period}", period)
}

/// Checks `[framework.documents]` and turns it into the model, adding every
/// problem found to `problems` (located in `text`).
pub(super) fn check(
    header: &FrameworkHeader,
    unit_codes: &HashSet<&str>,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Documents {
    let Some(f) = header.documents.as_ref() else {
        return Documents::default();
    };
    let mut error = |path: &str, vi: String, en: String| {
        let line = line_of(text, path);
        problems.push(Problem::error("documents", path, vi, en).at_line(line));
    };
    for (field, value) in [
        ("subject", &f.subject),
        ("agency_subject", &f.agency_subject),
    ] {
        let Some(value) = value else { continue };
        let path = format!("framework.documents.{field}");
        let unknown = value.replace("{period}", "").contains(['{', '}']);
        if value.trim().is_empty() || unknown {
            error(
                &path,
                "Trích yếu phải có nội dung và chỉ dùng chỗ trống {period} (kỳ báo cáo, ví dụ \"năm 2018\").".into(),
                "The subject line must have text and may only use the placeholder {period} (the period, e.g. \"năm 2018\").".into(),
            );
        }
    }
    if let Some(s) = &f.signer {
        let path = "framework.documents.signer";
        if s.title.trim().is_empty() {
            error(
                path,
                "Thiếu chức vụ người ký (title), ví dụ \"CHỦ TỊCH\".".into(),
                "The signer's title is missing, e.g. \"CHỦ TỊCH\".".into(),
            );
        }
        if s.acting && s.deputy_for.is_some() {
            error(
                path,
                "Người ký không thể vừa ký thay (KT., deputy_for) vừa là quyền (Q., acting).".into(),
                "A signer cannot both sign for the head (KT., deputy_for) and be acting head (Q., acting).".into(),
            );
        }
        for (field, value) in [
            ("on_behalf_of", &s.on_behalf_of),
            ("deputy_for", &s.deputy_for),
        ] {
            let starts_with_mark = value.as_deref().is_some_and(|v| {
                ["TM.", "KT.", "Q."]
                    .iter()
                    .any(|m| v.trim_start().starts_with(m))
            });
            if starts_with_mark {
                error(
                    &format!("{path}.{field}"),
                    "Chỉ ghi tên (ví dụ \"ỦY BAN NHÂN DÂN\"); Xanh tự thêm \"TM.\", \"KT.\" hoặc \"Q.\".".into(),
                    "Write the name only (e.g. \"ỦY BAN NHÂN DÂN\"); Xanh adds \"TM.\", \"KT.\" or \"Q.\" itself.".into(),
                );
            }
        }
    }
    let mut recipients = Vec::new();
    for (i, r) in f.recipients.iter().enumerate() {
        let path = format!("framework.documents.recipients[{i}]");
        if r.text.trim().is_empty() {
            error(
                &format!("{path}.text"),
                "Dòng nơi nhận trống.".into(),
                "A line of the distribution list is empty.".into(),
            );
        }
        let mut date = |value: &Option<toml::value::Datetime>, field: &str| {
            let value = value.as_ref()?;
            let day = match (value.date, value.time, value.offset) {
                (Some(d), None, None) => Month::try_from(d.month)
                    .ok()
                    .and_then(|m| Date::from_calendar_date(i32::from(d.year), m, d.day).ok()),
                _ => None,
            };
            if day.is_none() {
                error(
                    &format!("{path}.{field}"),
                    format!(
                        "Ngày không hợp lệ: {value}. Ghi theo dạng NNNN-TT-NN, ví dụ 2025-07-01."
                    ),
                    format!("Not a valid date: {value}. Write it as YYYY-MM-DD, e.g. 2025-07-01."),
                );
            }
            day
        };
        let valid_from = date(&r.valid_from, "valid_from");
        let valid_to = date(&r.valid_to, "valid_to");
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && from > to
        {
            error(
                &path,
                "Ngày bắt đầu (valid_from) sau ngày kết thúc (valid_to).".into(),
                "valid_from is after valid_to.".into(),
            );
        }
        recipients.push(Recipient {
            text: r.text.trim().to_string(),
            valid_from,
            valid_to,
            if_units: r.if_units.clone(),
        });
    }
    for (field, map) in [("places", &f.places), ("symbols", &f.symbols)] {
        for (code, value) in map {
            let path = format!("framework.documents.{field}");
            if !unit_codes.contains(code.as_str()) {
                error(
                    &path,
                    format!(
                        "Cơ quan, đơn vị \"{code}\" không có trong danh sách [[units]] của tệp."
                    ),
                    format!("Agency \"{code}\" is not among the file's [[units]]."),
                );
            }
            if value.trim().is_empty() {
                error(
                    &path,
                    format!("Giá trị của \"{code}\" trống."),
                    format!("The value for \"{code}\" is empty."),
                );
            }
        }
    }
    Documents {
        subject: f.subject.clone(),
        agency_subject: f.agency_subject.clone(),
        signer: f.signer.as_ref().map(|s| ReportSigner {
            on_behalf_of: s.on_behalf_of.clone().filter(|v| !v.trim().is_empty()),
            deputy_for: s.deputy_for.clone().filter(|v| !v.trim().is_empty()),
            acting: s.acting,
            title: s.title.trim().to_string(),
            name: s.name.clone().filter(|v| !v.trim().is_empty()),
        }),
        recipients,
        filing_mark: f.filing_mark.clone().filter(|v| !v.trim().is_empty()),
        places: f.places.clone(),
        symbols: f.symbols.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::framework::load;
    use time::macros::date;

    const BUILTIN: &str = include_str!("../../../../frameworks/kon-tum-598-2014.toml");

    fn builtin() -> crate::framework::Framework {
        load(BUILTIN)
            .expect("the built-in framework is valid")
            .framework
    }

    #[test]
    fn a_2018_document_keeps_the_wording_kon_tum_used_then() {
        let fw = builtin();
        let day = date!(2019 - 01 - 20);
        let issuer = fw.unit_on(&fw.issuer, day).expect("the issuer");
        assert_eq!(issuer.name.vi, "Ủy ban nhân dân tỉnh Kon Tum");
        assert_eq!(fw.place_of(&issuer.code), "Kon Tum");
        assert_eq!(fw.symbol_of(issuer), "UBND");
        assert_eq!(
            fw.recipients_on(day),
            [
                "Bộ Kế hoạch và Đầu tư",
                "Thường trực Tỉnh ủy (b/c)",
                "Thường trực HĐND tỉnh (b/c)",
                "Các sở, ban, ngành",
                "UBND các huyện, thành phố",
                "Lưu: VT, KTTH.",
            ]
        );
        assert_eq!(
            fw.report_signer().lines(),
            ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        );
        assert_eq!(
            fw.report_subject("năm 2018"),
            "Đánh giá tình hình thực hiện Kế hoạch hành động tăng trưởng xanh năm 2018"
        );
    }

    #[test]
    fn a_document_dated_after_the_2025_reorganisation_names_no_district_level() {
        let fw = builtin();
        let day = date!(2025 - 12 - 20);
        let issuer = fw.unit_on(&fw.issuer, day).expect("the issuer");
        assert_eq!(issuer.name.vi, "Ủy ban nhân dân tỉnh Quảng Ngãi");
        assert_eq!(fw.place_of(&issuer.code), "Quảng Ngãi");
        let recipients = fw.recipients_on(day);
        assert!(
            !recipients.iter().any(|r| r.contains("huyện")),
            "{recipients:?}"
        );
        assert!(recipients.contains(&"Bộ Tài chính".to_string()));
        assert!(!recipients.contains(&"Bộ Kế hoạch và Đầu tư".to_string()));
    }

    #[test]
    fn department_symbols_are_the_initials_officials_use() {
        let fw = builtin();
        let symbol = |code: &str| fw.symbol_of(fw.unit(code).expect("a unit"));
        assert_eq!(symbol("SO-KHDT"), "SKHĐT");
        assert_eq!(symbol("SO-CT"), "SCT");
        assert_eq!(symbol("SO-NNPTNT"), "SNNPTNT");
        assert_eq!(symbol("H-DAKHA"), "UBND");
    }

    #[test]
    fn a_deputy_or_acting_signer_reads_as_decree_30_prints_it() {
        let mut fw = builtin();
        fw.documents.signer = None;
        // Without settings of its own, the report takes the framework decision's signer.
        assert_eq!(
            fw.report_signer().lines(),
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        );
        assert_eq!(fw.report_signer().name.as_deref(), Some("Nguyễn Hữu Hải"));
        let acting = super::ReportSigner {
            on_behalf_of: None,
            deputy_for: None,
            acting: true,
            title: "Giám đốc".into(),
            name: None,
        };
        assert_eq!(acting.lines(), ["Q. GIÁM ĐỐC"]);
    }

    #[test]
    fn wrong_document_settings_are_each_reported_with_their_line() {
        let bad = BUILTIN.replace(
            "signer = { on_behalf_of = \"Ủy ban nhân dân\", title = \"Chủ tịch\" }",
            "signer = { on_behalf_of = \"TM. Ủy ban nhân dân\", deputy_for = \"Chủ tịch\", acting = true, title = \"\" }",
        )
        .replace("{period}\"\nagency_subject", "{nam}\"\nagency_subject")
        .replace("UBND-QUANGNGAI = \"Quảng Ngãi\"", "UBND-KHONGCO = \"Quảng Ngãi\"")
        .replace("valid_to = 2025-02-28 }", "valid_to = 2025-02-28, valid_from = 2026-01-01 }");
        assert_ne!(bad, BUILTIN);
        let problems = load(&bad).expect_err("refused");
        let paths: Vec<&str> = problems.iter().map(|p| p.location.path.as_str()).collect();
        for expected in [
            "framework.documents.subject",
            "framework.documents.signer",
            "framework.documents.signer.on_behalf_of",
            "framework.documents.places",
            "framework.documents.recipients[0]",
        ] {
            assert!(paths.contains(&expected), "{expected} in {paths:?}");
        }
        assert!(
            problems.iter().all(|p| p.location.line.is_some()),
            "each with its line"
        );
    }
}
