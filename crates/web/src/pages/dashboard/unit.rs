//! `/units/{code}`: an agency (the objectives it leads and coordinates, with
//! their indicators) or a district (its own figures, assessed on its own
//! series), and its reports. The unit's maintenance notes (effective dates
//! to check, mergers to record) are for the people who keep the framework,
//! not for the public.

use super::standing::shown;
use super::{View, figure, load, value_text};
use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use xanh_app::consolidation::{latest, picture};
use xanh_app::reporting::store_error;
use xanh_core::report::Value;

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
        let ind = p.indicator;
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
                ind,
                &xanh_core::assess::Series::new(series).unwrap_or_default(),
                l.year,
            );
            let s = shown(a.status, &ind.target, lang);
            rows.push(UnitRow {
                code: ind.code.clone(),
                name: ind.name.get(lang).to_string(),
                value: own
                    .range(..=l.year)
                    .next_back()
                    .map(|(y, v)| format!("{} ({y})", value_text(ind, v, lang)))
                    .unwrap_or_else(|| "—".into()),
                status: s.class,
                status_label: s.label,
            });
        } else if leads.iter().any(|(c, _)| *c == p.objective) {
            let s = shown(p.assessment.status, &ind.target, lang);
            rows.push(UnitRow {
                code: ind.code.clone(),
                name: ind.name.get(lang).to_string(),
                value: latest(p, l.year)
                    .map(|(y, v)| format!("{} ({y})", figure(ind, v, lang)))
                    .unwrap_or_else(|| "—".into()),
                status: s.class,
                status_label: s.label,
            });
        }
    }
    // Reports: the public sees accepted ones; the agency and the consolidating side see all.
    let sees_all = session.0.as_ref().is_some_and(|s| {
        s.actor.can_see_overview() || s.actor.unit.as_deref() == Some(code.as_str())
    });
    let mut reports = Vec::new();
    let now = time::OffsetDateTime::now_utc();
    for p in &l.periods {
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
                let facts =
                    xanh_app::quality::Facts::read(&state, &l.fw, &l.fw.code, p, Some(&code), lang)
                        .await?;
                let data_to =
                    xanh_app::reporting::parse_iso_date(&p.data_to).unwrap_or(time::Date::MIN);
                let slots: Vec<(String, String)> =
                    xanh_core::report::scope(&l.fw, &code, p.kind, data_to)
                        .into_iter()
                        .flat_map(|o| o.slots.into_iter().map(|s| (s.indicator, s.unit)))
                        .collect();
                let on_time =
                    xanh_app::quality::on_time(st, r.submitted_at.as_deref(), &p.deadline, now);
                let quality = facts.quality(&l.fw, &slots, on_time);
                reports.push(UnitReport {
                    quality: quality.shown(lang),
                    quality_parts: quality.parts(lang),
                    period: lang.pick(&p.label_vi, &p.label_en).to_string(),
                    state: st.as_str().to_string(),
                    state_label: st.label(lang).to_string(),
                    late: xanh_app::reporting::is_late(
                        st,
                        r.submitted_at.as_deref(),
                        &p.deadline,
                        now,
                    ),
                });
            }
        }
    }
    let day = |d: Option<time::Date>| {
        d.map(xanh_core::display::date)
            .unwrap_or_else(|| "…".into())
    };
    let staff = session.0.as_ref().is_some_and(|s| s.actor.can_review());
    let lineage = super::lineage::of(&state, u, lang).await?;
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
