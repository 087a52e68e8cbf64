//! The frameworks loaded, as the framework page and its menu show them: one
//! framework's current version with its periods, and every framework with
//! whether its plan is in force this year, ended or yet to begin.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::framework::PlanStanding;
use xanh_store::{PeriodRow, StoreError, StoredFramework};

/// A framework among those loaded.
pub struct FrameworkChoice {
    pub code: String,
    pub title: String,
    /// "2021–2030".
    pub plan: String,
    pub standing: PlanStanding,
}

/// One framework's current version and its periods; an unknown code is
/// said in words (404).
pub async fn shown(
    app: &App,
    code: &str,
    lang: Lang,
) -> Result<(StoredFramework, Vec<PeriodRow>), AppError> {
    let stored = app.store.framework(code, None).await.map_err(|e| match e {
        StoreError::NotFound(_) => AppError::not_found(
            lang,
            format!("Không có khung theo dõi, đánh giá mã \"{code}\"."),
            format!("There is no framework with code \"{code}\"."),
        ),
        e => AppError::from_store(e, lang),
    })?;
    let periods = app
        .store
        .periods(code)
        .await
        .map_err(|e| AppError::from_store(e, lang))?;
    Ok((stored, periods))
}

/// Every framework loaded, the plan in force first, then the most recent;
/// empty when there is only one (nothing to choose between).
pub async fn choices(app: &App, lang: Lang) -> Result<Vec<FrameworkChoice>, AppError> {
    let list = app
        .store
        .frameworks()
        .await
        .map_err(|e| AppError::from_store(e, lang))?;
    if list.len() < 2 {
        return Ok(Vec::new());
    }
    let today = crate::consolidation::this_year();
    let mut out = Vec::new();
    for f in list {
        let fw = app
            .store
            .framework(&f.code, None)
            .await
            .map_err(|e| AppError::from_store(e, lang))?
            .framework;
        out.push(FrameworkChoice {
            standing: fw.plan.standing(today),
            title: fw.title.get(lang).to_string(),
            plan: format!("{}–{}", fw.plan.from, fw.plan.to),
            code: f.code,
        });
    }
    out.sort_by_key(|c| {
        (
            c.standing != PlanStanding::InForce,
            std::cmp::Reverse(c.plan.clone()),
        )
    });
    Ok(out)
}

/// The audit chain's head as the public dashboard shows it: anyone who
/// notes it can later check that nothing before it was rewritten.
pub async fn audit_head(app: &App, lang: Lang) -> Result<xanh_store::audit_chain::Head, AppError> {
    app.store.audit_head().await.map_err(store_error(lang))
}

/// Every framework kept, with its current version.
pub async fn list(app: &App, lang: Lang) -> Result<Vec<xanh_store::FrameworkSummary>, AppError> {
    app.store.frameworks().await.map_err(store_error(lang))
}
