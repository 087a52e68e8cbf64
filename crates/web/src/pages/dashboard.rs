//! The province's picture: the overview of a year and the page of an
//! indicator. Public: anyone may read them, and they show only accepted
//! reports. The consolidator may preview with submitted reports included,
//! clearly marked.

use super::{Nav, render};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::chart::{Trend, trend_svg};
use crate::consolidation::{IndicatorPicture, latest, picture};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::reporting::store_error;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use std::collections::BTreeMap;
use xanh_core::assess::Status;
use xanh_core::framework::{Framework, number};
use xanh_core::report::Value;

#[derive(Deserialize, Default)]
pub struct View {
    year: Option<i32>,
    #[serde(default)]
    preview: Option<String>,
    /// A message after a refused rating.
    #[serde(default)]
    error: Option<String>,
}

const RATINGS: [xanh_core::assess::QualitativeRating; 4] = [
    xanh_core::assess::QualitativeRating::Achieved,
    xanh_core::assess::QualitativeRating::LargelyAchieved,
    xanh_core::assess::QualitativeRating::PartlyAchieved,
    xanh_core::assess::QualitativeRating::NotAchieved,
];

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    year: i32,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    justification: String,
}

/// `POST /indicators/{code}/rating`: the consolidator rates a qualitative indicator, with a justification.
pub async fn rate(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(code): Path<String>,
    crate::auth::CsrfForm { session, form }: crate::auth::CsrfForm<RatingForm>,
) -> Result<Response, WebError> {
    use axum::response::{IntoResponse, Redirect};
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let Some(first) = state
        .store
        .frameworks()
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .next()
    else {
        return Err(WebError::not_found(lang, "Chưa có khung.", "No framework."));
    };
    let fw = state
        .store
        .framework(&first.code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let qualitative = fw
        .indicator(&code)
        .is_some_and(|(_, i)| i.kind == xanh_core::framework::IndicatorKind::Qualitative);
    if !qualitative {
        return Err(WebError::not_found(
            lang,
            "Không có chỉ tiêu định tính này.",
            "No such qualitative indicator.",
        ));
    }
    let back = |error: Option<&str>| {
        let e = error
            .map(|m| format!("&error={}", crate::auth::encode(m)))
            .unwrap_or_default();
        Redirect::to(&format!("/indicators/{code}?year={}{e}", form.year)).into_response()
    };
    let justification = form.justification.trim();
    if xanh_core::assess::QualitativeRating::from_code(&form.rating).is_none()
        || !fw.plan.contains(form.year)
    {
        return Ok(back(Some(lang.pick(
            "Hãy chọn một mức đánh giá và năm hợp lệ.",
            "Choose a rating and a valid year.",
        ))));
    }
    if justification.chars().count() < 10 || justification.chars().count() > 5000 {
        return Ok(back(Some(lang.pick(
            "Cần ghi lý do đánh giá (10–5.000 ký tự).",
            "A justification is required (10–5,000 characters).",
        ))));
    }
    state
        .store
        .rate(
            &fw.code,
            &code,
            form.year,
            &form.rating,
            justification,
            &session.actor,
        )
        .await
        .map_err(store_error(lang))?;
    Ok(back(None))
}

struct Loaded {
    fw: Framework,
    values: Vec<xanh_store::PublishedValue>,
    ratings: Vec<xanh_store::RatingRow>,
    year: i32,
    years: Vec<i32>,
    preview: bool,
}

async fn load(
    state: &AppState,
    session: &MaybeSession,
    view: &View,
    lang: Lang,
) -> Result<Loaded, WebError> {
    // Only the consolidator may see submitted, not yet accepted, figures.
    let preview =
        view.preview.is_some() && session.0.as_ref().is_some_and(|s| s.actor.can_review());
    let crate::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = crate::consolidation::published(state, preview, lang).await?;
    let mut years: Vec<i32> = values.iter().map(|v| v.year).collect();
    years.sort_unstable();
    years.dedup();
    let year = view
        .year
        .filter(|y| fw.plan.contains(*y))
        .or(years.last().copied())
        .unwrap_or(fw.plan.to);
    Ok(Loaded {
        fw,
        values,
        ratings,
        year,
        years,
        preview,
    })
}

struct Row {
    code: String,
    name: String,
    target: String,
    value: String,
    value_year: String,
    status: String,
    status_label: String,
    missing: usize,
}

/// An agency's report for the year as the public may see it: accepted or not,
/// on time or late, and (once accepted) how complete.
struct AgencyLine {
    code: String,
    name: String,
    accepted: bool,
    late: bool,
    completeness: String,
}

struct ObjectiveBlock {
    /// The section heading, on the first objective of each section.
    section: Option<String>,
    code: String,
    title: String,
    rows: Vec<Row>,
    counts: Vec<(String, String, usize)>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    lang: Lang,
    nav: Nav,
    title: String,
    year: i32,
    years: Vec<i32>,
    preview: bool,
    can_preview: bool,
    totals: Vec<(String, String, usize)>,
    objectives: Vec<ObjectiveBlock>,
    /// The agencies expected to report for the year.
    agencies: Vec<AgencyLine>,
}

fn shown(p: &IndicatorPicture<'_>, year: i32, lang: Lang) -> (String, String) {
    match latest(p, year) {
        Some((y, v)) => {
            let text = if crate::consolidation::is_milestone(p.indicator) {
                lang.pick(
                    if v >= 1.0 { "Có" } else { "Chưa" },
                    if v >= 1.0 { "Yes" } else { "Not yet" },
                )
                .to_string()
            } else {
                format!(
                    "{}{}",
                    number((v * 100.0).round() / 100.0, lang),
                    if p.indicator.unit.vi == "%" { "%" } else { "" }
                )
            };
            (text, y.to_string())
        }
        None => ("—".into(), String::new()),
    }
}

fn counts(statuses: &[Status], lang: Lang) -> Vec<(String, String, usize)> {
    let mut by: BTreeMap<&'static str, (String, usize)> = BTreeMap::new();
    for s in statuses {
        let e = by.entry(s.code()).or_insert((s.label(lang).to_string(), 0));
        e.1 += 1;
    }
    by.into_iter()
        .map(|(code, (label, n))| (code.to_string(), label, n))
        .collect()
}

/// `/dashboard`: every objective's indicators with their status for a year.
pub async fn dashboard(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let l = load(&state, &session, &view, lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let mut objectives = Vec::new();
    let mut all = Vec::new();
    for o in &l.fw.objectives {
        let mine: Vec<&IndicatorPicture<'_>> =
            pictures.iter().filter(|p| p.objective == o.code).collect();
        let statuses: Vec<Status> = mine.iter().map(|p| p.assessment.status).collect();
        all.extend(statuses.iter().copied());
        let first_of_section =
            l.fw.objectives
                .iter()
                .find(|x| x.section == o.section)
                .map(|x| &x.code)
                == Some(&o.code);
        let section =
            first_of_section.then(
                || match o.section.as_deref().and_then(|c| l.fw.section(c)) {
                    Some(sec) => format!("{}. {}", sec.code, sec.title.get(lang)),
                    None => lang
                        .pick(
                            "Không thuộc mục nào trong văn bản gốc",
                            "Under no section in the source",
                        )
                        .to_string(),
                },
            );
        objectives.push(ObjectiveBlock {
            section,
            code: o.code.clone(),
            title: o.title.get(lang).to_string(),
            counts: counts(&statuses, lang),
            rows: mine
                .iter()
                .map(|p| {
                    let (value, value_year) = shown(p, l.year, lang);
                    Row {
                        code: p.indicator.code.clone(),
                        name: p.indicator.name.get(lang).to_string(),
                        target: p.indicator.target.describe(&p.indicator.unit.vi, lang),
                        value,
                        value_year,
                        status: p.assessment.status.code().to_string(),
                        status_label: p.assessment.status.label(lang).to_string(),
                        missing: p.missing.len(),
                    }
                })
                .collect(),
        });
    }
    // Completeness and timeliness of the agencies' reports for the year. The
    // public learns only whether each was accepted and on time, nothing of drafts.
    let mut agencies = Vec::new();
    let periods = state
        .store
        .periods(&l.fw.code)
        .await
        .map_err(store_error(lang))?;
    if let Some(p) = periods
        .iter()
        .find(|p| p.kind == "annual" && p.year == i64::from(l.year))
    {
        let (_, rows) = crate::pages::work::overview_rows(&state, p.id, lang).await?;
        for r in rows {
            let accepted = r.state == "accepted";
            agencies.push(AgencyLine {
                code: r.unit,
                name: r.unit_name,
                accepted,
                late: r.late,
                completeness: if accepted {
                    r.completeness
                } else {
                    String::new()
                },
            });
        }
    }
    Ok(render(&DashboardPage {
        agencies,
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        title: l.fw.title.get(lang).to_string(),
        year: l.year,
        years: l.years,
        preview: l.preview,
        can_preview: session.0.as_ref().is_some_and(|s| s.actor.can_review()),
        totals: counts(&all, lang),
        objectives,
    }))
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    lang: Lang,
    nav: Nav,
    code: String,
    name: String,
    objective: String,
    unit: String,
    target: String,
    year: i32,
    preview: bool,
    status: String,
    status_label: String,
    explanation: String,
    rate_needed: Option<String>,
    projected: Option<String>,
    share_done: Option<String>,
    /// Address of the trend chart (SVG), when there is a series to draw.
    chart: Option<String>,
    columns: Vec<String>,
    table: Vec<(String, Vec<String>)>,
    missing: Vec<String>,
    from_output: Option<String>,
    source: Option<String>,
    notes: Vec<String>,
    agency_notes: Vec<String>,
    qualitative: bool,
    rating: Option<(String, String, String)>,
    can_rate: bool,
    csrf: String,
    scale: Vec<(&'static str, &'static str)>,
    rating_error: Option<String>,
}

/// `/indicators/{code}`: the trend, the values by year and unit, the status and how it was reached.
pub async fn indicator(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let l = load(&state, &session, &view, lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let p = find(&pictures, &code, lang)?;
    let ind = p.indicator;
    let a = &p.assessment;
    let unit_name = |c: &str| {
        if c == l.fw.issuer {
            lang.pick("Toàn tỉnh", "Province").to_string()
        } else {
            l.fw.unit(c)
                .map(|u| u.short().get(lang).to_string())
                .unwrap_or_else(|| c.to_string())
        }
    };
    let pct = |f: f64| format!("{}%", number((f * 1000.0).round() / 10.0, lang));
    let chart = (!p.province.is_empty()).then(|| {
        let y = if view.year.is_some() {
            format!("&year={}", l.year)
        } else {
            String::new()
        };
        let pv = if l.preview { "&preview=1" } else { "" };
        format!(
            "/indicators/{}/chart.svg?lang={}{y}{pv}",
            ind.code,
            lang.code()
        )
    });
    let mut years: Vec<i32> = p.by_unit.values().flat_map(|m| m.keys().copied()).collect();
    years.sort_unstable();
    years.dedup();
    let mut table: Vec<(String, Vec<String>)> = Vec::new();
    if ind.reported_by_units {
        table.push((
            lang.pick("Toàn tỉnh (tổng hợp)", "Province (aggregate)")
                .to_string(),
            years
                .iter()
                .map(|y| {
                    p.province
                        .iter()
                        .find(|v| v.0 == *y)
                        .map(|v| number((v.1 * 100.0).round() / 100.0, lang))
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    for (unit, by_year) in &p.by_unit {
        table.push((
            unit_name(unit),
            years
                .iter()
                .map(|y| {
                    by_year
                        .get(y)
                        .map(|v: &Value| v.display(lang))
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    Ok(render(&IndicatorPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        code: ind.code.clone(),
        name: ind.name.get(lang).to_string(),
        objective: p.objective.clone(),
        unit: ind.unit.get(lang).to_string(),
        target: ind.target.describe(&ind.unit.vi, lang),
        year: l.year,
        preview: l.preview,
        status: a.status.code().to_string(),
        status_label: a.status.label(lang).to_string(),
        explanation: a.explanation.get(lang).to_string(),
        rate_needed: a.annual_rate_needed.map(pct),
        projected: a
            .method_b
            .as_ref()
            .map(|b| number((b.projected * 100.0).round() / 100.0, lang)),
        share_done: a.method_b.as_ref().map(|b| pct(b.share_done)),
        chart,
        columns: years.iter().map(|y| y.to_string()).collect(),
        table,
        missing: p.missing.iter().map(|u| unit_name(u)).collect(),
        from_output: ind.from_output.as_ref().map(|t| t.get(lang).to_string()),
        source: ind.source.clone(),
        notes: ind.notes.iter().map(|n| n.get(lang).to_string()).collect(),
        qualitative: ind.kind == xanh_core::framework::IndicatorKind::Qualitative,
        rating: p.rating.map(|r| {
            let label = xanh_core::assess::QualitativeRating::from_code(&r.rating)
                .map(|q| q.label(lang))
                .unwrap_or("");
            (
                format!("{label} ({})", r.year),
                r.justification.clone(),
                r.rated_by.clone().unwrap_or_default(),
            )
        }),
        can_rate: session.0.as_ref().is_some_and(|s| s.actor.can_review()),
        csrf: session
            .0
            .as_ref()
            .and_then(|s| s.csrf.clone())
            .unwrap_or_default(),
        scale: RATINGS.iter().map(|r| (r.code(), r.label(lang))).collect(),
        rating_error: view.error.clone(),
        agency_notes: {
            // One line per distinct note, naming where and when it was given.
            let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
            for (u, y, n) in &p.notes {
                let place = format!("{} {y}", unit_name(u));
                match grouped.iter_mut().find(|(text, _)| text == n) {
                    Some((_, places)) => places.push(place),
                    None => grouped.push((n.clone(), vec![place])),
                }
            }
            grouped
                .into_iter()
                .map(|(n, places)| match places.len() {
                    1 => format!("{n} ({})", places[0]),
                    k => format!("{n} ({k} {})", lang.pick("giá trị", "values")),
                })
                .collect()
        },
    }))
}

/// The trend chart of an indicator's province series (SVG).
pub fn trend(fw: &Framework, p: &IndicatorPicture<'_>, lang: Lang) -> String {
    let ind = p.indicator;
    let a = &p.assessment;
    let current = a.current.map(|c| (c.year, c.value));
    let target = a.target_value.zip(a.target_year).map(|(v, y)| (y, v));
    let first = p.province.first().map(|v| v.0).unwrap_or(fw.plan.from);
    trend_svg(&Trend {
        title: &format!("{} {}", ind.code, ind.name.get(lang)),
        unit: &ind.unit.vi,
        values: &p.province,
        target,
        baseline: ind.baseline.map(|b| (b.year, b.value)),
        needed: current
            .zip(target)
            .filter(|_| a.annual_rate_needed.is_some())
            .map(|(c, t)| [c, t]),
        projection: current
            .zip(a.method_b.as_ref())
            .zip(a.target_year)
            .filter(|((c, _), ty)| c.0 < *ty)
            .map(|((c, b), ty)| [c, (ty, b.projected)]),
        years: (first.min(fw.plan.to), fw.plan.to),
        lang,
    })
}

/// `/indicators/{code}/chart.svg`: the trend chart alone, as an image.
pub async fn chart(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    use axum::response::IntoResponse;
    let l = load(&state, &session, &view, lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let p = find(&pictures, &code, lang)?;
    let svg = trend(&l.fw, p, lang);
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "image/svg+xml; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response())
}

struct UnitRow {
    code: String,
    name: String,
    value: String,
    status: String,
    status_label: String,
}

struct UnitReport {
    period: String,
    state: String,
    state_label: String,
    late: bool,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    lang: Lang,
    nav: Nav,
    name: String,
    year: i32,
    dates: String,
    leads: Vec<(String, String)>,
    coordinates: Vec<(String, String)>,
    rows: Vec<UnitRow>,
    reports: Vec<UnitReport>,
    notes: Vec<String>,
}

/// `/units/{code}`: an agency or district: its objectives, values, statuses and reports.
pub async fn unit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, WebError> {
    let l = load(&state, &session, &view, lang).await?;
    let Some(u) = l.fw.unit(&code) else {
        return Err(WebError::not_found(
            lang,
            format!("Không có đơn vị \"{code}\"."),
            format!("There is no unit \"{code}\"."),
        ));
    };
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let lead_of = |o: &xanh_core::framework::Objective| {
        o.lead.as_deref().unwrap_or(&l.fw.consolidator) == code
    };
    let leads: Vec<(String, String)> =
        l.fw.objectives
            .iter()
            .filter(|o| lead_of(o))
            .map(|o| (o.code.clone(), o.title.get(lang).to_string()))
            .collect();
    let coordinates: Vec<(String, String)> =
        l.fw.objectives
            .iter()
            .filter(|o| o.coordinating.contains(&code))
            .map(|o| (o.code.clone(), o.title.get(lang).to_string()))
            .collect();
    let mut rows = Vec::new();
    for p in &pictures {
        if u.is_territorial() {
            // A district: its own figures of the indicators units report, assessed on its own series.
            let Some(own) = p.by_unit.get(&code) else {
                continue;
            };
            let series: Vec<(i32, f64)> = own
                .iter()
                .filter_map(|(y, v)| match v {
                    Value::Number(n) => Some((*y, *n)),
                    Value::YesNo(b) => Some((*y, f64::from(u8::from(*b)))),
                    Value::Text(_) => None,
                })
                .collect();
            let a = xanh_core::assess::assess_indicator(
                p.indicator,
                &xanh_core::assess::Series::new(series).unwrap_or_default(),
                l.year,
            );
            rows.push(UnitRow {
                code: p.indicator.code.clone(),
                name: p.indicator.name.get(lang).to_string(),
                value: own
                    .range(..=l.year)
                    .next_back()
                    .map(|(y, v)| format!("{} ({y})", v.display(lang)))
                    .unwrap_or_else(|| "—".into()),
                status: a.status.code().to_string(),
                status_label: a.status.label(lang).to_string(),
            });
        } else if leads.iter().any(|(c, _)| *c == p.objective) {
            let (value, y) = shown(p, l.year, lang);
            rows.push(UnitRow {
                code: p.indicator.code.clone(),
                name: p.indicator.name.get(lang).to_string(),
                value: if y.is_empty() {
                    value
                } else {
                    format!("{value} ({y})")
                },
                status: p.assessment.status.code().to_string(),
                status_label: p.assessment.status.label(lang).to_string(),
            });
        }
    }
    // Reports: the public sees accepted ones; the agency and the consolidating side see all.
    let sees_all = session.0.as_ref().is_some_and(|s| {
        s.actor.can_see_overview() || s.actor.unit.as_deref() == Some(code.as_str())
    });
    let mut reports = Vec::new();
    let now = time::OffsetDateTime::now_utc();
    for p in state
        .store
        .periods(&l.fw.code)
        .await
        .map_err(store_error(lang))?
    {
        let found = state
            .store
            .reports_of_period(p.id)
            .await
            .map_err(store_error(lang))?
            .into_iter()
            .find(|r| r.unit_code == code);
        if let Some(r) = found {
            let st = r.state();
            if sees_all || st == xanh_core::workflow::ReportState::Accepted {
                reports.push(UnitReport {
                    period: lang.pick(&p.label_vi, &p.label_en).to_string(),
                    state: st.as_str().to_string(),
                    state_label: st.label(lang).to_string(),
                    late: crate::reporting::is_late(
                        st,
                        r.submitted_at.as_deref(),
                        &p.deadline,
                        now,
                    ),
                });
            }
        }
    }
    let vn = |d: Option<time::Date>| {
        d.map(xanh_core::framework::vn_date)
            .unwrap_or_else(|| "…".into())
    };
    Ok(render(&UnitPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        name: u.name.get(lang).to_string(),
        year: l.year,
        dates: if u.valid_from.is_none() && u.valid_to.is_none() {
            String::new()
        } else {
            format!("{} – {}", vn(u.valid_from), vn(u.valid_to))
        },
        leads,
        coordinates,
        rows,
        reports,
        notes: u.notes.iter().map(|n| n.get(lang).to_string()).collect(),
    }))
}

/// The picture of one indicator, or a 404 that names the code asked for.
fn find<'p, 'a>(
    pictures: &'p [IndicatorPicture<'a>],
    code: &str,
    lang: Lang,
) -> Result<&'p IndicatorPicture<'a>, WebError> {
    pictures
        .iter()
        .find(|p| p.indicator.code == code)
        .ok_or_else(|| {
            WebError::not_found(
                lang,
                format!("Không có chỉ tiêu \"{code}\"."),
                format!("There is no indicator \"{code}\"."),
            )
        })
}
