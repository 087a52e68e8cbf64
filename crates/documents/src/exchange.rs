//! Values out, in the formats others read: a plain CSV and JSON (one row per
//! indicator × unit × period), SDMX-CSV (statistics offices, Open SDG) and
//! DHIS2 `dataValueSets`. The mapping is described in `docs/exchange.md`.

use serde::Serialize;
use xanh_core::report::Value;

/// One value with what a reader needs to understand it.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub framework: String,
    /// `annual-2019`
    pub period: String,
    pub year: i32,
    pub indicator: String,
    pub indicator_name_vi: String,
    pub indicator_name_en: String,
    pub unit_code: String,
    pub unit_name_vi: String,
    /// Unit of measure ("%", "ha").
    pub measure: String,
    pub value: Value,
    pub note: String,
    /// A status code (`on_track`, …) and its Vietnamese label.
    pub status: String,
    pub status_vi: String,
}

/// A text cell that a spreadsheet would run as a formula (= + - @, or a
/// leading tab or carriage return) gets a leading apostrophe, so it shows as
/// the text it is. Numbers Xanh writes itself are never touched.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The value as exchange formats write it: a plain number with a decimal
/// point, 1/0 for yes/no, or the text.
pub fn plain(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("{n}"),
        Value::YesNo(b) => if *b { "1" } else { "0" }.to_string(),
        Value::Text(t) => neutralise(t),
    }
}

fn write_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a row that could not be written would be a bug.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The plain CSV: one row per indicator × unit × period, UTF-8 with a BOM so
/// that Excel shows Vietnamese correctly.
pub fn values_csv(rows: &[ExportRow]) -> String {
    let header = [
        "framework",
        "period",
        "year",
        "indicator",
        "indicator_name_vi",
        "indicator_name_en",
        "unit_code",
        "unit_name",
        "measure",
        "value",
        "note",
        "status",
        "status_vi",
    ];
    let body = write_csv(
        &header,
        rows.iter().map(|r| {
            vec![
                neutralise(&r.framework),
                neutralise(&r.period),
                r.year.to_string(),
                neutralise(&r.indicator),
                neutralise(&r.indicator_name_vi),
                neutralise(&r.indicator_name_en),
                neutralise(&r.unit_code),
                neutralise(&r.unit_name_vi),
                neutralise(&r.measure),
                plain(&r.value),
                neutralise(&r.note),
                r.status.clone(),
                neutralise(&r.status_vi),
            ]
        }),
    );
    format!("\u{feff}{body}")
}

/// SDMX-CSV (version 1): one observation per row, dimensions by code.
/// `dataflow` is `AGENCY:ID(VERSION)`, e.g. `XANH:KON_TUM_598_2014(1.0)`.
pub fn sdmx_csv(rows: &[ExportRow], dataflow: &str) -> String {
    let header = [
        "DATAFLOW",
        "FREQ",
        "REF_AREA",
        "INDICATOR",
        "UNIT_MEASURE",
        "TIME_PERIOD",
        "OBS_VALUE",
        "OBS_STATUS",
        "COMMENT",
    ];
    write_csv(
        &header,
        rows.iter()
            .filter(|r| !matches!(r.value, Value::Text(_)))
            .map(|r| {
                vec![
                    dataflow.to_string(),
                    "A".to_string(),
                    neutralise(&r.unit_code),
                    neutralise(&r.indicator),
                    neutralise(&sdmx_unit(&r.measure)),
                    r.year.to_string(),
                    plain(&r.value),
                    // SDMX observation status: A = normal value.
                    "A".to_string(),
                    neutralise(&r.note),
                ]
            }),
    )
}

/// Unit codes as SDMX code lists spell them where one fits.
fn sdmx_unit(measure: &str) -> String {
    match measure {
        "%" => "PT".to_string(),
        "ha" => "HA".to_string(),
        other => other.to_string(),
    }
}

/// DHIS2 `dataValueSets` JSON, identifying data elements and organisation
/// units by code (import it with `dataElementIdScheme=CODE&orgUnitIdScheme=CODE`).
pub fn dhis2_json(rows: &[ExportRow]) -> serde_json::Value {
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut v = serde_json::json!({
                "dataElement": r.indicator,
                "period": r.year.to_string(),
                "orgUnit": r.unit_code,
                "value": match &r.value { Value::Text(t) => t.clone(), other => plain(other) },
            });
            if !r.note.is_empty() {
                v["comment"] = serde_json::Value::String(r.note.clone());
            }
            v
        })
        .collect();
    serde_json::json!({ "dataValues": values })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(value: Value, note: &str) -> ExportRow {
        ExportRow {
            framework: "kon-tum-598-2014".into(),
            period: "annual-2018".into(),
            year: 2018,
            indicator: "LN.1".into(),
            indicator_name_vi: "Tỷ lệ che phủ rừng".into(),
            indicator_name_en: "Forest cover".into(),
            unit_code: "H-DAKHA".into(),
            unit_name_vi: "Huyện Đắk Hà".into(),
            measure: "%".into(),
            value,
            note: note.into(),
            status: "moderate".into(),
            status_vi: "Cần đẩy nhanh".into(),
        }
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Điều tra 2019"), "Điều tra 2019");
        let csv = values_csv(&[row(Value::Number(-1.5), "=1+1")]);
        assert!(
            csv.contains(",-1.5,'=1+1,"),
            "a number stays a number, a formula becomes text: {csv}"
        );
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_keeps_vietnamese_and_commas_intact() {
        let csv = values_csv(&[row(Value::Number(59.72), "Số liệu, ước tính")]);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Tỷ lệ che phủ rừng") && csv.contains("\"Số liệu, ước tính\""));
    }

    #[test]
    fn sdmx_rows_carry_the_dataflow_and_code_the_unit() {
        let out = sdmx_csv(
            &[
                row(Value::Number(59.72), ""),
                row(Value::Text("định tính".into()), ""),
            ],
            "XANH:KT(1.0)",
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines.len(),
            2,
            "qualitative text is not an SDMX observation"
        );
        assert_eq!(lines[1], "XANH:KT(1.0),A,H-DAKHA,LN.1,PT,2018,59.72,A,");
    }

    #[test]
    fn dhis2_values_are_strings_with_codes_and_yes_no_as_one_and_zero() {
        let json = dhis2_json(&[row(Value::YesNo(true), "ghi chú")]);
        assert_eq!(json["dataValues"][0]["value"], "1");
        assert_eq!(json["dataValues"][0]["orgUnit"], "H-DAKHA");
        assert_eq!(json["dataValues"][0]["comment"], "ghi chú");
    }
}

/// One value read from an imported file, with where it stood.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// "dòng 5" / "dataValues[3]": where a person finds it in the file.
    pub place: String,
    /// The period code (`annual-2019`) for CSV, the year for DHIS2.
    pub period: String,
    pub indicator: String,
    pub unit: String,
    /// As written in the file.
    pub value: String,
    pub note: String,
}

/// A problem in an imported file, located, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub place: String,
    pub vi: String,
    pub en: String,
}

impl ImportError {
    fn new(place: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) -> Self {
        ImportError {
            place: place.into(),
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Reads a values CSV in the export's columns (`period`, `indicator`,
/// `unit_code`, `value`, `note`; other columns are ignored).
pub fn read_values_csv(bytes: &[u8]) -> Result<Vec<ImportRow>, Vec<ImportError>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        vec![ImportError::new(
            "",
            "Tệp CSV không phải văn bản UTF-8.",
            "The CSV file is not UTF-8 text.",
        )]
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![ImportError::new(
                "dòng 1",
                format!("Dòng tiêu đề không đọc được: {e}"),
                format!("The header line cannot be read: {e}"),
            )]
        })?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(period), Some(indicator), Some(unit), Some(value)) = (
        column("period"),
        column("indicator"),
        column("unit_code"),
        column("value"),
    ) else {
        return Err(vec![ImportError::new(
            "dòng 1",
            "Tệp không phải bảng tính Excel .xlsx; nếu là tệp CSV thì thiếu cột bắt buộc: cần period, indicator, unit_code, value (và note nếu có).",
            "The file is not an Excel .xlsx workbook; as a CSV file it lacks a required column: period, indicator, unit_code, value (and note if any).",
        )]);
    };
    let note = column("note");
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        match record {
            Ok(r) => {
                let get = |c: usize| r.get(c).unwrap_or("").trim().to_string();
                // A cell the export protected from spreadsheets comes back without its apostrophe.
                let unprotect = |s: String| match s.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
                    _ => s,
                };
                rows.push(ImportRow {
                    place: format!("dòng {line}"),
                    period: get(period),
                    indicator: get(indicator),
                    unit: get(unit),
                    value: unprotect(get(value)),
                    note: note.map(|c| unprotect(get(c))).unwrap_or_default(),
                });
            }
            Err(e) => errors.push(ImportError::new(
                format!("dòng {line}"),
                format!("Dòng không đọc được: {e}"),
                format!("The line cannot be read: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Reads a DHIS2 `dataValueSets` JSON whose data elements and organisation units are codes.
pub fn read_dhis2(bytes: &[u8]) -> Result<Vec<ImportRow>, Vec<ImportError>> {
    let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![ImportError::new(
            format!("dòng {}", e.line()),
            format!("JSON không hợp lệ: {e}"),
            format!("Invalid JSON: {e}"),
        )]
    })?;
    let Some(list) = json.get("dataValues").and_then(|v| v.as_array()) else {
        return Err(vec![ImportError::new(
            "",
            "Không có mảng \"dataValues\".",
            "There is no \"dataValues\" array.",
        )]);
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let place = format!("dataValues[{i}]");
        let text = |k: &str| match v.get(k) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            Some(serde_json::Value::Bool(b)) => Some(if *b { "1".into() } else { "0".into() }),
            _ => None,
        };
        match (
            text("dataElement"),
            text("period"),
            text("orgUnit"),
            text("value"),
        ) {
            (Some(indicator), Some(period), Some(unit), Some(value)) => rows.push(ImportRow {
                place,
                period,
                indicator,
                unit,
                value,
                note: text("comment").unwrap_or_default(),
            }),
            _ => errors.push(ImportError::new(
                place,
                "Thiếu dataElement, period, orgUnit hoặc value.",
                "dataElement, period, orgUnit or value is missing.",
            )),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod import_tests {
    use super::*;

    #[test]
    fn an_exported_csv_reads_back_including_a_protected_formula_note() {
        let row = ExportRow {
            framework: "f".into(),
            period: "annual-2019".into(),
            year: 2019,
            indicator: "1.1".into(),
            indicator_name_vi: "Tên, có dấu phẩy".into(),
            indicator_name_en: "n".into(),
            unit_code: "UBND-TINH".into(),
            unit_name_vi: "Toàn tỉnh".into(),
            measure: "%".into(),
            value: Value::Number(65.5),
            note: "=1+1".into(),
            status: "on_track".into(),
            status_vi: "Đúng tiến độ".into(),
        };
        let rows = read_values_csv(values_csv(&[row]).as_bytes()).expect("reads");
        assert_eq!(
            (
                rows[0].period.as_str(),
                rows[0].indicator.as_str(),
                rows[0].value.as_str(),
                rows[0].note.as_str()
            ),
            ("annual-2019", "1.1", "65.5", "=1+1")
        );
        assert_eq!(rows[0].place, "dòng 2");
    }

    #[test]
    fn a_csv_without_the_value_column_is_refused_in_words() {
        let errors = read_values_csv(b"period,indicator\nannual-2019,1.1\n").expect_err("refused");
        assert!(errors[0].vi.contains("thiếu cột bắt buộc"));
    }

    #[test]
    fn dhis2_values_read_back_and_a_broken_entry_is_located() {
        let ok = read_dhis2(br#"{"dataValues":[{"dataElement":"LN.1","period":"2019","orgUnit":"H-DAKHA","value":"61.5","comment":"x"}]}"#).expect("reads");
        assert_eq!(ok[0].value, "61.5");
        let bad = read_dhis2(br#"{"dataValues":[{"dataElement":"LN.1"},{"dataElement":"LN.1","period":"2019","orgUnit":"A","value":1}]}"#).expect_err("refused");
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].place, "dataValues[0]");
        assert!(read_dhis2(b"{not json").is_err());
    }
}
