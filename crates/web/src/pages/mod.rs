//! Server-rendered pages. Askama escapes every value; no template uses `|safe`.

pub mod admin;
pub mod assets;
pub mod contribution;
pub mod dashboard;
pub mod excel;
pub mod exports;
pub mod framework;
pub mod national;
pub mod provincial;
pub mod report;
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
}

/// The navigation bar: who is signed in, and what they may open.
pub struct Nav {
    pub user: Option<NavUser>,
    /// The database holds the sample data set: every page says so.
    pub demo: bool,
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
}

impl Nav {
    pub fn anonymous(_lang: Lang) -> Nav {
        Nav {
            user: None,
            demo: demo(),
        }
    }

    pub fn of(session: Option<&crate::auth::Session>, lang: Lang) -> Nav {
        Nav {
            demo: demo(),
            user: session.map(|s| NavUser {
                name: s.user.display_name.clone(),
                role: s.actor.role.label(lang).to_string(),
                unit: s.user.unit_code.clone(),
                csrf: s.csrf.clone().unwrap_or_default(),
                is_admin: s.actor.can_manage_users(),
            }),
        }
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
