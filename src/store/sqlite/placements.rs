//! [`PlacementStore`] on SQLite, and the unlinking of an erased person's placements.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{SqliteStore, log_change, now, parse_id, parse_time};
use crate::domain::{EndReason, EntityId, PlacementSource, PlacementType};
use crate::store::placements::{NewPlacement, PlacementQuery, PlacementRow, PlacementStore};
use crate::store::{ChangeOp, Entity, StoreError, WriteReceipt};

const COLUMNS: &str = "id, external_ref, candidate_id, pseudonym, employer_id, vacancy_id, \
    placement_type, start_date, municipality, source, event_id, probation_end, ended_on, \
    end_reason, created_at, updated_at, version";

/// A new random placement pseudonym (`P-…`).
fn new_pseudonym() -> String {
    super::random_pseudonym('P')
}

/// The pseudonym the person already has from another placement, if any.
fn pseudonym_of(tx: &Transaction<'_>, candidate: EntityId) -> Result<Option<String>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT pseudonym FROM placements WHERE candidate_id = ?1 LIMIT 1")?
        .query_row([candidate.to_string()], |r| r.get(0))
        .optional()?)
}

fn id_by_ref(tx: &Transaction<'_>, r: &str) -> Result<Option<EntityId>, StoreError> {
    let id: Option<String> = tx
        .prepare_cached("SELECT id FROM placements WHERE external_ref = ?1")?
        .query_row([r], |row| row.get(0))
        .optional()?;
    id.map(|s| parse_id(&s)).transpose()
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("bad date in store: {s}")))
}

fn corrupt(what: &str, s: &str) -> StoreError {
    StoreError::Corrupt(format!("bad {what} in store: {s}"))
}

/// The raw text columns of one row, in `COLUMNS` order.
type Raw = [Option<String>; 16];

fn read_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Raw, i64)> {
    let mut raw: Raw = Default::default();
    for (i, slot) in raw.iter_mut().enumerate() {
        *slot = r.get(i)?;
    }
    Ok((raw, r.get(16)?))
}

fn to_row((raw, version): (Raw, i64)) -> Result<PlacementRow, StoreError> {
    let text = |i: usize| {
        raw[i]
            .clone()
            .ok_or_else(|| corrupt("null column", COLUMNS))
    };
    let id_opt = |i: usize| raw[i].as_deref().map(parse_id).transpose();
    let day_opt = |i: usize| raw[i].as_deref().map(parse_day).transpose();
    let kind = text(6)?;
    let source = text(9)?;
    Ok(PlacementRow {
        id: parse_id(&text(0)?)?,
        external_ref: raw[1].clone(),
        candidate_id: id_opt(2)?,
        pseudonym: text(3)?,
        employer_id: parse_id(&text(4)?)?,
        vacancy_id: id_opt(5)?,
        placement_type: PlacementType::parse(&kind).ok_or_else(|| corrupt("type", &kind))?,
        start_date: parse_day(&text(7)?)?,
        municipality: text(8)?,
        source: PlacementSource::parse(&source).ok_or_else(|| corrupt("source", &source))?,
        event_id: raw[10].clone(),
        probation_end: day_opt(11)?,
        ended_on: day_opt(12)?,
        end_reason: raw[13]
            .as_deref()
            .map(|s| EndReason::parse(s).ok_or_else(|| corrupt("end reason", s)))
            .transpose()?,
        created_at: parse_time(&text(14)?)?,
        updated_at: parse_time(&text(15)?)?,
        version,
    })
}

/// Empties the link to a deleted vacancy in its placements: they keep counting.
pub(super) fn unlink_vacancy(tx: &Transaction<'_>, vacancy: EntityId) -> Result<(), StoreError> {
    unlink(tx, "vacancy_id", vacancy)
}

/// Empties the person's link in their placements (erasure).
pub(super) fn unlink_candidate(
    tx: &Transaction<'_>,
    candidate: EntityId,
) -> Result<(), StoreError> {
    unlink(tx, "candidate_id", candidate)
}

/// Empties `column` where it holds `id`, logging each placement as a change.
fn unlink(tx: &Transaction<'_>, column: &'static str, id: EntityId) -> Result<(), StoreError> {
    let ids: Vec<String> = tx
        .prepare_cached(&format!("SELECT id FROM placements WHERE {column} = ?1"))?
        .query_map([id.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for p in ids {
        tx.execute(
            &format!(
                "UPDATE placements SET {column} = NULL, updated_at = ?2, version = version + 1 \
                 WHERE id = ?1"
            ),
            params![p, now()],
        )?;
        log_change(tx, Entity::Placement, parse_id(&p)?, ChangeOp::Upsert)?;
    }
    Ok(())
}

fn check_ref(tx: &Transaction<'_>, p: &NewPlacement) -> Result<(), StoreError> {
    if let Some(r) = &p.external_ref
        && let Some(other) = id_by_ref(tx, r)?
        && other != p.id
    {
        return Err(StoreError::DuplicateExternalRef(other));
    }
    Ok(())
}

/// Writes every column but the bookkeeping ones; `?16` is the time.
const UPSERT: &str = "INSERT INTO placements (id, external_ref, candidate_id, pseudonym, \
    employer_id, vacancy_id, placement_type, start_date, municipality, source, event_id, \
    probation_end, ended_on, end_reason, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15) \
    ON CONFLICT(id) DO UPDATE SET external_ref = excluded.external_ref, \
    candidate_id = excluded.candidate_id, pseudonym = excluded.pseudonym, \
    employer_id = excluded.employer_id, vacancy_id = excluded.vacancy_id, \
    placement_type = excluded.placement_type, start_date = excluded.start_date, \
    municipality = excluded.municipality, source = excluded.source, \
    event_id = excluded.event_id, probation_end = excluded.probation_end, \
    ended_on = excluded.ended_on, end_reason = excluded.end_reason, \
    updated_at = excluded.updated_at, version = version + 1";

fn write(tx: &Transaction<'_>, p: &NewPlacement, pseudonym: &str) -> Result<u64, StoreError> {
    tx.prepare_cached(UPSERT)?.execute(params![
        p.id.to_string(),
        p.external_ref,
        p.candidate_id.map(|c| c.to_string()),
        pseudonym,
        p.employer_id.to_string(),
        p.vacancy_id.map(|v| v.to_string()),
        p.placement_type.as_str(),
        p.start_date.to_string(),
        p.municipality,
        p.source.as_str(),
        p.event_id,
        day(p.probation_end),
        day(p.ended_on),
        p.end_reason.map(EndReason::as_str),
        now(),
    ])?;
    Ok(log_change(tx, Entity::Placement, p.id, ChangeOp::Upsert)?)
}

fn stored(tx: &Transaction<'_>, id: EntityId) -> Result<Option<PlacementRow>, StoreError> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM placements WHERE id = ?1"))?
        .query_row([id.to_string()], read_raw)
        .optional()?
        .map(to_row)
        .transpose()
}

impl PlacementStore for SqliteStore {
    fn insert_placement(&self, p: &NewPlacement) -> Result<WriteReceipt, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        check_ref(&tx, p)?;
        let pseudonym = match p.candidate_id {
            Some(c) => pseudonym_of(&tx, c)?,
            None => None,
        }
        .unwrap_or_else(new_pseudonym);
        let seq = write(&tx, p, &pseudonym)?;
        tx.commit()?;
        Ok(WriteReceipt {
            id: p.id,
            seq,
            created: true,
        })
    }

    fn replace_placement(&self, p: &NewPlacement) -> Result<Option<WriteReceipt>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        check_ref(&tx, p)?;
        let Some(old) = stored(&tx, p.id)? else {
            return Ok(None);
        };
        let pseudonym = match p.candidate_id {
            Some(c) if old.candidate_id != Some(c) => {
                pseudonym_of(&tx, c)?.unwrap_or_else(new_pseudonym)
            }
            _ => old.pseudonym,
        };
        let seq = write(&tx, p, &pseudonym)?;
        tx.commit()?;
        Ok(Some(WriteReceipt {
            id: p.id,
            seq,
            created: false,
        }))
    }

    fn delete_placement(&self, id: EntityId) -> Result<Option<WriteReceipt>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        if tx.execute("DELETE FROM placements WHERE id = ?1", [id.to_string()])? == 0 {
            return Ok(None);
        }
        let seq = log_change(&tx, Entity::Placement, id, ChangeOp::Delete)?;
        tx.commit()?;
        Ok(Some(WriteReceipt {
            id,
            seq,
            created: false,
        }))
    }

    fn get_placement(&self, id: EntityId) -> Result<Option<PlacementRow>, StoreError> {
        let c = self.reader();
        c.prepare_cached(&format!("SELECT {COLUMNS} FROM placements WHERE id = ?1"))?
            .query_row([id.to_string()], read_raw)
            .optional()?
            .map(to_row)
            .transpose()
    }

    fn list_placements(&self, q: &PlacementQuery) -> Result<Vec<PlacementRow>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM placements WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut cond = |clause: &str, v: String| {
            sql.push_str(clause);
            args.push(v.into());
        };
        if let Some(a) = q.after {
            cond(" AND id > ?", a.to_string());
        }
        if let Some(d) = q.started_from {
            cond(" AND start_date >= ?", d.to_string());
        }
        if let Some(d) = q.started_to {
            cond(" AND start_date <= ?", d.to_string());
        }
        if let Some(m) = &q.municipality {
            cond(" AND municipality = ?", m.clone());
        }
        if let Some(t) = q.placement_type {
            cond(" AND placement_type = ?", t.as_str().to_owned());
        }
        if let Some(e) = q.employer_id {
            cond(" AND employer_id = ?", e.to_string());
        }
        if let Some(v) = q.vacancy_id {
            cond(" AND vacancy_id = ?", v.to_string());
        }
        sql.push_str(" ORDER BY id LIMIT ?");
        let limit = q.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        args.push(limit.into());
        let c = self.reader();
        let mut stmt = c.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), read_raw)?;
        rows.map(|raw| to_row(raw?)).collect()
    }
}
