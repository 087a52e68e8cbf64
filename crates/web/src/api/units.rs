//! `/api/v1/units/{code}`: a unit's page as data — a commune's or district's
//! own figures assessed on its own series, or the indicators of the
//! objectives an agency leads, and the unit's reports with their state,
//! timeliness and data quality (accepted ones for everyone, all of them for
//! the agency and the consolidating side). The same use cases as the page.

use super::schema::TypedValue;
use crate::AppState;
use crate::api::extract::{ApiPath, ApiQuery};
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xanh_app::consolidation::picture;
use xanh_core::assess::standing::shown;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// The framework's code; without it, the framework in force today.
    framework: Option<String>,
    /// A year of the plan; without it, the latest closed year.
    year: Option<i32>,
    /// "en" for English words; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// An objective, by code and title.
#[derive(Serialize, ToSchema)]
pub struct ObjectiveRef {
    pub code: String,
    pub title: String,
}

/// An indicator on the unit's page: its latest figure up to the year and its status.
#[derive(Serialize, ToSchema)]
pub struct UnitIndicator {
    pub code: String,
    pub name: String,
    /// The year of the latest figure, the figure typed, and as the pages show it.
    pub year: Option<i32>,
    pub value: Option<TypedValue>,
    pub display: Option<String>,
    /// The status code, and in words.
    pub status: String,
    pub status_label: String,
}

/// One of the unit's reports.
#[derive(Serialize, ToSchema)]
pub struct UnitReportItem {
    pub report_id: i64,
    /// "annual-2026", and in words.
    pub period: String,
    pub period_label: String,
    /// not_started, draft, submitted, returned or accepted; and in words.
    pub state: String,
    pub state_label: String,
    pub late: bool,
    /// The data-quality score out of 100, and the score and its parts in words.
    pub quality_score: Option<u8>,
    pub quality: String,
    pub quality_parts: String,
}

#[derive(Serialize, ToSchema)]
pub struct UnitPicture {
    pub framework: String,
    pub year: i32,
    pub code: String,
    pub name: String,
    /// province, department, district, city, town or commune.
    pub kind: String,
    /// The first and last day it existed (ISO dates).
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub leads: Vec<ObjectiveRef>,
    pub coordinates: Vec<ObjectiveRef>,
    pub indicators: Vec<UnitIndicator>,
    pub reports: Vec<UnitReportItem>,
}

/// A unit's figures, status and reports, as its page shows them.
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "assessment",
    params(("code" = String, Path, description = "Unit code, e.g. X21028 or QN-SO-NNMT", example = "QN-SO-NNMT"), UnitQuery),
    responses((status = 200, description = "The unit's picture", body = UnitPicture),
              (status = 400, description = "A parameter is not of its type", body = crate::api::doc::ApiError),
              (status = 404, description = "No such framework, or no such unit in it", body = crate::api::doc::ApiError)))]
pub async fn unit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    ApiPath(code): ApiPath<String>,
    ApiQuery(q): ApiQuery<UnitQuery>,
) -> Result<Json<UnitPicture>, WebError> {
    let actor = session.0.as_ref().map(|s| &s.actor);
    let p = xanh_app::assessment::load(&state, actor, q.framework.as_deref(), q.year, false, lang)
        .await
        .map_err(WebError::api)?;
    let Some(u) = p.fw.unit(&code) else {
        return Err(WebError::not_found(
            lang,
            format!("Không có đơn vị \"{code}\"."),
            format!("There is no unit \"{code}\"."),
        )
        .json());
    };
    let pictures = picture(&p.fw, &p.values, &p.ratings, p.year);
    let (leads, coordinates) = xanh_app::unit::roles(&p.fw, &code);
    let refer = |o: &&xanh_core::framework::Objective| ObjectiveRef {
        code: o.code.clone(),
        title: o.title.get(lang).to_string(),
    };
    let indicators = xanh_app::unit::lines(&p.fw, &pictures, u, p.year)
        .into_iter()
        .map(|line| {
            let s = shown(line.status, &line.indicator.target, lang);
            UnitIndicator {
                code: line.indicator.code.clone(),
                name: line.indicator.name.get(lang).to_string(),
                year: line.latest.as_ref().map(|(y, _)| *y),
                display: line.latest.as_ref().map(|(_, v)| v.display(lang)),
                value: line.latest.as_ref().map(|(_, v)| v.into()),
                status: line.status.code().to_string(),
                status_label: s.label,
            }
        })
        .collect();
    let reports = xanh_app::unit::reports(&state, &p.fw, &p.periods, &code, actor, lang)
        .await
        .map_err(WebError::api)?
        .into_iter()
        .map(|r| UnitReportItem {
            report_id: r.report_id,
            period_label: lang
                .pick(&r.period.label_vi, &r.period.label_en)
                .to_string(),
            period: r.period.code,
            state: r.state.as_str().to_string(),
            state_label: r.state.label(lang).to_string(),
            late: r.late,
            quality_score: r.quality.score.map(|s| s.value),
            quality: r.quality.shown(lang),
            quality_parts: r.quality.parts(lang),
        })
        .collect();
    Ok(Json(UnitPicture {
        framework: p.fw.code.clone(),
        year: p.year,
        code: u.code.clone(),
        name: u.name.get(lang).to_string(),
        kind: u.kind.as_str().to_string(),
        valid_from: u.valid_from.map(xanh_core::display::iso_date),
        valid_to: u.valid_to.map(xanh_core::display::iso_date),
        leads: leads.iter().map(refer).collect(),
        coordinates: coordinates.iter().map(refer).collect(),
        indicators,
        reports,
    }))
}
