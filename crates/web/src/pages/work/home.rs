//! `/home`: each person's next task first (ui.md). An officer sees what is
//! due, by when, and what came back with a comment; the consolidator what
//! waits for review, who is late and where the provincial report stands; a
//! leader where reporting stands and what is late; an administrator the
//! accounts and frameworks.

use crate::AppState;
use crate::auth::Authed;
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xanh_app::work::home::{
    BelowTask, ContributionItem, PeriodWatch, ReturnedItem, account_counts, below_tasks,
    contributions, framework_titles, returned_items, watch_open_periods,
};
use xanh_app::work::{PeriodItem, period_items};
use xanh_core::access::Role;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    name: String,
    role: Role,
    due: Vec<PeriodItem>,
    returned: Vec<ReturnedItem>,
    below: Vec<BelowTask>,
    contribute: Vec<ContributionItem>,
    watch: Vec<PeriodWatch>,
    /// Where the plan stands (a leader's and the consolidator's first question).
    glance: Option<crate::pages::dashboard::Glance>,
    waiting_total: usize,
    late_total: usize,
    accounts: usize,
    disabled_accounts: usize,
    frameworks: Vec<(String, String)>,
}

pub async fn home(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let role = session.actor.role;
    let items = period_items(&state, &session.actor, lang).await?;
    let due: Vec<PeriodItem> = items
        .into_iter()
        .filter(|i| i.state == "open" && i.expected_of_me)
        .collect();
    let returned = if role == Role::Officer {
        returned_items(&state, &due, lang).await?
    } else {
        Vec::new()
    };
    let below = if role == Role::Officer {
        below_tasks(&state, &session.actor, &due, lang).await?
    } else {
        Vec::new()
    };
    let contribute = if role == Role::Officer {
        contributions(&state, &session.actor, lang).await?
    } else {
        Vec::new()
    };
    let watch = if matches!(role, Role::Consolidator | Role::Viewer | Role::Admin) {
        watch_open_periods(&state, &session.actor, lang).await?
    } else {
        Vec::new()
    };
    let glance = if matches!(role, Role::Consolidator | Role::Viewer) {
        crate::pages::dashboard::glance(&state, lang).await?
    } else {
        None
    };
    let (accounts, disabled_accounts) = if role == Role::Admin {
        account_counts(&state, &session.actor, lang).await?
    } else {
        (0, 0)
    };
    let frameworks = framework_titles(&state, lang).await?;
    Ok(render(&HomePage {
        lang,
        nav: Nav::of(Some(&session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        name: session.user.display_name.clone(),
        role,
        waiting_total: watch.iter().map(|w| w.waiting.len()).sum(),
        late_total: watch.iter().map(|w| w.late.len()).sum(),
        due,
        returned,
        below,
        contribute,
        watch,
        glance,
        accounts,
        disabled_accounts,
        frameworks,
    }))
}
