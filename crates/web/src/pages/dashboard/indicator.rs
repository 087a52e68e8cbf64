//! `/indicators/{code}`: one indicator in full. First the status and one
//! plain sentence with a single rate needed; then the chart (a trend against
//! the target, or a timeline of states for a milestone or a qualitative
//! indicator); then the figures by year and unit. The analyst's formula sits
//! behind a "Cách tính" disclosure.

use super::standing::shown;
use super::{Loaded, View, figure, find, load, unit_name, value_text};
use crate::AppState;
use crate::auth::MaybeSession;
use xanh_app::chart::indicator::trend_upto;
use xanh_app::continued::joined;

use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use xanh_app::consolidation::{IndicatorPicture, is_milestone, latest, picture};
use xanh_core::assess::QualitativeRating;
use xanh_core::display;
use xanh_core::framework::IndicatorKind;

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    lang: Lang,
    nav: Nav,
    code: String,
    name: String,
    objective: String,
    objective_title: String,
    unit: String,
    target: String,
    year: i32,
    preview: bool,
    partial: bool,
    carry: String,
    framework: String,
    status: &'static str,
    status_label: String,
    /// The plain sentence.
    sentence: String,
    latest: Option<(String, i32)>,
    rate_needed: Option<String>,
    projected: Option<(String, i32)>,
    share_done: Option<String>,
    /// The analyst's formula and the methods' figures, behind "Cách tính".
    method: Vec<String>,
    /// Address of the chart (SVG), when there is something to draw.
    chart: Option<String>,
    /// The same measure under another framework: what the page says, and its address.
    continuity: Option<(String, String)>,
    /// Where the reporting units changed (the 2025 reorganisation): each era's
    /// years and units, when there is more than one.
    eras: Vec<String>,
    chart_is_timeline: bool,
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

/// A rate (a fraction) per year, one decimal: "4,3%".
fn rate(r: f64, lang: Lang) -> String {
    format!("{}%", display::number((r * 1000.0).round() / 10.0, lang))
}

/// The analyst's account: the explanation sentence with its formula, and the
/// figures of both methods, in words a statistician checks against progress.md.
fn method(p: &IndicatorPicture<'_>, lang: Lang) -> Vec<String> {
    let a = &p.assessment;
    let ind = p.indicator;
    let mut lines = vec![a.explanation.get(lang).to_string()];
    if let (Some(b), Some(c)) = (a.base, a.current) {
        lines.push(format!(
            "{} {} ({}); {} {} ({}).",
            lang.pick("Giá trị cơ sở", "Base value"),
            figure(ind, b.value, lang),
            b.year,
            lang.pick("giá trị hiện tại", "current value"),
            figure(ind, c.value, lang),
            c.year
        ));
    }
    if let Some(m) = &a.method_a {
        let mut s = format!(
            "{}: {} {}/{}",
            lang.pick(
                "Phương pháp A (tăng trưởng so với mức cần có)",
                "Method A (growth against growth needed)"
            ),
            lang.pick("tăng trưởng bình quân quan sát", "observed compound growth"),
            rate(m.observed, lang),
            lang.pick("năm", "year"),
        );
        if let (Some(req), Some(r)) = (m.required, m.ratio) {
            s.push_str(&format!(
                "; {} {}/{}; {} {} ({}).",
                lang.pick("mức cần có tính từ năm cơ sở", "growth needed counted from the base year"),
                rate(req, lang),
                lang.pick("năm", "year"),
                lang.pick("tỷ lệ", "ratio"),
                display::number((r * 1000.0).round() / 1000.0, lang),
                lang.pick(
                    "ngưỡng: từ 0,95 đúng tiến độ; 0,6 đến dưới 0,95 cần đẩy nhanh; 0 đến dưới 0,6 tiến bộ hạn chế; dưới 0 thụt lùi",
                    "thresholds: 0.95 or more on track; 0.6 to below 0.95 acceleration needed; 0 to below 0.6 limited; below 0 deterioration"
                )
            ));
        } else {
            s.push('.');
        }
        lines.push(s);
    }
    if let (Some(b), Some(ty)) = (&a.method_b, a.target_year) {
        let projected = figure(ind, b.projected, lang);
        let done = display::number((b.share_done * 1000.0).round() / 10.0, lang);
        lines.push(match lang {
            Lang::Vi => format!(
                "Phương pháp B (dự báo theo xu hướng): năm {ty} ước đạt {projected}; đã đi được {done}% chặng đường."
            ),
            Lang::En => format!(
                "Method B (projection of the trend): about {projected} in {ty}; {done}% of the way done."
            ),
        });
    }
    lines.extend(a.warnings.iter().map(|w| w.message(lang)));
    lines
}

/// `/indicators/{code}`: the status, the sentence, the chart, the figures.
pub async fn indicator(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
) -> Result<Response, WebError> {
    let elsewhere = super::old_link::redirect(
        &state,
        &view,
        &uri,
        |fw| fw.indicator(&code).is_some(),
        lang,
    );
    if let Some(r) = elsewhere.await? {
        return Ok(r);
    }
    let l = load(&state, &session, &view, lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let p = find(&pictures, &code, lang)?;
    let ind = p.indicator;
    let a = &p.assessment;
    let qualitative = ind.kind == IndicatorKind::Qualitative;
    let timeline = qualitative || is_milestone(ind);
    let joined = joined(&state, &l.fw, ind, lang).await?;
    let drawn_with_other = joined.as_ref().is_some_and(|j| !j.values.is_empty());
    let chart = (timeline || !p.province.is_empty() || drawn_with_other).then(|| {
        format!(
            "/indicators/{}/chart.svg?year={}{}",
            ind.code, l.year, l.carry
        )
    });
    let mut years: Vec<i32> = p
        .by_unit
        .values()
        .flat_map(|m| m.keys().copied())
        .filter(|y| *y <= l.year)
        .collect();
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
                        .map(|v| figure(ind, v.1, lang))
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    for (unit, by_year) in &p.by_unit {
        table.push((
            unit_name(&l.fw, unit, lang),
            years
                .iter()
                .map(|y| {
                    by_year
                        .get(y)
                        .map(|v| value_text(ind, v, lang))
                        .unwrap_or_default()
                })
                .collect(),
        ));
    }
    let s = shown(a.status, &ind.target, lang);
    let objective_title =
        l.fw.objectives
            .iter()
            .find(|o| o.code == p.objective)
            .map(|o| o.title.get(lang).to_string())
            .unwrap_or_default();
    Ok(render(&IndicatorPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        code: ind.code.clone(),
        name: ind.name.get(lang).to_string(),
        objective: p.objective.clone(),
        objective_title,
        unit: ind.unit.get(lang).to_string(),
        target: ind.target.describe(&ind.unit.vi, lang),
        year: l.year,
        preview: l.preview,
        partial: l.partial,
        framework: l.fw.code.clone(),
        status: s.class,
        status_label: s.label,
        sentence: xanh_core::assess::plain(a, &ind.unit).get(lang).to_string(),
        latest: latest(p, l.year).map(|(y, v)| (figure(ind, v, lang), y)),
        rate_needed: a.annual_rate_needed.map(|r| {
            format!(
                "{} {}",
                if r < 0.0 {
                    lang.pick("giảm", "down")
                } else {
                    lang.pick("tăng", "up")
                },
                rate(r.abs(), lang)
            )
        }),
        projected: a
            .method_b
            .as_ref()
            .zip(a.target_year)
            .filter(|(b, _)| b.projection != xanh_core::assess::Projection::Observed)
            .map(|(b, y)| (figure(ind, b.projected, lang), y)),
        share_done: a
            .method_b
            .as_ref()
            .map(|b| format!("{}%", display::number((b.share_done * 100.0).round(), lang))),
        method: if timeline {
            Vec::new()
        } else {
            method(p, lang)
        },
        chart,
        continuity: joined.map(|j| (j.sentence, j.href)),
        eras: super::eras::lines(&l.fw, ind, l.year, lang),
        chart_is_timeline: timeline,
        columns: years.iter().map(|y| y.to_string()).collect(),
        table,
        missing: p
            .missing
            .iter()
            .map(|u| unit_name(&l.fw, u, lang))
            .collect(),
        from_output: ind.from_output.as_ref().map(|t| t.get(lang).to_string()),
        source: ind.source.clone(),
        notes: ind.notes.iter().map(|n| n.get(lang).to_string()).collect(),
        qualitative,
        rating: p.rating.map(|r| {
            let label = QualitativeRating::from_code(&r.rating)
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
        scale: QualitativeRating::ALL
            .iter()
            .map(|r| (r.code(), r.label(lang)))
            .collect(),
        rating_error: view.error.clone(),
        agency_notes: agency_notes(&l, p, lang),
        carry: l.carry,
    }))
}

/// One line per distinct note an agency gave, naming where and when.
fn agency_notes(l: &Loaded, p: &IndicatorPicture<'_>, lang: Lang) -> Vec<String> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (u, y, n) in &p.notes {
        let place = format!("{} {y}", unit_name(&l.fw, u, lang));
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
}

/// `/indicators/{code}/chart.svg`: the chart alone, as an image.
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
    let joined = joined(&state, &l.fw, p.indicator, lang).await?;
    let svg = trend_upto(&l.fw, p, &l.ratings, l.year, joined.as_ref(), lang);
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
