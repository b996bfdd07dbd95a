//! Anonymised statistics with small-cell suppression. Meant for admin, staff and the
//! `analyst` role (access control comes with the roles).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::WorkType;
use crate::http::AppState;
use crate::http::error::Problem;
use crate::http::extract::Params;
use crate::statistics::StatisticsTable;

/// Query of the candidate statistics.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidateStatisticsParams {
    /// One or two of `age_group`, `status_group`, `german_level`, `occupation_field`,
    /// `municipality`, `access` (rows, then columns), comma-separated.
    pub by: Option<String>,
    /// The day ages and work permissions are taken on (default: today).
    pub as_of: Option<NaiveDate>,
    /// The work type whose verdict `access` shows (default `employment`).
    pub work_type: Option<WorkType>,
}

/// Candidates counted by one or two dimensions; no published figure, and none recoverable
/// from row or column differences, describes 1 to k − 1 people.
#[utoipa::path(get, path = "/api/v1/statistics/candidates", tag = "statistics", params(CandidateStatisticsParams),
    responses((status = 200, body = StatisticsTable), (status = 400, body = Problem)))]
pub async fn candidates(
    State(s): State<AppState>,
    Params(p): Params<CandidateStatisticsParams>,
) -> Response {
    match s
        .app
        .candidate_statistics(p.by.as_deref(), p.as_of, p.work_type)
        .await
    {
        Ok(t) => axum::Json(t).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Query of the vacancy statistics.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VacancyStatisticsParams {
    /// One or two of `occupation_field`, `municipality` (place of work), `work_type`.
    pub by: Option<String>,
}

/// Vacancies counted by one or two dimensions, with the same suppression.
#[utoipa::path(get, path = "/api/v1/statistics/vacancies", tag = "statistics", params(VacancyStatisticsParams),
    responses((status = 200, body = StatisticsTable), (status = 400, body = Problem)))]
pub async fn vacancies(
    State(s): State<AppState>,
    Params(p): Params<VacancyStatisticsParams>,
) -> Response {
    match s.app.vacancy_statistics(p.by.as_deref()).await {
        Ok(t) => axum::Json(t).into_response(),
        Err(e) => e.into_response(),
    }
}
