//! The provincial report as an administrative document (Decree 30/2020):
//! the same content as its page, in the official layout.

use crate::AppState;
use crate::error::WebError;
use crate::pages::provincial::{Body, IndicatorLine};
use crate::reporting::{parse_iso_date, store_error};
use xanh_core::Lang;
use xanh_core::report::NarrativePart;
use xanh_documents::pdf::{DocBlock, DocSection, OfficialDocument, place_date};
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
