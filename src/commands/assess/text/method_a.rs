//! The text report's section on method A (Statistics Canada: the observed
//! growth against the growth the target requires), each figure with its
//! formula, together with the base as growth rates use it and how a natural
//! limit scales the result.

use super::*;

/// The base value as growth rates use it (0 is replaced by 0.001).
pub(super) fn base_used(b: f64) -> f64 {
    if b == 0.0 { ZERO_REPLACEMENT } else { b }
}

pub(super) fn method_a_section(o: &mut Out, inputs: &Inputs, a: &Assessment) {
    let lang = o.lang;
    o.heading(
        "PHƯƠNG PHÁP A — tăng trưởng quan sát so với tăng trưởng cần thiết (Statistics Canada)",
        "METHOD A — observed against required growth (Statistics Canada)",
    );
    let (Some(m), Some(base), Some(current)) = (&a.method_a, a.base, a.current) else {
        if is_level(&inputs.target) || inputs.target == Target::None {
            o.line(
                "Không tính được (xem phần giải thích ở trên).",
                "Not computed (see the explanation above).",
            );
        } else {
            o.line(
                "Không áp dụng cho dạng chỉ tiêu này.",
                "Does not apply to this target form.",
            );
        }
        return;
    };
    let MethodA {
        observed,
        required,
        ratio,
        progress,
        scaling,
        score,
        status,
    } = m;
    let b = base_used(base.value);
    let per_year = lang.pick("/năm", " a year");
    o.row(
        "Tốc độ thay đổi bình quân quan sát",
        "Observed compound growth",
        &format!("{}{per_year}", pct(*observed, lang)),
        &format!(
            "({} / {})^(1/{}) - 1",
            term(current.value, lang),
            term(b, lang),
            current.year - base.year
        ),
    );
    let sign = b.signum() * direction_sign(inputs.direction);
    if let (Some(req), Some(target), Some(ty)) = (required, a.target_value, a.target_year) {
        let t = base_used(target);
        o.row(
            "Tốc độ thay đổi bình quân cần thiết",
            "Required compound growth",
            &format!("{}{per_year}", pct(*req, lang)),
            &format!(
                "({} / {})^(1/{}) - 1",
                term(t, lang),
                term(b, lang),
                ty - base.year
            ),
        );
        match ratio {
            Some(r) => o.row(
                "Tỷ lệ quan sát / cần thiết",
                "Ratio observed / required",
                &num(*r, 3, lang),
                &format!(
                    "{}{} / |{}|",
                    sign_factor(sign),
                    term(*observed, lang),
                    num(*req, 6, lang)
                ),
            ),
            None => o.row(
                "Tỷ lệ quan sát / cần thiết",
                "Ratio observed / required",
                lang.pick(
                    "— (chỉ tiêu bằng giá trị cơ sở)",
                    "— (the target equals the base value)",
                ),
                "",
            ),
        }
    }
    if let Some(p) = progress {
        o.row(
            "Tiến bộ theo hướng mong muốn",
            "Progress in the desired direction",
            &format!("{}{per_year}", pct(*p, lang)),
            &format!("{}{}", sign_factor(sign), term(*observed, lang)),
        );
    }
    if let Some(c) = scaling {
        o.row(
            "Hệ số thu hẹp ngưỡng c",
            "Threshold scaling c",
            &num(*c, 3, lang),
            &scaling_formula(base.value, inputs.natural_limit, inputs.direction, lang),
        );
        o.row(
            "Ngưỡng đúng tiến độ",
            "On-track threshold",
            &format!("{}{per_year}", pct(ON_TRACK_GROWTH * c, lang)),
            &format!("{} * c", pct(ON_TRACK_GROWTH, lang)),
        );
        o.row(
            "Ngưỡng cần đẩy nhanh",
            "Acceleration-needed threshold",
            &format!("{}{per_year}", pct(MODERATE_GROWTH * c, lang)),
            &format!("{} * c", pct(MODERATE_GROWTH, lang)),
        );
    }
    o.row(
        "Điểm (-5 đến 5)",
        "Score (-5 to 5)",
        &num(*score, 2, lang),
        "",
    );
    o.row(
        "Xếp loại theo phương pháp A",
        "Method A's category",
        status.label(lang),
        "",
    );
}

/// How `c` comes from the natural limit `L` and `b = |base|` (progress.md):
/// only a limit in the desired direction counts.
pub(super) fn scaling_formula(
    base: f64,
    limit: Option<f64>,
    direction: Direction,
    lang: Lang,
) -> String {
    let b = base.abs();
    let e = num(4.44, 2, lang);
    match (limit, direction) {
        (Some(l), Direction::Increase) if b <= l => {
            format!("1 - ({} / {})^{e}", term(b, lang), term(l, lang))
        }
        (Some(l), Direction::Decrease) if b >= l && b < 2.0 * l => {
            let (b, l) = (term(b, lang), term(l, lang));
            format!("1 - ((2 * {l} - {b}) / {l})^{e}")
        }
        (Some(_), _) => lang
            .pick(
                "1 (giới hạn tự nhiên không nằm theo hướng mong muốn)",
                "1 (the natural limit is not in the desired direction)",
            )
            .into(),
        (None, _) => lang
            .pick("1 (không có giới hạn tự nhiên)", "1 (no natural limit)")
            .into(),
    }
}
