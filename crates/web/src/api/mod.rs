//! The JSON API. Errors are JSON with a stable code and a message.

pub mod accounts;
pub mod assessment;
pub mod calendar;
pub mod doc;
pub mod exports;
pub mod extract;
pub mod framework_body;
pub mod frameworks;
pub mod national;
pub mod provincial;
pub mod reports;
pub mod schema;
pub mod units;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The JSON routes, and `/api/openapi.json` describing exactly them.
pub fn routes() -> axum::Router<AppState> {
    let (router, spec) = OpenApiRouter::with_openapi(doc::ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(frameworks::list))
        .routes(routes!(frameworks::show))
        .routes(routes!(frameworks::periods))
        .routes(routes!(calendar::units))
        .routes(routes!(calendar::calendar))
        .routes(routes!(assessment::assessment))
        .routes(routes!(units::unit))
        .routes(routes!(national::national))
        .routes(routes!(exports::values))
        .routes(routes!(exports::list))
        .routes(routes!(provincial::list))
        .routes(routes!(accounts::list, accounts::create))
        .routes(routes!(accounts::act))
        .routes(routes!(reports::me))
        .routes(routes!(reports::overview))
        .routes(routes!(reports::my_report))
        .routes(routes!(reports::save_contribution))
        .routes(routes!(reports::set_period_state))
        .routes(routes!(reports::show, reports::save))
        .routes(routes!(reports::audit))
        .routes(routes!(reports::change_state))
        .routes(routes!(reports::prepare_signature))
        .routes(routes!(reports::give_signature))
        .routes(routes!(reports::prepare_report_signature))
        .routes(routes!(reports::give_report_signature))
        .split_for_parts();
    let spec = std::sync::Arc::new(spec);
    router.route(
        "/api/openapi.json",
        axum::routing::get(move || {
            let spec = spec.clone();
            async move { Json(spec.as_ref().clone()) }
        }),
    )
}

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

/// `/health`: 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/health", tag = "system",
    responses((status = 200, description = "The server and its database answer", body = schema::Health),
              (status = 503, description = "The database does not answer", body = schema::Health)))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<schema::Health>) {
    match state.database_answers().await {
        Ok(()) => (
            StatusCode::OK,
            Json(schema::Health {
                status: "ok",
                database: "ok",
            }),
        ),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(schema::Health {
                    status: "unavailable",
                    database: "unreachable",
                }),
            )
        }
    }
}
