//! `/api/v1/frameworks/{code}/units` and `…/calendar`: a framework's units
//! with the dates each existed (and its eras: the runs of years reported by
//! the same territorial units), and a year's reporting calendar as its
//! framework reads it (periods, each level's deadline after its weekend
//! rule, the consolidator's own). What the framework page shows, typed.

use crate::AppState;
use crate::api::extract::{ApiPath, ApiQuery};
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xanh_core::framework::Framework;

/// A unit of a framework, over the dates it existed.
#[derive(Serialize, ToSchema)]
pub struct Unit {
    pub code: String,
    /// province, department, district, city, town or commune.
    pub kind: String,
    pub name: String,
    /// The name tables use.
    pub short_name: String,
    pub parent: Option<String>,
    /// The first and last day it existed (ISO dates); None: since or until always.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// The unit that took over its work when it ended.
    pub successor: Option<String>,
    /// Its code in the official register of administrative units.
    pub official_code: Option<String>,
}

/// A run of reporting years in which the same territorial units report.
#[derive(Serialize, ToSchema)]
pub struct Era {
    pub from_year: i32,
    pub to_year: i32,
    /// "13 đơn vị cấp huyện …", in the asked language.
    pub described: String,
    pub units: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Units {
    pub framework: String,
    pub units: Vec<Unit>,
    pub eras: Vec<Era>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// Only the units existing on this day (YYYY-MM-DD); every unit otherwise.
    #[param(format = Date, example = "2026-12-14")]
    on: Option<String>,
    /// "en" for English names; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

async fn framework(
    state: &AppState,
    code: &str,
    lang: xanh_core::Lang,
) -> Result<Framework, WebError> {
    xanh_app::frameworks::shown(state, code, lang)
        .await
        .map(|(f, _)| f.framework)
        .map_err(|e| WebError::from(e).json())
}

fn iso(d: time::Date) -> String {
    xanh_core::display::iso_date(d)
}

/// A framework's units and their eras.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}/units", tag = "frameworks",
    params(("code" = String, Path, description = "Framework code", example = "quang-ngai-822-2023"), UnitsQuery),
    responses((status = 200, description = "The units, each with the dates it existed, and the eras", body = Units),
              (status = 400, description = "A day that is not YYYY-MM-DD", body = crate::api::doc::ApiError),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn units(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    PageLang(lang): PageLang,
    ApiQuery(q): ApiQuery<UnitsQuery>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Json<Units>, WebError> {
    // The form reader takes `on=` for no day at all; an empty day is no day.
    let given_empty =
        serde_html_form::from_str::<Vec<(String, String)>>(raw.as_deref().unwrap_or(""))
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k == "on" && v.trim().is_empty());
    let on = match q.on.as_deref().or(given_empty.then_some("")) {
        None => None,
        Some(s) => Some(xanh_core::display::parse_iso_date(s).ok_or_else(|| {
            WebError::bad_request(
                lang,
                "Tham số on phải là một ngày dạng YYYY-MM-DD.",
                "The on parameter must be a day as YYYY-MM-DD.",
            )
            .json()
        })?),
    };
    let fw = framework(&state, &code, lang).await?;
    let units = fw
        .units
        .iter()
        .filter(|u| on.is_none_or(|d| u.exists_on(d)))
        .map(|u| Unit {
            code: u.code.clone(),
            kind: u.kind.as_str().to_string(),
            name: u.name.get(lang).to_string(),
            short_name: u.short().get(lang).to_string(),
            parent: u.parent.clone(),
            valid_from: u.valid_from.map(iso),
            valid_to: u.valid_to.map(iso),
            successor: u.successor.clone(),
            official_code: u.official_code.clone(),
        })
        .collect();
    let eras = xanh_core::framework::eras::eras(&fw)
        .iter()
        .map(|e| Era {
            from_year: e.from,
            to_year: e.to,
            described: e.describe(lang),
            units: e.units.iter().map(|u| u.code.clone()).collect(),
        })
        .collect();
    Ok(Json(Units {
        framework: fw.code.clone(),
        units,
        eras,
    }))
}

/// A reporting period of the year, as the calendar makes it.
#[derive(Serialize, ToSchema)]
pub struct CalendarPeriod {
    /// "annual-2026", "mid-term-2025".
    pub code: String,
    /// annual, mid_term or end_term.
    pub kind: String,
    pub label: String,
    /// The days its figures cover and its deadline, after the weekend rule (ISO dates).
    pub data_from: String,
    pub data_to: String,
    pub deadline: String,
}

/// A level of reporting below the lead agencies, and its deadline in the year.
#[derive(Serialize, ToSchema)]
pub struct CalendarLevel {
    /// The kind of unit that reports at this level (commune).
    pub unit_kind: String,
    /// The agency that receives and reviews its reports.
    pub receiver: String,
    pub indicators: Vec<String>,
    /// Its deadline in the year, after its weekend rule (ISO date).
    pub deadline: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Calendar {
    pub framework: String,
    pub year: i32,
    /// The last day of the year's data: a unit must exist on it to count.
    pub data_cutoff: String,
    pub periods: Vec<CalendarPeriod>,
    pub levels: Vec<CalendarLevel>,
    /// The consolidator's own deadline to compile the provincial report.
    pub compile_by: Option<String>,
    /// What the framework's source says of its calendar, in the asked language.
    pub text: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// A year; without it, this year.
    #[param(minimum = 1900, maximum = 2200, example = 2026)]
    year: Option<i32>,
    /// "en" for English words; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// A year's reporting calendar, as the framework reads it.
#[utoipa::path(get, path = "/api/v1/frameworks/{code}/calendar", tag = "frameworks",
    params(("code" = String, Path, description = "Framework code", example = "quang-ngai-822-2023"), CalendarQuery),
    responses((status = 200, description = "The year's periods and deadlines", body = Calendar),
              (status = 400, description = "A year that is not a number, or outside 1900–2200", body = crate::api::doc::ApiError),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn calendar(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    PageLang(lang): PageLang,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> Result<Json<Calendar>, WebError> {
    let year = q
        .year
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().year());
    if !(1900..=2200).contains(&year) {
        return Err(WebError::bad_request(
            lang,
            "Năm phải trong khoảng 1900–2200.",
            "The year must be within 1900–2200.",
        )
        .json());
    }
    let fw = framework(&state, &code, lang).await?;
    use xanh_core::chain;
    let periods = xanh_core::period::periods(&fw)
        .into_iter()
        .filter(|p| p.year == year)
        .map(|p| CalendarPeriod {
            code: p.code,
            kind: p.kind.as_str().to_string(),
            label: p.label.get(lang).to_string(),
            data_from: iso(p.data_from),
            data_to: iso(p.data_to),
            deadline: iso(p.deadline),
        })
        .collect();
    let levels = fw
        .calendar
        .levels
        .iter()
        .map(|l| CalendarLevel {
            unit_kind: l.unit_kind.as_str().to_string(),
            receiver: l.receiver.clone(),
            indicators: l.indicators.clone(),
            deadline: chain::level_deadline(l, year).map(iso),
        })
        .collect();
    Ok(Json(Calendar {
        framework: fw.code.clone(),
        year,
        data_cutoff: iso(xanh_core::period::data_cutoff(&fw, year)),
        periods,
        levels,
        compile_by: chain::compile_by(&fw, year).map(iso),
        text: fw
            .calendar
            .annual
            .as_ref()
            .and_then(|a| a.text.as_ref())
            .map(|t| t.get(lang).to_string()),
    }))
}
