//! [`AccessStore`] on SQLite, and the erasure of a person's pseudonyms and expressions of
//! interest.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::{SqliteStore, now, parse_id, parse_time};
use crate::auth::Role;
use crate::domain::EntityId;
use crate::store::StoreError;
use crate::store::access::{
    AccessStore, AuditAction, AuditContext, AuditRow, InterestQuery, InterestRow, InterestStatus,
    NewInterest, TokenRow,
};

/// A new random pseudonym for a viewer (`K-…`).
fn new_pseudonym() -> String {
    super::random_pseudonym('K')
}

fn role(s: &str) -> Result<Role, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("bad role in store: {s}")))
}

fn opt_id(s: Option<String>) -> Result<Option<EntityId>, StoreError> {
    s.map(|s| parse_id(&s)).transpose()
}

/// Deletes the person's pseudonyms and expressions of interest (erasure).
pub(super) fn erase_candidate(tx: &Transaction<'_>, candidate: EntityId) -> Result<(), StoreError> {
    let id = candidate.to_string();
    tx.execute("DELETE FROM pseudonyms WHERE candidate_id = ?1", [&id])?;
    tx.execute("DELETE FROM interests WHERE candidate_id = ?1", [&id])?;
    // The caller's words on why they looked may name the person; the fact that they
    // looked, and the purpose code, stay.
    tx.execute(
        "UPDATE audit_requests SET purpose_note = NULL WHERE purpose_note IS NOT NULL \
         AND seq IN (SELECT request_seq FROM audit_disclosed WHERE candidate_id = ?1)",
        [&id],
    )?;
    Ok(())
}

const TOKEN_COLUMNS: &str =
    "id, name, role, employer_id, secret_hash, created_at, expires_on, revoked_at";

type RawToken = (
    String,
    String,
    String,
    Option<String>,
    Vec<u8>,
    String,
    Option<String>,
    Option<String>,
);

fn read_token(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawToken> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn to_token(raw: RawToken) -> Result<TokenRow, StoreError> {
    let (id, name, r, employer, secret_hash, created, expires, revoked) = raw;
    Ok(TokenRow {
        id,
        name,
        role: role(&r)?,
        employer_id: opt_id(employer)?,
        secret_hash,
        created_at: parse_time(&created)?,
        expires_on: expires
            .map(|d| {
                d.parse()
                    .map_err(|_| StoreError::Corrupt(format!("bad date in store: {d}")))
            })
            .transpose()?,
        revoked_at: revoked.map(|t| parse_time(&t)).transpose()?,
    })
}

const INTEREST_COLUMNS: &str = "id, vacancy_id, employer_id, candidate_id, pseudonym, message, \
    status, created_at, updated_at, handled_by";

type RawInterest = [Option<String>; 10];

fn read_interest(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawInterest> {
    let mut raw: RawInterest = Default::default();
    for (i, slot) in raw.iter_mut().enumerate() {
        *slot = r.get(i)?;
    }
    Ok(raw)
}

fn to_interest(raw: RawInterest) -> Result<InterestRow, StoreError> {
    let [
        id,
        vacancy,
        employer,
        candidate,
        pseudonym,
        message,
        status,
        created,
        updated,
        by,
    ] = raw;
    let req = |s: Option<String>| s.ok_or_else(|| StoreError::Corrupt("missing column".into()));
    Ok(InterestRow {
        id: parse_id(&req(id)?)?,
        vacancy_id: parse_id(&req(vacancy)?)?,
        employer_id: parse_id(&req(employer)?)?,
        candidate_id: parse_id(&req(candidate)?)?,
        pseudonym: req(pseudonym)?,
        message,
        status: InterestStatus::from_stored(&req(status)?)?,
        created_at: parse_time(&req(created)?)?,
        updated_at: parse_time(&req(updated)?)?,
        handled_by: by,
    })
}

fn interest_in(tx: &Transaction<'_>, id: &str) -> Result<Option<InterestRow>, StoreError> {
    let raw = tx
        .prepare_cached(&format!(
            "SELECT {INTEREST_COLUMNS} FROM interests WHERE id = ?1"
        ))?
        .query_row([id], read_interest)
        .optional()?;
    raw.map(to_interest).transpose()
}

impl AccessStore for SqliteStore {
    fn insert_token(&self, t: &TokenRow) -> Result<(), StoreError> {
        let c = self.writer();
        c.execute(
            &format!(
                "INSERT INTO tokens ({TOKEN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            params![
                t.id,
                t.name,
                t.role.as_str(),
                t.employer_id.map(|e| e.to_string()),
                t.secret_hash,
                t.created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                t.expires_on.map(|d| d.to_string()),
                t.revoked_at
                    .map(|r| r.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            ],
        )?;
        Ok(())
    }

    fn token(&self, id: &str) -> Result<Option<TokenRow>, StoreError> {
        let c = self.reader();
        let raw = c
            .prepare_cached(&format!("SELECT {TOKEN_COLUMNS} FROM tokens WHERE id = ?1"))?
            .query_row([id], read_token)
            .optional()?;
        raw.map(to_token).transpose()
    }

    fn tokens(&self) -> Result<Vec<TokenRow>, StoreError> {
        let c = self.reader();
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {TOKEN_COLUMNS} FROM tokens ORDER BY created_at, id"
        ))?;
        let raws = stmt
            .query_map([], read_token)?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(to_token).collect()
    }

    fn revoke_token(&self, id: &str) -> Result<bool, StoreError> {
        let c = self.writer();
        let n = c.execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![id, now()],
        )?;
        Ok(n > 0)
    }

    fn record_audit(
        &self,
        ctx: &AuditContext,
        action: AuditAction,
        candidates: &[EntityId],
    ) -> Result<(), StoreError> {
        if candidates.is_empty() {
            return Ok(());
        }
        let mut c = self.writer();
        let tx = c.transaction()?;
        // No note on an erasure: it is written after the person's notes were removed.
        let note = (action != AuditAction::Delete)
            .then(|| ctx.purpose_note.clone())
            .flatten();
        tx.prepare_cached(
            "INSERT INTO audit_requests (at, token_id, role, employer_id, action, method, \
             endpoint, request_id, purpose, purpose_note) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            now(),
            ctx.token_id,
            ctx.role.as_str(),
            ctx.employer_id.map(|e| e.to_string()),
            action.as_str(),
            ctx.method,
            ctx.endpoint,
            ctx.request_id,
            ctx.purpose,
            note,
        ])?;
        let seq = tx.last_insert_rowid();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO audit_disclosed (candidate_id, request_seq) VALUES (?1, ?2)",
            )?;
            for id in candidates {
                stmt.execute(params![id.to_string(), seq])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn purge_audit(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let cutoff = before.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tx.execute(
            "DELETE FROM audit_disclosed WHERE request_seq IN \
             (SELECT seq FROM audit_requests WHERE at < ?1)",
            [&cutoff],
        )?;
        let n = tx.execute("DELETE FROM audit_requests WHERE at < ?1", [&cutoff])?;
        tx.commit()?;
        Ok(n as u64)
    }

    fn audit_of(
        &self,
        candidate: EntityId,
        after: i64,
        limit: usize,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let c = self.reader();
        let mut stmt = c.prepare_cached(
            "SELECT a.seq, a.at, a.token_id, COALESCE(t.name, ''), a.role, a.employer_id, \
             d.candidate_id, a.action, a.method, a.endpoint, a.request_id, a.purpose, \
             a.purpose_note \
             FROM audit_disclosed d JOIN audit_requests a ON a.seq = d.request_seq \
             LEFT JOIN tokens t ON t.id = a.token_id \
             WHERE d.candidate_id = ?1 AND d.request_seq > ?2 ORDER BY d.request_seq LIMIT ?3",
        )?;
        let rows = stmt
            .query_map(params![candidate.to_string(), after, limit as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(
                    seq,
                    at,
                    token,
                    name,
                    r,
                    employer,
                    cand,
                    action,
                    method,
                    endpoint,
                    rid,
                    purpose,
                    purpose_note,
                )| {
                    Ok(AuditRow {
                        seq,
                        at: parse_time(&at)?,
                        token_id: token,
                        token_name: name,
                        role: role(&r)?,
                        employer_id: opt_id(employer)?,
                        candidate_id: parse_id(&cand)?,
                        action: AuditAction::from_stored(&action)?,
                        method,
                        endpoint,
                        request_id: rid,
                        purpose,
                        purpose_note,
                    })
                },
            )
            .collect()
    }

    fn pseudonyms(
        &self,
        scope: &str,
        candidates: &[EntityId],
    ) -> Result<Vec<(EntityId, String)>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let mut out = Vec::with_capacity(candidates.len());
        for id in candidates {
            let key = id.to_string();
            let existing: Option<String> = tx
                .prepare_cached(
                    "SELECT pseudonym FROM pseudonyms WHERE scope = ?1 AND candidate_id = ?2",
                )?
                .query_row(params![scope, key], |r| r.get(0))
                .optional()?;
            let p = match existing {
                Some(p) => p,
                None => loop {
                    let p = new_pseudonym();
                    let n = tx.execute(
                        "INSERT OR IGNORE INTO pseudonyms (scope, candidate_id, pseudonym, \
                         created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![scope, key, p, now()],
                    )?;
                    if n == 1 {
                        break p;
                    }
                },
            };
            out.push((*id, p));
        }
        tx.commit()?;
        Ok(out)
    }

    fn resolve_pseudonym(
        &self,
        scope: &str,
        pseudonym: &str,
    ) -> Result<Option<EntityId>, StoreError> {
        let c = self.reader();
        let id: Option<String> = c
            .prepare_cached(
                "SELECT candidate_id FROM pseudonyms WHERE scope = ?1 AND pseudonym = ?2",
            )?
            .query_row(params![scope, pseudonym], |r| r.get(0))
            .optional()?;
        opt_id(id)
    }

    fn insert_interest(&self, new: &NewInterest) -> Result<(InterestRow, bool), StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let existing: Option<String> = tx
            .prepare_cached("SELECT id FROM interests WHERE vacancy_id = ?1 AND candidate_id = ?2")?
            .query_row(
                params![new.vacancy_id.to_string(), new.candidate_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let (id, created) = match existing {
            Some(id) => (id, false),
            None => {
                let id = EntityId::generate().to_string();
                let at = now();
                tx.execute(
                    &format!(
                        "INSERT INTO interests ({INTEREST_COLUMNS}) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?7, NULL)"
                    ),
                    params![
                        id,
                        new.vacancy_id.to_string(),
                        new.employer_id.to_string(),
                        new.candidate_id.to_string(),
                        new.pseudonym,
                        new.message,
                        at,
                    ],
                )?;
                (id, true)
            }
        };
        let row = interest_in(&tx, &id)?
            .ok_or_else(|| StoreError::Corrupt("interest vanished after insert".into()))?;
        tx.commit()?;
        Ok((row, created))
    }

    fn interest(&self, id: EntityId) -> Result<Option<InterestRow>, StoreError> {
        let c = self.reader();
        let raw = c
            .prepare_cached(&format!(
                "SELECT {INTEREST_COLUMNS} FROM interests WHERE id = ?1"
            ))?
            .query_row([id.to_string()], read_interest)
            .optional()?;
        raw.map(to_interest).transpose()
    }

    fn interests(&self, q: &InterestQuery) -> Result<Vec<InterestRow>, StoreError> {
        let c = self.reader();
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {INTEREST_COLUMNS} FROM interests \
             WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR vacancy_id = ?2) \
             AND (?3 IS NULL OR id > ?3) ORDER BY id LIMIT ?4"
        ))?;
        let raws = stmt
            .query_map(
                params![
                    q.status.map(InterestStatus::as_str),
                    q.vacancy_id.map(|v| v.to_string()),
                    q.after.map(|a| a.to_string()),
                    q.limit as i64
                ],
                read_interest,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(to_interest).collect()
    }

    fn set_interest_status(
        &self,
        id: EntityId,
        status: InterestStatus,
        handled_by: &str,
    ) -> Result<Option<InterestRow>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let n = tx.execute(
            "UPDATE interests SET status = ?2, handled_by = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.to_string(), status.as_str(), handled_by, now()],
        )?;
        if n == 0 {
            return Ok(None);
        }
        let row = interest_in(&tx, &id.to_string())?;
        tx.commit()?;
        Ok(row)
    }
}
