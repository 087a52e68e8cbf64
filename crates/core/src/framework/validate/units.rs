//! The framework's agencies and units: each code used once, every parent and
//! reference naming a unit the file lists, and the helpers the other checks use
//! to report an unknown agency or a duplicate code.

use super::super::file;
use super::super::model::*;
use super::{Validator, is_code, vn_date};
use std::collections::HashSet;

impl Validator<'_> {
    pub(super) fn known_unit(&mut self, codes: &HashSet<&str>, code: &str, path: &str) -> bool {
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

    pub(super) fn duplicate(
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

    pub(super) fn units(&mut self, units: &[file::UnitFile]) -> Vec<OrgUnit> {
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
            if let Some(official) = &u.official_code {
                self.official_code(&u.code, u.kind, official, &format!("{path}.official_code"));
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
                official_code: u.official_code.clone(),
                source: u.source.clone(),
                notes: u.notes.clone(),
            });
        }
        let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
        for (i, u) in units.iter().enumerate() {
            let Some(official) = u.official_code.as_deref() else {
                continue;
            };
            if let Some(first) = seen.insert(official, &u.code) {
                self.error(
                    "duplicate_official_code",
                    &format!("units[{i}].official_code"),
                    format!("Mã hành chính \"{official}\" đã dùng cho đơn vị \"{first}\"; đơn vị \"{}\" không thể dùng lại.", u.code),
                    format!("Official code \"{official}\" already belongs to unit \"{first}\"; unit \"{}\" cannot use it too.", u.code),
                );
            }
        }
        out
    }

    /// An official code is the register's: 2 digits for a province, 3 for a
    /// district, 5 for a commune. A department has none.
    fn official_code(&mut self, unit: &str, kind: file::UnitKind, code: &str, path: &str) {
        let digits = code.bytes().all(|b| b.is_ascii_digit());
        let expected = match kind {
            file::UnitKind::Department => None,
            file::UnitKind::Province => Some(2),
            file::UnitKind::Commune => Some(5),
            file::UnitKind::District | file::UnitKind::City | file::UnitKind::Town => Some(3),
        };
        match expected {
            None => self.error(
                "official_code_not_territorial",
                path,
                format!("Đơn vị \"{unit}\" là một sở, không có mã đơn vị hành chính; bỏ official_code."),
                format!("Unit \"{unit}\" is a department, which has no administrative-unit code; remove official_code."),
            ),
            Some(n) if !digits || code.len() != n => self.error(
                "bad_official_code",
                path,
                format!("Mã hành chính \"{code}\" của đơn vị \"{unit}\" phải gồm đúng {n} chữ số (mã trong danh mục đơn vị hành chính)."),
                format!("Official code \"{code}\" of unit \"{unit}\" must be exactly {n} digits (the code in the register of administrative units)."),
            ),
            Some(_) => {}
        }
    }
}
