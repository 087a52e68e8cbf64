//! The picture over many areas (a ministry's view of every province): the
//! overview of a period, an area's page and an indicator's page. Public, like
//! /dashboard, and computed from the sums kept with every write (accepted
//! reports only), through the per-process cache of `crate::national`.

use super::{Nav, render};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::national::{Entry, Lookup};
use crate::reporting::store_error;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;
use xanh_core::national::{AreaResult, IndicatorResult};

#[derive(Deserialize, Default)]
pub struct View {
    period: Option<String>,
    framework: Option<String>,
}

pub struct Row {
    pub code: String,
    pub name: String,
    pub value: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub reported: i64,
    pub expected: i64,
}

pub struct AreaRow {
    pub code: String,
    pub name: String,
    pub units: i64,
    pub complete: usize,
    pub statuses: String,
}

fn value_text(v: Option<f64>, lang: Lang) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let r = (v * 100.0).round() / 100.0;
            match lang {
                Lang::Vi => xanh_core::number::format_vi(r),
                Lang::En => format!("{r}"),
            }
        }
    }
}

fn statuses(a: &AreaResult) -> String {
    a.by_status
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn row(r: &IndicatorResult, name: String, lang: Lang) -> Row {
    Row {
        code: r.indicator.clone(),
        name,
        value: value_text(r.value, lang),
        status: r.status.code(),
        status_label: r.status.label(lang),
        reported: r.reported,
        expected: r.expected,
    }
}

fn indicator_name(e: &Entry, code: &str, lang: Lang) -> String {
    e.framework
        .indicator(code)
        .map(|(_, i)| i.name.get(lang).to_string())
        .unwrap_or_default()
}

async fn entry(state: &AppState, view: &View, lang: Lang) -> Result<Arc<Entry>, WebError> {
    match state
        .national
        .get(
            &state.store,
            view.framework.as_deref(),
            view.period.as_deref(),
        )
        .await
        .map_err(store_error(lang))?
    {
        Lookup::Found(e) => Ok(e),
        Lookup::NoFramework => Err(WebError::not_found(
            lang,
            "Không có khung theo dõi này.",
            "No such framework.",
        )),
        Lookup::NoPeriod => Err(WebError::not_found(
            lang,
            "Không có kỳ báo cáo này.",
            "No such period.",
        )),
    }
}

#[derive(Template)]
#[template(path = "national.html")]
pub struct OverviewPage {
    lang: Lang,
    nav: Nav,
    title: String,
    framework: String,
    period: String,
    period_label: String,
    periods: Vec<(String, String)>,
    nation: AreaRow,
    rows: Vec<Row>,
    areas: Vec<AreaRow>,
}

/// Renders a page, or hands back the copy rendered for an earlier anonymous
/// visitor of the same consolidation (the entry is replaced when data change).
fn cached<T: Template>(
    e: &Entry,
    key: String,
    anonymous: bool,
    page: impl FnOnce() -> T,
) -> Response {
    use axum::response::{Html, IntoResponse};
    if !anonymous {
        return render(&page());
    }
    if let Ok(pages) = e.pages.lock()
        && let Some(body) = pages.get(&key)
    {
        return Html(body.clone()).into_response();
    }
    let page = page();
    match page.render() {
        Ok(html) => {
            let body = axum::body::Bytes::from(html);
            if let Ok(mut pages) = e.pages.lock() {
                pages.insert(key, body.clone());
            }
            Html(body).into_response()
        }
        // render() logs the failure and answers 500.
        Err(_) => render(&page),
    }
}

fn area_row(a: &AreaResult) -> AreaRow {
    AreaRow {
        code: a.code.clone(),
        name: a.name_vi.clone(),
        units: a.expected_units,
        complete: a.complete,
        statuses: statuses(a),
    }
}

/// `GET /national?period=annual-2024`: every indicator for the whole, and every area.
pub async fn overview(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let e = entry(&state, &view, lang).await?;
    let c = &e.result;
    let anonymous = session.0.is_none();
    Ok(cached(&e, format!("/{}", lang.code()), anonymous, || {
        OverviewPage {
            lang,
            nav: Nav::of(session.0.as_ref(), lang),
            title: e.framework.title.get(lang).to_string(),
            framework: e.framework.code.clone(),
            period: e.period.code.clone(),
            period_label: if lang == Lang::En {
                e.period.label_en.clone()
            } else {
                e.period.label_vi.clone()
            },
            periods: e
                .periods
                .iter()
                .map(|p| (p.code.clone(), p.year.to_string()))
                .collect(),
            nation: area_row(&c.nation),
            rows: c
                .nation
                .indicators
                .iter()
                .map(|r| row(r, indicator_name(&e, &r.indicator, lang), lang))
                .collect(),
            areas: c.areas.iter().map(area_row).collect(),
        }
    }))
}

#[derive(Template)]
#[template(path = "national_area.html")]
pub struct AreaPage {
    lang: Lang,
    nav: Nav,
    framework: String,
    period: String,
    area: AreaRow,
    rows: Vec<Row>,
}

/// `GET /national/areas/{code}?period=…`: one area's indicators.
pub async fn area(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let e = entry(&state, &view, lang).await?;
    let Some(a) = e.result.areas.iter().find(|a| a.code == code) else {
        return Err(WebError::not_found(
            lang,
            "Không có khu vực này trong khung.",
            "No such area in the framework.",
        ));
    };
    let anonymous = session.0.is_none();
    Ok(cached(
        &e,
        format!("a/{code}/{}", lang.code()),
        anonymous,
        || AreaPage {
            lang,
            nav: Nav::of(session.0.as_ref(), lang),
            framework: e.framework.code.clone(),
            period: e.period.code.clone(),
            area: area_row(a),
            rows: a
                .indicators
                .iter()
                .map(|r| row(r, indicator_name(&e, &r.indicator, lang), lang))
                .collect(),
        },
    ))
}

#[derive(Template)]
#[template(path = "national_indicator.html")]
pub struct IndicatorPage {
    lang: Lang,
    nav: Nav,
    framework: String,
    period: String,
    code: String,
    name: String,
    nation: Row,
    rows: Vec<Row>,
}

/// `GET /national/indicators/{code}?period=…`: one indicator in every area.
pub async fn indicator(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let e = entry(&state, &view, lang).await?;
    let find = |a: &AreaResult| a.indicators.iter().find(|r| r.indicator == code).cloned();
    let Some(nation) = find(&e.result.nation) else {
        return Err(WebError::not_found(
            lang,
            "Không có chỉ tiêu này trong khung.",
            "No such indicator in the framework.",
        ));
    };
    let anonymous = session.0.is_none();
    let key = format!("i/{code}/{}", lang.code());
    let rows = || {
        e.result
            .areas
            .iter()
            .filter_map(|a| {
                find(a).map(|r| {
                    let mut x = row(&r, a.name_vi.clone(), lang);
                    // The link goes to the area.
                    x.code = a.code.clone();
                    x
                })
            })
            .collect()
    };
    Ok(cached(&e, key, anonymous, || IndicatorPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        framework: e.framework.code.clone(),
        period: e.period.code.clone(),
        name: indicator_name(&e, &code, lang),
        nation: row(&nation, String::new(), lang),
        code: code.clone(),
        rows: rows(),
    }))
}
