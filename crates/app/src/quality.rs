//! A period's data quality, read once and judged by core's rules: the
//! stored figures that are unusual or break a consistency rule (the marks the
//! officer and the reviewer see), and each report's quality score, the same
//! on the overview, the report and unit pages, the dashboard and the annex of
//! the provincial report.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use std::collections::{HashMap, HashSet};
use xanh_core::Lang;
use xanh_core::Text;
use xanh_core::framework::Framework;
use xanh_core::quality::rules::{self, Figures, Slot};
use xanh_core::quality::score::{Counts, Score, score};
use xanh_core::report::Value;
use xanh_core::workflow::ReportState;
use xanh_store::{PeriodRow, ValueRow};

/// Whether a stored figure counts for a report of `own` (or for the period
/// as a whole when None): a lower level's figure waiting for its receiver's
/// review belongs to that lower unit's report only.
pub fn visible(v: &ValueRow, own: Option<&str>) -> bool {
    !v.held_below || own == Some(v.unit_code.as_str())
}

/// What a period's quality is judged from.
pub struct Facts {
    pub values: Vec<ValueRow>,
    figures: Figures,
    /// Earlier annual figures by slot, (year, value), oldest first.
    histories: HashMap<Slot, Vec<(i32, f64)>>,
    units: Vec<String>,
}

/// A report's score with its parts.
pub struct Quality {
    pub counts: Counts,
    pub score: Option<Score>,
}

impl Quality {
    /// "82/100", or a dash when there is nothing to judge.
    pub fn shown(&self, lang: Lang) -> String {
        self.score
            .map(|s| s.shown(lang))
            .unwrap_or_else(|| "—".into())
    }

    pub fn parts(&self, lang: Lang) -> String {
        self.score
            .map(|s| s.parts(&self.counts, lang))
            .unwrap_or_default()
    }
}

/// Whether a report was delivered on time; None while its deadline has not
/// passed and it is not delivered.
pub fn on_time(
    st: ReportState,
    submitted_at: Option<&str>,
    deadline: &str,
    now: time::OffsetDateTime,
) -> Option<bool> {
    let passed = xanh_core::workflow::is_late(ReportState::NotStarted, None, deadline, now);
    (st.delivered() || passed)
        .then(|| !xanh_core::workflow::is_late(st, submitted_at, deadline, now))
}

impl Facts {
    /// Reads the period's values and every earlier annual value of the
    /// framework. A lower level's figures not yet accepted count only for
    /// that unit's own report (`own`), nowhere else.
    pub async fn read(
        state: &App,
        fw: &Framework,
        framework_code: &str,
        period: &PeriodRow,
        own: Option<&str>,
        lang: Lang,
    ) -> Result<Facts, AppError> {
        let values: Vec<ValueRow> = state
            .store
            .values_of_period(period.id)
            .await
            .map_err(store_error(lang))?
            .into_iter()
            .filter(|v| visible(v, own))
            .collect();
        let mut histories: HashMap<Slot, Vec<(i32, f64)>> = HashMap::new();
        // Ten years are plenty to judge a figure against its unit's own
        // changes, and keep this read bounded on a long plan at national scale.
        let since = format!("{:04}-01-01", period.year - 10);
        for (i, u, y, v) in state
            .store
            .histories(framework_code, &since, &period.deadline)
            .await
            .map_err(store_error(lang))?
        {
            histories.entry((i, u)).or_default().push((y, v));
        }
        Ok(Facts {
            figures: crate::consistency::figures(fw, &values, None),
            values,
            histories,
            units: crate::consistency::period_units(fw, period),
        })
    }

    /// A unit's earlier annual values of an indicator, oldest first.
    pub fn history(&self, slot: &Slot) -> Vec<f64> {
        self.dated(slot).iter().map(|(_, v)| *v).collect()
    }

    /// The same with their years.
    pub fn dated(&self, slot: &Slot) -> &[(i32, f64)] {
        self.histories.get(slot).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The stored figure of a slot this period.
    pub fn number(&self, slot: &Slot) -> Option<f64> {
        self.figures.get(slot).copied()
    }

    fn stored(&self, slot: &Slot) -> Option<&ValueRow> {
        self.values
            .iter()
            .find(|v| v.indicator_code == slot.0 && v.unit_code == slot.1)
    }

    /// The marks on the stored figures of `slots`: why each is unusual, and
    /// each rule it breaks (on the first of the breach's figures among `slots`).
    pub fn marks(&self, fw: &Framework, slots: &[Slot]) -> HashMap<Slot, Vec<Text>> {
        let mut out: HashMap<Slot, Vec<Text>> = HashMap::new();
        for slot in slots {
            let Some((_, ind)) = fw.indicator(&slot.0) else {
                continue;
            };
            if let Some(Value::Number(n)) = self.stored(slot).and_then(|v| v.value.as_ref())
                && let Some(why) =
                    crate::unusual::why(fw, &self.figures, ind, &slot.1, *n, &self.history(slot))
            {
                out.entry(slot.clone()).or_default().push(Text::new(
                    format!("Khác thường: {}", why.vi),
                    format!("Unusual: {}", why.en),
                ));
            }
        }
        let ours: HashSet<&Slot> = slots.iter().collect();
        for breach in rules::breaches(fw, &self.figures, &self.units) {
            if let Some(slot) = breach.slots.iter().find(|s| ours.contains(s)) {
                out.entry(slot.clone()).or_default().push(Text::new(
                    format!("Không nhất quán ({}): {}", breach.rule.code, breach.why.vi),
                    format!("Inconsistent ({}): {}", breach.rule.code, breach.why.en),
                ));
            }
        }
        out
    }

    /// The quality of the report whose figures are `slots`.
    pub fn quality(&self, fw: &Framework, slots: &[Slot], on_time: Option<bool>) -> Quality {
        let ours: HashSet<&Slot> = slots.iter().collect();
        let checks: Vec<_> = rules::checks(fw, &self.figures, &self.units)
            .into_iter()
            .filter(|o| o.slots.iter().any(|s| ours.contains(s)))
            .collect();
        let marks = self.marks(fw, slots);
        let counts = Counts {
            slots: slots.len(),
            filled: slots
                .iter()
                .filter(|s| self.stored(s).is_some_and(|v| v.value.is_some()))
                .count(),
            on_time,
            checks: checks.len(),
            checks_held: checks.iter().filter(|o| o.breach.is_none()).count(),
            flags: marks.len(),
            flags_answered: marks
                .keys()
                .filter(|s| {
                    self.stored(s)
                        .and_then(|v| v.note.as_deref())
                        .is_some_and(|n| !n.trim().is_empty())
                })
                .count(),
        };
        Quality {
            score: score(&counts),
            counts,
        }
    }
}
