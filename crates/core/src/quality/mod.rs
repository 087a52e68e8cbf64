//! Data quality: whether a typed figure is unusual for its unit, said in one
//! plain sentence the officer can check against their source.
//!
//! Officials have short annual series (three to ten years), so the check is
//! robust rather than statistical: the change from the unit's last value is
//! compared with its earlier year-on-year changes, through their median and
//! median absolute deviation (a Hampel-type filter), never their mean and
//! standard deviation, which one earlier error would inflate. A figure typed
//! in the wrong unit (0,72 for 72%) or a jump no earlier year comes near is
//! flagged; an ordinary series is left alone. A flag asks for confirmation
//! and a note, it never refuses.

pub mod rules;
pub mod score;

use crate::display::number;
use crate::text::{Lang, Text};

/// A change is unusual only beyond this share of the last value, however
/// steady the earlier years: a 10% move in a series that moved 1% a year is
/// news, not an error.
const MIN_CHANGE: f64 = 0.25;
/// Median absolute deviations, scaled to a standard deviation (1.4826), that
/// a change may lie from the median change.
const SPREADS: f64 = 3.0;
const MAD_SCALE: f64 = 1.4826;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The smallest and the largest of the values.
fn bounds(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(*x), hi.max(*x))
        })
}

fn percent(share: f64, lang: Lang) -> String {
    format!("{}%", number((share * 100.0).round(), lang))
}

/// Why `value` is unusual after the unit's earlier values (oldest first), or
/// None when it is not, or when there is no earlier value to judge by.
pub fn unusual(value: f64, history: &[f64]) -> Option<Text> {
    let last = *history.last()?;
    let changes: Vec<f64> = history
        .windows(2)
        .filter(|w| w[0] != 0.0)
        .map(|w| (w[1] - w[0]) / w[0].abs())
        .collect();
    // Relative changes mean something only on one side of 0.
    let one_side = history.iter().all(|v| *v > 0.0) || history.iter().all(|v| *v < 0.0);
    if one_side && !changes.is_empty() {
        let change = (value - last) / last.abs();
        let mid = median(changes.clone());
        let spread = MAD_SCALE * median(changes.iter().map(|c| (c - mid).abs()).collect());
        let largest = changes.iter().fold(0.0_f64, |m, c| m.max(c.abs()));
        let unusual =
            (change - mid).abs() > (SPREADS * spread).max(MIN_CHANGE) && change.abs() > largest;
        if !unusual {
            return None;
        }
        let (vi, en) = if change < 0.0 {
            ("giảm", "down")
        } else {
            ("tăng", "up")
        };
        return Some(Text::new(
            format!(
                "{vi} {} so với năm trước; các năm trước thay đổi không quá {}.",
                percent(change.abs(), Lang::Vi),
                percent(largest, Lang::Vi)
            ),
            format!(
                "{en} {} on the year before; earlier years changed by {} at most.",
                percent(change.abs(), Lang::En),
                percent(largest, Lang::En)
            ),
        ));
    }
    // One earlier value, or a series through 0: only a figure far outside
    // everything seen (more than twice the largest, under half the smallest).
    let (min, max) = bounds(history);
    let (vi, en) = (Lang::Vi, Lang::En);
    if min > 0.0 && value > max * 2.0 {
        Some(Text::new(
            format!(
                "hơn gấp đôi giá trị lớn nhất các năm trước ({}).",
                number(max, vi)
            ),
            format!(
                "more than twice the largest earlier value ({}).",
                number(max, en)
            ),
        ))
    } else if min > 0.0 && value < min / 2.0 {
        Some(Text::new(
            format!(
                "chưa bằng một nửa giá trị nhỏ nhất các năm trước ({}).",
                number(min, vi)
            ),
            format!(
                "less than half the smallest earlier value ({}).",
                number(min, en)
            ),
        ))
    } else if max < 0.0 && (value < min * 2.0 || value > max / 2.0) {
        Some(Text::new(
            format!(
                "ngoài xa khoảng các năm trước (từ {} đến {}).",
                number(min, vi),
                number(max, vi)
            ),
            format!(
                "far outside the earlier years' range ({} to {}).",
                number(min, en),
                number(max, en)
            ),
        ))
    } else {
        // Earlier values on both sides of 0 give no scale to judge by.
        None
    }
}

/// How far outside the other units' figures of the same period a figure
/// must lie to be questioned: units differ widely (an island's forest cover is
/// a tenth of a mountain district's), so only a figure beyond three times the
/// largest or under a third of the smallest, the mark of a wrong unit, is.
const PEER_FACTOR: f64 = 3.0;
/// Fewer other units than this say too little to judge by.
const MIN_PEERS: usize = 3;

/// Why `value` is unusual beside the same indicator's figures of the other
/// units in the same period (all positive), or None.
pub fn beside_peers(value: f64, peers: &[f64]) -> Option<Text> {
    if peers.len() < MIN_PEERS || peers.iter().any(|p| *p <= 0.0) {
        return None;
    }
    let (min, max) = bounds(peers);
    let n = peers.len();
    if value > max * PEER_FACTOR {
        Some(Text::new(
            format!(
                "hơn {} lần giá trị lớn nhất của {n} đơn vị khác cùng kỳ ({}).",
                number(PEER_FACTOR, Lang::Vi),
                number(max, Lang::Vi)
            ),
            format!(
                "more than {} times the largest figure of {n} other units this period ({}).",
                number(PEER_FACTOR, Lang::En),
                number(max, Lang::En)
            ),
        ))
    } else if value < min / PEER_FACTOR {
        Some(Text::new(
            format!(
                "chưa bằng một phần ba giá trị nhỏ nhất của {n} đơn vị khác cùng kỳ ({}).",
                number(min, Lang::Vi)
            ),
            format!(
                "less than a third of the smallest figure of {n} other units this period ({}).",
                number(min, Lang::En)
            ),
        ))
    } else {
        None
    }
}

/// A count or an area cannot be negative: why a negative figure of an
/// indicator measured in `unit` (not a percentage) is questioned, or None.
pub fn physical(value: f64, unit: &Text) -> Option<Text> {
    (value < 0.0).then(|| {
        Text::new(
            format!("số âm, trong khi chỉ tiêu tính bằng {} thường không âm.", unit.vi),
            format!("a negative figure for an indicator counted in {}, which is normally never negative.", unit.en),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Indicator 1.1 as the sample data has it: 38 growing 8.5 points a year.
    const STEADY: [f64; 5] = [45.0, 53.0, 61.0, 68.0, 72.1];

    #[test]
    fn a_drop_from_72_1_to_20_is_flagged_with_its_size_and_the_usual_one() {
        // Changes: +17.8%, +15.1%, +11.5%, +6.0%; the largest 17.8%.
        // 72.1 → 20: (20 − 72.1) / 72.1 = −72.3%.
        let why = unusual(20.0, &STEADY).expect("flagged");
        assert_eq!(
            why.vi,
            "giảm 72% so với năm trước; các năm trước thay đổi không quá 18%."
        );
        assert_eq!(
            why.en,
            "down 72% on the year before; earlier years changed by 18% at most."
        );
    }

    #[test]
    fn a_figure_typed_in_the_wrong_unit_is_flagged() {
        // 0,74 for 74%: −99.0%. And 7.400 for 74: +10,163.7%.
        assert!(unusual(0.74, &STEADY).is_some_and(|t| t.vi.starts_with("giảm 99%")));
        assert!(unusual(7400.0, &STEADY).is_some_and(|t| t.vi.starts_with("tăng 10.164%")));
    }

    #[test]
    fn an_ordinary_next_year_is_left_alone() {
        // +4.0%, −2.9%, +10.1%: within the earlier changes or under 25%.
        for next in [75.0, 70.0, 79.4] {
            assert!(unusual(next, &STEADY).is_none(), "{next}");
        }
        // A volatile series: changes +50%, −33%, +50%, −33%; a further +50% is its usual swing.
        assert!(unusual(12.0, &[8.0, 12.0, 8.0, 12.0, 8.0]).is_none());
    }

    #[test]
    fn a_jump_no_earlier_year_comes_near_is_flagged_even_when_small_numbers_move() {
        // Steady at +2% a year, then +40%: beyond 3 spreads, beyond 25%, beyond the largest (2.0%).
        let h = [100.0, 102.0, 104.04, 106.12];
        let why = unusual(148.6, &h).expect("flagged");
        assert!(why.vi.starts_with("tăng 40%"), "{}", why.vi);
    }

    #[test]
    fn without_a_change_to_compare_only_a_figure_far_outside_is_flagged() {
        assert!(unusual(55.0, &[50.0]).is_none());
        assert_eq!(
            unusual(550.0, &[50.0]).map(|t| t.vi),
            Some("hơn gấp đôi giá trị lớn nhất các năm trước (50).".into())
        );
        assert_eq!(
            unusual(5.0, &[50.0]).map(|t| t.en),
            Some("less than half the smallest earlier value (50).".into())
        );
        assert!(unusual(5.0, &[]).is_none(), "nothing to judge by");
        assert!(unusual(-40.0, &[-3.0, 2.0]).is_none(), "no scale across 0");
    }

    #[test]
    fn beside_the_other_units_only_a_figure_of_another_order_is_questioned() {
        // Forest cover of four districts: 8% (an island) to 75%.
        let peers = [8.0, 44.0, 61.0, 75.0];
        for ordinary in [5.0, 30.0, 80.0, 90.0] {
            assert!(beside_peers(ordinary, &peers).is_none(), "{ordinary}");
        }
        // 6.100 typed for 61: beyond 3 × 75.
        assert_eq!(
            beside_peers(6100.0, &peers).map(|t| t.vi),
            Some("hơn 3 lần giá trị lớn nhất của 4 đơn vị khác cùng kỳ (75).".into())
        );
        // 0,61 for 61: under 8 / 3.
        assert!(beside_peers(0.61, &peers).is_some_and(|t| t.en.starts_with("less than a third")));
        assert!(
            beside_peers(6100.0, &[44.0, 61.0]).is_none(),
            "two peers say too little"
        );
    }

    #[test]
    fn a_negative_count_or_area_is_questioned() {
        let ha = Text::new("ha", "ha");
        assert!(physical(-5.0, &ha).is_some_and(|t| t.vi.starts_with("số âm")));
        assert!(physical(0.0, &ha).is_none());
    }
}
