//! An indicator's chart as the indicator page and the official report draw
//! it: a trend against the target, or for a milestone or a qualitative
//! indicator a timeline of states; with the same measure under an earlier
//! framework joined to it.

use super::timeline::{self, Timeline};
use super::{Other, Trend, trend_svg};
use crate::consolidation::{IndicatorPicture, is_milestone};
use crate::continued::Joined;
use xanh_core::Lang;
use xanh_core::assess::QualitativeRating;
use xanh_core::framework::{Framework, Indicator, IndicatorKind};

/// The chart of an indicator's province series (SVG): a trend against the
/// target, or for a milestone or a qualitative indicator a timeline of states.
/// `ratings` are the consolidator's ratings of qualitative indicators;
/// `joined`, the same measure under an earlier framework.
pub fn trend(
    fw: &Framework,
    p: &IndicatorPicture<'_>,
    ratings: &[xanh_store::RatingRow],
    joined: Option<&Joined>,
    lang: Lang,
) -> String {
    trend_upto(fw, p, ratings, p.assessment.year, joined, lang)
}

pub fn trend_upto(
    fw: &Framework,
    p: &IndicatorPicture<'_>,
    ratings: &[xanh_store::RatingRow],
    year: i32,
    joined: Option<&Joined>,
    lang: Lang,
) -> String {
    let ind = p.indicator;
    let a = &p.assessment;
    let title = format!("{} {}", ind.code, ind.name.get(lang));
    let first = if ind.kind == IndicatorKind::Qualitative {
        ratings
            .iter()
            .filter(|r| r.indicator == ind.code)
            .map(|r| r.year)
            .min()
    } else {
        p.province.first().map(|v| v.0)
    }
    .unwrap_or(fw.plan.from);
    // From the first year with a figure: empty boxes before it say nothing.
    let span = (first.min(fw.plan.to), fw.plan.to.max(year));
    if is_milestone(ind) || ind.kind == IndicatorKind::Qualitative {
        let years = (span.0..=span.1)
            .map(|y| {
                let (fill, ink, words) = if is_milestone(ind) {
                    match p.province.iter().find(|v| v.0 == y && y <= year) {
                        Some(v) if v.1 >= 1.0 => (
                            timeline::YES.0,
                            timeline::YES.1,
                            lang.pick("Đã hoàn thành", "Reached").to_string(),
                        ),
                        Some(_) => (
                            timeline::NO.0,
                            timeline::NO.1,
                            lang.pick("Chưa", "Not yet").to_string(),
                        ),
                        None => (timeline::NONE.0, timeline::NONE.1, "—".to_string()),
                    }
                } else {
                    let r = ratings
                        .iter()
                        .filter(|r| r.indicator == ind.code && r.year <= y && y <= year)
                        .max_by_key(|r| r.year)
                        .and_then(|r| QualitativeRating::from_code(&r.rating));
                    match r {
                        Some(QualitativeRating::Achieved | QualitativeRating::LargelyAchieved) => {
                            let q = r.map(|q| q.label(lang)).unwrap_or_default();
                            (timeline::YES.0, timeline::YES.1, q.to_string())
                        }
                        Some(q) => (timeline::NO.0, timeline::NO.1, q.label(lang).to_string()),
                        None => (timeline::NONE.0, timeline::NONE.1, "—".to_string()),
                    }
                };
                timeline::Year {
                    year: y,
                    fill,
                    ink,
                    words,
                }
            })
            .collect();
        return timeline::svg(&Timeline {
            title: &title,
            years,
            deadline: ind.target.year(),
            deadline_word: lang.pick("Hạn", "Due"),
        });
    }
    let current = a.current.map(|c| (c.year, c.value));
    let target = a.target_value.zip(a.target_year).map(|(v, y)| (y, v));
    let own_label = format!("{} · {}", fw.decision.number, ind.code);
    let breaks = chart_breaks(fw, ind, lang);
    trend_svg(&Trend {
        title: &title,
        unit: &ind.unit.vi,
        values: &p.province,
        target,
        baseline: ind.baseline.map(|b| (b.year, b.value)),
        needed: current
            .zip(target)
            .filter(|_| a.annual_rate_needed.is_some())
            .map(|(c, t)| [c, t]),
        projection: current
            .zip(a.method_b.as_ref())
            .zip(a.target_year)
            .filter(|((c, _), ty)| c.0 < *ty)
            .map(|((c, b), ty)| [c, (ty, b.projected)]),
        years: match joined {
            // Both plans' years, from the first figure of either to the later plan's end.
            Some(j) => (
                j.values
                    .first()
                    .map_or(first, |v| v.0.min(first))
                    .min(fw.plan.to),
                j.target
                    .map_or(fw.plan.to, |t| t.0.max(fw.plan.to))
                    .max(j.values.last().map_or(fw.plan.to, |v| v.0)),
            ),
            None => (first.min(fw.plan.to), fw.plan.to),
        },
        other: joined.map(|j| Other {
            values: &j.values,
            target: j.target,
            label: &j.label,
            own_label: &own_label,
        }),
        breaks: &breaks,
        lang,
    })
}

/// The chart's dashed lines where an indicator reported by area changes the
/// level of its reporting units (core's `level_breaks`).
fn chart_breaks(fw: &Framework, ind: &Indicator, lang: Lang) -> Vec<(i32, String)> {
    if !ind.reported_by_units {
        return Vec::new();
    }
    xanh_core::framework::eras::level_breaks(fw)
        .into_iter()
        .map(|y| {
            let words = lang.pick("Đơn vị báo cáo: cấp xã từ", "Reported by communes from");
            (y, format!(" {words} {y}"))
        })
        .collect()
}
