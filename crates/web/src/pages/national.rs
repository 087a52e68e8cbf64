//! The picture over many areas (a ministry's view of every province): the
//! overview of a period, an area's page and an indicator's page. Public, like
//! /dashboard, and computed from the sums kept with every write (accepted
//! reports only), through the per-process cache of `crate::national`.

use super::dashboard::standing::{Standing, bar, shown};
use super::{Nav, render};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::national::{Entry, Lookup};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;
use xanh_app::chart::bar::Bar;
use xanh_app::reporting::store_error;
use xanh_core::display;
use xanh_core::framework::Target;
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
    pub status_label: String,
    pub reported: i64,
    pub expected: i64,
}

pub struct AreaRow {
    pub code: String,
    pub name: String,
    pub units: i64,
    pub complete: usize,
    /// Indicators by status, in the fixed order from best to worst, in words.
    pub statuses: Bar,
}

/// The status counts of an area as a stacked bar with its words; the sums
/// keep them by code, and a reader must never see a code.
fn statuses(a: &AreaResult, lang: Lang) -> Bar {
    bar(
        a.by_status
            .iter()
            .flat_map(|(code, n)| std::iter::repeat_n(Standing::of_code(code), *n)),
        lang,
    )
}

fn row(e: &Entry, r: &IndicatorResult, name: String, lang: Lang) -> Row {
    let ind = e.framework.indicator(&r.indicator).map(|(_, i)| i);
    let target = ind.map(|i| i.target).unwrap_or(Target::None);
    let s = shown(r.status, &target, lang);
    Row {
        code: r.indicator.clone(),
        name,
        value: match (r.value, ind) {
            (None, _) => "—".into(),
            (Some(v), Some(i)) => display::measure(v, &i.unit.vi, lang),
            (Some(v), None) => display::number(v, lang),
        },
        status: s.class,
        status_label: s.label,
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

fn period_label(e: &Entry, lang: Lang) -> String {
    lang.pick(&e.period.label_vi, &e.period.label_en)
        .to_string()
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
/// visitor of the same consolidation (the entry is replaced when data change),
/// gzipped when the client accepts it (compressed once, not per request).
fn cached<T: Template>(
    e: &Entry,
    key: String,
    visitor: Visitor,
    page: impl FnOnce() -> T,
) -> Response {
    use axum::http::header;
    use axum::response::{Html, IntoResponse};
    if !visitor.anonymous {
        return render(&page());
    }
    let hit = e.pages.lock().ok().and_then(|p| p.get(&key).cloned());
    let (html, gz) = match hit {
        Some(both) => both,
        None => {
            let page = page();
            let Ok(html) = page.render() else {
                // render() logs the failure and answers 500.
                return render(&page);
            };
            let gz = gzip(html.as_bytes());
            let both = (axum::body::Bytes::from(html), axum::body::Bytes::from(gz));
            if let Ok(mut pages) = e.pages.lock() {
                pages.insert(key, both.clone());
            }
            both
        }
    };
    if visitor.gzip && !gz.is_empty() {
        (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_ENCODING, "gzip"),
                (header::VARY, "accept-encoding"),
            ],
            gz,
        )
            .into_response()
    } else {
        ([(header::VARY, "accept-encoding")], Html(html)).into_response()
    }
}

/// An empty result when compression fails: the page is then sent as it is.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes)
        .and_then(|_| enc.finish())
        .unwrap_or_default()
}

/// Who asks: signed in or not, and whether the client takes gzip.
#[derive(Clone, Copy)]
pub struct Visitor {
    anonymous: bool,
    gzip: bool,
}

impl Visitor {
    fn of(session: &MaybeSession, headers: &axum::http::HeaderMap) -> Visitor {
        Visitor {
            anonymous: session.0.is_none(),
            gzip: headers
                .get_all(axum::http::header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .any(|v| v.split(',').any(|c| c.trim().starts_with("gzip"))),
        }
    }
}

fn area_row(a: &AreaResult, lang: Lang) -> AreaRow {
    AreaRow {
        code: a.code.clone(),
        name: if a.code == xanh_core::national::NATION {
            lang.pick("Tổng cộng (mọi khu vực)", "All areas")
                .to_string()
        } else {
            a.name_vi.clone()
        },
        units: a.expected_units,
        complete: a.complete,
        statuses: statuses(a, lang),
    }
}

/// `GET /national?period=annual-2024`: every indicator for the whole, and every area.
pub async fn overview(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    headers: axum::http::HeaderMap,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let e = entry(&state, &view, lang).await?;
    let c = &e.result;
    let visitor = Visitor::of(&session, &headers);
    Ok(cached(&e, format!("/{}", lang.code()), visitor, || {
        OverviewPage {
            lang,
            nav: Nav::of(session.0.as_ref(), lang),
            title: e.framework.title.get(lang).to_string(),
            framework: e.framework.code.clone(),
            period: e.period.code.clone(),
            period_label: period_label(&e, lang),
            periods: e
                .periods
                .iter()
                // A year names an annual period; the mid- and end-term reports
                // share their year with one, so they keep their own words.
                .map(|p| {
                    let text = if p.kind == xanh_core::framework::ReportingTime::Annual {
                        p.year.to_string()
                    } else {
                        lang.pick(&p.label_vi, &p.label_en).to_string()
                    };
                    (p.code.clone(), text)
                })
                .collect(),
            nation: area_row(&c.nation, lang),
            rows: c
                .nation
                .indicators
                .iter()
                .map(|r| row(&e, r, indicator_name(&e, &r.indicator, lang), lang))
                .collect(),
            areas: c.areas.iter().map(|a| area_row(a, lang)).collect(),
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
    period_label: String,
    area: AreaRow,
    rows: Vec<Row>,
}

/// `GET /national/areas/{code}?period=…`: one area's indicators.
pub async fn area(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    headers: axum::http::HeaderMap,
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
    let visitor = Visitor::of(&session, &headers);
    Ok(cached(
        &e,
        format!("a/{code}/{}", lang.code()),
        visitor,
        || AreaPage {
            lang,
            nav: Nav::of(session.0.as_ref(), lang),
            framework: e.framework.code.clone(),
            period: e.period.code.clone(),
            area: area_row(a, lang),
            period_label: period_label(&e, lang),
            rows: a
                .indicators
                .iter()
                .map(|r| row(&e, r, indicator_name(&e, &r.indicator, lang), lang))
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
    period_label: String,
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
    headers: axum::http::HeaderMap,
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
    let visitor = Visitor::of(&session, &headers);
    let key = format!("i/{code}/{}", lang.code());
    let rows = || {
        e.result
            .areas
            .iter()
            .filter_map(|a| {
                find(a).map(|r| {
                    let mut x = row(&e, &r, a.name_vi.clone(), lang);
                    // The link goes to the area.
                    x.code = a.code.clone();
                    x
                })
            })
            .collect()
    };
    Ok(cached(&e, key, visitor, || IndicatorPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        framework: e.framework.code.clone(),
        period: e.period.code.clone(),
        name: indicator_name(&e, &code, lang),
        nation: row(&e, &nation, String::new(), lang),
        period_label: period_label(&e, lang),
        code: code.clone(),
        rows: rows(),
    }))
}
