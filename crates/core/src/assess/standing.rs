//! Where an indicator stands, in the fixed order from best to worst that
//! every page, bar and count uses (ui.md, "At a glance, then detail"), so
//! that a reader never has to relearn it:
//! Đã đạt · Đúng tiến độ · Cần đẩy nhanh · Tiến bộ hạn chế · Thụt lùi ·
//! Không đạt · Chưa đến hạn · Chưa đủ dữ liệu · Chưa đánh giá, and last the
//! indicators that have no target at all, which are never "on track".

use crate::Lang;
use crate::assess::{QualitativeRating, Status};
use crate::framework::Target;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Standing {
    Achieved,
    OnTrack,
    Moderate,
    Limited,
    Deterioration,
    Missed,
    NotYetDue,
    InsufficientData,
    NotRated,
    NoTarget,
}

impl Standing {
    pub const ALL: [Standing; 10] = [
        Standing::Achieved,
        Standing::OnTrack,
        Standing::Moderate,
        Standing::Limited,
        Standing::Deterioration,
        Standing::Missed,
        Standing::NotYetDue,
        Standing::InsufficientData,
        Standing::NotRated,
        Standing::NoTarget,
    ];

    /// The place of a status. A qualitative rating takes the place of the
    /// computed status nearest in meaning (its own label is still shown);
    /// a year below 100% of an "all from" target counts as not met.
    pub fn of(status: Status, target: &Target) -> Standing {
        if matches!(target, Target::None) {
            return Standing::NoTarget;
        }
        match status {
            Status::Achieved | Status::Rated(QualitativeRating::Achieved) => Standing::Achieved,
            Status::OnTrack | Status::Rated(QualitativeRating::LargelyAchieved) => {
                Standing::OnTrack
            }
            Status::Moderate | Status::Rated(QualitativeRating::PartlyAchieved) => {
                Standing::Moderate
            }
            Status::Limited | Status::Rated(QualitativeRating::NotAchieved) => Standing::Limited,
            Status::Deterioration => Standing::Deterioration,
            Status::Missed | Status::Breach => Standing::Missed,
            Status::NotYetDue => Standing::NotYetDue,
            Status::InsufficientData => Standing::InsufficientData,
            Status::NotRated => Standing::NotRated,
        }
    }

    /// The place of a status known only by its code (the national sums).
    pub fn of_code(code: &str) -> Standing {
        match code {
            "achieved" | "rated_achieved" => Standing::Achieved,
            "on_track" | "rated_largely_achieved" => Standing::OnTrack,
            "moderate" | "rated_partly_achieved" => Standing::Moderate,
            "limited" | "rated_not_achieved" => Standing::Limited,
            "deterioration" => Standing::Deterioration,
            "missed" | "breach" => Standing::Missed,
            "not_yet_due" => Standing::NotYetDue,
            "not_rated" => Standing::NotRated,
            "no_target" => Standing::NoTarget,
            _ => Standing::InsufficientData,
        }
    }

    /// A stable code, used as the CSS class of its colour.
    pub fn code(self) -> &'static str {
        match self {
            Standing::Achieved => "achieved",
            Standing::OnTrack => "on_track",
            Standing::Moderate => "moderate",
            Standing::Limited => "limited",
            Standing::Deterioration => "deterioration",
            Standing::Missed => "missed",
            Standing::NotYetDue => "not_yet_due",
            Standing::InsufficientData => "insufficient_data",
            Standing::NotRated => "not_rated",
            Standing::NoTarget => "no_target",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Standing::Achieved => lang.pick("Đã đạt", "Achieved"),
            Standing::OnTrack => lang.pick("Đúng tiến độ", "On track"),
            Standing::Moderate => lang.pick("Cần đẩy nhanh", "Acceleration needed"),
            Standing::Limited => lang.pick("Tiến bộ hạn chế", "Limited progress"),
            Standing::Deterioration => lang.pick("Thụt lùi", "Deterioration"),
            Standing::Missed => lang.pick("Không đạt", "Missed"),
            Standing::NotYetDue => lang.pick("Chưa đến hạn", "Not yet due"),
            Standing::InsufficientData => lang.pick("Chưa đủ dữ liệu", "Insufficient data"),
            Standing::NotRated => lang.pick("Chưa đánh giá", "Not rated"),
            Standing::NoTarget => lang.pick("Không có mục tiêu", "No target"),
        }
    }
}

/// What a page shows for one indicator's status: the colour of its place in
/// the order, and its own words (a rating or "some year below 100%" keeps them).
pub struct Shown {
    pub class: &'static str,
    pub label: String,
}

pub fn shown(status: Status, target: &Target, lang: Lang) -> Shown {
    let standing = Standing::of(status, target);
    Shown {
        class: standing.code(),
        label: if standing == Standing::NoTarget {
            standing.label(lang).to_string()
        } else {
            status.label(lang).to_string()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indicator_without_a_target_is_never_on_track() {
        assert_eq!(
            Standing::of(Status::OnTrack, &Target::None),
            Standing::NoTarget
        );
        assert_eq!(
            shown(Status::OnTrack, &Target::None, Lang::Vi).label,
            "Không có mục tiêu"
        );
    }

    #[test]
    fn the_order_runs_from_achieved_to_not_rated() {
        let labels: Vec<&str> = Standing::ALL.iter().map(|s| s.label(Lang::Vi)).collect();
        assert_eq!(
            labels.join(" · "),
            "Đã đạt · Đúng tiến độ · Cần đẩy nhanh · Tiến bộ hạn chế · Thụt lùi · Không đạt · Chưa đến hạn · Chưa đủ dữ liệu · Chưa đánh giá · Không có mục tiêu"
        );
    }
}
