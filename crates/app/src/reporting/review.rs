//! Moving a report through the workflow: submit, return, accept, reopen.
//! Who may do which, and what a submission must carry first (every
//! inconsistent figure explained; the missing lower reports acknowledged),
//! are decided here once, for the pages and the JSON API alike.

use super::{FieldError, ReportContext};
use crate::App;
use crate::chain::{Below, below_of, change, missing_note};
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::workflow::Action;
use xanh_store::{ReportRow, StoreError};

/// The action a path names ("submit", "return", "accept", "reopen"); saving
/// has its own use case.
pub fn parse_action(name: &str, lang: Lang) -> Result<Action, AppError> {
    match name {
        "submit" => Ok(Action::Submit),
        "return" => Ok(Action::Return),
        "accept" => Ok(Action::Accept),
        "reopen" => Ok(Action::Reopen),
        _ => Err(AppError::not_found(
            lang,
            "Không có thao tác này.",
            "No such action.",
        )),
    }
}

/// Whether `actor` may take `action` on this report: its own agency's
/// officer submits; its receiver reviews.
pub fn authorise(
    actor: &Actor,
    ctx: &ReportContext,
    action: Action,
    lang: Lang,
) -> Result<(), AppError> {
    let allowed = match action {
        Action::Submit => actor.can_submit_report(&ctx.report.unit_code),
        Action::Save => actor.can_edit_report(&ctx.report.unit_code),
        _ => ctx.reviewable_by(actor),
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::forbidden(lang))
    }
}

/// What a state change asks for.
pub struct Request<'a> {
    pub action: Action,
    /// The version the person saw; None takes the stored one.
    pub version: Option<i64>,
    /// The comment or reason, where the action takes one.
    pub reason: &'a str,
    /// The person has seen which lower reports are missing and sends anyway.
    pub missing_acknowledged: bool,
}

/// Why a state change did not happen.
pub enum Held {
    /// Inconsistent figures without an explanation, each beside its field.
    Unanswered(Vec<FieldError>),
    /// Lower reports are missing and the person has not acknowledged them.
    MissingBelow(Below),
    /// Refused: not allowed, not possible in this state, or changed meanwhile.
    Failed(AppError),
}

impl From<AppError> for Held {
    fn from(e: AppError) -> Self {
        Held::Failed(e)
    }
}

/// Takes the action as `actor`, after the checks a submission needs; the
/// report as it is afterwards.
pub async fn act(
    app: &App,
    actor: &Actor,
    ctx: &ReportContext,
    req: Request<'_>,
    lang: Lang,
) -> Result<ReportRow, Held> {
    authorise(actor, ctx, req.action, lang)?;
    let mut reason = req.reason.to_string();
    if req.action == Action::Submit {
        let stored = crate::unusual::stored(app, ctx, lang)
            .await
            .map_err(|e| AppError::invalid(lang, e.message.clone(), e.message))?;
        let open = crate::consistency::unanswered(ctx, &stored, lang);
        if !open.is_empty() {
            return Err(Held::Unanswered(open));
        }
        if let Some(below) = below_of(app, ctx, actor, lang).await?
            && !below.missing().is_empty()
        {
            if !req.missing_acknowledged {
                return Err(Held::MissingBelow(below));
            }
            // The server keeps its own list of the missing reports beside
            // whatever reason the person gave.
            reason = missing_note(&below, &reason);
        }
    }
    Ok(change(
        app,
        ctx,
        actor,
        req.version,
        req.action,
        Some(&reason),
        lang,
    )
    .await?)
}

/// The message for a refused state change, in the user's language.
pub fn state_error(e: StoreError, lang: Lang) -> AppError {
    match e {
        StoreError::Invalid { field, .. } if field == "reason" => AppError::invalid(
            lang,
            "Cần ghi ý kiến hoặc lý do.",
            "A comment or reason is required.",
        ),
        StoreError::Invalid { field, .. } if field == "period" => AppError::invalid(
            lang,
            "Kỳ báo cáo chưa mở hoặc đã đóng: không nhận thêm số liệu.",
            "The period is not open: it takes no input.",
        ),
        StoreError::Invalid { field, reason } if field == "state" => AppError::invalid(
            lang,
            "Báo cáo đang ở trạng thái không cho phép thao tác này.",
            format!("Not possible in the report's present state ({reason})."),
        ),
        e => AppError::from_store(e, lang),
    }
}
