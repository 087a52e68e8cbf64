//! The province's picture: the overview of a year (`overview`), the page of
//! an indicator (`indicator`), of a unit (`unit`), and the consolidator's
//! rating of a qualitative indicator (`rating`). Public: anyone may read
//! them, and they show only accepted reports. The consolidator may preview
//! with submitted reports included, clearly marked.

mod eras;

mod indicator;
mod old_link;
mod overview;
mod rating;
pub mod standing;
mod unit;

pub use indicator::{chart, indicator};
pub(crate) use overview::{Glance, dashboard, glance};
pub use rating::rate;
pub use unit::unit;

use crate::AppState;
use crate::auth::MaybeSession;
use crate::error::WebError;
use crate::lang::Lang;
use serde::Deserialize;
use xanh_app::consolidation::IndicatorPicture;
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

pub use xanh_app::assessment::YearChoice;

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
    let picture = xanh_app::assessment::load(
        state,
        session.0.as_ref().map(|s| &s.actor),
        view.framework.as_deref(),
        view.year,
        view.preview.is_some(),
        lang,
    )
    .await?;
    let preview = picture.preview;
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
        years: picture.years,
        partial: picture.partial,
        fw: picture.fw,
        values: picture.values,
        ratings: picture.ratings,
        periods: picture.periods,
        year: picture.year,
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
        Value::Number(n) if xanh_app::consolidation::is_milestone(ind) => yes_no(*n >= 1.0, lang),
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
