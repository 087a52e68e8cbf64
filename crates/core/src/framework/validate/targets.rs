//! An indicator's target: the form it takes (a value, a range, a change from a
//! baseline, a milestone, a qualitative aim or none), the fields each form needs,
//! and the years it names checked against the plan period.

use super::super::file::{IndicatorFile, TargetFile};
use super::super::model::*;
use super::Validator;

impl Validator<'_> {
    pub(super) fn target(&mut self, ind: &IndicatorFile, path: &str, plan: Span) -> Target {
        let t: &TargetFile = &ind.target;
        let form = t.form;
        let kind_fits = match form {
            TargetForm::Milestone => ind.kind == IndicatorKind::Milestone,
            TargetForm::Qualitative => ind.kind == IndicatorKind::Qualitative,
            TargetForm::AllFrom => ind.kind == IndicatorKind::Percent,
            TargetForm::None => !matches!(
                ind.kind,
                IndicatorKind::Milestone | IndicatorKind::Qualitative
            ),
            _ => matches!(ind.kind, IndicatorKind::Percent | IndicatorKind::Number),
        };
        if !kind_fits {
            self.error(
                "kind_form_mismatch",
                &format!("{path}.form"),
                format!(
                    "Chỉ tiêu \"{}\" loại {:?} không thể có mục tiêu dạng {:?}.",
                    ind.code, ind.kind, form
                ),
                format!(
                    "Indicator \"{}\" of kind {:?} cannot have a target of form {:?}.",
                    ind.code, ind.kind, form
                ),
            );
        }
        let numbers = [("value", t.value), ("min", t.min), ("max", t.max)];
        if matches!(
            form,
            TargetForm::Milestone
                | TargetForm::Qualitative
                | TargetForm::AllFrom
                | TargetForm::None
        ) {
            for (field, v) in numbers {
                if v.is_some() {
                    let kind = if form == TargetForm::Milestone {
                        "milestone_with_number"
                    } else {
                        "unexpected_number"
                    };
                    self.error(
                        kind,
                        &format!("{path}.{field}"),
                        format!("Mục tiêu dạng {form:?} của chỉ tiêu \"{}\" không nhận giá trị số ({field}): chỉ ghi năm.", ind.code),
                        format!("A {form:?} target (indicator \"{}\") takes no number ({field}): give only the year.", ind.code),
                    );
                }
            }
        }
        let needs = |field: &'static str| (field, path.to_string());
        let mut missing = Vec::new();
        let year = match form {
            TargetForm::AllFrom | TargetForm::None => None,
            TargetForm::Qualitative => t.year,
            _ => {
                if t.year.is_none() {
                    missing.push(needs("year"));
                }
                t.year
            }
        };
        if form == TargetForm::AllFrom && t.from_year.is_none() {
            missing.push(needs("from_year"));
        }
        if form != TargetForm::AllFrom && t.from_year.is_some() {
            self.error(
                "unexpected_number",
                &format!("{path}.from_year"),
                "Chỉ mục tiêu dạng all_from mới có from_year.".into(),
                "Only an all_from target has a from_year.".into(),
            );
        }
        let value_forms = [
            TargetForm::AtLeast,
            TargetForm::Above,
            TargetForm::AtMost,
            TargetForm::Below,
        ];
        if value_forms.contains(&form) && t.value.is_none() {
            missing.push(needs("value"));
        }
        if form == TargetForm::Range {
            if t.min.is_none() {
                missing.push(needs("min"));
            }
            if t.max.is_none() {
                missing.push(needs("max"));
            }
            if t.value.is_some() {
                self.error(
                    "unexpected_number",
                    &format!("{path}.value"),
                    "Mục tiêu dạng khoảng (range) ghi bằng min và max, không dùng value.".into(),
                    "A range target is written with min and max, not value.".into(),
                );
            }
        } else if (t.min.is_some() || t.max.is_some()) && value_forms.contains(&form) {
            self.error(
                "unexpected_number",
                &format!("{path}.min"),
                format!("Mục tiêu dạng {form:?} ghi bằng value; min/max chỉ dùng cho dạng range."),
                format!("A {form:?} target is written with value; min/max belong to a range."),
            );
        }
        for (field, p) in &missing {
            self.error(
                "target_incomplete",
                p,
                format!(
                    "Mục tiêu dạng {form:?} của chỉ tiêu \"{}\" thiếu trường \"{field}\".",
                    ind.code
                ),
                format!(
                    "The {form:?} target of indicator \"{}\" lacks \"{field}\".",
                    ind.code
                ),
            );
        }
        for (field, v) in numbers {
            if let Some(v) = v {
                self.number(ind, v, &format!("{path}.{field}"));
            }
        }
        if let (Some(min), Some(max)) = (t.min, t.max)
            && min > max
        {
            self.error(
                "range_reversed",
                &format!("{path}.min"),
                format!(
                    "Khoảng mục tiêu của chỉ tiêu \"{}\": min {min} lớn hơn max {max}.",
                    ind.code
                ),
                format!(
                    "Target range of indicator \"{}\": min {min} is greater than max {max}.",
                    ind.code
                ),
            );
        }
        for (field, y) in [("year", year), ("from_year", t.from_year)] {
            if let Some(y) = y
                && !plan.contains(y)
            {
                self.error(
                    "target_year_outside_plan",
                    &format!("{path}.{field}"),
                    format!(
                        "Năm mục tiêu {y} của chỉ tiêu \"{}\" nằm ngoài giai đoạn kế hoạch {}–{}.",
                        ind.code, plan.from, plan.to
                    ),
                    format!(
                        "Target year {y} of indicator \"{}\" is outside the plan period {}–{}.",
                        ind.code, plan.from, plan.to
                    ),
                );
            }
        }
        let mismatch = matches!(
            (form, ind.direction),
            (TargetForm::AtLeast | TargetForm::Above, Direction::Decrease)
                | (TargetForm::AtMost | TargetForm::Below, Direction::Increase)
        );
        if mismatch {
            self.warning(
                "direction_mismatch",
                &format!("{path}.form"),
                format!(
                    "Chỉ tiêu \"{}\": dạng mục tiêu {form:?} ngược với xu hướng {:?}.",
                    ind.code, ind.direction
                ),
                format!(
                    "Indicator \"{}\": target form {form:?} runs against direction {:?}.",
                    ind.code, ind.direction
                ),
            );
        }
        let y = year.unwrap_or(0);
        let (v, min, max) = (
            t.value.unwrap_or(0.0),
            t.min.unwrap_or(0.0),
            t.max.unwrap_or(0.0),
        );
        match form {
            TargetForm::AtLeast => Target::AtLeast { value: v, year: y },
            TargetForm::Above => Target::Above { value: v, year: y },
            TargetForm::AtMost => Target::AtMost { value: v, year: y },
            TargetForm::Below => Target::Below { value: v, year: y },
            TargetForm::Range => Target::Range { min, max, year: y },
            TargetForm::AllFrom => Target::AllFrom {
                from_year: t.from_year.unwrap_or(0),
            },
            TargetForm::Milestone => Target::Milestone { year: y },
            TargetForm::Qualitative => Target::Qualitative { year },
            TargetForm::None => Target::None,
        }
    }
}
