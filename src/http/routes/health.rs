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

/// Readiness: the store answers, the index has caught up with the change log as it was at
/// start, and it is not stalled (behind the store without advancing for
/// `index.stall_after_ms`). Returns the counts.
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
        Ok(stats) if s.app.index_stalled(&stats) => {
            tracing::error!(
                store_seq = stats.store_seq,
                index_seq = stats.index_seq,
                "the index has stopped following the store"
            );
            Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "index_stalled",
                "the search index has stopped following the store",
            )
            .into_response()
        }
        Ok(stats) => axum::Json(stats).into_response(),
        Err(e) => e.into_response(),
    }
}
