//! The province's picture for a year: each indicator's province series (its
//! own figure, or the districts' values aggregated by the indicator's rule),
//! the units missing from the aggregate, and the assessment. Computed from
//! the stored values on every request, so it is never stale.

use std::collections::{BTreeMap, HashMap};
use xanh_core::assess::QualitativeRating;
use xanh_core::assess::{Assessment, Series, assess_indicator, assess_qualitative};
use xanh_core::consolidate::aggregate;
use xanh_core::framework::{
    Aggregation, Framework, Indicator, IndicatorKind, PlanStanding, Span, Target,
};
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
                // Across a change of the reporting units' level, only the
                // comparable years are assessed (the rule is core's).
                let since = ind
                    .reported_by_units
                    .then(|| xanh_core::framework::eras::comparable_since(fw, year))
                    .flatten();
                let comparable: Vec<(i32, f64)> = province
                    .iter()
                    .copied()
                    .filter(|(y, _)| since.is_none_or(|s| *y >= s))
                    .collect();
                let series = Series::new(comparable).unwrap_or_default();
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
        let expected: Vec<String> = xanh_core::framework::eras::territorial_units(fw, y)
            .into_iter()
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

/// Loads [`Published`] for the framework `code` (default: the one in force
/// today); submitted values too when `preview`.
pub async fn published_for(
    state: &crate::App,
    code: Option<&str>,
    preview: bool,
    lang: xanh_core::Lang,
) -> Result<Published, crate::AppError> {
    use crate::reporting::store_error;
    let code = match code {
        Some(c) => c.to_string(),
        None => match in_force(&state.store).await.map_err(store_error(lang))? {
            Some(c) => c,
            None => {
                return Err(crate::AppError::not_found(
                    lang,
                    "Chưa có khung theo dõi, đánh giá nào.",
                    "No framework is loaded yet.",
                ));
            }
        },
    };
    let framework = match state.store.framework(&code, None).await {
        Ok(s) => s.framework,
        Err(xanh_store::StoreError::NotFound(_)) => {
            return Err(crate::AppError::not_found(
                lang,
                format!("Không có khung theo dõi \"{code}\"."),
                format!("There is no framework \"{code}\"."),
            ));
        }
        Err(e) => return Err(store_error(lang)(e)),
    };
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

/// The choice of [`in_force`] for a list of frameworks (their codes and
/// versions), kept so that a page does not load every framework to decide.
static CHOSEN: std::sync::Mutex<Option<(String, String)>> = std::sync::Mutex::new(None);

/// The framework shown when the address names none: the one whose plan
/// period holds today; else the one that ended most recently; else the
/// next to begin. Never simply the first by code: a new plan's framework
/// takes over when its period starts, whatever it is called.
pub async fn in_force(store: &xanh_store::Store) -> Result<Option<String>, xanh_store::StoreError> {
    let list = store.frameworks().await?;
    if list.len() <= 1 {
        return Ok(list.into_iter().next().map(|f| f.code));
    }
    // The choice holds for this list of frameworks in this year: a server
    // running on 1 January picks again.
    let today = this_year();
    let key = list
        .iter()
        .map(|f| format!("{}@{}", f.code, f.current_version))
        .fold(today.to_string(), |k, f| k + "," + &f);
    if let Ok(guard) = CHOSEN.lock()
        && let Some((k, code)) = guard.as_ref()
        && *k == key
    {
        return Ok(Some(code.clone()));
    }
    let mut plans = Vec::new();
    for f in &list {
        let fw = store.framework(&f.code, None).await?.framework;
        plans.push((f.code.clone(), fw.plan));
    }
    let chosen = choose(&plans, today);
    if let (Ok(mut guard), Some(code)) = (CHOSEN.lock(), chosen.as_ref()) {
        *guard = Some((key, code.clone()));
    }
    Ok(chosen)
}

/// The year today in Vietnam.
pub fn this_year() -> i32 {
    time::OffsetDateTime::now_utc()
        .to_offset(xanh_core::display::VIETNAM)
        .year()
}

/// [`in_force`]'s rule on (code, plan period) pairs.
fn choose(plans: &[(String, Span)], today: i32) -> Option<String> {
    let at = |s: PlanStanding| plans.iter().filter(move |(_, p)| p.standing(today) == s);
    at(PlanStanding::InForce)
        .max_by_key(|(_, p)| p.from)
        .or_else(|| at(PlanStanding::Ended).max_by_key(|(_, p)| p.to))
        .or_else(|| plans.iter().min_by_key(|(_, p)| p.from))
        .map(|(code, _)| code.clone())
}

/// Every stored framework, each in its current version, by code.
pub async fn all_frameworks(
    store: &xanh_store::Store,
) -> Result<Vec<Framework>, xanh_store::StoreError> {
    let mut out = Vec::new();
    for f in store.frameworks().await? {
        out.push(store.framework(&f.code, None).await?.framework);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Span, choose};

    #[test]
    fn the_framework_in_force_wins_over_the_first_by_code() {
        let span = |from, to| Span { from, to };
        let plans = vec![
            ("a-2014".to_string(), span(2014, 2020)),
            ("z-2021".to_string(), span(2021, 2030)),
        ];
        assert_eq!(choose(&plans, 2026).as_deref(), Some("z-2021"));
        assert_eq!(choose(&plans, 2019).as_deref(), Some("a-2014"));
        // Between plans, the one that ended last; before any, the first to begin.
        assert_eq!(choose(&plans, 2035).as_deref(), Some("z-2021"));
        assert_eq!(choose(&plans, 2000).as_deref(), Some("a-2014"));
    }
}
