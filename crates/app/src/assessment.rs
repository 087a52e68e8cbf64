//! The province's picture for a framework and a year: the published figures
//! (accepted reports only, unless the consolidator previews the submitted
//! ones), the consolidator's ratings, and which years can be shown. The
//! dashboard, the indicator and unit pages and the JSON API read it here.

use crate::App;
use crate::consolidation::{Published, published_for};
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::framework::{Framework, ReportingTime};
use xanh_core::workflow::PeriodState;
use xanh_store::{PeriodRow, PublishedValue, RatingRow};

/// A year that can be shown, and whether its period is closed: an open
/// year's figures are partial (not every agency's report is in).
pub struct YearChoice {
    pub year: i32,
    pub closed: bool,
}

/// What the picture of one year is made from.
pub struct Picture {
    pub fw: Framework,
    pub values: Vec<PublishedValue>,
    pub ratings: Vec<RatingRow>,
    pub periods: Vec<PeriodRow>,
    /// The year shown: the one asked for if the plan covers it, else the
    /// latest closed year, else the latest with figures.
    pub year: i32,
    pub years: Vec<YearChoice>,
    /// The year shown is not closed yet: its figures may still change.
    pub partial: bool,
    /// Submitted, not yet accepted, figures are counted too.
    pub preview: bool,
}

/// Loads the picture of `framework` (None: the one in force) for `year`
/// (None: the default). Only an actor who reviews may preview.
pub async fn load(
    app: &App,
    actor: Option<&Actor>,
    framework: Option<&str>,
    year: Option<i32>,
    preview: bool,
    lang: Lang,
) -> Result<Picture, AppError> {
    let preview = preview && actor.is_some_and(|a| a.can_review());
    let Published {
        framework: fw,
        values,
        ratings,
    } = published_for(app, framework, preview, lang).await?;
    let periods = app
        .store
        .periods(&fw.code)
        .await
        .map_err(store_error(lang))?;
    let annual = |p: &&PeriodRow| p.kind == ReportingTime::Annual;
    let closed: Vec<i32> = periods
        .iter()
        .filter(annual)
        .filter(|p| p.state == PeriodState::Closed)
        .map(|p| p.year as i32)
        .collect();
    // Years with figures, and years whose period has been opened: the year
    // under way can be looked at, marked as partial.
    let opened = periods
        .iter()
        .filter(annual)
        .filter(|p| p.state != PeriodState::Planned)
        .map(|p| p.year as i32);
    let mut all: Vec<i32> = values.iter().map(|v| v.year).chain(opened).collect();
    all.retain(|y| fw.plan.contains(*y));
    all.sort_unstable();
    all.dedup();
    // The latest closed year: one early acceptance in an open year must not
    // flip the public picture to a year with one agency in. Without any
    // closed year, the latest year with figures, marked as partial.
    let default = closed
        .iter()
        .copied()
        .filter(|y| fw.plan.contains(*y))
        .max()
        .or(all.last().copied())
        .unwrap_or_else(|| {
            let today = time::OffsetDateTime::now_utc()
                .to_offset(xanh_core::display::VIETNAM)
                .year();
            today.clamp(fw.plan.from, fw.plan.to)
        });
    let year = year.filter(|y| fw.plan.contains(*y)).unwrap_or(default);
    Ok(Picture {
        years: all
            .iter()
            .map(|y| YearChoice {
                year: *y,
                closed: closed.contains(y),
            })
            .collect(),
        partial: !closed.contains(&year),
        fw,
        values,
        ratings,
        periods,
        year,
        preview,
    })
}
