//! The cases at 0, where a substitute of 0.001 stands in for a base or a
//! target (`ZERO_REPLACEMENT`): no change is no fall, and a target of 0
//! keeps the sign of the base.

use super::*;

#[test]
fn a_series_that_stays_at_0_has_growth_0_whichever_way_it_should_go() {
    // Base 0 → 0.001; current 0 → 0.001 too: g(0.001, 0.001, 3) = 0, not −100%.
    for direction in [UP, DOWN] {
        let a = trend(direction, None, &[(2015, 0.0), (2018, 0.0)]);
        let m = a.method_a.as_ref().expect("method A");
        assert!(
            close(Some(m.observed), 0.0, 1e-12),
            "{direction:?}: {}",
            m.observed
        );
        assert_ne!(
            a.status,
            Status::Deterioration,
            "{direction:?}: no change is no fall"
        );
        assert_ne!(
            a.status,
            Status::OnTrack,
            "{direction:?}: no change is no progress either"
        );
        assert!(a.warnings.contains(&Warning::BaseZeroReplaced));
    }
}

#[test]
fn from_a_base_of_0_a_value_below_0_001_is_not_a_fall() {
    let a = trend(UP, None, &[(2015, 0.0), (2018, 0.0004)]);
    assert!(close(a.method_a.as_ref().map(|m| m.observed), 0.0, 1e-12));
    assert_ne!(a.status, Status::Deterioration);
    // 0.002 is above the substitute: g(0.002, 0.001, 3) = ∛2 − 1 = 0.259921, a rise.
    let a = trend(UP, None, &[(2015, 0.0), (2018, 0.002)]);
    assert!(close(
        a.method_a.as_ref().map(|m| m.observed),
        0.259_921,
        1e-6
    ));
}

#[test]
fn a_target_of_0_keeps_the_sign_of_a_negative_base() {
    // Base −5 (2015), current −3 (2017), at least 0 by 2020: the target stands as −0.001.
    // observed g(−3, −5, 2) = √0.6 − 1 = −0.225403; required g(−0.001, −5, 5) = 0.0002^(1/5) − 1
    // = −0.817944; progress = sign(base) · (+1) · observed = 0.225403; ratio 0.275573 → limited.
    let target = Target::AtLeast {
        value: 0.0,
        year: 2020,
    };
    let a = run(target, UP, &[(2015, -5.0), (2017, -3.0)], 2017);
    assert!(close(ratio(&a), 0.275_573, 1e-5), "{:?}", ratio(&a));
    assert_eq!(a.status, Status::Limited);
    assert!(a.warnings.contains(&Warning::TargetZeroReplaced));
    assert!(
        !a.explanation.vi.contains("trái dấu"),
        "{}",
        a.explanation.vi
    );
}
