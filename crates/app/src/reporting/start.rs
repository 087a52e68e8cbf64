//! An officer's own report for a period: which unit and deadline it is for,
//! and starting it, only while the period is open (a report made for a
//! period never opened would show as overdue for something nobody asked for).

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::{Actor, Role};
use xanh_core::workflow::PeriodState;
use xanh_store::{PeriodRow, ReportRow};

/// The officer's unit and the period, if that unit reports in it.
pub async fn own_period(
    app: &App,
    actor: &Actor,
    period_id: i64,
    lang: Lang,
) -> Result<(String, PeriodRow, String, String), AppError> {
    let Some(unit) = actor.unit.clone().filter(|_| actor.role == Role::Officer) else {
        return Err(AppError::forbidden(lang));
    };
    let (period, fw) = crate::reporting::period_with_framework(app, period_id, lang).await?;
    let data_to = crate::reporting::parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    if !xanh_core::chain::reports_in(&fw, &unit, period.kind, data_to) {
        return Err(AppError::not_found(
            lang,
            "Đơn vị của bạn không phải báo cáo trong kỳ này.",
            "Your agency does not report in this period.",
        ));
    }
    let agency = fw
        .unit(&unit)
        .map(|u| u.short().get(lang).to_string())
        .unwrap_or_else(|| unit.clone());
    // The deadline this unit keeps: its level's, or the period's.
    let deadline = crate::reporting::deadline_of(&fw, &unit, &period);
    Ok((unit, period, agency, deadline))
}

pub fn not_open(lang: Lang, period: &PeriodRow) -> AppError {
    AppError::with_message(
        crate::Kind::Conflict,
        "period_not_open",
        lang,
        format!(
            "Kỳ \"{}\" không mở để nhập số liệu, nên chưa thể lập báo cáo. Cơ quan tổng hợp mở kỳ khi đến lúc báo cáo.",
            period.label_vi
        ),
        format!(
            "The period \"{}\" is not open for input, so no report can be started. The consolidator opens it when reporting begins.",
            period.label_en
        ),
    )
}

/// The acting officer's report for a period, started if it does not exist
/// and the period is open. Only ever called from a POST.
pub async fn ensure_own_report(
    app: &App,
    actor: &Actor,
    period_id: i64,
    lang: Lang,
) -> Result<ReportRow, AppError> {
    let (unit, period, _, _) = own_period(app, actor, period_id, lang).await?;
    if let Some(r) = started(app, &unit, period_id, lang).await? {
        return Ok(r);
    }
    if period.state != PeriodState::Open {
        return Err(not_open(lang, &period));
    }
    app.store
        .ensure_report(period_id, &unit)
        .await
        .map_err(store_error(lang))
}

/// The report `unit` has started in the period, if any. The unit is the
/// actor's own, as [`own_period`] answered it.
pub async fn started(
    app: &App,
    unit: &str,
    period_id: i64,
    lang: Lang,
) -> Result<Option<ReportRow>, AppError> {
    Ok(app
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|r| r.unit_code == unit))
}
