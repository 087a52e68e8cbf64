//! Checks on an uploaded workbook before calamine builds anything from it.
//!
//! calamine trusts what a file declares: it reserves room for as many shared
//! strings as `uniqueCount` says, lays a sheet out as one dense grid from its
//! first to its last cell, and sizes its table of shared formulas by the
//! largest `si` index. A file of a few kilobytes can declare a billion
//! strings, cells at A1 and XFD1048576, or formula number 10¹²: the
//! allocation then aborts the whole server, not just the request. So the
//! archive's directory, the shared strings' declared count and every sheet's
//! cell positions are checked first, each without building anything large.

use crate::xlsx::CellError;
use calamine::{DataRef, Xlsx};
use std::io::{Cursor, Read, Seek};

/// The largest uncompressed workbook accepted, and the most parts in it.
const MAX_UNPACKED: u64 = 30 * 1024 * 1024;
const MAX_ENTRIES: usize = 500;
/// Far above any template (a few hundred strings), far below harm.
const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Cells of the grid a sheet spans, first to last used cell (≈ 32 MB).
const MAX_GRID_CELLS: u64 = 1 << 20;
/// The largest shared-formula index a sheet may use.
const MAX_SHARED_FORMULA_INDEX: usize = 10_000;

fn not_xlsx() -> CellError {
    CellError::file(
        "Tệp không phải bảng tính Excel .xlsx. Hãy tải mẫu từ Xanh, nhập số liệu rồi lưu dạng .xlsx.",
        "The file is not an Excel .xlsx workbook. Download the template from Xanh, fill it in and save it as .xlsx.",
    )
}

fn hostile(vi: &str, en: &str) -> CellError {
    CellError::file(
        format!("{vi} (có thể là tệp độc hại); không đọc."),
        format!("{en} (possibly a hostile file); it was not read."),
    )
}

/// The archive: its directory's stated sizes (which the zip reader enforces
/// while unpacking) and the shared strings' declared count.
pub(crate) fn check_container(bytes: &[u8]) -> Result<(), CellError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if archive.len() > MAX_ENTRIES {
        return Err(CellError::file(
            "Tệp có quá nhiều thành phần.",
            "The file has too many parts.",
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        // The raw entry gives the directory's stated size without decompressing anything.
        let size = archive
            .by_index_raw(i)
            .map(|f| f.size())
            .unwrap_or(u64::MAX);
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED {
        return Err(hostile(
            "Tệp khi giải nén quá lớn",
            "The file unpacks to too much data",
        ));
    }
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            continue; // calamine meets the same damage and says the file cannot be read
        };
        let name = part
            .name()
            .map(|n| n.replace('\\', "/").to_ascii_lowercase())
            .unwrap_or_default();
        if !name.ends_with("sharedstrings.xml") {
            continue;
        }
        let mut xml = Vec::new();
        // Bounded by the directory check above; an unreadable part is calamine's to refuse.
        let _ = (&mut part).take(MAX_UNPACKED).read_to_end(&mut xml);
        if declared_counts(&xml).any(|n| n > MAX_SHARED_STRINGS) {
            return Err(hostile(
                "Tệp khai báo số chuỗi ký tự quá lớn",
                "The file declares far too many strings",
            ));
        }
    }
    Ok(())
}

/// Every number given as `uniqueCount` or `count` anywhere in the part, read
/// as calamine reads it (ASCII digits); wherever the attribute stands, a huge
/// one is refused.
fn declared_counts(xml: &[u8]) -> impl Iterator<Item = u64> + '_ {
    let key = b"ount";
    (0..xml.len().saturating_sub(key.len()))
        .filter(move |&i| xml[i..].starts_with(key))
        .filter_map(move |i| {
            let rest = &xml[i + key.len()..];
            let rest = trim_start(rest).strip_prefix(b"=")?;
            let rest = trim_start(rest);
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))?;
            let digits: Vec<u8> = rest
                .iter()
                .copied()
                .take_while(u8::is_ascii_digit)
                .collect();
            if digits.is_empty() {
                return None;
            }
            // More than 19 digits does not fit a u64: certainly too many.
            Some(
                std::str::from_utf8(&digits)
                    .ok()
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(u64::MAX),
            )
        })
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

/// One sheet, streamed cell by cell: the grid calamine would lay out for it
/// and the shared-formula indices it would make room for. A sheet that is
/// missing or unreadable passes here; reading it then says so.
pub(crate) fn check_sheet<RS: Read + Seek>(wb: &mut Xlsx<RS>, name: &str) -> Result<(), CellError> {
    let Ok(mut cells) = wb.worksheet_cells_reader(name) else {
        return Ok(());
    };
    let (mut min, mut max) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    let mut any = false;
    // Metadata only: this reader neither expands nor stores shared formulas.
    while let Ok(Some(cell)) = cells.next_cell_with_formula_metadata() {
        if let Some(calamine::XlsxFormulaMetadata::Shared { shared_index, .. })
        | Some(calamine::XlsxFormulaMetadata::SharedDerived { shared_index, .. }) = &cell.formula
            && *shared_index > MAX_SHARED_FORMULA_INDEX
        {
            return Err(hostile(
                "Trang tính dùng chỉ số công thức quá lớn",
                "A sheet uses a far too large formula index",
            ));
        }
        if matches!(cell.value, DataRef::Empty) && cell.formula.is_none() {
            continue;
        }
        any = true;
        let (r, c) = cell.pos;
        min = (min.0.min(r), min.1.min(c));
        max = (max.0.max(r), max.1.max(c));
    }
    if !any {
        return Ok(());
    }
    let rows = u64::from(max.0 - min.0) + 1;
    let cols = u64::from(max.1 - min.1) + 1;
    if rows.saturating_mul(cols) > MAX_GRID_CELLS {
        return Err(CellError::file(
            format!(
                "Trang \"{name}\" trải trên vùng quá rộng ({rows} hàng × {cols} cột); hãy chỉ nhập vào các ô của mẫu."
            ),
            format!(
                "Sheet \"{name}\" spans far too large an area ({rows} rows × {cols} columns); fill in only the template's cells."
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::{Identity, Input, ValueRow, read, template};
    use std::io::Write;

    fn genuine() -> Vec<u8> {
        let identity = Identity {
            report_id: 7,
            framework: "kon-tum-598-2014".into(),
            period: "annual-2019".into(),
            unit: "SO-CT".into(),
            version: 3,
        };
        let row = ValueRow {
            indicator: "1.1".into(),
            name: "Tỷ lệ cơ sở sản xuất".into(),
            unit_code: "UBND-TINH".into(),
            unit_name: "Toàn tỉnh".into(),
            measure: "%".into(),
            target: "≥ 90%".into(),
            previous: "40".into(),
            input: Input::Percent,
            value: String::new(),
            note: String::new(),
        };
        template(&["Báo cáo".into()], &[row], &[], &identity, b"key").expect("written")
    }

    /// The genuine template with `edit` applied to the text of every part whose name matches.
    fn edited(matching: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
        let bytes = genuine();
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("a zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut touched = 0;
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).expect("a part");
            let name = part.name().expect("a UTF-8 name").to_string();
            let mut content = Vec::new();
            part.read_to_end(&mut content).expect("readable");
            if name.contains(matching) {
                content = edit(std::str::from_utf8(&content).expect("XML is UTF-8")).into_bytes();
                touched += 1;
            }
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            out.start_file(name, options).expect("a new part");
            out.write_all(&content).expect("written");
        }
        assert!(touched > 0, "the template has a part named like {matching}");
        out.finish().expect("finished").into_inner()
    }

    fn refusal(bytes: &[u8]) -> String {
        let errors = read(bytes, b"key").err().expect("refused");
        format!("{} / {}", errors[0].vi, errors[0].en)
    }

    #[test]
    fn the_edited_template_is_still_read_when_nothing_hostile_was_added() {
        let same = edited("sheet", |x| x.to_string());
        assert!(read(&same, b"key").is_ok());
    }

    /// calamine reserves room for `uniqueCount` strings when it opens the file:
    /// four billion of them aborted the process.
    #[test]
    fn a_workbook_declaring_billions_of_strings_is_refused_before_it_is_opened() {
        let bomb = edited("sharedStrings", |x| {
            let at = x.find("uniqueCount=\"").expect("a declared count") + "uniqueCount=\"".len();
            let end = at + x[at..].find('"').expect("closing quote");
            format!("{}4000000000{}", &x[..at], &x[end..])
        });
        assert!(refusal(&bomb).contains("quá lớn"), "{}", refusal(&bomb));
    }

    /// Two cells at A1 and XFD1048576 made calamine lay out 17 billion cells.
    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_with_its_name() {
        let far = edited("worksheets/sheet", |x| {
            x.replace(
                "</sheetData>",
                "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"n\"><v>1</v></c></row></sheetData>",
            )
        });
        let why = refusal(&far);
        assert!(
            why.contains("vùng quá rộng") && why.contains("16384"),
            "{why}"
        );
    }

    /// A shared formula numbered 10¹² made calamine size its formula table to match.
    #[test]
    fn a_huge_shared_formula_index_is_refused() {
        let far = edited("worksheets/sheet", |x| {
            x.replace(
                "</sheetData>",
                "<row r=\"900\"><c r=\"A900\"><f t=\"shared\" si=\"1000000000000\" ref=\"A900\">1+1</f><v>2</v></c></row></sheetData>",
            )
        });
        assert!(
            refusal(&far).contains("chỉ số công thức"),
            "{}",
            refusal(&far)
        );
    }

    #[test]
    fn declared_counts_are_found_however_they_are_quoted() {
        let xml =
            br#"<sst xmlns="x" count = '12' uniqueCount="99999999999999999999999"><si/></sst>"#;
        let found: Vec<u64> = declared_counts(xml).collect();
        assert_eq!(found, vec![12, u64::MAX]);
    }
}
