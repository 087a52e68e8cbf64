//! The consolidation of a period over every area and the whole, from the
//! sums the store keeps per period × indicator × area: what the national
//! pages, their API and `xanh consolidate` show. Callers that cache it key
//! it by [`generation`], which moves whenever any of those sums changes.

use xanh_core::framework::{Framework, ReportingTime};
use xanh_core::national::{self, Consolidation, Sums};
use xanh_store::{PeriodRow, Store, StoreError};

/// A period's consolidation and what its pages show beside it.
pub struct Computed {
    pub framework: Framework,
    pub period: PeriodRow,
    /// Every period of the framework, to switch between them.
    pub periods: Vec<PeriodRow>,
    pub result: Consolidation,
}

/// What there is to consolidate.
pub enum Found {
    Computed(Box<Computed>),
    NoFramework,
    /// The framework has no period of that code; its periods are given.
    NoPeriod(Vec<PeriodRow>),
}

/// The total data generation of the sums a consolidation of `period` reads.
pub async fn generation(store: &Store, code: &str, period: &str) -> Result<i64, StoreError> {
    store.aggregate_generation(code, period).await
}

/// The period shown when none is named: the latest annual one, else the latest.
pub async fn latest_period(store: &Store, code: &str) -> Result<Option<String>, StoreError> {
    let periods = store.periods(code).await?;
    Ok(periods
        .iter()
        .filter(|p| p.kind == ReportingTime::Annual)
        .max_by_key(|p| p.year)
        .or(periods.first())
        .map(|p| p.code.clone()))
}

/// Consolidates `period` of framework `code`. The store's connection is
/// the caller's choice: the public pages may read a replica.
pub async fn consolidate(store: &Store, code: &str, period: &str) -> Result<Found, StoreError> {
    let stored = match store.framework(code, None).await {
        Ok(s) => s,
        Err(StoreError::NotFound(_)) => return Ok(Found::NoFramework),
        Err(e) => return Err(e),
    };
    let periods = store.periods(code).await?;
    let Some(row) = periods.iter().find(|p| p.code == period).cloned() else {
        return Ok(Found::NoPeriod(periods));
    };
    let Some(day) = crate::reporting::parse_iso_date(&row.data_to) else {
        return Err(StoreError::Corrupt(format!("period date {}", row.data_to)));
    };
    let year = row.year as i32;
    let rows = store.aggregates(code, year, "", "").await?;
    let index = national::index(rows.into_iter().map(|r| {
        (
            r.year,
            r.indicator,
            r.area,
            Sums {
                reported: r.reported,
                n: r.n,
                total: r.total,
                weighted_n: r.weighted_n,
                weighted_total: r.weighted_total,
                weight_total: r.weight_total,
            },
        )
    }));
    let framework = stored.framework;
    let result = national::consolidate(&framework, year, day, &index);
    Ok(Found::Computed(Box::new(Computed {
        framework,
        period: row,
        periods,
        result,
    })))
}
