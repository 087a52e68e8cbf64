//! Official reports as DOCX, so that the office can edit a report before it
//! is signed. The layout follows Decree 30/2020/NĐ-CP as the PDF does (same
//! `OfficialDocument`): the two-column header with the issuing body and the
//! national motto, number and date line, title and subject, the body, the
//! signature block beside "Nơi nhận", page numbers top centre from page 2, and
//! the indicator table and charts in an appendix.
//!
//! Text goes in as Word runs, never as markup, so nothing a user typed can
//! change the document's structure. The font named is Times New Roman, as the
//! decree asks; LibreOffice shows it with the metric-compatible Liberation Serif.

use crate::document::OfficialDocument;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts,
    SpecialIndentType, Table, TableBorders, TableCell, TableLayoutType, TableRow, WidthType,
};
use resvg::{tiny_skia, usvg};

/// A4 in twentieths of a point, and the margins of Decree 30 (top and bottom
/// 20 mm, left 30 mm, right 15 mm).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 850;
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
/// First-line indent of body paragraphs: 1.27 cm.
const INDENT: i32 = 720;
const FONT: &str = "Times New Roman";

/// Sizes are in half-points, as Word counts them.
fn run(text: &str, half_points: usize) -> Run {
    Run::new().add_text(text).size(half_points).fonts(
        RunFonts::new()
            .ascii(FONT)
            .hi_ansi(FONT)
            .cs(FONT)
            .east_asia(FONT),
    )
}

fn para() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0))
}

fn centred(r: Run) -> Paragraph {
    para().align(AlignmentType::Center).add_run(r)
}

/// A short horizontal rule under a header line, drawn as the bottom border
/// of an empty paragraph narrowed by its indents.
fn rule(cell_width: i32, fraction: f32) -> Paragraph {
    let side = ((cell_width as f32) * (1.0 - fraction) / 2.0) as i32;
    let mut p = para()
        .indent(Some(side), None, Some(side), None)
        .add_run(run("", 4));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6),
        ),
    );
    p
}

fn borderless(rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_W, WidthType::Dxa)
        .set_borders(TableBorders::with_empty())
}

fn header_block(doc: &OfficialDocument) -> Table {
    let left_w = TEXT_W * 42 / 100;
    let right_w = TEXT_W - left_w;
    let mut left = TableCell::new().width(left_w, WidthType::Dxa);
    if !doc.parent_body.is_empty() {
        left = left.add_paragraph(centred(run(&doc.parent_body.to_uppercase(), 24)));
    }
    for line in doc.issuing_body.to_uppercase().split('\n') {
        left = left.add_paragraph(centred(run(line, 24).bold()));
    }
    left = left
        .add_paragraph(rule(left_w as i32, 0.35))
        .add_paragraph(para().line_spacing(LineSpacing::new().before(80)))
        .add_paragraph(centred(run(&doc.number, 26)));
    let right = TableCell::new()
        .width(right_w, WidthType::Dxa)
        .add_paragraph(centred(
            run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24).bold(),
        ))
        .add_paragraph(centred(run("Độc lập - Tự do - Hạnh phúc", 26).bold()))
        .add_paragraph(rule(right_w as i32, 0.58))
        .add_paragraph(para().line_spacing(LineSpacing::new().before(80)))
        .add_paragraph(centred(run(&doc.place_date, 26).italic()));
    borderless(
        vec![TableRow::new(vec![left, right])],
        vec![left_w, right_w],
    )
}

fn body_paragraph(text: &str) -> Paragraph {
    para()
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
        .line_spacing(LineSpacing::new().before(0).after(120))
        .add_run(run(text, 26))
}

fn signature_block(doc: &OfficialDocument) -> Table {
    let half = TEXT_W / 2;
    let mut left = TableCell::new()
        .width(half, WidthType::Dxa)
        .add_paragraph(para().add_run(run("Nơi nhận:", 24).bold().italic()));
    for r in &doc.recipients {
        left = left.add_paragraph(para().add_run(run(&format!("- {r}"), 22)));
    }
    let mut right = TableCell::new().width(half, WidthType::Dxa);
    for line in doc.signer_authority.split('\n') {
        right = right.add_paragraph(centred(run(line, 26).bold()));
    }
    // Room for the signature and the seal.
    right = right.add_paragraph(para().line_spacing(LineSpacing::new().before(1600)));
    right = right.add_paragraph(centred(run(&doc.signer_name, 26).bold()));
    borderless(vec![TableRow::new(vec![left, right])], vec![half, half])
}

/// Column widths for the appendix table: the code narrow, the name wide,
/// the rest shared.
fn table_widths(columns: usize) -> Vec<usize> {
    match columns {
        0 => Vec::new(),
        1 => vec![TEXT_W],
        2 => vec![TEXT_W / 5, TEXT_W - TEXT_W / 5],
        n => {
            let code = 800;
            let name = TEXT_W * 38 / 100;
            let rest = (TEXT_W - code - name) / (n - 2);
            let mut w = vec![code, name];
            w.extend(std::iter::repeat_n(rest, n - 2));
            w
        }
    }
}

fn appendix_table(rows: &[Vec<String>]) -> Option<Table> {
    let columns = rows.first()?.len();
    let widths = table_widths(columns);
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            TableRow::new(
                (0..columns)
                    .map(|c| {
                        let text = row.get(c).map(String::as_str).unwrap_or("");
                        let r = run(text, 20);
                        TableCell::new()
                            .width(widths[c], WidthType::Dxa)
                            .add_paragraph(para().add_run(if i == 0 { r.bold() } else { r }))
                    })
                    .collect(),
            )
        })
        .collect();
    Some(
        Table::new(table_rows)
            .set_grid(widths)
            .layout(TableLayoutType::Fixed)
            .width(TEXT_W, WidthType::Dxa),
    )
}

/// A chart's SVG as a PNG, drawn with the same fonts as the PDF. Word has
/// no dependable SVG support across the versions offices run, PNG it has.
fn chart_png(svg: &str) -> Result<(Vec<u8>, u32, u32), String> {
    let mut options = usvg::Options {
        font_family: "Liberation Serif".into(),
        ..usvg::Options::default()
    };
    for font in crate::fonts::LIBERATION_SERIF {
        options.fontdb_mut().load_font_data(font.to_vec());
    }
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    // Twice the size for a sharp print.
    let scale = 2.0;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("chart size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("an empty chart")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok((png, size.width(), size.height()))
}

/// EMU per twip: pictures are sized in English Metric Units.
const EMU_PER_TWIP: u32 = 635;

/// The document as DOCX bytes.
pub fn render(doc: &OfficialDocument) -> Result<Vec<u8>, String> {
    let page_number = Header::new().add_paragraph(
        para()
            .align(AlignmentType::Center)
            .add_run(run("", 26))
            .add_page_num(PageNum::new()),
    );
    let mut d = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(26)
        // Page numbers from page 2 on: the first page has its own, empty, header.
        .header(page_number)
        .first_header(Header::new())
        .title_pg()
        .add_table(header_block(doc))
        .add_paragraph(para().line_spacing(LineSpacing::new().before(240)))
        .add_paragraph(centred(run(&doc.title, 28).bold()))
        .add_paragraph(centred(run(&doc.subject, 26).bold()))
        .add_paragraph(rule(TEXT_W as i32, 0.25));
    if !doc.watermark.is_empty() {
        d = d.add_paragraph(centred(run(&doc.watermark, 22).italic().color("7a5c00")));
    }
    d = d.add_paragraph(para().line_spacing(LineSpacing::new().before(120)));
    for s in &doc.sections {
        d = d.add_paragraph(
            para()
                .line_spacing(LineSpacing::new().before(240).after(120))
                .keep_next(true)
                .add_run(run(&s.heading, 26).bold()),
        );
        for b in &s.blocks {
            if !b.subheading.is_empty() {
                d = d.add_paragraph(
                    para()
                        .line_spacing(LineSpacing::new().before(160).after(80))
                        .keep_next(true)
                        .add_run(run(&b.subheading, 26).bold().italic()),
                );
            }
            for line in b.text.split('\n').filter(|l| !l.trim().is_empty()) {
                d = d.add_paragraph(body_paragraph(line.trim_end()));
            }
        }
    }
    d = d
        .add_paragraph(para().line_spacing(LineSpacing::new().before(360)))
        .add_table(signature_block(doc));
    if doc.table.len() > 1 || !doc.charts.is_empty() {
        d = d.add_paragraph(para().add_run(Run::new().add_break(BreakType::Page)));
    }
    if doc.table.len() > 1
        && let Some(t) = appendix_table(&doc.table)
    {
        d = d
            .add_paragraph(centred(run(&doc.table_title, 26).bold()))
            .add_paragraph(para().line_spacing(LineSpacing::new().before(120)))
            .add_table(t);
    }
    for (caption, svg) in &doc.charts {
        let (png, w, h) = chart_png(svg)?;
        // The chart spans the text width, keeping its proportions.
        let width = TEXT_W as u32 * EMU_PER_TWIP;
        let height = (u64::from(width) * u64::from(h) / u64::from(w.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png, w, h).size(width, height);
        d = d
            .add_paragraph(
                para()
                    .align(AlignmentType::Center)
                    .line_spacing(LineSpacing::new().before(240))
                    .keep_next(true)
                    .add_run(Run::new().add_image(pic)),
            )
            .add_paragraph(centred(run(caption, 22).italic()));
    }
    for a in &doc.annexes {
        if let Some(t) = appendix_table(&a.table) {
            d = d
                .add_paragraph(para().add_run(Run::new().add_break(BreakType::Page)))
                .add_paragraph(centred(run(&a.title, 26).bold()))
                .add_paragraph(para().line_spacing(LineSpacing::new().before(120)))
                .add_table(t)
                .add_paragraph(body_paragraph(&a.note));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    d.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocBlock, DocSection};
    use std::io::Read;

    fn sample() -> OfficialDocument {
        OfficialDocument {
            annexes: Vec::new(),
            parent_body: String::new(),
            issuing_body: "Ủy ban nhân dân\ntỉnh Kon Tum".into(),
            number: "Số: 05/BC-UBND".into(),
            place_date: "Kon Tum, ngày 05 tháng 02 năm 2020".into(),
            title: "BÁO CÁO".into(),
            subject: "Kết quả thực hiện Kế hoạch hành động tăng trưởng xanh năm 2019".into(),
            sections: vec![DocSection {
                heading: "I. KẾT QUẢ ĐẠT ĐƯỢC".into(),
                blocks: vec![DocBlock {
                    subheading: "Mục tiêu 1: Giảm cường độ phát thải".into(),
                    text: "Tỷ lệ che phủ rừng đạt 62,3%.\n<w:p>không phải thẻ</w:p> & \"trích dẫn\""
                        .into(),
                }],
            }],
            table_title: "PHỤ LỤC".into(),
            table: vec![
                vec!["Mã".into(), "Chỉ tiêu".into(), "Giá trị".into()],
                vec!["1.1".into(), "Tỷ lệ che phủ rừng".into(), "62,3".into()],
            ],
            charts: vec![(
                "Biểu đồ 1.1".into(),
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#2e7d32"/><text x="10" y="50" font-family="Liberation Serif">Năm 2019</text></svg>"##.into(),
            )],
            signer_authority: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".into(),
            signer_name: "Nguyễn Văn A".into(),
            recipients: vec!["Bộ Kế hoạch và Đầu tư".into(), "Lưu: VT.".into()],
            watermark: String::new(),
            signature_png: None,
            seal_png: None,
        }
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("the part")
            .read_to_string(&mut s)
            .expect("UTF-8");
        s
    }

    #[test]
    fn the_docx_carries_every_part_of_the_report_with_its_diacritics() {
        let bytes = render(&sample()).expect("rendered");
        let xml = part(&bytes, "word/document.xml");
        for needle in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "ỦY BAN NHÂN DÂN",
            "TỈNH KON TUM",
            "Số: 05/BC-UBND",
            "Kon Tum, ngày 05 tháng 02 năm 2020",
            "I. KẾT QUẢ ĐẠT ĐƯỢC",
            "Tỷ lệ che phủ rừng đạt 62,3%.",
            "Nơi nhận:",
            "- Lưu: VT.",
            "CHỦ TỊCH",
            "Biểu đồ 1.1",
        ] {
            assert!(xml.contains(needle), "missing {needle}");
        }
    }

    #[test]
    fn typed_text_that_looks_like_word_markup_stays_text() {
        let bytes = render(&sample()).expect("rendered");
        let xml = part(&bytes, "word/document.xml");
        assert!(xml.contains("&lt;w:p&gt;không phải thẻ&lt;/w:p&gt; &amp;"));
    }

    #[test]
    fn page_numbers_start_on_the_second_page() {
        let bytes = render(&sample()).expect("rendered");
        let xml = part(&bytes, "word/document.xml");
        // A first page of its own (titlePg) whose header is empty; the default header numbers pages.
        assert!(xml.contains("<w:titlePg"));
        assert!(xml.contains("w:type=\"first\""));
        assert!(xml.contains("w:type=\"default\""));
    }

    #[test]
    fn a_chart_goes_in_as_a_picture() {
        let bytes = render(&sample()).expect("rendered");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        let pngs = (0..zip.len())
            .filter(|i| {
                zip.by_index(*i)
                    .is_ok_and(|f| f.name().is_ok_and(|n| n.ends_with(".png")))
            })
            .count();
        assert_eq!(pngs, 1);
    }
}
