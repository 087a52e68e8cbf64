//! The text report's last section: the annual rate the series would need from
//! now to the target year to reach its target.

use super::*;

pub(super) fn rate_needed_section(o: &mut Out, a: &Assessment) {
    let lang = o.lang;
    o.heading(
        "TỐC ĐỘ CẦN ĐẠT MỖI NĂM TỪ NAY ĐẾN NĂM CHỈ TIÊU",
        "ANNUAL RATE NEEDED FROM NOW TO THE TARGET YEAR",
    );
    let label = ("Tốc độ cần đạt", "Rate needed");
    match (a.annual_rate_needed, a.current, a.target_year) {
        (Some(r), Some(c), Some(ty)) => {
            // The goal is the target value, or a range's nearest bound.
            let goal = match a.target {
                Target::Range { min, .. } if c.value < min => min,
                Target::Range { max, .. } if c.value > max => max,
                _ => a.target_value.unwrap_or(c.value),
            };
            o.row(
                label.0,
                label.1,
                &format!("{}{}", pct(r, lang), lang.pick("/năm", " a year")),
                &format!(
                    "({} / {})^(1/{}) - 1",
                    term(goal, lang),
                    term(c.value, lang),
                    ty - c.year
                ),
            );
            let from_to = match lang {
                Lang::Vi => format!(
                    "từ {} năm {} {} {} năm {ty}",
                    value(c.value, lang),
                    c.year,
                    if goal < c.value { "xuống" } else { "lên" },
                    value(goal, lang)
                ),
                Lang::En => format!(
                    "from {} in {} to {} in {ty}",
                    value(c.value, lang),
                    c.year,
                    value(goal, lang)
                ),
            };
            o.row("", "", &from_to, "");
            if matches!(a.target, Target::Above { .. } | Target::Below { .. }) {
                o.row(
                    "",
                    "",
                    lang.pick(
                        "(chỉ tiêu \"trên\"/\"dưới\": phải vượt hẳn giá trị này, bằng là chưa đạt)",
                        "(an \"above\"/\"below\" target: the value must pass this strictly; equal is not enough)",
                    ),
                    "",
                );
            }
        }
        _ => {
            let why = if a.status == Status::Achieved {
                lang.pick("— (đã đạt chỉ tiêu)", "— (the target is met)")
            } else if a.target_year.is_none() || !is_level(&a.target) {
                lang.pick(
                    "— (không áp dụng cho dạng chỉ tiêu này)",
                    "— (does not apply to this target form)",
                )
            } else if matches!((a.current, a.target_year), (Some(c), Some(ty)) if c.year >= ty) {
                lang.pick("— (đã đến năm chỉ tiêu)", "— (the target year has come)")
            } else {
                lang.pick("— (không tính được)", "— (cannot be computed)")
            };
            o.row(label.0, label.1, why, "");
        }
    }
}
