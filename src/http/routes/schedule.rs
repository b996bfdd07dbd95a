//! The Meeting Point schedule solver on an explicit problem.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::events::{Schedule, ScheduleProblem};
use crate::http::AppState;
use crate::http::error::Problem;
use crate::http::extract::Body;

/// Chooses which employer–candidate conversations happen in which slot and at which table,
/// maximising first the candidates who reach their minimum, then the total score; reports a
/// proven upper bound. An infeasible pin is answered 422 naming it.
#[utoipa::path(post, path = "/api/v1/schedule/solve", tag = "events", request_body = ScheduleProblem,
    responses((status = 200, body = Schedule), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn solve(State(s): State<AppState>, Body(problem): Body<ScheduleProblem>) -> Response {
    match s.app.solve_schedule(problem).await {
        Ok(schedule) => axum::Json(schedule).into_response(),
        Err(e) => e.into_response(),
    }
}
