//! The access store: tokens, the audit log, pseudonyms and expressions of interest.
//!
//! Like placements, a trait of its own: these are typed rows, not documents, and none of
//! them holds a candidate's name, contact data or documents — ids only. Erasing a
//! candidate deletes their pseudonyms and expressions of interest in the same transaction
//! as the record; audit rows stay, because they hold ids only and answer the person's
//! own data-subject request.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::StoreError;
use crate::auth::Role;
use crate::domain::EntityId;

/// A stored token (never the secret; only its hash).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub employer_id: Option<EntityId>,
    pub secret_hash: Vec<u8>,
    pub created_at: DateTime<Utc>,
    pub expires_on: Option<NaiveDate>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What happened to a candidate's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Personal data was shown (record, list, matches, placements).
    Read,
    /// The pseudonymous profile was shown (employer or organiser view).
    ReadPseudonymous,
    Create,
    Update,
    Delete,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::ReadPseudonymous => "read_pseudonymous",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }

    fn parse(s: &str) -> Option<AuditAction> {
        [
            AuditAction::Read,
            AuditAction::ReadPseudonymous,
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Delete,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }

    pub(crate) fn from_stored(s: &str) -> Result<AuditAction, StoreError> {
        AuditAction::parse(s).ok_or_else(|| StoreError::Corrupt(format!("bad audit action {s}")))
    }
}

/// Who did something, on which endpoint, for which purpose: one request.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditContext {
    pub token_id: String,
    pub role: Role,
    pub employer_id: Option<EntityId>,
    pub method: String,
    /// The route template (`/api/v1/candidates/{id}`), never the raw path.
    pub endpoint: String,
    pub request_id: Option<String>,
    /// A code of [`crate::auth::PURPOSES`].
    pub purpose: Option<String>,
    /// The caller's own words on the purpose: removed when the person is erased.
    pub purpose_note: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub token_id: String,
    /// The token's label at the time of reading (empty if the token is gone).
    pub token_name: String,
    pub role: Role,
    pub employer_id: Option<EntityId>,
    pub candidate_id: EntityId,
    pub action: AuditAction,
    pub method: String,
    pub endpoint: String,
    pub request_id: Option<String>,
    pub purpose: Option<String>,
    pub purpose_note: Option<String>,
}

/// Where an expression of interest stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InterestStatus {
    /// Waiting for the employer service.
    Open,
    /// Staff have contacted the candidate.
    Contacted,
    /// The candidate does not want contact.
    Declined,
    Closed,
}

impl InterestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InterestStatus::Open => "open",
            InterestStatus::Contacted => "contacted",
            InterestStatus::Declined => "declined",
            InterestStatus::Closed => "closed",
        }
    }

    pub(crate) fn from_stored(s: &str) -> Result<InterestStatus, StoreError> {
        [
            InterestStatus::Open,
            InterestStatus::Contacted,
            InterestStatus::Declined,
            InterestStatus::Closed,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt(format!("bad interest status {s}")))
    }
}

/// A stored expression of interest.
#[derive(Debug, Clone, PartialEq)]
pub struct InterestRow {
    pub id: EntityId,
    pub vacancy_id: EntityId,
    pub employer_id: EntityId,
    pub candidate_id: EntityId,
    pub pseudonym: String,
    pub message: Option<String>,
    pub status: InterestStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub handled_by: Option<String>,
}

/// A new expression of interest.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInterest {
    pub vacancy_id: EntityId,
    pub employer_id: EntityId,
    pub candidate_id: EntityId,
    pub pseudonym: String,
    pub message: Option<String>,
}

/// Which expressions of interest to list, ordered by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InterestQuery {
    pub status: Option<InterestStatus>,
    pub vacancy_id: Option<EntityId>,
    pub after: Option<EntityId>,
    pub limit: usize,
}

/// Tokens, audit log, pseudonyms and expressions of interest.
pub trait AccessStore: Send + Sync + 'static {
    fn insert_token(&self, token: &TokenRow) -> Result<(), StoreError>;
    fn token(&self, id: &str) -> Result<Option<TokenRow>, StoreError>;
    fn tokens(&self) -> Result<Vec<TokenRow>, StoreError>;
    /// Marks a token revoked; false if there is no such token or it was already revoked.
    fn revoke_token(&self, id: &str) -> Result<bool, StoreError>;

    /// Records that one request touched these candidates, in one transaction.
    fn record_audit(
        &self,
        ctx: &AuditContext,
        action: AuditAction,
        candidates: &[EntityId],
    ) -> Result<(), StoreError>;
    /// Removes the audit entries of requests made before `before`; returns how many.
    fn purge_audit(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
    /// The audit entries about one candidate, oldest first, after `after`.
    fn audit_of(
        &self,
        candidate: EntityId,
        after: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError>;

    /// The pseudonyms of these candidates for one viewer, created where missing.
    fn pseudonyms(
        &self,
        scope: &str,
        candidates: &[EntityId],
    ) -> Result<Vec<(EntityId, String)>, StoreError>;
    /// The candidate behind a viewer's pseudonym.
    fn resolve_pseudonym(
        &self,
        scope: &str,
        pseudonym: &str,
    ) -> Result<Option<EntityId>, StoreError>;

    /// Stores an expression of interest; an existing one for the same vacancy and
    /// candidate is returned unchanged (`false`).
    fn insert_interest(&self, new: &NewInterest) -> Result<(InterestRow, bool), StoreError>;
    fn interest(&self, id: EntityId) -> Result<Option<InterestRow>, StoreError>;
    fn interests(&self, q: &InterestQuery) -> Result<Vec<InterestRow>, StoreError>;
    fn set_interest_status(
        &self,
        id: EntityId,
        status: InterestStatus,
        handled_by: &str,
    ) -> Result<Option<InterestRow>, StoreError>;
}
