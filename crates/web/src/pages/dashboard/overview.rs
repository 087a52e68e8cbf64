//! `/dashboard`: the year at a glance. Each objective is one row with its
//! indicators' statuses as a stacked bar; each indicator a sparkline of its
//! series against its target; the statuses over the years; and whether the
//! agencies' reports came in complete and on time. Detail is one click away,
//! on the indicator's own page.

use super::standing::{Standing, bar, shown};
use super::{Loaded, View, YearChoice, figure, load};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use xanh_app::chart::bar::Bar;
use xanh_app::chart::spark::{self, Spark};
use xanh_app::consolidation::{IndicatorPicture, is_milestone, latest, picture};
use xanh_core::assess::{QualitativeRating, Status};
use xanh_core::framework::{IndicatorKind, Target};

pub(super) struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub value: String,
    pub value_year: String,
    pub target: String,
    pub class: &'static str,
    pub label: String,
    pub spark: Spark,
    pub missing: usize,
}

struct ObjectiveRow {
    /// The section heading, on the first objective of each section.
    section: Option<String>,
    code: String,
    title: String,
    bar: Bar,
    indicators: Vec<IndicatorRow>,
}

struct YearBar {
    year: i32,
    closed: bool,
    current: bool,
    bar: Bar,
}

/// An agency's report for the year as the public may see it: accepted or not,
/// on time or late, and (once accepted) how complete.
struct AgencyLine {
    code: String,
    name: String,
    accepted: bool,
    late: bool,
    completeness: String,
    /// The data-quality score, once accepted.
    quality: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    lang: Lang,
    nav: Nav,
    /// The framework shown, named by every export link.
    code: String,
    title: String,
    year: i32,
    years: Vec<YearChoice>,
    partial: bool,
    preview: bool,
    can_preview: bool,
    /// Carried on by every link: framework, preview, language.
    carry: String,
    /// The same without preview, for the link that leaves it.
    carry_plain: String,
    /// Other frameworks to choose from (code, title), when there are several.
    frameworks: Vec<(String, String, bool)>,
    totals: Bar,
    objectives: Vec<ObjectiveRow>,
    history: Vec<YearBar>,
    /// The agencies expected to report for the year.
    agencies: Vec<AgencyLine>,
    /// How the quality score is computed, for the score's tooltip and note.
    quality_how: String,
    /// The head of the audit trail's hash chain: (entry, hash, when), so
    /// that anyone can note it and later see the record was not rewritten.
    chain: (i64, String, String),
    accepted: usize,
    on_time: usize,
    /// Some year in the list is not closed (it is marked with an asterisk).
    any_open: bool,
}

/// The sparkline of an indicator: a line against the target, or a row of
/// yearly states for a milestone or a qualitative indicator.
pub(super) fn sparkline(l: &Loaded, p: &IndicatorPicture<'_>, lang: Lang) -> Spark {
    let ind = p.indicator;
    // One time axis for every sparkline (the first year with figures to the
    // plan's end), so that rows can be compared by eye.
    let span = (
        l.years.first().map_or(l.fw.plan.from, |y| y.year),
        l.fw.plan.to.max(l.year),
    );
    let words = format!("{} {}", ind.code, ind.name.get(lang));
    if is_milestone(ind) {
        return spark::timeline(
            span,
            ind.target.year(),
            &|y| {
                p.province
                    .iter()
                    .find(|v| v.0 == y && y <= l.year)
                    .map(|v| {
                        if v.1 >= 1.0 {
                            ("yes", lang.pick("Đã hoàn thành", "Reached").to_string())
                        } else {
                            (
                                "no",
                                lang.pick("Chưa hoàn thành", "Not reached").to_string(),
                            )
                        }
                    })
            },
            lang.pick("Chưa có số liệu", "No figure"),
            words,
        );
    }
    if ind.kind == IndicatorKind::Qualitative {
        return spark::timeline(
            span,
            ind.target.year(),
            &|y| {
                (y <= l.year)
                    .then(|| {
                        l.ratings
                            .iter()
                            .filter(|r| r.indicator == ind.code && r.year <= y)
                            .max_by_key(|r| r.year)
                            .and_then(|r| QualitativeRating::from_code(&r.rating))
                    })
                    .flatten()
                    .map(|q| {
                        let s = Standing::of(Status::Rated(q), &ind.target);
                        (s.code(), q.label(lang).to_string())
                    })
            },
            lang.pick("Chưa đánh giá", "Not rated"),
            words,
        );
    }
    let a = &p.assessment;
    let target = match ind.target {
        Target::None => None,
        _ => a.target_value.zip(a.target_year).map(|(v, y)| {
            (
                y,
                v,
                format!(
                    "{}: {}",
                    lang.pick("Mục tiêu", "Target"),
                    ind.target.describe(&ind.unit.vi, lang)
                ),
            )
        }),
    };
    let upto: Vec<(i32, f64)> = p
        .province
        .iter()
        .copied()
        .filter(|(y, _)| *y <= l.year)
        .collect();
    spark::line(&upto, target, span, &|v| figure(ind, v, lang), words)
}

pub(super) fn row(l: &Loaded, p: &IndicatorPicture<'_>, lang: Lang) -> IndicatorRow {
    let ind = p.indicator;
    let s = shown(p.assessment.status, &ind.target, lang);
    let (value, value_year) = match latest(p, l.year) {
        Some((y, v)) => (figure(ind, v, lang), y.to_string()),
        None if ind.kind == IndicatorKind::Qualitative => (
            p.rating
                .and_then(|r| QualitativeRating::from_code(&r.rating))
                .map(|q| q.label(lang).to_string())
                .unwrap_or_else(|| "—".into()),
            p.rating.map(|r| r.year.to_string()).unwrap_or_default(),
        ),
        None => ("—".into(), String::new()),
    };
    IndicatorRow {
        code: ind.code.clone(),
        name: ind.name.get(lang).to_string(),
        value,
        value_year,
        target: ind.target.describe(&ind.unit.vi, lang),
        class: s.class,
        label: s.label,
        spark: sparkline(l, p, lang),
        missing: p.missing.len(),
    }
}

/// `/dashboard`: the year at a glance.
pub async fn dashboard(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Query(view): Query<View>,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
) -> Result<Response, WebError> {
    if let Some(r) = super::old_link::redirect(&state, &view, &uri, |_| true, lang).await? {
        return Ok(r);
    }
    let l = load(&state, &session, &view, lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let standing =
        |p: &IndicatorPicture<'_>| Standing::of(p.assessment.status, &p.indicator.target);
    let mut objectives = Vec::new();
    for o in &l.fw.objectives {
        let mine: Vec<&IndicatorPicture<'_>> =
            pictures.iter().filter(|p| p.objective == o.code).collect();
        let first_of_section =
            l.fw.objectives
                .iter()
                .find(|x| x.section == o.section)
                .map(|x| &x.code)
                == Some(&o.code);
        let section = first_of_section
            .then(|| o.section.as_deref().and_then(|c| l.fw.section(c)))
            .flatten()
            .map(|sec| format!("{}. {}", sec.code, sec.title.get(lang)));
        objectives.push(ObjectiveRow {
            section,
            code: o.code.clone(),
            title: o.title.get(lang).to_string(),
            bar: bar(mine.iter().map(|p| standing(p)), lang),
            indicators: mine.iter().map(|p| row(&l, p, lang)).collect(),
        });
    }
    // The statuses of every year, each assessed with only the figures up to it.
    let history = l
        .years
        .iter()
        .map(|y| YearBar {
            year: y.year,
            closed: y.closed,
            current: y.year == l.year,
            bar: if y.year == l.year {
                bar(pictures.iter().map(standing), lang)
            } else {
                bar(
                    picture(&l.fw, &l.values, &l.ratings, y.year)
                        .iter()
                        .map(standing),
                    lang,
                )
            },
        })
        .collect();
    let agencies = agencies(&state, &l, lang).await?;
    let mut frameworks = frameworks(&state, &l.fw.code, lang).await?;
    if frameworks.len() < 2 {
        frameworks.clear();
    }
    let head = xanh_app::frameworks::audit_head(&state, lang).await?;
    Ok(render(&DashboardPage {
        chain: (
            head.seq,
            head.hash,
            head.at
                .as_deref()
                .map(xanh_core::display::datetime_text)
                .unwrap_or_default(),
        ),
        accepted: agencies.iter().filter(|a| a.accepted).count(),
        on_time: agencies.iter().filter(|a| a.accepted && !a.late).count(),
        agencies,
        quality_how: xanh_core::quality::score::how().get(lang).to_string(),
        any_open: l.years.iter().any(|y| !y.closed),
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        code: l.fw.code.clone(),
        title: l.fw.title.get(lang).to_string(),
        year: l.year,
        partial: l.partial,
        preview: l.preview,
        can_preview: session.0.as_ref().is_some_and(|s| s.actor.can_review()),
        carry_plain: l.carry.replace("&preview=1", ""),
        totals: bar(pictures.iter().map(standing), lang),
        objectives,
        history,
        frameworks,
        years: l.years,
        carry: l.carry,
    }))
}

/// Completeness and timeliness of the agencies' reports for the year. The
/// public learns only whether each was accepted and on time, nothing of drafts.
async fn agencies(state: &AppState, l: &Loaded, lang: Lang) -> Result<Vec<AgencyLine>, WebError> {
    let Some(p) = l.periods.iter().find(|p| {
        p.kind == xanh_core::framework::ReportingTime::Annual && p.year == i64::from(l.year)
    }) else {
        return Ok(Vec::new());
    };
    let (_, rows) = xanh_app::overview::overview_rows(state, p.id, lang).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let accepted = r.state == xanh_core::workflow::ReportState::Accepted;
            AgencyLine {
                code: r.unit,
                name: r.unit_name,
                accepted,
                late: r.late,
                quality: if accepted { r.quality } else { String::new() },
                completeness: if accepted {
                    r.completeness
                } else {
                    String::new()
                },
            }
        })
        .collect())
}

/// The frameworks one may switch to: (code, title, is the one shown).
async fn frameworks(
    state: &AppState,
    shown: &str,
    lang: Lang,
) -> Result<Vec<(String, String, bool)>, WebError> {
    Ok(xanh_app::work::home::framework_titles(state, lang)
        .await?
        .into_iter()
        .map(|(code, title)| {
            let current = code == shown;
            (code, title, current)
        })
        .collect())
}

/// Where the plan stands, for a leader's home: the framework in force, the
/// year the public dashboard opens on, and its indicators' statuses.
pub(crate) struct Glance {
    pub title: String,
    pub year: i32,
    pub partial: bool,
    pub totals: Bar,
}

/// The public picture (accepted figures only) of the framework in force, or
/// nothing while no framework is loaded.
pub(crate) async fn glance(state: &AppState, lang: Lang) -> Result<Option<Glance>, WebError> {
    // No framework loaded yet: nothing to glance at (`load` picks the one in force).
    let none = xanh_app::work::home::framework_titles(state, lang)
        .await?
        .is_empty();
    if none {
        return Ok(None);
    }
    let l = load(state, &MaybeSession(None), &View::default(), lang).await?;
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    Ok(Some(Glance {
        title: l.fw.title.get(lang).to_string(),
        year: l.year,
        partial: l.partial,
        totals: bar(
            pictures
                .iter()
                .map(|p| Standing::of(p.assessment.status, &p.indicator.target)),
            lang,
        ),
    }))
}
