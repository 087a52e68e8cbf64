//! The sums of a bulk import, computed while its rows stream by, for the
//! periods that held no value before it: then the import's rows are all the
//! period's values, and adding them up here spares a pass over millions of
//! rows in SQL afterwards. Periods that already held values are summed again
//! in SQL from the stored values (`aggregates::refresh_period`). Both give
//! what a recomputation gives; `tests/it/bulk_import.rs` checks it.

use crate::BulkRow;
use std::collections::{HashMap, HashSet};
use xanh_core::report::Value;

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Acc {
    pub reported: i64,
    pub n: i64,
    pub total: f64,
    pub weighted_n: i64,
    pub weighted_total: f64,
    pub weight_total: f64,
}

pub(crate) struct FreshSums {
    /// Indicator → the indicator that weighs it.
    weight_of: HashMap<String, String>,
    is_weight: HashSet<String>,
    sums: HashMap<(i64, String, String), Acc>,
    /// Values of weighted indicators: (period, indicator, unit, area, value).
    weighted: Vec<(i64, String, String, String, f64)>,
    /// Values of weights: (period, weight indicator, unit) → value.
    weights: HashMap<(i64, String, String), f64>,
}

impl FreshSums {
    pub fn new(weight_of: HashMap<String, String>) -> FreshSums {
        let is_weight = weight_of.values().cloned().collect();
        FreshSums {
            weight_of,
            is_weight,
            sums: HashMap::new(),
            weighted: Vec::new(),
            weights: HashMap::new(),
        }
    }

    pub fn add(&mut self, row: &BulkRow) {
        let Some(area) = &row.area else { return };
        let acc = self
            .sums
            .entry((row.period_id, row.indicator.clone(), area.clone()))
            .or_default();
        acc.reported += 1;
        let Value::Number(x) = row.value else { return };
        acc.n += 1;
        acc.total += x;
        if self.weight_of.contains_key(&row.indicator) {
            self.weighted.push((
                row.period_id,
                row.indicator.clone(),
                row.unit.clone(),
                area.clone(),
                x,
            ));
        }
        if self.is_weight.contains(&row.indicator) {
            self.weights
                .insert((row.period_id, row.indicator.clone(), row.unit.clone()), x);
        }
    }

    /// Every sum of the periods kept, by period.
    pub fn finish(mut self) -> HashMap<i64, Vec<(String, String, Acc)>> {
        for (period, indicator, unit, area, x) in std::mem::take(&mut self.weighted) {
            let Some(weight) = self.weight_of.get(&indicator) else {
                continue;
            };
            let Some(w) = self
                .weights
                .get(&(period, weight.clone(), unit))
                .copied()
                .filter(|w| *w > 0.0)
            else {
                continue;
            };
            if let Some(acc) = self.sums.get_mut(&(period, indicator, area)) {
                acc.weighted_n += 1;
                acc.weighted_total += x * w;
                acc.weight_total += w;
            }
        }
        let mut out: HashMap<i64, Vec<(String, String, Acc)>> = HashMap::new();
        for ((period, indicator, area), acc) in self.sums {
            out.entry(period).or_default().push((indicator, area, acc));
        }
        out
    }
}
