//! Rows of the event tables: reading, parsing and the small writes the store methods share.

use rusqlite::{Transaction, params};

use super::super::{parse_id, parse_time};
use crate::domain::EntityId;
use crate::domain::event::Preference;
use crate::store::StoreError;
use crate::store::events::{EventRow, MeetingRow};

pub(super) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("bad {what} in event store"))
}

fn opt_id(s: Option<String>) -> Result<Option<EntityId>, StoreError> {
    s.as_deref().map(parse_id).transpose()
}

/// Removes an erased person from every event in the erasing transaction: registrations and
/// preferences go, meetings not yet held without an outcome go, held meetings stay without
/// the person (counts for the statistics).
pub(in crate::store::sqlite) fn unlink_candidate(
    tx: &Transaction<'_>,
    candidate: EntityId,
) -> Result<(), StoreError> {
    let id = candidate.to_string();
    tx.execute(
        "DELETE FROM event_preferences WHERE candidate_id = ?1",
        [&id],
    )?;
    tx.execute(
        "DELETE FROM event_candidates WHERE candidate_id = ?1",
        [&id],
    )?;
    tx.execute(
        "DELETE FROM event_meetings WHERE candidate_id = ?1 AND outcome IS NULL \
         AND slot >= COALESCE((SELECT now_slot FROM events e WHERE e.id = event_id), 0)",
        [&id],
    )?;
    tx.execute(
        "UPDATE event_meetings SET candidate_id = NULL, participant_no = NULL \
         WHERE candidate_id = ?1",
        [&id],
    )?;
    Ok(())
}

pub(super) const EVENT_COLUMNS: &str = "id, doc, now_slot, created_at, updated_at, version";

pub(super) type RawEvent = (String, String, Option<u32>, String, String, i64);

pub(super) fn read_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

pub(super) fn to_event(raw: RawEvent) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        id: parse_id(&raw.0)?,
        doc: raw.1,
        now_slot: raw.2,
        created_at: parse_time(&raw.3)?,
        updated_at: parse_time(&raw.4)?,
        version: raw.5,
    })
}

pub(super) fn write_preferences(
    tx: &Transaction<'_>,
    event: EntityId,
    (employer, candidate): (Option<EntityId>, Option<EntityId>),
    prefs: &[(EntityId, Preference)],
) -> Result<(), StoreError> {
    let ev = event.to_string();
    let (by, who) = match (employer, candidate) {
        (Some(e), _) => ("employer", e),
        (None, Some(c)) => ("candidate", c),
        (None, None) => return Err(corrupt("preference owner")),
    };
    let column = if by == "employer" {
        "employer_id"
    } else {
        "candidate_id"
    };
    tx.execute(
        &format!("DELETE FROM event_preferences WHERE event_id = ?1 AND by = ?2 AND {column} = ?3"),
        params![ev, by, who.to_string()],
    )?;
    for (other, p) in prefs {
        let (e, c) = if by == "employer" {
            (who, *other)
        } else {
            (*other, who)
        };
        tx.execute(
            "INSERT INTO event_preferences (event_id, employer_id, candidate_id, by, preference) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ev, e.to_string(), c.to_string(), by, p.as_str()],
        )?;
    }
    Ok(())
}

pub(super) fn next_participant(tx: &Transaction<'_>, event: &str) -> Result<u32, StoreError> {
    Ok(tx.query_row(
        "SELECT COALESCE(MAX(participant_no), 0) + 1 FROM event_candidates WHERE event_id = ?1",
        [event],
        |r| r.get(0),
    )?)
}

pub(super) fn read_meeting(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawMeeting> {
    Ok(RawMeeting {
        id: r.get(0)?,
        employer: r.get(1)?,
        candidate: r.get(2)?,
        participant_no: r.get(3)?,
        vacancy: r.get(4)?,
        slot: r.get(5)?,
        table: r.get(6)?,
        interpreter: r.get(7)?,
        score: r.get(8)?,
        outcome: r.get(9)?,
        placement: r.get(10)?,
    })
}

pub(super) struct RawMeeting {
    id: String,
    employer: String,
    candidate: Option<String>,
    participant_no: Option<u32>,
    vacancy: Option<String>,
    slot: u32,
    table: u32,
    interpreter: Option<String>,
    score: f64,
    outcome: Option<String>,
    placement: Option<String>,
}

impl RawMeeting {
    pub(super) fn parse(self) -> Result<MeetingRow, StoreError> {
        Ok(MeetingRow {
            id: parse_id(&self.id)?,
            employer_id: parse_id(&self.employer)?,
            candidate_id: opt_id(self.candidate)?,
            participant_no: self.participant_no,
            vacancy_id: opt_id(self.vacancy)?,
            slot: self.slot,
            table: self.table,
            interpreter: self.interpreter,
            score: self.score,
            outcome: self.outcome,
            placement_id: opt_id(self.placement)?,
        })
    }
}
