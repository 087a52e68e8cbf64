//! The province's picture for a year: each indicator's province series (its
//! own figure, or the districts' values aggregated by the indicator's rule),
//! the units missing from the aggregate, and the assessment. Computed from
//! the stored values on every request, so it is never stale.

use std::collections::{BTreeMap, HashMap};
use xanh_core::assess::QualitativeRating;
use xanh_core::assess::{Assessment, Series, assess_indicator, assess_qualitative};
use xanh_core::consolidate::aggregate;
use xanh_core::framework::{Aggregation, Framework, Indicator, IndicatorKind, Target};
use xanh_core::report::Value;
use xanh_store::{PublishedValue, RatingRow};

pub struct IndicatorPicture<'a> {
    pub indicator: &'a Indicator,
    pub objective: String,
    /// The province's value by year.
    pub province: Vec<(i32, f64)>,
    /// Each unit's values by year (districts, or the province itself).
    pub by_unit: BTreeMap<String, BTreeMap<i32, Value>>,
    /// Notes agencies gave with their values, by (unit, year).
    pub notes: Vec<(String, i32, String)>,
    /// Units missing from the aggregate of the assessed year.
    pub missing: Vec<String>,
    pub assessment: Assessment,
    /// For a qualitative indicator: the consolidator's rating in force for the year.
    pub rating: Option<&'a RatingRow>,
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::YesNo(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Text(_) => None,
    }
}

/// Day on which a unit must exist to count in a year's aggregate: the data cut-off.
fn cutoff(year: i32) -> time::Date {
    time::Date::from_calendar_date(year, time::Month::December, 14).unwrap_or(time::Date::MIN)
}

pub fn picture<'a>(
    fw: &'a Framework,
    values: &[PublishedValue],
    ratings: &'a [RatingRow],
    year: i32,
) -> Vec<IndicatorPicture<'a>> {
    let mut by: HashMap<&str, Vec<&PublishedValue>> = HashMap::new();
    for v in values {
        by.entry(v.indicator.as_str()).or_default().push(v);
    }
    fw.indicators()
        .map(|(objective, ind)| {
            let own = by.get(ind.code.as_str()).cloned().unwrap_or_default();
            let mut by_unit: BTreeMap<String, BTreeMap<i32, Value>> = BTreeMap::new();
            let mut notes = Vec::new();
            for v in &own {
                by_unit
                    .entry(v.unit.clone())
                    .or_default()
                    .insert(v.year, v.value.clone());
                if let Some(n) = v.note.as_ref().filter(|n| !n.trim().is_empty()) {
                    notes.push((v.unit.clone(), v.year, n.clone()));
                }
            }
            let (province, missing) = province_series(fw, ind, &own, &by, year);
            // The latest rating up to the year counts: a rating stands until revised.
            let rating = ratings
                .iter()
                .filter(|r| r.indicator == ind.code && r.year <= year)
                .max_by_key(|r| r.year);
            let assessment = if ind.kind == IndicatorKind::Qualitative {
                assess_qualitative(
                    ind.target.year(),
                    rating.and_then(|r| QualitativeRating::from_code(&r.rating)),
                    year,
                )
            } else {
                let series = Series::new(province.clone()).unwrap_or_default();
                assess_indicator(ind, &series, year)
            };
            IndicatorPicture {
                indicator: ind,
                objective: objective.code.clone(),
                province,
                by_unit,
                notes,
                missing,
                assessment,
                rating,
            }
        })
        .collect()
}

fn province_series(
    fw: &Framework,
    ind: &Indicator,
    own: &[&PublishedValue],
    all: &HashMap<&str, Vec<&PublishedValue>>,
    year: i32,
) -> (Vec<(i32, f64)>, Vec<String>) {
    if !ind.reported_by_units {
        let series = own
            .iter()
            .filter(|v| v.unit == fw.issuer)
            .filter_map(|v| Some((v.year, number(&v.value)?)))
            .collect();
        return (series, Vec::new());
    }
    let weights: Vec<&PublishedValue> = match &ind.aggregation {
        Aggregation::WeightedMean { weight } => {
            all.get(weight.as_str()).cloned().unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let mut years: Vec<i32> = own.iter().map(|v| v.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut series = Vec::new();
    let mut missing_now = Vec::new();
    for y in years {
        let expected: Vec<String> = fw
            .units
            .iter()
            .filter(|u| u.is_territorial() && u.exists_on(cutoff(y)))
            .map(|u| u.code.clone())
            .collect();
        let values: HashMap<String, f64> = own
            .iter()
            .filter(|v| v.year == y)
            .filter_map(|v| Some((v.unit.clone(), number(&v.value)?)))
            .collect();
        let w: HashMap<String, f64> = weights
            .iter()
            .filter(|v| v.year == y)
            .filter_map(|v| Some((v.unit.clone(), number(&v.value)?)))
            .collect();
        let agg = aggregate(&ind.aggregation, &expected, &values, &w);
        if let Some(v) = agg.value {
            series.push((y, v));
        }
        if y == year {
            missing_now = agg.missing;
        }
    }
    (series, missing_now)
}

/// The latest province value up to the year, for tables.
pub fn latest(p: &IndicatorPicture<'_>, year: i32) -> Option<(i32, f64)> {
    p.province.iter().rev().find(|(y, _)| *y <= year).copied()
}

/// Whether the target is a milestone (values shown as yes/no).
pub fn is_milestone(ind: &Indicator) -> bool {
    matches!(ind.target, Target::Milestone { .. })
}

/// The current framework with its published values and the consolidator's
/// ratings: what every public page and export starts from.
pub struct Published {
    pub framework: Framework,
    pub values: Vec<PublishedValue>,
    pub ratings: Vec<RatingRow>,
}

/// Loads [`Published`] for the first framework; submitted values too when `preview`.
pub async fn published(
    state: &crate::AppState,
    preview: bool,
    lang: xanh_core::Lang,
) -> Result<Published, crate::WebError> {
    use crate::reporting::store_error;
    let Some(first) = state
        .store
        .frameworks()
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .next()
    else {
        return Err(crate::WebError::not_found(
            lang,
            "Chưa có khung theo dõi, đánh giá nào.",
            "No framework is loaded yet.",
        ));
    };
    let framework = state
        .store
        .framework(&first.code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let values = state
        .store
        .published_values(&framework.code, preview)
        .await
        .map_err(store_error(lang))?;
    let ratings = state
        .store
        .ratings(&framework.code)
        .await
        .map_err(store_error(lang))?;
    Ok(Published {
        framework,
        values,
        ratings,
    })
}
