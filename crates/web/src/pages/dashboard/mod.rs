//! The province's picture: the overview of a year (`overview`), the page of
//! an indicator (`indicator`), of a unit (`unit`), and the consolidator's
//! rating of a qualitative indicator (`rating`). Public: anyone may read
//! them, and they show only accepted reports. The consolidator may preview
//! with submitted reports included, clearly marked.

mod continued;
mod eras;
pub(crate) use continued::earlier_for_report;
mod indicator;
mod lineage;
mod old_link;
mod overview;
mod rating;
pub mod standing;
mod unit;

pub(crate) use indicator::trend;
pub use indicator::{chart, indicator};
pub(crate) use overview::{Glance, dashboard, glance};
pub use rating::rate;
pub use unit::unit;

use crate::AppState;
use crate::auth::MaybeSession;
use crate::consolidation::IndicatorPicture;
use crate::error::WebError;
use crate::lang::Lang;
use crate::reporting::store_error;
use serde::Deserialize;
use xanh_core::display;
use xanh_core::framework::{Framework, Indicator};
use xanh_core::report::Value;

#[derive(Deserialize, Default)]
pub struct View {
    year: Option<i32>,
    /// The framework's code; without it, the framework in force today.
    #[serde(default)]
    framework: Option<String>,
    #[serde(default)]
    preview: Option<String>,
    /// A message after a refused rating.
    #[serde(default)]
    error: Option<String>,
}

/// A year that can be shown, and whether its period is closed: an open
/// year's figures are partial (not every agency's report is in).
pub struct YearChoice {
    pub year: i32,
    pub closed: bool,
}

struct Loaded {
    fw: Framework,
    values: Vec<xanh_store::PublishedValue>,
    ratings: Vec<xanh_store::RatingRow>,
    periods: Vec<xanh_store::PeriodRow>,
    year: i32,
    years: Vec<YearChoice>,
    /// The year shown is not closed yet: its figures may still change.
    partial: bool,
    preview: bool,
    /// What every link of these pages carries on: "&framework=…&preview=1&lang=en".
    carry: String,
}

async fn load(
    state: &AppState,
    session: &MaybeSession,
    view: &View,
    lang: Lang,
) -> Result<Loaded, WebError> {
    // Only the consolidator may see submitted, not yet accepted, figures.
    let preview =
        view.preview.is_some() && session.0.as_ref().is_some_and(|s| s.actor.can_review());
    let crate::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = crate::consolidation::published_for(state, view.framework.as_deref(), preview, lang)
        .await?;
    let periods = state
        .store
        .periods(&fw.code)
        .await
        .map_err(store_error(lang))?;
    let closed: Vec<i32> = periods
        .iter()
        .filter(|p| p.kind == "annual" && p.state == "closed")
        .map(|p| p.year as i32)
        .collect();
    // Years with figures, and years whose period has been opened: the year
    // under way can be looked at, marked as partial.
    let opened = periods
        .iter()
        .filter(|p| p.kind == "annual" && p.state != "planned")
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
                .to_offset(display::VIETNAM)
                .year();
            today.clamp(fw.plan.from, fw.plan.to)
        });
    let year = view
        .year
        .filter(|y| fw.plan.contains(*y))
        .unwrap_or(default);
    let mut carry = String::new();
    if let Some(f) = &view.framework {
        carry.push_str("&framework=");
        carry.push_str(&crate::auth::encode(f));
    }
    if preview {
        carry.push_str("&preview=1");
    }
    if lang == Lang::En {
        carry.push_str("&lang=en");
    }
    Ok(Loaded {
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
        carry,
    })
}

/// The picture of one indicator, or a 404 that names the code asked for.
fn find<'p, 'a>(
    pictures: &'p [IndicatorPicture<'a>],
    code: &str,
    lang: Lang,
) -> Result<&'p IndicatorPicture<'a>, WebError> {
    pictures
        .iter()
        .find(|p| p.indicator.code == code)
        .ok_or_else(|| {
            WebError::not_found(
                lang,
                format!("Không có chỉ tiêu \"{code}\"."),
                format!("There is no indicator \"{code}\"."),
            )
        })
}

/// A value as a person reads it: grouped, with % where the unit is percent,
/// "Có"/"Chưa" for a milestone.
fn value_text(ind: &Indicator, v: &Value, lang: Lang) -> String {
    match v {
        Value::Number(n) if crate::consolidation::is_milestone(ind) => yes_no(*n >= 1.0, lang),
        Value::Number(n) => display::measure(*n, &ind.unit.vi, lang),
        Value::YesNo(b) => yes_no(*b, lang),
        Value::Text(t) => t.clone(),
    }
}

fn yes_no(b: bool, lang: Lang) -> String {
    lang.pick(
        if b { "Có" } else { "Chưa" },
        if b { "Yes" } else { "Not yet" },
    )
    .to_string()
}

/// A province figure (a number, or a milestone's 0/1) as a person reads it.
fn figure(ind: &Indicator, v: f64, lang: Lang) -> String {
    value_text(ind, &Value::Number(v), lang)
}

/// The name of a unit as the pages show it; the issuer is the province.
fn unit_name(fw: &Framework, code: &str, lang: Lang) -> String {
    if code == fw.issuer {
        lang.pick("Toàn tỉnh", "Province").to_string()
    } else {
        fw.unit(code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}
