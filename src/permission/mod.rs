//! The work-permission engine (*Prüfung des Arbeitsmarktzugangs*): may a person with this
//! residence document take this work on this day? Pure: no I/O, no clock.
//!
//! Reference: `domain/work-permission.md`. The rules (ids, periods of validity, month and hour
//! parameters, texts, citations, confidence) are data in `index-config/permission/rules.toml`;
//! safe countries, the 2016–2019 BA district list and the EU transitional rules are dated data
//! in the same folder. The code holds only the order in which the reference's tables check
//! their rows.
//!
//! # Flags
//! - `ANNOTATION_CONFLICT`, `ANNOTATION_MISSING`, `DOCUMENT_EXPIRED`, `CUTOFF_DATE_CONTESTED`,
//!   `RULE_PROVISIONAL`, `ABH_DETERMINATION_REQUIRED`, `ABH_DISCRETION_RESTRICTIVE_PRACTICE`,
//!   `STATUS_UPDATE_PENDING`: as in reference § 1 and § 5.
//! - `DISTRICT_UNRECOGNISED`: the workplace district is in neither BA list (2016–2019).
//! - `SAFE_COUNTRY_DESIGNATION_PENDING`: nationality announced as safe (§ 9 U2), not applied.
//! - `PERIOD_ENDS_TODAY`: a waiting period ends on the evaluation day; ABH practice may
//!   count one day earlier (§ 4.1, § 9 U9).
//! - `IN_FORCE_DAY_UNVERIFIED`: the in-force day of a rule used is unverified (§ 9 U4).
//! - `LEGAL_BASIS_UNRECOGNISED`, `STATUS_NOT_IN_FORCE`: the title is not modelled, or did
//!   not exist on the day; the annotation decides.
//! - `FACT_MISSING:<field>`: a fact the rule path needed is missing; `<field>` is the JSON
//!   path in the request (`candidate.papered_stay_since`, `vacancy.employer`, …).
//!
//! # Missing facts
//! A missing fact never yields an error. The engine assumes the ordinary case that keeps the
//! person visible without promising anything: a ban whose trigger is unknown is not assumed,
//! a short waiting period whose start is unknown counts as over, thresholds that lift
//! requirements (15 months, 4 years, a listed BA district) count as not reached, and a
//! job-specific permission that cannot be compared counts as not covering the vacancy. The
//! flag names the fact that would settle it, and confidence drops to `medium`.

mod annotation;
mod api;
mod asylum;
mod changes;
mod ctx;
mod data;
mod dates;
mod duldung;
mod engine;
mod matrix;
mod rules;
mod titles;
mod types;

pub use annotation::normalise_annotation;
pub use api::{
    CheckRequest, CheckResponse, FieldError, ReasonText, check, remedy_text, respond, validate,
};
pub use changes::{changes_after, changes_on};
pub use data::{
    AnnouncedCountry, DistrictStatus, Districts, EuTransitions, FormerMember, SafeCountries,
    SafeCountry, Transition, districts, eu_transitions, safe_countries,
};
pub use engine::evaluate;
pub use matrix::{Matrix, MatrixCell, MatrixRow, matrix};
pub use rules::{PLACEHOLDERS, RuleId, RuleTable, RuleVersion, render, rules, rules_markdown};
pub use titles::{Paragraph, paragraphs};
pub use types::{
    Confidence, Entitlement, Flag, Flags, MissingFact, MissingFacts, Outcome, Permission,
    Permissions, Reason, ReasonArgs, Reasons, Remedy, VacancyFacts, Verdict,
};
