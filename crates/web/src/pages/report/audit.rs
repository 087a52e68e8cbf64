//! `/reports/{id}/audit`: every step of a report, or of one value, in words.

use crate::AppState;
use crate::auth::Authed;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use xanh_app::reporting::{self};
use xanh_core::workflow::ReportState;

fn action_label(action: &str, lang: Lang) -> &str {
    match action {
        "save" => lang.pick("Lưu", "Save"),
        "take_draft" => lang.pick("Đưa bản nháp của Xanh vào", "Took Xanh's draft"),
        "submit" => lang.pick("Gửi", "Submit"),
        "return" => lang.pick("Trả lại", "Return"),
        "accept" => lang.pick("Tiếp nhận", "Accept"),
        "reopen" => lang.pick("Mở lại", "Reopen"),
        "receive_figures" => lang.pick(
            "Nhận số liệu từ báo cáo xã đã tiếp nhận (báo cáo: số liệu)",
            "Took in an accepted commune report's figures (report: figures)",
        ),
        "return_figures" => lang.pick(
            "Trả số liệu về báo cáo xã được mở lại (báo cáo: số liệu)",
            "Gave figures back to a reopened commune report (report: figures)",
        ),
        other => other,
    }
}

/// A report state in words, a number in the user's form; other values as they are.
fn state_word(entity: &str, value: String, lang: Lang) -> String {
    match (entity, ReportState::parse(&value)) {
        ("report", Some(st)) => st.label(lang).to_string(),
        // The trail keeps "yes"/"no" language-neutral; a person reads the word.
        ("value", _) if value == "yes" => lang.pick("Có", "Yes").to_string(),
        ("value", _) if value == "no" => lang.pick("Không", "No").to_string(),
        ("value", _) => match value.parse::<f64>() {
            Ok(n) if !value.is_empty() => xanh_core::display::number(n, lang),
            _ => value,
        },
        _ => value,
    }
}

struct AuditView {
    at: String,
    actor: String,
    action: String,
    what: String,
    old: String,
    new: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    lang: Lang,
    nav: Nav,
    id: i64,
    agency: String,
    period: String,
    filter: String,
    entries: Vec<AuditView>,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    /// "INDICATOR/UNIT": the trail of one value.
    #[serde(default)]
    value: String,
}

/// `/reports/{id}/audit`: every step of the report, or of one value.
pub async fn audit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Query(q): Query<AuditQuery>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    // The trail holds draft values: only the agency and the consolidating side see it.
    let mut rows = ctx.audit_trail(&state, &session.actor, lang).await?;
    if !q.value.is_empty() {
        let wanted = format!("{id}/{}", q.value);
        rows.retain(|r| r.entity == "value" && r.entity_id == wanted);
    }
    let fw = &ctx.framework;
    Ok(render(&AuditPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        id,
        agency: fw
            .unit(&ctx.report.unit_code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_default(),
        period: lang
            .pick(&ctx.period.label_vi, &ctx.period.label_en)
            .to_string(),
        filter: q.value.clone(),
        entries: rows
            .into_iter()
            .map(|r| {
                // "REPORT/IND/UNIT" or "REPORT/OBJ/PART" → the field key the labels understand.
                let rest = r
                    .entity_id
                    .split_once('/')
                    .map(|(_, rest)| rest.replacen('/', ":", 1))
                    .unwrap_or_default();
                let what = match r.entity.as_str() {
                    "report" => lang.pick("Trạng thái báo cáo", "Report state").to_string(),
                    "value" if r.field.as_deref() == Some("note") => {
                        reporting::field_label(&format!("n:{rest}"), fw, lang)
                    }
                    "value" => reporting::field_label(&format!("v:{rest}"), fw, lang),
                    _ => reporting::field_label(&format!("t:{rest}"), fw, lang),
                };
                AuditView {
                    at: reporting::vn_time(&r.at),
                    action: action_label(&r.action, lang).to_string(),
                    what,
                    old: state_word(&r.entity, r.old_value.unwrap_or_default(), lang),
                    new: state_word(&r.entity, r.new_value.unwrap_or_default(), lang),
                    reason: r.reason.unwrap_or_default(),
                    actor: r.actor,
                }
            })
            .collect(),
    }))
}
