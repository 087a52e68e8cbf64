//! The text report of `xanh assess`: every figure with its formula.

use super::input::*;
use super::*;
// ---------------------------------------------------------------------------
// Text output

/// The text output, one language.
pub(super) struct Out {
    pub(super) text: String,
    pub(super) lang: Lang,
}

impl Out {
    pub(super) fn heading(&mut self, vi: &str, en: &str) {
        let _ = writeln!(self.text, "\n{}", self.lang.pick(vi, en));
    }

    /// An aligned row: label, value, and the formula that gives the value.
    pub(super) fn row(&mut self, vi: &str, en: &str, value: &str, formula: &str) {
        let label = self.lang.pick(vi, en);
        let mut line = format!("  {label:<LABEL$} {value}");
        if !formula.is_empty() {
            let _ = write!(
                line,
                "{:pad$} = {formula}",
                "",
                pad = VALUE.saturating_sub(value.chars().count())
            );
        }
        let _ = writeln!(self.text, "{}", line.trim_end());
    }

    pub(super) fn line(&mut self, vi: &str, en: &str) {
        let _ = writeln!(self.text, "  {}", self.lang.pick(vi, en));
    }
}

/// Greedy word wrap at `width` characters, each line indented by `indent`.
pub(super) fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// The target in words: "ít nhất 65 vào năm 2020".
pub(super) fn describe_target(target: &Target, lang: Lang) -> String {
    let v = |x: f64| value(x, lang);
    match (*target, lang) {
        (Target::AtLeast { value, year }, Lang::Vi) => {
            format!("ít nhất {} vào năm {year}", v(value))
        }
        (Target::AtLeast { value, year }, Lang::En) => format!("at least {} by {year}", v(value)),
        (Target::Above { value, year }, Lang::Vi) => {
            format!(
                "trên {} vào năm {year} (lớn hơn hẳn, bằng là chưa đạt)",
                v(value)
            )
        }
        (Target::Above { value, year }, Lang::En) => {
            format!(
                "above {} by {year} (strictly: equal is not enough)",
                v(value)
            )
        }
        (Target::AtMost { value, year }, Lang::Vi) => format!("tối đa {} vào năm {year}", v(value)),
        (Target::AtMost { value, year }, Lang::En) => format!("at most {} by {year}", v(value)),
        (Target::Below { value, year }, Lang::Vi) => {
            format!(
                "dưới {} vào năm {year} (nhỏ hơn hẳn, bằng là chưa đạt)",
                v(value)
            )
        }
        (Target::Below { value, year }, Lang::En) => {
            format!(
                "below {} by {year} (strictly: equal is not enough)",
                v(value)
            )
        }
        (Target::Range { min, max, year }, Lang::Vi) => {
            format!("từ {} đến {} vào năm {year}", v(min), v(max))
        }
        (Target::Range { min, max, year }, Lang::En) => {
            format!("from {} to {} by {year}", v(min), v(max))
        }
        (Target::AllFrom { from_year }, Lang::Vi) => format!("100% mọi năm, từ năm {from_year}"),
        (Target::AllFrom { from_year }, Lang::En) => format!("100% every year from {from_year}"),
        (Target::Milestone { year }, Lang::Vi) => {
            format!("đạt mốc vào năm {year} (1 = đã đạt, 0 = chưa)")
        }
        (Target::Milestone { year }, Lang::En) => {
            format!("milestone reached by {year} (1 = reached, 0 = not yet)")
        }
        (Target::Qualitative { year: Some(y) }, Lang::Vi) => format!("định tính, đến năm {y}"),
        (Target::Qualitative { year: Some(y) }, Lang::En) => format!("qualitative, by {y}"),
        (Target::Qualitative { year: None }, _) => lang.pick("định tính", "qualitative").into(),
        (Target::None, _) => lang
            .pick("không có chỉ tiêu định lượng", "no numeric target")
            .into(),
    }
}

pub(super) fn is_level(target: &Target) -> bool {
    matches!(
        target,
        Target::AtLeast { .. }
            | Target::Above { .. }
            | Target::AtMost { .. }
            | Target::Below { .. }
            | Target::Range { .. }
    )
}

pub(super) fn report(inputs: &Inputs, a: &Assessment, lang: Lang) -> String {
    let mut o = Out {
        text: String::new(),
        lang,
    };
    let _ = writeln!(
        o.text,
        "{}: {}",
        lang.pick("TRẠNG THÁI", "STATUS"),
        a.status.label(lang)
    );
    o.text.push_str(&wrap(a.explanation.get(lang), WRAP, "  "));

    inputs_section(&mut o, inputs, a);
    method_a_section(&mut o, inputs, a);
    method_b_section(&mut o, inputs, a);
    rate_needed_section(&mut o, a);

    let warnings: Vec<String> = a.warnings.iter().map(|w| w.message(lang)).collect();
    if warnings.is_empty() {
        o.heading("CẢNH BÁO: không có", "WARNINGS: none");
    } else {
        o.heading("CẢNH BÁO", "WARNINGS");
        for w in warnings {
            o.text
                .push_str(&wrap(&w, WRAP, "  - ").replace("\n  - ", "\n    "));
        }
    }
    o.text
}

pub(super) fn inputs_section(o: &mut Out, inputs: &Inputs, a: &Assessment) {
    let lang = o.lang;
    o.heading("SỐ LIỆU ĐẦU VÀO", "INPUTS");
    let counted: Vec<String> = inputs
        .series
        .up_to(inputs.year)
        .iter()
        .map(|&(y, v)| format!("{y}: {}", value(v, lang)))
        .collect();
    let later: Vec<String> = inputs
        .series
        .points()
        .iter()
        .filter(|&&(y, _)| y > inputs.year)
        .map(|&(y, _)| y.to_string())
        .collect();
    let mut series = if counted.is_empty() {
        "—".to_string()
    } else {
        counted.join(" · ")
    };
    if !later.is_empty() {
        let years = later.join(", ");
        let _ = write!(
            series,
            " {}",
            match lang {
                Lang::Vi => format!("(không tính các năm sau {}: {years})", inputs.year),
                Lang::En => format!("(years after {} not counted: {years})", inputs.year),
            }
        );
    }
    o.row("Chuỗi số liệu", "Series", &series, "");
    o.row(
        "Chỉ tiêu",
        "Target",
        &describe_target(&inputs.target, lang),
        "",
    );
    let mut direction = match inputs.direction {
        Direction::Increase => lang.pick("tăng", "increase"),
        Direction::Decrease => lang.pick("giảm", "decrease"),
    }
    .to_string();
    if !inputs.direction_given {
        direction.push_str(lang.pick(
            " (mặc định theo dạng chỉ tiêu; đổi bằng --direction)",
            " (default for this target form; change with --direction)",
        ));
    }
    o.row("Hướng mong muốn", "Desired direction", &direction, "");
    o.row(
        "Năm đánh giá",
        "Period assessed",
        &inputs.year.to_string(),
        "",
    );
    if let Some(limit) = inputs.natural_limit {
        o.row(
            "Giới hạn tự nhiên",
            "Natural limit",
            &value(limit, lang),
            "",
        );
    }
    let base = match a.base {
        Some(b) => {
            let note = match (inputs.base_source, lang) {
                (BaseSource::FirstValue, Lang::Vi) => ", năm đầu tiên của chuỗi".to_string(),
                (BaseSource::FirstValue, Lang::En) => ", the first year of the series".to_string(),
                (BaseSource::Given, Lang::Vi) => ", nhập bằng --baseline".to_string(),
                (BaseSource::Given, Lang::En) => ", given with --baseline".to_string(),
                (BaseSource::BaseYear(y), Lang::Vi) if y == b.year => ", --base-year".to_string(),
                (BaseSource::BaseYear(y), Lang::En) if y == b.year => ", --base-year".to_string(),
                (BaseSource::BaseYear(y), Lang::Vi) => format!(
                    "; năm cơ sở {y} không có số liệu nên dùng năm đầu tiên sau đó có số liệu"
                ),
                (BaseSource::BaseYear(y), Lang::En) => {
                    format!("; {y} has no value, so the first later year with one is used")
                }
            };
            match lang {
                Lang::Vi => format!("{} (năm {}{note})", value(b.value, lang), b.year),
                Lang::En => format!("{} ({}{note})", value(b.value, lang), b.year),
            }
        }
        None => "—".into(),
    };
    o.row("Giá trị cơ sở", "Base value", &base, "");
    let current = match a.current {
        Some(c) => match lang {
            Lang::Vi => format!("{} (năm {})", value(c.value, lang), c.year),
            Lang::En => format!("{} ({})", value(c.value, lang), c.year),
        },
        None => "—".into(),
    };
    o.row("Giá trị hiện tại", "Current value", &current, "");
    if let Some(t) = a.target_value {
        let when = match (a.target_year, &inputs.target, lang) {
            (Some(y), Target::AllFrom { .. }, Lang::Vi) => format!(" (từ năm {y})"),
            (Some(y), Target::AllFrom { .. }, Lang::En) => format!(" (from {y})"),
            (Some(y), _, Lang::Vi) => format!(" (năm {y})"),
            (Some(y), _, Lang::En) => format!(" ({y})"),
            (None, _, _) => String::new(),
        };
        o.row(
            "Giá trị mục tiêu",
            "Target value",
            &format!("{}{when}", value(t, lang)),
            "",
        );
    }
}

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

// ---------------------------------------------------------------------------
// JSON output
