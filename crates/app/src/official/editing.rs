//! The consolidator's draft of a provincial report: who may see a version,
//! saving the text typed into a draft (refused, with nothing written, when
//! another save came first or a part is too long), and what an issue will
//! fix, shown before it is confirmed.

use super::provincial::{Body, body_of, to_json};
use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::workflow::ProvincialState;
use xanh_documents::document::place_date;
use xanh_store::{PeriodRow, ProvincialRow, StoreError};

/// A part may hold this many characters.
pub const PART_LIMIT: usize = 100_000;

fn not_found(lang: Lang) -> AppError {
    AppError::not_found(
        lang,
        "Không có báo cáo tổng hợp này.",
        "There is no such provincial report.",
    )
}

fn already_issued(lang: Lang) -> AppError {
    AppError::invalid(
        lang,
        "Báo cáo đã ban hành không thể sửa; hãy lập phiên bản mới.",
        "An issued report cannot be changed; make a new version.",
    )
}

/// The version, its period and framework code, if this person may see it:
/// an issued version is public, a draft only the consolidating side's.
pub async fn load(
    app: &App,
    actor: Option<&Actor>,
    id: i64,
    lang: Lang,
) -> Result<(ProvincialRow, PeriodRow, String), AppError> {
    let r = app.store.provincial_report(id).await.map_err(|e| match e {
        StoreError::NotFound(_) => not_found(lang),
        e => AppError::from_store(e, lang),
    })?;
    if r.state != ProvincialState::Issued && !actor.is_some_and(|a| a.can_see_overview()) {
        return Err(not_found(lang));
    }
    let (code, period) = app
        .store
        .period(r.period_id)
        .await
        .map_err(store_error(lang))?;
    Ok((r, period, code))
}

/// The text typed into a draft's form; what is absent stays as it is.
#[derive(Default, Clone, Debug)]
pub struct Typed {
    pub subject: Option<String>,
    /// The opening summary.
    pub summary: Option<String>,
    /// (objective code, part, text).
    pub texts: Vec<(String, String, String)>,
}

impl Typed {
    /// Whether the form carries text to save.
    pub fn is_empty(&self) -> bool {
        self.subject.is_none() && self.summary.is_none() && self.texts.is_empty()
    }

    fn too_long(&self) -> bool {
        let long = |t: &String| t.chars().count() > PART_LIMIT;
        self.texts.iter().any(|(_, _, t)| long(t)) || self.summary.as_ref().is_some_and(long)
    }

    /// The typed text written into a body and subject.
    pub fn apply(&self, body: &mut Body, subject: &mut String) {
        if let Some(s) = &self.subject {
            subject.clone_from(s);
        }
        if let Some(s) = &self.summary {
            body.summary.clone_from(s);
        }
        for (obj, part, text) in &self.texts {
            if let Some(p) = body
                .objectives
                .iter_mut()
                .find(|o| &o.code == obj)
                .and_then(|o| o.parts.iter_mut().find(|p| &p.part == part))
            {
                p.text.clone_from(text);
            }
        }
    }
}

/// What came of a save. The refusals leave the draft untouched; the caller
/// shows the typed text again beside the reason.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// Saved: the draft's new revision.
    Revision(i64),
    /// A part is longer than [`PART_LIMIT`].
    TooLong,
    /// Someone else saved since `revision`.
    Stale,
}

/// Saves `typed` over `revision` of draft `id`. A form that names no
/// revision cannot show it was made from the latest text, and is stale.
pub async fn save(
    app: &App,
    actor: &Actor,
    id: i64,
    revision: Option<i64>,
    typed: &Typed,
    lang: Lang,
) -> Result<Saved, AppError> {
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let (r, _, _) = load(app, Some(actor), id, lang).await?;
    if r.state == ProvincialState::Issued {
        return Err(already_issued(lang));
    }
    // A stored text that does not read is refused, never replaced by an empty one.
    let mut body = body_of(&r, lang)?;
    if typed.too_long() {
        return Ok(Saved::TooLong);
    }
    let mut subject = r.subject.clone();
    typed.apply(&mut body, &mut subject);
    let expected = revision.unwrap_or(-1);
    match app
        .store
        .edit_provincial_report(id, expected, &subject, &to_json(&body), None, actor)
        .await
    {
        Ok(revision) => Ok(Saved::Revision(revision)),
        Err(StoreError::Conflict(_)) => Ok(Saved::Stale),
        Err(e) => Err(AppError::from_store(e, lang)),
    }
}

/// What issuing a draft on `date` will fix, for the confirmation.
pub struct Preview {
    pub subject: String,
    /// "Quảng Ngãi, ngày 05 tháng 02 năm 2026".
    pub place_date: String,
    pub signer_lines: Vec<String>,
    pub recipients: Vec<String>,
}

/// The confirmation's facts for draft `id` issued on `date`.
pub async fn preview(
    app: &App,
    actor: &Actor,
    id: i64,
    date: time::Date,
    lang: Lang,
) -> Result<Preview, AppError> {
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let (r, _, code) = load(app, Some(actor), id, lang).await?;
    let fw = crate::frameworks::shown(app, &code, lang)
        .await?
        .0
        .framework;
    // The issuer as it stood on the issue date: a merged province's name changes.
    let issuer = fw
        .unit_on(&fw.issuer, date)
        .map(|u| u.code.clone())
        .unwrap_or_default();
    Ok(Preview {
        subject: r.subject,
        place_date: place_date(
            fw.place_of(&issuer),
            date.day(),
            u8::from(date.month()),
            date.year(),
        ),
        signer_lines: fw.report_signer().lines(),
        recipients: fw.recipients_on(date),
    })
}
