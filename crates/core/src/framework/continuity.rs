//! Continuity across frameworks: an indicator of a new plan may carry on an
//! indicator of an earlier one (forest cover in 598/2014, LN.1, continues in
//! the 2021–2030 plan), so that both show as one series from the first year.
//! The link holds only for the same measure: a file that names an unknown
//! framework or indicator, or another unit or kind, is refused at import.

use super::{Framework, Indicator};
use crate::text::Text;

/// Every problem with the `continues` links of `fw`; `other` finds a stored
/// framework by code.
pub fn problems<'a>(fw: &Framework, other: impl Fn(&str) -> Option<&'a Framework>) -> Vec<Text> {
    let mut out = Vec::new();
    for (_, ind) in fw.indicators() {
        let Some(c) = &ind.continues else {
            continue;
        };
        if c.framework == fw.code {
            out.push(Text::new(
                format!(
                    "Chỉ tiêu {} tiếp nối một chỉ tiêu của chính khung này; continues phải chỉ tới một khung khác.",
                    ind.code
                ),
                format!(
                    "Indicator {} continues an indicator of its own framework; continues must name another framework.",
                    ind.code
                ),
            ));
            continue;
        }
        let Some(earlier) = other(&c.framework) else {
            out.push(Text::new(
                format!(
                    "Chỉ tiêu {} tiếp nối khung \"{}\", nhưng khung này chưa được nạp. Hãy nạp khung đó trước.",
                    ind.code, c.framework
                ),
                format!(
                    "Indicator {} continues framework \"{}\", which is not loaded. Import that framework first.",
                    ind.code, c.framework
                ),
            ));
            continue;
        };
        let Some((_, was)) = earlier.indicators().find(|(_, i)| i.code == c.indicator) else {
            out.push(Text::new(
                format!(
                    "Chỉ tiêu {} tiếp nối chỉ tiêu \"{}\" của khung \"{}\", nhưng khung đó không có chỉ tiêu này.",
                    ind.code, c.indicator, c.framework
                ),
                format!(
                    "Indicator {} continues indicator \"{}\" of framework \"{}\", which has no such indicator.",
                    ind.code, c.indicator, c.framework
                ),
            ));
            continue;
        };
        if let Some(why) = mismatch(ind, was) {
            out.push(Text::new(
                format!(
                    "Chỉ tiêu {} không thể tiếp nối chỉ tiêu {} của khung \"{}\": {}",
                    ind.code, c.indicator, c.framework, why.vi
                ),
                format!(
                    "Indicator {} cannot continue indicator {} of framework \"{}\": {}",
                    ind.code, c.indicator, c.framework, why.en
                ),
            ));
        }
    }
    out
}

/// Why two indicators are not the same measure, if they are not.
fn mismatch(now: &Indicator, was: &Indicator) -> Option<Text> {
    if now.unit.vi.trim() != was.unit.vi.trim() {
        return Some(Text::new(
            format!(
                "đơn vị tính khác nhau (\"{}\" và \"{}\").",
                now.unit.vi, was.unit.vi
            ),
            format!(
                "the units differ (\"{}\" and \"{}\").",
                now.unit.vi, was.unit.vi
            ),
        ));
    }
    if now.kind != was.kind {
        return Some(Text::new(
            "loại chỉ tiêu khác nhau.".to_string(),
            "the kinds of indicator differ.".to_string(),
        ));
    }
    None
}

/// The indicators of `all` that carry `code` of `framework` on: (framework, indicator).
pub fn continued_by<'a>(
    all: &'a [Framework],
    framework: &str,
    code: &str,
) -> Vec<(&'a Framework, &'a Indicator)> {
    all.iter()
        .flat_map(|f| f.indicators().map(move |(_, i)| (f, i)))
        .filter(|(_, i)| {
            i.continues
                .as_ref()
                .is_some_and(|c| c.framework == framework && c.indicator == code)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Continuation, load};

    const KON_TUM: &str = include_str!("../../../../frameworks/kon-tum-598-2014.toml");

    fn pair() -> (Framework, Framework) {
        let kon_tum = load(KON_TUM).expect("valid").framework;
        let mut next = kon_tum.clone();
        next.code = "next-plan".into();
        (kon_tum, next)
    }

    fn link(fw: &mut Framework, code: &str, to: Continuation) {
        for o in &mut fw.objectives {
            for i in &mut o.indicators {
                if i.code == code {
                    i.continues = Some(to.clone());
                }
            }
        }
    }

    #[test]
    fn the_same_measure_continues_and_is_found_from_the_earlier_side() {
        let (kon_tum, mut next) = pair();
        link(
            &mut next,
            "LN.1",
            Continuation {
                framework: kon_tum.code.clone(),
                indicator: "LN.1".into(),
            },
        );
        assert!(problems(&next, |c| (c == kon_tum.code).then_some(&kon_tum)).is_empty());
        let all = [kon_tum.clone(), next.clone()];
        let found = continued_by(&all, &kon_tum.code, "LN.1");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.code, "next-plan");
    }

    #[test]
    fn an_unknown_framework_an_unknown_indicator_or_another_unit_is_named() {
        let (kon_tum, mut next) = pair();
        let find = |c: &str| (c == kon_tum.code).then_some(&kon_tum);
        link(
            &mut next,
            "LN.1",
            Continuation {
                framework: "nope".into(),
                indicator: "LN.1".into(),
            },
        );
        assert!(
            problems(&next, find)[0]
                .en
                .contains("\"nope\", which is not loaded")
        );
        link(
            &mut next,
            "LN.1",
            Continuation {
                framework: kon_tum.code.clone(),
                indicator: "X.9".into(),
            },
        );
        assert!(
            problems(&next, find)[0]
                .en
                .contains("has no such indicator")
        );
        // Forest cover (%) cannot continue natural land area (ha).
        link(
            &mut next,
            "LN.1",
            Continuation {
                framework: kon_tum.code.clone(),
                indicator: "LN.2".into(),
            },
        );
        let p = problems(&next, find);
        assert!(p[0].en.contains("the units differ"), "{p:?}");
        assert!(p[0].vi.contains("đơn vị tính khác nhau"));
    }
}
