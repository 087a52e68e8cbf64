//! The Excel data-entry template of an agency's report, and reading it back.
//!
//! The template has a sheet of values ("Số liệu"), a sheet of narrative
//! ("Thuyết minh") and a hidden sheet ("_xanh") naming the report it belongs
//! to, signed so that a changed identity is noticed. Everything but the
//! input cells is locked. Reading checks the file before it is unpacked (a
//! zip bomb is refused from its directory), reads values (never formulas)
//! and reports every problem with its sheet and cell.

use crate::xlsx_guard::{check_container, check_sheet};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use hmac::{Hmac, Mac};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Workbook,
};
use sha2::Sha256;
use std::io::Cursor;

pub const VALUES: &str = "Số liệu";
pub const NARRATIVE: &str = "Thuyết minh";
const IDENTITY: &str = "_xanh";
/// First data row of the values sheet (0-based): row 7 in Excel.
const FIRST_ROW: u32 = 6;

/// What a report is, as the template carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub report_id: i64,
    pub framework: String,
    pub period: String,
    pub unit: String,
}

impl Identity {
    fn message(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.report_id, self.framework, self.period, self.unit
        )
    }

    /// HMAC-SHA256 of the identity with the installation's key, in hex.
    pub fn signature(&self, key: &[u8]) -> String {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(self.message().as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn verify(&self, key: &[u8], signature: &str) -> bool {
        let expected = self.signature(key);
        expected.len() == signature.len()
            && expected
                .bytes()
                .zip(signature.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// What an input cell accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Percent,
    Number,
    YesNo,
    Text,
}

/// One value row of the template.
pub struct ValueRow {
    pub indicator: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub measure: String,
    pub target: String,
    pub previous: String,
    pub input: Input,
    pub value: String,
    pub note: String,
}

/// One narrative box of the template.
pub struct NarrativeRow {
    pub objective: String,
    pub part: String,
    pub heading: String,
    pub text: String,
}

/// The template as .xlsx bytes.
pub fn template(
    title: &[String],
    values: &[ValueRow],
    narrative: &[NarrativeRow],
    identity: &Identity,
    key: &[u8],
) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let bold = Format::new()
        .set_bold()
        .set_font_name("Times New Roman")
        .set_font_size(12);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color("E2EEE4")
        .set_font_name("Times New Roman");
    let locked = Format::new()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_font_name("Times New Roman");
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_background_color("FFFBEA")
        .set_font_name("Times New Roman");
    let input_wrap = input.clone().set_text_wrap();

    let sheet = wb.add_worksheet().set_name(VALUES).map_err(e)?;
    for (i, line) in title.iter().enumerate() {
        sheet
            .write_string_with_format(i as u32, 0, line, &bold)
            .map_err(e)?;
    }
    let headers = [
        ("Mã chỉ tiêu", 10.0),
        ("Tên chỉ tiêu", 46.0),
        ("Đơn vị hành chính", 18.0),
        ("Mã đơn vị", 12.0),
        ("Đơn vị tính", 10.0),
        ("Mục tiêu", 18.0),
        ("Kỳ trước", 10.0),
        ("Giá trị (nhập)", 14.0),
        ("Nguồn, ghi chú (nhập)", 36.0),
    ];
    for (c, (h, w)) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(FIRST_ROW - 1, c as u16, *h, &head)
            .map_err(e)?;
        sheet.set_column_width(c as u16, *w).map_err(e)?;
    }
    for (i, r) in values.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        for (c, text) in [
            &r.indicator,
            &r.name,
            &r.unit_name,
            &r.unit_code,
            &r.measure,
            &r.target,
            &r.previous,
        ]
        .iter()
        .enumerate()
        {
            sheet
                .write_string_with_format(row, c as u16, text.as_str(), &locked)
                .map_err(e)?;
        }
        sheet
            .write_string_with_format(row, 7, &r.value, &input)
            .map_err(e)?;
        sheet
            .write_string_with_format(row, 8, &r.note, &input_wrap)
            .map_err(e)?;
        let rule = match r.input {
            Input::Percent => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
                    .set_error_title("Tỷ lệ %")
                    .map_err(e)?
                    .set_error_message("Tỷ lệ phải nằm trong khoảng 0–100.")
                    .map_err(e)?,
            ),
            Input::YesNo => Some(
                DataValidation::new()
                    .allow_list_strings(&["có", "không"])
                    .map_err(e)?,
            ),
            Input::Number | Input::Text => None,
        };
        if let Some(rule) = rule {
            // A warning, not a stop: a decimal comma typed as text in an
            // English Excel is still read correctly by Xanh.
            let rule = rule.set_error_style(DataValidationErrorStyle::Warning);
            sheet
                .add_data_validation(row, 7, row, 7, &rule)
                .map_err(e)?;
        }
    }
    sheet.set_freeze_panes(FIRST_ROW, 0).map_err(e)?;
    sheet.set_landscape().set_paper_size(9);
    sheet.protect();

    let sheet = wb.add_worksheet().set_name(NARRATIVE).map_err(e)?;
    for (c, (h, w)) in [
        ("Mục tiêu", 10.0),
        ("Phần", 16.0),
        ("Nội dung", 40.0),
        ("Thuyết minh (nhập)", 90.0),
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(0, c as u16, *h, &head)
            .map_err(e)?;
        sheet.set_column_width(c as u16, *w).map_err(e)?;
    }
    for (i, n) in narrative.iter().enumerate() {
        let row = 1 + i as u32;
        sheet
            .write_string_with_format(row, 0, &n.objective, &locked)
            .map_err(e)?;
        sheet
            .write_string_with_format(row, 1, &n.part, &locked)
            .map_err(e)?;
        sheet
            .write_string_with_format(row, 2, &n.heading, &locked)
            .map_err(e)?;
        sheet
            .write_string_with_format(row, 3, &n.text, &input_wrap)
            .map_err(e)?;
        sheet.set_row_height(row, 60).map_err(e)?;
    }
    sheet.protect();

    let sheet = wb.add_worksheet().set_name(IDENTITY).map_err(e)?;
    for (i, (k, v)) in [
        ("report_id", identity.report_id.to_string()),
        ("framework", identity.framework.clone()),
        ("period", identity.period.clone()),
        ("unit", identity.unit.clone()),
        ("signature", identity.signature(key)),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(i as u32, 0, *k).map_err(e)?;
        sheet.write_string(i as u32, 1, v).map_err(e)?;
    }
    sheet.set_hidden(true);
    sheet.protect();
    wb.save_to_buffer().map_err(e)
}

/// A problem in an uploaded file: where (sheet and cell, when known) and what, in both languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CellError {
    pub sheet: String,
    pub cell: String,
    pub vi: String,
    pub en: String,
}

impl CellError {
    pub(crate) fn file(vi: impl Into<String>, en: impl Into<String>) -> Self {
        CellError {
            sheet: String::new(),
            cell: String::new(),
            vi: vi.into(),
            en: en.into(),
        }
    }

    fn at(sheet: &str, row: u32, col: u32, vi: impl Into<String>, en: impl Into<String>) -> Self {
        CellError {
            sheet: sheet.into(),
            cell: cell_name(row, col),
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// "H7" for row 6, column 7 (0-based).
pub fn cell_name(row: u32, col: u32) -> String {
    let mut name = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        name.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> Identity {
        Identity {
            report_id: 7,
            framework: "kon-tum-598-2014".into(),
            period: "annual-2019".into(),
            unit: "SO-CT".into(),
        }
    }

    fn row(indicator: &str, input: Input) -> ValueRow {
        ValueRow {
            indicator: indicator.into(),
            name: "Tỷ lệ cơ sở sản xuất".into(),
            unit_code: "UBND-TINH".into(),
            unit_name: "Toàn tỉnh".into(),
            measure: "%".into(),
            target: "≥ 90% đến năm 2020".into(),
            previous: "40".into(),
            input,
            value: String::new(),
            note: String::new(),
        }
    }

    #[test]
    fn a_template_reads_back_with_its_identity_rows_and_narrative() {
        let narrative = [NarrativeRow {
            objective: "1".into(),
            part: "results".into(),
            heading: "Kết quả".into(),
            text: "Đã làm".into(),
        }];
        let bytes = template(
            &["Báo cáo".into()],
            &[row("1.1", Input::Percent), row("2.2.1", Input::YesNo)],
            &narrative,
            &identity(),
            b"key",
        )
        .expect("written");
        let upload = read(&bytes, b"key").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(upload.identity, identity());
        assert_eq!(upload.values.len(), 2);
        assert_eq!(upload.values[0].cell, "Số liệu!H7");
        assert_eq!(upload.values[0].value, Typed::Empty);
        assert_eq!(upload.narrative[0].text, "Đã làm");
    }

    #[test]
    fn a_template_signed_with_another_key_is_refused() {
        let bytes = template(&[], &[row("1.1", Input::Percent)], &[], &identity(), b"key")
            .expect("written");
        let errors = read(&bytes, b"other key").err().expect("refused");
        assert!(errors[0].vi.contains("đã bị thay đổi"));
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_refused_in_words() {
        let errors = read(b"%PDF-1.4 not a workbook", b"key")
            .err()
            .expect("refused");
        assert!(errors[0].vi.contains("không phải bảng tính Excel"));
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(6, 7), "H7");
        assert_eq!(cell_name(0, 26), "AA1");
    }
}
