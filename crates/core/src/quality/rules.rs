//! Consistency rules between indicators (`[[rules]]` of the framework):
//! which figures of a period break them, each breach said in one sentence
//! with the figures, so that the officer can answer it and the reviewer see it.

use crate::consolidate::aggregate;
use crate::display::{measure, number};
use crate::framework::{Aggregation, Check, Framework, Rule};
use crate::text::{Lang, Text};
use std::collections::HashMap;

/// A period's figures by (indicator, unit).
pub type Figures = HashMap<(String, String), f64>;

/// A slot: (indicator, unit).
pub type Slot = (String, String);

/// A rule broken by some figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach<'f> {
    pub rule: &'f Rule,
    /// The figures that break it, the one the rule is about first.
    pub slots: Vec<Slot>,
    /// The rule's message and the figures.
    pub why: Text,
}

/// One check of a rule on a unit's figures, held or broken.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'f> {
    pub slots: Vec<Slot>,
    pub breach: Option<Breach<'f>>,
}

/// A figure with its measure, in both languages.
fn shown(fw: &Framework, indicator: &str, v: f64) -> (String, String) {
    let unit = fw
        .indicator(indicator)
        .map(|(_, i)| i.unit.vi.as_str())
        .unwrap_or("");
    (measure(v, unit, Lang::Vi), measure(v, unit, Lang::En))
}

/// Whether `a` exceeds `b` by more than rounding in the last printed digit.
fn exceeds(a: f64, b: f64) -> bool {
    a - b > 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Every check of every rule the `figures` allow (both sides present), for
/// the territorial units `units` of the period; `province` is the code the
/// province's own figures are kept under.
pub fn checks<'f>(fw: &'f Framework, figures: &Figures, units: &[String]) -> Vec<Outcome<'f>> {
    let mut out = Vec::new();
    for rule in &fw.rules {
        match &rule.check {
            Check::NotAbove { part, whole } => {
                for ((ind, unit), a) in figures.iter().filter(|((i, _), _)| i == part) {
                    let Some(b) = figures.get(&(whole.clone(), unit.clone())) else {
                        continue;
                    };
                    let slots = vec![(ind.clone(), unit.clone()), (whole.clone(), unit.clone())];
                    let breach = exceeds(*a, *b).then(|| {
                        let (av, ae) = shown(fw, part, *a);
                        let (bv, be) = shown(fw, whole, *b);
                        Breach {
                            rule,
                            slots: slots.clone(),
                            why: Text::new(
                                format!(
                                    "{} ({part} là {av}, lớn hơn {whole} là {bv}.)",
                                    rule.message.vi
                                ),
                                format!(
                                    "{} ({part} is {ae}, above {whole} at {be}.)",
                                    rule.message.en
                                ),
                            ),
                        }
                    });
                    out.push(Outcome { slots, breach });
                }
            }
            Check::AtMost { indicator, value } => {
                for ((ind, unit), a) in figures.iter().filter(|((i, _), _)| i == indicator) {
                    let slots = vec![(ind.clone(), unit.clone())];
                    let breach = exceeds(*a, *value).then(|| {
                        let (av, ae) = shown(fw, indicator, *a);
                        let (lv, le) = shown(fw, indicator, *value);
                        Breach {
                            rule,
                            slots: slots.clone(),
                            why: Text::new(
                                format!("{} ({indicator} là {av}, vượt {lv}.)", rule.message.vi),
                                format!("{} ({indicator} is {ae}, above {le}.)", rule.message.en),
                            ),
                        }
                    });
                    out.push(Outcome { slots, breach });
                }
            }
            Check::SumOfUnits {
                indicator,
                of,
                tolerance_percent,
            } => {
                if let Some(o) = sum_of_units(
                    fw,
                    rule,
                    figures,
                    units,
                    (indicator, of, *tolerance_percent),
                ) {
                    out.push(o);
                }
            }
        }
    }
    out.sort_by(|a, b| a.slots.cmp(&b.slots));
    out
}

/// The province's figure against its units' aggregate: judged only when
/// every unit has reported, since a partial sum says nothing.
fn sum_of_units<'f>(
    fw: &'f Framework,
    rule: &'f Rule,
    figures: &Figures,
    units: &[String],
    (indicator, of, tolerance): (&str, &str, f64),
) -> Option<Outcome<'f>> {
    let (_, of_ind) = fw.indicator(of)?;
    let a = *figures.get(&(indicator.to_string(), fw.issuer.clone()))?;
    let of_unit = |code: &str| -> HashMap<String, f64> {
        figures
            .iter()
            .filter(|((i, _), _)| i == code)
            .map(|((_, u), v)| (u.clone(), *v))
            .collect()
    };
    let weights = match &of_ind.aggregation {
        Aggregation::WeightedMean { weight } => of_unit(weight),
        _ => HashMap::new(),
    };
    let agg = aggregate(&of_ind.aggregation, units, &of_unit(of), &weights);
    if !agg.complete() {
        return None;
    }
    let b = agg.value?;
    let mut slots = vec![(indicator.to_string(), fw.issuer.clone())];
    slots.extend(units.iter().map(|u| (of.to_string(), u.clone())));
    let gap = if b == 0.0 {
        if a == 0.0 { 0.0 } else { f64::INFINITY }
    } else {
        (a - b).abs() / b.abs() * 100.0
    };
    let breach = (gap > tolerance + 1e-9).then(|| {
        let (av, ae) = shown(fw, indicator, a);
        let (bv, be) = shown(fw, of, b);
        let n = units.len();
        let g = |lang| if gap.is_finite() { format!("{}%", number(gap, lang)) } else { "∞".into() };
        let t = |lang| format!("{}%", number(tolerance, lang));
        Breach {
            rule,
            slots: slots.clone(),
            why: Text::new(
                format!(
                    "{} (toàn tỉnh {indicator} là {av}; {of} tổng hợp từ {n} đơn vị là {bv}: lệch {}, cho phép {}.)",
                    rule.message.vi, g(Lang::Vi), t(Lang::Vi)
                ),
                format!(
                    "{} (the province's {indicator} is {ae}; {of} over {n} units is {be}: {} apart, {} allowed.)",
                    rule.message.en, g(Lang::En), t(Lang::En)
                ),
            ),
        }
    });
    Some(Outcome { slots, breach })
}

/// The breaches among `checks`.
pub fn breaches<'f>(fw: &'f Framework, figures: &Figures, units: &[String]) -> Vec<Breach<'f>> {
    checks(fw, figures, units)
        .into_iter()
        .filter_map(|o| o.breach)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::load;

    const KON_TUM: &str = include_str!("../../../../frameworks/kon-tum-598-2014.toml");

    /// The 2014 framework with a province-wide area (T.1, ha) that the
    /// districts' natural land area (LN.2) should add up to, and a cap on the
    /// number of communes (2.2.5), so that every form is exercised.
    fn framework() -> Framework {
        let text = format!(
            "{KON_TUM}
[[rules]]
code = \"T1\"
form = \"sum_of_units\"
indicator = \"T.1\"
of = \"LN.2\"
tolerance_percent = 1
message = {{ vi = \"Diện tích toàn tỉnh phải bằng tổng các huyện.\", en = \"The province's area must equal its districts' sum.\" }}

[[rules]]
code = \"T2\"
form = \"at_most\"
indicator = \"2.2.5\"
value = 120
message = {{ vi = \"Mỗi huyện có không quá 120 xã.\", en = \"No district has over 120 communes.\" }}

[[objectives]]
code = \"T\"
title = {{ vi = \"Thử\", en = \"Test\" }}
output = {{ vi = \"Thử\", en = \"Test\" }}
reporting = [\"annual\"]
lead = \"SO-NNPTNT\"

[[objectives.indicators]]
code = \"T.1\"
name = {{ vi = \"Diện tích toàn tỉnh\", en = \"Province area\" }}
unit = {{ vi = \"ha\", en = \"ha\" }}
kind = \"number\"
target = {{ form = \"none\" }}
"
        );
        match load(&text) {
            Ok(l) => l.framework,
            Err(p) => panic!("{p:?}"),
        }
    }

    fn figures(list: &[(&str, &str, f64)]) -> Figures {
        list.iter()
            .map(|(i, u, v)| ((i.to_string(), u.to_string()), *v))
            .collect()
    }

    #[test]
    fn a_part_above_its_whole_is_a_breach_said_with_both_figures() {
        let fw = framework();
        let f = figures(&[("1.1", "UBND-TINH", 40.0), ("1.2", "UBND-TINH", 55.0)]);
        let b = breaches(&fw, &f, &[]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule.code, "R1");
        assert!(
            b[0].why.vi.ends_with("(1.2 là 55%, lớn hơn 1.1 là 40%.)"),
            "{}",
            b[0].why.vi
        );
        assert!(b[0].why.en.ends_with("(1.2 is 55%, above 1.1 at 40%.)"));
        assert_eq!(b[0].slots[0], ("1.2".to_string(), "UBND-TINH".to_string()));
        // Equal, or below: the rule holds, and one check is counted.
        let ok = figures(&[("1.1", "UBND-TINH", 40.0), ("1.2", "UBND-TINH", 40.0)]);
        let c = checks(&fw, &ok, &[]);
        assert_eq!(c.len(), 1);
        assert!(c[0].breach.is_none());
        // One side missing: nothing to check.
        assert!(checks(&fw, &figures(&[("1.2", "UBND-TINH", 55.0)]), &[]).is_empty());
    }

    #[test]
    fn a_bound_is_checked_unit_by_unit() {
        let fw = framework();
        let f = figures(&[("2.2.5", "H-DAKHA", 11.0), ("2.2.5", "H-SATHAY", 1100.0)]);
        let b = breaches(&fw, &f, &[]);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].slots,
            vec![("2.2.5".to_string(), "H-SATHAY".to_string())]
        );
        assert!(
            b[0].why.vi.ends_with("(2.2.5 là 1.100, vượt 120.)"),
            "{}",
            b[0].why.vi
        );
    }

    #[test]
    fn the_provinces_figure_must_match_its_units_sum_within_the_tolerance_once_all_reported() {
        let fw = framework();
        let units: Vec<String> = ["A", "B", "C"].iter().map(|s| s.to_string()).collect();
        let mut f = figures(&[
            ("LN.2", "A", 100.0),
            ("LN.2", "B", 200.0),
            ("LN.2", "C", 300.0),
        ]);
        // 600 against 605: 0,83% apart, within 1%.
        f.insert(("T.1".into(), "UBND-TINH".into()), 605.0);
        assert!(breaches(&fw, &f, &units).is_empty());
        assert_eq!(checks(&fw, &f, &units).len(), 1);
        // 600 against 610: 1,67% apart.
        f.insert(("T.1".into(), "UBND-TINH".into()), 610.0);
        let b = breaches(&fw, &f, &units);
        assert_eq!(b.len(), 1);
        assert!(
            b[0].why.vi.ends_with(
                "(toàn tỉnh T.1 là 610; LN.2 tổng hợp từ 3 đơn vị là 600: lệch 1,67%, cho phép 1%.)"
            ),
            "{}",
            b[0].why.vi
        );
        // A unit missing: a partial sum judges nothing.
        f.remove(&("LN.2".to_string(), "C".to_string()));
        assert!(checks(&fw, &f, &units).is_empty());
    }
}
