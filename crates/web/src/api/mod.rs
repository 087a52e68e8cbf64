//! The JSON API. Errors are JSON with a stable code and a message.

pub mod frameworks;
pub mod reports;

/// The JSON routes.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/health", get(health))
        .route("/api/frameworks", get(frameworks::list))
        .route("/api/frameworks/{code}", get(frameworks::show))
        .route("/api/frameworks/{code}/periods", get(frameworks::periods))
        .route("/api/v1/me", get(reports::me))
        .route("/api/v1/periods/{id}/reports", get(reports::overview))
        .route("/api/v1/periods/{id}/my-report", post(reports::my_report))
        .route(
            "/api/v1/periods/{id}/contributions/{objective}",
            axum::routing::put(reports::save_contribution),
        )
        .route(
            "/api/v1/periods/{id}/{action}",
            post(reports::set_period_state),
        )
        .route(
            "/api/v1/reports/{id}",
            get(reports::show).put(reports::save),
        )
        .route("/api/v1/reports/{id}/audit", get(reports::audit))
        .route("/api/v1/reports/{id}/{action}", post(reports::change_state))
}

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// `/health`: 200 when the database answers, 503 when it does not.
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.health().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
