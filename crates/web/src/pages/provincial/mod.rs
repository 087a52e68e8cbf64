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
use xanh_app::official::editing::{self, Typed};
use xanh_store::{PeriodRow, ProvincialRow};

/// The version, its period and framework code, if this person may see it.
async fn load(
    state: &AppState,
    session: Option<&Session>,
    id: i64,
    lang: Lang,
) -> Result<(ProvincialRow, PeriodRow, String), WebError> {
    Ok(editing::load(state, session.map(|s| &s.actor), id, lang).await?)
}

/// What the consolidator typed in the draft's form: kept whole so that a
/// refused save or issue shows it again.
#[derive(Default, Clone)]
pub(super) struct Edits {
    /// The revision the form was made from.
    pub version: Option<i64>,
    /// The subject, summary and parts as typed.
    pub text: Typed,
    /// The drafted paragraph the consolidator asked to take ("summary" or an objective).
    pub take_draft: Option<String>,
    pub number: String,
    pub date: String,
    pub signer: String,
    /// The confirmation page's button, not the draft form's.
    pub confirmed: bool,
}

impl Edits {
    pub fn parse(form: &[(String, String)]) -> Edits {
        let mut e = Edits::default();
        for (key, value) in form {
            match key.as_str() {
                "version" => e.version = value.trim().parse().ok(),
                "subject" => e.text.subject = Some(value.trim().chars().take(500).collect()),
                "number" => e.number = value.trim().to_string(),
                "date" => e.date = value.trim().to_string(),
                "signer" => e.signer = value.trim().to_string(),
                "confirm" => e.confirmed = value == "yes",
                "summary-text" => e.text.summary = Some(value.replace("\r\n", "\n")),
                "take-draft" => e.take_draft = Some(value.clone()),
                _ => {
                    if let Some((obj, part)) =
                        key.strip_prefix("t:").and_then(|k| k.split_once(':'))
                    {
                        e.text.texts.push((
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
