//! Xanh's HTTP edge: server-rendered pages (Vietnamese first, English on a
//! switch) and a JSON API, over the store.

mod api;
pub mod auth;
mod download;
mod error;
mod headers;
mod lang;
pub mod national;
mod pages;
pub mod replica;
pub mod request_id;
mod server;
mod signing;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::future::Future;
use tokio::net::TcpListener;
use xanh_store::Store;

pub use error::WebError;
pub use xanh_app::{App, SigningKey};

/// The largest form or JSON body accepted: a long narrative, not a dump.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// How the server behaves over HTTP; the defaults suit a local installation.
#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Mark cookies Secure (set when served over HTTPS).
    pub secure_cookies: bool,
    /// A session ends after this long without a request.
    pub session_idle_secs: i64,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            secure_cookies: false,
            session_idle_secs: 8 * 3600,
        }
    }
}

/// What every handler may reach: the application (its store and settings,
/// through `Deref`) and what only the HTTP edge keeps.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub web: WebSettings,
    /// Consolidations over many areas, kept under their data generation.
    pub national: std::sync::Arc<national::Cache>,
    /// A PostgreSQL streaming replica that serves anonymous reads.
    pub read_replica: Option<std::sync::Arc<replica::Replica>>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            app: App::new(store),
            web: WebSettings::default(),
            national: Default::default(),
            read_replica: None,
        }
    }
}

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for AppState {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// Every route of `router` that is not in the OpenAPI description (the JSON
/// API lists itself at `/api/openapi.json`). Kept next to the router on
/// purpose: the security suite reads the router's source, checks that each of
/// its routes is here or in the OpenAPI paths, and that its route matrix (who
/// may use what) names every one of them. A new route without a rule fails.
pub const PAGE_ROUTES: &[&str] = &[
    "/",
    "/frameworks/{code}",
    "/login",
    "/logout",
    "/home",
    "/dashboard",
    "/indicators/{code}",
    "/indicators/{code}/chart.svg",
    "/indicators/{code}/rating",
    "/units/{code}",
    "/national",
    "/national/areas/{code}",
    "/national/indicators/{code}",
    "/exports/{file}",
    "/verify",
    "/periods/{id}/provincial-report",
    "/provincial-reports",
    "/provincial-reports/{id}",
    "/provincial-reports/{id}/save",
    "/provincial-reports/{id}/issue",
    "/provincial-reports/{id}/pdf",
    "/provincial-reports/{id}/docx",
    "/provincial-reports/{id}/prepare-signature",
    "/provincial-reports/{id}/signature",
    "/periods",
    "/periods/{id}",
    "/periods/{id}/my-report",
    "/periods/{id}/contributions/{objective}",
    "/periods/{id}/{action}",
    "/reports/{id}",
    "/reports/{id}/save",
    "/reports/{id}/audit",
    "/reports/{id}/report.pdf",
    "/reports/{id}/report.docx",
    "/reports/{id}/template.xlsx",
    "/reports/{id}/upload",
    "/reports/{id}/prepare-signature",
    "/reports/{id}/signature",
    "/reports/{id}/{action}",
    "/admin/users",
    "/admin/document-images",
    "/admin/users/{username}/{action}",
    "/account/tokens",
    "/account/tokens/{id}/revoke",
    "/static/xanh.css",
    "/static/xanh.js",
    "/static/fonts/{file}",
    "/api/openapi.json",
    // The frameworks' JSON from before the API was versioned, kept for the
    // clients made then; the description lists them under /api/v1/.
    "/api/frameworks",
    "/api/frameworks/{code}",
    "/api/frameworks/{code}/periods",
];

/// All routes of the application.
pub fn router(state: AppState) -> Router {
    match state.read_replica.clone() {
        None => routes(state),
        Some(replica) => {
            let mut reader = state.clone();
            reader.store = replica.store.clone();
            reader.read_replica = None;
            replica::router(routes(state), routes(reader), replica)
        }
    }
}

fn routes(state: AppState) -> Router {
    use pages::{admin, report, work};
    Router::new()
        .route("/", get(pages::framework::home))
        .route("/frameworks/{code}", get(pages::framework::show))
        .route("/login", get(auth::routes::show).post(auth::routes::login))
        .route("/logout", post(auth::routes::logout))
        .route("/home", get(work::home))
        .route("/dashboard", get(pages::dashboard::dashboard))
        .route("/indicators/{code}", get(pages::dashboard::indicator))
        .route("/indicators/{code}/chart.svg", get(pages::dashboard::chart))
        .route("/indicators/{code}/rating", post(pages::dashboard::rate))
        .route("/units/{code}", get(pages::dashboard::unit))
        .route("/national", get(pages::national::overview))
        .route("/national/areas/{code}", get(pages::national::area))
        .route(
            "/national/indicators/{code}",
            get(pages::national::indicator),
        )
        .route("/exports/{file}", get(pages::exports::export))
        .route(
            "/verify",
            get(pages::verify::form)
                .post(pages::verify::check)
                .layer(DefaultBodyLimit::max(
                    pages::verify::MAX_PDF_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/periods/{id}/provincial-report",
            post(pages::provincial::compile),
        )
        .route("/provincial-reports", get(pages::provincial::list))
        .route("/provincial-reports/{id}", get(pages::provincial::show))
        .route(
            "/provincial-reports/{id}/save",
            post(pages::provincial::save),
        )
        .route(
            "/provincial-reports/{id}/issue",
            post(pages::provincial::issue),
        )
        .route("/provincial-reports/{id}/pdf", get(pages::provincial::pdf))
        .route(
            "/provincial-reports/{id}/prepare-signature",
            post(pages::provincial::prepare_signature),
        )
        .route(
            "/provincial-reports/{id}/signature",
            post(pages::provincial::give_signature).layer(DefaultBodyLimit::max(
                pages::signing::MAX_SIGNATURE_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/provincial-reports/{id}/docx",
            get(pages::provincial::docx),
        )
        .route("/periods", get(work::periods))
        .route("/periods/{id}", get(work::overview))
        .route(
            "/periods/{id}/my-report",
            get(work::my_report).post(work::start_report),
        )
        .route(
            "/periods/{id}/contributions/{objective}",
            get(pages::contribution::show).post(pages::contribution::save),
        )
        .route("/periods/{id}/{action}", post(work::set_state))
        .route("/reports/{id}", get(report::show))
        .route("/reports/{id}/save", post(report::save))
        .route("/reports/{id}/audit", get(report::audit))
        .route("/reports/{id}/report.pdf", get(report::pdf))
        .route("/reports/{id}/report.docx", get(report::docx))
        .route("/reports/{id}/template.xlsx", get(pages::excel::template))
        .route(
            "/reports/{id}/upload",
            post(pages::excel::upload).layer(DefaultBodyLimit::max(
                pages::excel::MAX_UPLOAD_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/reports/{id}/prepare-signature",
            post(pages::signing::prepare),
        )
        .route(
            "/reports/{id}/signature",
            post(pages::signing::give).layer(DefaultBodyLimit::max(
                pages::signing::MAX_SIGNATURE_BYTES + 64 * 1024,
            )),
        )
        .route("/reports/{id}/{action}", post(report::change_state))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route(
            "/admin/document-images",
            get(pages::images::show).post(pages::images::upload),
        )
        .route(
            "/admin/users/{username}/{action}",
            post(admin::account_action),
        )
        .route(
            "/account/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/account/tokens/{id}/revoke", post(admin::revoke_token))
        .route("/api/frameworks", get(api::frameworks::list))
        .route("/api/frameworks/{code}", get(api::frameworks::show))
        .route(
            "/api/frameworks/{code}/periods",
            get(api::frameworks::periods),
        )
        .merge(api::routes())
        .route("/static/xanh.css", get(pages::assets::css))
        .route("/static/xanh.js", get(pages::assets::js))
        .route("/static/fonts/{file}", get(pages::assets::font))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::load_session,
        ))
        .layer(axum::middleware::from_fn(lang::remember))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            server::BODY_READ_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .layer(axum::middleware::from_fn(request_id::request_id))
        .with_state(state)
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The template-signing key is made here, before the first request, so
    // that downloading a template (a GET) only ever reads it.
    xanh_app::reporting::template::ensure_signing_key(&state.store)
        .await
        .map_err(std::io::Error::other)?;
    server::run(listener, router(state), shutdown).await
}
