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
    let mut total = 0.0;
    let mut weight_total = 0.0;
    for unit in expected {
        let value = values.get(unit).copied().filter(|v| v.is_finite());
        let usable = match (rule, value) {
            (Aggregation::WeightedMean { .. }, Some(v)) => match weights.get(unit).copied() {
                Some(w) if w.is_finite() && w > 0.0 => {
                    total += v * w;
                    weight_total += w;
                    true
                }
                _ => false,
            },
            (_, Some(v)) => {
                total += v;
                weight_total += 1.0;
                true
            }
            (_, None) => false,
        };
        if usable {
            counted.push(unit.clone());
        } else {
            missing.push(unit.clone());
        }
    }
    let value = match rule {
        _ if counted.is_empty() => None,
        Aggregation::Sum => Some(total),
        Aggregation::Mean | Aggregation::WeightedMean { .. } => Some(total / weight_total),
        Aggregation::None => None,
    };
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
