//! Progress assessment: the status of an indicator for a period, computed
//! from its data as `shared/docs/progress.md` specifies, never typed in.
//!
//! - **Method A** (Statistics Canada, used by Open SDG) compares the compound
//!   annual growth observed from the base year to the latest year with the
//!   growth needed to reach the target on time; without a target it judges
//!   the growth itself, with thresholds scaled near a natural limit. It gives
//!   the status label.
//! - **Method B** (UN ESCAP) projects the value at the target year and says
//!   how much of the way is done. Xanh projects with the compound annual
//!   growth from base to current ([`Projection::Cagr`]), or a straight line
//!   when the base value is 0 ([`Projection::Linear`]).
//!
//! Pure: the assessed year is passed in, and only values of years up to it
//! count. The qualitative scale is in [`QualitativeRating`].

mod forms;
mod growth;
mod level;
mod parse;
mod plainly;
mod say;
pub mod standing;
mod status;

pub use growth::{
    MODERATE_GROWTH, MODERATE_RATIO, ON_TRACK_GROWTH, ON_TRACK_RATIO, ZERO_REPLACEMENT,
    annual_rate_needed, cagr, classify_growth, classify_ratio, limit_scaling, outlook,
    score_growth, score_ratio, status_from_score,
};
pub use parse::{parse_series, parse_target};
pub use plainly::{after_value, plain};
pub use status::{Outlook, QualitativeRating, Status, Warning};

use crate::framework::{Baseline, Direction, Indicator, Target};
use crate::text::{Lang, Text};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One value of an indicator: the value of a year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub year: i32,
    pub value: f64,
}

impl From<Baseline> for Point {
    fn from(b: Baseline) -> Self {
        Point {
            year: b.year,
            value: b.value,
        }
    }
}

impl From<(i32, f64)> for Point {
    fn from((year, value): (i32, f64)) -> Self {
        Point { year, value }
    }
}

/// The values of an indicator by year: sorted by year, one value per year,
/// every value finite. Only [`Series::new`] builds one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<(i32, f64)>", into = "Vec<(i32, f64)>")]
pub struct Series(Vec<(i32, f64)>);

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SeriesError {
    DuplicateYear(i32),
    NotFinite(i32),
}

impl SeriesError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SeriesError::DuplicateYear(y), Lang::Vi) => format!("Năm {y} có hai giá trị."),
            (SeriesError::DuplicateYear(y), Lang::En) => format!("The year {y} has two values."),
            (SeriesError::NotFinite(y), Lang::Vi) => format!("Giá trị năm {y} không phải là số."),
            (SeriesError::NotFinite(y), Lang::En) => format!("The {y} value is not a number."),
        }
    }
}

impl fmt::Display for SeriesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SeriesError {}

impl Series {
    /// Sorts the values by year; refuses two values for one year and values
    /// that are not finite numbers.
    pub fn new(mut points: Vec<(i32, f64)>) -> Result<Series, SeriesError> {
        if let Some(&(year, _)) = points.iter().find(|(_, v)| !v.is_finite()) {
            return Err(SeriesError::NotFinite(year));
        }
        points.sort_by_key(|&(year, _)| year);
        if let Some(w) = points.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(SeriesError::DuplicateYear(w[0].0));
        }
        Ok(Series(points))
    }

    pub fn points(&self) -> &[(i32, f64)] {
        &self.0
    }

    /// The values of the years up to `year`, inclusive.
    pub fn up_to(&self, year: i32) -> &[(i32, f64)] {
        let n = self.0.partition_point(|&(y, _)| y <= year);
        &self.0[..n]
    }

    pub fn value_in(&self, year: i32) -> Option<f64> {
        self.0.iter().find(|&&(y, _)| y == year).map(|&(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl TryFrom<Vec<(i32, f64)>> for Series {
    type Error = SeriesError;
    fn try_from(points: Vec<(i32, f64)>) -> Result<Self, Self::Error> {
        Series::new(points)
    }
}

impl From<Series> for Vec<(i32, f64)> {
    fn from(s: Series) -> Self {
        s.0
    }
}

/// Method A: observed growth against required growth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodA {
    /// Compound annual growth from base to current, as a fraction.
    pub observed: f64,
    /// With a target: the compound annual growth from base to target by its year.
    pub required: Option<f64>,
    /// With a target: `sign(base) · direction · observed / |required|`.
    /// None when the target equals the base value (required growth 0).
    pub ratio: Option<f64>,
    /// Without a target: `sign(base) · direction · observed`.
    pub progress: Option<f64>,
    /// Without a target: the threshold scaling `c` near a natural limit (1 without one).
    pub scaling: Option<f64>,
    /// Statistics Canada's score, −5 to +5 (5 when the target is met).
    pub score: f64,
    /// Method A's own category, before "achieved" or "missed" overrule it.
    pub status: Status,
}

/// How Method B projects the value at the target year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    /// current · (1 + observed compound growth)^(target year − current year)
    Cagr,
    /// The straight line through base and current (used when the base value is 0).
    Linear,
    /// The latest value is of the target year or later: nothing to project.
    Observed,
}

/// Method B: anticipated progress at the target year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodB {
    pub projection: Projection,
    /// The projected value at the target year.
    pub projected: f64,
    /// `(projected − base) / (target − base)`.
    pub p: f64,
    /// `direction · (current − base) / |target − base|`, clipped to [0, 1].
    pub share_done: f64,
    pub outlook: Outlook,
}

/// The assessment of one series for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: Status,
    /// The assessed period: only values of years up to it count.
    pub year: i32,
    pub target: Target,
    pub direction: Direction,
    pub base: Option<Point>,
    pub current: Option<Point>,
    /// The value Methods A and B aim at (a range's lower bound for an
    /// increasing indicator, its upper bound for a decreasing one).
    pub target_value: Option<f64>,
    pub target_year: Option<i32>,
    pub method_a: Option<MethodA>,
    pub method_b: Option<MethodB>,
    /// Compound rate per year (a fraction) from the current value to the
    /// target by its year; None once met or when the target year has come.
    pub annual_rate_needed: Option<f64>,
    pub warnings: Vec<Warning>,
    /// One sentence saying how the status was reached, with the numbers.
    pub explanation: Text,
}

impl Assessment {
    fn new(target: Target, direction: Direction, year: i32) -> Self {
        Assessment {
            status: Status::InsufficientData,
            year,
            target,
            direction,
            base: None,
            current: None,
            target_value: None,
            target_year: target.year(),
            method_a: None,
            method_b: None,
            annual_rate_needed: None,
            warnings: Vec::new(),
            explanation: Text::default(),
        }
    }

    fn set(&mut self, status: Status, vi: String, en: String) {
        self.status = status;
        self.explanation = Text::new(vi, en);
    }
}

/// Assesses a series against a target for the period `year`.
///
/// `baseline` is the configured base year and value; without one the
/// first value of the series is the base. Qualitative targets are never
/// computed: this gives [`Status::NotRated`]; see [`assess_qualitative`].
pub fn assess(
    target: &Target,
    direction: Direction,
    natural_limit: Option<f64>,
    baseline: Option<Baseline>,
    series: &Series,
    year: i32,
) -> Assessment {
    let a = Assessment::new(*target, direction, year);
    let inputs = level::Inputs {
        direction,
        baseline,
        points: series.up_to(year),
        year,
    };
    match *target {
        Target::AtLeast { value, year: by } => {
            level::assess(a, level::Test::AtLeast(value), by, &inputs)
        }
        Target::Above { value, year: by } => {
            level::assess(a, level::Test::Above(value), by, &inputs)
        }
        Target::AtMost { value, year: by } => {
            level::assess(a, level::Test::AtMost(value), by, &inputs)
        }
        Target::Below { value, year: by } => {
            level::assess(a, level::Test::Below(value), by, &inputs)
        }
        Target::Range { min, max, year: by } => {
            level::assess(a, level::Test::Range(min, max), by, &inputs)
        }
        Target::None => level::assess_trend(a, natural_limit, &inputs),
        Target::AllFrom { from_year } => forms::all_from(a, from_year, inputs.points, year),
        Target::Milestone { year: by } => forms::milestone(a, by, inputs.points, year),
        Target::Qualitative { .. } => forms::qualitative(a, None),
    }
}

/// A qualitative indicator as rated by the consolidator, or not rated yet.
pub fn assess_qualitative(
    target_year: Option<i32>,
    rating: Option<QualitativeRating>,
    year: i32,
) -> Assessment {
    let target = Target::Qualitative { year: target_year };
    forms::qualitative(Assessment::new(target, Direction::Increase, year), rating)
}

/// [`assess`] with the target, direction, natural limit and baseline of an indicator.
pub fn assess_indicator(indicator: &Indicator, series: &Series, year: i32) -> Assessment {
    assess(
        &indicator.target,
        indicator.direction,
        indicator.natural_limit,
        indicator.baseline,
        series,
        year,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_is_sorted_and_refuses_a_year_twice_or_a_non_number() {
        let s = Series::new(vec![(2017, 52.0), (2015, 40.0)]).expect("valid");
        assert_eq!(s.points(), &[(2015, 40.0), (2017, 52.0)]);
        assert_eq!(
            Series::new(vec![(2015, 40.0), (2016, 1.0), (2015, 41.0)]),
            Err(SeriesError::DuplicateYear(2015))
        );
        assert_eq!(
            Series::new(vec![(2015, f64::NAN)]),
            Err(SeriesError::NotFinite(2015))
        );
    }

    #[test]
    fn only_values_up_to_the_assessed_year_count() {
        let s = Series::new(vec![(2015, 40.0), (2017, 52.0), (2019, 70.0)]).expect("valid");
        assert_eq!(s.up_to(2018), &[(2015, 40.0), (2017, 52.0)]);
        assert_eq!(s.up_to(2014), &[]);
        assert_eq!(s.value_in(2017), Some(52.0));
        // 70 in 2019 would meet "at least 65"; assessed for 2018 it does not count.
        let target = Target::AtLeast {
            value: 65.0,
            year: 2020,
        };
        let a = assess(&target, Direction::Increase, None, None, &s, 2018);
        assert_eq!(a.current, Some(Point::from((2017, 52.0))));
        assert_ne!(a.status, Status::Achieved);
    }

    #[test]
    fn an_indicator_is_assessed_with_its_own_baseline_and_target() {
        let indicator = Indicator {
            code: "1.1".into(),
            name: Text::new("Độ che phủ rừng", "Forest cover"),
            unit: Text::new("%", "%"),
            kind: crate::framework::IndicatorKind::Percent,
            direction: Direction::Increase,
            target: Target::Above {
                value: 65.0,
                year: 2020,
            },
            target_text: None,
            baseline: Some(Baseline {
                value: 60.0,
                year: 2014,
            }),
            natural_limit: Some(100.0),
            aggregation: crate::framework::Aggregation::None,
            reported_by_units: false,
            from_output: None,
            continues: None,
            source: None,
            notes: Vec::new(),
        };
        let s = Series::new(vec![(2016, 62.0)]).expect("valid");
        let a = assess_indicator(&indicator, &s, 2016);
        assert_eq!(a.base, Some(Point::from((2014, 60.0))));
        assert_eq!(a.current, Some(Point::from((2016, 62.0))));
        assert_eq!(a.target_value, Some(65.0));
        assert!(a.method_a.is_some());
    }

    #[test]
    fn an_assessment_serialises_with_its_methods_warnings_and_explanation() {
        let s = Series::new(vec![(2015, 0.0), (2017, 20.0)]).expect("valid");
        let target = Target::AtLeast {
            value: 50.0,
            year: 2020,
        };
        let a = assess(&target, Direction::Increase, Some(100.0), None, &s, 2017);
        let text = toml::to_string(&a).expect("an assessment serialises");
        for part in [
            "status = \"on_track\"",
            "form = \"at_least\"",
            "[method_a]",
            "projection = \"linear\"",
            "kind = \"base_zero_replaced\"",
            "[explanation]",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
    }
}
