//! An objective's drafted paragraph taken into an agency's report: the
//! figures of the period stated in Vietnamese (the report's language), added
//! after what the results already say, and recorded in the audit trail as
//! drafted and taken by this person.

use super::{ReportContext, state_error, store_error};
use crate::App;
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::report::NarrativePart;
use xanh_store::NarrativeChange;

fn no_draft(lang: Lang) -> AppError {
    AppError::invalid(
        lang,
        "Mục tiêu này không có bản nháp từ số liệu.",
        "This objective has no draft from the figures.",
    )
}

/// Adds the objective's draft to the results over `version` of the report
/// (the version the person's own typing was just saved as).
pub async fn add(
    app: &App,
    actor: &Actor,
    ctx: &ReportContext,
    version: i64,
    objective: &str,
    lang: Lang,
) -> Result<(), AppError> {
    if !ctx.editable_by(actor) {
        return Err(AppError::forbidden(lang));
    }
    let scope = ctx
        .scope
        .iter()
        .find(|o| o.objective == objective)
        .ok_or_else(|| no_draft(lang))?;
    let facts = crate::quality::Facts::read(
        app,
        &ctx.framework,
        &ctx.framework_code,
        &ctx.period,
        Some(&ctx.report.unit_code),
        lang,
    )
    .await?;
    let text = crate::drafting::objective(
        &ctx.framework,
        scope,
        &facts,
        ctx.period.year as i32,
        Lang::Vi,
    )
    .ok_or_else(|| no_draft(lang))?
    .text();
    let current = app
        .store
        .narratives(ctx.report.id)
        .await
        .map_err(store_error(lang))?
        .into_iter()
        .find(|n| n.objective_code == objective && n.part == NarrativePart::Results)
        .map(|n| n.body)
        .unwrap_or_default();
    // Taken twice, the paragraph is not added twice.
    if !current.contains(&text) {
        let body = if current.trim().is_empty() {
            text
        } else {
            format!("{}\n\n{text}", current.trim_end())
        };
        let change = NarrativeChange {
            objective: objective.to_string(),
            part: NarrativePart::Results,
            body,
            drafted: true,
        };
        app.store
            .save_report(ctx.report.id, version, &[], &[change], actor)
            .await
            .map_err(|e| state_error(e, lang))?;
    }
    Ok(())
}
