//! Liveness and readiness.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::app::Stats;
use crate::http::AppState;
use crate::http::error::Problem;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "alive")))]
pub async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the store answers and the index has caught up with the change log as it was
/// at start. Returns the counts.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, body = Stats), (status = 503, body = Problem)))]
pub async fn readyz(State(s): State<AppState>) -> Response {
    if !s.app.is_ready() {
        return Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "index_catching_up",
            "the search index is catching up with the store",
        )
        .into_response();
    }
    match s.app.stats().await {
        Ok(stats) => axum::Json(stats).into_response(),
        Err(e) => e.into_response(),
    }
}
