//! Vietnam's administrative-unit registry after the 2025 reorganisation: the
//! units in force from 1 July 2025 (34 provinces and cities, about 3,321
//! communes, wards and special zones; no district level), the units before
//! it (63 provinces, their districts and communes), and which new unit each
//! old one became.
//!
//! The registry file is tab-separated text, one record a line, so a problem
//! is named by its line (see `data/units/README.md` for the columns):
//!
//! ```text
//! U  code  level  name  province_code                 a unit from 1 July 2025
//! O  code  level  name  province_code  district_code  a unit until 30 June 2025
//! S  old_code  new_code  whole|part|part-main          old unit -> new unit
//! ```
//!
//! Parsing checks everything a database would refuse (and more: every
//! reference resolves, nothing is given twice), so an import that starts
//! stores all of it.

use crate::Problem;
use std::collections::{HashMap, HashSet};

/// The day the new units came into operation (Resolution 202/2025/QH15).
pub const EFFECTIVE: &str = "2025-07-01";
/// The last day the old units existed.
pub const LAST_DAY_BEFORE: &str = "2025-06-30";

/// Levels of the units in force from 1 July 2025, with their names.
pub const NEW_LEVELS: &[(&str, &str, &str)] = &[
    ("province", "tỉnh", "province"),
    (
        "city",
        "thành phố trực thuộc trung ương",
        "centrally-run city",
    ),
    ("commune", "xã", "commune"),
    ("ward", "phường", "ward"),
    ("special_zone", "đặc khu", "special zone"),
];

/// Levels of the units before 1 July 2025.
pub const OLD_LEVELS: &[(&str, &str, &str)] = &[
    ("province", "tỉnh", "province"),
    (
        "city",
        "thành phố trực thuộc trung ương",
        "centrally-run city",
    ),
    ("district", "huyện", "rural district"),
    ("urban_district", "quận", "urban district"),
    ("town", "thị xã", "district-level town"),
    ("provincial_city", "thành phố thuộc tỉnh", "provincial city"),
    ("commune", "xã", "commune"),
    ("ward", "phường", "ward"),
    ("township", "thị trấn", "township"),
];

/// How much of an old unit went to a new one.
pub const SHARES: &[(&str, &str, &str)] = &[
    ("whole", "toàn bộ", "whole"),
    ("part", "một phần", "part"),
    // The source marks one part of a split unit as the default successor
    // for an address that says nothing more precise.
    (
        "part-main",
        "một phần, đơn vị mặc định",
        "part, the default successor",
    ),
];

/// The words of a level or share code, (vi, en); the code itself if unknown.
pub fn words(table: &[(&'static str, &'static str, &'static str)], code: &str) -> (String, String) {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, vi, en)| (vi.to_string(), en.to_string()))
        .unwrap_or_else(|| (code.to_string(), code.to_string()))
}

fn is_top(level: &str) -> bool {
    level == "province" || level == "city"
}

fn is_district(level: &str) -> bool {
    matches!(
        level,
        "district" | "urban_district" | "town" | "provincial_city"
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub level: String,
    pub name: String,
    /// None for a province or city.
    pub province_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OldUnit {
    pub code: String,
    pub level: String,
    pub name: String,
    pub province_code: Option<String>,
    /// Set for a commune, ward or township.
    pub district_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    pub old_code: String,
    pub new_code: String,
    pub share: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    pub units: Vec<NewUnit>,
    pub old_units: Vec<OldUnit>,
    pub successions: Vec<Succession>,
}

/// Type words that begin unit names, longest first so "Thành phố" wins over
/// nothing and "Thị trấn" over "Thị xã" never clash.
const TYPE_WORDS: &[&str] = &[
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
];

/// The key a unit is found by: its name in lower case without the type
/// word, so "Tỉnh Kon Tum", "kon tum" and "Thành phố Kon Tum" share "kon tum".
pub fn lookup_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in TYPE_WORDS {
        if let Some(rest) = lower.strip_prefix(word)
            && let Some(rest) = rest.strip_prefix(' ')
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    lower
}

/// Whether a name as typed starts with a type word ("Xã …", "Phường …").
pub fn has_type_word(name: &str) -> bool {
    lookup_key(name) != plain(name)
}

/// A name in lower case with its spaces collapsed, for comparing names.
pub fn plain(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Line<'a> {
    no: usize,
    fields: Vec<&'a str>,
}

impl Line<'_> {
    fn get(&self, i: usize) -> &str {
        self.fields.get(i).map(|s| s.trim()).unwrap_or("")
    }
    fn opt(&self, i: usize) -> Option<String> {
        Some(self.get(i))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }
}

fn problem(line: usize, column: &str, kind: &'static str, vi: String, en: String) -> Problem {
    Problem::error(kind, column, vi, en).at_line(Some(line))
}

/// Reads a registry file; `Err` holds every problem, each with its line.
pub fn parse(text: &str) -> Result<Registry, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut problems = Vec::new();
    let mut reg = Registry::default();
    let (mut u_lines, mut o_lines, mut s_lines) = (Vec::new(), Vec::new(), Vec::new());
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let line = Line { no, fields };
        match line.get(0) {
            "U" => u_lines.push(line),
            "O" => o_lines.push(line),
            "S" => s_lines.push(line),
            other => problems.push(problem(
                no,
                "record",
                "unknown-record",
                format!("Dòng phải bắt đầu bằng U, O hoặc S (phân cách bằng tab), không phải \"{other}\"."),
                format!("A line must start with U, O or S (tab-separated), not \"{other}\"."),
            )),
        }
    }
    let mut new_levels = HashMap::new();
    for l in &u_lines {
        if let Some(unit) = unit_fields(l, NEW_LEVELS, &mut problems) {
            if new_levels.insert(unit.0.clone(), unit.1.clone()).is_some() {
                problems.push(duplicate(l.no, &unit.0));
                continue;
            }
            reg.units.push(NewUnit {
                code: unit.0,
                level: unit.1,
                name: unit.2,
                province_code: l.opt(4),
            });
        }
    }
    let mut old_levels = HashMap::new();
    for l in &o_lines {
        if let Some(unit) = unit_fields(l, OLD_LEVELS, &mut problems) {
            if old_levels.insert(unit.0.clone(), unit.1.clone()).is_some() {
                problems.push(duplicate(l.no, &unit.0));
                continue;
            }
            reg.old_units.push(OldUnit {
                code: unit.0,
                level: unit.1,
                name: unit.2,
                province_code: l.opt(4),
                district_code: l.opt(5),
            });
        }
    }
    for (l, unit) in u_lines.iter().zip(&reg.units) {
        let parent = unit.province_code.as_deref();
        check_parent(
            l.no,
            "province_code",
            &unit.level,
            parent,
            &new_levels,
            "U",
            &mut problems,
        );
    }
    for (l, unit) in o_lines.iter().zip(&reg.old_units) {
        let (province, district) = (unit.province_code.as_deref(), unit.district_code.as_deref());
        if is_top(&unit.level) || is_district(&unit.level) {
            check_parent(
                l.no,
                "province_code",
                &unit.level,
                province,
                &old_levels,
                "O",
                &mut problems,
            );
            if district.is_some() {
                problems.push(problem(
                    l.no,
                    "district_code",
                    "unexpected-parent",
                    "Đơn vị cấp tỉnh, cấp huyện không có mã huyện.".into(),
                    "A province- or district-level unit has no district code.".into(),
                ));
            }
        } else {
            check_parent(
                l.no,
                "province_code",
                "commune",
                province,
                &old_levels,
                "O",
                &mut problems,
            );
            match district.map(|d| (d, old_levels.get(d))) {
                Some((_, Some(level))) if is_district(level) => {}
                Some((d, _)) => {
                    problems.push(unknown(l.no, "district_code", d, "O", "huyện", "district"))
                }
                None => problems.push(missing(l.no, "district_code", "mã huyện", "district code")),
            }
        }
    }
    let mut pairs = HashSet::new();
    for l in &s_lines {
        let (old, new, share) = (l.get(1), l.get(2), l.get(3));
        let before = problems.len();
        if old.is_empty() {
            problems.push(missing(l.no, "old_code", "mã đơn vị cũ", "old unit's code"));
        } else if !old_levels.contains_key(old) {
            problems.push(unknown(
                l.no,
                "old_code",
                old,
                "O",
                "đơn vị cũ",
                "former unit",
            ));
        }
        if new.is_empty() {
            problems.push(missing(
                l.no,
                "new_code",
                "mã đơn vị mới",
                "new unit's code",
            ));
        } else if !new_levels.contains_key(new) {
            problems.push(unknown(
                l.no,
                "new_code",
                new,
                "U",
                "đơn vị mới",
                "new unit",
            ));
        }
        if !SHARES.iter().any(|(c, _, _)| *c == share) {
            problems.push(problem(
                l.no,
                "share",
                "bad-share",
                format!(
                    "Phần chuyển giao phải là whole, part hoặc part-main, không phải \"{share}\"."
                ),
                format!("The share must be whole, part or part-main, not \"{share}\"."),
            ));
        }
        if problems.len() > before {
            continue;
        }
        if !pairs.insert((old.to_string(), new.to_string())) {
            problems.push(duplicate(l.no, &format!("{old} → {new}")));
            continue;
        }
        reg.successions.push(Succession {
            old_code: old.into(),
            new_code: new.into(),
            share: share.into(),
        });
    }
    if problems.is_empty() && reg.units.is_empty() {
        problems.push(
            Problem::error(
                "empty",
                "",
                "Tệp không có đơn vị nào (dòng U).",
                "The file holds no unit (no U line).",
            )
            .at_line(None),
        );
    }
    if problems.is_empty() {
        Ok(reg)
    } else {
        problems.sort_by_key(|p| p.location.line);
        Err(problems)
    }
}

/// Code, level and name of a U or O line, checked.
fn unit_fields(
    l: &Line<'_>,
    levels: &[(&str, &str, &str)],
    problems: &mut Vec<Problem>,
) -> Option<(String, String, String)> {
    let before = problems.len();
    let (code, level, name) = (l.get(1), l.get(2), l.get(3));
    if code.is_empty() {
        problems.push(missing(l.no, "code", "mã đơn vị", "unit code"));
    } else if !code.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(problem(
            l.no,
            "code",
            "bad-code",
            format!("Mã đơn vị chỉ gồm chữ số, không phải \"{code}\"."),
            format!("A unit code is digits only, not \"{code}\"."),
        ));
    }
    if !levels.iter().any(|(c, _, _)| *c == level) {
        let known: Vec<&str> = levels.iter().map(|(c, _, _)| *c).collect();
        problems.push(problem(
            l.no,
            "level",
            "bad-level",
            format!(
                "Cấp \"{level}\" không có; dùng một trong: {}.",
                known.join(", ")
            ),
            format!("No level \"{level}\"; use one of: {}.", known.join(", ")),
        ));
    }
    if name.is_empty() {
        problems.push(missing(l.no, "name", "tên đơn vị", "unit name"));
    }
    (problems.len() == before).then(|| (code.into(), level.into(), name.into()))
}

/// A province-level unit has no province; any other names a province-level unit.
fn check_parent(
    no: usize,
    column: &str,
    level: &str,
    parent: Option<&str>,
    levels: &HashMap<String, String>,
    record: &str,
    problems: &mut Vec<Problem>,
) {
    match (is_top(level), parent) {
        (true, None) => {}
        (true, Some(_)) => problems.push(problem(
            no,
            column,
            "unexpected-parent",
            "Tỉnh, thành phố trực thuộc trung ương không thuộc tỉnh nào: để trống cột này.".into(),
            "A province or centrally-run city belongs to no province: leave this column empty."
                .into(),
        )),
        (false, None) => problems.push(missing(no, column, "mã tỉnh", "province code")),
        (false, Some(p)) if levels.get(p).is_some_and(|l| is_top(l)) => {}
        (false, Some(p)) => problems.push(unknown(no, column, p, record, "tỉnh", "province")),
    }
}

fn missing(no: usize, column: &str, vi: &str, en: &str) -> Problem {
    // A missing name is not a missing code: the kind says which.
    let kind = if column == "name" {
        "missing-name"
    } else {
        "missing-code"
    };
    problem(
        no,
        column,
        kind,
        format!("Thiếu {vi}."),
        format!("The {en} is missing."),
    )
}

fn unknown(no: usize, column: &str, code: &str, record: &str, vi: &str, en: &str) -> Problem {
    problem(
        no,
        column,
        "unknown-code",
        format!("Tệp không có {vi} mã \"{code}\" (dòng {record})."),
        format!("The file has no {en} with code \"{code}\" ({record} line)."),
    )
}

fn duplicate(no: usize, what: &str) -> Problem {
    problem(
        no,
        "code",
        "duplicate",
        format!("\"{what}\" đã có ở một dòng trước."),
        format!("\"{what}\" is already given on an earlier line."),
    )
}
