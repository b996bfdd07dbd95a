//! The OpenAPI document, generated from the code, and the interactive API browser.

use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::SwaggerUi;

use super::routes::{
    access, candidates, employers, events, health, matches, permission, placements, reports,
    schedule, search, statistics, vacancies,
};

/// The API description served at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "passgenau", description = "Job matching for the people who place refugees and asylum seekers into work in Germany."),
    paths(
        candidates::create, candidates::get, candidates::replace, candidates::delete, candidates::get_by_ref, candidates::put_by_ref, candidates::list,
        vacancies::create, vacancies::get, vacancies::replace, vacancies::delete, vacancies::get_by_ref, vacancies::put_by_ref, vacancies::list,
        employers::create, employers::get, employers::replace, employers::delete, employers::get_by_ref, employers::put_by_ref, employers::list,
        permission::check, permission::matrix, permission::rules,
        schedule::solve,
        events::create, events::list, events::read, events::replace, events::delete, events::registrations,
        events::put_employer, events::delete_employer, events::put_candidate, events::delete_candidate,
        events::suggestions, events::solve, events::schedule, events::candidate_agenda, events::employer_agenda,
        events::interpreter_agenda, events::attendance, events::replan, events::outcome,
        placements::create, placements::get, placements::replace, placements::delete, placements::list, placements::of_vacancy,
        reports::placements, reports::bonus,
        statistics::candidates, statistics::vacancies,
        health::healthz, health::readyz,
        matches::vacancy, matches::candidate, matches::what_if, search::candidates,
        access::me, access::disclosures, access::list, access::get, access::update, access::of_vacancy, access::express, access::participant,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "candidates", description = "Competence profiles (Kompetenzprofile)"),
        (name = "vacancies", description = "Vacancies (Stellenangebote)"),
        (name = "employers", description = "Employers (Arbeitgeber)"),
        (name = "work-permission", description = "Who may take which work on which date (Arbeitsmarktzugang)"),
        (name = "events", description = "Meeting Point events (Kontaktbörsen) and their schedules"),
        (name = "placements", description = "Placements (Vermittlungen)"),
        (name = "reports", description = "Placements against targets, placement-bonus statements (Vermittlungsprämien); for admin and staff"),
        (name = "statistics", description = "Anonymised statistics with small-cell suppression; for admin, staff and analysts"),
        (name = "health", description = "Liveness and readiness"),
        (name = "matches", description = "Ranked, explained matches (Passung)"),
        (name = "access", description = "The caller, the audit log of who saw a person's data, and employers' expressions of interest"),
    )
)]
pub struct ApiDoc;

/// Every call except health and this document needs `Authorization: Bearer <token>`.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `/api/v1/openapi.json` and the browser UI at `/api/v1/docs`.
pub fn routes() -> Router {
    Router::new()
        .merge(SwaggerUi::new("/api/v1/docs").url("/api/v1/openapi.json", ApiDoc::openapi()))
}
