//! The framework as the decision's six-column table.

use crate::AppState;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use xanh_core::display::date_text;
use xanh_core::framework::{Framework, Objective, vn_date};
use xanh_store::PeriodRow;

#[derive(Template)]
#[template(path = "framework.html")]
pub struct FrameworkPage {
    lang: Lang,
    nav: super::Nav,
    /// Link to the same page in the other language.
    other_lang_href: String,
    code: String,
    version: i64,
    title: String,
    decision: String,
    plan: String,
    general_objective: String,
    rows: Vec<Row>,
    notes: Vec<String>,
    periods: Vec<PeriodLine>,
    /// Every framework loaded, when there are several: the province's plans
    /// side by side, each with its period and whether it is in force.
    frameworks: Vec<Choice>,
}

struct Choice {
    code: String,
    title: String,
    plan: String,
    /// "in-force", "ended" or "upcoming": the badge's class.
    class: &'static str,
    label: &'static str,
    current: bool,
}

enum Row {
    Section { title: String },
    NoSection,
    Objective(Box<ObjectiveRow>),
}

struct ObjectiveRow {
    code: String,
    title: String,
    activities: Vec<String>,
    output: Vec<String>,
    indicators: Vec<IndicatorRow>,
    reporting: String,
    coordinating: Vec<String>,
    lead: Option<String>,
    notes: Vec<String>,
}

struct IndicatorRow {
    code: String,
    name: String,
    unit: String,
    target: String,
}

struct PeriodLine {
    label: String,
    data: String,
    deadline: String,
    /// The other levels' deadlines that period: the communes' before the
    /// agencies', the consolidator's after (Decree 09).
    levels: String,
}

/// `/`: the framework in force today (the built-in 2014 one on a fresh
/// installation), with the list of every framework loaded.
pub async fn home(
    state: State<AppState>,
    lang: PageLang,
    session: crate::auth::MaybeSession,
) -> Result<Response, WebError> {
    let Some(code) = xanh_app::consolidation::in_force(&state.store)
        .await
        .map_err(|e| WebError::from_store(e, lang.0))?
    else {
        return Err(WebError::not_found(
            lang.0,
            "Chưa có khung theo dõi, đánh giá nào. Hãy nạp một khung bằng lệnh `xanh framework import`.",
            "No framework is loaded yet. Load one with `xanh framework import`.",
        ));
    };
    show(state, Path(code), lang, session).await
}

/// Every framework loaded, each with its plan period and whether it is in
/// force this year, ended or yet to begin; empty when there is only one.
async fn choices(state: &AppState, shown: &str, lang: Lang) -> Result<Vec<Choice>, WebError> {
    use xanh_core::framework::PlanStanding;
    Ok(xanh_app::frameworks::choices(state, lang)
        .await?
        .into_iter()
        .map(|c| {
            let (class, label) = match c.standing {
                PlanStanding::Ended => ("ended", lang.pick("Đã kết thúc", "Ended")),
                PlanStanding::Upcoming => ("upcoming", lang.pick("Chưa bắt đầu", "Not started")),
                PlanStanding::InForce => ("in-force", lang.pick("Đang thực hiện", "In force")),
            };
            Choice {
                current: c.code == shown,
                title: c.title,
                plan: c.plan,
                code: c.code,
                class,
                label,
            }
        })
        .collect())
}

/// `/frameworks/{code}`.
pub async fn show(
    State(state): State<AppState>,
    Path(code): Path<String>,
    PageLang(lang): PageLang,
    crate::auth::MaybeSession(session): crate::auth::MaybeSession,
) -> Result<Response, WebError> {
    let (stored, periods) = xanh_app::frameworks::shown(&state, &code, lang).await?;
    let mut page = build(&stored.framework, stored.version, &periods, lang);
    page.nav = super::Nav::of(session.as_ref(), lang);
    page.frameworks = choices(&state, &code, lang).await?;
    Ok(super::render(&page))
}

fn build(fw: &Framework, version: i64, periods: &[PeriodRow], lang: Lang) -> FrameworkPage {
    let unit_name = |code: &str| {
        fw.unit(code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let mut rows = Vec::new();
    let mut current: Option<Option<&str>> = None;
    for o in &fw.objectives {
        let section = o.section.as_deref();
        if current != Some(section) {
            rows.push(match section.and_then(|s| fw.section(s)) {
                Some(s) => Row::Section {
                    title: format!("{}. {}", s.code, s.title.get(lang)),
                },
                None => Row::NoSection,
            });
            current = Some(section);
        }
        rows.push(Row::Objective(Box::new(objective_row(o, lang, &unit_name))));
    }
    let d = &fw.decision;
    FrameworkPage {
        lang,
        nav: super::Nav::anonymous(lang),
        other_lang_href: match lang {
            Lang::Vi => format!("/frameworks/{}?lang=en", fw.code),
            Lang::En => format!("/frameworks/{}", fw.code),
        },
        code: fw.code.clone(),
        version,
        title: fw.title.get(lang).to_string(),
        decision: match lang {
            Lang::Vi => format!(
                "Ban hành kèm theo Quyết định số {} ngày {} của {}",
                d.number,
                vn_date(d.date),
                d.body.vi
            ),
            Lang::En => format!(
                "Issued with Decision No. {} of {} by the {}",
                d.number,
                vn_date(d.date),
                d.body.get(lang)
            ),
        },
        plan: format!("{}–{}", fw.plan.from, fw.plan.to),
        general_objective: fw.general_objective.get(lang).to_string(),
        rows,
        notes: fw.notes.iter().map(|n| n.get(lang).to_string()).collect(),
        periods: periods
            .iter()
            .map(|p| PeriodLine {
                label: lang.pick(&p.label_vi, &p.label_en).to_string(),
                data: format!("{} – {}", date_text(&p.data_from), date_text(&p.data_to)),
                deadline: date_text(&p.deadline),
                levels: levels_line(fw, p, lang),
            })
            .collect(),
        frameworks: Vec::new(),
    }
}

/// "Xã, phường gửi Sở NN&MT: 16/12/2026 · Tổng hợp: 24/12/2026", or empty.
fn levels_line(fw: &Framework, p: &PeriodRow, lang: Lang) -> String {
    use xanh_core::chain::{compile_by, level_deadline, lower_units};
    let time = p.kind;
    let year = p.year as i32;
    let Some(data_to) = xanh_app::reporting::parse_iso_date(&p.data_to) else {
        return String::new();
    };
    let mut parts: Vec<String> = fw
        .calendar
        .levels
        .iter()
        .filter(|l| !lower_units(fw, &l.receiver, time, data_to).is_empty())
        .filter_map(|l| {
            let receiver = fw
                .unit(&l.receiver)
                .map(|u| u.short().get(lang).to_string())?;
            Some(format!(
                "{} {receiver}: {}",
                lang.pick("Cấp xã gửi", "Communes to"),
                vn_date(level_deadline(l, year)?)
            ))
        })
        .collect();
    if time == xanh_core::framework::ReportingTime::Annual
        && let Some(d) = compile_by(fw, year)
    {
        parts.push(format!(
            "{}: {}",
            lang.pick("Tổng hợp", "Compiled by"),
            vn_date(d)
        ));
    }
    parts.join(" · ")
}

fn objective_row(o: &Objective, lang: Lang, unit_name: &dyn Fn(&str) -> String) -> ObjectiveRow {
    ObjectiveRow {
        code: o.code.clone(),
        title: o.title.get(lang).to_string(),
        activities: o
            .activities
            .iter()
            .map(|a| a.get(lang).to_string())
            .collect(),
        output: o
            .output
            .get(lang)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        indicators: o
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                code: i.code.clone(),
                name: i.name.get(lang).to_string(),
                unit: i.unit.get(lang).to_string(),
                target: i.target.describe(&i.unit.vi, lang),
            })
            .collect(),
        reporting: o
            .reporting
            .iter()
            .map(|t| t.label(lang))
            .collect::<Vec<_>>()
            .join("; "),
        coordinating: o.coordinating.iter().map(|c| unit_name(c)).collect(),
        lead: o.lead.as_deref().map(unit_name),
        notes: o.notes.iter().map(|n| n.get(lang).to_string()).collect(),
    }
}
