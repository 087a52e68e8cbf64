//! Aggregation across organisational units by an indicator's rule, saying
//! how many expected units are missing from the aggregate.

use crate::framework::Aggregation;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// None when nothing can be aggregated (no data, or the rule is "none").
    pub value: Option<f64>,
    /// Units whose value (and weight, for a weighted mean) went in.
    pub counted: Vec<String>,
    /// Expected units that gave nothing usable.
    pub missing: Vec<String>,
}

impl Aggregate {
    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// What every aggregation rule needs of a set of units' values: how many
/// gave a number and their total, and the same for those that carry a
/// positive weight. The store keeps them per area × indicator × year (in SQL,
/// and the bulk importer as it loads); the rule is applied here only, in
/// [`Sums::value`], for the dashboard, the national pages and the API alike.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sums {
    /// Units that gave a value of any kind (completeness).
    pub reported: i64,
    /// Units that gave a number (what the rules combine).
    pub n: i64,
    pub total: f64,
    pub weighted_n: i64,
    pub weighted_total: f64,
    pub weight_total: f64,
}

impl Sums {
    /// The value by the indicator's rule, and how many units went in.
    pub fn value(&self, rule: &Aggregation) -> (Option<f64>, i64) {
        match rule {
            Aggregation::Sum if self.n > 0 => (Some(self.total), self.n),
            Aggregation::Mean if self.n > 0 => (Some(self.total / self.n as f64), self.n),
            Aggregation::WeightedMean { .. } if self.weighted_n > 0 && self.weight_total > 0.0 => (
                Some(self.weighted_total / self.weight_total),
                self.weighted_n,
            ),
            Aggregation::WeightedMean { .. } => (None, self.weighted_n),
            _ => (None, self.n),
        }
    }
}

/// Aggregates `values` (unit → value) of the `expected` units by `rule`.
/// `weights` (unit → weight) serve the weighted mean; a unit with a value but
/// no positive weight is counted as missing, since it cannot be weighed.
pub fn aggregate(
    rule: &Aggregation,
    expected: &[String],
    values: &HashMap<String, f64>,
    weights: &HashMap<String, f64>,
) -> Aggregate {
    let mut counted = Vec::new();
    let mut missing = Vec::new();
    let mut sums = Sums::default();
    let weighted = matches!(rule, Aggregation::WeightedMean { .. });
    for unit in expected {
        let value = values.get(unit).copied().filter(|v| v.is_finite());
        let weight = weights
            .get(unit)
            .copied()
            .filter(|w| w.is_finite() && *w > 0.0);
        if let Some(v) = value {
            sums.reported += 1;
            sums.n += 1;
            sums.total += v;
            if let Some(w) = weight {
                sums.weighted_n += 1;
                sums.weighted_total += v * w;
                sums.weight_total += w;
            }
        }
        // A weighted mean counts only the units it can weigh.
        if value.is_some() && (!weighted || weight.is_some()) {
            counted.push(unit.clone());
        } else {
            missing.push(unit.clone());
        }
    }
    let value = sums.value(rule).0;
    Aggregate {
        value,
        counted,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn map(pairs: &[(&str, f64)]) -> HashMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn a_sum_adds_the_units_that_reported_and_names_those_that_did_not() {
        let a = aggregate(
            &Aggregation::Sum,
            &units(&["A", "B", "C"]),
            &map(&[("A", 10.0), ("C", 5.5)]),
            &HashMap::new(),
        );
        assert_eq!(a.value, Some(15.5));
        assert_eq!(a.missing, ["B"]);
        assert!(!a.complete());
    }

    #[test]
    fn a_mean_is_over_the_units_that_reported() {
        let a = aggregate(
            &Aggregation::Mean,
            &units(&["A", "B"]),
            &map(&[("A", 40.0), ("B", 60.0)]),
            &HashMap::new(),
        );
        assert_eq!(a.value, Some(50.0));
        assert!(a.complete());
    }

    #[test]
    fn forest_cover_is_weighted_by_land_area() {
        // (70·300 + 40·100) / (300 + 100) = 25000 / 400 = 62.5
        let rule = Aggregation::WeightedMean {
            weight: "LN.2".into(),
        };
        let a = aggregate(
            &rule,
            &units(&["A", "B", "C"]),
            &map(&[("A", 70.0), ("B", 40.0), ("C", 90.0)]),
            &map(&[("A", 300.0), ("B", 100.0)]),
        );
        assert_eq!(a.value, Some(62.5));
        assert_eq!(
            a.missing,
            ["C"],
            "a value without its weight cannot be counted"
        );
    }

    #[test]
    fn nothing_reported_or_a_rule_of_none_gives_no_aggregate() {
        let none = aggregate(
            &Aggregation::Sum,
            &units(&["A"]),
            &HashMap::new(),
            &HashMap::new(),
        );
        assert_eq!(none.value, None);
        let not_aggregable = aggregate(
            &Aggregation::None,
            &units(&["A"]),
            &map(&[("A", 1.0)]),
            &HashMap::new(),
        );
        assert_eq!(not_aggregable.value, None);
    }
}
