//! Server-rendered pages. Askama escapes every value; no template uses `|safe`.

pub mod admin;
pub mod assets;
pub mod confirm;
pub mod contribution;
pub mod dashboard;
pub mod excel;
pub mod exports;
pub mod framework;
pub mod images;
pub mod national;
pub mod provincial;
pub mod report;
pub mod signing;
pub mod upload;
pub mod verify;
pub mod work;

use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// Renders a page, or a plain 500 if the template itself fails.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lỗi hiển thị trang / The page could not be rendered.",
            )
                .into_response()
        }
    }
}

tokio::task_local! {
    /// Whether this request is served from the sample data set; set per
    /// request by the middleware, read by every page's navigation bar.
    pub static DEMO: bool;
    /// Who is signed in for this request, as the navigation shows them; set
    /// by the session middleware so that every page, error pages included,
    /// shows the same person (an error page that says "Đăng nhập" makes a
    /// signed-in official think they were logged out).
    pub static WHO: Option<Who>;
    /// Where the language switch leads: "?" and the query of a GET (so that
    /// it keeps the page's framework, year, preview and changes only
    /// `lang`), or the page a posted form came from.
    pub static QUERY: String;
}

/// The signed-in person as the navigation bar needs them.
#[derive(Clone, Debug)]
pub struct Who {
    pub name: String,
    pub role: xanh_core::access::Role,
    /// The unit's name in both languages (the code where the registry lacks it).
    pub unit: Option<xanh_core::Text>,
    pub csrf: String,
}

/// The navigation bar: who is signed in, and what they may open.
pub struct Nav {
    pub user: Option<NavUser>,
    /// The database holds the sample data set: every page says so.
    pub demo: bool,
    /// The same page in the other language: its query with `lang` changed.
    pub switch: String,
    /// Served from the read replica: the time its figures are as of.
    pub as_of: String,
}

/// The page being served (its path and query as set by `lang::remember`)
/// with `lang` set to `to` and every other parameter kept as it came
/// (already URL-encoded).
fn switch_href(to: Lang) -> String {
    let base = QUERY.try_with(|q| q.clone()).unwrap_or_else(|_| "?".into());
    let (path, query) = base.split_once('?').unwrap_or((base.as_str(), ""));
    let lang = format!("lang={}", to.code());
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && *p != "lang" && !p.starts_with("lang="))
        .chain(std::iter::once(lang.as_str()))
        .collect();
    format!("{path}?{}", kept.join("&"))
}

fn demo() -> bool {
    DEMO.try_with(|d| *d).unwrap_or(false)
}

pub struct NavUser {
    pub name: String,
    pub role: String,
    pub unit: Option<String>,
    pub csrf: String,
    pub is_admin: bool,
    /// Periods and the review overview: the consolidating side and leaders.
    pub sees_periods: bool,
    /// API tokens are for those who exchange data with other systems.
    pub uses_api: bool,
}

impl Nav {
    /// The navigation of the request being served: whoever the session
    /// middleware found, or nobody.
    pub fn anonymous(lang: Lang) -> Nav {
        Nav {
            as_of: crate::replica::as_of_line(),
            demo: demo(),
            switch: switch_href(match lang {
                Lang::Vi => Lang::En,
                Lang::En => Lang::Vi,
            }),
            user: WHO.try_with(|w| w.clone()).ok().flatten().map(|w| {
                use xanh_core::access::Role;
                NavUser {
                    name: w.name,
                    role: w.role.label(lang).to_string(),
                    unit: w.unit.map(|u| u.get(lang).to_string()),
                    csrf: w.csrf,
                    is_admin: w.role == Role::Admin,
                    sees_periods: w.role != Role::Officer,
                    uses_api: w.role != Role::Viewer,
                }
            }),
        }
    }

    /// The same as [`Nav::anonymous`]: kept for the pages that hold a session,
    /// which is the one the middleware put in the request.
    pub fn of(_session: Option<&crate::auth::Session>, lang: Lang) -> Nav {
        Nav::anonymous(lang)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub lang: Lang,
    pub nav: Nav,
    pub status: u16,
    pub message: &'a str,
    /// Shown so a person asking for help can point at the log lines.
    pub request_id: Option<String>,
}

pub async fn not_found(PageLang(lang): PageLang) -> crate::WebError {
    crate::WebError::not_found(
        lang,
        "Không có trang này. Hãy kiểm tra lại địa chỉ.",
        "There is no such page. Check the address.",
    )
}
