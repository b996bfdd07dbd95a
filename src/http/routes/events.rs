//! Meeting Point events (*Kontaktbörsen*): events, registrations, suggestions, schedules,
//! agendas, attendance and re-planning, outcomes. Candidates appear by id and participant
//! number only.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::events::{
    AgendaQuery, CandidateAtEvent, EmployerAtEvent, EventRecord, EventRegistrations, EventSchedule,
    OutcomeRecord, Rendered, ScheduleRequest, SuggestParams, SuggestionList,
};
use crate::app::{MAX_PAGE, Page};
use crate::domain::event::{
    Attendance, CandidateRegistration, EmployerRegistration, Event, MeetingOutcome,
};
use crate::domain::{EntityId, FieldError};
use crate::events::agenda::Agenda;
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::{Body, Id, Params};
use crate::store::AuditAction;

/// Every event route, merged into the API router in one line.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events", get(list).post(create))
        .route("/api/v1/events/{id}", get(read).put(replace).delete(delete))
        .route("/api/v1/events/{id}/registrations", get(registrations))
        .route(
            "/api/v1/events/{id}/employers/{employer_id}",
            put(put_employer).delete(delete_employer),
        )
        .route(
            "/api/v1/events/{id}/candidates/{candidate_id}",
            get(super::access::participant)
                .put(put_candidate)
                .delete(delete_candidate),
        )
        .route("/api/v1/events/{id}/suggestions", get(suggestions))
        .route("/api/v1/events/{id}/schedule", get(schedule).post(solve))
        .route(
            "/api/v1/events/{id}/agendas/candidates/{candidate_id}",
            get(candidate_agenda),
        )
        .route(
            "/api/v1/events/{id}/agendas/employers/{employer_id}",
            get(employer_agenda),
        )
        .route(
            "/api/v1/events/{id}/agendas/interpreters",
            get(interpreter_agenda),
        )
        .route("/api/v1/events/{id}/attendance", post(attendance))
        .route("/api/v1/events/{id}/replan", post(replan))
        .route(
            "/api/v1/events/{id}/meetings/{meeting_id}/outcome",
            put(outcome),
        )
}

fn reply<T: serde::Serialize>(r: Result<T, crate::error::AppError>) -> Response {
    match r {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

fn created<T: serde::Serialize>(r: Result<(T, bool), crate::error::AppError>) -> Response {
    match r {
        Ok((v, true)) => (StatusCode::CREATED, axum::Json(v)).into_response(),
        Ok((v, false)) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

fn rendered(r: Result<Rendered, crate::error::AppError>) -> Response {
    match r {
        Ok(Rendered::Json(a)) => axum::Json(a).into_response(),
        Ok(Rendered::File(ct, name, body)) => (
            [
                (header::CONTENT_TYPE, ct.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{name}\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The event id and a second id from the path, each checked; a bad one is named.
fn two_ids(raw: (String, String), second: &str) -> Result<(EntityId, EntityId), FieldError> {
    let parse = |s: &str, field: &str| {
        s.parse::<EntityId>()
            .map_err(|_| FieldError::new(field, "invalid_id", "not an id: expected a UUID"))
    };
    Ok((parse(&raw.0, "id")?, parse(&raw.1, second)?))
}

fn bad_path(e: FieldError) -> Response {
    Problem::fields(StatusCode::BAD_REQUEST, vec![e]).into_response()
}

/// Paging of the event list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventListParams {
    /// Events after this id (from `next_after` of the previous page).
    pub after: Option<EntityId>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<usize>,
}

/// A page of events.
pub type EventPage = Page<EventRecord>;

/// Creates an event: date, venue, time window, slot length, breaks, tables, interpreters.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = Event,
    responses((status = 201, body = EventRecord), (status = 400, body = Problem)))]
pub async fn create(State(s): State<AppState>, Body(body): Body<Event>) -> Response {
    match s.app.create_event(body).await {
        Ok(r) => {
            let location = format!("/api/v1/events/{}", r.id);
            (
                StatusCode::CREATED,
                [(header::LOCATION, location)],
                axum::Json(r),
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Lists events by id.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventListParams),
    responses((status = 200, body = EventPage), (status = 400, body = Problem)))]
pub async fn list(State(s): State<AppState>, Params(p): Params<EventListParams>) -> Response {
    let limit = p.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return crate::error::AppError::invalid(
            "limit",
            "out_of_range",
            "limit must be between 1 and 200",
        )
        .into_response();
    }
    reply(s.app.list_events(p.after, limit).await)
}

/// Reads an event with its slots.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventRecord), (status = 404, body = Problem)))]
pub async fn read(State(s): State<AppState>, Id(id): Id) -> Response {
    reply(s.app.get_event(id).await)
}

/// Replaces an event's details (schedule again afterwards).
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path, description = "Event id")), request_body = Event,
    responses((status = 200, body = EventRecord), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn replace(State(s): State<AppState>, Id(id): Id, Body(body): Body<Event>) -> Response {
    reply(s.app.replace_event(id, body).await)
}

/// Deletes an event with registrations, schedule and outcomes (placements stay).
#[utoipa::path(delete, path = "/api/v1/events/{id}", tag = "events", params(("id" = String, Path, description = "Event id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete(State(s): State<AppState>, Id(id): Id) -> Response {
    match s.app.delete_event(id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

/// Everyone registered: employers with vacancies, candidates by participant number.
#[utoipa::path(get, path = "/api/v1/events/{id}/registrations", tag = "events", params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventRegistrations), (status = 404, body = Problem)))]
pub async fn registrations(State(s): State<AppState>, Id(id): Id) -> Response {
    reply(s.app.event_registrations(id).await)
}

/// Registers an employer with the vacancies it brings, tables and preferences (201 when
/// new, 200 when updated).
#[utoipa::path(put, path = "/api/v1/events/{id}/employers/{employer_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("employer_id" = String, Path, description = "Employer id")),
    request_body = EmployerRegistration,
    responses((status = 200, body = EmployerAtEvent), (status = 201, body = EmployerAtEvent), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_employer(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    Body(body): Body<EmployerRegistration>,
) -> Response {
    match two_ids(raw, "employer_id") {
        Ok((id, employer)) => created(s.app.put_event_employer(id, employer, body).await),
        Err(e) => bad_path(e),
    }
}

/// Removes an employer's registration.
#[utoipa::path(delete, path = "/api/v1/events/{id}/employers/{employer_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("employer_id" = String, Path, description = "Employer id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_employer(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
) -> Response {
    match two_ids(raw, "employer_id") {
        Ok((id, employer)) => match s.app.remove_event_employer(id, employer).await {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => e.into_response(),
        },
        Err(e) => bad_path(e),
    }
}

/// Registers a candidate: status (invited, confirmed, declined), availability window,
/// conversations at most, preferences. The participant number stays on updates.
#[utoipa::path(put, path = "/api/v1/events/{id}/candidates/{candidate_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("candidate_id" = String, Path, description = "Candidate id")),
    request_body = CandidateRegistration,
    responses((status = 200, body = CandidateAtEvent), (status = 201, body = CandidateAtEvent), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_candidate(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    Body(body): Body<CandidateRegistration>,
) -> Response {
    match two_ids(raw, "candidate_id") {
        Ok((id, candidate)) => disclosed(
            created(s.app.put_event_candidate(id, candidate, body).await),
            AuditAction::Update,
            vec![candidate],
        ),
        Err(e) => bad_path(e),
    }
}

/// Removes a candidate's registration.
#[utoipa::path(delete, path = "/api/v1/events/{id}/candidates/{candidate_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("candidate_id" = String, Path, description = "Candidate id")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_candidate(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
) -> Response {
    match two_ids(raw, "candidate_id") {
        Ok((id, candidate)) => match s.app.remove_event_candidate(id, candidate).await {
            Ok(()) => disclosed(
                StatusCode::NO_CONTENT.into_response(),
                AuditAction::Update,
                vec![candidate],
            ),
            Err(e) => e.into_response(),
        },
        Err(e) => bad_path(e),
    }
}

/// Whom to invite for each registered vacancy: eligible, within reach of the venue,
/// ranked by score, spread over many candidates.
#[utoipa::path(get, path = "/api/v1/events/{id}/suggestions", tag = "events",
    params(("id" = String, Path, description = "Event id"), SuggestParams),
    responses((status = 200, body = SuggestionList), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn suggestions(
    State(s): State<AppState>,
    Id(id): Id,
    Params(p): Params<SuggestParams>,
) -> Response {
    match s.app.event_suggestions(id, p).await {
        Ok(list) => {
            let mut shown: Vec<EntityId> = list
                .vacancies
                .iter()
                .flat_map(|v| v.suggestions.iter().map(|c| c.candidate_id))
                .collect();
            shown.sort();
            shown.dedup();
            disclosed(
                axum::Json(list).into_response(),
                AuditAction::ReadPseudonymous,
                shown,
            )
        }
        Err(e) => e.into_response(),
    }
}

/// Builds the schedule from the stored event, solves it and stores it; reports objective,
/// upper bound and gap. Send `{}` or `{"pinned": [...]}`.
#[utoipa::path(post, path = "/api/v1/events/{id}/schedule", tag = "events",
    params(("id" = String, Path, description = "Event id")), request_body = ScheduleRequest,
    responses((status = 200, body = EventSchedule), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn solve(
    State(s): State<AppState>,
    Id(id): Id,
    Body(body): Body<ScheduleRequest>,
) -> Response {
    reply(s.app.schedule_event(id, body).await)
}

/// The stored schedule.
#[utoipa::path(get, path = "/api/v1/events/{id}/schedule", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventSchedule), (status = 404, body = Problem)))]
pub async fn schedule(State(s): State<AppState>, Id(id): Id) -> Response {
    reply(s.app.event_schedule(id).await)
}

/// A candidate's agenda (participant number, times, tables, employers, jobs,
/// interpreters) as JSON, CSV, iCalendar or printable HTML.
#[utoipa::path(get, path = "/api/v1/events/{id}/agendas/candidates/{candidate_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("candidate_id" = String, Path, description = "Candidate id"), AgendaQuery),
    responses((status = 200, body = Agenda), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn candidate_agenda(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    Params(q): Params<AgendaQuery>,
) -> Response {
    match two_ids(raw, "candidate_id") {
        Ok((id, c)) => disclosed(
            rendered(s.app.candidate_agenda(id, c, q).await),
            AuditAction::ReadPseudonymous,
            vec![c],
        ),
        Err(e) => bad_path(e),
    }
}

/// An employer's conversations.
#[utoipa::path(get, path = "/api/v1/events/{id}/agendas/employers/{employer_id}", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("employer_id" = String, Path, description = "Employer id"), AgendaQuery),
    responses((status = 200, body = Agenda), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn employer_agenda(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    Params(q): Params<AgendaQuery>,
) -> Response {
    match two_ids(raw, "employer_id") {
        Ok((id, e)) => rendered(s.app.employer_agenda(id, e, q).await),
        Err(e) => bad_path(e),
    }
}

/// The interpreters' list: every conversation with an interpreter.
#[utoipa::path(get, path = "/api/v1/events/{id}/agendas/interpreters", tag = "events",
    params(("id" = String, Path, description = "Event id"), AgendaQuery),
    responses((status = 200, body = Agenda), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn interpreter_agenda(
    State(s): State<AppState>,
    Id(id): Id,
    Params(q): Params<AgendaQuery>,
) -> Response {
    rendered(s.app.interpreter_agenda(id, q).await)
}

/// Marks no-shows and absent employers, registers walk-ins, and sets `now_slot`.
#[utoipa::path(post, path = "/api/v1/events/{id}/attendance", tag = "events",
    params(("id" = String, Path, description = "Event id")), request_body = Attendance,
    responses((status = 200, body = EventRegistrations), (status = 400, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn attendance(
    State(s): State<AppState>,
    Id(id): Id,
    Body(body): Body<Attendance>,
) -> Response {
    reply(s.app.record_attendance(id, body).await)
}

/// Re-plans the rest of the day: held meetings stay, as few future meetings as possible
/// change. 409 `no_schedule` / `no_attendance` when there is nothing to re-plan yet.
#[utoipa::path(post, path = "/api/v1/events/{id}/replan", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventSchedule), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn replan(State(s): State<AppState>, Id(id): Id) -> Response {
    reply(s.app.replan_event(id).await)
}

/// Records a meeting's outcome; a hire becomes a placement (source `meeting_point`).
#[utoipa::path(put, path = "/api/v1/events/{id}/meetings/{meeting_id}/outcome", tag = "events",
    params(("id" = String, Path, description = "Event id"), ("meeting_id" = String, Path, description = "Meeting id")),
    request_body = MeetingOutcome,
    responses((status = 200, body = OutcomeRecord), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn outcome(
    State(s): State<AppState>,
    Path(raw): Path<(String, String)>,
    Body(body): Body<MeetingOutcome>,
) -> Response {
    match two_ids(raw, "meeting_id") {
        Ok((id, m)) => reply(s.app.record_outcome(id, m, body).await),
        Err(e) => bad_path(e),
    }
}
