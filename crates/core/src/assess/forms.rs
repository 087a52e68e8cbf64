//! Targets that are not a level: "all, from a year on", yes/no milestones
//! and qualitative targets.

use super::say;
use super::status::{QualitativeRating, Status, Warning};
use super::{Assessment, Point};
use crate::text::Lang;

/// A share counts as 100% up to rounding noise.
fn full(v: f64) -> bool {
    v >= 100.0 - 1e-9
}

fn percent(v: f64) -> (String, String) {
    let (vi, en) = say::value(v);
    (format!("{vi}%"), format!("{en}%"))
}

/// "năm 2020" or "từ năm 2020 đến năm 2022".
fn years_vi(from: i32, to: i32) -> String {
    if from == to {
        format!("năm {from}")
    } else {
        format!("từ năm {from} đến năm {to}")
    }
}

/// "for 2020" or "from 2020 to 2022".
fn years_en(from: i32, to: i32) -> String {
    if from == to {
        format!("for {from}")
    } else {
        format!("from {from} to {to}")
    }
}

/// 100% is required in every year from `from_year` on. A year below is a
/// breach, and stays one: the target asked for every year.
pub(super) fn all_from(
    mut a: Assessment,
    from_year: i32,
    points: &[(i32, f64)],
    year: i32,
) -> Assessment {
    let fy = from_year;
    a.target_value = Some(100.0);
    a.target_year = Some(fy);
    a.current = points.last().copied().map(Point::from);
    if year < fy {
        match points.last() {
            Some(&(cy, cv)) if full(cv) => a.set(
                Status::Achieved,
                format!("Chỉ tiêu áp dụng từ năm {fy}; năm {cy} đã đạt 100%."),
                format!("The target applies from {fy}; the {cy} value is already 100%."),
            ),
            Some(&(cy, cv)) => {
                let (v_vi, v_en) = percent(cv);
                a.set(
                    Status::NotYetDue,
                    format!("Chỉ tiêu áp dụng từ năm {fy}; năm {cy} đạt {v_vi}."),
                    format!("The target applies from {fy}; the {cy} value is {v_en}."),
                );
            }
            None => a.set(
                Status::NotYetDue,
                format!("Chỉ tiêu áp dụng từ năm {fy}; chưa có số liệu."),
                format!("The target applies from {fy}; there is no value yet."),
            ),
        }
        return a;
    }
    let due: Vec<(i32, f64)> = points.iter().copied().filter(|&(y, _)| y >= fy).collect();
    if due.is_empty() {
        a.set(
            Status::InsufficientData,
            format!(
                "Chỉ tiêu áp dụng từ năm {fy} nhưng chưa có số liệu {}.",
                years_vi(fy, year)
            ),
            format!(
                "The target applies from {fy}, but there is no value {}.",
                years_en(fy, year)
            ),
        );
        return a;
    }
    let missing: Vec<i32> = (fy..=year)
        .filter(|y| !due.iter().any(|&(d, _)| d == *y))
        .collect();
    if !missing.is_empty() {
        a.warnings.push(Warning::MissingYears { years: missing });
    }
    let below: Vec<(i32, f64)> = due.iter().copied().filter(|&(_, v)| !full(v)).collect();
    if below.is_empty() {
        a.set(
            Status::Achieved,
            format!("Các năm có số liệu từ năm {fy} đến năm {year} đều đạt 100%."),
            format!("Every year with a value from {fy} to {year} is at 100%."),
        );
        return a;
    }
    let list = |lang: Lang| {
        below
            .iter()
            .map(|&(y, v)| {
                let (vi, en) = percent(v);
                format!("{y} ({})", lang.pick(&vi, &en))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    a.set(
        Status::Breach,
        format!(
            "Từ năm {fy} phải đạt 100% mỗi năm, nhưng có năm dưới 100%: {}.",
            list(Lang::Vi)
        ),
        format!(
            "From {fy} every year must be at 100%, but some fell below: {}.",
            list(Lang::En)
        ),
    );
    a
}

/// A yes/no milestone due by `by`: values are 1 (reached) or 0 (not yet);
/// the latest value decides. Not reached at the deadline year itself is
/// already missed ("by 2020" means within 2020), but only a value of the
/// deadline year or later can say so.
pub(super) fn milestone(
    mut a: Assessment,
    by: i32,
    points: &[(i32, f64)],
    year: i32,
) -> Assessment {
    a.target_value = Some(1.0);
    a.target_year = Some(by);
    a.current = points.last().copied().map(Point::from);
    let odd: Vec<Warning> = points
        .iter()
        .filter(|&&(_, v)| v != 0.0 && v != 1.0)
        .map(|&(year, value)| Warning::NotZeroOrOne { year, value })
        .collect();
    if let Some(Warning::NotZeroOrOne { year: y, value }) = odd.first().cloned() {
        let (v_vi, v_en) = say::value(value);
        a.warnings.extend(odd);
        a.set(
            Status::InsufficientData,
            format!("Giá trị năm {y} là {v_vi}; mốc chỉ nhận 0 (chưa đạt) hoặc 1 (đã đạt)."),
            format!(
                "The {y} value is {v_en}; a milestone takes only 0 (not reached) or 1 (reached)."
            ),
        );
        return a;
    }
    match points.last() {
        Some(&(cy, 1.0)) => a.set(
            Status::Achieved,
            format!("Theo số liệu năm {cy}, mốc đã hoàn thành (hạn: năm {by})."),
            format!("Reached according to the {cy} value (due by {by})."),
        ),
        last if year < by => {
            let (as_of_vi, as_of_en) = match last {
                Some(&(cy, _)) => (format!(" theo số liệu năm {cy}"), format!(" as of {cy}")),
                None => (String::new(), String::new()),
            };
            a.set(
                Status::NotYetDue,
                format!("Mốc chưa hoàn thành{as_of_vi}; hạn là năm {by}."),
                format!("Not reached yet{as_of_en}; due by {by}."),
            );
        }
        Some(&(cy, _)) if cy >= by => a.set(
            Status::Missed,
            format!("Đến năm {cy} mốc vẫn chưa hoàn thành, trong khi hạn là năm {by}."),
            format!("Not reached as of {cy}, though it was due by {by}."),
        ),
        _ => a.set(
            Status::InsufficientData,
            format!(
                "Đã đến hạn (năm {by}) nhưng chưa có số liệu {}.",
                years_vi(by, year)
            ),
            format!(
                "It was due by {by}, but there is no value {}.",
                years_en(by, year)
            ),
        ),
    }
    a
}

/// Never computed: the consolidator's rating, or "not rated".
pub(super) fn qualitative(mut a: Assessment, rating: Option<QualitativeRating>) -> Assessment {
    match rating {
        Some(r) => a.set(
            Status::Rated(r),
            format!(
                "Chỉ tiêu định tính, được cơ quan tổng hợp đánh giá: {}.",
                r.label(Lang::Vi)
            ),
            format!(
                "A qualitative indicator, rated by the consolidator: {}.",
                r.label(Lang::En)
            ),
        ),
        None => {
            let scale = |lang: Lang| {
                QualitativeRating::ALL
                    .iter()
                    .map(|r| r.label(lang))
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            a.set(
                Status::NotRated,
                format!(
                    "Chỉ tiêu định tính do cơ quan tổng hợp đánh giá theo thang {}, không tính tự động; chưa được đánh giá.",
                    scale(Lang::Vi)
                ),
                format!(
                    "A qualitative indicator is rated by the consolidator on the scale {}, never computed; it has not been rated yet.",
                    scale(Lang::En)
                ),
            );
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use crate::assess::QualitativeRating;
    use crate::assess::{Assessment, Series, Status, Warning, assess, assess_qualitative};
    use crate::framework::{Direction, Target};

    fn run(target: Target, points: &[(i32, f64)], year: i32) -> Assessment {
        let s = Series::new(points.to_vec()).expect("a valid test series");
        assess(&target, Direction::Increase, Some(100.0), None, &s, year)
    }

    const FROM_2015: Target = Target::AllFrom { from_year: 2015 };

    #[test]
    fn all_from_a_year_is_breached_by_a_later_year_below_100() {
        // 2016 fell to 95 after 2015 reached 100; 2017 back at 100 does not undo it.
        let a = run(
            FROM_2015,
            &[(2014, 80.0), (2015, 100.0), (2016, 95.0), (2017, 100.0)],
            2017,
        );
        assert_eq!(a.status, Status::Breach);
        assert!(
            a.explanation.vi.contains("2016 (95%)"),
            "{}",
            a.explanation.vi
        );
        assert!(
            a.explanation.en.contains("2016 (95%)"),
            "{}",
            a.explanation.en
        );
        assert!(
            !a.explanation.en.contains("2014"),
            "a year before the start is no breach"
        );
    }

    #[test]
    fn all_from_a_year_is_achieved_when_every_year_since_is_at_100() {
        let a = run(
            FROM_2015,
            &[(2014, 80.0), (2015, 100.0), (2016, 100.0)],
            2016,
        );
        assert_eq!(a.status, Status::Achieved);
        assert!(a.warnings.is_empty());
        // A year without a value is named, not guessed.
        let a = run(FROM_2015, &[(2015, 100.0), (2017, 100.0)], 2018);
        assert_eq!(a.status, Status::Achieved);
        assert_eq!(
            a.warnings,
            vec![Warning::MissingYears {
                years: vec![2016, 2018]
            }]
        );
    }

    #[test]
    fn all_from_a_year_is_not_yet_due_before_it_unless_already_at_100() {
        assert_eq!(
            run(FROM_2015, &[(2014, 80.0)], 2014).status,
            Status::NotYetDue
        );
        assert_eq!(run(FROM_2015, &[], 2014).status, Status::NotYetDue);
        assert_eq!(
            run(FROM_2015, &[(2014, 100.0)], 2014).status,
            Status::Achieved
        );
    }

    #[test]
    fn all_from_a_year_without_a_value_since_is_insufficient_data() {
        let a = run(FROM_2015, &[(2014, 100.0)], 2016);
        assert_eq!(a.status, Status::InsufficientData);
    }

    const BY_2020: Target = Target::Milestone { year: 2020 };

    #[test]
    fn a_milestone_reached_is_achieved() {
        let a = run(BY_2020, &[(2017, 0.0), (2018, 1.0)], 2018);
        assert_eq!(a.status, Status::Achieved);
        assert!(a.explanation.en.contains("2018"));
    }

    #[test]
    fn a_milestone_not_reached_before_its_year_is_not_yet_due() {
        assert_eq!(run(BY_2020, &[(2018, 0.0)], 2019).status, Status::NotYetDue);
        assert_eq!(run(BY_2020, &[], 2019).status, Status::NotYetDue);
        // The latest value decides: reached in 2018, lost in 2019.
        assert_eq!(
            run(BY_2020, &[(2018, 1.0), (2019, 0.0)], 2019).status,
            Status::NotYetDue
        );
    }

    #[test]
    fn a_milestone_not_reached_in_its_year_is_missed() {
        let a = run(BY_2020, &[(2019, 0.0), (2020, 0.0)], 2020);
        assert_eq!(a.status, Status::Missed);
        assert_eq!(run(BY_2020, &[(2021, 0.0)], 2022).status, Status::Missed);
    }

    #[test]
    fn a_milestone_without_a_value_for_its_year_is_insufficient_data_once_due() {
        // 2019 said no, but nothing says whether it was reached in 2020.
        let a = run(BY_2020, &[(2019, 0.0)], 2020);
        assert_eq!(a.status, Status::InsufficientData);
    }

    #[test]
    fn a_milestone_value_other_than_0_or_1_is_refused() {
        let a = run(BY_2020, &[(2018, 0.5)], 2018);
        assert_eq!(a.status, Status::InsufficientData);
        assert_eq!(
            a.warnings,
            vec![Warning::NotZeroOrOne {
                year: 2018,
                value: 0.5
            }]
        );
    }

    #[test]
    fn a_qualitative_target_is_never_computed_from_numbers() {
        let target = Target::Qualitative { year: Some(2020) };
        // Even a series that looks like steady progress gives no status.
        let a = run(target, &[(2015, 10.0), (2018, 90.0)], 2018);
        assert_eq!(a.status, Status::NotRated);
        assert!(a.method_a.is_none() && a.method_b.is_none());
        assert!(
            a.explanation
                .vi
                .contains("Đạt / Cơ bản đạt / Đạt một phần / Chưa đạt")
        );
    }

    #[test]
    fn a_qualitative_target_carries_the_consolidator_s_rating() {
        let a = assess_qualitative(Some(2020), Some(QualitativeRating::PartlyAchieved), 2018);
        assert_eq!(a.status, Status::Rated(QualitativeRating::PartlyAchieved));
        assert_eq!(a.target_year, Some(2020));
        assert!(
            a.explanation.vi.ends_with("Đạt một phần."),
            "{}",
            a.explanation.vi
        );
        assert_eq!(
            assess_qualitative(None, None, 2018).status,
            Status::NotRated
        );
    }
}
