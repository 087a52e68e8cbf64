//! Official reports as PDF, laid out per Decree 30/2020/NĐ-CP, with typst as
//! a library. The layout is `templates/official.typ`; the report's content
//! reaches it as data (a JSON file in the compiler's world), never as
//! generated markup, so no text can break the layout or inject commands.
//! Liberation Serif (metric-compatible with Times New Roman, full Vietnamese)
//! is embedded from the repository.

use crate::document::OfficialDocument;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/official.typ");

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = crate::fonts::LIBERATION_SERIF
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
    for (key, png) in [("signature", &doc.signature_png), ("seal", &doc.seal_png)] {
        let path = match png {
            Some(bytes) => {
                let path = format!("/{key}.png");
                charts.push((file_id(&path), Bytes::new(bytes.clone())));
                path
            }
            None => String::new(),
        };
        data[key] = serde_json::Value::String(path);
    }
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

/// Whether `png` is a PNG the PDF can carry: read as typst reads it when it
/// lays out the signing space, so an image that would stop an issue is
/// refused when it is uploaded instead.
pub fn check_png(png: &[u8]) -> Result<(), String> {
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("not a PNG file".into());
    }
    let main = file_id("/main.typ");
    let world = Doc {
        main,
        data_id: file_id("/data.json"),
        source: Source::new(main, "#image(\"/x.png\", width: 3cm)".to_string()),
        data: Bytes::new(Vec::new()),
        charts: vec![(file_id("/x.png"), Bytes::new(png.to_vec()))],
    };
    typst::compile::<PagedDocument>(&world)
        .output
        .map(|_| ())
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
}
