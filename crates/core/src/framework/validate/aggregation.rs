//! How an indicator reported by units adds up to the province's figure: a sum,
//! a mean, or a mean weighted by another indicator that units also report.

use super::super::file::{self, IndicatorFile};
use super::super::model::*;
use super::Validator;
use std::collections::HashMap;

impl Validator<'_> {
    pub(super) fn aggregation(
        &mut self,
        ind: &IndicatorFile,
        path: &str,
        all: &HashMap<&str, &IndicatorFile>,
    ) -> Aggregation {
        use file::AggregationRule as R;
        let apath = format!("{path}.aggregation");
        let aggregable = matches!(ind.kind, IndicatorKind::Percent | IndicatorKind::Number);
        if !aggregable && ind.aggregation != R::None {
            self.error(
                "not_aggregable",
                &apath,
                format!("Chỉ tiêu \"{}\" loại {:?} không thể cộng gộp giữa các đơn vị: dùng aggregation = \"none\".", ind.code, ind.kind),
                format!("Indicator \"{}\" of kind {:?} cannot be combined across units: use aggregation = \"none\".", ind.code, ind.kind),
            );
        }
        if ind.kind == IndicatorKind::Percent && ind.aggregation == R::Sum {
            self.error(
                "sum_of_percent",
                &apath,
                format!("Không thể cộng các tỷ lệ % của chỉ tiêu \"{}\": dùng mean hoặc weighted_mean.", ind.code),
                format!("The percentages of indicator \"{}\" cannot be summed: use mean or weighted_mean.", ind.code),
            );
        }
        if ind.aggregation != R::WeightedMean && ind.weight.is_some() {
            self.warning(
                "weight_unused",
                &format!("{path}.weight"),
                format!(
                    "Chỉ tiêu \"{}\" có weight nhưng không tổng hợp theo bình quân gia quyền.",
                    ind.code
                ),
                format!(
                    "Indicator \"{}\" names a weight but is not aggregated by weighted mean.",
                    ind.code
                ),
            );
        }
        match ind.aggregation {
            R::Sum => Aggregation::Sum,
            R::Mean => Aggregation::Mean,
            R::None => Aggregation::None,
            R::WeightedMean => {
                let weight = ind.weight.clone().unwrap_or_default();
                match all.get(weight.as_str()) {
                    _ if ind.weight.is_none() => self.error(
                        "weight_missing",
                        &apath,
                        format!("Chỉ tiêu \"{}\" tổng hợp theo bình quân gia quyền nhưng không ghi chỉ tiêu làm quyền số (weight).", ind.code),
                        format!("Indicator \"{}\" is aggregated by weighted mean but names no weight indicator.", ind.code),
                    ),
                    _ if weight == ind.code => self.error(
                        "self_reference",
                        &format!("{path}.weight"),
                        "Một chỉ tiêu không thể làm quyền số cho chính nó.".into(),
                        "An indicator cannot weigh itself.".into(),
                    ),
                    None => self.error(
                        "weight_unknown",
                        &format!("{path}.weight"),
                        format!("Chỉ tiêu quyền số \"{weight}\" không tồn tại trong khung."),
                        format!("Weight indicator \"{weight}\" does not exist in the framework."),
                    ),
                    Some(w) if !(w.kind == IndicatorKind::Number && w.reported_by_units) => self.error(
                        "weight_unusable",
                        &format!("{path}.weight"),
                        format!("Chỉ tiêu quyền số \"{weight}\" phải là chỉ tiêu số lượng (number) do các đơn vị báo cáo (reported_by_units = true)."),
                        format!("Weight indicator \"{weight}\" must be a number reported by units (reported_by_units = true)."),
                    ),
                    Some(_) => {}
                }
                Aggregation::WeightedMean { weight }
            }
        }
    }
}
