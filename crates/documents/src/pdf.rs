//! Official reports as PDF, laid out per Decree 30/2020/NĐ-CP, with typst as
//! a library. The layout is `templates/official.typ`; the report's content
//! reaches it as data (a JSON file in the compiler's world), never as
//! generated markup, so no text can break the layout or inject commands.
//! Liberation Serif (metric-compatible with Times New Roman, full Vietnamese)
//! is embedded from the repository.

use serde::Serialize;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// An administrative document's content.
#[derive(Debug, Clone, Serialize)]
pub struct OfficialDocument {
    /// Left header, first line: the parent body in capitals ("ỦY BAN NHÂN DÂN TỈNH KON TUM"); may be empty.
    pub parent_body: String,
    /// Left header, second line: the issuing body ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ").
    pub issuing_body: String,
    /// "Số: 05/BC-UBND".
    pub number: String,
    /// "Kon Tum, ngày 05 tháng 02 năm 2024".
    pub place_date: String,
    pub title: String,
    pub subject: String,
    pub sections: Vec<DocSection>,
    /// The appendix table: a header row, then rows.
    pub table_title: String,
    pub table: Vec<Vec<String>>,
    /// Charts (SVG) shown in the appendix, with their captions.
    pub charts: Vec<(String, String)>,
    pub signer_authority: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// A line shown under the title when the figures are sample data.
    pub watermark: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocSection {
    pub heading: String,
    pub blocks: Vec<DocBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocBlock {
    pub subheading: String,
    pub text: String,
}

/// "Kon Tum, ngày 05 tháng 02 năm 2024": days 1–9 and months 1–2 take a leading zero (Decree 30).
pub fn place_date(place: &str, day: u8, month: u8, year: i32) -> String {
    let month = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("{place}, ngày {day:02} tháng {month} năm {year}")
}

const TEMPLATE: &str = include_str!("../templates/official.typ");
const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|f| Font::iter(Bytes::new(*f)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> FileId {
    // The paths are literals of this module: they are valid.
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

struct Doc {
    main: FileId,
    data_id: FileId,
    source: Source,
    data: Bytes,
    charts: Vec<(FileId, Bytes)>,
}

impl World for Doc {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        self.charts
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// The document as PDF bytes, or the compiler's messages.
pub fn render(doc: &OfficialDocument) -> Result<Vec<u8>, String> {
    let mut data = serde_json::to_value(doc).map_err(|e| e.to_string())?;
    // Charts go in as files; the data names them.
    let mut charts = Vec::new();
    let mut names = Vec::new();
    for (i, (caption, svg)) in doc.charts.iter().enumerate() {
        let path = format!("/chart-{i}.svg");
        charts.push((file_id(&path), Bytes::new(svg.clone().into_bytes())));
        names.push(serde_json::json!({ "path": path, "caption": caption }));
    }
    data["charts"] = serde_json::Value::Array(names);
    let main = file_id("/main.typ");
    let world = Doc {
        main,
        data_id: file_id("/data.json"),
        source: Source::new(main, TEMPLATE.to_string()),
        data: Bytes::new(data.to_string().into_bytes()),
        charts,
    };
    let compiled: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    typst_pdf::pdf(&compiled, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_line_takes_leading_zeros_as_decree_30_says() {
        assert_eq!(
            place_date("Kon Tum", 5, 2, 2024),
            "Kon Tum, ngày 05 tháng 02 năm 2024"
        );
        assert_eq!(
            place_date("Kon Tum", 20, 12, 2018),
            "Kon Tum, ngày 20 tháng 12 năm 2018"
        );
        assert_eq!(
            place_date("Kon Tum", 1, 3, 2020),
            "Kon Tum, ngày 01 tháng 3 năm 2020"
        );
    }
}
