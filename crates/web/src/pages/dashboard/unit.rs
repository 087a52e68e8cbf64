//! `/units/{code}`: an agency (the objectives it leads and coordinates, with
//! their indicators) or a district (its own figures, assessed on its own
//! series), and its reports. The unit's maintenance notes (effective dates
//! to check, mergers to record) are for the people who keep the framework,
//! not for the public.

use super::standing::shown;
use super::{View, load, value_text};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use xanh_app::consolidation::picture;

struct UnitRow {
    code: String,
    name: String,
    value: String,
    status: &'static str,
    status_label: String,
}

struct UnitReport {
    period: String,
    state: String,
    state_label: String,
    late: bool,
    /// The report's data-quality score and its parts.
    quality: String,
    quality_parts: String,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    lang: Lang,
    nav: Nav,
    name: String,
    year: i32,
    carry: String,
    dates: String,
    leads: Vec<(String, String)>,
    coordinates: Vec<(String, String)>,
    rows: Vec<UnitRow>,
    reports: Vec<UnitReport>,
    /// Maintenance notes, for signed-in staff who review only.
    notes: Vec<String>,
    /// Across the reorganisation: the unit that took over from this one, and
    /// those this one took over from, as (name, address), in any framework.
    successors: Vec<(String, String)>,
    predecessors: Vec<(String, String)>,
    /// The former communes (of the official register) a new commune was made
    /// of, when they are in no framework: "Xã Đắk Pék (Huyện Đắk Glei)".
    formed_from: Vec<String>,
    /// Ended without a single successor (a district divided among communes).
    ended_without_successor: bool,
}

pub async fn unit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(code): Path<String>,
    Query(view): Query<View>,
    axum::extract::OriginalUri(uri): axum::extract::OriginalUri,
) -> Result<Response, WebError> {
    let elsewhere =
        super::old_link::redirect(&state, &view, &uri, |fw| fw.unit(&code).is_some(), lang);
    if let Some(r) = elsewhere.await? {
        return Ok(r);
    }
    let l = load(&state, &session, &view, lang).await?;
    let Some(u) = l.fw.unit(&code) else {
        return Err(WebError::not_found(
            lang,
            format!("Không có đơn vị \"{code}\"."),
            format!("There is no unit \"{code}\"."),
        ));
    };
    let pictures = picture(&l.fw, &l.values, &l.ratings, l.year);
    let (leads, coordinates) = xanh_app::unit::roles(&l.fw, &code);
    let titled =
        |o: &&xanh_core::framework::Objective| (o.code.clone(), o.title.get(lang).to_string());
    let leads: Vec<(String, String)> = leads.iter().map(titled).collect();
    let coordinates: Vec<(String, String)> = coordinates.iter().map(titled).collect();
    let rows = xanh_app::unit::lines(&l.fw, &pictures, u, l.year)
        .into_iter()
        .map(|line| {
            let ind = line.indicator;
            let s = shown(line.status, &ind.target, lang);
            UnitRow {
                code: ind.code.clone(),
                name: ind.name.get(lang).to_string(),
                value: line
                    .latest
                    .map(|(y, v)| format!("{} ({y})", value_text(ind, &v, lang)))
                    .unwrap_or_else(|| "—".into()),
                status: s.class,
                status_label: s.label,
            }
        })
        .collect();
    let actor = session.0.as_ref().map(|s| &s.actor);
    let reports = xanh_app::unit::reports(&state, &l.fw, &l.periods, &code, actor, lang)
        .await?
        .into_iter()
        .map(|r| UnitReport {
            quality: r.quality.shown(lang),
            quality_parts: r.quality.parts(lang),
            period: lang
                .pick(&r.period.label_vi, &r.period.label_en)
                .to_string(),
            state: r.state.as_str().to_string(),
            state_label: r.state.label(lang).to_string(),
            late: r.late,
        })
        .collect();
    let day = |d: Option<time::Date>| {
        d.map(xanh_core::display::date)
            .unwrap_or_else(|| "…".into())
    };
    let staff = session.0.as_ref().is_some_and(|s| s.actor.can_review());
    let lineage = xanh_app::lineage::of(&state, u, lang).await?;
    Ok(render(&UnitPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        name: u.name.get(lang).to_string(),
        year: l.year,
        dates: if u.valid_from.is_none() && u.valid_to.is_none() {
            String::new()
        } else {
            format!("{} – {}", day(u.valid_from), day(u.valid_to))
        },
        leads,
        coordinates,
        rows,
        reports,
        notes: if staff {
            u.notes.iter().map(|n| n.get(lang).to_string()).collect()
        } else {
            Vec::new()
        },
        ended_without_successor: u.valid_to.is_some()
            && u.successor.is_none()
            && lineage.successors.is_empty(),
        successors: lineage.successors,
        predecessors: lineage.predecessors,
        formed_from: lineage.formed_from,
        carry: l.carry,
    }))
}
