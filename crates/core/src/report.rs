//! What an agency's report for a period holds: the objectives it leads that
//! report at that time, each indicator's slots (one for the province, or one
//! per district/city where units report it), and the narrative parts.

use crate::framework::{Framework, IndicatorKind, ReportingTime};
use crate::number::{NumberError, parse_number};
use crate::text::Lang;
use serde::{Deserialize, Serialize};
use time::Date;

/// The customary parts of a monitoring report's narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativePart {
    Results,
    Shortcomings,
    Directions,
    Recommendations,
}

impl NarrativePart {
    pub const ALL: [NarrativePart; 4] = [
        NarrativePart::Results,
        NarrativePart::Shortcomings,
        NarrativePart::Directions,
        NarrativePart::Recommendations,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NarrativePart::Results => "results",
            NarrativePart::Shortcomings => "shortcomings",
            NarrativePart::Directions => "directions",
            NarrativePart::Recommendations => "recommendations",
        }
    }

    pub fn parse(s: &str) -> Option<NarrativePart> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            NarrativePart::Results => lang.pick("Kết quả đạt được", "Results achieved"),
            NarrativePart::Shortcomings => lang.pick(
                "Tồn tại, hạn chế và nguyên nhân",
                "Shortcomings and their causes",
            ),
            NarrativePart::Directions => lang.pick(
                "Phương hướng, nhiệm vụ kỳ tới",
                "Directions for the next period",
            ),
            NarrativePart::Recommendations => lang.pick("Kiến nghị, đề xuất", "Recommendations"),
        }
    }
}

/// The longest narrative part accepted (characters): a long report, not a dump.
pub const MAX_NARRATIVE_CHARS: usize = 50_000;

/// One value to be entered: an indicator for one organisational unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub indicator: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectiveScope {
    pub objective: String,
    pub slots: Vec<Slot>,
}

/// Which agencies are expected to report at a period: the lead of every
/// objective that reports at that time. An objective with no lead recorded
/// (row 4 of the 2014 decision) falls to the consolidating department,
/// which is then shown as responsible rather than leaving it unreported.
pub fn expected_agencies(fw: &Framework, time: ReportingTime) -> Vec<String> {
    let mut out: Vec<String> = fw
        .objectives
        .iter()
        .filter(|o| o.reporting.contains(&time))
        .map(|o| o.lead.clone().unwrap_or_else(|| fw.consolidator.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The lead agency of an objective as the reporting cycle treats it.
pub fn responsible_agency<'a>(fw: &'a Framework, objective: &'a str) -> Option<&'a str> {
    fw.objectives
        .iter()
        .find(|o| o.code == objective)
        .map(|o| o.lead.as_deref().unwrap_or(&fw.consolidator))
}

/// The territorial units (districts, city, town, communes) that exist on `day`:
/// those that report an indicator "by unit" for data ending that day.
pub fn territorial_on(
    fw: &Framework,
    day: Date,
) -> impl Iterator<Item = &crate::framework::OrgUnit> {
    fw.units
        .iter()
        .filter(move |u| u.is_territorial() && u.exists_on(day))
}

/// What `agency` reports for a period of kind `time` whose data ends on `data_to`.
pub fn scope(
    fw: &Framework,
    agency: &str,
    time: ReportingTime,
    data_to: Date,
) -> Vec<ObjectiveScope> {
    if let Some(level) = crate::chain::level_of(fw, agency, time) {
        return lower_scope(fw, agency, level);
    }
    let province = fw.issuer.clone();
    let territorial: Vec<&str> = territorial_on(fw, data_to)
        .map(|u| u.code.as_str())
        .collect();
    fw.objectives
        .iter()
        .filter(|o| o.reporting.contains(&time))
        .filter(|o| o.lead.as_deref().unwrap_or(&fw.consolidator) == agency)
        .map(|o| ObjectiveScope {
            objective: o.code.clone(),
            slots: o
                .indicators
                .iter()
                .flat_map(|i| {
                    let units: Vec<String> = if i.reported_by_units {
                        territorial.iter().map(|u| u.to_string()).collect()
                    } else {
                        vec![province.clone()]
                    };
                    units.into_iter().map(move |unit| Slot {
                        indicator: i.code.clone(),
                        unit,
                    })
                })
                .collect(),
        })
        .collect()
}

/// What a unit of a lower level reports: its own figure of each of the
/// level's indicators, under the objectives they belong to.
fn lower_scope(fw: &Framework, unit: &str, level: &crate::framework::Level) -> Vec<ObjectiveScope> {
    fw.objectives
        .iter()
        .filter_map(|o| {
            let slots: Vec<Slot> = o
                .indicators
                .iter()
                .filter(|i| level.indicators.contains(&i.code))
                .map(|i| Slot {
                    indicator: i.code.clone(),
                    unit: unit.to_string(),
                })
                .collect();
            (!slots.is_empty()).then(|| ObjectiveScope {
                objective: o.code.clone(),
                slots,
            })
        })
        .collect()
}

/// A typed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Number(f64),
    YesNo(bool),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueError {
    Number(NumberError),
    PercentOutOfRange(f64),
    NotYesNo,
    TooLong,
}

impl ValueError {
    pub fn message(&self, input: &str, lang: Lang) -> String {
        match self {
            ValueError::Number(e) => e.message(input, lang),
            ValueError::PercentOutOfRange(v) => match lang {
                Lang::Vi => format!(
                    "Tỷ lệ phải nằm trong khoảng 0–100; đã nhập {}.",
                    crate::number::format_vi(*v)
                ),
                Lang::En => format!("A percentage must lie within 0–100; {v} was entered."),
            },
            ValueError::NotYesNo => lang
                .pick(
                    "Chỉ nhận \"có\" hoặc \"không\".",
                    "Only \"yes\" or \"no\" is accepted.",
                )
                .into(),
            ValueError::TooLong => lang
                .pick(
                    "Nội dung quá dài (tối đa 2.000 ký tự).",
                    "The text is too long (2,000 characters at most).",
                )
                .into(),
        }
    }
}

/// Parses what was typed for an indicator of `kind`; empty input is `None`.
pub fn parse_value(kind: IndicatorKind, input: &str) -> Result<Option<Value>, ValueError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match kind {
        IndicatorKind::Percent | IndicatorKind::Number => {
            let v = parse_number(t).map_err(ValueError::Number)?;
            if kind == IndicatorKind::Percent && !(0.0..=100.0).contains(&v) {
                return Err(ValueError::PercentOutOfRange(v));
            }
            Ok(Some(Value::Number(v)))
        }
        IndicatorKind::Milestone => match t.to_lowercase().as_str() {
            "có" | "co" | "yes" | "y" | "đạt" | "1" | "true" => Ok(Some(Value::YesNo(true))),
            "không" | "khong" | "no" | "n" | "chưa đạt" | "chưa" | "0" | "false" => {
                Ok(Some(Value::YesNo(false)))
            }
            _ => Err(ValueError::NotYesNo),
        },
        IndicatorKind::Qualitative => {
            if t.chars().count() > 2000 {
                Err(ValueError::TooLong)
            } else {
                Ok(Some(Value::Text(t.to_string())))
            }
        }
    }
}

impl Value {
    /// As shown back to a person, numbers in Vietnamese form.
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Value::Number(v) => match lang {
                Lang::Vi => crate::number::format_vi(*v),
                Lang::En => format!("{v}"),
            },
            Value::YesNo(b) => lang
                .pick(
                    if *b { "Có" } else { "Không" },
                    if *b { "Yes" } else { "No" },
                )
                .into(),
            Value::Text(t) => t.clone(),
        }
    }

    /// As kept in the audit trail: plain, language-neutral.
    pub fn audit_text(&self) -> String {
        match self {
            Value::Number(v) => format!("{v}"),
            Value::YesNo(b) => if *b { "yes" } else { "no" }.into(),
            Value::Text(t) => t.clone(),
        }
    }
}

/// Share of slots filled, 0–1; an empty scope counts as complete.
pub fn completeness(total: usize, filled: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        filled.min(total) as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_read_by_the_indicators_kind() {
        assert_eq!(
            parse_value(IndicatorKind::Percent, "65,5"),
            Ok(Some(Value::Number(65.5)))
        );
        assert_eq!(parse_value(IndicatorKind::Percent, "  "), Ok(None));
        assert_eq!(
            parse_value(IndicatorKind::Percent, "120"),
            Err(ValueError::PercentOutOfRange(120.0))
        );
        assert_eq!(
            parse_value(IndicatorKind::Number, "1.234,5"),
            Ok(Some(Value::Number(1234.5)))
        );
        assert_eq!(
            parse_value(IndicatorKind::Milestone, "Có"),
            Ok(Some(Value::YesNo(true)))
        );
        assert_eq!(
            parse_value(IndicatorKind::Milestone, "không"),
            Ok(Some(Value::YesNo(false)))
        );
        assert_eq!(
            parse_value(IndicatorKind::Milestone, "65"),
            Err(ValueError::NotYesNo)
        );
    }

    #[test]
    fn completeness_is_the_share_of_slots_filled() {
        assert_eq!(completeness(4, 1), 0.25);
        assert_eq!(completeness(0, 0), 1.0);
    }
}
