//! Saving a report, or importing a file into it: every value and narrative
//! part checked, and all of them stored or none. The pages and the JSON API both save through here and
//! differ only in how they answer a refusal.

use super::{FieldError, ReportContext, ReportInput, state_error, validate};
use crate::App;
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_store::{ReportRow, StoreError};

/// Why a save stored nothing.
#[derive(Debug)]
pub enum Refused {
    /// Fields that are wrong, each with its message; what was typed is the
    /// caller's to show again.
    Fields(Vec<FieldError>),
    /// Someone else saved since `version`: nothing written over their change.
    Stale(AppError),
    /// Not this person's report to change, or the store failed.
    Failed(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::Failed(e)
    }
}

/// Where what is saved came from.
enum Source<'a> {
    /// The form or the API, over the version the person saw.
    Typed { version: i64 },
    /// A file, over the version the report has now; the trail names it.
    File { name: &'a str },
}

/// Saves `input` over `version` of the report, as `actor`: the new row.
pub async fn save(
    app: &App,
    actor: &Actor,
    ctx: &ReportContext,
    version: i64,
    input: &ReportInput,
    lang: Lang,
) -> Result<ReportRow, Refused> {
    store_checked(app, actor, ctx, input, Source::Typed { version }, lang).await
}

/// Imports the values and narrative read from a file (the Excel template, a
/// values CSV, a DHIS2 data value set) into the report, as `actor`: the same
/// checks as a save, all stored or none, and the trail names the file.
pub async fn import(
    app: &App,
    actor: &Actor,
    ctx: &ReportContext,
    input: &ReportInput,
    file: &str,
    lang: Lang,
) -> Result<ReportRow, Refused> {
    store_checked(app, actor, ctx, input, Source::File { name: file }, lang).await
}

async fn store_checked(
    app: &App,
    actor: &Actor,
    ctx: &ReportContext,
    input: &ReportInput,
    source: Source<'_>,
    lang: Lang,
) -> Result<ReportRow, Refused> {
    if !actor.can_edit_report(&ctx.report.unit_code) {
        return Err(Refused::Failed(AppError::forbidden(lang)));
    }
    let (values, narrative) = validate(app, ctx, input, lang)
        .await
        .map_err(Refused::Fields)?;
    let id = ctx.report.id;
    // The values and their trail entries (an "upload" one for a file) commit together.
    let stored = match source {
        Source::Typed { version } => {
            app.store
                .save_report(id, version, &values, &narrative, actor)
                .await
        }
        Source::File { name } => {
            app.store
                .save_report_upload(id, ctx.report.version, &values, &narrative, actor, name)
                .await
        }
    };
    match stored {
        Ok(saved) => Ok(saved),
        Err(e @ StoreError::Conflict(_)) => Err(Refused::Stale(AppError::from_store(e, lang))),
        Err(e) => Err(Refused::Failed(state_error(e, lang))),
    }
}
