//! A department's report with communes below it: the list of their reports
//! on its page, and the confirmation it gives before sending its own while
//! some of them are not accepted, naming each.

use crate::auth::Session;
use crate::lang::Lang;
use crate::pages::confirm::Confirm;
use crate::pages::{Nav, render};
use axum::response::Response;
use xanh_app::chain::Below;
use xanh_app::reporting::ReportContext;
use xanh_core::workflow::ReportState;

/// One lower report as the department's page lists it.
pub struct BelowLine {
    pub name: String,
    pub state: String,
    pub state_label: String,
    pub link: String,
    pub late: bool,
}

/// The list with its counts.
pub struct BelowView {
    pub deadline: String,
    pub total: usize,
    pub accepted: usize,
    pub waiting: usize,
    pub late: usize,
    /// Those waiting for the department's review first, then the rest by name.
    pub lines: Vec<BelowLine>,
}

pub fn view(below: &Below, lang: Lang) -> BelowView {
    let mut rows: Vec<_> = below.rows.iter().collect();
    rows.sort_by_key(|r| {
        (
            r.state != ReportState::Submitted,
            r.state == ReportState::Accepted,
        )
    });
    BelowView {
        deadline: xanh_core::display::date_text(&below.deadline),
        total: below.rows.len(),
        accepted: below.count(ReportState::Accepted),
        waiting: below.count(ReportState::Submitted),
        late: below.late(),
        lines: rows
            .into_iter()
            .map(|r| BelowLine {
                name: r.name.clone(),
                state: r.state.as_str().to_string(),
                state_label: r.state.label(lang).to_string(),
                link: r
                    .report
                    .map(|id| format!("/reports/{id}"))
                    .unwrap_or_default(),
                late: r.late,
            })
            .collect(),
    }
}

/// Asked before a department sends its report while lower reports are not
/// accepted: each is named, and the list is kept with the report.
pub fn confirm_missing(
    session: &Session,
    ctx: &ReportContext,
    below: &Below,
    lang: Lang,
    version: Option<i64>,
) -> Response {
    let missing = below.missing();
    let mut hidden = vec![("missing-ok".to_string(), "yes".to_string())];
    if let Some(v) = version {
        hidden.push(("version".to_string(), v.to_string()));
    }
    render(&Confirm {
        lang,
        nav: Nav::of(Some(session), lang),
        title: match lang {
            Lang::Vi => format!(
                "Gửi báo cáo khi còn thiếu {} / {} báo cáo cấp xã?",
                missing.len(),
                below.rows.len()
            ),
            Lang::En => format!(
                "Send the report with {} of {} commune reports missing?",
                missing.len(),
                below.rows.len()
            ),
        },
        what: vec![
            match lang {
                Lang::Vi => format!("Chưa tiếp nhận: {}.", below.missing_text(lang)),
                Lang::En => format!("Not accepted: {}.", below.missing_text(lang)),
            },
            lang.pick(
                "Số liệu của các xã này không có trong báo cáo của sở. Danh sách trên được lưu kèm báo cáo và cơ quan tổng hợp sẽ thấy.",
                "These communes' figures are not in the department's report. The list above is kept with the report, and the consolidator will see it.",
            )
            .to_string(),
            lang.pick(
                "Sau khi gửi, sở không tiếp nhận thêm báo cáo xã cho đến khi cơ quan tổng hợp trả lại báo cáo của sở.",
                "Once sent, the department takes in no more commune reports until the consolidator returns its report.",
            )
            .to_string(),
        ],
        action: format!("/reports/{}/submit", ctx.report.id),
        csrf: session.csrf.clone().unwrap_or_default(),
        hidden,
        button: lang
            .pick("Gửi báo cáo, nêu rõ các xã còn thiếu", "Send, naming the missing communes")
            .to_string(),
        cancel: format!("/reports/{}", ctx.report.id),
    })
}
