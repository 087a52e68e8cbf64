//! The confirmation step before what cannot be undone (accept a report,
//! close a period, disable an account). Done on the server, so it works
//! without script and under the CSP: the first POST answers with this page,
//! whose button repeats the POST with `confirmed=yes`.

use super::Nav;
use crate::lang::Lang;
use askama::Template;

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct Confirm {
    pub lang: Lang,
    pub nav: Nav,
    pub title: String,
    /// What will happen, and what cannot be undone, one sentence each.
    pub what: Vec<String>,
    /// Where the confirmed POST goes.
    pub action: String,
    pub csrf: String,
    /// The fields of the first POST, carried into the confirmed one.
    pub hidden: Vec<(String, String)>,
    pub button: String,
    /// Where "go back" leads, changing nothing.
    pub cancel: String,
}

/// Whether a form carries the confirmation.
pub fn confirmed(form: &[(String, String)]) -> bool {
    form.iter().any(|(k, v)| k == "confirmed" && v == "yes")
}
