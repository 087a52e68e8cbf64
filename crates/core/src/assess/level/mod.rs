//! Targets that set a level by a year (at least, above, at most, below, a
//! range) and indicators without a target: Methods A and B.

use super::growth::{
    MODERATE_GROWTH, ON_TRACK_GROWTH, ZERO_REPLACEMENT, annual_rate_needed, cagr, classify_growth,
    classify_ratio, direction_sign, limit_scaling, outlook, score_growth, score_ratio,
};
use super::say;
use super::status::{Status, Warning};
use super::{Assessment, MethodA, MethodB, Point, Projection};
use crate::framework::{Baseline, Direction};
use crate::text::Lang;

pub(super) struct Inputs<'a> {
    pub direction: Direction,
    pub baseline: Option<Baseline>,
    /// The series up to the assessed year.
    pub points: &'a [(i32, f64)],
    pub year: i32,
}

/// What a level target asks of the current value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Test {
    AtLeast(f64),
    Above(f64),
    AtMost(f64),
    Below(f64),
    Range(f64, f64),
}

impl Test {
    fn met(self, v: f64) -> bool {
        match self {
            Test::AtLeast(t) => v >= t,
            Test::Above(t) => v > t,
            Test::AtMost(t) => v <= t,
            Test::Below(t) => v < t,
            Test::Range(min, max) => (min..=max).contains(&v),
        }
    }

    /// The value Methods A and B aim at: a range's near bound in the desired direction.
    fn aim(self, direction: Direction) -> f64 {
        match (self, direction) {
            (Test::AtLeast(t) | Test::Above(t) | Test::AtMost(t) | Test::Below(t), _) => t,
            (Test::Range(min, _), Direction::Increase) => min,
            (Test::Range(_, max), Direction::Decrease) => max,
        }
    }

    /// A range's far bound, when the value has gone past it.
    fn beyond(self, v: f64, direction: Direction) -> Option<f64> {
        match (self, direction) {
            (Test::Range(_, max), Direction::Increase) if v > max => Some(max),
            (Test::Range(min, _), Direction::Decrease) if v < min => Some(min),
            _ => None,
        }
    }

    /// The value the annual rate needed aims at: a range's nearest bound.
    fn nearest(self, v: f64, direction: Direction) -> f64 {
        match self {
            Test::Range(min, _) if v < min => min,
            Test::Range(_, max) if v > max => max,
            _ => self.aim(direction),
        }
    }

    fn disagrees(self, direction: Direction) -> bool {
        matches!(
            (self, direction),
            (Test::AtLeast(_) | Test::Above(_), Direction::Decrease)
                | (Test::AtMost(_) | Test::Below(_), Direction::Increase)
        )
    }

    /// "above 65", in both languages.
    fn phrase(self) -> (String, String) {
        let (vi, en) = match self {
            Test::AtLeast(t) | Test::Above(t) | Test::AtMost(t) | Test::Below(t) => say::value(t),
            Test::Range(min, max) => {
                let ((a_vi, a_en), (b_vi, b_en)) = (say::value(min), say::value(max));
                return (
                    format!("từ {a_vi} đến {b_vi}"),
                    format!("from {a_en} to {b_en}"),
                );
            }
        };
        match self {
            Test::AtLeast(_) => (format!("ít nhất {vi}"), format!("at least {en}")),
            Test::Above(_) => (format!("trên {vi}"), format!("above {en}")),
            Test::AtMost(_) => (format!("tối đa {vi}"), format!("at most {en}")),
            _ => (format!("dưới {vi}"), format!("below {en}")),
        }
    }
}

/// Why growth cannot be computed.
#[derive(Debug, Clone, Copy)]
enum Gap {
    OneYear,
    BaseAfterCurrent,
    OppositeSigns,
}

#[derive(Debug, Clone, Copy)]
struct Ends {
    base: Point,
    current: Point,
}

/// The base (configured baseline, else the first value) and the current
/// (latest) value; None without any value.
fn ends(inputs: &Inputs) -> Option<Ends> {
    let current = Point::from(*inputs.points.last()?);
    let base = match inputs.baseline {
        Some(b) => Point::from(b),
        None => Point::from(inputs.points[0]),
    };
    Some(Ends { base, current })
}

struct Growth {
    observed: f64,
    /// The base value used in growth rates (0 replaced by 0.001).
    base_used: f64,
}

fn growth(ends: Ends, warnings: &mut Vec<Warning>) -> Result<Growth, Gap> {
    let Ends { base, current } = ends;
    if current.year == base.year {
        return Err(Gap::OneYear);
    }
    if current.year < base.year {
        return Err(Gap::BaseAfterCurrent);
    }
    let base_used = if base.value == 0.0 {
        ZERO_REPLACEMENT
    } else {
        base.value
    };
    // From a base of 0, a value below the substitute is no change (growth.rs).
    let current_used = if base.value == 0.0 && current.value.abs() < ZERO_REPLACEMENT {
        ZERO_REPLACEMENT
    } else {
        current.value
    };
    let observed =
        cagr(current_used, base_used, current.year, base.year).ok_or(Gap::OppositeSigns)?;
    if base.value == 0.0 {
        warnings.push(Warning::BaseZeroReplaced);
    }
    Ok(Growth {
        observed,
        base_used,
    })
}

fn no_data(year: i32) -> (String, String) {
    (
        format!("Chưa có số liệu đến năm {year}."),
        format!("There is no value up to {year}."),
    )
}

fn gap_text(gap: Gap, ends: Ends) -> (String, String) {
    let Ends { base, current } = ends;
    let (by, cy) = (base.year, current.year);
    match gap {
        Gap::OneYear => (
            format!("Chỉ có số liệu của một năm ({cy}); cần ít nhất hai năm để tính tốc độ tăng."),
            format!("There is a value for one year only ({cy}); growth needs at least two years."),
        ),
        Gap::BaseAfterCurrent => (
            format!("Năm cơ sở {by} sau năm có số liệu gần nhất ({cy})."),
            format!("The base year {by} is after the latest year with a value ({cy})."),
        ),
        Gap::OppositeSigns => {
            let ((b_vi, b_en), (c_vi, c_en)) = (say::value(base.value), say::value(current.value));
            (
                format!(
                    "Giá trị cơ sở {b_vi} ({by}) và giá trị hiện tại {c_vi} ({cy}) trái dấu nên không tính được tốc độ tăng."
                ),
                format!(
                    "The base value {b_en} ({by}) and the current value {c_en} ({cy}) have opposite signs, so growth cannot be computed."
                ),
            )
        }
    }
}

fn method_a(
    g: &Growth,
    base_year: i32,
    aim: f64,
    target_year: i32,
    direction: Direction,
    warnings: &mut Vec<Warning>,
) -> Option<MethodA> {
    // A target of 0 keeps the base's sign (growth.rs).
    let target_used = if aim == 0.0 {
        ZERO_REPLACEMENT.copysign(g.base_used)
    } else {
        aim
    };
    let required = cagr(target_used, g.base_used, target_year, base_year)?;
    if aim == 0.0 {
        warnings.push(Warning::TargetZeroReplaced);
    }
    let progress = g.base_used.signum() * direction_sign(direction) * g.observed;
    let (ratio, status, score) = if required.abs() > 1e-12 {
        let r = progress / required.abs();
        (Some(r), classify_ratio(r), score_ratio(r))
    } else if progress > 0.0 {
        // The target equals the base: moving the right way is on track.
        (None, Status::OnTrack, 5.0)
    } else if progress == 0.0 {
        (None, Status::Limited, -2.5)
    } else {
        (None, Status::Deterioration, -5.0)
    };
    Some(MethodA {
        observed: g.observed,
        required: Some(required),
        ratio,
        progress: None,
        scaling: None,
        score,
        status,
    })
}

fn method_b(
    ends: Ends,
    g: &Growth,
    aim: f64,
    target_year: i32,
    direction: Direction,
) -> Option<MethodB> {
    let Ends { base, current } = ends;
    if target_year <= base.year || aim == base.value {
        return None;
    }
    let (projection, projected) = if current.year >= target_year {
        (Projection::Observed, current.value)
    } else if base.value == 0.0 {
        let slope = (current.value - base.value) / f64::from(current.year - base.year);
        (
            Projection::Linear,
            current.value + slope * f64::from(target_year - current.year),
        )
    } else {
        (
            Projection::Cagr,
            current.value * (1.0 + g.observed).powi(target_year - current.year),
        )
    };
    let p = (projected - base.value) / (aim - base.value);
    let share_done = (direction_sign(direction) * (current.value - base.value)
        / (aim - base.value).abs())
    .clamp(0.0, 1.0);
    p.is_finite().then_some(MethodB {
        projection,
        projected,
        p,
        share_done,
        outlook: outlook(p),
    })
}

fn band(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::OnTrack => ("từ 0,95 trở lên", "0.95 or more"),
        Status::Moderate => ("từ 0,6 đến dưới 0,95", "from 0.6 to below 0.95"),
        Status::Limited => ("từ 0 đến dưới 0,6", "from 0 to below 0.6"),
        _ => ("dưới 0", "below 0"),
    }
}

/// A target that sets a level by `target_year`.
pub(super) fn assess(
    mut a: Assessment,
    test: Test,
    target_year: i32,
    inputs: &Inputs,
) -> Assessment {
    let d = inputs.direction;
    let aim = test.aim(d);
    let ty = target_year;
    a.target_value = Some(aim);
    a.target_year = Some(ty);
    if test.disagrees(d) {
        a.warnings.push(Warning::DirectionDisagreesWithTarget);
    }
    let Some(ends) = ends(inputs) else {
        let (vi, en) = no_data(inputs.year);
        a.set(Status::InsufficientData, vi, en);
        return a;
    };
    a.base = Some(ends.base);
    a.current = Some(ends.current);
    let Ends { base, current } = ends;
    let met = test.met(current.value);
    let beyond = test.beyond(current.value, d);
    if let Some(bound) = beyond {
        a.warnings.push(Warning::BeyondRange { bound });
    }
    let growth = growth(ends, &mut a.warnings);
    if let Ok(g) = &growth {
        a.method_a = method_a(g, base.year, aim, ty, d, &mut a.warnings);
        a.method_b = method_b(ends, g, aim, ty, d);
    }
    if !met {
        let goal = test.nearest(current.value, d);
        a.annual_rate_needed = annual_rate_needed(current.value, current.year, goal, ty);
    }

    let (p_vi, p_en) = test.phrase();
    let (c_vi, c_en) = say::value(current.value);
    let cy = current.year;
    if met {
        if let Some(m) = a.method_a.as_mut() {
            m.score = 5.0;
        }
        a.set(
            Status::Achieved,
            format!("Giá trị năm {cy} là {c_vi}, đã đạt chỉ tiêu {p_vi} đến năm {ty}."),
            format!("The {cy} value, {c_en}, meets the target of {p_en} by {ty}."),
        );
        return a;
    }
    if cy >= ty {
        a.set(
            Status::Missed,
            format!("Giá trị năm {cy} là {c_vi}, không đạt chỉ tiêu {p_vi} đến năm {ty}."),
            format!("The {cy} value, {c_en}, does not meet the target of {p_en} by {ty}."),
        );
        return a;
    }
    let g = match growth {
        Err(gap) => {
            let (vi, en) = gap_text(gap, ends);
            a.set(Status::InsufficientData, vi, en);
            return a;
        }
        Ok(g) => g,
    };
    let ((b_vi, b_en), (t_vi, t_en)) = (say::value(base.value), say::value(aim));
    let by = base.year;
    let Some(m) = a.method_a.clone() else {
        let (why_vi, why_en) = if ty <= by {
            (
                format!("năm cơ sở {by} không trước năm chỉ tiêu"),
                format!("the base year {by} is not before the target year"),
            )
        } else {
            (
                "hai giá trị trái dấu".to_string(),
                "they have opposite signs".to_string(),
            )
        };
        a.set(
            Status::InsufficientData,
            format!(
                "Không tính được tốc độ cần thiết từ giá trị cơ sở {b_vi} ({by}) đến chỉ tiêu {t_vi} ({ty}): {why_vi}."
            ),
            format!(
                "The growth needed from the base value {b_en} ({by}) to the target {t_en} ({ty}) cannot be computed: {why_en}."
            ),
        );
        return a;
    };
    let (o_vi, o_en) = say::rate(g.observed);
    let lead_vi =
        format!("Từ {b_vi} năm {by} đến {c_vi} năm {cy}, giá trị thay đổi bình quân {o_vi}/năm");
    let lead_en = format!(
        "From {b_en} in {by} to {c_en} in {cy} the value changed by {o_en} a year on average"
    );
    let (label_vi, label_en) = (m.status.label(Lang::Vi), m.status.label(Lang::En));
    let (vi, en) = match (m.ratio, m.required) {
        (Some(r), Some(req)) => {
            let ((q_vi, q_en), (r_vi, r_en)) = (say::rate(req), say::ratio(r));
            let (band_vi, band_en) = band(m.status);
            (
                format!(
                    "{lead_vi}, so với mức {q_vi}/năm cần có tính từ năm cơ sở {by} để đạt {t_vi} vào năm {ty}: tỷ lệ {r_vi}, {band_vi} → {label_vi}."
                ),
                format!(
                    "{lead_en}, against the {q_en} a year needed counted from the base year {by} to reach {t_en} by {ty}: a ratio of {r_en}, {band_en} → {label_en}."
                ),
            )
        }
        _ => (
            format!(
                "{lead_vi}, trong khi chỉ tiêu {t_vi} bằng giá trị cơ sở (chỉ cần giữ mức) → {label_vi}."
            ),
            format!(
                "{lead_en}, while the target {t_en} equals the base value (it only needs holding) → {label_en}."
            ),
        ),
    };
    let (vi, en) = match beyond {
        // Past the far bound the trend has carried the value beyond the
        // near one: say that the range is not met for all that.
        Some(bound) => {
            let (k_vi, k_en) = say::value(bound);
            (
                format!(
                    "{}; tuy vậy giá trị {c_vi} đã vượt cận {k_vi} của khoảng chỉ tiêu nên chưa đạt.",
                    vi.trim_end_matches('.')
                ),
                format!(
                    "{}; but {c_en} is past the range's bound {k_en}, so the target is not met.",
                    en.trim_end_matches('.')
                ),
            )
        }
        None => (vi, en),
    };
    a.set(m.status, vi, en);
    a
}

/// No target: Method A on the trend alone, thresholds scaled near a natural limit.
pub(super) fn assess_trend(
    mut a: Assessment,
    natural_limit: Option<f64>,
    inputs: &Inputs,
) -> Assessment {
    let Some(ends) = ends(inputs) else {
        let (vi, en) = no_data(inputs.year);
        a.set(Status::InsufficientData, vi, en);
        return a;
    };
    a.base = Some(ends.base);
    a.current = Some(ends.current);
    let g = match growth(ends, &mut a.warnings) {
        Ok(g) => g,
        Err(gap) => {
            let (vi, en) = gap_text(gap, ends);
            a.set(Status::InsufficientData, vi, en);
            return a;
        }
    };
    let d = inputs.direction;
    let Ends { base, current } = ends;
    let progress = g.base_used.signum() * direction_sign(d) * g.observed;
    let c = natural_limit.map_or(1.0, |limit| limit_scaling(base.value, limit, d));
    let status = classify_growth(progress, c);
    a.method_a = Some(MethodA {
        observed: g.observed,
        required: None,
        ratio: None,
        progress: Some(progress),
        scaling: Some(c),
        score: score_growth(progress, c),
        status,
    });

    let ((b_vi, b_en), (c_vi, c_en)) = (say::value(base.value), say::value(current.value));
    let ((o_vi, o_en), (p_vi, p_en)) = (say::rate(g.observed), say::rate(progress));
    let ((on_vi, on_en), (mo_vi, mo_en)) = (
        say::rate(ON_TRACK_GROWTH * c),
        say::rate(MODERATE_GROWTH * c),
    );
    let (lim_vi, lim_en) = match natural_limit {
        Some(limit) if c < 1.0 => {
            let ((k_vi, k_en), (l_vi, l_en)) = (say::ratio(c), say::value(limit));
            (
                format!(", đã thu hẹp theo hệ số c = {k_vi} vì gần giới hạn tự nhiên {l_vi}"),
                format!(", scaled by c = {k_en} near the natural limit {l_en}"),
            )
        }
        _ => (String::new(), String::new()),
    };
    let (by, cy) = (base.year, current.year);
    a.set(
        status,
        format!(
            "Không có chỉ tiêu định lượng: từ {b_vi} năm {by} đến {c_vi} năm {cy}, giá trị thay đổi bình quân {o_vi}/năm, tức tiến bộ {p_vi}/năm theo hướng mong muốn, so với ngưỡng {on_vi}/năm (đúng tiến độ) và {mo_vi}/năm (cần đẩy nhanh){lim_vi} → {}.",
            status.label(Lang::Vi)
        ),
        format!(
            "No numeric target: from {b_en} in {by} to {c_en} in {cy} the value changed by {o_en} a year on average, a progress of {p_en} a year in the desired direction, against thresholds of {on_en} (on track) and {mo_en} (acceleration needed) a year{lim_en} → {}.",
            status.label(Lang::En)
        ),
    );
    a
}

#[cfg(test)]
mod tests;
