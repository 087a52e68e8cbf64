//! Which provincial reports a person may see: the issued ones for everyone,
//! the drafts too for those who see the overview. One rule for the page and
//! the JSON API.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_store::{PeriodRow, ProvincialRow};

/// A provincial report's version and the period it reports on.
pub struct Listed {
    pub report: ProvincialRow,
    pub period: PeriodRow,
    /// The framework the period belongs to.
    pub framework: String,
}

impl Listed {
    pub fn issued(&self) -> bool {
        self.report.state == xanh_core::workflow::ProvincialState::Issued
    }
}

/// Every provincial report `actor` may see (None: the public), by
/// framework and period, and every period (to compile a new one).
pub async fn visible(
    app: &App,
    actor: Option<&Actor>,
    lang: Lang,
) -> Result<(Vec<Listed>, Vec<PeriodRow>), AppError> {
    let sees_drafts = actor.is_some_and(|a| a.can_see_overview());
    let mut items = Vec::new();
    let mut periods = Vec::new();
    for f in app.store.frameworks().await.map_err(store_error(lang))? {
        for p in app
            .store
            .periods(&f.code)
            .await
            .map_err(store_error(lang))?
        {
            for r in app
                .store
                .provincial_reports(Some(p.id))
                .await
                .map_err(store_error(lang))?
            {
                if r.state == xanh_core::workflow::ProvincialState::Issued || sees_drafts {
                    items.push(Listed {
                        report: r,
                        period: p.clone(),
                        framework: f.code.clone(),
                    });
                }
            }
            periods.push(p);
        }
    }
    Ok((items, periods))
}
