//! Placements (*Vermittlungen*): record, read, edit (including an early end), delete, list,
//! and a vacancy's filled positions (admin and staff).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::{Page, PlacementRecord, VacancyPlacements};
use crate::domain::{EntityId, Placement, PlacementType};
use crate::error::AppError;
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::{Body, Id, Params};
use crate::store::AuditAction;
use crate::store::PlacementQuery;

const BASE: &str = "/api/v1/placements";

/// Paging and filters of the placement list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlacementListParams {
    /// Placements after this id (from `next_after` of the previous page).
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
    /// Only placements that started in this project year (1 = the first).
    pub year: Option<u32>,
    /// Only placements proposed by this municipality.
    pub municipality: Option<String>,
    /// Only placements of this type.
    #[serde(rename = "type")]
    pub placement_type: Option<PlacementType>,
    pub employer_id: Option<EntityId>,
    pub vacancy_id: Option<EntityId>,
}

/// A page of placements.
pub type PlacementPage = Page<PlacementRecord>;

fn query(s: &AppState, p: PlacementListParams) -> Result<PlacementQuery, AppError> {
    if p.limit
        .is_some_and(|l| !(1..=crate::app::MAX_PAGE).contains(&l))
    {
        return Err(AppError::invalid(
            "limit",
            "out_of_range",
            "limit must be between 1 and 200",
        ));
    }
    let period = p.year.map(|y| s.app.project_year(y, "year")).transpose()?;
    Ok(PlacementQuery {
        after: p.after,
        limit: p.limit,
        started_from: period.map(|(from, _)| from),
        started_to: period.map(|(_, to)| to),
        municipality: p.municipality.map(|m| m.trim().to_owned()),
        placement_type: p.placement_type,
        employer_id: p.employer_id,
        vacancy_id: p.vacancy_id,
    })
}

/// Records a placement. The candidate, employer and vacancy must exist (422 naming the
/// field); a vacancy whose positions are all filled answers 409 `vacancy_filled`.
#[utoipa::path(post, path = "/api/v1/placements", tag = "placements", request_body = Placement,
    responses((status = 201, body = PlacementRecord), (status = 400, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(State(s): State<AppState>, Body(body): Body<Placement>) -> Response {
    match s.app.create_placement(body).await {
        Ok(r) => {
            let location = format!("{BASE}/{}", r.id);
            let people = r.candidate_id.into_iter().collect();
            let res = (
                StatusCode::CREATED,
                [(header::LOCATION, location)],
                axum::Json(r),
            )
                .into_response();
            disclosed(res, AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// Reads a placement.
#[utoipa::path(get, path = "/api/v1/placements/{id}", tag = "placements", params(("id" = String, Path, description = "Placement id")),
    responses((status = 200, body = PlacementRecord), (status = 404, body = Problem)))]
pub async fn get(State(s): State<AppState>, Id(id): Id) -> Response {
    match s.app.get_placement(id).await {
        Ok(r) => {
            let people = r.candidate_id.into_iter().collect();
            disclosed(axum::Json(r).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// Replaces a placement: corrections, and an early end (`ended_on` with `end_reason`).
/// Without `candidate_id` the stored link is kept (empty after the person's erasure).
#[utoipa::path(put, path = "/api/v1/placements/{id}", tag = "placements", params(("id" = String, Path, description = "Placement id")), request_body = Placement,
    responses((status = 200, body = PlacementRecord), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn replace(
    State(s): State<AppState>,
    Id(id): Id,
    Body(body): Body<Placement>,
) -> Response {
    match s.app.replace_placement(id, body).await {
        Ok(r) => {
            let people = r.candidate_id.into_iter().collect();
            disclosed(axum::Json(r).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// Deletes a wrongly recorded placement.
#[utoipa::path(delete, path = "/api/v1/placements/{id}", tag = "placements", params(("id" = String, Path, description = "Placement id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete(State(s): State<AppState>, Id(id): Id) -> Response {
    match s.app.delete_placement(id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

/// Lists placements by id, filtered by project year, municipality, type, employer, vacancy.
#[utoipa::path(get, path = "/api/v1/placements", tag = "placements", params(PlacementListParams),
    responses((status = 200, body = PlacementPage), (status = 400, body = Problem)))]
pub async fn list(State(s): State<AppState>, Params(p): Params<PlacementListParams>) -> Response {
    let result = match query(&s, p) {
        Ok(q) => s.app.list_placements(q).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(page) => {
            let people = page.items.iter().filter_map(|p| p.candidate_id).collect();
            disclosed(axum::Json(page).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}

/// A vacancy's positions: how many placements fill them, how many remain, and the placements.
#[utoipa::path(get, path = "/api/v1/vacancies/{id}/placements", tag = "placements", params(("id" = String, Path, description = "Vacancy id")),
    responses((status = 200, body = VacancyPlacements), (status = 404, body = Problem)))]
pub async fn of_vacancy(State(s): State<AppState>, Id(id): Id) -> Response {
    match s.app.vacancy_placements(id).await {
        Ok(r) => {
            let people = r.placements.iter().filter_map(|p| p.candidate_id).collect();
            disclosed(axum::Json(r).into_response(), AuditAction::Read, people)
        }
        Err(e) => e.into_response(),
    }
}
