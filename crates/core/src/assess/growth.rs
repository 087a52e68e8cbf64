//! The arithmetic of both methods, apart from the wording, so that each
//! formula can be checked against a hand computation.

use super::status::{Outlook, Status};
use crate::framework::Direction;

/// What a base or target value of 0 becomes in a growth rate (Statistics Canada).
///
/// Three consequences, chosen so that the substitute never invents a change:
/// - from a base of 0, a current value closer to 0 than the substitute is
///   taken as the substitute too, so a series that stays at 0 (or below
///   0.001) grows by 0, not by −100% (which read as deterioration when the
///   indicator should increase, and as on track when it should decrease);
/// - a target of 0 becomes the substitute with the sign of the base, so that
///   a negative base moving towards a target of 0 is measured, not refused
///   for opposite signs;
/// - each substitution is reported as a warning beside the figures.
pub const ZERO_REPLACEMENT: f64 = 0.001;
/// Method A with a target: ratio thresholds.
pub const ON_TRACK_RATIO: f64 = 0.95;
pub const MODERATE_RATIO: f64 = 0.6;
/// Method A without a target: growth thresholds per year, before scaling.
pub const ON_TRACK_GROWTH: f64 = 0.015;
pub const MODERATE_GROWTH: f64 = 0.005;
const LIMIT_EXPONENT: f64 = 4.44;

/// +1 for an indicator that should increase, −1 for one that should decrease.
pub fn direction_sign(direction: Direction) -> f64 {
    match direction {
        Direction::Increase => 1.0,
        Direction::Decrease => -1.0,
    }
}

/// Compound annual growth `(v1 / v0)^(1 / (t1 − t0)) − 1`, as a fraction.
/// None when `t1 ≤ t0`, `v0 = 0`, or the two values have opposite signs.
pub fn cagr(v1: f64, v0: f64, t1: i32, t0: i32) -> Option<f64> {
    if t1 <= t0 || v0 == 0.0 {
        return None;
    }
    let q = v1 / v0;
    if q < 0.0 {
        return None;
    }
    let g = q.powf(1.0 / f64::from(t1 - t0)) - 1.0;
    g.is_finite().then_some(g)
}

/// The compound rate per year (a fraction) that takes `current` in
/// `current_year` to `target` in `target_year`: what a department head asks
/// for. None when the target year is not after the current year, the current
/// value is 0, or the two values have opposite signs.
pub fn annual_rate_needed(
    current: f64,
    current_year: i32,
    target: f64,
    target_year: i32,
) -> Option<f64> {
    cagr(target, current, target_year, current_year)
}

/// The factor `c` by which the no-target thresholds shrink near a natural
/// limit `L` (progress.md; Statistics Canada). `b = |base|`:
/// `1 − (b/L)^4.44` for `b ≤ L`, `1 − ((2L − b)/L)^4.44` for `L < b < 2L`,
/// 1 for `b ≥ 2L`.
///
/// As in Statistics Canada's method, only a limit that lies in the desired
/// direction counts: for an indicator that should increase the limit is a
/// ceiling (applies when `b ≤ L`), for one that should decrease a floor
/// (applies when `b ≥ L`). A share that should fall (limit 100) is not made
/// easier by the ceiling it moves away from, so there `c = 1`.
pub fn limit_scaling(base: f64, limit: f64, direction: Direction) -> f64 {
    let b = base.abs();
    if !limit.is_finite() || limit <= 0.0 {
        return 1.0;
    }
    match direction {
        Direction::Increase if b <= limit => 1.0 - (b / limit).powf(LIMIT_EXPONENT),
        Direction::Decrease if b >= limit && b < 2.0 * limit => {
            1.0 - ((2.0 * limit - b) / limit).powf(LIMIT_EXPONENT)
        }
        _ => 1.0,
    }
}

/// Method A with a target: the status for a ratio of observed to required growth.
pub fn classify_ratio(ratio: f64) -> Status {
    if ratio >= ON_TRACK_RATIO {
        Status::OnTrack
    } else if ratio >= MODERATE_RATIO {
        Status::Moderate
    } else if ratio >= 0.0 {
        Status::Limited
    } else {
        Status::Deterioration
    }
}

/// Method A without a target: the status for the growth in the desired
/// direction, with thresholds scaled by `c`.
pub fn classify_growth(progress: f64, c: f64) -> Status {
    if progress >= ON_TRACK_GROWTH * c {
        Status::OnTrack
    } else if progress >= MODERATE_GROWTH * c {
        Status::Moderate
    } else if progress >= 0.0 {
        Status::Limited
    } else {
        Status::Deterioration
    }
}

/// Linear interpolation of the score between two (progress, score) points.
fn between(x: f64, (x0, s0): (f64, f64), (x1, s1): (f64, f64)) -> f64 {
    s0 + (s1 - s0) * (x - x0) / (x1 - x0)
}

/// Statistics Canada's score for a ratio, from −5 to +5: −0.6 ↦ −5, 0.6 ↦ 0,
/// 1.3 ↦ +5, linear between and flat outside. The category bands fall at
/// the status thresholds (0 ↦ −2.5, 0.95 ↦ +2.5).
pub fn score_ratio(ratio: f64) -> f64 {
    if ratio >= 1.3 {
        5.0
    } else if ratio >= MODERATE_RATIO {
        between(ratio, (MODERATE_RATIO, 0.0), (1.3, 5.0))
    } else if ratio >= -0.6 {
        between(ratio, (-0.6, -5.0), (MODERATE_RATIO, 0.0))
    } else {
        -5.0
    }
}

/// Statistics Canada's score for growth without a target, from −5 to +5:
/// −2% ↦ −5, 0 ↦ −2.5, 0.5%·c ↦ 0, 1.5%·c ↦ 2.5, 2%·c ↦ 5.
pub fn score_growth(progress: f64, c: f64) -> f64 {
    let (moderate, on_track, top) = (MODERATE_GROWTH * c, ON_TRACK_GROWTH * c, 0.02 * c);
    // When c = 0 the positive thresholds collapse to 0 and any progress ≥ 0
    // takes the first branch, so no division below is by zero.
    if progress >= top {
        5.0
    } else if progress >= on_track {
        between(progress, (on_track, 2.5), (top, 5.0))
    } else if progress >= moderate {
        between(progress, (moderate, 0.0), (on_track, 2.5))
    } else if progress >= 0.0 {
        between(progress, (0.0, -2.5), (moderate, 0.0))
    } else if progress >= -0.02 {
        between(progress, (-0.02, -5.0), (0.0, -2.5))
    } else {
        -5.0
    }
}

/// The status of a score or of the mean score of several series.
pub fn status_from_score(score: f64) -> Status {
    if score >= 2.5 {
        Status::OnTrack
    } else if score >= 0.0 {
        Status::Moderate
    } else if score >= -2.5 {
        Status::Limited
    } else {
        Status::Deterioration
    }
}

/// Method B: the outlook for P = (projected − base) / (target − base).
pub fn outlook(p: f64) -> Outlook {
    if p >= 1.0 {
        Outlook::OnTrack
    } else if p >= 0.0 {
        Outlook::AccelerationNeeded
    } else {
        Outlook::Regressing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn compound_growth_follows_the_formula() {
        // (52 / 40)^(1/2) − 1 = √1.3 − 1 = 0.140175
        let g = cagr(52.0, 40.0, 2017, 2015).expect("defined");
        assert!(close(g, 0.140_175, 1e-6), "{g}");
        // A fall: (8 / 10)^(1/3) − 1 = −0.071682
        let g = cagr(8.0, 10.0, 2018, 2015).expect("defined");
        assert!(close(g, -0.071_682, 1e-6), "{g}");
        // Two negative values grow as their ratio does: (−4 / −5)^(1/1) − 1 = −0.2
        let g = cagr(-4.0, -5.0, 2016, 2015).expect("defined");
        assert!(close(g, -0.2, 1e-12), "{g}");
    }

    #[test]
    fn compound_growth_is_undefined_for_no_time_a_zero_base_or_opposite_signs() {
        assert_eq!(cagr(52.0, 40.0, 2015, 2015), None);
        assert_eq!(cagr(52.0, 40.0, 2014, 2015), None);
        assert_eq!(cagr(52.0, 0.0, 2017, 2015), None);
        assert_eq!(cagr(3.0, -5.0, 2017, 2015), None);
    }

    #[test]
    fn the_annual_rate_needed_from_50_in_2017_to_65_in_2020_is_about_9_14_percent() {
        // (65 / 50)^(1/3) − 1 = 1.3^(1/3) − 1 = 0.091393
        let r = annual_rate_needed(50.0, 2017, 65.0, 2020).expect("defined");
        assert!(close(r, 0.091_393, 1e-6), "{r}");
        // A fall from 8 to 5 in two years: (5/8)^(1/2) − 1 = −0.209431
        let r = annual_rate_needed(8.0, 2018, 5.0, 2020).expect("defined");
        assert!(close(r, -0.209_431, 1e-6), "{r}");
    }

    #[test]
    fn no_annual_rate_is_needed_once_the_target_year_has_come_or_when_signs_differ() {
        assert_eq!(annual_rate_needed(50.0, 2020, 65.0, 2020), None);
        assert_eq!(annual_rate_needed(50.0, 2021, 65.0, 2020), None);
        assert_eq!(annual_rate_needed(-5.0, 2017, 5.0, 2020), None);
        assert_eq!(annual_rate_needed(0.0, 2017, 5.0, 2020), None);
    }

    #[test]
    fn below_a_ceiling_the_thresholds_shrink_as_the_base_nears_it() {
        // b = 40, L = 100: 1 − 0.4^4.44 = 1 − e^(4.44 · ln 0.4) = 1 − e^(−4.068333) = 1 − 0.017110 = 0.982890
        let c = limit_scaling(40.0, 100.0, Direction::Increase);
        assert!(close(c, 0.982_890, 1e-5), "{c}");
        // b = 96: 1 − 0.96^4.44 = 1 − e^(4.44 · −0.040822) = 1 − 0.834227 = 0.165773
        let c = limit_scaling(96.0, 100.0, Direction::Increase);
        assert!(close(c, 0.165_773, 1e-5), "{c}");
        // b = L: nothing is left to gain, c = 0
        assert_eq!(limit_scaling(100.0, 100.0, Direction::Increase), 0.0);
    }

    #[test]
    fn above_a_floor_the_thresholds_shrink_between_l_and_2l_and_not_beyond() {
        // L = 10, b = 12: 1 − ((20 − 12)/10)^4.44 = 1 − 0.8^4.44 = 1 − e^(4.44 · −0.223144) = 1 − 0.371289 = 0.628711
        let c = limit_scaling(12.0, 10.0, Direction::Decrease);
        assert!(close(c, 0.628_711, 1e-5), "{c}");
        // b = 2L and beyond: c = 1
        assert_eq!(limit_scaling(20.0, 10.0, Direction::Decrease), 1.0);
        assert_eq!(limit_scaling(25.0, 10.0, Direction::Decrease), 1.0);
        // b = L: c = 0
        assert_eq!(limit_scaling(10.0, 10.0, Direction::Decrease), 0.0);
    }

    #[test]
    fn a_limit_behind_the_desired_direction_does_not_scale() {
        // A share that should fall (96% of 100%) gains nothing from the ceiling.
        assert_eq!(limit_scaling(96.0, 100.0, Direction::Decrease), 1.0);
        // A quantity that should rise, above a floor of 10.
        assert_eq!(limit_scaling(12.0, 10.0, Direction::Increase), 1.0);
        // No usable limit.
        assert_eq!(limit_scaling(12.0, 0.0, Direction::Decrease), 1.0);
    }

    #[test]
    fn a_ratio_of_exactly_0_95_is_on_track_and_just_below_is_moderate() {
        assert_eq!(classify_ratio(0.95), Status::OnTrack);
        assert_eq!(classify_ratio(0.949_999), Status::Moderate);
    }

    #[test]
    fn a_ratio_of_exactly_0_6_is_moderate_and_just_below_is_limited() {
        assert_eq!(classify_ratio(0.6), Status::Moderate);
        assert_eq!(classify_ratio(0.599_999), Status::Limited);
    }

    #[test]
    fn a_ratio_of_exactly_0_is_limited_and_below_is_deterioration() {
        assert_eq!(classify_ratio(0.0), Status::Limited);
        assert_eq!(classify_ratio(-0.000_001), Status::Deterioration);
    }

    #[test]
    fn growth_without_a_target_is_judged_at_1_5_and_0_5_percent_scaled_by_c() {
        assert_eq!(classify_growth(0.015, 1.0), Status::OnTrack);
        assert_eq!(classify_growth(0.014_999, 1.0), Status::Moderate);
        assert_eq!(classify_growth(0.005, 1.0), Status::Moderate);
        assert_eq!(classify_growth(0.004_999, 1.0), Status::Limited);
        assert_eq!(classify_growth(0.0, 1.0), Status::Limited);
        assert_eq!(classify_growth(-0.000_001, 1.0), Status::Deterioration);
        // c = 0.5 halves the thresholds: 0.0075 is on track, 0.0025 moderate.
        assert_eq!(classify_growth(0.0075, 0.5), Status::OnTrack);
        assert_eq!(classify_growth(0.0025, 0.5), Status::Moderate);
        // At the limit (c = 0) holding the level is on track.
        assert_eq!(classify_growth(0.0, 0.0), Status::OnTrack);
    }

    #[test]
    fn scores_map_the_thresholds_onto_the_category_bands() {
        // Ratio: −0.6 ↦ −5, 0 ↦ −2.5, 0.6 ↦ 0, 0.95 ↦ 2.5, 1.3 ↦ 5
        assert_eq!(score_ratio(-1.0), -5.0);
        assert!(close(score_ratio(0.0), -2.5, 1e-12));
        assert!(close(score_ratio(0.6), 0.0, 1e-12));
        assert!(close(score_ratio(0.95), 2.5, 1e-12));
        assert_eq!(score_ratio(2.0), 5.0);
        // Growth with c = 1: −2% ↦ −5, 0 ↦ −2.5, 0.5% ↦ 0, 1.5% ↦ 2.5, 2% ↦ 5; 1% ↦ 1.25
        assert!(close(score_growth(-0.02, 1.0), -5.0, 1e-12));
        assert!(close(score_growth(0.0, 1.0), -2.5, 1e-12));
        assert!(close(score_growth(0.005, 1.0), 0.0, 1e-12));
        assert!(close(score_growth(0.01, 1.0), 1.25, 1e-12));
        assert!(close(score_growth(0.015, 1.0), 2.5, 1e-12));
        assert_eq!(score_growth(0.03, 1.0), 5.0);
        assert_eq!(score_growth(0.0, 0.0), 5.0);
        assert_eq!(status_from_score(2.5), Status::OnTrack);
        assert_eq!(status_from_score(0.0), Status::Moderate);
        assert_eq!(status_from_score(-2.5), Status::Limited);
        assert_eq!(status_from_score(-2.6), Status::Deterioration);
    }

    #[test]
    fn method_b_reads_p_at_1_and_0() {
        assert_eq!(outlook(1.0), Outlook::OnTrack);
        assert_eq!(outlook(0.999), Outlook::AccelerationNeeded);
        assert_eq!(outlook(0.0), Outlook::AccelerationNeeded);
        assert_eq!(outlook(-0.001), Outlook::Regressing);
    }
}
