//! What each row of a values file is checked against: the framework's units,
//! indicators and reporting periods, read once from the store and looked up by
//! code.

use anyhow::Context;
use std::collections::HashMap;
use xanh_core::framework::{Framework, IndicatorKind};

pub(super) struct Unit {
    /// Index for the duplicate check.
    pub(super) index: usize,
    pub(super) territorial: bool,
    pub(super) reporter: String,
    /// The area whose sums its values feed.
    pub(super) area: Option<String>,
    pub(super) valid: (Option<time::Date>, Option<time::Date>),
}

pub(super) struct Indicator {
    pub(super) index: usize,
    pub(super) kind: IndicatorKind,
    pub(super) by_units: bool,
}

pub(super) struct Period {
    pub(super) index: usize,
    pub(super) id: i64,
    pub(super) data_to: time::Date,
}

/// What a row is checked against.
pub(super) struct Catalog {
    pub(super) issuer: String,
    pub(super) periods: HashMap<String, Period>,
    pub(super) indicators: HashMap<String, Indicator>,
    pub(super) units: HashMap<String, Unit>,
}

impl Catalog {
    pub(super) fn new(
        fw: &Framework,
        periods: &[xanh_store::PeriodRow],
    ) -> anyhow::Result<Catalog> {
        let mut p = HashMap::new();
        for (index, row) in periods.iter().enumerate() {
            let data_to = xanh_app::parse_iso_date(&row.data_to).context("a period's date")?;
            p.insert(
                row.code.clone(),
                Period {
                    index,
                    id: row.id,
                    data_to,
                },
            );
        }
        let indicators = fw
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .enumerate()
            .map(|(index, i)| {
                (
                    i.code.clone(),
                    Indicator {
                        index,
                        kind: i.kind,
                        by_units: i.reported_by_units,
                    },
                )
            })
            .collect();
        let units = fw
            .units
            .iter()
            .enumerate()
            .map(|(index, u)| {
                let territorial = u.is_territorial();
                let area = u.parent.clone().filter(|_| territorial);
                let reporter = area.clone().unwrap_or_else(|| u.code.clone());
                (
                    u.code.clone(),
                    Unit {
                        index,
                        territorial,
                        reporter,
                        area,
                        valid: (u.valid_from, u.valid_to),
                    },
                )
            })
            .collect();
        Ok(Catalog {
            issuer: fw.issuer.clone(),
            periods: p,
            indicators,
            units,
        })
    }
}
