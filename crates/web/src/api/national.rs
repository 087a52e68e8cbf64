//! `/api/v1/national`: the consolidation of a period over every area, as the
//! national pages show it and as `xanh consolidate --json` prints it: for the
//! nation and each area, every indicator's value by its rule, how many units
//! went in, and its status. Public, like the pages; read from the same cache.

use super::extract::ApiQuery;
use super::schema::Period;
use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use crate::national::Lookup;
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use xanh_app::reporting::store_error;
use xanh_core::national::AreaResult;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NationalQuery {
    /// The framework's code; without it, the framework in force today.
    framework: Option<String>,
    /// The period's code, e.g. annual-2024; without it, the latest with data.
    period: Option<String>,
    /// "en" for English words; Vietnamese otherwise.
    #[allow(dead_code)]
    lang: Option<String>,
}

/// An indicator over one area.
#[derive(Serialize, ToSchema)]
pub struct AreaIndicator {
    pub indicator: String,
    /// The value by the indicator's rule (sum, mean, weighted mean).
    pub value: Option<f64>,
    /// Units whose value went into it, units that gave any value, units expected.
    pub counted: i64,
    pub reported: i64,
    pub expected: i64,
    /// The status code, and in words.
    pub status: String,
    pub status_label: String,
}

#[derive(Serialize, ToSchema)]
pub struct StatusCount {
    pub status: String,
    pub indicators: usize,
}

/// The nation ("*") or one area.
#[derive(Serialize, ToSchema)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub expected_units: i64,
    /// Indicators for which every expected unit gave a value.
    pub complete: usize,
    pub by_status: Vec<StatusCount>,
    pub indicators: Vec<AreaIndicator>,
}

#[derive(Serialize, ToSchema)]
pub struct National {
    pub framework: String,
    pub period: Period,
    pub nation: Area,
    pub areas: Vec<Area>,
}

fn area(a: &AreaResult, lang: xanh_core::Lang) -> Area {
    Area {
        code: a.code.clone(),
        name: a.name_vi.clone(),
        expected_units: a.expected_units,
        complete: a.complete,
        by_status: a
            .by_status
            .iter()
            .map(|(status, n)| StatusCount {
                status: status.to_string(),
                indicators: *n,
            })
            .collect(),
        indicators: a
            .indicators
            .iter()
            .map(|r| AreaIndicator {
                indicator: r.indicator.clone(),
                value: r.value,
                counted: r.counted,
                reported: r.reported,
                expected: r.expected,
                status: r.status.code().to_string(),
                status_label: r.status.label(lang).to_string(),
            })
            .collect(),
    }
}

/// The consolidation of a period over the nation and every area.
#[utoipa::path(get, path = "/api/v1/national", tag = "assessment",
    params(NationalQuery),
    responses((status = 200, description = "The consolidation", body = National),
              (status = 400, description = "A parameter is not of its type", body = crate::api::doc::ApiError),
              (status = 404, description = "No such framework or period", body = crate::api::doc::ApiError)))]
pub async fn national(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ApiQuery(q): ApiQuery<NationalQuery>,
) -> Result<Json<National>, WebError> {
    let found = state
        .national
        .get(&state.store, q.framework.as_deref(), q.period.as_deref())
        .await
        .map_err(|e| WebError::api(store_error(lang)(e)))?;
    let e = match found {
        Lookup::Found(e) => e,
        Lookup::NoFramework => {
            return Err(WebError::not_found(
                lang,
                "Không có khung theo dõi này.",
                "No such framework.",
            )
            .json());
        }
        Lookup::NoPeriod => {
            return Err(
                WebError::not_found(lang, "Không có kỳ báo cáo này.", "No such period.").json(),
            );
        }
    };
    Ok(Json(National {
        framework: e.framework.code.clone(),
        period: e.period.clone().into(),
        nation: area(&e.result.nation, lang),
        areas: e.result.areas.iter().map(|a| area(a, lang)).collect(),
    }))
}
