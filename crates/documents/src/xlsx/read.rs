//! Reading an uploaded template back: the file checked before it is unpacked,
//! its identity verified against its signature, and each value (never a
//! formula) and narrative box read as typed, with every problem located by
//! sheet and cell.

use super::{CellError, FIRST_ROW, IDENTITY, Identity, NARRATIVE, VALUES, cell_name};
use crate::xlsx_guard::{check_container, check_sheet};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;

/// A cell as typed, before it is read as a value of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Empty,
    Number(f64),
    Text(String),
}

pub struct UploadValue {
    pub cell: String,
    pub indicator: String,
    pub unit: String,
    pub value: Typed,
    pub note: String,
}

pub struct UploadNarrative {
    pub cell: String,
    pub objective: String,
    pub part: String,
    pub text: String,
}

pub struct Upload {
    pub identity: Identity,
    pub values: Vec<UploadValue>,
    pub narrative: Vec<UploadNarrative>,
}

/// Reads an uploaded template; every problem at once, or the typed contents.
pub fn read(bytes: &[u8], key: &[u8]) -> Result<Upload, Vec<CellError>> {
    check_container(bytes).map_err(|e| vec![e])?;
    // The guards above keep calamine's allocations bounded; should a damaged
    // file still make it panic, that is this upload's failure, said in words.
    std::panic::catch_unwind(|| read_checked(bytes, key)).unwrap_or_else(|_| {
        Err(vec![CellError::file(
            "Không đọc được bảng tính: tệp hỏng hoặc không phải .xlsx.",
            "The workbook cannot be read: the file is damaged or not .xlsx.",
        )])
    })
}

fn read_checked(bytes: &[u8], key: &[u8]) -> Result<Upload, Vec<CellError>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        vec![CellError::file(
            "Không đọc được bảng tính: tệp hỏng hoặc không phải .xlsx.",
            "The workbook cannot be read: the file is damaged or not .xlsx.",
        )]
    })?;
    let missing = |name: &str| {
        CellError::file(
            format!("Thiếu trang \"{name}\": tệp không phải mẫu của Xanh hoặc đã bị sửa cấu trúc."),
            format!(
                "Sheet \"{name}\" is missing: the file is not Xanh's template or its structure was changed."
            ),
        )
    };
    for sheet in [IDENTITY, VALUES, NARRATIVE] {
        check_sheet(&mut wb, sheet).map_err(|e| vec![e])?;
    }
    let ident = wb
        .worksheet_range(IDENTITY)
        .map_err(|_| vec![missing(IDENTITY)])?;
    let field = |row: u32| {
        ident
            .get_value((row, 1))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let identity = Identity {
        report_id: field(0).parse().unwrap_or(-1),
        framework: field(1),
        period: field(2),
        unit: field(3),
        // After the signature, so that templates made before versions were
        // carried read as version -1: stale, never silently applied.
        version: field(5).parse().unwrap_or(-1),
    };
    if !identity.verify(key, &field(4)) {
        return Err(vec![CellError::file(
            "Phần nhận dạng của mẫu đã bị thay đổi hoặc mẫu không do hệ thống này tạo; không nhận tệp.",
            "The template's identity block was changed, or the template was not made by this system; the file is refused.",
        )]);
    }
    let values_range = wb
        .worksheet_range(VALUES)
        .map_err(|_| vec![missing(VALUES)])?;
    let formulas = wb.worksheet_formula(VALUES).ok();
    let mut errors = Vec::new();
    let mut values = Vec::new();
    let text_at = |r: u32, c: u32| {
        values_range
            .get_value((r, c))
            .map(|d| d.to_string().trim().to_string())
            .unwrap_or_default()
    };
    let (_, (last_row, _)) = (
        values_range.start().unwrap_or((0, 0)),
        values_range.end().unwrap_or((0, 0)),
    );
    for row in FIRST_ROW..=last_row {
        let indicator = text_at(row, 0);
        if indicator.is_empty() {
            continue;
        }
        let has_formula = formulas
            .as_ref()
            .and_then(|f| f.get_value((row, 7)))
            .is_some_and(|f| !f.trim().is_empty());
        if has_formula {
            errors.push(CellError::at(
                VALUES,
                row,
                7,
                "Ô nhập chứa công thức: hãy nhập giá trị.",
                "The input cell holds a formula: enter a value.",
            ));
            continue;
        }
        let value = match values_range.get_value((row, 7)) {
            None | Some(Data::Empty) => Typed::Empty,
            Some(Data::Float(f)) => Typed::Number(*f),
            Some(Data::Int(i)) => Typed::Number(*i as f64),
            Some(Data::String(s)) if s.trim().is_empty() => Typed::Empty,
            Some(Data::String(s)) => Typed::Text(s.trim().to_string()),
            Some(Data::Bool(b)) => Typed::Text(if *b { "có" } else { "không" }.into()),
            Some(Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_)) => {
                errors.push(CellError::at(
                    VALUES,
                    row,
                    7,
                    "Ô này là ngày tháng nhưng cần một số.",
                    "This cell is a date, but a number is needed.",
                ));
                continue;
            }
            Some(Data::Error(err)) => {
                errors.push(CellError::at(
                    VALUES,
                    row,
                    7,
                    format!("Ô có lỗi Excel ({err})."),
                    format!("The cell holds an Excel error ({err})."),
                ));
                continue;
            }
        };
        values.push(UploadValue {
            cell: format!("{VALUES}!{}", cell_name(row, 7)),
            indicator,
            unit: text_at(row, 3),
            value,
            note: text_at(row, 8),
        });
    }
    let mut narrative = Vec::new();
    if let Ok(n) = wb.worksheet_range(NARRATIVE) {
        let last = n.end().map(|e| e.0).unwrap_or(0);
        for row in 1..=last {
            let get = |c: u32| {
                n.get_value((row, c))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            let (objective, part) = (get(0).trim().to_string(), get(1).trim().to_string());
            if objective.is_empty() {
                continue;
            }
            narrative.push(UploadNarrative {
                cell: format!("{NARRATIVE}!{}", cell_name(row, 3)),
                objective,
                part,
                text: get(3),
            });
        }
    } else {
        errors.push(missing(NARRATIVE));
    }
    if errors.is_empty() {
        Ok(Upload {
            identity,
            values,
            narrative,
        })
    } else {
        Err(errors)
    }
}
