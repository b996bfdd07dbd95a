//! Access use cases: tokens, the audit log and who saw a person's data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{App, MAX_PAGE, not_found};
use crate::auth::{self, IssuedToken, Principal, Role};
use crate::domain::{EntityId, FieldError};
use crate::error::AppError;
use crate::store::{AccessStore, AuditAction, AuditContext, Entity, Store, TokenRow};

/// Why a presented token was not accepted (all are answered alike: 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    Malformed,
    Unknown,
    Revoked,
    Expired,
}

/// A token as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer_id: Option<EntityId>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for TokenInfo {
    fn from(t: TokenRow) -> TokenInfo {
        TokenInfo {
            id: t.id,
            name: t.name,
            role: t.role,
            employer_id: t.employer_id,
            created_at: t.created_at,
            expires_on: t.expires_on,
            revoked_at: t.revoked_at,
        }
    }
}

/// Who saw or changed a person's data, once.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Disclosure {
    /// Position in the audit log (page with `after`).
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub token_id: String,
    /// The label of the token (the person or system it was issued to).
    pub token_name: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer_id: Option<EntityId>,
    pub action: AuditAction,
    /// `GET /api/v1/candidates/{id}`: the route, not the address called.
    pub endpoint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// A code of the fixed list (`placement`, `counselling`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The caller's words on the purpose; removed when the person is erased.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose_note: Option<String>,
}

/// A page of the audit log about one person.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Disclosures {
    pub candidate_id: EntityId,
    pub disclosures: Vec<Disclosure>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_after: Option<i64>,
}

/// A new token: the text is in `token` and is shown only now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatedToken {
    pub token: String,
    #[serde(flatten)]
    pub info: TokenInfo,
}

/// Issues a token (the command line calls this on the store directly, while the service
/// may be running). An employer token must name an existing employer.
pub fn issue_token(
    store: &dyn Store,
    access: &dyn AccessStore,
    role: Role,
    employer_id: Option<EntityId>,
    name: &str,
    expires_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<CreatedToken, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "invalid",
            "the label must be 1–200 characters without control characters",
        ));
    }
    match (role, employer_id) {
        (Role::Employer, None) => {
            return Err(AppError::invalid(
                "employer_id",
                "required",
                "an employer token needs the employer it acts for",
            ));
        }
        (Role::Employer, Some(e)) => {
            if store.get(Entity::Employer, e)?.is_none() {
                return Err(not_found(Entity::Employer, e));
            }
        }
        (_, Some(_)) => {
            return Err(AppError::invalid(
                "employer_id",
                "not_allowed",
                "only employer tokens are bound to an employer",
            ));
        }
        (_, None) => {}
    }
    if expires_on.is_some_and(|d| d < today) {
        return Err(AppError::invalid(
            "expires",
            "in_the_past",
            "the expiry date has passed",
        ));
    }
    let IssuedToken {
        id,
        token,
        secret_hash,
    } = auth::issue();
    let row = TokenRow {
        id,
        name: name.to_owned(),
        role,
        employer_id,
        secret_hash,
        created_at: Utc::now(),
        expires_on,
        revoked_at: None,
    };
    access.insert_token(&row)?;
    tracing::info!(token.id = %row.id, role = %role, "token created");
    Ok(CreatedToken {
        token,
        info: row.into(),
    })
}

impl App {
    /// The caller behind a bearer token.
    pub async fn authenticate(&self, presented: &str) -> Result<Principal, Rejected> {
        let parsed = auth::parse(presented).ok_or(Rejected::Malformed)?;
        let (id, secret) = (parsed.id.to_owned(), parsed.secret.to_owned());
        let access = self.access.clone();
        let row = tokio::task::spawn_blocking(move || access.token(&id))
            .await
            .map_err(|_| Rejected::Unknown)?
            .map_err(|e| {
                tracing::error!(error = %e, "token lookup failed");
                Rejected::Unknown
            })?
            .ok_or(Rejected::Unknown)?;
        if !auth::token::secret_matches(&secret, &row.secret_hash) {
            return Err(Rejected::Unknown);
        }
        if row.revoked_at.is_some() {
            return Err(Rejected::Revoked);
        }
        if row.expires_on.is_some_and(|d| d < self.today()) {
            return Err(Rejected::Expired);
        }
        Ok(Principal {
            token_id: row.id,
            role: row.role,
            employer_id: row.employer_id,
        })
    }

    /// Issues a token. An employer token must name an existing employer.
    pub async fn create_token(
        &self,
        role: Role,
        employer_id: Option<EntityId>,
        name: &str,
        expires_on: Option<NaiveDate>,
    ) -> Result<CreatedToken, AppError> {
        let (store, access, today) = (self.store.clone(), self.access.clone(), self.today());
        let name = name.to_owned();
        self.cpu
            .run(move || {
                issue_token(
                    &*store,
                    &*access,
                    role,
                    employer_id,
                    &name,
                    expires_on,
                    today,
                )
            })
            .await?
    }

    /// Every token, oldest first.
    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, AppError> {
        let access = self.access.clone();
        let rows = self.cpu.run(move || access.tokens()).await??;
        Ok(rows.into_iter().map(TokenInfo::from).collect())
    }

    /// Revokes a token; false if there was no such active token.
    pub async fn revoke_token(&self, id: &str) -> Result<bool, AppError> {
        let access = self.access.clone();
        let key = id.to_owned();
        let done = self.cpu.run(move || access.revoke_token(&key)).await??;
        if done {
            tracing::info!(token.id = %id, "token revoked");
        }
        Ok(done)
    }

    /// Removes the audit entries older than `auth.audit_retention_days` before `now`;
    /// returns how many requests' entries went.
    pub async fn purge_audit(&self, now: chrono::DateTime<chrono::Utc>) -> Result<u64, AppError> {
        let days = i64::from(self.settings.auth.audit_retention_days);
        let before = now - chrono::Duration::days(days);
        let access = self.access.clone();
        let n = self.cpu.run(move || access.purge_audit(before)).await??;
        if n > 0 {
            tracing::info!(
                requests = n,
                retention_days = days,
                "old audit entries removed"
            );
        }
        Ok(n)
    }

    /// Records that a request touched these candidates (before the answer leaves).
    pub async fn audit(
        &self,
        ctx: AuditContext,
        action: AuditAction,
        candidates: Vec<EntityId>,
    ) -> Result<(), AppError> {
        if candidates.is_empty() {
            return Ok(());
        }
        let access = self.access.clone();
        tokio::task::spawn_blocking(move || access.record_audit(&ctx, action, &candidates))
            .await
            .map_err(AppError::internal)??;
        Ok(())
    }

    /// Who saw or changed this person's data, oldest first. Answers for erased people
    /// too: the log keeps ids only.
    pub async fn disclosures(
        &self,
        candidate: EntityId,
        after: Option<i64>,
        limit: usize,
    ) -> Result<Disclosures, AppError> {
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(AppError::Invalid(vec![FieldError::new(
                "limit",
                "out_of_range",
                "limit must be between 1 and 200",
            )]));
        }
        let access = self.access.clone();
        let rows = self
            .cpu
            .run(move || access.audit_of(candidate, after.unwrap_or(0), limit + 1))
            .await??;
        let more = rows.len() > limit;
        let disclosures: Vec<Disclosure> = rows
            .into_iter()
            .take(limit)
            .map(|r| Disclosure {
                seq: r.seq,
                at: r.at,
                token_id: r.token_id,
                token_name: r.token_name,
                role: r.role,
                employer_id: r.employer_id,
                action: r.action,
                endpoint: format!("{} {}", r.method, r.endpoint),
                request_id: r.request_id,
                purpose: r.purpose,
                purpose_note: r.purpose_note,
            })
            .collect();
        let next_after = if more {
            disclosures.last().map(|d| d.seq)
        } else {
            None
        };
        Ok(Disclosures {
            candidate_id: candidate,
            disclosures,
            next_after,
        })
    }

    /// The employer a vacancy belongs to; `None` if there is no such vacancy.
    pub async fn vacancy_employer(&self, id: EntityId) -> Result<Option<EntityId>, AppError> {
        let stored = self
            .blocking(move |s| Ok(s.get(Entity::Vacancy, id)?))
            .await?;
        match stored {
            None => Ok(None),
            Some(r) => {
                let v: crate::domain::Vacancy =
                    serde_json::from_str(&r.doc).map_err(AppError::internal)?;
                Ok(Some(v.employer_id))
            }
        }
    }
}
