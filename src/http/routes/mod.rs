//! The route table.

pub mod access;
pub mod events;
pub mod health;
pub mod matches;
pub mod permission;
pub mod placements;
pub mod records;
pub mod reports;
pub mod schedule;
pub mod search;
pub mod statistics;

use records::{CandidateListParams, EmployerListParams, VacancyListParams, resource_routes};

use crate::app::{Page, Record};
use crate::domain::{Candidate, Employer, Vacancy};

/// A page of candidates.
pub type CandidatePage = Page<Record<Candidate>>;
/// A page of vacancies.
pub type VacancyPage = Page<Record<Vacancy>>;
/// A page of employers.
pub type EmployerPage = Page<Record<Employer>>;

resource_routes!(
    module = candidates,
    resource = crate::domain::Candidate,
    tag = "candidates",
    base = "/api/v1/candidates",
    item = "/api/v1/candidates/{id}",
    by_ref = "/api/v1/candidates/by-ref/{external_ref}",
    list_params = super::CandidateListParams,
    page_schema = super::CandidatePage
);

resource_routes!(
    module = vacancies,
    resource = crate::domain::Vacancy,
    tag = "vacancies",
    base = "/api/v1/vacancies",
    item = "/api/v1/vacancies/{id}",
    by_ref = "/api/v1/vacancies/by-ref/{external_ref}",
    list_params = super::VacancyListParams,
    page_schema = super::VacancyPage
);

resource_routes!(
    module = employers,
    resource = crate::domain::Employer,
    tag = "employers",
    base = "/api/v1/employers",
    item = "/api/v1/employers/{id}",
    by_ref = "/api/v1/employers/by-ref/{external_ref}",
    list_params = super::EmployerListParams,
    page_schema = super::EmployerPage
);

#[expect(
    unused_imports,
    reason = "the list parameter types are used inside the macro expansions"
)]
use {CandidateListParams as _, EmployerListParams as _, VacancyListParams as _};
