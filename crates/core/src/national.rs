//! The assessment of one period over many areas (a ministry's view of every
//! province, or a province's view of its districts), computed from the sums
//! per area × indicator × year that the store keeps up to date.
//!
//! Each indicator's value for an area follows its aggregation rule over the
//! area's territorial units; the nation's over all of them. The status is the
//! same assessment as everywhere else (`assess_indicator`) on the series of
//! those values up to the period's year. Completeness counts the units whose
//! value went in against the units expected (those existing at the end of the
//! period's data).

use crate::assess::{Series, Status, assess_indicator};
use crate::framework::{Framework, Indicator};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use time::Date;

pub use crate::consolidate::Sums;

/// The code under which the nation's sums are kept.
pub const NATION: &str = "*";

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub indicator: String,
    pub value: Option<f64>,
    /// Units whose value went into the aggregate.
    pub counted: i64,
    /// Units that gave a value of any kind.
    pub reported: i64,
    pub expected: i64,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaResult {
    /// The area's unit code; "*" for the nation.
    pub code: String,
    pub name_vi: String,
    pub expected_units: i64,
    pub indicators: Vec<IndicatorResult>,
    /// Indicators per status code.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Indicators for which every expected unit gave a value.
    pub complete: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    pub framework: String,
    pub year: i32,
    pub nation: AreaResult,
    pub areas: Vec<AreaResult>,
}

/// The areas of a framework (parents of territorial units) with the number of
/// their units that exist on `day`, in the order of the file.
pub fn areas(fw: &Framework, day: Date) -> Vec<(String, i64)> {
    let mut order: Vec<String> = Vec::new();
    let mut count: HashMap<&str, i64> = HashMap::new();
    for u in fw.units.iter().filter(|u| u.is_territorial()) {
        let Some(parent) = u.parent.as_deref() else {
            continue;
        };
        if !count.contains_key(parent) {
            order.push(parent.to_string());
            count.insert(parent, 0);
        }
        if u.exists_on(day)
            && let Some(c) = count.get_mut(parent)
        {
            *c += 1;
        }
    }
    order
        .into_iter()
        .map(|a| {
            let n = count.get(a.as_str()).copied().unwrap_or(0);
            (a, n)
        })
        .collect()
}

/// Sums by (area, indicator) → year → sums.
pub type SumsIndex = HashMap<(String, String), Vec<(i32, Sums)>>;

/// Builds the index from rows of (year, indicator, area, sums).
pub fn index(rows: impl IntoIterator<Item = (i32, String, String, Sums)>) -> SumsIndex {
    let mut out: SumsIndex = HashMap::new();
    for (year, indicator, area, sums) in rows {
        out.entry((area, indicator)).or_default().push((year, sums));
    }
    out
}

/// One indicator for one area in `year`, from its sums.
pub fn assess_area_indicator(
    indicator: &Indicator,
    sums: Option<&Vec<(i32, Sums)>>,
    expected: i64,
    year: i32,
) -> IndicatorResult {
    let mut points = Vec::new();
    let mut current = (None, 0);
    let mut reported = 0;
    for (y, s) in sums.map(Vec::as_slice).unwrap_or_default() {
        if *y > year {
            continue;
        }
        let (value, counted) = s.value(&indicator.aggregation);
        if *y == year {
            current = (value, counted);
            reported = s.reported;
        }
        if let Some(v) = value.filter(|v| v.is_finite()) {
            points.push((*y, v));
        }
    }
    let status = match Series::new(points) {
        Ok(series) => assess_indicator(indicator, &series, year).status,
        Err(_) => Status::InsufficientData,
    };
    IndicatorResult {
        indicator: indicator.code.clone(),
        value: current.0,
        counted: current.1,
        reported,
        expected,
        status,
    }
}

/// One area's (or the nation's) assessment of every indicator.
pub fn assess_area(
    fw: &Framework,
    code: &str,
    expected_units: i64,
    sums: &SumsIndex,
    year: i32,
) -> AreaResult {
    let mut by_status = BTreeMap::new();
    let mut complete = 0;
    let mut indicators = Vec::new();
    for objective in &fw.objectives {
        for indicator in &objective.indicators {
            let r = assess_area_indicator(
                indicator,
                sums.get(&(code.to_string(), indicator.code.clone())),
                expected_units,
                year,
            );
            *by_status.entry(r.status.code()).or_insert(0) += 1;
            if r.reported >= expected_units && expected_units > 0 {
                complete += 1;
            }
            indicators.push(r);
        }
    }
    let name_vi = if code == NATION {
        "Tổng cộng (mọi khu vực)".to_string()
    } else {
        fw.unit(code)
            .map(|u| u.name.vi.clone())
            .unwrap_or_else(|| code.to_string())
    };
    AreaResult {
        code: code.to_string(),
        name_vi,
        expected_units,
        indicators,
        by_status,
        complete,
    }
}

/// The whole consolidation of `year`: every area and the nation.
pub fn consolidate(fw: &Framework, year: i32, day: Date, sums: &SumsIndex) -> Consolidation {
    let areas = areas(fw, day);
    let all: i64 = areas.iter().map(|(_, n)| n).sum();
    Consolidation {
        framework: fw.code.clone(),
        year,
        nation: assess_area(fw, NATION, all, sums, year),
        areas: areas
            .iter()
            .map(|(code, n)| assess_area(fw, code, *n, sums, year))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Aggregation;

    #[test]
    fn each_rule_reads_its_own_sums() {
        let s = Sums {
            reported: 4,
            n: 4,
            total: 200.0,
            weighted_n: 2,
            weighted_total: 700.0,
            weight_total: 10.0,
        };
        assert_eq!(s.value(&Aggregation::Sum), (Some(200.0), 4));
        assert_eq!(s.value(&Aggregation::Mean), (Some(50.0), 4));
        let weighted = Aggregation::WeightedMean { weight: "W".into() };
        assert_eq!(s.value(&weighted), (Some(70.0), 2));
        assert_eq!(s.value(&Aggregation::None), (None, 4));
    }
}
