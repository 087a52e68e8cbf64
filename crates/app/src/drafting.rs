//! Narratives drafted from the figures (core's `draft`), gathered for an
//! agency's report from the period's stored figures and the earlier years:
//! the province's own figure, or the units' figures aggregated by the
//! indicator's rule, with the units that are missing or behind. Shown beside
//! each objective with every figure linked to its source; taken into the
//! report only when a person asks.

use crate::quality::Facts;
use std::collections::{BTreeMap, HashMap};
use xanh_core::assess::{Series, assess_indicator};
use xanh_core::consolidate::aggregate;
use xanh_core::draft::{self, IndicatorFacts, Paragraph, Piece};
use xanh_core::framework::{Aggregation, Framework, Indicator, IndicatorKind};
use xanh_core::report::{ObjectiveScope, Value};
use xanh_core::text::Lang;

/// A piece of a draft as a page shows it: words, or a figure linked to its source.
pub struct PieceView {
    pub text: String,
    pub link: String,
}

fn name(fw: &Framework, code: &str, lang: Lang) -> String {
    fw.unit(code)
        .map(|u| u.short().get(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The province's series of a unit-reported indicator: each earlier year
/// aggregated over the units that reported it, and this year's only when
/// every expected unit has.
fn aggregated(facts: &Facts, ind: &Indicator, units: &[String], year: i32) -> Series {
    let weight = match &ind.aggregation {
        Aggregation::WeightedMean { weight } => Some(weight.clone()),
        _ => None,
    };
    let by_year = |code: &str| {
        let mut out: BTreeMap<i32, HashMap<String, f64>> = BTreeMap::new();
        for u in units {
            for (y, v) in facts.dated(&(code.to_string(), u.clone())) {
                out.entry(*y).or_default().insert(u.clone(), *v);
            }
        }
        out
    };
    let values = by_year(&ind.code);
    let weights = weight.as_deref().map(by_year).unwrap_or_default();
    let mut points: Vec<(i32, f64)> = values
        .iter()
        .filter(|(y, _)| **y < year)
        .filter_map(|(y, v)| {
            let reported: Vec<String> = v.keys().cloned().collect();
            let w = weights.get(y).cloned().unwrap_or_default();
            aggregate(&ind.aggregation, &reported, v, &w)
                .value
                .map(|a| (*y, a))
        })
        .collect();
    let now: HashMap<String, f64> = units
        .iter()
        .filter_map(|u| {
            facts
                .number(&(ind.code.clone(), u.clone()))
                .map(|v| (u.clone(), v))
        })
        .collect();
    let w: HashMap<String, f64> = weight
        .map(|w| {
            units
                .iter()
                .filter_map(|u| {
                    facts
                        .number(&(w.clone(), u.clone()))
                        .map(|v| (u.clone(), v))
                })
                .collect()
        })
        .unwrap_or_default();
    let a = aggregate(&ind.aggregation, units, &now, &w);
    if let (true, Some(v)) = (a.complete(), a.value) {
        points.push((year, v));
    }
    Series::new(points).unwrap_or_default()
}

/// What an indicator's sentences are written from, in this report.
fn facts_of<'f>(
    fw: &'f Framework,
    facts: &Facts,
    ind: &'f Indicator,
    units: &[String],
    year: i32,
    lang: Lang,
) -> IndicatorFacts<'f> {
    let own = |unit: &str| -> Series {
        let slot = (ind.code.clone(), unit.to_string());
        let mut points: Vec<(i32, f64)> = facts.dated(&slot).to_vec();
        let now = match ind.kind {
            IndicatorKind::Milestone => facts
                .values
                .iter()
                .find(|v| v.indicator_code == slot.0 && v.unit_code == slot.1)
                .and_then(|v| match v.value {
                    Some(Value::YesNo(b)) => Some(f64::from(u8::from(b))),
                    _ => None,
                }),
            _ => facts.number(&slot),
        };
        points.retain(|(y, _)| *y < year);
        points.extend(now.map(|v| (year, v)));
        Series::new(points).unwrap_or_default()
    };
    let by_units = units.first().is_some_and(|u| *u != fw.issuer);
    let series = if by_units {
        aggregated(facts, ind, units, year)
    } else {
        own(&fw.issuer)
    };
    let (mut missing, mut behind) = (Vec::new(), Vec::new());
    if by_units {
        for u in units {
            let s = own(u);
            if s.value_in(year).is_none() {
                missing.push(name(fw, u, lang));
            } else {
                let status = assess_indicator(ind, &s, year).status;
                if draft::is_behind(status) {
                    behind.push((name(fw, u, lang), status));
                }
            }
        }
    }
    IndicatorFacts {
        indicator: ind,
        unit: fw.issuer.clone(),
        assessment: assess_indicator(ind, &series, year),
        series,
        year,
        missing,
        behind,
    }
}

/// The draft of an objective of an agency's report, or None when it has
/// nothing to draft from (only qualitative indicators).
pub fn objective(
    fw: &Framework,
    scope: &ObjectiveScope,
    facts: &Facts,
    year: i32,
    lang: Lang,
) -> Option<Paragraph> {
    let mut list = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for slot in &scope.slots {
        if seen.contains(&slot.indicator.as_str()) {
            continue;
        }
        seen.push(&slot.indicator);
        let Some((_, ind)) = fw.indicator(&slot.indicator) else {
            continue;
        };
        if ind.kind == IndicatorKind::Qualitative {
            continue;
        }
        let units: Vec<String> = scope
            .slots
            .iter()
            .filter(|s| s.indicator == ind.code)
            .map(|s| s.unit.clone())
            .collect();
        list.push(facts_of(fw, facts, ind, &units, year, lang));
    }
    (!list.is_empty()).then(|| draft::objective(&list, lang))
}

/// The pieces of a draft for a page: a figure of this period that the
/// report holds links to its field; any other to the indicator's page for
/// its year.
pub fn view(p: &Paragraph, fw: &Framework, scope: &[ObjectiveScope], year: i32) -> Vec<PieceView> {
    p.pieces
        .iter()
        .map(|piece| match piece {
            Piece::Words(w) => PieceView {
                text: w.clone(),
                link: String::new(),
            },
            Piece::Figure { shown, source, .. } => {
                let held = scope
                    .iter()
                    .flat_map(|o| &o.slots)
                    .any(|s| s.indicator == source.indicator && s.unit == source.unit);
                PieceView {
                    text: shown.clone(),
                    link: if held && source.year == year {
                        format!("#v:{}:{}", source.indicator, source.unit)
                    } else {
                        format!(
                            "/indicators/{}?framework={}&year={}",
                            source.indicator, fw.code, source.year
                        )
                    },
                }
            }
        })
        .collect()
}
