//! The Excel data-entry template of an agency's report, and reading it back.
//!
//! The template has a sheet of values ("Số liệu"), a sheet of narrative
//! ("Thuyết minh") and a hidden sheet ("_xanh") naming the report it belongs
//! to, signed so that a changed identity is noticed. Everything but the
//! input cells is locked. Reading checks the file before it is unpacked (a
//! zip bomb is refused from its directory), reads values (never formulas)
//! and reports every problem with its sheet and cell. This module holds what
//! both directions share (the sheets, the identity and its signature, the
//! rows, the located errors); `template` writes, `read` reads.

use hmac::{Hmac, Mac};
use sha2::Sha256;

mod read;
mod template;

pub use read::{Typed, Upload, UploadNarrative, UploadValue, read};
pub use template::template;

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
    /// The report's version when the template was made: a template filled
    /// in after the report was saved again would put old values back.
    pub version: i64,
}

impl Identity {
    fn message(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.report_id, self.framework, self.period, self.unit, self.version
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

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> Identity {
        Identity {
            report_id: 7,
            framework: "kon-tum-598-2014".into(),
            period: "annual-2019".into(),
            unit: "SO-CT".into(),
            version: 3,
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
