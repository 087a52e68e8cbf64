//! A provincial report's version as a person sees it: the draft's text with
//! what they typed laid over it, the tables as they stand now (a draft) or as
//! they were fixed at issue, the issued document, where its signing stands,
//! and the drafted paragraphs offered to whoever may take them.

use super::drafts::{Drafts, drafts};
use super::editing::{Typed, load};
use super::provincial::{
    Body, IndicatorLine, QualityLine, body_of, fixed_of, indicator_table, quality_annex,
};
use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::framework::Framework;
use xanh_core::workflow::ProvincialState;
use xanh_documents::document::OfficialDocument;
use xanh_store::{PeriodRow, ProvincialRow, SigningState};

/// Everything the page of one version shows.
pub struct Version {
    pub row: ProvincialRow,
    pub period: PeriodRow,
    pub framework: Framework,
    /// The text, with the typed text laid over it.
    pub body: Body,
    pub subject: String,
    /// Why the stored text cannot be read, if it cannot: the page still
    /// opens to say so, and nothing can be saved over it.
    pub unreadable: Option<AppError>,
    pub table: Vec<IndicatorLine>,
    pub quality: Vec<QualityLine>,
    /// The issued document, with its header, date line and signature block.
    pub document: Option<OfficialDocument>,
    /// For the consolidating side, on an issued version.
    pub signing: Option<SigningState>,
    /// Offered on a draft to whoever may edit it.
    pub drafts: Option<Drafts>,
    pub editable: bool,
}

impl Version {
    pub fn issued(&self) -> bool {
        self.row.state == ProvincialState::Issued
    }
}

/// Version `id` as `actor` (none: a citizen) sees it.
pub async fn version(
    app: &App,
    actor: Option<&Actor>,
    id: i64,
    typed: Option<&Typed>,
    lang: Lang,
) -> Result<Version, AppError> {
    let (row, period, code) = load(app, actor, id, lang).await?;
    let issued = row.state == ProvincialState::Issued;
    let (mut body, unreadable) = match body_of(&row, lang) {
        Ok(b) => (b, None),
        Err(e) => (Body::default(), Some(e)),
    };
    let mut subject = row.subject.clone();
    if let Some(t) = typed {
        t.apply(&mut body, &mut subject);
    }
    let (table, quality) = if issued {
        fixed_of(&row, lang).unwrap_or_default()
    } else {
        // A draft shows the tables as they stand now; issuing fixes them.
        (
            indicator_table(app, &code, period.year as i32, lang).await?,
            quality_annex(app, row.period_id, lang).await?,
        )
    };
    let document = if issued && unreadable.is_none() {
        Some(super::provincial_document(app, &row).await?)
    } else {
        None
    };
    let framework = crate::frameworks::shown(app, &code, lang)
        .await?
        .0
        .framework;
    let reviewer = actor.is_some_and(|a| a.can_review());
    let editable = !issued && unreadable.is_none() && reviewer;
    let signing = if issued && reviewer {
        Some(
            app.store
                .issued_signing_state(row.id)
                .await
                .map_err(store_error(lang))?,
        )
    } else {
        None
    };
    let drafts = if editable {
        Some(drafts(app, &framework, &period, lang).await?)
    } else {
        None
    };
    Ok(Version {
        row,
        period,
        framework,
        body,
        subject,
        unreadable,
        table,
        quality,
        document,
        signing,
        drafts,
        editable,
    })
}

/// A version's file: the PDF kept (and signed) at its issue, or the
/// document to render in another format or before issue.
pub enum File {
    Kept(Vec<u8>),
    Render(Box<OfficialDocument>),
}

/// Version `id`'s document as `actor` may have it, with its period's code
/// (for the file's name); `kept_pdf`: the PDF is wanted, so a kept one is used.
pub async fn file(
    app: &App,
    actor: Option<&Actor>,
    id: i64,
    kept_pdf: bool,
    lang: Lang,
) -> Result<(File, ProvincialRow, PeriodRow), AppError> {
    let (row, period, _) = load(app, actor, id, lang).await?;
    if kept_pdf
        && let Some(pdf) = app
            .store
            .issued_document(row.id)
            .await
            .map_err(store_error(lang))?
    {
        return Ok((File::Kept(pdf), row, period));
    }
    let doc = super::provincial_document(app, &row).await?;
    Ok((File::Render(Box::new(doc)), row, period))
}
