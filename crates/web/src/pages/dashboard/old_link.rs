//! Addresses made before there were several frameworks: `/indicators/LN.1`,
//! `/units/SO-CT`, `/dashboard?year=2018` named no framework because there
//! was one. The framework in force today (the new province's plan) has no
//! LN.1 and no 2018, so such a link is sent on to the framework that has what
//! it asks for, by a redirect whose address names it from then on.

use super::View;
use crate::AppState;
use crate::error::WebError;
use crate::lang::Lang;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use xanh_app::reporting::store_error;
use xanh_core::framework::Framework;

/// The redirect to the one other framework that has what the address asks
/// for, when it names no framework and the one in force does not have it
/// (or not in the year asked). None: serve the framework in force as usual.
pub(super) async fn redirect(
    state: &AppState,
    view: &View,
    uri: &Uri,
    has: impl Fn(&Framework) -> bool,
    lang: Lang,
) -> Result<Option<Response>, WebError> {
    if view.framework.is_some() {
        return Ok(None);
    }
    let list = xanh_app::consolidation::all_frameworks(&state.store)
        .await
        .map_err(store_error(lang))?;
    if list.len() < 2 {
        return Ok(None);
    }
    let Some(default) = xanh_app::consolidation::in_force(&state.store)
        .await
        .map_err(store_error(lang))?
    else {
        return Ok(None);
    };
    let fits = |fw: &Framework| has(fw) && view.year.is_none_or(|y| fw.plan.contains(y));
    let mut found = Vec::new();
    for fw in &list {
        if fits(fw) {
            if fw.code == default {
                return Ok(None);
            }
            found.push(fw.code.clone());
        }
    }
    // Several others could answer: the address is ambiguous, and the page
    // in force says what it lacks rather than guessing.
    let [code] = found.as_slice() else {
        return Ok(None);
    };
    let sep = if uri.query().is_some() { '&' } else { '?' };
    let to = format!("{uri}{sep}framework={}", crate::auth::encode(code));
    Ok(Some(Redirect::temporary(&to).into_response()))
}
