//! `/api/v1/assessment`: the province's picture as the dashboard shows it,
//! as data: for a framework and a year, every indicator's status with the
//! sentence that explains it, the province's series, each unit's figures and
//! the consolidator's rating of a qualitative indicator. Public, like the
//! dashboard: accepted reports only.

use super::schema::TypedValue;
use crate::AppState;
use crate::api::extract::ApiQuery;
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
pub struct AssessmentQuery {
    /// The framework's code; without it, the framework in force today.
    framework: Option<String>,
    /// A year of the plan; without it, the latest closed year.
    year: Option<i32>,
    /// "en" for English words; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// A figure of a year.
#[derive(Serialize, ToSchema)]
pub struct YearFigure {
    pub year: i32,
    pub value: f64,
}

/// A unit's figure of a year, typed, and as the pages show it.
#[derive(Serialize, ToSchema)]
pub struct UnitFigure {
    pub year: i32,
    pub value: TypedValue,
    pub display: String,
}

#[derive(Serialize, ToSchema)]
pub struct UnitFigures {
    pub unit: String,
    pub figures: Vec<UnitFigure>,
}

/// The consolidator's rating of a qualitative indicator, with its reason.
#[derive(Serialize, ToSchema)]
pub struct RatingGiven {
    pub year: i32,
    /// A rating code: achieved, largely_achieved, partly_achieved, not_achieved.
    pub rating: String,
    pub justification: String,
}

/// One indicator's assessment in the year.
#[derive(Serialize, ToSchema)]
pub struct IndicatorAssessment {
    pub code: String,
    pub name: String,
    pub objective: String,
    /// The unit of measure, e.g. "%".
    pub measure: String,
    /// The status code core computed: achieved, on_track, moderate, limited,
    /// deterioration, missed, breach, not_yet_due, insufficient_data, not_rated, rated_….
    pub status: String,
    /// Its place in the fixed order every page uses (an indicator without a
    /// target is never on track): achieved, on_track, moderate, limited,
    /// deterioration, missed, not_yet_due, insufficient_data, not_rated, no_target.
    pub standing: String,
    /// The status in words as the pages show it, in the asked language.
    pub status_label: String,
    /// One sentence saying how the status was reached, with the numbers.
    pub explanation: String,
    pub current: Option<YearFigure>,
    pub target: Option<YearFigure>,
    /// The province's figure by year.
    pub province: Vec<YearFigure>,
    /// Each reporting unit's figures by year.
    pub units: Vec<UnitFigures>,
    /// Units whose figure of the year is missing from the province's.
    pub missing: Vec<String>,
    pub rating: Option<RatingGiven>,
}

/// The picture of a framework in a year.
#[derive(Serialize, ToSchema)]
pub struct Assessment {
    pub framework: String,
    pub year: i32,
    /// The year's period is not closed: its figures may still change.
    pub partial: bool,
    /// The years that can be asked for.
    pub years: Vec<i32>,
    pub indicators: Vec<IndicatorAssessment>,
}

/// The assessment of every indicator of a framework in a year, as the dashboard shows it.
#[utoipa::path(get, path = "/api/v1/assessment", tag = "assessment",
    params(AssessmentQuery),
    responses((status = 200, description = "The assessment", body = Assessment),
              (status = 400, description = "A parameter is not of its type (a year that is not a number)", body = crate::api::doc::ApiError),
              (status = 404, description = "No such framework", body = crate::api::doc::ApiError)))]
pub async fn assessment(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    ApiQuery(q): ApiQuery<AssessmentQuery>,
) -> Result<Json<Assessment>, WebError> {
    let actor = session.0.as_ref().map(|s| &s.actor);
    let p = xanh_app::assessment::load(&state, actor, q.framework.as_deref(), q.year, false, lang)
        .await
        .map_err(WebError::api)?;
    let pictures = picture(&p.fw, &p.values, &p.ratings, p.year);
    let indicators = pictures
        .iter()
        .map(|pic| {
            let a = &pic.assessment;
            let shown = shown(a.status, &pic.indicator.target, lang);
            IndicatorAssessment {
                code: pic.indicator.code.clone(),
                name: pic.indicator.name.get(lang).to_string(),
                objective: pic.objective.clone(),
                measure: pic.indicator.unit.get(lang).to_string(),
                status: a.status.code().to_string(),
                standing: shown.class.to_string(),
                status_label: shown.label,
                explanation: a.explanation.get(lang).to_string(),
                current: a.current.map(|c| YearFigure {
                    year: c.year,
                    value: c.value,
                }),
                target: a
                    .target_value
                    .zip(a.target_year)
                    .map(|(value, year)| YearFigure { year, value }),
                province: pic
                    .province
                    .iter()
                    .map(|&(year, value)| YearFigure { year, value })
                    .collect(),
                units: pic
                    .by_unit
                    .iter()
                    .map(|(unit, years)| UnitFigures {
                        unit: unit.clone(),
                        figures: years
                            .iter()
                            .map(|(year, v)| UnitFigure {
                                year: *year,
                                value: v.into(),
                                display: v.display(lang),
                            })
                            .collect(),
                    })
                    .collect(),
                missing: pic.missing.clone(),
                rating: pic.rating.map(|r| RatingGiven {
                    year: r.year,
                    rating: r.rating.clone(),
                    justification: r.justification.clone(),
                }),
            }
        })
        .collect();
    Ok(Json(Assessment {
        framework: p.fw.code.clone(),
        year: p.year,
        partial: p.partial,
        years: p.years.iter().map(|y| y.year).collect(),
        indicators,
    }))
}
