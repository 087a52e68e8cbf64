//! Level targets and the no-target trend, on hand-computed series. `g(a, b, n)`
//! below is `(a / b)^(1/n) − 1`.

use crate::assess::{Assessment, Outlook, Point, Projection, Series, Status, Warning, assess};
use crate::framework::{Baseline, Direction, Target};

const UP: Direction = Direction::Increase;
const DOWN: Direction = Direction::Decrease;

fn series(points: &[(i32, f64)]) -> Series {
    Series::new(points.to_vec()).expect("a valid test series")
}

fn run(target: Target, direction: Direction, points: &[(i32, f64)], year: i32) -> Assessment {
    assess(&target, direction, None, None, &series(points), year)
}

fn trend(direction: Direction, limit: Option<f64>, points: &[(i32, f64)]) -> Assessment {
    let year = points.last().map_or(2020, |p| p.0);
    assess(&Target::None, direction, limit, None, &series(points), year)
}

fn close(actual: Option<f64>, expected: f64, tolerance: f64) -> bool {
    actual.is_some_and(|a| (a - expected).abs() <= tolerance)
}

fn ratio(a: &Assessment) -> Option<f64> {
    a.method_a.as_ref().and_then(|m| m.ratio)
}

const AT_LEAST_90: Target = Target::AtLeast {
    value: 90.0,
    year: 2020,
};

#[test]
fn growth_above_95_percent_of_the_growth_needed_is_on_track() {
    // observed g(56, 40, 2) = 0.183216; required g(90, 40, 5) = 0.176079; ratio 1.040533
    let a = run(AT_LEAST_90, UP, &[(2015, 40.0), (2017, 56.0)], 2017);
    assert_eq!(a.status, Status::OnTrack);
    assert!(close(ratio(&a), 1.040_533, 1e-5), "{a:?}");
    // Method B: 56 · 1.183216^3 = 92.764131; P = (92.764131 − 40) / 50 = 1.055283; done 16/50
    let b = a.method_b.expect("method B");
    assert_eq!(b.projection, Projection::Cagr);
    assert!(close(Some(b.projected), 92.764_131, 1e-4));
    assert!(close(Some(b.p), 1.055_283, 1e-5));
    assert_eq!(b.outlook, Outlook::OnTrack);
    assert!(close(Some(b.share_done), 0.32, 1e-12));
}

#[test]
fn growth_at_80_percent_of_the_growth_needed_needs_acceleration() {
    // observed g(52, 40, 2) = 0.140175; required 0.176079; ratio 0.796094
    let a = run(AT_LEAST_90, UP, &[(2015, 40.0), (2017, 52.0)], 2017);
    assert_eq!(a.status, Status::Moderate);
    assert!(close(ratio(&a), 0.796_094, 1e-5));
    let m = a.method_a.as_ref().expect("method A");
    assert!(close(Some(m.observed), 0.140_175, 1e-6));
    assert!(close(m.required, 0.176_079, 1e-6));
    // score: 5 · (0.796094 − 0.6) / 0.7 = 1.400670
    assert!(close(Some(m.score), 1.400_670, 1e-5));
    // Method B: 52 · 1.3^(3/2) = 77.075859; P = 37.075859 / 50 = 0.741517; done 12/50
    let b = a.method_b.as_ref().expect("method B");
    assert!(close(Some(b.projected), 77.075_859, 1e-4));
    assert!(close(Some(b.p), 0.741_517, 1e-5));
    assert_eq!(b.outlook, Outlook::AccelerationNeeded);
    assert!(close(Some(b.share_done), 0.24, 1e-12));
    // from 52 in 2017 to 90 in 2020: g(90, 52, 3) = 0.200641
    assert!(close(a.annual_rate_needed, 0.200_641, 1e-6));
    assert_eq!(a.target_value, Some(90.0));
    assert_eq!(a.target_year, Some(2020));
}

#[test]
fn the_explanation_gives_the_numbers_with_each_language_s_decimal_mark() {
    let a = run(AT_LEAST_90, UP, &[(2015, 40.0), (2017, 52.0)], 2017);
    let (vi, en) = (&a.explanation.vi, &a.explanation.en);
    for part in [
        "14,02%/năm",
        "17,61%/năm",
        "0,796",
        "Cần đẩy nhanh",
        "2015",
        "2017",
        "2020",
    ] {
        assert!(vi.contains(part), "{part} in {vi}");
    }
    for part in [
        "14.02% a year",
        "17.61% a year",
        "0.796",
        "Acceleration needed",
    ] {
        assert!(en.contains(part), "{part} in {en}");
    }
}

#[test]
fn growth_at_28_percent_of_the_growth_needed_is_limited() {
    // observed g(44, 40, 2) = 0.048809; ratio 0.048809 / 0.176079 = 0.277199
    let a = run(AT_LEAST_90, UP, &[(2015, 40.0), (2017, 44.0)], 2017);
    assert_eq!(a.status, Status::Limited);
    assert!(close(ratio(&a), 0.277_199, 1e-5));
    // Method B: 44 · 1.048809^3 = 50.762348; P = 10.762348 / 50 = 0.215247
    let b = a.method_b.expect("method B");
    assert!(close(Some(b.p), 0.215_247, 1e-5));
}

#[test]
fn a_fall_on_an_increasing_indicator_is_deterioration_and_regressing() {
    // observed g(38, 40, 2) = −0.025321; ratio −0.143802
    let a = run(
        AT_LEAST_90,
        UP,
        &[(2015, 40.0), (2016, 45.0), (2017, 38.0)],
        2017,
    );
    assert_eq!(a.status, Status::Deterioration);
    assert!(close(ratio(&a), -0.143_802, 1e-5));
    // Method B: 38 · 0.974679^3 = 35.185928; P = −4.814072 / 50 = −0.096281; done −2/50 → 0
    let b = a.method_b.expect("method B");
    assert!(close(Some(b.p), -0.096_281, 1e-5));
    assert_eq!(b.outlook, Outlook::Regressing);
    assert_eq!(b.share_done, 0.0);
}

const AT_MOST_5: Target = Target::AtMost {
    value: 5.0,
    year: 2020,
};

#[test]
fn a_decreasing_indicator_falling_at_55_percent_of_the_pace_needed_is_limited() {
    // observed g(8, 10, 3) = −0.071682; required g(5, 10, 5) = −0.129449;
    // ratio = sign(10) · (−1) · (−0.071682) / 0.129449 = 0.553747
    let a = run(AT_MOST_5, DOWN, &[(2015, 10.0), (2018, 8.0)], 2018);
    assert_eq!(a.status, Status::Limited);
    assert!(close(ratio(&a), 0.553_747, 1e-5));
    // Method B: 8 · 0.928318^2 = 6.894191; P = (6.894191 − 10) / (5 − 10) = 0.621162;
    // done = (−1) · (8 − 10) / 5 = 0.4
    let b = a.method_b.as_ref().expect("method B");
    assert!(close(Some(b.projected), 6.894_191, 1e-5));
    assert!(close(Some(b.p), 0.621_162, 1e-5));
    assert!(close(Some(b.share_done), 0.4, 1e-12));
    // from 8 in 2018 to 5 in 2020: g(5, 8, 2) = −0.209431
    assert!(close(a.annual_rate_needed, -0.209_431, 1e-6));
}

#[test]
fn a_decreasing_indicator_falling_at_87_percent_of_the_pace_needed_needs_acceleration() {
    // observed g(7, 10, 3) = −0.112096; ratio 0.112096 / 0.129449 = 0.865944
    let a = run(AT_MOST_5, DOWN, &[(2015, 10.0), (2018, 7.0)], 2018);
    assert_eq!(a.status, Status::Moderate);
    assert!(close(ratio(&a), 0.865_944, 1e-5));
}

#[test]
fn a_decreasing_indicator_that_rises_is_deteriorating() {
    // observed g(11, 10, 3) = 0.032280; ratio −0.249365; P = (11.721625 − 10) / −5 = −0.344325
    let a = run(AT_MOST_5, DOWN, &[(2015, 10.0), (2018, 11.0)], 2018);
    assert_eq!(a.status, Status::Deterioration);
    assert!(close(ratio(&a), -0.249_365, 1e-5));
    let b = a.method_b.expect("method B");
    assert!(close(Some(b.p), -0.344_325, 1e-5));
    assert_eq!(b.outlook, Outlook::Regressing);
}

#[test]
fn a_target_already_met_is_achieved_even_with_a_single_value() {
    let a = run(AT_LEAST_90, UP, &[(2016, 92.0)], 2016);
    assert_eq!(a.status, Status::Achieved);
    assert!(a.method_a.is_none());
    assert_eq!(a.annual_rate_needed, None);
    assert!(
        a.explanation.vi.contains("đã đạt chỉ tiêu ít nhất 90"),
        "{}",
        a.explanation.vi
    );
    // At exactly the level "at least" and "at most" are met.
    assert_eq!(
        run(AT_LEAST_90, UP, &[(2016, 90.0)], 2016).status,
        Status::Achieved
    );
    assert_eq!(
        run(AT_MOST_5, DOWN, &[(2016, 5.0)], 2016).status,
        Status::Achieved
    );
}

#[test]
fn a_met_target_scores_5_whatever_the_trend() {
    // 95 → 91 is a fall, but 91 ≥ 90.
    let a = run(AT_LEAST_90, UP, &[(2015, 95.0), (2017, 91.0)], 2017);
    assert_eq!(a.status, Status::Achieved);
    let m = a.method_a.expect("method A");
    assert_eq!(m.status, Status::Deterioration);
    assert_eq!(m.score, 5.0);
}

#[test]
fn a_single_value_below_the_target_is_insufficient_data() {
    let a = run(AT_LEAST_90, UP, &[(2017, 52.0)], 2017);
    assert_eq!(a.status, Status::InsufficientData);
    assert!(a.method_a.is_none() && a.method_b.is_none());
    assert!(
        a.explanation.en.contains("one year only (2017)"),
        "{}",
        a.explanation.en
    );
    // The rate needed does not need a trend: g(90, 52, 3) = 0.200641
    assert!(close(a.annual_rate_needed, 0.200_641, 1e-6));
}

#[test]
fn no_value_up_to_the_assessed_year_is_insufficient_data() {
    let a = run(AT_LEAST_90, UP, &[(2018, 60.0)], 2017);
    assert_eq!(a.status, Status::InsufficientData);
    assert_eq!(a.current, None);
    assert_eq!(a.explanation.vi, "Chưa có số liệu đến năm 2017.");
}

#[test]
fn values_of_opposite_signs_are_insufficient_data() {
    let a = run(AT_LEAST_90, UP, &[(2015, -5.0), (2017, 3.0)], 2017);
    assert_eq!(a.status, Status::InsufficientData);
    assert!(a.explanation.vi.contains("trái dấu"));
    let a = trend(UP, None, &[(2015, -5.0), (2017, 3.0)]);
    assert_eq!(a.status, Status::InsufficientData);
    assert!(a.method_a.is_none());
}

#[test]
fn a_base_year_after_the_latest_value_is_insufficient_data() {
    let baseline = Some(Baseline {
        value: 40.0,
        year: 2018,
    });
    let s = series(&[(2016, 45.0), (2017, 50.0)]);
    let a = assess(&AT_LEAST_90, UP, None, baseline, &s, 2017);
    assert_eq!(a.status, Status::InsufficientData);
    assert_eq!(
        a.base,
        Some(Point {
            year: 2018,
            value: 40.0
        })
    );
    assert!(
        a.explanation.en.contains("base year 2018"),
        "{}",
        a.explanation.en
    );
}

#[test]
fn a_base_value_of_0_is_replaced_by_0_001_with_a_warning() {
    // observed g(20, 0.001, 2) = √20000 − 1 = 140.421356; required g(50, 0.001, 5) = 7.705506;
    // ratio 18.223510
    let target = Target::AtLeast {
        value: 50.0,
        year: 2020,
    };
    let a = run(target, UP, &[(2015, 0.0), (2017, 20.0)], 2017);
    assert_eq!(a.status, Status::OnTrack);
    assert!(a.warnings.contains(&Warning::BaseZeroReplaced));
    assert!(close(ratio(&a), 18.223_510, 1e-4));
    // Method B projects a straight line from 0: 10 a year, 20 + 3 · 10 = 50; P = 50 / 50 = 1
    let b = a.method_b.expect("method B");
    assert_eq!(b.projection, Projection::Linear);
    assert!(close(Some(b.projected), 50.0, 1e-9));
    assert_eq!(b.outlook, Outlook::OnTrack);
}

#[test]
fn above_is_strict_so_exactly_65_is_not_achieved() {
    let above = Target::Above {
        value: 65.0,
        year: 2020,
    };
    // 65 is not above 65. observed g(65, 60, 3) = 0.027040; required g(65, 60, 5) = 0.016137;
    // ratio 1.675616
    let a = run(above, UP, &[(2015, 60.0), (2018, 65.0)], 2018);
    assert_eq!(a.status, Status::OnTrack);
    assert!(close(ratio(&a), 1.675_616, 1e-5));
    assert_eq!(
        run(above, UP, &[(2015, 60.0), (2018, 65.1)], 2018).status,
        Status::Achieved
    );
    // In the target year, exactly 65 is missed.
    let a = run(above, UP, &[(2015, 60.0), (2020, 65.0)], 2020);
    assert_eq!(a.status, Status::Missed);
    assert!(
        a.explanation
            .vi
            .contains("không đạt chỉ tiêu trên 65 đến năm 2020")
    );
}

#[test]
fn below_is_strict_so_exactly_10_is_not_achieved() {
    let below = Target::Below {
        value: 10.0,
        year: 2020,
    };
    assert_ne!(
        run(below, DOWN, &[(2015, 14.0), (2018, 10.0)], 2018).status,
        Status::Achieved
    );
    assert_eq!(
        run(below, DOWN, &[(2015, 14.0), (2018, 9.9)], 2018).status,
        Status::Achieved
    );
}

#[test]
fn a_target_not_met_in_its_year_is_missed_without_a_rate_needed() {
    let a = run(AT_LEAST_90, UP, &[(2015, 40.0), (2020, 85.0)], 2020);
    assert_eq!(a.status, Status::Missed);
    assert_eq!(a.annual_rate_needed, None);
    // Method B has nothing left to project.
    assert_eq!(a.method_b.map(|b| b.projection), Some(Projection::Observed));
}

const RANGE_8_13: Target = Target::Range {
    min: 8.0,
    max: 13.0,
    year: 2020,
};

#[test]
fn a_value_inside_the_range_is_achieved() {
    let a = run(RANGE_8_13, UP, &[(2015, 2.0), (2018, 10.0)], 2018);
    assert_eq!(a.status, Status::Achieved);
    assert!(
        a.explanation.en.contains("from 8 to 13"),
        "{}",
        a.explanation.en
    );
}

#[test]
fn below_the_range_the_lower_bound_drives_both_methods() {
    // observed g(6, 2, 3) = 0.442250; required to the lower bound g(8, 2, 5) = 0.319508;
    // ratio 1.384158
    let a = run(RANGE_8_13, UP, &[(2015, 2.0), (2018, 6.0)], 2018);
    assert_eq!(a.status, Status::OnTrack);
    assert_eq!(a.target_value, Some(8.0));
    assert!(close(ratio(&a), 1.384_158, 1e-5));
    // from 6 to 8 in two years: g(8, 6, 2) = 0.154701
    assert!(close(a.annual_rate_needed, 0.154_701, 1e-6));
}

#[test]
fn above_the_range_is_not_achieved_and_warns() {
    let a = run(RANGE_8_13, UP, &[(2015, 2.0), (2018, 15.0)], 2018);
    assert_ne!(a.status, Status::Achieved);
    assert!(a.warnings.contains(&Warning::BeyondRange { bound: 13.0 }));
    // back to the upper bound: g(13, 15, 2) = −0.069051
    assert!(close(a.annual_rate_needed, -0.069_051, 1e-6));
    assert!(
        a.explanation.en.contains("15 is past the range's bound 13"),
        "{}",
        a.explanation.en
    );
    let a = run(RANGE_8_13, UP, &[(2015, 2.0), (2020, 15.0)], 2020);
    assert_eq!(a.status, Status::Missed);
}

#[test]
fn a_decreasing_range_is_driven_by_its_upper_bound() {
    // observed g(16, 20, 3) = −0.071682; required g(13, 20, 5) = −0.082549; ratio 0.868355
    let a = run(RANGE_8_13, DOWN, &[(2015, 20.0), (2018, 16.0)], 2018);
    assert_eq!(a.target_value, Some(13.0));
    assert_eq!(a.status, Status::Moderate);
    assert!(close(ratio(&a), 0.868_355, 1e-5));
}

#[test]
fn a_target_equal_to_the_base_value_is_judged_by_the_direction_alone() {
    // "at least 50" from 50: required growth 0, no ratio; 48 is a fall.
    let target = Target::AtLeast {
        value: 50.0,
        year: 2020,
    };
    let a = run(target, UP, &[(2015, 50.0), (2017, 48.0)], 2017);
    assert_eq!(a.status, Status::Deterioration);
    assert_eq!(ratio(&a), None);
    assert!(a.method_b.is_none());
}

#[test]
fn an_at_least_target_on_a_decreasing_indicator_draws_a_warning() {
    let a = run(AT_LEAST_90, DOWN, &[(2015, 40.0), (2017, 52.0)], 2017);
    assert!(a.warnings.contains(&Warning::DirectionDisagreesWithTarget));
}

#[test]
fn without_a_target_growth_of_1_49_percent_needs_acceleration_but_is_on_track_below_a_ceiling() {
    // g(41.2, 40, 2) = 0.014889 < 0.015 → moderate
    let a = trend(UP, None, &[(2015, 40.0), (2017, 41.2)]);
    assert_eq!(a.status, Status::Moderate);
    assert!(a.method_b.is_none() && a.annual_rate_needed.is_none());
    // L = 100: c = 1 − 0.4^4.44 = 0.982894; 0.015 · c = 0.014743 ≤ 0.014889 → on track
    let a = trend(UP, Some(100.0), &[(2015, 40.0), (2017, 41.2)]);
    assert_eq!(a.status, Status::OnTrack);
    let m = a.method_a.as_ref().expect("method A");
    assert!(close(m.scaling, 0.982_894, 1e-5));
    assert!(
        a.explanation.vi.contains("c = 0,983"),
        "{}",
        a.explanation.vi
    );
    assert!(
        a.explanation.en.contains("1.47% (on track)"),
        "{}",
        a.explanation.en
    );
}

#[test]
fn near_a_ceiling_a_small_gain_is_on_track() {
    // b = 96 ≤ L = 100: c = 1 − 0.96^4.44 = 0.165773; g(97, 96, 2) = 0.005195 ≥ 0.015 · c = 0.002487
    assert_eq!(
        trend(UP, Some(100.0), &[(2015, 96.0), (2017, 97.0)]).status,
        Status::OnTrack
    );
    // Without the limit 0.005195 only just passes 0.005.
    assert_eq!(
        trend(UP, None, &[(2015, 96.0), (2017, 97.0)]).status,
        Status::Moderate
    );
}

#[test]
fn between_a_floor_and_twice_it_a_decrease_is_judged_with_scaled_thresholds() {
    // L = 10 < b = 12 < 2L: c = 1 − 0.8^4.44 = 0.628705; a fall of 1.2% a year
    // (12 · 0.988² = 11.713728): progress 0.012 ≥ 0.015 · c = 0.009431 → on track
    let points = [(2015, 12.0), (2017, 11.713_728)];
    let a = trend(DOWN, Some(10.0), &points);
    assert_eq!(a.status, Status::OnTrack);
    assert!(close(a.method_a.and_then(|m| m.progress), 0.012, 1e-9));
    assert_eq!(trend(DOWN, None, &points).status, Status::Moderate);
}

#[test]
fn at_twice_a_floor_or_more_the_thresholds_are_not_scaled() {
    // b = 25 ≥ 2L = 20: c = 1; a fall of 1.2% a year (25 · 0.988² = 24.4036) is moderate
    let a = trend(DOWN, Some(10.0), &[(2015, 25.0), (2017, 24.4036)]);
    assert_eq!(a.status, Status::Moderate);
    assert_eq!(a.method_a.and_then(|m| m.scaling), Some(1.0));
}

#[test]
fn a_share_that_should_fall_is_not_helped_by_the_ceiling_it_moves_away_from() {
    // 96 → 95: progress −g(95, 96, 2) = 0.005222; c = 1 (limit 100 is behind) → moderate
    let a = trend(DOWN, Some(100.0), &[(2015, 96.0), (2017, 95.0)]);
    assert_eq!(a.status, Status::Moderate);
    assert_eq!(a.method_a.and_then(|m| m.scaling), Some(1.0));
}

#[test]
fn negative_values_rising_towards_zero_are_progress_for_an_increasing_indicator() {
    // g(−8, −10, 2) = −0.105573; progress = sign(−10) · (+1) · (−0.105573) = 0.105573
    let a = trend(UP, None, &[(2015, -10.0), (2017, -8.0)]);
    assert_eq!(a.status, Status::OnTrack);
    assert!(close(a.method_a.and_then(|m| m.progress), 0.105_573, 1e-6));
}

mod zero;
