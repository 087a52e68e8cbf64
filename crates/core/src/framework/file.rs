//! The framework file as written by people (TOML): every field as it stands
//! in the file, before any cross-checking. `docs/framework-format.md`
//! describes it with an example of every construct; keep the two in step.
//!
//! Fields whose meaning depends on other fields (a target's numbers, an
//! aggregation's weight, agency codes) are kept raw here and checked in
//! `validate`, so that every problem in a file is reported at once instead of
//! stopping at the first one the deserialiser meets.

use crate::text::Text;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkFile {
    /// Version of this file format; 1 is the only one so far.
    pub format_version: u32,
    pub framework: FrameworkHeader,
    pub general_objective: GeneralObjective,
    pub calendar: CalendarFile,
    #[serde(default)]
    pub units: Vec<UnitFile>,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    #[serde(default)]
    pub objectives: Vec<ObjectiveFile>,
    /// Consistency rules between indicators, checked when figures are saved.
    #[serde(default)]
    pub rules: Vec<RuleFile>,
    /// Notes on the framework as a whole (e.g. how the source text was read).
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// Identity and provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkHeader {
    /// Stable code, lower-case letters, digits and dashes: `kon-tum-598-2014`.
    pub code: String,
    pub title: Text,
    pub decision: DecisionFile,
    pub plan_period: YearSpan,
    /// The year of the strategy's long-term vision (2050 in the 2014 framework).
    pub vision_year: Option<i32>,
    /// Unit code of the agency that consolidates all reports (Article 2.1).
    pub consolidator: String,
    /// Unit code of the body that issues the consolidated report.
    pub issuer: String,
    /// Who receives the consolidated report (the ministry).
    pub recipient: Text,
    /// Place name used in the date line of issued documents ("Kon Tum, ngày …").
    pub place: String,
    /// Where the framework stands in the source.
    pub source: Option<String>,
    /// How its reports are written as official documents (Decree 30/2020);
    /// every field may be left out.
    pub documents: Option<DocumentsFile>,
}

/// `[framework.documents]`: the wording of the provincial and agency reports
/// that depends on the province and its time, so that none of it is fixed in
/// the program.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsFile {
    /// Subject line (trích yếu) of the provincial report; `{period}` stands
    /// for the period ("năm 2018", "giữa kỳ giai đoạn 2011 - 2015").
    pub subject: Option<String>,
    /// Subject line of an agency's report, with `{period}` likewise.
    pub agency_subject: Option<String>,
    /// Who signs the provincial report.
    pub signer: Option<ReportSignerFile>,
    /// The distribution list (Nơi nhận) of the provincial report, in order.
    #[serde(default)]
    pub recipients: Vec<RecipientFile>,
    /// The last line of the distribution list: "Lưu: VT, KTTH.".
    pub filing_mark: Option<String>,
    /// Place name of the date line for documents a unit issues, by unit code,
    /// where it differs from `framework.place` (`{ UBND-QUANGNGAI = "Quảng Ngãi" }`).
    #[serde(default)]
    pub places: std::collections::BTreeMap<String, String>,
    /// The short form of a unit in document numbers ("SCT" in "05/BC-SCT"),
    /// by unit code, where the one made from the name's initials is wrong.
    #[serde(default)]
    pub symbols: std::collections::BTreeMap<String, String>,
}

/// The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" and a name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSignerFile {
    /// The collective body the head signs for ("TM. ỦY BAN NHÂN DÂN").
    pub on_behalf_of: Option<String>,
    /// The head a deputy signs for ("KT. CHỦ TỊCH").
    pub deputy_for: Option<String>,
    /// The signer is acting head ("Q. GIÁM ĐỐC").
    #[serde(default)]
    pub acting: bool,
    /// The signer's own title ("CHỦ TỊCH", "PHÓ CHỦ TỊCH").
    pub title: String,
    /// The signer's name, where known ahead; otherwise it is given when the report is issued.
    pub name: Option<String>,
}

/// A line of the distribution list, valid for a time and, where it names a
/// level of government, only while that level exists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecipientFile {
    pub text: String,
    pub valid_from: Option<toml::value::Datetime>,
    pub valid_to: Option<toml::value::Datetime>,
    /// Listed only when a unit of one of these kinds exists on the document's
    /// date: `["district", "city", "town"]` for "UBND các huyện, thành phố".
    #[serde(default)]
    pub if_units: Vec<UnitKind>,
}

/// The decision that issues the framework.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionFile {
    /// Number and symbol, e.g. `598/QĐ-UBND`.
    pub number: String,
    pub date: toml::value::Datetime,
    /// The issuing body.
    pub body: Text,
    /// Subject line (trích yếu) of the decision, verbatim.
    pub subject: Option<Text>,
    pub signer: Option<SignerFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerFile {
    pub name: String,
    /// Authority and title lines as printed, e.g. "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
    pub title: Text,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearSpan {
    pub from: i32,
    pub to: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneralObjective {
    pub text: Text,
    pub source: Option<String>,
}

/// The reporting calendar.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    pub annual: Option<AnnualFile>,
    /// One-off reviews: the mid-term and the end-term report.
    #[serde(default)]
    pub reviews: Vec<ReviewFile>,
    /// Levels below the lead agencies (communes), each with its own
    /// deadline (Decree 09/2019/NĐ-CP): who reports what to whom, by when.
    #[serde(default)]
    pub levels: Vec<LevelFile>,
    pub source: Option<String>,
}

/// A level of annual reporting below the lead agencies: units of one kind
/// report some indicators, for their own territory, to a receiving agency
/// before that agency's own deadline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelFile {
    /// The kind of unit that reports at this level (`commune`).
    pub unit_kind: UnitKind,
    /// The indicators they report; each must be reported by units.
    pub indicators: Vec<String>,
    /// The agency that receives and reviews their reports; when left out,
    /// the lead agency of the indicators' objective (which must then be one).
    pub reports_to: Option<String>,
    /// The level's deadline in the reporting year.
    pub deadline: DeadlineFile,
    /// The source's own words for this level, where it has any.
    pub text: Option<Text>,
}

/// Annual reports, one per year from `first_year` to `last_year`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualFile {
    pub first_year: i32,
    pub last_year: i32,
    /// First day of the data period, in the year before the reporting year ("12-15").
    pub cutoff_start: String,
    /// Last day of the data period, in the reporting year ("12-14").
    pub cutoff_end: String,
    /// The deadline in the reporting year.
    pub deadline: DeadlineFile,
    /// When the consolidator is to have compiled the provincial report;
    /// it must leave at least one working day after the agencies' deadline.
    pub compile_by: Option<DeadlineFile>,
    /// The decision's own words for the timing.
    pub text: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineFile {
    pub month: u8,
    pub day: u8,
    /// What happens when that day is a Saturday or Sunday.
    #[serde(default)]
    pub if_weekend: WeekendRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeekendRule {
    /// The deadline stays on the weekend day.
    #[default]
    Keep,
    /// The deadline moves back to the Friday before.
    PreviousWorkingDay,
    /// The deadline moves on to the Monday after.
    NextWorkingDay,
}

/// A one-off report such as the mid-term review.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    pub kind: ReportingTime,
    pub label: Text,
    /// Years whose results the review covers.
    pub covers: YearSpan,
    /// Last day of the data period.
    pub cutoff_end: toml::value::Datetime,
    pub deadline: toml::value::Datetime,
}

/// When an objective reports (column 4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReportingTime {
    Annual,
    MidTerm,
    EndTerm,
}

/// An organisational unit: a people's committee, a department, a district.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    /// Stable code, upper-case letters, digits and dashes: `SO-CT`.
    pub code: String,
    pub kind: UnitKind,
    pub name: Text,
    /// Short name as used in tables ("Sở Công thương" is already short; "UBND tỉnh").
    pub short_name: Option<Text>,
    /// The unit this one belongs to (a department belongs to the province's committee).
    pub parent: Option<String>,
    pub valid_from: Option<toml::value::Datetime>,
    /// Last day the unit existed; absent while it exists.
    pub valid_to: Option<toml::value::Datetime>,
    /// The unit that took over its tasks when it ended.
    pub successor: Option<String>,
    /// The unit's code in Vietnam's official register of administrative
    /// units (digits: "610" for Đắk Glei district, "21025" for Cẩm Thành
    /// ward). It links a framework's districts and communes to the 2025
    /// reorganisation that `xanh units import` loads.
    pub official_code: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Provincial People's Committee.
    Province,
    /// A department (Sở) or other agency under the provincial committee.
    Department,
    /// A district (huyện), reporting through its people's committee.
    District,
    /// A provincial city (thành phố thuộc tỉnh), reporting through its people's committee.
    City,
    /// A town (thị xã).
    Town,
    /// A commune-level unit (xã, phường, thị trấn).
    Commune,
}

/// A heading of the framework table ("1. ĐỔI MỚI CÔNG NGHỆ…").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    pub code: String,
    pub title: Text,
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// A row of the framework table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveFile {
    pub code: String,
    /// Code of the section it stands under; absent where the source gives none.
    pub section: Option<String>,
    /// Column 1.
    pub title: Text,
    /// Column 2: the activities and inputs, one entry per bullet, verbatim.
    #[serde(default)]
    pub activities: Vec<Text>,
    /// Column 3: the outputs and impact, verbatim.
    pub output: Text,
    /// Column 4, read: when the objective reports.
    #[serde(default)]
    pub reporting: Vec<ReportingTime>,
    /// Column 4 verbatim.
    pub reporting_text: Option<Text>,
    /// Column 5: coordinating agencies (unit codes).
    #[serde(default)]
    pub coordinating: Vec<String>,
    /// Column 6: the agency that monitors, evaluates and reports (unit code).
    pub lead: Option<String>,
    /// Where the row stands in the source.
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Vec<Text>,
    #[serde(default)]
    pub indicators: Vec<IndicatorFile>,
}

/// An indicator derived from an objective's output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    pub code: String,
    pub name: Text,
    /// Unit of measure ("%", "cơ sở", "ha").
    pub unit: Text,
    pub kind: IndicatorKind,
    #[serde(default)]
    pub direction: Direction,
    pub target: TargetFile,
    pub baseline: Option<BaselineFile>,
    /// A natural limit for the no-target variant of Method A (100 for most percentages).
    pub natural_limit: Option<f64>,
    #[serde(default)]
    pub aggregation: AggregationRule,
    /// With `aggregation = "weighted_mean"`: the code of the indicator that weighs each unit.
    pub weight: Option<String>,
    /// Whether units below the province (districts, city) report it.
    #[serde(default)]
    pub reported_by_units: bool,
    /// The part of the output text (column 3) this indicator is derived from, verbatim.
    pub from_output: Option<Text>,
    /// The indicator of an earlier framework this one carries on (the same
    /// measure in the same unit), so that both show as one series.
    pub continues: Option<ContinuesFile>,
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

/// `continues = { framework = "kon-tum-598-2014", indicator = "LN.1" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContinuesFile {
    pub framework: String,
    pub indicator: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// A share, 0–100.
    Percent,
    /// Any other quantity.
    Number,
    /// Yes or no: reached or not.
    Milestone,
    /// Rated by the consolidator on a fixed scale, with a written justification.
    Qualitative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

/// A target as written: which numbers must be present depends on `form`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub form: TargetForm,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The year by which the target is to be reached.
    pub year: Option<i32>,
    /// With `form = "all_from"`: the first year in which every case must comply.
    pub from_year: Option<i32>,
    /// The target in the source's words, where it differs from the indicator's output fragment.
    pub text: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetForm {
    /// Value ≥ level by the year.
    AtLeast,
    /// Value > level by the year (strict).
    Above,
    /// Value ≤ level by the year.
    AtMost,
    /// Value < level by the year (strict).
    Below,
    /// min ≤ value ≤ max by the year.
    Range,
    /// 100% every year from `from_year` on.
    AllFrom,
    /// Reached (yes) by the year.
    Milestone,
    /// Rated by the consolidator.
    Qualitative,
    /// No target: progress is judged by the trend alone.
    None,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    pub value: f64,
    pub year: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregationRule {
    Sum,
    Mean,
    /// Mean weighted by another indicator (named in `weight`).
    WeightedMean,
    /// Values of units cannot be combined; the province reports its own figure.
    #[default]
    None,
}

/// `[[rules]]`: a consistency rule between indicators that the people who own
/// the data know to hold. A breach is a warning the officer must answer
/// (confirm with a note), never a refusal: the rule may meet a real exception.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable code, unique among the rules: `R1`.
    pub code: String,
    pub form: RuleForm,
    /// The indicator the rule is about: the part (`not_above`), the bounded
    /// figure (`at_most`), the province's own figure (`sum_of_units`).
    pub indicator: String,
    /// With `not_above`: the indicator it may not exceed, for the same unit.
    pub whole: Option<String>,
    /// With `at_most`: the largest value allowed (100 for a share).
    pub value: Option<f64>,
    /// With `sum_of_units`: the indicator reported by units whose aggregate
    /// (by its own rule) should equal `indicator`.
    pub of: Option<String>,
    /// With `sum_of_units`: how far apart the two may be, in percent.
    pub tolerance_percent: Option<f64>,
    /// What is wrong when the rule fails, said to the officer.
    pub message: Text,
    pub source: Option<String>,
    #[serde(default)]
    pub notes: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleForm {
    /// `indicator` ≤ `whole`: a part cannot exceed its whole.
    NotAbove,
    /// `indicator` ≤ `value`: a share cannot pass 100.
    AtMost,
    /// `indicator` = `of` aggregated over the units, within `tolerance_percent`.
    SumOfUnits,
}
