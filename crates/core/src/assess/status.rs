//! The words of an assessment: statuses, the anticipated-progress outlook,
//! the qualitative rating scale and warnings, each with its Vietnamese and
//! English label and a stable code for CSS classes, URLs and JSON.

use crate::number::format_vi;
use crate::text::Lang;
use serde::{Deserialize, Serialize};

/// The status of an indicator for a period (progress.md, "Labels in Vietnamese").
///
/// The serialised name of a unit variant equals its [`Status::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target is met.
    Achieved,
    /// Growth is at least 95% of the growth needed (Method A).
    OnTrack,
    /// Progress made, acceleration needed: 60–95% of the growth needed.
    Moderate,
    /// Limited progress: 0–60% of the growth needed.
    Limited,
    /// Moving away from the target.
    Deterioration,
    /// Not enough data to say (no value, one year, opposite signs, …).
    InsufficientData,
    /// The target's year has not come and nothing yet is due.
    NotYetDue,
    /// The target's year has come and the target is not met.
    Missed,
    /// "All, from a year on": some year from that year on was below 100%.
    Breach,
    /// A qualitative indicator nobody has rated yet.
    NotRated,
    /// A qualitative indicator as rated by the consolidator.
    Rated(QualitativeRating),
}

impl Status {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Achieved => lang.pick("Đã đạt", "Achieved"),
            Status::OnTrack => lang.pick("Đúng tiến độ", "On track"),
            Status::Moderate => lang.pick("Cần đẩy nhanh", "Acceleration needed"),
            Status::Limited => lang.pick("Tiến bộ hạn chế", "Limited progress"),
            Status::Deterioration => lang.pick("Thụt lùi", "Deterioration"),
            Status::InsufficientData => lang.pick("Chưa đủ dữ liệu", "Insufficient data"),
            Status::NotYetDue => lang.pick("Chưa đến hạn", "Not yet due"),
            Status::Missed => lang.pick("Không đạt", "Missed"),
            Status::Breach => lang.pick("Có năm không đạt", "Breached"),
            Status::NotRated => lang.pick("Chưa đánh giá", "Not rated"),
            Status::Rated(rating) => rating.label(lang),
        }
    }

    /// A stable code, usable as a CSS class.
    pub fn code(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::Moderate => "moderate",
            Status::Limited => "limited",
            Status::Deterioration => "deterioration",
            Status::InsufficientData => "insufficient_data",
            Status::NotYetDue => "not_yet_due",
            Status::Missed => "missed",
            Status::Breach => "breach",
            Status::NotRated => "not_rated",
            Status::Rated(QualitativeRating::Achieved) => "rated_achieved",
            Status::Rated(QualitativeRating::LargelyAchieved) => "rated_largely_achieved",
            Status::Rated(QualitativeRating::PartlyAchieved) => "rated_partly_achieved",
            Status::Rated(QualitativeRating::NotAchieved) => "rated_not_achieved",
        }
    }
}

/// Method B's reading of the projected value at the target year (UN ESCAP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// P ≥ 1: the trend reaches the target by its year.
    OnTrack,
    /// 0 ≤ P < 1: the trend moves towards the target but not far enough.
    AccelerationNeeded,
    /// P < 0: the trend moves away from the target.
    Regressing,
}

impl Outlook {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outlook::OnTrack => lang.pick("Đúng tiến độ", "On track"),
            Outlook::AccelerationNeeded => lang.pick("Cần đẩy nhanh", "Acceleration needed"),
            Outlook::Regressing => lang.pick("Thụt lùi", "Regressing"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Outlook::OnTrack => "on_track",
            Outlook::AccelerationNeeded => "acceleration_needed",
            Outlook::Regressing => "regressing",
        }
    }
}

/// The fixed scale on which the consolidator rates a qualitative indicator,
/// always with a written justification. Xanh never computes it.
///
/// Four levels of how far the target's wording is met, in the words
/// Vietnamese reviews of plans (sơ kết, tổng kết) use; an even number of
/// levels leaves no comfortable middle:
///
/// - **Đạt** (achieved): what the target describes is fully in place.
/// - **Cơ bản đạt** (largely achieved): in place in its essentials; the gaps
///   are minor and named in the justification.
/// - **Đạt một phần** (partly achieved): clear progress, but substantial
///   parts are not in place.
/// - **Chưa đạt** (not achieved): little or no progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualitativeRating {
    Achieved,
    LargelyAchieved,
    PartlyAchieved,
    NotAchieved,
}

impl QualitativeRating {
    /// Best first, as a form lists them.
    pub const ALL: [QualitativeRating; 4] = [
        QualitativeRating::Achieved,
        QualitativeRating::LargelyAchieved,
        QualitativeRating::PartlyAchieved,
        QualitativeRating::NotAchieved,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            QualitativeRating::Achieved => lang.pick("Đạt", "Achieved"),
            QualitativeRating::LargelyAchieved => lang.pick("Cơ bản đạt", "Largely achieved"),
            QualitativeRating::PartlyAchieved => lang.pick("Đạt một phần", "Partly achieved"),
            QualitativeRating::NotAchieved => lang.pick("Chưa đạt", "Not achieved"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            QualitativeRating::Achieved => "achieved",
            QualitativeRating::LargelyAchieved => "largely_achieved",
            QualitativeRating::PartlyAchieved => "partly_achieved",
            QualitativeRating::NotAchieved => "not_achieved",
        }
    }

    pub fn from_code(code: &str) -> Option<QualitativeRating> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// Something the reader of an assessment should know about how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// The base value was 0; growth rates used 0.001 instead.
    BaseZeroReplaced,
    /// The target value was 0; the growth needed used 0.001 instead.
    TargetZeroReplaced,
    /// e.g. an "at least" target on an indicator that should decrease.
    DirectionDisagreesWithTarget,
    /// A range target: the value has passed the range's far bound.
    BeyondRange { bound: f64 },
    /// "All, from a year on": years from the first year on without a value.
    MissingYears { years: Vec<i32> },
    /// A milestone's value must be 0 (not reached) or 1 (reached).
    NotZeroOrOne { year: i32, value: f64 },
}

impl Warning {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Warning::BaseZeroReplaced => lang
                .pick(
                    "Giá trị cơ sở bằng 0 được thay bằng 0,001 khi tính tốc độ tăng.",
                    "The base value 0 was replaced by 0.001 to compute growth rates.",
                )
                .into(),
            Warning::TargetZeroReplaced => lang
                .pick(
                    "Chỉ tiêu bằng 0 được thay bằng 0,001 khi tính tốc độ tăng cần thiết.",
                    "The target value 0 was replaced by 0.001 to compute the growth needed.",
                )
                .into(),
            Warning::DirectionDisagreesWithTarget => lang
                .pick(
                    "Hướng mong muốn của chỉ tiêu ngược với dạng chỉ tiêu (ví dụ \"ít nhất\" cho chỉ tiêu cần giảm).",
                    "The indicator's desired direction disagrees with the target form (e.g. \"at least\" on an indicator that should decrease).",
                )
                .into(),
            Warning::BeyondRange { bound } => match lang {
                Lang::Vi => format!(
                    "Giá trị đã vượt ra ngoài khoảng chỉ tiêu (cận {}); chỉ đạt khi nằm trong khoảng.",
                    format_vi(*bound)
                ),
                Lang::En => format!(
                    "The value has gone past the target range (bound {}); the target is met only inside the range.",
                    super::say::en(*bound, 6)
                ),
            },
            Warning::MissingYears { years } => {
                let list = years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                match lang {
                    Lang::Vi => format!("Thiếu số liệu các năm: {list}."),
                    Lang::En => format!("No value for the years {list}."),
                }
            }
            Warning::NotZeroOrOne { year, value } => match lang {
                Lang::Vi => format!(
                    "Giá trị năm {year} là {}, không phải 0 (chưa đạt) hoặc 1 (đã đạt).",
                    format_vi(*value)
                ),
                Lang::En => format!(
                    "The {year} value is {}, neither 0 (not reached) nor 1 (reached).",
                    super::say::en(*value, 6)
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Wrapped {
        status: Status,
    }

    fn serialised(status: Status) -> String {
        toml::to_string(&Wrapped { status }).expect("a status always serialises")
    }

    #[test]
    fn every_status_has_the_vietnamese_label_of_the_specification() {
        let vi: Vec<&str> = [
            Status::Achieved,
            Status::OnTrack,
            Status::Moderate,
            Status::Limited,
            Status::Deterioration,
            Status::InsufficientData,
            Status::NotYetDue,
            Status::Missed,
        ]
        .into_iter()
        .map(|s| s.label(Lang::Vi))
        .collect();
        assert_eq!(
            vi.join(" · "),
            "Đã đạt · Đúng tiến độ · Cần đẩy nhanh · Tiến bộ hạn chế · Thụt lùi · Chưa đủ dữ liệu · Chưa đến hạn · Không đạt"
        );
        assert_eq!(Status::Moderate.label(Lang::En), "Acceleration needed");
    }

    #[test]
    fn a_unit_status_serialises_under_its_stable_code() {
        for s in [
            Status::Achieved,
            Status::OnTrack,
            Status::Moderate,
            Status::Limited,
            Status::Deterioration,
            Status::InsufficientData,
            Status::NotYetDue,
            Status::Missed,
            Status::Breach,
            Status::NotRated,
        ] {
            assert_eq!(serialised(s), format!("status = \"{}\"\n", s.code()));
        }
        let rated = serialised(Status::Rated(QualitativeRating::LargelyAchieved));
        assert!(rated.contains("rated = \"largely_achieved\""), "{rated}");
    }

    #[test]
    fn the_qualitative_scale_has_four_levels_with_codes_that_read_back() {
        for r in QualitativeRating::ALL {
            assert_eq!(QualitativeRating::from_code(r.code()), Some(r));
        }
        assert_eq!(
            Status::Rated(QualitativeRating::LargelyAchieved).label(Lang::Vi),
            "Cơ bản đạt"
        );
        assert_eq!(
            Status::Rated(QualitativeRating::NotAchieved).code(),
            "rated_not_achieved"
        );
        assert_eq!(QualitativeRating::from_code("tot"), None);
    }

    #[test]
    fn warnings_speak_both_languages_with_the_right_decimal_mark() {
        let w = Warning::BeyondRange { bound: 12.5 };
        assert!(w.message(Lang::Vi).contains("12,5"));
        assert!(w.message(Lang::En).contains("12.5"));
        let m = Warning::MissingYears {
            years: vec![2016, 2018],
        };
        assert_eq!(m.message(Lang::En), "No value for the years 2016, 2018.");
    }
}
