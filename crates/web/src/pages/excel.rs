//! The Excel round trip of an agency's report: download the data-entry
//! template, fill it offline, upload it. The same upload takes the values
//! CSV and DHIS2 JSON formats. Every cell or line is checked and the report
//! changes only if all are valid.

use crate::AppState;
use crate::auth::Authed;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use xanh_app::reporting::save::Refused;
use xanh_app::reporting::template;
use xanh_app::reporting::{self, FieldError, ReportInput, ValueInput, value_field};
use xanh_core::report::NarrativePart;
use xanh_documents::xlsx::{self, Typed};

/// The largest upload accepted.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// `GET /reports/{id}/template.xlsx`.
pub async fn template(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let (name, bytes) = template::workbook(&state, &session.actor, id, lang).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Refuses the upload with every problem listed on the report page.
async fn refuse(
    state: &AppState,
    session: &crate::auth::Session,
    id: i64,
    lang: Lang,
    errors: Vec<FieldError>,
) -> Result<Response, WebError> {
    let ctx = reporting::load(state, &session.actor, id, lang).await?;
    let page = crate::pages::report::page_with_errors(state, session, &ctx, lang, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `POST /reports/{id}/upload`: a filled template, multipart with `csrf` and `file`.
pub async fn upload(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let form = super::upload::read(multipart, &session, MAX_UPLOAD_BYTES, lang, || {
        WebError::with_message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            lang,
            "Tệp quá lớn: tối đa 10 MB. Mẫu báo cáo của Xanh chỉ vài chục KB; hãy tải lại mẫu.",
            "The file is too large: 10 MB at most. Xanh's template is a few tens of KB; download it again.",
        )
    })
    .await?;
    let file = Some(form.file).filter(|b| !b.is_empty());
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    if !session.actor.can_edit_report(&ctx.report.unit_code) {
        return Err(WebError::forbidden(lang));
    }
    let Some(bytes) = file else {
        let e = FieldError::new("file", lang.pick("Chưa chọn tệp.", "No file was chosen."));
        return refuse(&state, &session, id, lang, vec![e]).await;
    };
    let key = template::signing_key(&state, lang).await?;
    let read = if bytes.starts_with(b"PK\x03\x04") {
        from_xlsx(&bytes, &key, id, &ctx, lang)
    } else if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        from_rows(
            xanh_documents::exchange::read_dhis2(&bytes),
            &ctx.period.year.to_string(),
            lang,
        )
    } else {
        from_rows(
            xanh_documents::exchange::read_values_csv(&bytes),
            &ctx.period.code,
            lang,
        )
    };
    let (input, cells) = match read {
        Ok(read) => read,
        Err(errors) => return refuse(&state, &session, id, lang, errors).await,
    };
    let file = format!("{} bytes", bytes.len());
    match xanh_app::reporting::save::import(&state, &session.actor, &ctx, &input, &file, lang).await
    {
        Ok(_) => {}
        Err(Refused::Fields(errors)) => {
            // Each problem names the sheet and cell (or line) it came from.
            let errors = errors
                .into_iter()
                .map(|e| {
                    let cell = cells.get(&e.field).cloned().unwrap_or_default();
                    FieldError {
                        message: format!("{cell}: {}", e.message),
                        ..e
                    }
                })
                .collect();
            return refuse(&state, &session, id, lang, errors).await;
        }
        Err(Refused::Stale(e) | Refused::Failed(e)) => return Err(e.into()),
    }
    let en = if lang == Lang::En { "&lang=en" } else { "" };
    Ok(Redirect::to(&format!("/reports/{id}?done=upload{en}")).into_response())
}

/// Where each field came from in the file, so that messages name the place.
type Places = HashMap<String, String>;

fn from_xlsx(
    bytes: &[u8],
    key: &[u8],
    id: i64,
    ctx: &reporting::ReportContext,
    lang: Lang,
) -> Result<(ReportInput, Places), Vec<FieldError>> {
    let upload = xlsx::read(bytes, key).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| {
                let place = if e.cell.is_empty() {
                    String::new()
                } else {
                    format!("{}!{}: ", e.sheet, e.cell)
                };
                FieldError::new("file", format!("{place}{}", lang.pick(&e.vi, &e.en)))
            })
            .collect::<Vec<_>>()
    })?;
    let i = &upload.identity;
    // Saved (or uploaded) again since this template was downloaded: its
    // values would overwrite newer ones, as a stale form would.
    if i.report_id == id && i.version != ctx.report.version {
        return Err(vec![FieldError::new(
            "file",
            lang.pick(
                "Báo cáo đã được lưu sau khi tải mẫu này, nên mẫu đã cũ; không nhận tệp để khỏi ghi đè số liệu mới hơn. Hãy tải mẫu mới, nhập lại và tải lên.",
                "The report was saved after this template was downloaded, so the template is out of date; the file is refused so as not to overwrite newer figures. Download a new template, fill it in and upload it.",
            ),
        )]);
    }
    if i.report_id != id
        || i.unit != ctx.report.unit_code
        || i.period != ctx.period.code
        || i.framework != ctx.framework_code
    {
        return Err(vec![FieldError::new(
            "file",
            match lang {
                Lang::Vi => format!(
                    "Mẫu này thuộc báo cáo khác ({}, {}); hãy tải mẫu của báo cáo này.",
                    i.unit, i.period
                ),
                Lang::En => format!(
                    "This template belongs to another report ({}, {}); download this report's template.",
                    i.unit, i.period
                ),
            },
        )]);
    }
    let mut cells = Places::new();
    let mut input = ReportInput::default();
    for v in upload.values {
        cells.insert(value_field(&v.indicator, &v.unit), v.cell.clone());
        let raw = match v.value {
            Typed::Empty => String::new(),
            Typed::Number(n) => format!("{n}"),
            Typed::Text(t) => t,
        };
        // In a spreadsheet the note is the confirmation of an unusual value.
        let confirmed = !v.note.trim().is_empty();
        input.values.insert(
            (v.indicator, v.unit),
            ValueInput {
                raw,
                note: v.note,
                confirmed,
            },
        );
    }
    for n in upload.narrative {
        if let Some(part) = NarrativePart::parse(&n.part) {
            cells.insert(
                reporting::narrative_field(&n.objective, part),
                n.cell.clone(),
            );
            input.narrative.insert((n.objective, part), n.text);
        }
    }
    Ok((input, cells))
}

/// Rows of a CSV or DHIS2 file: each must be of this report's period, once.
fn from_rows(
    rows: Result<
        Vec<xanh_documents::exchange::ImportRow>,
        Vec<xanh_documents::exchange::ImportError>,
    >,
    period: &str,
    lang: Lang,
) -> Result<(ReportInput, Places), Vec<FieldError>> {
    let located = |place: &str, vi: &str, en: &str| {
        FieldError::new("file", format!("{place}: {}", lang.pick(vi, en)))
    };
    let rows = rows.map_err(|errors| {
        errors
            .iter()
            .map(|e| located(&e.place, &e.vi, &e.en))
            .collect::<Vec<_>>()
    })?;
    let mut errors = Vec::new();
    let mut cells = Places::new();
    let mut input = ReportInput::default();
    for r in rows {
        if r.period != period {
            errors.push(located(
                &r.place,
                &format!(
                    "Số liệu thuộc kỳ {} chứ không phải kỳ của báo cáo này ({period}).",
                    r.period
                ),
                &format!(
                    "The value belongs to period {}, not this report's ({period}).",
                    r.period
                ),
            ));
            continue;
        }
        let key = (r.indicator.clone(), r.unit.clone());
        if input.values.contains_key(&key) {
            errors.push(located(
                &r.place,
                "Chỉ tiêu và đơn vị này đã có ở một dòng trước.",
                "This indicator and unit already stand on an earlier line.",
            ));
            continue;
        }
        cells.insert(value_field(&r.indicator, &r.unit), r.place.clone());
        let confirmed = !r.note.trim().is_empty();
        input.values.insert(
            key,
            ValueInput {
                raw: r.value,
                note: r.note,
                confirmed,
            },
        );
    }
    if errors.is_empty() {
        Ok((input, cells))
    } else {
        Err(errors)
    }
}
