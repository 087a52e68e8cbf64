//! `/periods/{id}`: every expected report with its state, timeliness and completeness.

use crate::AppState;
use crate::auth::Authed;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use xanh_app::overview::{OverviewRow, overview_rows};

/// A row as the page shows it: the link only where this person may open the report.
struct RowView {
    row: OverviewRow,
    link: Option<i64>,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    lang: Lang,
    nav: Nav,
    label: String,
    deadline: String,
    state_label: String,
    rows: Vec<RowView>,
    submitted: usize,
    expected: usize,
    late: usize,
    quality_how: String,
    /// The communes' level, per receiving department.
    levels: Vec<xanh_app::chain::LevelRow>,
}

pub async fn overview(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    if !session.actor.can_see_overview() {
        return Err(WebError::forbidden(lang));
    }
    let (period, rows) = overview_rows(&state, id, lang).await?;
    let levels = xanh_app::overview::levels(&state, id, &session.actor, lang).await?;
    let submitted = rows.iter().filter(|r| r.state.delivered()).count();
    let late = rows.iter().filter(|r| r.late).count();
    let expected = rows.len();
    let rows = rows
        .into_iter()
        .map(|row| RowView {
            link: row
                .report_id
                .filter(|_| session.actor.can_read_report(&row.unit, row.state)),
            row,
        })
        .collect();
    Ok(render(&OverviewPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        label: lang.pick(&period.label_vi, &period.label_en).to_string(),
        deadline: xanh_core::display::date_text(&period.deadline),
        state_label: period.state.label(lang).to_string(),
        expected,
        submitted,
        late,
        rows,
        quality_how: xanh_core::quality::score::how().get(lang).to_string(),
        levels,
    }))
}
