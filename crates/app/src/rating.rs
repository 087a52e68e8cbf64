//! Rating a qualitative indicator: the consolidator chooses a level on the
//! fixed scale for a year of the plan, always with a written justification.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::assess::QualitativeRating;
use xanh_core::framework::{Framework, IndicatorKind};

/// The shortest and longest justification, in characters.
pub const JUSTIFICATION_CHARS: std::ops::RangeInclusive<usize> = 10..=5000;

/// A rating as typed, before it is checked.
pub struct Rating<'a> {
    /// The framework; None: the one in force.
    pub framework: Option<&'a str>,
    pub indicator: &'a str,
    pub year: i32,
    pub rating: &'a str,
    pub justification: &'a str,
}

/// Why a rating was not kept.
pub enum Refused {
    /// What was typed breaks a rule; the message says which, in the person's language.
    Input(String),
    /// Not allowed, no such indicator, or the store failed.
    Failed(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::Failed(e)
    }
}

/// The framework a rating is for: the one named, or the one in force.
pub async fn framework_of(
    app: &App,
    named: Option<&str>,
    lang: Lang,
) -> Result<Framework, AppError> {
    let chosen = match named.filter(|f| !f.is_empty()) {
        Some(f) => Some(f.to_string()),
        None => crate::consolidation::in_force(&app.store)
            .await
            .map_err(store_error(lang))?,
    };
    let Some(chosen) = chosen else {
        return Err(AppError::not_found(lang, "Chưa có khung.", "No framework."));
    };
    Ok(app
        .store
        .framework(&chosen, None)
        .await
        .map_err(store_error(lang))?
        .framework)
}

/// Keeps the rating as `actor` once every rule holds.
pub async fn rate(
    app: &App,
    actor: &Actor,
    fw: &Framework,
    r: &Rating<'_>,
    lang: Lang,
) -> Result<(), Refused> {
    if !actor.can_review() {
        return Err(AppError::forbidden(lang).into());
    }
    let qualitative = fw
        .indicator(r.indicator)
        .is_some_and(|(_, i)| i.kind == IndicatorKind::Qualitative);
    if !qualitative {
        return Err(AppError::not_found(
            lang,
            "Không có chỉ tiêu định tính này.",
            "No such qualitative indicator.",
        )
        .into());
    }
    if QualitativeRating::from_code(r.rating).is_none() || !fw.plan.contains(r.year) {
        return Err(Refused::Input(
            lang.pick(
                "Hãy chọn một mức đánh giá và năm hợp lệ.",
                "Choose a rating and a valid year.",
            )
            .into(),
        ));
    }
    let justification = r.justification.trim();
    if !JUSTIFICATION_CHARS.contains(&justification.chars().count()) {
        return Err(Refused::Input(
            lang.pick(
                "Cần ghi lý do đánh giá (10–5.000 ký tự).",
                "A justification is required (10–5,000 characters).",
            )
            .into(),
        ));
    }
    app.store
        .rate(
            &fw.code,
            r.indicator,
            r.year,
            r.rating,
            justification,
            actor,
        )
        .await
        .map_err(store_error(lang))?;
    Ok(())
}
