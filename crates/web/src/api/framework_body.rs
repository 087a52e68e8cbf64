//! A framework as the API describes it, field by field: the decision that
//! issued it, its plan years, objectives with their indicators and targets,
//! and the consistency rules. Dates are ISO days and every text comes in
//! both languages. The units and their eras, and the reporting calendar, have
//! operations of their own (`/units`, `/calendar`), so they are not repeated.

use serde::Serialize;
use utoipa::ToSchema;
use xanh_core::Lang;
use xanh_core::display::iso_date;
use xanh_core::framework::{self as fw, Aggregation, Check, Framework, Target};

/// A text in Vietnamese and in English.
#[derive(Serialize, ToSchema)]
pub struct Words {
    pub vi: String,
    pub en: String,
}

impl From<&xanh_core::Text> for Words {
    fn from(t: &xanh_core::Text) -> Self {
        Words {
            vi: t.vi.clone(),
            en: t.en.clone(),
        }
    }
}

fn words(t: &xanh_core::Text) -> Words {
    Words::from(t)
}

/// The name serde gives a unit-like enum value ("at_least", "annual"): the
/// one spelling of each name, as the framework file writes it.
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => {
            tracing::error!(?other, "an enum value has no plain name");
            String::new()
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FrameworkBody {
    /// Its code, e.g. "quang-ngai-2021-2030".
    pub code: String,
    pub title: Words,
    pub decision: DecisionBody,
    /// The first and last year of the plan.
    pub plan_from: i32,
    pub plan_to: i32,
    pub vision_year: Option<i32>,
    /// The agency that consolidates the reports (a unit code).
    pub consolidator: String,
    /// The people's committee that issues the provincial report (a unit code).
    pub issuer: String,
    pub recipient: Words,
    pub place: String,
    pub general_objective: Words,
    pub sections: Vec<SectionBody>,
    pub objectives: Vec<ObjectiveBody>,
    pub rules: Vec<RuleBody>,
    pub notes: Vec<Words>,
    /// Where the figures and the plan's text come from.
    pub source: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionBody {
    /// "598/QĐ-UBND".
    pub number: String,
    /// The day it was signed (YYYY-MM-DD).
    #[schema(format = Date)]
    pub date: String,
    /// Who issued it.
    pub body: Words,
    pub subject: Option<Words>,
    /// The signer's name, if recorded.
    pub signer: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SectionBody {
    pub code: String,
    pub title: Words,
}

#[derive(Serialize, ToSchema)]
pub struct ObjectiveBody {
    pub code: String,
    pub section: Option<String>,
    pub title: Words,
    pub activities: Vec<Words>,
    pub output: Words,
    /// When it reports: "annual", "mid_term", "end_term".
    pub reporting: Vec<String>,
    /// The agency that leads it (a unit code); the consolidator when none.
    pub lead: Option<String>,
    /// The agencies that coordinate it (unit codes).
    pub coordinating: Vec<String>,
    pub indicators: Vec<IndicatorBody>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorBody {
    pub code: String,
    pub name: Words,
    /// What it is measured in ("%", "ha").
    pub measure: Words,
    /// "percent", "number", "milestone" or "qualitative".
    pub kind: String,
    /// "increase" or "decrease": which way is better.
    pub direction: String,
    pub target: TargetBody,
    pub baseline: Option<BaselineBody>,
    /// How the units' figures add up to the province's.
    pub aggregation: AggregationBody,
    /// Reported by each unit (district, commune) rather than once.
    pub reported_by_units: bool,
    /// The indicator of an earlier framework whose series this one continues.
    pub continues: Option<ContinuesBody>,
}

#[derive(Serialize, ToSchema)]
pub struct TargetBody {
    /// "at_least", "above", "at_most", "below", "range", "all_from",
    /// "milestone", "qualitative" or "none".
    pub form: String,
    /// The bound of at_least, above, at_most and below.
    pub value: Option<f64>,
    /// The bounds of a range.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The year it is due (for all_from: the first year it holds in).
    pub year: Option<i32>,
    /// The target in words, as the pages and reports say it.
    pub text: Words,
}

#[derive(Serialize, ToSchema)]
pub struct BaselineBody {
    pub value: f64,
    pub year: i32,
}

#[derive(Serialize, ToSchema)]
pub struct AggregationBody {
    /// "sum", "mean", "weighted_mean" or "none".
    pub rule: String,
    /// For weighted_mean: the indicator whose figures weigh each unit's.
    pub weight: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ContinuesBody {
    pub framework: String,
    pub indicator: String,
}

#[derive(Serialize, ToSchema)]
pub struct RuleBody {
    pub code: String,
    /// "not_above", "at_most" or "sum_of_units".
    pub form: String,
    /// The indicators it compares.
    pub indicators: Vec<String>,
    /// What a report is told when its figures break it.
    pub message: Words,
}

fn target(t: &Target, measure: &xanh_core::Text) -> TargetBody {
    let (value, min, max) = match *t {
        Target::AtLeast { value, .. }
        | Target::Above { value, .. }
        | Target::AtMost { value, .. }
        | Target::Below { value, .. } => (Some(value), None, None),
        Target::Range { min, max, .. } => (None, Some(min), Some(max)),
        _ => (None, None, None),
    };
    TargetBody {
        form: name_of(&t.form()),
        value,
        min,
        max,
        year: t.year(),
        text: Words {
            vi: t.describe(&measure.vi, Lang::Vi),
            en: t.describe(&measure.en, Lang::En),
        },
    }
}

fn indicator(i: &fw::Indicator) -> IndicatorBody {
    IndicatorBody {
        code: i.code.clone(),
        name: words(&i.name),
        measure: words(&i.unit),
        kind: name_of(&i.kind),
        direction: name_of(&i.direction),
        target: target(&i.target, &i.unit),
        baseline: i.baseline.map(|b| BaselineBody {
            value: b.value,
            year: b.year,
        }),
        aggregation: match &i.aggregation {
            Aggregation::WeightedMean { weight } => AggregationBody {
                rule: "weighted_mean".into(),
                weight: Some(weight.clone()),
            },
            other => AggregationBody {
                rule: match other {
                    Aggregation::Sum => "sum",
                    Aggregation::Mean => "mean",
                    _ => "none",
                }
                .into(),
                weight: None,
            },
        },
        reported_by_units: i.reported_by_units,
        continues: i.continues.as_ref().map(|c| ContinuesBody {
            framework: c.framework.clone(),
            indicator: c.indicator.clone(),
        }),
    }
}

impl From<&Framework> for FrameworkBody {
    fn from(f: &Framework) -> Self {
        FrameworkBody {
            code: f.code.clone(),
            title: words(&f.title),
            decision: DecisionBody {
                number: f.decision.number.clone(),
                date: iso_date(f.decision.date),
                body: words(&f.decision.body),
                subject: f.decision.subject.as_ref().map(words),
                signer: f.decision.signer.as_ref().map(|s| s.name.clone()),
            },
            plan_from: f.plan.from,
            plan_to: f.plan.to,
            vision_year: f.vision_year,
            consolidator: f.consolidator.clone(),
            issuer: f.issuer.clone(),
            recipient: words(&f.recipient),
            place: f.place.clone(),
            general_objective: words(&f.general_objective),
            sections: f
                .sections
                .iter()
                .map(|s| SectionBody {
                    code: s.code.clone(),
                    title: words(&s.title),
                })
                .collect(),
            objectives: f
                .objectives
                .iter()
                .map(|o| ObjectiveBody {
                    code: o.code.clone(),
                    section: o.section.clone(),
                    title: words(&o.title),
                    activities: o.activities.iter().map(words).collect(),
                    output: words(&o.output),
                    reporting: o.reporting.iter().map(|r| r.as_str().to_string()).collect(),
                    lead: o.lead.clone(),
                    coordinating: o.coordinating.clone(),
                    indicators: o.indicators.iter().map(indicator).collect(),
                })
                .collect(),
            rules: f
                .rules
                .iter()
                .map(|r| RuleBody {
                    code: r.code.clone(),
                    form: match r.check {
                        Check::NotAbove { .. } => "not_above",
                        Check::AtMost { .. } => "at_most",
                        Check::SumOfUnits { .. } => "sum_of_units",
                    }
                    .into(),
                    indicators: r.check.indicators().into_iter().map(String::from).collect(),
                    message: words(&r.message),
                })
                .collect(),
            notes: f.notes.iter().map(words).collect(),
            source: f.source.clone(),
        }
    }
}
