//! Create, read, replace, delete and list for the stored resources. One generic
//! implementation; the `resource_routes!` macro gives each resource its documented routes.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::{Record, Refresh, Resource};
use crate::domain::{EntityId, WorkType};
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::etag;
use crate::store::{AuditAction, Entity, Filter};

/// Query parameters of a write.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteParams {
    /// `wait_for`: answer once the write is searchable.
    pub refresh: Option<Refresh>,
}

/// Paging and filters of the candidate list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CandidateListParams {
    /// Return candidates after this id (from `next_after` of the previous page).
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
    /// Only candidates proposed by this municipality.
    pub municipality: Option<String>,
    /// Only candidates who want this kind of work.
    pub work_type: Option<WorkType>,
    /// Only candidates who did (or did not) consent to be shown to employers.
    pub consent: Option<bool>,
}

/// Paging and filters of the vacancy list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VacancyListParams {
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
    /// Only this employer's vacancies.
    pub employer_id: Option<EntityId>,
    pub work_type: Option<WorkType>,
}

/// Paging of the employer list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EmployerListParams {
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
}

/// A listing's paging and its store filters.
pub trait ListParams {
    fn page(&self) -> (Option<EntityId>, usize);
    fn filters(&self) -> Vec<Filter>;
}

const DEFAULT_PAGE: usize = 50;

impl ListParams for CandidateListParams {
    fn page(&self) -> (Option<EntityId>, usize) {
        (self.after, self.limit.unwrap_or(DEFAULT_PAGE))
    }
    fn filters(&self) -> Vec<Filter> {
        let mut f = Vec::new();
        if let Some(m) = &self.municipality {
            f.push(Filter::Equals("municipality", m.trim().to_owned()));
        }
        if let Some(w) = self.work_type {
            f.push(Filter::Contains("work_types", w.as_str().to_owned()));
        }
        if let Some(c) = self.consent {
            f.push(Filter::Is("consent_employer_visibility", c));
        }
        f
    }
}

impl ListParams for VacancyListParams {
    fn page(&self) -> (Option<EntityId>, usize) {
        (self.after, self.limit.unwrap_or(DEFAULT_PAGE))
    }
    fn filters(&self) -> Vec<Filter> {
        let mut f = Vec::new();
        if let Some(e) = self.employer_id {
            f.push(Filter::Equals("employer_id", e.to_string()));
        }
        if let Some(w) = self.work_type {
            f.push(Filter::Equals("work_type", w.as_str().to_owned()));
        }
        f
    }
}

impl ListParams for EmployerListParams {
    fn page(&self) -> (Option<EntityId>, usize) {
        (self.after, self.limit.unwrap_or(DEFAULT_PAGE))
    }
    fn filters(&self) -> Vec<Filter> {
        Vec::new()
    }
}

#[expect(
    clippy::result_large_err,
    reason = "the problem is the response itself, built once per refused request"
)]
fn check_limit(limit: usize) -> Result<(), Problem> {
    if (1..=crate::app::MAX_PAGE).contains(&limit) {
        Ok(())
    } else {
        Err(Problem::fields(
            StatusCode::BAD_REQUEST,
            vec![crate::domain::FieldError::new(
                "limit",
                "out_of_range",
                "limit must be between 1 and 200",
            )],
        ))
    }
}

/// Marks a response about candidate records for the audit log (other resources hold no
/// personal data of candidates).
fn audited<T: Resource>(res: Response, action: AuditAction, ids: Vec<EntityId>) -> Response {
    if T::ENTITY == Entity::Candidate {
        disclosed(res, action, ids)
    } else {
        res
    }
}

fn created<T: Resource>(base: &str, record: Record<T>) -> Response {
    let location = format!("{base}/{}", record.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        axum::Json(record),
    )
        .into_response()
}

pub async fn create<T: Resource>(
    state: &AppState,
    base: &str,
    body: T,
    p: WriteParams,
) -> Response {
    match state.app.create(body, p.refresh.unwrap_or_default()).await {
        Ok(r) => {
            let id = r.id;
            audited::<T>(created(base, r), AuditAction::Create, vec![id])
        }
        Err(e) => e.into_response(),
    }
}

/// A record as JSON with its `ETag`.
fn tagged<T: Resource>(record: Record<T>) -> Response {
    ([etag(record.version)], axum::Json(record)).into_response()
}

pub async fn get<T: Resource>(state: &AppState, id: EntityId) -> Response {
    match state.app.get::<T>(id).await {
        Ok(r) => audited::<T>(tagged(r), AuditAction::Read, vec![id]),
        Err(e) => e.into_response(),
    }
}

pub async fn get_by_ref<T: Resource>(state: &AppState, external_ref: String) -> Response {
    match state.app.get_by_ref::<T>(external_ref).await {
        Ok(r) => {
            let id = r.id;
            audited::<T>(tagged(r), AuditAction::Read, vec![id])
        }
        Err(e) => e.into_response(),
    }
}

pub async fn replace<T: Resource>(
    state: &AppState,
    id: EntityId,
    body: T,
    p: WriteParams,
    expected: Option<i64>,
) -> Response {
    match state
        .app
        .replace(id, body, p.refresh.unwrap_or_default(), expected)
        .await
    {
        Ok(r) => audited::<T>(tagged(r), AuditAction::Update, vec![id]),
        Err(e) => e.into_response(),
    }
}

pub async fn put_by_ref<T: Resource>(
    state: &AppState,
    base: &str,
    external_ref: String,
    body: T,
    p: WriteParams,
) -> Response {
    match state
        .app
        .put_by_ref(&external_ref, body, p.refresh.unwrap_or_default())
        .await
    {
        Ok((r, true)) => {
            let id = r.id;
            audited::<T>(created(base, r), AuditAction::Create, vec![id])
        }
        Ok((r, false)) => {
            let id = r.id;
            audited::<T>(axum::Json(r).into_response(), AuditAction::Update, vec![id])
        }
        Err(e) => e.into_response(),
    }
}

pub async fn delete<T: Resource>(
    state: &AppState,
    id: EntityId,
    p: WriteParams,
    expected: Option<i64>,
) -> Response {
    match state
        .app
        .delete::<T>(id, p.refresh.unwrap_or_default(), expected)
        .await
    {
        Ok(()) => audited::<T>(
            StatusCode::NO_CONTENT.into_response(),
            AuditAction::Delete,
            vec![id],
        ),
        Err(e) => e.into_response(),
    }
}

pub async fn list<T: Resource>(state: &AppState, p: impl ListParams) -> Response {
    let (after, limit) = p.page();
    if let Err(problem) = check_limit(limit) {
        return problem.into_response();
    }
    match state.app.list::<T>(after, limit, p.filters()).await {
        Ok(page) => {
            let ids = page.items.iter().map(|r| r.id).collect();
            audited::<T>(axum::Json(page).into_response(), AuditAction::Read, ids)
        }
        Err(e) => e.into_response(),
    }
}

/// Defines the documented routes of one resource.
macro_rules! resource_routes {
    (
        module = $module:ident, resource = $ty:ty, tag = $tag:literal,
        base = $base:literal, item = $item:literal, by_ref = $by_ref:literal,
        list_params = $params:ty, page_schema = $page:ty
    ) => {
        pub mod $module {
            use axum::extract::{Path, State};
            use axum::response::Response;

            use super::records::{self, WriteParams};
            use crate::app::Record;
            use crate::http::AppState;
            use crate::http::error::Problem;
            use crate::http::extract::{Body, Id, IfMatch, Params};

            #[allow(unused_imports)]
            use $ty as _;

            pub(crate) const BASE: &str = $base;

            #[utoipa::path(post, path = $base, tag = $tag, params(WriteParams), request_body = $ty,
                responses((status = 201, body = Record<$ty>), (status = 400, body = Problem), (status = 422, body = Problem), (status = 409, body = Problem)))]
            pub async fn create(State(s): State<AppState>, Params(p): Params<WriteParams>, Body(body): Body<$ty>) -> Response {
                records::create(&s, BASE, body, p).await
            }

            #[utoipa::path(get, path = $item, tag = $tag, params(("id" = String, Path, description = "Record id")),
                responses((status = 200, body = Record<$ty>), (status = 404, body = Problem)))]
            pub async fn get(State(s): State<AppState>, Id(id): Id) -> Response {
                records::get::<$ty>(&s, id).await
            }

            #[utoipa::path(put, path = $item, tag = $tag, params(("id" = String, Path, description = "Record id"), WriteParams), request_body = $ty,
                responses((status = 200, body = Record<$ty>), (status = 400, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem, description = "If-Match names another version")))]
            pub async fn replace(State(s): State<AppState>, Id(id): Id, IfMatch(expected): IfMatch, Params(p): Params<WriteParams>, Body(body): Body<$ty>) -> Response {
                records::replace(&s, id, body, p, expected).await
            }

            #[utoipa::path(delete, path = $item, tag = $tag, params(("id" = String, Path, description = "Record id"), WriteParams),
                responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem, description = "If-Match names another version")))]
            pub async fn delete(State(s): State<AppState>, Id(id): Id, IfMatch(expected): IfMatch, Params(p): Params<WriteParams>) -> Response {
                records::delete::<$ty>(&s, id, p, expected).await
            }

            #[utoipa::path(get, path = $by_ref, tag = $tag, params(("external_ref" = String, Path, description = "The record's reference in the caller's files")),
                responses((status = 200, body = Record<$ty>), (status = 404, body = Problem)))]
            pub async fn get_by_ref(State(s): State<AppState>, Path(external_ref): Path<String>) -> Response {
                records::get_by_ref::<$ty>(&s, external_ref).await
            }

            #[utoipa::path(put, path = $by_ref, tag = $tag, params(("external_ref" = String, Path, description = "The record's reference in the caller's files"), WriteParams), request_body = $ty,
                responses((status = 201, body = Record<$ty>, description = "created"), (status = 200, body = Record<$ty>, description = "replaced"), (status = 400, body = Problem)))]
            pub async fn put_by_ref(State(s): State<AppState>, Path(external_ref): Path<String>, Params(p): Params<WriteParams>, Body(body): Body<$ty>) -> Response {
                records::put_by_ref(&s, BASE, external_ref, body, p).await
            }

            #[utoipa::path(get, path = $base, tag = $tag, params($params),
                responses((status = 200, body = $page), (status = 400, body = Problem)))]
            pub async fn list(State(s): State<AppState>, Params(p): Params<$params>) -> Response {
                records::list::<$ty>(&s, p).await
            }
        }
    };
}

pub(crate) use resource_routes;
