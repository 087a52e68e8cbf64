//! What a loaded report holds beside its values: its narrative, the review's
//! comments, the contributions of the agencies that coordinate its
//! objectives, and its audit trail. A [`ReportContext`] exists only for an
//! actor who may see the report (see `load`); the trail asks more.

use super::{ReportContext, store_error};
use crate::App;
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_store::{AuditRow, CommentRow, ContributionRow, NarrativeRow};

impl ReportContext {
    /// The narrative parts as stored.
    pub async fn narratives(&self, app: &App, lang: Lang) -> Result<Vec<NarrativeRow>, AppError> {
        app.store
            .narratives(self.report.id)
            .await
            .map_err(store_error(lang))
    }

    /// The comments of the review, oldest first.
    pub async fn comments(&self, app: &App, lang: Lang) -> Result<Vec<CommentRow>, AppError> {
        app.store
            .comments(self.report.id)
            .await
            .map_err(store_error(lang))
    }

    /// The coordinating agencies' contributions in the report's period.
    pub async fn contributions(
        &self,
        app: &App,
        lang: Lang,
    ) -> Result<Vec<ContributionRow>, AppError> {
        app.store
            .contributions(self.period.id)
            .await
            .map_err(store_error(lang))
    }

    /// The audit trail, if `actor` may read it: it holds draft values, so
    /// only the agency and the side that receives it see it.
    pub async fn audit_trail(
        &self,
        app: &App,
        actor: &Actor,
        lang: Lang,
    ) -> Result<Vec<AuditRow>, AppError> {
        if !self.audit_readable_by(actor) {
            return Err(AppError::forbidden(lang));
        }
        app.store
            .report_audit_trail(self.report.id)
            .await
            .map_err(store_error(lang))
    }
}
