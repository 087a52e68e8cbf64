//! A framework after validation: every cross-reference resolved, every
//! target in a typed form. Only `framework::load` builds one from a file, so
//! code that holds a `Framework` may trust it.

pub use super::documents::{Documents, Recipient, ReportSigner};
pub use super::file::{
    Direction, IndicatorKind, ReportingTime, RuleForm, TargetForm, UnitKind, WeekendRule, YearSpan,
};
use crate::text::Text;
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub code: String,
    pub title: Text,
    pub decision: Decision,
    pub plan: Span,
    pub vision_year: Option<i32>,
    pub consolidator: String,
    pub issuer: String,
    pub recipient: Text,
    pub place: String,
    pub source: Option<String>,
    /// How its reports are written as official documents; frameworks stored
    /// before these settings existed read as having none.
    #[serde(default)]
    pub documents: Documents,
    pub general_objective: Text,
    pub general_objective_source: Option<String>,
    pub calendar: Calendar,
    pub units: Vec<OrgUnit>,
    pub sections: Vec<Section>,
    pub objectives: Vec<Objective>,
    /// Consistency rules between indicators (none in frameworks stored
    /// before they existed).
    #[serde(default)]
    pub rules: Vec<Rule>,
    pub notes: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: i32,
    pub to: i32,
}

impl Span {
    pub fn contains(self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }

    /// Where the plan stands in `year`: the one rule behind "Đang thực hiện"
    /// on the home page and the choice of the framework shown by default.
    pub fn standing(self, year: i32) -> PlanStanding {
        if year < self.from {
            PlanStanding::Upcoming
        } else if year > self.to {
            PlanStanding::Ended
        } else {
            PlanStanding::InForce
        }
    }
}

/// Where a plan stands in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStanding {
    Upcoming,
    InForce,
    Ended,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub number: String,
    pub date: Date,
    pub body: Text,
    pub subject: Option<Text>,
    pub signer: Option<Signer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: String,
    pub title: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub annual: Option<Annual>,
    pub reviews: Vec<Review>,
    /// Levels below the lead agencies (none in frameworks stored before
    /// they existed: one level, as the 2014 framework reads).
    #[serde(default)]
    pub levels: Vec<Level>,
    pub source: Option<String>,
}

/// A level of annual reporting below the lead agencies (`calendar.levels`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub unit_kind: UnitKind,
    pub indicators: Vec<String>,
    /// The agency that receives and reviews the level's reports.
    pub receiver: String,
    pub deadline: MonthDay,
    pub if_weekend: WeekendRule,
    pub text: Option<Text>,
}

/// A day in the reporting year with what happens when it falls on a weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDay {
    pub day: MonthDay,
    pub if_weekend: WeekendRule,
}

/// A day of the year, without the year ("12-14").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annual {
    pub first_year: i32,
    pub last_year: i32,
    pub cutoff_start: MonthDay,
    pub cutoff_end: MonthDay,
    pub deadline: MonthDay,
    pub if_weekend: WeekendRule,
    /// The consolidator's own deadline to compile, where the file gives one.
    #[serde(default)]
    pub compile_by: Option<DueDay>,
    pub text: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub kind: ReportingTime,
    pub label: Text,
    pub covers: Span,
    pub cutoff_end: Date,
    pub deadline: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub code: String,
    pub kind: UnitKind,
    pub name: Text,
    pub short_name: Option<Text>,
    pub parent: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub successor: Option<String>,
    /// The code in the official register of administrative units, for a
    /// district or commune (absent in frameworks stored before it existed).
    #[serde(default)]
    pub official_code: Option<String>,
    pub source: Option<String>,
    pub notes: Vec<Text>,
}

impl OrgUnit {
    /// Whether the unit existed on that day.
    pub fn exists_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }

    /// The name to show in tables: the short one where there is one.
    pub fn short(&self) -> &Text {
        self.short_name.as_ref().unwrap_or(&self.name)
    }

    /// Whether it is a territorial unit below the province (district, city,
    /// town, commune), i.e. one that reports indicators "by unit".
    pub fn is_territorial(&self) -> bool {
        UnitKind::TERRITORIAL.contains(&self.kind)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub title: Text,
    pub source: Option<String>,
    pub notes: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub code: String,
    pub section: Option<String>,
    pub title: Text,
    pub activities: Vec<Text>,
    pub output: Text,
    pub reporting: Vec<ReportingTime>,
    pub reporting_text: Option<Text>,
    pub coordinating: Vec<String>,
    pub lead: Option<String>,
    pub source: Option<String>,
    pub notes: Vec<Text>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: Text,
    pub unit: Text,
    pub kind: IndicatorKind,
    pub direction: Direction,
    pub target: Target,
    /// The target in the source's words, where given apart from `from_output`.
    pub target_text: Option<Text>,
    pub baseline: Option<Baseline>,
    pub natural_limit: Option<f64>,
    pub aggregation: Aggregation,
    pub reported_by_units: bool,
    pub from_output: Option<Text>,
    /// The indicator of an earlier framework this one carries on. Absent in
    /// versions stored before it existed, hence the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<Continuation>,
    pub source: Option<String>,
    pub notes: Vec<Text>,
}

/// An indicator of another framework, named by both codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Continuation {
    pub framework: String,
    pub indicator: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub value: f64,
    pub year: i32,
}

/// A target in one of the forms of `shared/docs/progress.md`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Target {
    AtLeast { value: f64, year: i32 },
    Above { value: f64, year: i32 },
    AtMost { value: f64, year: i32 },
    Below { value: f64, year: i32 },
    Range { min: f64, max: f64, year: i32 },
    AllFrom { from_year: i32 },
    Milestone { year: i32 },
    Qualitative { year: Option<i32> },
    None,
}

impl Target {
    pub fn form(&self) -> TargetForm {
        match self {
            Target::AtLeast { .. } => TargetForm::AtLeast,
            Target::Above { .. } => TargetForm::Above,
            Target::AtMost { .. } => TargetForm::AtMost,
            Target::Below { .. } => TargetForm::Below,
            Target::Range { .. } => TargetForm::Range,
            Target::AllFrom { .. } => TargetForm::AllFrom,
            Target::Milestone { .. } => TargetForm::Milestone,
            Target::Qualitative { .. } => TargetForm::Qualitative,
            Target::None => TargetForm::None,
        }
    }

    /// The year by which the target is due (the first year for "all from").
    pub fn year(&self) -> Option<i32> {
        match *self {
            Target::AtLeast { year, .. }
            | Target::Above { year, .. }
            | Target::AtMost { year, .. }
            | Target::Below { year, .. }
            | Target::Range { year, .. }
            | Target::Milestone { year } => Some(year),
            Target::AllFrom { from_year } => Some(from_year),
            Target::Qualitative { year } => year,
            Target::None => None,
        }
    }
}

/// A consistency rule between indicators (`[[rules]]`), checked by
/// `quality::rules` when figures are saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub code: String,
    pub check: Check,
    pub message: Text,
    pub source: Option<String>,
    pub notes: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Check {
    /// `part` ≤ `whole`, unit by unit.
    NotAbove { part: String, whole: String },
    /// `indicator` ≤ `value`, unit by unit.
    AtMost { indicator: String, value: f64 },
    /// The province's `indicator` equals `of` aggregated over the units
    /// (by `of`'s rule), within `tolerance_percent`.
    SumOfUnits {
        indicator: String,
        of: String,
        tolerance_percent: f64,
    },
}

impl Check {
    /// The indicators the rule reads.
    pub fn indicators(&self) -> Vec<&str> {
        match self {
            Check::NotAbove { part, whole } => vec![part, whole],
            Check::AtMost { indicator, .. } => vec![indicator],
            Check::SumOfUnits { indicator, of, .. } => vec![indicator, of],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Aggregation {
    Sum,
    Mean,
    WeightedMean { weight: String },
    None,
}

impl Framework {
    pub fn unit(&self, code: &str) -> Option<&OrgUnit> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn section(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.code == code)
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&Objective, &Indicator)> {
        self.objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    }

    pub fn indicator(&self, code: &str) -> Option<(&Objective, &Indicator)> {
        self.indicators().find(|(_, i)| i.code == code)
    }
}
