//! The working pages: an officer's home, the periods, the consolidator's
//! overview of a period, and contributions of coordinating agencies.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, CsrfForm};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::reporting::{is_late, parse_iso_date, reporting_time, store_error};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_core::framework::Framework;
use xanh_core::report::{completeness, expected_agencies, scope};
use xanh_core::workflow::{PeriodState, ReportState};
use xanh_store::PeriodRow;

/// One period as listed.
pub struct PeriodItem {
    pub id: i64,
    pub framework: String,
    pub label: String,
    pub deadline: String,
    pub state: String,
    pub state_label: String,
    /// For an officer: their agency's report in it.
    pub my_state: Option<String>,
    pub my_state_label: Option<String>,
    pub overdue: bool,
    pub expected_of_me: bool,
}

pub fn vn(iso: &str) -> String {
    parse_iso_date(iso)
        .map(xanh_core::framework::vn_date)
        .unwrap_or_else(|| iso.to_string())
}

async fn all_periods(
    state: &AppState,
    lang: Lang,
) -> Result<Vec<(Framework, PeriodRow)>, WebError> {
    let mut out = Vec::new();
    for f in state.store.frameworks().await.map_err(store_error(lang))? {
        let fw = state
            .store
            .framework(&f.code, None)
            .await
            .map_err(store_error(lang))?
            .framework;
        for p in state
            .store
            .periods(&f.code)
            .await
            .map_err(store_error(lang))?
        {
            out.push((fw.clone(), p));
        }
    }
    Ok(out)
}

async fn period_items(
    state: &AppState,
    session: &crate::auth::Session,
    lang: Lang,
) -> Result<Vec<PeriodItem>, WebError> {
    let now = time::OffsetDateTime::now_utc();
    let mut items = Vec::new();
    for (fw, p) in all_periods(state, lang).await? {
        let unit = session.actor.unit.clone();
        let expected_of_me = unit
            .as_ref()
            .is_some_and(|u| expected_agencies(&fw, reporting_time(&p.kind)).contains(u));
        let mine = match (&unit, expected_of_me) {
            (Some(u), true) => state
                .store
                .reports_of_period(p.id)
                .await
                .map_err(store_error(lang))?
                .into_iter()
                .find(|r| &r.unit_code == u),
            _ => None,
        };
        let my_state = expected_of_me.then(|| {
            mine.as_ref()
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted)
        });
        let period_state = PeriodState::parse(&p.state).unwrap_or(PeriodState::Planned);
        items.push(PeriodItem {
            id: p.id,
            framework: fw.code.clone(),
            label: lang.pick(&p.label_vi, &p.label_en).to_string(),
            deadline: vn(&p.deadline),
            state: p.state.clone(),
            state_label: period_state.label(lang).to_string(),
            my_state: my_state.map(|s| s.as_str().to_string()),
            my_state_label: my_state.map(|s| s.label(lang).to_string()),
            overdue: my_state.is_some_and(|s| {
                period_state == PeriodState::Open
                    && is_late(
                        s,
                        mine.as_ref().and_then(|r| r.submitted_at.as_deref()),
                        &p.deadline,
                        now,
                    )
                    && !s.delivered()
            }),
            expected_of_me,
        });
    }
    Ok(items)
}

/// An objective led by another agency that the officer's agency coordinates.
struct ContributionItem {
    period_id: i64,
    period: String,
    objective: String,
    title: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: Lang,
    nav: Nav,
    name: String,
    contribute: Vec<ContributionItem>,
    is_officer: bool,
    can_review: bool,
    due: Vec<PeriodItem>,
    open: Vec<PeriodItem>,
}

/// `/home`: what is due, by when, in what state; overdue items stand out.
pub async fn home(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let items = period_items(&state, &session, lang).await?;
    let mut contribute = Vec::new();
    if session.actor.role == xanh_core::access::Role::Officer {
        for (fw, p) in all_periods(&state, lang).await? {
            if p.state != "open" {
                continue;
            }
            for o in fw
                .objectives
                .iter()
                .filter(|o| o.reporting.contains(&reporting_time(&p.kind)))
            {
                if session.actor.can_contribute(&o.coordinating) {
                    contribute.push(ContributionItem {
                        period_id: p.id,
                        period: lang.pick(&p.label_vi, &p.label_en).to_string(),
                        objective: o.code.clone(),
                        title: o.title.get(lang).to_string(),
                    });
                }
            }
        }
    }
    let (due, open): (Vec<_>, Vec<_>) = items
        .into_iter()
        .filter(|i| i.state == "open")
        .partition(|i| i.expected_of_me);
    Ok(render(&HomePage {
        lang,
        nav: Nav::of(Some(&session), lang),
        name: session.user.display_name.clone(),
        contribute,
        is_officer: session.actor.role == xanh_core::access::Role::Officer,
        can_review: session.actor.can_review(),
        due,
        open,
    }))
}

#[derive(Template)]
#[template(path = "periods.html")]
struct PeriodsPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    can_review: bool,
    can_see_overview: bool,
    periods: Vec<PeriodItem>,
}

pub async fn periods(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let periods = period_items(&state, &session, lang).await?;
    Ok(render(&PeriodsPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        can_review: session.actor.can_review(),
        can_see_overview: session.actor.can_see_overview(),
        periods,
    }))
}

#[derive(Deserialize)]
pub struct Empty {}

/// `POST /periods/{id}/open` and `/close`: the consolidator's.
pub async fn set_state(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path((id, to)): Path<(i64, String)>,
    CsrfForm { session, .. }: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let target = match to.as_str() {
        "open" => PeriodState::Open,
        "close" => PeriodState::Closed,
        _ => {
            return Err(WebError::not_found(
                lang,
                "Không có thao tác này.",
                "No such action.",
            ));
        }
    };
    state
        .store
        .set_period_state(id, target, &session.actor)
        .await
        .map_err(store_error(lang))?;
    Ok(Redirect::to("/periods").into_response())
}

/// A row of the consolidator's overview.
pub struct OverviewRow {
    pub unit: String,
    pub unit_name: String,
    pub report_id: Option<i64>,
    pub state: String,
    pub state_label: String,
    pub submitted: String,
    pub late: bool,
    pub completeness: String,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    lang: Lang,
    nav: Nav,
    label: String,
    deadline: String,
    state_label: String,
    rows: Vec<OverviewRow>,
    submitted: usize,
    expected: usize,
}

pub async fn overview_rows(
    state: &AppState,
    period_id: i64,
    lang: Lang,
) -> Result<(PeriodRow, Vec<OverviewRow>), WebError> {
    let (code, period) = state.store.period(period_id).await.map_err(|e| match e {
        xanh_store::StoreError::NotFound(_) => {
            WebError::not_found(lang, "Không có kỳ báo cáo này.", "No such period.")
        }
        e => WebError::from_store(e, lang),
    })?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let time = reporting_time(&period.kind);
    let data_to = parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    let reports = state
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?;
    let values = state
        .store
        .values_of_period(period_id)
        .await
        .map_err(store_error(lang))?;
    let now = time::OffsetDateTime::now_utc();
    let rows = expected_agencies(&fw, time)
        .into_iter()
        .map(|unit| {
            let report = reports.iter().find(|r| r.unit_code == unit);
            let st = report.map(|r| r.state()).unwrap_or(ReportState::NotStarted);
            let slots: Vec<(String, String)> = scope(&fw, &unit, time, data_to)
                .into_iter()
                .flat_map(|o| o.slots.into_iter().map(|s| (s.indicator, s.unit)))
                .collect();
            let filled = slots
                .iter()
                .filter(|(i, u)| {
                    values
                        .iter()
                        .any(|v| &v.indicator_code == i && &v.unit_code == u && v.value.is_some())
                })
                .count();
            OverviewRow {
                unit_name: fw
                    .unit(&unit)
                    .map(|u| u.short().get(lang).to_string())
                    .unwrap_or_else(|| unit.clone()),
                unit,
                report_id: report.map(|r| r.id),
                state: st.as_str().to_string(),
                state_label: st.label(lang).to_string(),
                submitted: report
                    .and_then(|r| r.submitted_at.clone())
                    .map(|s| s.replace('T', " ").trim_end_matches('Z').to_string())
                    .unwrap_or_default(),
                late: is_late(
                    st,
                    report.and_then(|r| r.submitted_at.as_deref()),
                    &period.deadline,
                    now,
                ),
                completeness: format!(
                    "{:.0}% ({filled}/{})",
                    completeness(slots.len(), filled) * 100.0,
                    slots.len()
                ),
            }
        })
        .collect();
    Ok((period, rows))
}

/// `/periods/{id}`: every expected report with its state, timeliness and completeness.
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
    let submitted = rows
        .iter()
        .filter(|r| r.state == "submitted" || r.state == "accepted")
        .count();
    Ok(render(&OverviewPage {
        lang,
        nav: Nav::of(Some(&session), lang),
        label: lang.pick(&period.label_vi, &period.label_en).to_string(),
        deadline: vn(&period.deadline),
        state_label: PeriodState::parse(&period.state)
            .unwrap_or(PeriodState::Planned)
            .label(lang)
            .to_string(),
        expected: rows.len(),
        submitted,
        rows,
    }))
}

/// `/periods/{id}/my-report`: an officer's report for the period, made on first visit.
pub async fn my_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let report = ensure_own_report(&state, &session.actor, id, lang).await?;
    let suffix = if lang == Lang::En { "?lang=en" } else { "" };
    Ok(Redirect::to(&format!("/reports/{}{suffix}", report.id)).into_response())
}

/// The acting officer's report for a period, if their agency is expected to report in it.
pub async fn ensure_own_report(
    state: &AppState,
    actor: &xanh_core::access::Actor,
    period_id: i64,
    lang: Lang,
) -> Result<xanh_store::ReportRow, WebError> {
    let Some(unit) = actor
        .unit
        .clone()
        .filter(|_| actor.role == xanh_core::access::Role::Officer)
    else {
        return Err(WebError::forbidden(lang));
    };
    let (code, period) = state.store.period(period_id).await.map_err(|e| match e {
        xanh_store::StoreError::NotFound(_) => {
            WebError::not_found(lang, "Không có kỳ báo cáo này.", "No such period.")
        }
        e => WebError::from_store(e, lang),
    })?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    if !expected_agencies(&fw, reporting_time(&period.kind)).contains(&unit) {
        return Err(WebError::not_found(
            lang,
            "Đơn vị của bạn không phải báo cáo trong kỳ này.",
            "Your agency does not report in this period.",
        ));
    }
    state
        .store
        .ensure_report(period_id, &unit)
        .await
        .map_err(store_error(lang))
}
