//! The text report's section on method B (UN ESCAP: the progress anticipated
//! at the target year, from the series' trend), each figure with its formula.

use super::*;

pub(super) fn method_b_section(o: &mut Out, inputs: &Inputs, a: &Assessment) {
    let lang = o.lang;
    o.heading(
        "PHƯƠNG PHÁP B — tiến độ dự kiến tại năm chỉ tiêu (UN ESCAP)",
        "METHOD B — anticipated progress at the target year (UN ESCAP)",
    );
    let (Some(m), Some(base), Some(current), Some(target), Some(ty)) = (
        &a.method_b,
        a.base,
        a.current,
        a.target_value,
        a.target_year,
    ) else {
        if is_level(&inputs.target) {
            o.line(
                "Không tính được (xem phần giải thích ở trên).",
                "Not computed (see the explanation above).",
            );
        } else {
            o.line(
                "Không áp dụng: dạng chỉ tiêu này không có mức cần đạt vào một năm.",
                "Does not apply: this target form sets no level by a year.",
            );
        }
        return;
    };
    let MethodB {
        projection,
        projected,
        p,
        share_done,
        outlook,
    } = m;
    let (how, formula) = match projection {
        Projection::Cagr => (
            lang.pick(
                "theo tốc độ tăng bình quân từ cơ sở đến hiện tại",
                "compound growth from base to current (CAGR)",
            ),
            a.method_a.as_ref().map_or(String::new(), |m| {
                format!(
                    "{} * (1 + {})^{}",
                    term(current.value, lang),
                    term(m.observed, lang),
                    ty - current.year
                )
            }),
        ),
        Projection::Linear => (
            lang.pick(
                "theo đường thẳng qua giá trị cơ sở và hiện tại (giá trị cơ sở bằng 0)",
                "straight line through base and current (the base value is 0)",
            ),
            format!(
                "{c} + ({c} - {b}) / {} * {}",
                current.year - base.year,
                ty - current.year,
                c = term(current.value, lang),
                b = term(base.value, lang),
            ),
        ),
        Projection::Observed => (
            lang.pick(
                "giá trị quan sát (đã đến năm chỉ tiêu)",
                "observed value (the target year has come)",
            ),
            String::new(),
        ),
    };
    o.row("Cách dự báo", "Projection", how, "");
    o.row(
        &format!("Giá trị dự kiến năm {ty}"),
        &format!("Projected value in {ty}"),
        &num(*projected, 2, lang),
        &formula,
    );
    o.row(
        "P (tiến độ dự kiến)",
        "P (anticipated progress)",
        &num(*p, 3, lang),
        &format!(
            "({} - {}) / ({} - {})",
            term(*projected, lang),
            term(base.value, lang),
            term(target, lang),
            term(base.value, lang)
        ),
    );
    o.row(
        "Phần đã thực hiện",
        "Share of the way done",
        &format!("{}%", num(share_done * 100.0, 2, lang)),
        &format!(
            "{}({} - {}) / |{} - {}|{}",
            sign_factor(direction_sign(inputs.direction)),
            term(current.value, lang),
            term(base.value, lang),
            term(target, lang),
            term(base.value, lang),
            lang.pick(", trong khoảng [0, 1]", ", clipped to [0, 1]")
        ),
    );
    o.row("Triển vọng", "Outlook", outlook.label(lang), "");
}
