//! The one sentence a department head reads: where the indicator stands,
//! what rate per year the target needs from now, and what the past years
//! gave. The analyst's formula ([`Assessment::explanation`]) stays for the
//! "Cách tính" disclosure; this sentence names a single rate needed, the one
//! from the latest value to the target, so that a page never shows two.
//!
//! Numbers go through [`crate::display`], like every figure shown to people.

use super::{Assessment, Status};
use crate::display;
use crate::framework::{Direction, Target};
use crate::text::{Lang, Text};

/// A figure with its unit: "59,72%", "1.342.700 ha".
fn figure(v: f64, unit: &Text, lang: Lang) -> String {
    let u = unit.get(lang).trim();
    if display::is_percent(&unit.vi) || u.is_empty() {
        display::measure(v, &unit.vi, lang)
    } else {
        format!("{} {u}", display::number(v, lang))
    }
}

/// A yearly rate (a fraction) as a person reads it: one decimal, "4,3%".
/// A rate that rounds to nothing keeps two decimals so it never reads "0%".
fn rate(r: f64, lang: Lang) -> String {
    let pct = r.abs() * 100.0;
    let shown = if (pct * 10.0).round() == 0.0 {
        (pct * 100.0).round() / 100.0
    } else {
        (pct * 10.0).round() / 10.0
    };
    format!("{}%", display::number(shown, lang))
}

/// "trên 65%", "từ 8% đến 13%": the target's level in words.
fn level(target: &Target, unit: &Text, lang: Lang) -> Option<String> {
    let f = |v: f64| figure(v, unit, lang);
    Some(match (*target, lang) {
        (Target::AtLeast { value, .. }, Lang::Vi) => format!("ít nhất {}", f(value)),
        (Target::AtLeast { value, .. }, Lang::En) => format!("at least {}", f(value)),
        (Target::Above { value, .. }, Lang::Vi) => format!("trên {}", f(value)),
        (Target::Above { value, .. }, Lang::En) => format!("above {}", f(value)),
        (Target::AtMost { value, .. }, Lang::Vi) => format!("tối đa {}", f(value)),
        (Target::AtMost { value, .. }, Lang::En) => format!("at most {}", f(value)),
        (Target::Below { value, .. }, Lang::Vi) => format!("dưới {}", f(value)),
        (Target::Below { value, .. }, Lang::En) => format!("below {}", f(value)),
        (Target::Range { min, max, .. }, Lang::Vi) => format!("từ {} đến {}", f(min), f(max)),
        (Target::Range { min, max, .. }, Lang::En) => format!("between {} and {}", f(min), f(max)),
        _ => return None,
    })
}

/// "tăng"/"giảm" (rise/fall) for a signed change.
fn verb(change: f64, lang: Lang) -> &'static str {
    if change < 0.0 {
        lang.pick("giảm", "fall")
    } else {
        lang.pick("tăng", "rise")
    }
}

/// The plain sentence of an assessment, in both languages. `unit` is the
/// indicator's unit of measure.
pub fn plain(a: &Assessment, unit: &Text) -> Text {
    Text::new(sentence(a, unit, Lang::Vi), sentence(a, unit, Lang::En))
}

/// The plain sentence without its opening value ("Năm 2019 đạt 65,5%; "),
/// for a text that has already said the value: "để đạt ít nhất 90% vào năm
/// 2020 cần tăng bình quân 37,4%/năm, nhưng …". None where the sentence does
/// not open with the value (no target, milestones, ratings).
pub fn after_value(a: &Assessment, unit: &Text) -> Option<Text> {
    let cur = a.current?;
    level(&a.target, unit, Lang::Vi)?;
    let strip = |lang: Lang| -> Option<String> {
        let now = figure(cur.value, unit, lang);
        let head = match lang {
            Lang::Vi => format!("Năm {} đạt {now}", cur.year),
            Lang::En => format!("{}: {now}", cur.year),
        };
        let whole = sentence(a, unit, lang);
        let rest = whole.strip_prefix(&head)?;
        let rest = rest
            .strip_prefix("; ")
            .or_else(|| rest.strip_prefix(", which "))
            .or_else(|| rest.strip_prefix(", "))?;
        Some(rest.to_string())
    };
    Some(Text::new(strip(Lang::Vi)?, strip(Lang::En)?))
}

fn sentence(a: &Assessment, unit: &Text, lang: Lang) -> String {
    let Some(target_level) = level(&a.target, unit, lang) else {
        return match a.target {
            Target::None => no_target(a, unit, lang),
            // Milestones, "all from a year" and qualitative ratings: the
            // explanation is already a plain sentence without formula.
            _ => a.explanation.get(lang).to_string(),
        };
    };
    let (Some(cur), Some(ty)) = (a.current, a.target_year) else {
        return a.explanation.get(lang).to_string();
    };
    let (cy, now) = (cur.year, figure(cur.value, unit, lang));
    match (a.status, lang) {
        (Status::Achieved, Lang::Vi) => {
            return format!("Năm {cy} đạt {now}, đã đạt mục tiêu {target_level} vào năm {ty}.");
        }
        (Status::Achieved, Lang::En) => {
            return format!("{cy}: {now}, which meets the target of {target_level} by {ty}.");
        }
        (Status::Missed, Lang::Vi) => {
            return format!("Năm {cy} đạt {now}, không đạt mục tiêu {target_level} vào năm {ty}.");
        }
        (Status::Missed, Lang::En) => {
            return format!("{cy}: {now}, which misses the target of {target_level} by {ty}.");
        }
        _ => {}
    }
    let head = match lang {
        Lang::Vi => format!("Năm {cy} đạt {now}"),
        Lang::En => format!("{cy}: {now}"),
    };
    let Some(need) = a.annual_rate_needed else {
        return match lang {
            Lang::Vi => format!("{head}; mục tiêu là {target_level} vào năm {ty}."),
            Lang::En => format!("{head}; the target is {target_level} by {ty}."),
        };
    };
    let need_part = match lang {
        Lang::Vi => format!(
            "{head}; để đạt {target_level} vào năm {ty} cần {} bình quân {}/năm",
            verb(need, lang),
            rate(need, lang)
        ),
        Lang::En => format!(
            "{head}; reaching {target_level} by {ty} needs an average {} of {} a year",
            verb(need, lang),
            rate(need, lang)
        ),
    };
    let (Some(m), Some(base)) = (a.method_a.as_ref(), a.base) else {
        return format!("{need_part}.");
    };
    let years = cy - base.year;
    let observed = m.observed;
    let same_way = observed.signum() == need.signum() && observed != 0.0;
    let enough = same_way && observed.abs() >= need.abs();
    let past = match lang {
        Lang::Vi if years == 1 => "năm qua".to_string(),
        Lang::Vi => format!("{years} năm qua"),
        Lang::En if years == 1 => "the past year".to_string(),
        Lang::En => format!("the past {years} years"),
    };
    let tail = match lang {
        Lang::Vi if enough => format!(
            "; {past} đã {} {}/năm, đủ nếu giữ được nhịp này",
            verb(observed, lang),
            rate(observed, lang)
        ),
        Lang::Vi if same_way => format!(
            ", nhưng {past} chỉ {} {}/năm",
            verb(observed, lang),
            rate(observed, lang)
        ),
        Lang::Vi if observed == 0.0 => format!(", nhưng {past} không thay đổi"),
        Lang::Vi => format!(
            ", nhưng {past} lại {} {}/năm",
            verb(observed, lang),
            rate(observed, lang)
        ),
        Lang::En if enough => format!(
            "; {past} gave {} a year, enough if the pace holds",
            rate(observed, lang)
        ),
        Lang::En if same_way => format!(", but {past} gave only {} a year", rate(observed, lang)),
        Lang::En if observed == 0.0 => format!(", but it has not moved in {past}"),
        Lang::En => format!(
            ", but in {past} it went the other way, {} {} a year",
            if observed < 0.0 { "falling" } else { "rising" },
            rate(observed, lang)
        ),
    };
    format!("{need_part}{tail}.")
}

/// An indicator without a target: say so, then how it moved. Never "on track".
fn no_target(a: &Assessment, unit: &Text, lang: Lang) -> String {
    let head = lang.pick("Không có mục tiêu định lượng", "No numeric target");
    let Some(cur) = a.current else {
        return format!("{head}; {}", lowercase_first(a.explanation.get(lang)));
    };
    let now = figure(cur.value, unit, lang);
    let cy = cur.year;
    match (a.method_a.as_ref(), a.base) {
        (Some(m), Some(base)) if cy > base.year => {
            let years = cy - base.year;
            let wanted = match a.direction {
                Direction::Increase => m.observed > 0.0,
                Direction::Decrease => m.observed < 0.0,
            };
            match lang {
                Lang::Vi => format!(
                    "{head}. Năm {cy} đạt {now}; {years} năm qua {} bình quân {}/năm{}.",
                    verb(m.observed, lang),
                    rate(m.observed, lang),
                    if wanted {
                        ", theo hướng mong muốn"
                    } else {
                        ", ngược hướng mong muốn"
                    }
                ),
                Lang::En => format!(
                    "{head}. {cy}: {now}; over the past {years} years it {} by {} a year on average{}.",
                    if m.observed < 0.0 { "fell" } else { "rose" },
                    rate(m.observed, lang),
                    if wanted {
                        ", the desired way"
                    } else {
                        ", against the desired way"
                    }
                ),
            }
        }
        _ => match lang {
            Lang::Vi => format!("{head}. Năm {cy} đạt {now}."),
            Lang::En => format!("{head}. {cy}: {now}."),
        },
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{Series, assess};
    use crate::framework::Baseline;

    fn percent() -> Text {
        Text::new("%", "%")
    }

    #[test]
    fn forest_cover_says_the_rate_needed_from_now_and_the_rate_of_the_past_years() {
        let s = Series::new(vec![(2014, 55.6), (2016, 57.5), (2018, 59.72)]).expect("valid");
        let target = Target::Above {
            value: 65.0,
            year: 2020,
        };
        let a = assess(&target, Direction::Increase, Some(100.0), None, &s, 2018);
        let t = plain(&a, &percent());
        // (65 / 59,72)^(1/2) − 1 = 4,33%; (59,72 / 55,6)^(1/4) − 1 = 1,80%.
        assert_eq!(
            t.vi,
            "Năm 2018 đạt 59,72%; để đạt trên 65% vào năm 2020 cần tăng bình quân 4,3%/năm, nhưng 4 năm qua chỉ tăng 1,8%/năm."
        );
        assert_eq!(
            t.en,
            "2018: 59.72%; reaching above 65% by 2020 needs an average rise of 4.3% a year, but the past 4 years gave only 1.8% a year."
        );
    }

    #[test]
    fn a_fast_enough_trend_is_said_to_be_enough_and_a_fall_is_named() {
        let up = Series::new(vec![(2015, 40.0), (2017, 52.0)]).expect("valid");
        let target = Target::AtLeast {
            value: 60.0,
            year: 2020,
        };
        let a = assess(&target, Direction::Increase, None, None, &up, 2017);
        assert!(
            plain(&a, &percent())
                .vi
                .contains("2 năm qua đã tăng 14%/năm, đủ nếu giữ được nhịp này"),
            "{}",
            plain(&a, &percent()).vi
        );
        let down = Series::new(vec![(2015, 50.0), (2017, 45.0)]).expect("valid");
        let a = assess(&target, Direction::Increase, None, None, &down, 2017);
        assert!(
            plain(&a, &percent())
                .vi
                .contains("nhưng 2 năm qua lại giảm 5,1%/năm"),
            "{}",
            plain(&a, &percent()).vi
        );
    }

    #[test]
    fn large_figures_are_grouped_and_carry_their_unit() {
        let s = Series::new(vec![(2015, 1_200_000.0), (2017, 1_342_700.0)]).expect("valid");
        let target = Target::AtLeast {
            value: 2_000_000.0,
            year: 2020,
        };
        let a = assess(&target, Direction::Increase, None, None, &s, 2017);
        let t = plain(&a, &Text::new("tấn", "tonnes"));
        assert!(t.vi.starts_with("Năm 2017 đạt 1.342.700 tấn;"), "{}", t.vi);
        assert!(t.en.contains("at least 2,000,000 tonnes"), "{}", t.en);
    }

    #[test]
    fn an_indicator_without_a_target_says_so_and_never_says_on_track() {
        let s = Series::new(vec![(2014, 100.0), (2018, 110.0)]).expect("valid");
        let a = assess(&Target::None, Direction::Increase, None, None, &s, 2018);
        let t = plain(&a, &Text::new("ha", "ha"));
        assert!(
            t.vi.starts_with("Không có mục tiêu định lượng."),
            "{}",
            t.vi
        );
        assert!(
            t.vi.contains("4 năm qua tăng bình quân 2,4%/năm"),
            "{}",
            t.vi
        );
        assert!(!t.vi.contains("Đúng tiến độ") && !t.en.contains("on track"));
    }

    #[test]
    fn a_met_target_and_a_baseline_read_plainly() {
        let s = Series::new(vec![(2017, 91.0)]).expect("valid");
        let target = Target::AtLeast {
            value: 90.0,
            year: 2020,
        };
        let a = assess(
            &target,
            Direction::Increase,
            None,
            Some(Baseline {
                value: 80.0,
                year: 2014,
            }),
            &s,
            2017,
        );
        assert_eq!(
            plain(&a, &percent()).vi,
            "Năm 2017 đạt 91%, đã đạt mục tiêu ít nhất 90% vào năm 2020."
        );
    }
}
