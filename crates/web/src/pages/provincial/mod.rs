//! The provincial report: compiled from the accepted agency reports,
//! objective by objective with who wrote what, edited by the consolidator,
//! issued with its number, date and signer after a confirmation. Issued
//! versions are public and fixed. `view` shows and lists, `edit` saves and
//! issues; the content and use cases live in `official::provincial`.

mod edit;
mod signing;
mod view;

pub use edit::{issue, save};
pub use signing::{give as give_signature, prepare as prepare_signature};
pub use view::{compile, docx, list, pdf, show};

use crate::AppState;
use crate::auth::Session;
use crate::error::WebError;
use crate::lang::Lang;
use xanh_app::official::provincial::Body;
use xanh_app::reporting::store_error;
use xanh_store::{PeriodRow, ProvincialRow, StoreError};

fn not_found(lang: Lang) -> WebError {
    WebError::not_found(
        lang,
        "Không có báo cáo tổng hợp này.",
        "There is no such provincial report.",
    )
}

/// The version, its period and framework code, if this person may see it.
async fn load(
    state: &AppState,
    session: Option<&Session>,
    id: i64,
    lang: Lang,
) -> Result<(ProvincialRow, PeriodRow, String), WebError> {
    let r = state
        .store
        .provincial_report(id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => not_found(lang),
            e => WebError::from_store(e, lang),
        })?;
    // A draft is internal: only the consolidating side sees it.
    if r.state != xanh_core::workflow::ProvincialState::Issued
        && !session.is_some_and(|s| s.actor.can_see_overview())
    {
        return Err(not_found(lang));
    }
    let (code, period) = state
        .store
        .period(r.period_id)
        .await
        .map_err(store_error(lang))?;
    Ok((r, period, code))
}

/// What the consolidator typed in the draft's form: kept whole so that a
/// refused save or issue shows it again.
#[derive(Default, Clone)]
pub(super) struct Edits {
    /// The revision the form was made from.
    pub version: Option<i64>,
    pub subject: Option<String>,
    /// The opening summary as typed.
    pub summary: Option<String>,
    /// The drafted paragraph the consolidator asked to take ("summary" or an objective).
    pub take_draft: Option<String>,
    /// (objective code, part, text).
    pub texts: Vec<(String, String, String)>,
    pub number: String,
    pub date: String,
    pub signer: String,
    /// The confirmation page's button, not the draft form's.
    pub confirmed: bool,
}

/// A part may hold this many characters.
const PART_LIMIT: usize = 100_000;

impl Edits {
    pub fn parse(form: &[(String, String)]) -> Edits {
        let mut e = Edits::default();
        for (key, value) in form {
            match key.as_str() {
                "version" => e.version = value.trim().parse().ok(),
                "subject" => e.subject = Some(value.trim().chars().take(500).collect()),
                "number" => e.number = value.trim().to_string(),
                "date" => e.date = value.trim().to_string(),
                "signer" => e.signer = value.trim().to_string(),
                "confirm" => e.confirmed = value == "yes",
                "summary-text" => e.summary = Some(value.replace("\r\n", "\n")),
                "take-draft" => e.take_draft = Some(value.clone()),
                _ => {
                    if let Some((obj, part)) =
                        key.strip_prefix("t:").and_then(|k| k.split_once(':'))
                    {
                        e.texts.push((
                            obj.to_string(),
                            part.to_string(),
                            value.replace("\r\n", "\n"),
                        ));
                    }
                }
            }
        }
        e
    }

    /// Whether the form carries text to save.
    pub fn has_text(&self) -> bool {
        self.subject.is_some() || self.summary.is_some() || !self.texts.is_empty()
    }

    pub fn too_long(&self) -> bool {
        self.texts
            .iter()
            .any(|(_, _, t)| t.chars().count() > PART_LIMIT)
            || self
                .summary
                .as_ref()
                .is_some_and(|t| t.chars().count() > PART_LIMIT)
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

/// "05/02/2020" or "2020-02-05" → a date.
fn parse_vn_date(s: &str) -> Option<time::Date> {
    let s = s.trim();
    if let Some(d) = xanh_app::reporting::parse_iso_date(s) {
        return Some(d);
    }
    let mut p = s.splitn(3, '/');
    let (d, m, y) = (
        p.next()?.trim().parse().ok()?,
        p.next()?.trim().parse::<u8>().ok()?,
        p.next()?.trim().parse().ok()?,
    );
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// "?lang=en" for English pages, so that the language persists through a redirect.
fn lang_query(lang: Lang, first: bool) -> &'static str {
    match (lang, first) {
        (Lang::En, true) => "?lang=en",
        (Lang::En, false) => "&lang=en",
        _ => "",
    }
}
