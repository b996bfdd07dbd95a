//! Who am I, who saw a person's data, and employers' expressions of interest.

use axum::extract::{Extension, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::{
    Disclosures, EventParticipant, Interest, InterestPage, InterestUpdate, NewInterestBody,
};
use crate::auth::{Principal, Role};
use crate::domain::EntityId;
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::{Body, Id, Params};
use crate::store::{AuditAction, InterestQuery, InterestStatus};

const DEFAULT_PAGE: usize = 50;

/// The caller as the service sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub token_id: String,
    pub role: Role,
    /// The employer an employer token acts for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer_id: Option<EntityId>,
}

/// The role and binding of the token used.
#[utoipa::path(get, path = "/api/v1/me", tag = "access",
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(Extension(caller): Extension<Principal>) -> Response {
    axum::Json(Me {
        token_id: caller.token_id,
        role: caller.role,
        employer_id: caller.employer_id,
    })
    .into_response()
}

/// Paging of the audit log.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DisclosureParams {
    /// Entries after this position (`next_after` of the previous page).
    pub after: Option<i64>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
}

/// Who saw or changed this person's data, when, through which endpoint and for which
/// stated purpose (`X-Purpose` header): for answering a data-subject request (Art. 15
/// GDPR). Also answers after the person's erasure; the log holds ids only.
#[utoipa::path(get, path = "/api/v1/candidates/{id}/disclosures", tag = "access",
    params(("id" = String, Path, description = "Candidate id"), DisclosureParams),
    responses((status = 200, body = Disclosures), (status = 400, body = Problem)))]
pub async fn disclosures(
    State(s): State<AppState>,
    Id(id): Id,
    Params(p): Params<DisclosureParams>,
) -> Response {
    match s
        .app
        .disclosures(id, p.after, p.limit.unwrap_or(DEFAULT_PAGE))
        .await
    {
        Ok(d) => axum::Json(d).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Filters of the list of expressions of interest.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InterestListParams {
    /// Only those in this state (e.g. `open`: waiting for the employer service).
    pub status: Option<InterestStatus>,
    pub vacancy_id: Option<EntityId>,
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
}

/// Employers' requests for contact, for the employer service to act on.
#[utoipa::path(get, path = "/api/v1/interests", tag = "access", params(InterestListParams),
    responses((status = 200, body = InterestPage), (status = 400, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    Extension(caller): Extension<Principal>,
    Params(p): Params<InterestListParams>,
) -> Response {
    let q = InterestQuery {
        status: p.status,
        vacancy_id: p.vacancy_id,
        after: p.after,
        limit: p.limit.unwrap_or(DEFAULT_PAGE),
    };
    page(&s, &caller, q).await
}

async fn page(s: &AppState, caller: &Principal, q: InterestQuery) -> Response {
    match s.app.interests(caller, q).await {
        Ok(page) => {
            let people = page
                .interests
                .iter()
                .filter_map(|i| i.candidate_id)
                .collect();
            disclosed(axum::Json(page).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// One expression of interest.
#[utoipa::path(get, path = "/api/v1/interests/{id}", tag = "access",
    params(("id" = String, Path, description = "Interest id")),
    responses((status = 200, body = Interest), (status = 404, body = Problem)))]
pub async fn get(State(s): State<AppState>, Id(id): Id) -> Response {
    match s.app.interest(id).await {
        Ok(i) => {
            let people = i.candidate_id.into_iter().collect();
            disclosed(axum::Json(i).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// Records what the employer service did: `contacted`, `declined` (the person does not
/// want contact) or `closed`.
#[utoipa::path(put, path = "/api/v1/interests/{id}", tag = "access",
    params(("id" = String, Path, description = "Interest id")), request_body = InterestUpdate,
    responses((status = 200, body = Interest), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn update(
    State(s): State<AppState>,
    Extension(caller): Extension<Principal>,
    Id(id): Id,
    Body(body): Body<InterestUpdate>,
) -> Response {
    match s.app.set_interest_status(&caller, id, body).await {
        Ok(i) => axum::Json(i).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The expressions of interest in one vacancy (employers see their own, without the
/// person).
#[utoipa::path(get, path = "/api/v1/vacancies/{id}/interests", tag = "access",
    params(("id" = String, Path, description = "Vacancy id")),
    responses((status = 200, body = InterestPage), (status = 404, body = Problem)))]
pub async fn of_vacancy(
    State(s): State<AppState>,
    Extension(caller): Extension<Principal>,
    Id(id): Id,
) -> Response {
    let q = InterestQuery {
        status: None,
        vacancy_id: Some(id),
        after: None,
        limit: crate::app::MAX_PAGE,
    };
    page(&s, &caller, q).await
}

/// An employer asks the employer service to put them in touch with the person behind a
/// pseudonym from their matches. Asking twice returns the first request (200).
#[utoipa::path(post, path = "/api/v1/vacancies/{id}/interests", tag = "access",
    params(("id" = String, Path, description = "Vacancy id")), request_body = NewInterestBody,
    responses((status = 201, body = Interest), (status = 200, body = Interest, description = "already asked"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn express(
    State(s): State<AppState>,
    Id(id): Id,
    Body(body): Body<NewInterestBody>,
) -> Response {
    match s.app.express_interest(id, body).await {
        Ok((i, true)) => {
            let location = format!("/api/v1/interests/{}", i.id);
            (
                StatusCode::CREATED,
                [(header::LOCATION, location)],
                axum::Json(i),
            )
                .into_response()
        }
        Ok((i, false)) => axum::Json(i).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A person registered for an event, pseudonymous: participant number, skills, languages,
/// experience (for organisers preparing talks and interpreters).
#[utoipa::path(get, path = "/api/v1/events/{id}/candidates/{candidate_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("candidate_id" = String, Path, description = "Candidate id")),
    responses((status = 200, body = EventParticipant), (status = 404, body = Problem)))]
pub async fn participant(
    State(s): State<AppState>,
    axum::extract::Path((event, candidate)): axum::extract::Path<(String, String)>,
) -> Response {
    let (Ok(event), Ok(candidate)) = (event.parse::<EntityId>(), candidate.parse::<EntityId>())
    else {
        return Problem::new(StatusCode::NOT_FOUND, "not_found", "no such participant")
            .into_response();
    };
    match s.app.event_participant(event, candidate).await {
        Ok(p) => disclosed(
            axum::Json(p).into_response(),
            AuditAction::ReadPseudonymous,
            vec![candidate],
        ),
        Err(e) => e.into_response(),
    }
}
