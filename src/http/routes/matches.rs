//! Ranked matches: candidates for a vacancy, vacancies for a candidate, and the what-if
//! summary of a vacancy.

use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::{MAX_MATCHES, MatchList, MatchRequest, PseudonymousMatchList, WhatIf};
use crate::auth::Principal;
use crate::domain::FieldError;
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::{Id, Params};
use crate::matching::MatchFilters;
use crate::store::AuditAction;

/// Query parameters of a match listing.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// Number of matches, 1–200 (default 20).
    pub limit: Option<usize>,
    /// The day in question (default today); the permission verdict uses the later of this
    /// and the vacancy's start date.
    pub as_of: Option<NaiveDate>,
    /// Also show people who may not take the work, with the reason (default false).
    pub include_ineligible: Option<bool>,
}

/// Query parameters of the what-if summary.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WhatIfParams {
    /// The day in question (default today).
    pub as_of: Option<NaiveDate>,
}

const DEFAULT_LIMIT: usize = 20;

/// Checks the limit and turns parameters into a request.
#[expect(
    clippy::result_large_err,
    reason = "the problem is the response itself"
)]
pub(crate) fn request(
    limit: Option<usize>,
    as_of: Option<NaiveDate>,
    include_ineligible: Option<bool>,
    filters: MatchFilters,
) -> Result<MatchRequest, Problem> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_MATCHES).contains(&limit) {
        return Err(Problem::fields(
            StatusCode::BAD_REQUEST,
            vec![FieldError::new(
                "limit",
                "out_of_range",
                "limit must be between 1 and 200",
            )],
        ));
    }
    Ok(MatchRequest {
        limit,
        as_of,
        include_ineligible: include_ineligible.unwrap_or(false),
        filters,
    })
}

impl MatchParams {
    /// Checks the limit and turns the parameters into a request without extra filters.
    #[expect(
        clippy::result_large_err,
        reason = "the problem is the response itself"
    )]
    fn into_request(self) -> Result<MatchRequest, Problem> {
        request(
            self.limit,
            self.as_of,
            self.include_ineligible,
            MatchFilters::default(),
        )
    }
}

/// Candidates for a vacancy, ranked and explained (*Bewerbervorschläge*). Staff receive a
/// `MatchList`; an employer token receives a `PseudonymousMatchList` of consenting,
/// eligible people only.
#[utoipa::path(get, path = "/api/v1/vacancies/{id}/matches", tag = "matches",
    params(("id" = String, Path, description = "Vacancy id"), MatchParams),
    responses((status = 200, body = MatchList, description = "staff and admin"),
              (status = 200, body = PseudonymousMatchList, description = "employer"),
              (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn vacancy(
    State(s): State<AppState>,
    Extension(caller): Extension<Principal>,
    Id(id): Id,
    Params(p): Params<MatchParams>,
) -> Response {
    let req = match p.into_request() {
        Ok(r) => r,
        Err(problem) => return problem.into_response(),
    };
    if caller.pseudonym_scope().is_some() {
        return match s.app.pseudonymous_matches(&caller, id, req).await {
            Ok((list, shown)) => disclosed(
                axum::Json(list).into_response(),
                AuditAction::ReadPseudonymous,
                shown,
            ),
            Err(e) => e.into_response(),
        };
    }
    match s.app.vacancy_matches(id, req).await {
        Ok(list) => {
            let ids = list.matches.iter().map(|m| m.candidate_id).collect();
            disclosed(axum::Json(list).into_response(), AuditAction::Read, ids)
        }
        Err(e) => e.into_response(),
    }
}

/// Vacancies for a candidate, ranked and explained (*Stellenvorschläge*).
#[utoipa::path(get, path = "/api/v1/candidates/{id}/matches", tag = "matches",
    params(("id" = String, Path, description = "Candidate id"), MatchParams),
    responses((status = 200, body = MatchList), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn candidate(
    State(s): State<AppState>,
    Id(id): Id,
    Params(p): Params<MatchParams>,
) -> Response {
    let req = match p.into_request() {
        Ok(r) => r,
        Err(problem) => return problem.into_response(),
    };
    match s.app.candidate_matches(id, req).await {
        Ok(list) => disclosed(
            axum::Json(list).into_response(),
            AuditAction::Read,
            vec![id],
        ),
        Err(e) => e.into_response(),
    }
}

/// How many more candidates would qualify if the vacancy asked less: German one level
/// lower, each required skill nice to have, a larger radius.
#[utoipa::path(get, path = "/api/v1/vacancies/{id}/what-if", tag = "matches",
    params(("id" = String, Path, description = "Vacancy id"), WhatIfParams),
    responses((status = 200, body = WhatIf), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn what_if(
    State(s): State<AppState>,
    Extension(caller): Extension<Principal>,
    Id(id): Id,
    Params(p): Params<WhatIfParams>,
) -> Response {
    let for_employer = caller.pseudonym_scope().is_some();
    match s.app.what_if(id, p.as_of, for_employer).await {
        Ok(w) => axum::Json(w).into_response(),
        Err(e) => e.into_response(),
    }
}
