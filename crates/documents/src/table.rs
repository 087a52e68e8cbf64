//! The decision's six-column framework table with, per indicator, its
//! target, values by year and status, as a workbook ready to print
//! (A4 landscape, repeated and frozen header, wrapped text).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

pub struct TableIndicator {
    pub code: String,
    pub name: String,
    pub target: String,
    /// One cell per year of `Table::years`, empty where there is no value.
    pub values: Vec<String>,
    pub status: String,
}

pub struct TableObjective {
    pub section: Option<String>,
    pub code: String,
    pub title: String,
    pub activities: String,
    pub output: String,
    pub reporting: String,
    pub coordinating: String,
    pub lead: String,
    pub indicators: Vec<TableIndicator>,
}

pub struct Table {
    pub title: String,
    pub subtitle: String,
    pub years: Vec<i32>,
    pub objectives: Vec<TableObjective>,
}

pub fn framework_xlsx(t: &Table) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let font = "Times New Roman";
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_font_name(font)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("E2EEE4")
        .set_font_name(font);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_font_name(font)
        .set_font_size(10);
    let section = cell.clone().set_bold().set_background_color("F3F7F3");
    let sheet = wb.add_worksheet().set_name("Khung").map_err(e)?;
    let fixed = [
        ("Mục tiêu", 24.0),
        ("Hoạt động, đầu vào", 34.0),
        ("Kết quả đầu ra/tác động", 34.0),
        ("Thời điểm báo cáo", 12.0),
        ("Cơ quan, đơn vị phối hợp thực hiện", 16.0),
        (
            "Cơ quan, đơn vị thực hiện theo dõi, đánh giá và báo cáo",
            16.0,
        ),
        ("Chỉ tiêu", 30.0),
        ("Mục tiêu định lượng", 14.0),
    ];
    let last_col = (fixed.len() + t.years.len()) as u16;
    sheet
        .merge_range(0, 0, 0, last_col, &t.title, &title)
        .map_err(e)?;
    sheet
        .merge_range(
            1,
            0,
            1,
            last_col,
            &t.subtitle,
            &Format::new()
                .set_italic()
                .set_font_size(11)
                .set_font_name(font)
                .set_align(FormatAlign::Center),
        )
        .map_err(e)?;
    let header_row = 3;
    for (c, (h, w)) in fixed.iter().enumerate() {
        sheet
            .write_string_with_format(header_row, c as u16, *h, &head)
            .map_err(e)?;
        sheet.set_column_width(c as u16, *w).map_err(e)?;
    }
    for (i, y) in t.years.iter().enumerate() {
        let c = (fixed.len() + i) as u16;
        sheet
            .write_string_with_format(header_row, c, y.to_string(), &head)
            .map_err(e)?;
        sheet.set_column_width(c, 8.0).map_err(e)?;
    }
    sheet
        .write_string_with_format(header_row, last_col, "Trạng thái", &head)
        .map_err(e)?;
    sheet.set_column_width(last_col, 14.0).map_err(e)?;
    let mut row = header_row + 1;
    for o in &t.objectives {
        if let Some(s) = &o.section {
            sheet
                .merge_range(row, 0, row, last_col, s, &section)
                .map_err(e)?;
            row += 1;
        }
        let span = o.indicators.len().max(1) as u32;
        let texts = [
            format!("{}. {}", o.code, o.title),
            o.activities.clone(),
            o.output.clone(),
            o.reporting.clone(),
            o.coordinating.clone(),
            o.lead.clone(),
        ];
        for (c, text) in texts.iter().enumerate() {
            if span > 1 {
                sheet
                    .merge_range(row, c as u16, row + span - 1, c as u16, text, &cell)
                    .map_err(e)?;
            } else {
                sheet
                    .write_string_with_format(row, c as u16, text, &cell)
                    .map_err(e)?;
            }
        }
        for (k, ind) in o.indicators.iter().enumerate() {
            let r = row + k as u32;
            sheet
                .write_string_with_format(r, 6, format!("{} {}", ind.code, ind.name), &cell)
                .map_err(e)?;
            sheet
                .write_string_with_format(r, 7, &ind.target, &cell)
                .map_err(e)?;
            for (i, v) in ind.values.iter().enumerate() {
                sheet
                    .write_string_with_format(r, (fixed.len() + i) as u16, v, &cell)
                    .map_err(e)?;
            }
            sheet
                .write_string_with_format(r, last_col, &ind.status, &cell)
                .map_err(e)?;
        }
        if o.indicators.is_empty() {
            for c in 6..=last_col {
                sheet
                    .write_string_with_format(row, c, "", &cell)
                    .map_err(e)?;
            }
        }
        row += span;
    }
    sheet.set_freeze_panes(header_row + 1, 1).map_err(e)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_repeat_rows(header_row, header_row)
        .map_err(e)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    wb.save_to_buffer().map_err(e)
}
