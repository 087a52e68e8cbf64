//! Consistency rules (`[[rules]]`): each names indicators of the file that
//! carry numbers, in the arrangement its form needs (a part and its whole
//! measured alike; a province's figure beside one its units report).

use super::super::file::{FrameworkFile, IndicatorFile, RuleFile, RuleForm};
use super::super::model::*;
use super::Validator;
use std::collections::{HashMap, HashSet};

impl Validator<'_> {
    pub(super) fn rules(&mut self, f: &FrameworkFile) -> Vec<Rule> {
        let indicators: HashMap<&str, &IndicatorFile> = f
            .objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(|i| (i.code.as_str(), i)))
            .collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, r) in f.rules.iter().enumerate() {
            let path = format!("rules[{i}]");
            self.duplicate(
                &mut seen,
                &r.code,
                ("quy tắc", "rule"),
                &format!("{path}.code"),
            );
            self.require_text(&r.message, &format!("{path}.message"));
            if let Some(check) = self.check(r, &path, &indicators) {
                out.push(Rule {
                    code: r.code.clone(),
                    check,
                    message: r.message.clone(),
                    source: r.source.clone(),
                    notes: r.notes.clone(),
                });
            }
        }
        out
    }

    /// The numeric indicator named at `path`, or a located error.
    fn numeric<'f>(
        &mut self,
        code: &str,
        path: &str,
        indicators: &HashMap<&str, &'f IndicatorFile>,
    ) -> Option<&'f IndicatorFile> {
        match indicators.get(code) {
            None => {
                self.error(
                    "rule_unknown_indicator",
                    path,
                    format!("Chỉ tiêu \"{code}\" không có trong khung."),
                    format!("Indicator \"{code}\" is not in the framework."),
                );
                None
            }
            Some(ind) if !matches!(ind.kind, IndicatorKind::Percent | IndicatorKind::Number) => {
                self.error(
                    "rule_not_numeric",
                    path,
                    format!("Chỉ tiêu \"{code}\" không mang số liệu (loại {:?}): quy tắc chỉ so được các con số.", ind.kind),
                    format!("Indicator \"{code}\" carries no number (kind {:?}): a rule can only compare numbers.", ind.kind),
                );
                None
            }
            Some(ind) => Some(ind),
        }
    }

    /// The other field a form needs, or a located error naming it.
    fn needs<T: Clone>(
        &mut self,
        field: Option<&T>,
        name: &str,
        path: &str,
        form: &str,
    ) -> Option<T> {
        if field.is_none() {
            self.error(
                "rule_missing_field",
                path,
                format!("Quy tắc dạng \"{form}\" cần trường \"{name}\"."),
                format!("A rule of form \"{form}\" needs the field \"{name}\"."),
            );
        }
        field.cloned()
    }

    fn check(
        &mut self,
        r: &RuleFile,
        path: &str,
        indicators: &HashMap<&str, &IndicatorFile>,
    ) -> Option<Check> {
        let ind = self.numeric(&r.indicator, &format!("{path}.indicator"), indicators);
        match r.form {
            RuleForm::NotAbove => {
                let whole = self.needs(r.whole.as_ref(), "whole", path, "not_above")?;
                let w = self.numeric(&whole, &format!("{path}.whole"), indicators);
                let (ind, w) = (ind?, w?);
                if ind.unit.vi != w.unit.vi || ind.reported_by_units != w.reported_by_units {
                    self.error(
                        "rule_not_comparable",
                        &format!("{path}.whole"),
                        format!("\"{}\" ({}) và \"{whole}\" ({}) không cùng đơn vị đo hoặc không cùng được báo cáo theo đơn vị hành chính: không so sánh được.", ind.code, ind.unit.vi, w.unit.vi),
                        format!("\"{}\" ({}) and \"{whole}\" ({}) are not measured alike or not both reported by units: they cannot be compared.", ind.code, ind.unit.en, w.unit.en),
                    );
                    return None;
                }
                Some(Check::NotAbove {
                    part: r.indicator.clone(),
                    whole,
                })
            }
            RuleForm::AtMost => {
                let value = self.needs(r.value.as_ref(), "value", path, "at_most")?;
                if !value.is_finite() {
                    self.error(
                        "rule_bad_number",
                        &format!("{path}.value"),
                        "Giới hạn phải là một số hữu hạn.".into(),
                        "The bound must be a finite number.".into(),
                    );
                    return None;
                }
                ind?;
                Some(Check::AtMost {
                    indicator: r.indicator.clone(),
                    value,
                })
            }
            RuleForm::SumOfUnits => {
                let of = self.needs(r.of.as_ref(), "of", path, "sum_of_units")?;
                let tolerance = r.tolerance_percent.unwrap_or(0.0);
                let o = self.numeric(&of, &format!("{path}.of"), indicators);
                let (ind, o) = (ind?, o?);
                if !(0.0..=100.0).contains(&tolerance) {
                    self.error(
                        "rule_bad_tolerance",
                        &format!("{path}.tolerance_percent"),
                        format!("Sai số cho phép {tolerance}% phải nằm trong khoảng 0–100."),
                        format!("The tolerance {tolerance}% must lie within 0–100."),
                    );
                    return None;
                }
                if ind.reported_by_units || !o.reported_by_units || ind.unit.vi != o.unit.vi {
                    self.error(
                        "rule_not_comparable",
                        path,
                        format!("Quy tắc \"sum_of_units\" so số liệu toàn tỉnh của \"{}\" (reported_by_units = false) với tổng hợp theo đơn vị của \"{of}\" (reported_by_units = true), cùng đơn vị đo.", ind.code),
                        format!("A \"sum_of_units\" rule compares the province's \"{}\" (reported_by_units = false) with the units' \"{of}\" aggregated (reported_by_units = true), measured alike.", ind.code),
                    );
                    return None;
                }
                if o.aggregation == super::super::file::AggregationRule::None {
                    self.error(
                        "rule_not_aggregable",
                        &format!("{path}.of"),
                        format!("Chỉ tiêu \"{of}\" không có quy tắc tổng hợp (aggregation = \"none\"): không tính được tổng theo đơn vị."),
                        format!("Indicator \"{of}\" has no aggregation rule (aggregation = \"none\"): the units cannot be added up."),
                    );
                    return None;
                }
                Some(Check::SumOfUnits {
                    indicator: r.indicator.clone(),
                    of,
                    tolerance_percent: tolerance,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::framework::load;

    const KON_TUM: &str = include_str!("../../../../../frameworks/kon-tum-598-2014.toml");

    fn problems(rule: &str) -> Vec<crate::Problem> {
        match load(&format!("{KON_TUM}\n[[rules]]\n{rule}\n")) {
            Ok(_) => Vec::new(),
            Err(p) => p,
        }
    }

    const MESSAGE: &str = "message = { vi = \"Sai.\", en = \"Wrong.\" }";

    #[test]
    fn the_built_in_rule_loads() {
        let fw = load(KON_TUM).expect("loads").framework;
        assert_eq!(fw.rules.len(), 1);
        assert_eq!(fw.rules[0].check.indicators(), vec!["1.2", "1.1"]);
    }

    #[test]
    fn a_rule_naming_an_unknown_indicator_is_refused_at_its_line_in_both_languages() {
        let p = problems(&format!(
            "code = \"X\"\nform = \"not_above\"\nindicator = \"9.9\"\nwhole = \"1.1\"\n{MESSAGE}"
        ));
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].kind, "rule_unknown_indicator");
        assert!(p[0].vi.contains("\"9.9\""));
        assert!(p[0].en.contains("\"9.9\""));
        let line = KON_TUM.lines().count() + 5;
        assert_eq!(p[0].location.line, Some(line), "{p:?}");
    }

    #[test]
    fn figures_that_cannot_be_compared_are_refused() {
        // A share against a number of communes.
        let p = problems(&format!(
            "code = \"X\"\nform = \"not_above\"\nindicator = \"1.2\"\nwhole = \"2.2.5\"\n{MESSAGE}"
        ));
        assert_eq!(
            p.first().map(|p| p.kind),
            Some("rule_not_comparable"),
            "{p:?}"
        );
        // A milestone carries no number.
        let p = problems(&format!(
            "code = \"X\"\nform = \"at_most\"\nindicator = \"2.2.1\"\nvalue = 1\n{MESSAGE}"
        ));
        assert_eq!(p.first().map(|p| p.kind), Some("rule_not_numeric"), "{p:?}");
        // A form without its field.
        let p = problems(&format!(
            "code = \"X\"\nform = \"sum_of_units\"\nindicator = \"1.1\"\n{MESSAGE}"
        ));
        assert_eq!(
            p.first().map(|p| p.kind),
            Some("rule_missing_field"),
            "{p:?}"
        );
        // Two rules with one code.
        let p = problems(&format!(
            "code = \"R1\"\nform = \"at_most\"\nindicator = \"1.1\"\nvalue = 100\n{MESSAGE}"
        ));
        assert_eq!(p.first().map(|p| p.kind), Some("duplicate_code"), "{p:?}");
    }
}
