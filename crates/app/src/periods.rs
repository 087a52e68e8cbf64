//! Opening and closing a reporting period: the consolidator's, whichever
//! edge asks (the periods page, after its confirmation, or the JSON API).

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::workflow::PeriodState;
use xanh_store::PeriodRow;

/// The state a path names ("open", "close").
pub fn parse_action(name: &str, lang: Lang) -> Result<PeriodState, AppError> {
    match name {
        "open" => Ok(PeriodState::Open),
        "close" => Ok(PeriodState::Closed),
        _ => Err(AppError::not_found(
            lang,
            "Không có thao tác này.",
            "No such action.",
        )),
    }
}

/// Puts the period in state `to`, as `actor`: the period afterwards.
pub async fn set_state(
    app: &App,
    actor: &Actor,
    id: i64,
    to: PeriodState,
    lang: Lang,
) -> Result<PeriodRow, AppError> {
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    app.store
        .set_period_state(id, to, actor)
        .await
        .map_err(store_error(lang))?;
    let (_, period) = app.store.period(id).await.map_err(store_error(lang))?;
    Ok(period)
}

/// A period, for the consolidator's confirmation before its state changes.
pub async fn period(app: &App, actor: &Actor, id: i64, lang: Lang) -> Result<PeriodRow, AppError> {
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let (_, period) = app.store.period(id).await.map_err(store_error(lang))?;
    Ok(period)
}
