//! The role × endpoint matrix: the one place that says who may call what.
//!
//! Every route of the API has exactly one rule here (a test compares the rules with the
//! OpenAPI document); a route without a rule is refused to everyone. Admin may call every
//! non-public route. An employer token is further held to its own records by the
//! [`Own`] checks of the rule.

use super::Role;

/// How an employer token is held to its own data on one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Own {
    /// The `{id}` in the path is the token's employer.
    EmployerInPath,
    /// The `{id}` in the path is a vacancy of the token's employer.
    VacancyInPath,
    /// The `employer_id` of the JSON body is the token's employer.
    EmployerInBody,
    /// A vacancy listing is restricted to the token's employer.
    VacancyListing,
}

/// Who may call one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub method: &'static str,
    /// The route template as registered (`/api/v1/candidates/{id}`).
    pub path: &'static str,
    /// No token needed.
    pub public: bool,
    /// Roles besides admin.
    pub roles: &'static [Role],
    /// Checks for employer tokens (required where `roles` has [`Role::Employer`]).
    pub own: &'static [Own],
}

impl Rule {
    /// Whether a role may call the route (before the employer checks).
    pub fn allows(&self, role: Role) -> bool {
        self.public || role == Role::Admin || self.roles.contains(&role)
    }
}

const fn public(method: &'static str, path: &'static str) -> Rule {
    Rule {
        method,
        path,
        public: true,
        roles: &[],
        own: &[],
    }
}

const fn only(method: &'static str, path: &'static str, roles: &'static [Role]) -> Rule {
    Rule {
        method,
        path,
        public: false,
        roles,
        own: &[],
    }
}

const fn employer(
    method: &'static str,
    path: &'static str,
    roles: &'static [Role],
    own: &'static [Own],
) -> Rule {
    Rule {
        method,
        path,
        public: false,
        roles,
        own,
    }
}

use Role::{Analyst, Employer, Organiser, Staff};

const STAFF: &[Role] = &[Staff];
const STAFF_EMPLOYER: &[Role] = &[Staff, Employer];
const EVENTS: &[Role] = &[Staff, Organiser];
/// Vacancies are business data: organisers read them to register employers at events.
const READ_VACANCIES: &[Role] = &[Staff, Organiser, Employer];
const EVERYONE: &[Role] = &[Staff, Organiser, Employer, Analyst];

/// The matrix. Admin is allowed on every non-public route.
pub const POLICY: &[Rule] = &[
    public("GET", "/healthz"),
    public("GET", "/readyz"),
    only("GET", "/api/v1/me", EVERYONE),
    // Candidates: personal data, staff only.
    only("GET", "/api/v1/candidates", STAFF),
    only("POST", "/api/v1/candidates", STAFF),
    only("GET", "/api/v1/candidates/{id}", STAFF),
    only("PUT", "/api/v1/candidates/{id}", STAFF),
    only("DELETE", "/api/v1/candidates/{id}", STAFF),
    only("GET", "/api/v1/candidates/by-ref/{external_ref}", STAFF),
    only("PUT", "/api/v1/candidates/by-ref/{external_ref}", STAFF),
    only("GET", "/api/v1/candidates/{id}/matches", STAFF),
    only("GET", "/api/v1/candidates/{id}/disclosures", STAFF),
    only("POST", "/api/v1/search/candidates", STAFF),
    // Vacancies: staff, and an employer for its own.
    employer(
        "GET",
        "/api/v1/vacancies",
        READ_VACANCIES,
        &[Own::VacancyListing],
    ),
    employer(
        "POST",
        "/api/v1/vacancies",
        STAFF_EMPLOYER,
        &[Own::EmployerInBody],
    ),
    employer(
        "GET",
        "/api/v1/vacancies/{id}",
        READ_VACANCIES,
        &[Own::VacancyInPath],
    ),
    employer(
        "PUT",
        "/api/v1/vacancies/{id}",
        STAFF_EMPLOYER,
        &[Own::VacancyInPath, Own::EmployerInBody],
    ),
    employer(
        "DELETE",
        "/api/v1/vacancies/{id}",
        STAFF_EMPLOYER,
        &[Own::VacancyInPath],
    ),
    only("GET", "/api/v1/vacancies/by-ref/{external_ref}", STAFF),
    only("PUT", "/api/v1/vacancies/by-ref/{external_ref}", STAFF),
    employer(
        "GET",
        "/api/v1/vacancies/{id}/matches",
        STAFF_EMPLOYER,
        &[Own::VacancyInPath],
    ),
    employer(
        "GET",
        "/api/v1/vacancies/{id}/what-if",
        STAFF_EMPLOYER,
        &[Own::VacancyInPath],
    ),
    employer(
        "GET",
        "/api/v1/vacancies/{id}/interests",
        STAFF_EMPLOYER,
        &[Own::VacancyInPath],
    ),
    employer(
        "POST",
        "/api/v1/vacancies/{id}/interests",
        &[Employer],
        &[Own::VacancyInPath],
    ),
    only("GET", "/api/v1/vacancies/{id}/placements", STAFF),
    // Expressions of interest, handled by the employer service.
    only("GET", "/api/v1/interests", STAFF),
    only("GET", "/api/v1/interests/{id}", STAFF),
    only("PUT", "/api/v1/interests/{id}", STAFF),
    // Employers: business data; an employer reads and edits its own record.
    only("GET", "/api/v1/employers", EVENTS),
    only("POST", "/api/v1/employers", STAFF),
    employer(
        "GET",
        "/api/v1/employers/{id}",
        &[Staff, Organiser, Employer],
        &[Own::EmployerInPath],
    ),
    employer(
        "PUT",
        "/api/v1/employers/{id}",
        STAFF_EMPLOYER,
        &[Own::EmployerInPath],
    ),
    only("DELETE", "/api/v1/employers/{id}", STAFF),
    only("GET", "/api/v1/employers/by-ref/{external_ref}", STAFF),
    only("PUT", "/api/v1/employers/by-ref/{external_ref}", STAFF),
    // Placements, reports and statistics.
    only("GET", "/api/v1/placements", STAFF),
    only("POST", "/api/v1/placements", STAFF),
    only("GET", "/api/v1/placements/{id}", STAFF),
    only("PUT", "/api/v1/placements/{id}", STAFF),
    only("DELETE", "/api/v1/placements/{id}", STAFF),
    only("GET", "/api/v1/reports/placements", STAFF),
    only("GET", "/api/v1/reports/bonus", STAFF),
    only("GET", "/api/v1/statistics/candidates", &[Staff, Analyst]),
    only("GET", "/api/v1/statistics/vacancies", &[Staff, Analyst]),
    // Meeting Point events: organisers and staff. Candidates appear by id, participant
    // number and the pseudonymous profile, never by name.
    only("GET", "/api/v1/events", EVENTS),
    only("POST", "/api/v1/events", EVENTS),
    only("GET", "/api/v1/events/{id}", EVENTS),
    only("PUT", "/api/v1/events/{id}", EVENTS),
    only("DELETE", "/api/v1/events/{id}", EVENTS),
    only("GET", "/api/v1/events/{id}/registrations", EVENTS),
    only("PUT", "/api/v1/events/{id}/employers/{employer_id}", EVENTS),
    only(
        "DELETE",
        "/api/v1/events/{id}/employers/{employer_id}",
        EVENTS,
    ),
    only(
        "GET",
        "/api/v1/events/{id}/candidates/{candidate_id}",
        EVENTS,
    ),
    only(
        "PUT",
        "/api/v1/events/{id}/candidates/{candidate_id}",
        EVENTS,
    ),
    only(
        "DELETE",
        "/api/v1/events/{id}/candidates/{candidate_id}",
        EVENTS,
    ),
    only("GET", "/api/v1/events/{id}/suggestions", EVENTS),
    only("GET", "/api/v1/events/{id}/schedule", EVENTS),
    only("POST", "/api/v1/events/{id}/schedule", EVENTS),
    only(
        "GET",
        "/api/v1/events/{id}/agendas/candidates/{candidate_id}",
        EVENTS,
    ),
    only(
        "GET",
        "/api/v1/events/{id}/agendas/employers/{employer_id}",
        EVENTS,
    ),
    only("GET", "/api/v1/events/{id}/agendas/interpreters", EVENTS),
    only("POST", "/api/v1/events/{id}/attendance", EVENTS),
    only("POST", "/api/v1/events/{id}/replan", EVENTS),
    only(
        "PUT",
        "/api/v1/events/{id}/meetings/{meeting_id}/outcome",
        EVENTS,
    ),
    // The law and the optimiser.
    only("POST", "/api/v1/work-permission/check", EVENTS),
    only("GET", "/api/v1/work-permission/matrix", EVERYONE),
    only("GET", "/api/v1/work-permission/rules", EVERYONE),
    only("POST", "/api/v1/schedule/solve", EVENTS),
];

/// The rule of a route, if it has one.
pub fn rule_for(method: &str, path: &str) -> Option<&'static Rule> {
    POLICY
        .iter()
        .find(|r| r.path == path && r.method.eq_ignore_ascii_case(method))
}

/// The matrix as a Markdown table (the README shows it).
pub fn markdown() -> String {
    let roles = Role::ALL;
    let mut out = String::from("| Endpoint |");
    for r in roles {
        out.push_str(&format!(" {r} |"));
    }
    out.push_str("\n|---|");
    for _ in roles {
        out.push_str(":-:|");
    }
    out.push('\n');
    for rule in POLICY {
        out.push_str(&format!("| `{} {}` |", rule.method, rule.path));
        for r in roles {
            let cell = if rule.public {
                "public"
            } else if !rule.allows(r) {
                "–"
            } else if r == Role::Employer && !rule.own.is_empty() {
                "own"
            } else {
                "✓"
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_employer_rule_has_an_ownership_check() {
        for r in POLICY {
            let owned =
                r.path.starts_with("/api/v1/vacancies") || r.path.starts_with("/api/v1/employers");
            if r.roles.contains(&Role::Employer) {
                assert!(
                    !owned || !r.own.is_empty(),
                    "{} {} lets employers in unchecked",
                    r.method,
                    r.path
                );
            } else {
                assert!(
                    r.own.is_empty(),
                    "{} {} has checks but no employer",
                    r.method,
                    r.path
                );
            }
        }
    }

    #[test]
    fn every_route_has_one_rule() {
        let mut seen = std::collections::HashSet::new();
        for r in POLICY {
            assert!(
                seen.insert((r.method, r.path)),
                "{} {} twice",
                r.method,
                r.path
            );
            assert!(!r.public || r.roles.is_empty());
        }
    }

    #[test]
    fn admin_may_call_everything_and_analysts_only_statistics() {
        for r in POLICY {
            assert!(r.allows(Role::Admin));
            let analyst = r.allows(Role::Analyst) && !r.public;
            let harmless = r.path.starts_with("/api/v1/statistics/")
                || r.path.starts_with("/api/v1/work-permission/")
                || r.path == "/api/v1/me";
            assert!(
                !analyst || harmless,
                "analyst may call {} {}",
                r.method,
                r.path
            );
        }
    }
}
