//! Who may do what: roles, bearer tokens and the role × endpoint policy.
//!
//! Everything here is pure. The HTTP layer (`http::auth`) applies the policy to every
//! request in one middleware; the application (`app::access`) keeps tokens, the audit
//! log and pseudonyms in the store.

pub mod policy;
pub mod token;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::EntityId;

pub use policy::{Own, POLICY, Rule, rule_for};

/// Why someone looks at a person's data, as a code (`X-Purpose`) with its German words: a
/// fixed list, so that the audit log can be counted and holds no free text about the person.
/// Free words go into the optional `X-Purpose-Note`, which the person's erasure removes.
pub const PURPOSES: [(&str, &str); 8] = [
    ("placement", "Vermittlung in Arbeit oder Ausbildung"),
    ("counselling", "Beratung"),
    ("case_management", "Fallmanagement"),
    ("event", "Meeting Point"),
    ("correction", "Berichtigung der Daten"),
    (
        "data_subject_request",
        "Auskunft an die betroffene Person (Art. 15 DSGVO)",
    ),
    ("data_protection_review", "Datenschutzkontrolle"),
    ("other", "Anderer Zweck"),
];
pub use token::{IssuedToken, ParsedToken, hash_secret, issue, parse};

/// What a token may do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including tokens.
    Admin,
    /// Employer service and case managers: candidates, vacancies, employers, matches,
    /// permission checks, placements and reports.
    Staff,
    /// Meeting Point organisers: events and the pseudonymous view of invited candidates.
    Organiser,
    /// One employer: its own record and vacancies, and pseudonymous matches for them.
    Employer,
    /// The anonymised statistics only.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Staff,
        Role::Organiser,
        Role::Employer,
        Role::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Organiser => "organiser",
            Role::Employer => "employer",
            Role::Analyst => "analyst",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!("unknown role `{s}` (admin, staff, organiser, employer, analyst)")
            })
    }
}

/// The authenticated caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub token_id: String,
    pub role: Role,
    /// The employer an `employer` token is bound to.
    pub employer_id: Option<EntityId>,
}

impl Principal {
    /// The employer this caller acts for, if it is an employer.
    pub fn employer(&self) -> Option<EntityId> {
        match self.role {
            Role::Employer => self.employer_id,
            _ => None,
        }
    }

    /// The scope of the pseudonyms this caller sees: one per employer, one shared by
    /// the organisers.
    pub fn pseudonym_scope(&self) -> Option<String> {
        match (self.role, self.employer_id) {
            (Role::Employer, Some(e)) => Some(employer_scope(e)),
            (Role::Organiser, _) => Some("organisers".to_owned()),
            _ => None,
        }
    }
}

/// The scope of the pseudonyms one employer sees.
pub fn employer_scope(employer: EntityId) -> String {
    format!("employer:{employer}")
}
