//! The eras of an indicator reported by area, as the indicator page and its
//! chart show them: which units reported which years, and where their level
//! changed (core's `framework::eras` holds the rule).

use crate::lang::Lang;
use xanh_core::framework::{Framework, Indicator};

/// "2023–2024: 13 đơn vị cấp huyện …", one line per era of the units that
/// report an indicator by area, when they changed within the plan.
pub(super) fn lines(fw: &Framework, ind: &Indicator, year: i32, lang: Lang) -> Vec<String> {
    if !ind.reported_by_units {
        return Vec::new();
    }
    let eras = xanh_core::framework::eras::eras(fw);
    if eras.len() < 2 {
        return Vec::new();
    }
    eras.iter()
        .map(|e| {
            let years = if e.from == e.to {
                e.from.to_string()
            } else {
                format!("{}–{}", e.from, e.to)
            };
            format!("{years}: {}", e.describe(lang))
        })
        .chain(
            xanh_core::framework::eras::comparable_since(fw, year).map(|since| {
                format!(
                    "{} {since}{}",
                    lang.pick(
                        &format!("Tiến độ năm {year} được đánh giá trên số liệu từ năm"),
                        &format!("Progress in {year} is assessed on the figures from"),
                    ),
                    lang.pick(
                        ", khi các đơn vị báo cáo cùng cấp.",
                        " on, reported by units of the same level."
                    )
                )
            }),
        )
        .collect()
}
