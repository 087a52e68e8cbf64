//! A coordinating agency's contribution (figures and text) to an objective
//! that another agency leads; the lead reads it inside its own report.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::framework::{Framework, Objective};
use xanh_core::workflow::PeriodState;
use xanh_store::{PeriodRow, StoreError};

/// The longest contribution text accepted, in characters.
pub const MAX_CHARS: usize = 20_000;

/// The period, framework and objective, if this officer's agency coordinates it then.
pub async fn context(
    app: &App,
    actor: &Actor,
    period_id: i64,
    objective: &str,
    lang: Lang,
) -> Result<(PeriodRow, Framework, Objective, String), AppError> {
    let not_found = || {
        AppError::not_found(
            lang,
            "Đơn vị của bạn không phối hợp mục tiêu này trong kỳ báo cáo này.",
            "Your agency does not coordinate this objective in this period.",
        )
    };
    let (code, period) = app.store.period(period_id).await.map_err(|e| match e {
        StoreError::NotFound(_) => not_found(),
        e => AppError::from_store(e, lang),
    })?;
    let fw = app
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let o = fw
        .objectives
        .iter()
        .find(|o| o.code == objective && o.reporting.contains(&period.kind))
        .cloned()
        .ok_or_else(not_found)?;
    if !actor.can_contribute(&o.coordinating) {
        return Err(not_found());
    }
    let unit = actor.unit.clone().ok_or_else(not_found)?;
    Ok((period, fw, o, unit))
}

/// Checks and stores a contribution; the message for the user if it cannot be.
#[allow(clippy::too_many_arguments)]
pub async fn save_contribution(
    app: &App,
    actor: &Actor,
    period_id: i64,
    objective: &str,
    version: i64,
    figures: &str,
    body: &str,
    lang: Lang,
) -> Result<(), Result<String, AppError>> {
    let (period, _, o, unit) = context(app, actor, period_id, objective, lang)
        .await
        .map_err(Err)?;
    if period.state != PeriodState::Open {
        return Err(Ok(lang
            .pick(
                "Kỳ báo cáo chưa mở hoặc đã đóng.",
                "The period is not open.",
            )
            .into()));
    }
    if figures.chars().count() > MAX_CHARS || body.chars().count() > MAX_CHARS {
        return Err(Ok(match lang {
            Lang::Vi => format!("Nội dung quá dài: tối đa {MAX_CHARS} ký tự mỗi ô."),
            Lang::En => format!("Too long: at most {MAX_CHARS} characters per box."),
        }));
    }
    match app
        .store
        .save_contribution(
            period_id,
            &o.code,
            &unit,
            version,
            figures.trim(),
            body.trim(),
            actor,
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(Ok(lang
            .pick(
                "Nội dung vừa được người khác thay đổi nên chưa lưu. Hãy tải lại trang.",
                "Someone else changed it in the meantime, so it was not saved. Reload the page.",
            )
            .into())),
        Err(e) => Err(Err(AppError::from_store(e, lang))),
    }
}

/// What `unit` has contributed to the objective in the period so far; the
/// unit and objective are those [`context`] answered for the actor.
pub async fn stored(
    app: &App,
    period_id: i64,
    objective: &str,
    unit: &str,
    lang: Lang,
) -> Result<Option<xanh_store::ContributionRow>, AppError> {
    Ok(app
        .store
        .contributions(period_id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|c| c.objective_code == objective && c.unit_code == unit))
}
