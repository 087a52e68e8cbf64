//! Writing the data-entry template: the values sheet with one row per indicator
//! and its input cell checked by kind, the narrative sheet, and the hidden,
//! signed identity sheet; everything but the input cells is locked.

use super::{FIRST_ROW, IDENTITY, Identity, Input, NARRATIVE, NarrativeRow, VALUES, ValueRow};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Workbook,
};

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
        ("version", identity.version.to_string()),
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
