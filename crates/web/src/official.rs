//! The provincial report as an administrative document (Decree 30/2020):
//! the same content as its page, in the official layout.

use crate::AppState;
use crate::error::WebError;
use crate::pages::provincial::{Body, IndicatorLine};
use crate::reporting::{parse_iso_date, store_error};
use xanh_core::Lang;
use xanh_core::report::NarrativePart;
use xanh_documents::document::{DocBlock, DocSection, OfficialDocument, place_date};
use xanh_store::ProvincialRow;

/// The document of a provincial report version (a draft shows blanks for its number and date).
pub async fn provincial_document(
    state: &AppState,
    r: &ProvincialRow,
) -> Result<OfficialDocument, WebError> {
    let lang = Lang::Vi;
    let (code, period) = state
        .store
        .period(r.period_id)
        .await
        .map_err(store_error(lang))?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let body: Body = serde_json::from_str(&r.body_json).unwrap_or_default();
    let table: Vec<IndicatorLine> = serde_json::from_str(&r.indicators_json).unwrap_or_default();
    let numerals = ["I", "II", "III", "IV"];
    let sections = NarrativePart::ALL
        .iter()
        .enumerate()
        .map(|(i, part)| DocSection {
            heading: format!("{}. {}", numerals[i], part.label(lang).to_uppercase()),
            blocks: body
                .objectives
                .iter()
                .filter_map(|o| {
                    let p = o.parts.iter().find(|p| p.part == part.as_str())?;
                    (!p.text.trim().is_empty()).then(|| DocBlock {
                        subheading: format!("Mục tiêu {}: {}", o.code, o.title),
                        text: p.text.clone(),
                    })
                })
                .collect(),
        })
        .collect();
    let mut rows = vec![vec![
        "Mã".to_string(),
        "Chỉ tiêu".into(),
        "Mục tiêu".into(),
        "Giá trị".into(),
        "Trạng thái".into(),
    ]];
    rows.extend(table.iter().map(|t| {
        vec![
            t.code.clone(),
            t.name.clone(),
            t.target.clone(),
            t.value.clone(),
            t.status_label.clone(),
        ]
    }));
    let date = r.issued_on.as_deref().and_then(parse_iso_date);
    let issuer = fw
        .unit(&fw.issuer)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default();
    // A people's committee heads its documents on two lines: "ỦY BAN NHÂN DÂN" / "TỈNH KON TUM".
    let issuer = match issuer.strip_prefix("Ủy ban nhân dân ") {
        Some(place) => format!("Ủy ban nhân dân\n{place}"),
        None => issuer,
    };
    Ok(OfficialDocument {
        parent_body: String::new(),
        issuing_body: issuer,
        number: format!(
            "Số: {}",
            r.number.clone().unwrap_or_else(|| "      /BC-UBND".into())
        ),
        place_date: match date {
            Some(d) => place_date(&fw.place, d.day(), u8::from(d.month()), d.year()),
            None => format!("{}, ngày      tháng      năm {}", fw.place, period.year),
        },
        title: "BÁO CÁO".into(),
        subject: r.subject.clone(),
        sections,
        table_title: format!(
            "PHỤ LỤC: TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU — {}",
            period.label_vi.to_uppercase()
        ),
        table: rows,
        charts: table
            .iter()
            .filter_map(|t| {
                t.chart
                    .clone()
                    .map(|svg| (format!("Biểu đồ {}: {}", t.code, t.name), svg))
            })
            .collect(),
        signer_authority: "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".into(),
        signer_name: String::new(),
        recipients: vec![
            fw.recipient.vi.clone(),
            "Thường trực Tỉnh ủy (b/c)".into(),
            "Thường trực HĐND tỉnh (b/c)".into(),
            "Các sở, ban, ngành; UBND các huyện, thành phố".into(),
            "Lưu: VT, KTTH.".into(),
        ],
        watermark: if state.settings.demo {
            "Dữ liệu mẫu — không phải số liệu chính thức".into()
        } else {
            String::new()
        },
    })
}

/// The file formats an official document downloads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The document's bytes. Rendering is CPU work: callers run it off the
    /// async workers (`spawn_blocking`).
    pub fn render(self, doc: &OfficialDocument) -> Result<Vec<u8>, String> {
        match self {
            Format::Pdf => xanh_documents::pdf::render(doc),
            Format::Docx => xanh_documents::docx::render(doc),
        }
    }
}

/// The document as a download: PDF shown in the browser, DOCX saved to edit.
pub async fn download(
    doc: OfficialDocument,
    format: Format,
    name: &str,
    lang: Lang,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let failed = || WebError::from_store(xanh_store::StoreError::Corrupt("document".into()), lang);
    let bytes = tokio::task::spawn_blocking(move || format.render(&doc))
        .await
        .map_err(|_| failed())?
        .map_err(|e| {
            tracing::error!(error = %e, "the document could not be made");
            failed()
        })?;
    let disposition = match format {
        Format::Pdf => "inline",
        Format::Docx => "attachment",
    };
    // The name is made here from codes, never from what a user typed; it is
    // still reduced to safe characters so no header can be forged.
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                format.content_type().to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("{disposition}; filename=\"{safe}.{}\"", format.extension()),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// "Ủy ban nhân dân tỉnh Kon Tum" → "UBND tỉnh Kon Tum": how a parent body is
/// customarily named above a department's name.
fn abbreviated(name: &str) -> String {
    match name.strip_prefix("Ủy ban nhân dân ") {
        Some(place) => format!("UBND {place}"),
        None => name.to_string(),
    }
}

/// An agency's report for a period as an administrative document: its
/// narrative part by part and objective by objective, its figures in an
/// appendix. A report not yet submitted says so under the title.
pub async fn agency_document(
    state: &AppState,
    ctx: &crate::reporting::ReportContext,
) -> Result<OfficialDocument, WebError> {
    use xanh_core::framework::file::UnitKind;
    let lang = Lang::Vi;
    let fw = &ctx.framework;
    let unit = fw.unit(&ctx.report.unit_code);
    let values = state
        .store
        .values_of_period(ctx.period.id)
        .await
        .map_err(store_error(lang))?;
    let narratives = state
        .store
        .narratives(ctx.report.id)
        .await
        .map_err(store_error(lang))?;
    let objective_title = |code: &str| {
        fw.objectives
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.title.vi.clone())
            .unwrap_or_default()
    };
    let numerals = ["I", "II", "III", "IV"];
    let sections = NarrativePart::ALL
        .iter()
        .enumerate()
        .map(|(i, part)| DocSection {
            heading: format!("{}. {}", numerals[i], part.label(lang).to_uppercase()),
            blocks: ctx
                .scope
                .iter()
                .filter_map(|s| {
                    let n = narratives
                        .iter()
                        .find(|n| n.objective_code == s.objective && n.part == part.as_str())?;
                    (!n.body.trim().is_empty()).then(|| DocBlock {
                        subheading: format!(
                            "Mục tiêu {}: {}",
                            s.objective,
                            objective_title(&s.objective)
                        ),
                        text: n.body.clone(),
                    })
                })
                .collect(),
        })
        .collect();
    let mut rows = vec![vec![
        "Mã".to_string(),
        "Chỉ tiêu".into(),
        "Địa bàn".into(),
        "Đơn vị tính".into(),
        "Mục tiêu".into(),
        "Giá trị".into(),
        "Ghi chú".into(),
    ]];
    for scope in &ctx.scope {
        for slot in &scope.slots {
            let Some((_, ind)) = fw.indicator(&slot.indicator) else {
                continue;
            };
            let stored = values
                .iter()
                .find(|v| v.indicator_code == slot.indicator && v.unit_code == slot.unit);
            rows.push(vec![
                ind.code.clone(),
                ind.name.vi.clone(),
                if slot.unit == fw.issuer {
                    "Toàn tỉnh".into()
                } else {
                    fw.unit(&slot.unit)
                        .map(|u| u.short().vi.clone())
                        .unwrap_or_else(|| slot.unit.clone())
                },
                ind.unit.vi.clone(),
                ind.target.describe(&ind.unit.vi, lang),
                stored
                    .and_then(|v| v.value.as_ref())
                    .map(|v| v.display(lang))
                    .unwrap_or_else(|| "—".into()),
                stored.and_then(|v| v.note.clone()).unwrap_or_default(),
            ]);
        }
    }
    let territorial = unit.is_some_and(|u| u.is_territorial());
    let name = unit.map(|u| u.name.vi.clone()).unwrap_or_default();
    let (parent_body, issuing_body, signer) = if territorial || ctx.report.unit_code == fw.issuer {
        let body = match name.strip_prefix("Ủy ban nhân dân ") {
            Some(place) => format!("Ủy ban nhân dân\n{place}"),
            None => name.clone(),
        };
        (String::new(), body, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    } else {
        let parent = unit
            .and_then(|u| u.parent.as_deref())
            .and_then(|p| fw.unit(p))
            .map(|p| abbreviated(&p.name.vi))
            .unwrap_or_default();
        let signer = if unit.is_some_and(|u| u.kind == UnitKind::Department) {
            "GIÁM ĐỐC"
        } else {
            "THỦ TRƯỞNG CƠ QUAN"
        };
        (parent, name.clone(), signer)
    };
    let submitted = ctx
        .report
        .submitted_at
        .as_deref()
        .and_then(|s| parse_iso_date(s.get(..10)?));
    let consolidator = fw
        .unit(&fw.consolidator)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default();
    let state_line = match ctx.report.state() {
        xanh_core::workflow::ReportState::Draft | xanh_core::workflow::ReportState::Returned => {
            "Dự thảo — chưa gửi cơ quan tổng hợp"
        }
        _ => "",
    };
    let demo = if state.settings.demo {
        "Dữ liệu mẫu — không phải số liệu chính thức"
    } else {
        ""
    };
    Ok(OfficialDocument {
        parent_body,
        issuing_body,
        number: "Số:        /BC-".into(),
        place_date: match submitted {
            Some(d) => place_date(&fw.place, d.day(), u8::from(d.month()), d.year()),
            None => format!("{}, ngày      tháng      năm {}", fw.place, ctx.period.year),
        },
        title: "BÁO CÁO".into(),
        subject: format!(
            "Kết quả thực hiện Kế hoạch hành động tăng trưởng xanh — {}",
            ctx.period.label_vi
        ),
        sections,
        table_title: format!(
            "PHỤ LỤC: SỐ LIỆU CÁC CHỈ TIÊU — {}",
            ctx.period.label_vi.to_uppercase()
        ),
        table: rows,
        charts: Vec::new(),
        signer_authority: signer.into(),
        signer_name: String::new(),
        recipients: vec![format!("{consolidator} (tổng hợp)"), "Lưu: VT.".into()],
        watermark: [state_line, demo]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
    })
}
