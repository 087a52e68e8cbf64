//! The provincial report and an agency's report as administrative documents
//! (Decree 30/2020): the same content as their pages, in the official layout.
//! Who issues and signs, where it is dated and who receives it come from the
//! framework's `[framework.documents]` and from the units that exist on the
//! document's date, never from wording fixed here.

use super::provincial::{
    IndicatorLine, QualityLine, body_of, fixed_of, indicator_table, period_phrase, quality_annex,
};
use crate::App;
use crate::error::AppError;
use crate::reporting::parse_iso_date;
use xanh_core::Lang;
use xanh_core::framework::{Framework, OrgUnit};
use xanh_core::report::NarrativePart;
use xanh_documents::document::{Annex, DocBlock, DocSection, OfficialDocument, place_date};
use xanh_store::{PeriodRow, ProvincialRow};

const NUMERALS: [&str; 4] = ["I", "II", "III", "IV"];

/// The watermark of a database holding the sample data set.
fn demo_line(state: &App) -> &'static str {
    if state.settings.demo {
        "Dữ liệu mẫu — không phải số liệu chính thức"
    } else {
        ""
    }
}

/// A people's committee heads its documents on two lines: "ỦY BAN NHÂN DÂN" / "TỈNH KON TUM".
fn committee_lines(name: &str) -> String {
    match name.strip_prefix("Ủy ban nhân dân ") {
        Some(place) => format!("Ủy ban nhân dân\n{place}"),
        None => name.to_string(),
    }
}

/// "Ủy ban nhân dân tỉnh Kon Tum" → "UBND tỉnh Kon Tum": how a parent body is
/// customarily named above a department's name.
fn abbreviated(name: &str) -> String {
    match name.strip_prefix("Ủy ban nhân dân ") {
        Some(place) => format!("UBND {place}"),
        None => name.to_string(),
    }
}

/// The day a document's wording is taken for: its own date, else the period's deadline.
fn document_day(date: Option<time::Date>, period: &PeriodRow) -> time::Date {
    date.or_else(|| parse_iso_date(&period.deadline))
        .unwrap_or(time::Date::MIN)
}

/// "Kon Tum, ngày 05 tháng 02 năm 2024", or blanks to fill in by hand.
fn date_line(place: &str, date: Option<time::Date>, year: i64) -> String {
    match date {
        Some(d) => place_date(place, d.day(), u8::from(d.month()), d.year()),
        None => format!("{place}, ngày      tháng      năm {year}"),
    }
}

fn unit_on<'a>(fw: &'a Framework, code: &str, day: time::Date) -> Option<&'a OrgUnit> {
    fw.unit_on(code, day)
}

/// The document of a provincial report version (a draft shows blanks for its
/// number and date, and the indicator table as it stands now).
pub async fn provincial_document(
    state: &App,
    r: &ProvincialRow,
) -> Result<OfficialDocument, AppError> {
    let lang = Lang::Vi;
    let (period, fw) = crate::reporting::period_with_framework(state, r.period_id, lang).await?;
    let body = body_of(r, lang)?;
    let issued = r.state == xanh_core::workflow::ProvincialState::Issued;
    let (table, quality): (Vec<IndicatorLine>, Vec<QualityLine>) = if issued {
        fixed_of(r, lang)?
    } else {
        (
            indicator_table(state, &fw.code, period.year as i32, lang).await?,
            quality_annex(state, r.period_id, lang).await?,
        )
    };
    let sections = NarrativePart::ALL
        .iter()
        .enumerate()
        .map(|(i, part)| DocSection {
            heading: format!("{}. {}", NUMERALS[i], part.label(lang).to_uppercase()),
            // The opening summary leads the results.
            blocks: (*part == NarrativePart::Results && !body.summary.trim().is_empty())
                .then(|| DocBlock {
                    subheading: "Khái quát chung".into(),
                    text: body.summary.clone(),
                })
                .into_iter()
                .chain(body.objectives.iter().filter_map(|o| {
                    let p = o.parts.iter().find(|p| p.part == part.as_str())?;
                    (!p.text.trim().is_empty()).then(|| DocBlock {
                        subheading: format!("Mục tiêu {}: {}", o.code, o.title),
                        text: p.text.clone(),
                    })
                }))
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
    let day = document_day(date, &period);
    let issuer = unit_on(&fw, &fw.issuer, day);
    let issuer_code = issuer.map(|u| u.code.clone()).unwrap_or_default();
    let symbol = issuer.map(|u| fw.symbol_of(u)).unwrap_or_default();
    let signer = fw.report_signer();
    let (authority, name) = if issued {
        (
            r.signer_title
                .clone()
                .unwrap_or_else(|| signer.lines().join("\n")),
            r.signer_name.clone().unwrap_or_default(),
        )
    } else {
        (signer.lines().join("\n"), signer.name.unwrap_or_default())
    };
    Ok(OfficialDocument {
        parent_body: String::new(),
        issuing_body: committee_lines(&issuer.map(|u| u.name.vi.clone()).unwrap_or_default()),
        number: format!(
            "Số: {}",
            r.number
                .clone()
                .unwrap_or_else(|| format!("      /BC-{symbol}"))
        ),
        place_date: date_line(fw.place_of(&issuer_code), date, period.year),
        title: "BÁO CÁO".into(),
        subject: r.subject.clone(),
        sections,
        table_title: format!(
            "PHỤ LỤC: TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU {}",
            period_phrase(&period).to_uppercase()
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
        annexes: quality_table(&quality, &period),
        signer_authority: authority,
        signer_name: name,
        recipients: fw.recipients_on(day),
        watermark: demo_line(state).into(),
        signature_png: None,
        seal_png: None,
    })
}

/// The data-quality annex: one row per reporting agency, numbered, and the
/// line that says how the score is computed. None for versions issued
/// before the annex existed.
fn quality_table(lines: &[QualityLine], period: &PeriodRow) -> Vec<Annex> {
    if lines.is_empty() {
        return Vec::new();
    }
    let mut table = vec![
        [
            "STT",
            "Cơ quan, đơn vị",
            "Số liệu đã có",
            "Thời hạn",
            "Nhất quán",
            "Đã giải trình",
            "Điểm",
        ]
        .map(String::from)
        .to_vec(),
    ];
    table.extend(lines.iter().enumerate().map(|(i, l)| {
        vec![
            (i + 1).to_string(),
            l.agency.clone(),
            l.figures.clone(),
            l.on_time.clone(),
            l.consistency.clone(),
            l.explained.clone(),
            l.score.clone(),
        ]
    }));
    vec![Annex {
        title: format!(
            "PHỤ LỤC: CHẤT LƯỢNG SỐ LIỆU BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ {}",
            period_phrase(period).to_uppercase()
        ),
        table,
        note: xanh_core::quality::score::how().vi,
    }]
}

/// An agency's report for a period as an administrative document: its
/// narrative part by part and objective by objective, its figures in an
/// appendix. A report not yet submitted says so under the title.
pub async fn agency_document(
    state: &App,
    ctx: &crate::reporting::ReportContext,
) -> Result<OfficialDocument, AppError> {
    use xanh_core::framework::file::UnitKind;
    let lang = Lang::Vi;
    let fw = &ctx.framework;
    let submitted = ctx
        .report
        .submitted_at
        .as_deref()
        .and_then(|s| parse_iso_date(s.get(..10)?));
    let day = document_day(submitted, &ctx.period);
    let unit = unit_on(fw, &ctx.report.unit_code, day);
    let crate::reporting::ReportContents { values, narratives } = ctx.contents(state, lang).await?;
    let objective_title = |code: &str| {
        fw.objectives
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.title.vi.clone())
            .unwrap_or_default()
    };
    let sections = NarrativePart::ALL
        .iter()
        .enumerate()
        .map(|(i, part)| DocSection {
            heading: format!("{}. {}", NUMERALS[i], part.label(lang).to_uppercase()),
            blocks: ctx
                .scope
                .iter()
                .filter_map(|s| {
                    let n = narratives
                        .iter()
                        .find(|n| n.objective_code == s.objective && n.part == *part)?;
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
    let committee = territorial || unit.is_some_and(|u| u.kind == UnitKind::Province);
    let (parent_body, issuing_body, signer) = if committee {
        (
            String::new(),
            committee_lines(&name),
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        )
    } else {
        let parent = unit
            .and_then(|u| u.parent.as_deref())
            .and_then(|p| unit_on(fw, p, day))
            .map(|p| abbreviated(&p.name.vi))
            .unwrap_or_default();
        let signer = if unit.is_some_and(|u| u.kind == UnitKind::Department) {
            "GIÁM ĐỐC"
        } else {
            "THỦ TRƯỞNG CƠ QUAN"
        };
        (parent, name.clone(), signer)
    };
    let consolidator = unit_on(fw, &fw.consolidator, day)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default();
    let state_line = match ctx.report.state() {
        xanh_core::workflow::ReportState::Draft | xanh_core::workflow::ReportState::Returned => {
            "Dự thảo — chưa gửi cơ quan tổng hợp"
        }
        _ => "",
    };
    let code = unit.map(|u| u.code.as_str()).unwrap_or_default();
    Ok(OfficialDocument {
        parent_body,
        issuing_body,
        // The agency's office gives the number when it registers the report.
        number: format!(
            "Số:        /BC-{}",
            unit.map(|u| fw.symbol_of(u)).unwrap_or_default()
        ),
        place_date: date_line(fw.place_of(code), submitted, ctx.period.year),
        title: "BÁO CÁO".into(),
        subject: fw.agency_subject(&period_phrase(&ctx.period)),
        sections,
        table_title: format!(
            "PHỤ LỤC: SỐ LIỆU CÁC CHỈ TIÊU {}",
            period_phrase(&ctx.period).to_uppercase()
        ),
        table: rows,
        charts: Vec::new(),
        annexes: Vec::new(),
        signer_authority: signer.into(),
        signer_name: String::new(),
        recipients: vec![format!("{consolidator} (tổng hợp)"), "Lưu: VT.".into()],
        watermark: [state_line, demo_line(state)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
        signature_png: None,
        seal_png: None,
    })
}
