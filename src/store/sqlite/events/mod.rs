//! [`EventStore`] on SQLite, and the erasure of a person from every event.

mod rows;

use rusqlite::{OptionalExtension, params};

use super::{SqliteStore, now, parse_id, parse_time};
use crate::domain::EntityId;
use crate::domain::event::Preference;
use crate::store::StoreError;
use crate::store::events::{
    AttendanceWrite, CandidateEntry, EmployerEntry, EventRow, EventStore, PreferenceBy,
    PreferenceRow, Presence, Registrations, ScheduleRow,
};
use rows::{
    EVENT_COLUMNS, corrupt, next_participant, read_event, read_meeting, to_event, write_preferences,
};

pub(super) use rows::unlink_candidate;

impl EventStore for SqliteStore {
    fn insert_event(&self, id: EntityId, doc: &str) -> Result<(), StoreError> {
        let c = self.writer();
        c.execute(
            "INSERT INTO events (id, doc, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![id.to_string(), doc, now()],
        )?;
        Ok(())
    }

    fn replace_event(&self, id: EntityId, doc: &str) -> Result<bool, StoreError> {
        let c = self.writer();
        let n = c.execute(
            "UPDATE events SET doc = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
            params![id.to_string(), doc, now()],
        )?;
        Ok(n == 1)
    }

    fn delete_event(&self, id: EntityId) -> Result<bool, StoreError> {
        let c = self.writer();
        Ok(c.execute("DELETE FROM events WHERE id = ?1", [id.to_string()])? == 1)
    }

    fn get_event(&self, id: EntityId) -> Result<Option<EventRow>, StoreError> {
        let c = self.reader();
        c.prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1"))?
            .query_row([id.to_string()], read_event)
            .optional()?
            .map(to_event)
            .transpose()
    }

    fn list_events(
        &self,
        after: Option<EntityId>,
        limit: usize,
    ) -> Result<Vec<EventRow>, StoreError> {
        let c = self.reader();
        let after = after.map_or_else(String::new, |a| a.to_string());
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE id > ?1 ORDER BY id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![after, limit], read_event)?;
        rows.map(|r| to_event(r?)).collect()
    }

    fn put_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
        doc: &str,
        preferences: &[(EntityId, Preference)],
    ) -> Result<bool, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let ev = event.to_string();
        let n = tx.execute(
            "UPDATE event_employers SET doc = ?3 WHERE event_id = ?1 AND employer_id = ?2",
            params![ev, employer.to_string(), doc],
        )?;
        if n == 0 {
            tx.execute(
                "INSERT INTO event_employers (event_id, employer_id, doc, position) VALUES \
                 (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM event_employers \
                 WHERE event_id = ?1))",
                params![ev, employer.to_string(), doc],
            )?;
        }
        write_preferences(&tx, event, (Some(employer), None), preferences)?;
        tx.commit()?;
        Ok(n == 0)
    }

    fn remove_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
    ) -> Result<bool, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let (ev, em) = (event.to_string(), employer.to_string());
        let n = tx.execute(
            "DELETE FROM event_employers WHERE event_id = ?1 AND employer_id = ?2",
            params![ev, em],
        )?;
        tx.execute(
            "DELETE FROM event_preferences WHERE event_id = ?1 AND employer_id = ?2",
            params![ev, em],
        )?;
        tx.commit()?;
        Ok(n == 1)
    }

    fn put_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
        doc: &str,
        preferences: &[(EntityId, Preference)],
    ) -> Result<(u32, bool), StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let (ev, ca) = (event.to_string(), candidate.to_string());
        let existing: Option<u32> = tx
            .query_row(
                "SELECT participant_no FROM event_candidates WHERE event_id = ?1 \
                 AND candidate_id = ?2",
                params![ev, ca],
                |r| r.get(0),
            )
            .optional()?;
        let number = match existing {
            Some(n) => {
                tx.execute(
                    "UPDATE event_candidates SET doc = ?3 WHERE event_id = ?1 AND candidate_id = ?2",
                    params![ev, ca, doc],
                )?;
                n
            }
            None => {
                let n = next_participant(&tx, &ev)?;
                tx.execute(
                    "INSERT INTO event_candidates (event_id, candidate_id, participant_no, doc) \
                     VALUES (?1, ?2, ?3, ?4)",
                    params![ev, ca, n, doc],
                )?;
                n
            }
        };
        write_preferences(&tx, event, (None, Some(candidate)), preferences)?;
        tx.commit()?;
        Ok((number, existing.is_none()))
    }

    fn remove_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
    ) -> Result<bool, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let (ev, ca) = (event.to_string(), candidate.to_string());
        let n = tx.execute(
            "DELETE FROM event_candidates WHERE event_id = ?1 AND candidate_id = ?2",
            params![ev, ca],
        )?;
        tx.execute(
            "DELETE FROM event_preferences WHERE event_id = ?1 AND candidate_id = ?2",
            params![ev, ca],
        )?;
        tx.commit()?;
        Ok(n == 1)
    }

    fn registrations(&self, event: EntityId) -> Result<Registrations, StoreError> {
        let c = self.reader();
        let ev = event.to_string();
        let mut out = Registrations::default();
        let mut stmt = c.prepare_cached(
            "SELECT employer_id, doc, present FROM event_employers WHERE event_id = ?1 \
             ORDER BY position",
        )?;
        let rows = stmt.query_map([&ev], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, bool>(2)?))
        })?;
        for row in rows {
            let (id, doc, present) = row?;
            out.employers.push(EmployerEntry {
                employer_id: parse_id(&id)?,
                doc,
                present,
            });
        }
        let mut stmt = c.prepare_cached(
            "SELECT candidate_id, participant_no, doc, attendance FROM event_candidates \
             WHERE event_id = ?1 ORDER BY participant_no",
        )?;
        let rows = stmt.query_map([&ev], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, participant_no, doc, att) = row?;
            out.candidates.push(CandidateEntry {
                candidate_id: parse_id(&id)?,
                participant_no,
                doc,
                presence: Presence::parse(&att).ok_or_else(|| corrupt("attendance"))?,
            });
        }
        let mut stmt = c.prepare_cached(
            "SELECT employer_id, candidate_id, by, preference FROM event_preferences \
             WHERE event_id = ?1 ORDER BY employer_id, candidate_id, by",
        )?;
        let rows = stmt.query_map([&ev], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (e, ca, by, p) = row?;
            out.preferences.push(PreferenceRow {
                employer_id: parse_id(&e)?,
                candidate_id: parse_id(&ca)?,
                by: if by == "employer" {
                    PreferenceBy::Employer
                } else {
                    PreferenceBy::Candidate
                },
                preference: Preference::parse(&p).ok_or_else(|| corrupt("preference"))?,
            });
        }
        Ok(out)
    }

    fn record_attendance(&self, event: EntityId, a: &AttendanceWrite) -> Result<(), StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let ev = event.to_string();
        tx.execute(
            "UPDATE events SET now_slot = ?2, updated_at = ?3 WHERE id = ?1",
            params![ev, a.now_slot, now()],
        )?;
        for id in &a.no_shows {
            tx.execute(
                "UPDATE event_candidates SET attendance = 'no_show' WHERE event_id = ?1 \
                 AND candidate_id = ?2",
                params![ev, id.to_string()],
            )?;
        }
        for id in &a.absent_employers {
            tx.execute(
                "UPDATE event_employers SET present = 0 WHERE event_id = ?1 AND employer_id = ?2",
                params![ev, id.to_string()],
            )?;
        }
        for (id, doc) in &a.walk_ins {
            let n = tx.execute(
                "UPDATE event_candidates SET attendance = 'walk_in', doc = ?3 \
                 WHERE event_id = ?1 AND candidate_id = ?2",
                params![ev, id.to_string(), doc],
            )?;
            if n == 0 {
                let no = next_participant(&tx, &ev)?;
                tx.execute(
                    "INSERT INTO event_candidates (event_id, candidate_id, participant_no, doc, \
                     attendance) VALUES (?1, ?2, ?3, ?4, 'walk_in')",
                    params![ev, id.to_string(), no, doc],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn save_schedule(&self, event: EntityId, s: &ScheduleRow) -> Result<(), StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let ev = event.to_string();
        tx.execute("DELETE FROM event_meetings WHERE event_id = ?1", [&ev])?;
        tx.execute(
            "INSERT INTO event_schedules (event_id, candidates_at_min, objective, upper_bound, \
             replan, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(event_id) DO \
             UPDATE SET candidates_at_min = excluded.candidates_at_min, \
             objective = excluded.objective, upper_bound = excluded.upper_bound, \
             replan = excluded.replan, computed_at = excluded.computed_at",
            params![
                ev,
                s.candidates_at_min,
                s.objective,
                s.upper_bound,
                s.replan,
                s.computed_at.to_rfc3339()
            ],
        )?;
        let mut stmt = tx.prepare_cached(
            "INSERT INTO event_meetings (id, event_id, employer_id, candidate_id, participant_no, \
             vacancy_id, slot, table_no, interpreter, score, outcome, placement_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for m in &s.meetings {
            stmt.execute(params![
                m.id.to_string(),
                ev,
                m.employer_id.to_string(),
                m.candidate_id.map(|c| c.to_string()),
                m.participant_no,
                m.vacancy_id.map(|v| v.to_string()),
                m.slot,
                m.table,
                m.interpreter,
                m.score,
                m.outcome,
                m.placement_id.map(|p| p.to_string()),
            ])?;
        }
        drop(stmt);
        tx.commit()?;
        Ok(())
    }

    fn get_schedule(&self, event: EntityId) -> Result<Option<ScheduleRow>, StoreError> {
        let c = self.reader();
        let ev = event.to_string();
        let head = c
            .query_row(
                "SELECT candidates_at_min, objective, upper_bound, replan, computed_at \
                 FROM event_schedules WHERE event_id = ?1",
                [&ev],
                |r| {
                    Ok((
                        r.get::<_, u32>(0)?,
                        r.get::<_, f64>(1)?,
                        r.get::<_, f64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((at_min, objective, upper, replan, at)) = head else {
            return Ok(None);
        };
        let mut stmt = c.prepare_cached(
            "SELECT id, employer_id, candidate_id, participant_no, vacancy_id, slot, table_no, \
             interpreter, score, outcome, placement_id FROM event_meetings WHERE event_id = ?1 \
             ORDER BY slot, employer_id, table_no",
        )?;
        let meetings = stmt
            .query_map([&ev], read_meeting)?
            .map(|r| r?.parse())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(ScheduleRow {
            candidates_at_min: at_min,
            objective,
            upper_bound: upper,
            replan,
            computed_at: parse_time(&at)?,
            meetings,
        }))
    }

    fn set_outcome(
        &self,
        event: EntityId,
        meeting: EntityId,
        outcome: &str,
        placement: Option<EntityId>,
    ) -> Result<bool, StoreError> {
        let c = self.writer();
        let n = c.execute(
            "UPDATE event_meetings SET outcome = ?3, \
             placement_id = COALESCE(?4, placement_id) WHERE event_id = ?1 AND id = ?2",
            params![
                event.to_string(),
                meeting.to_string(),
                outcome,
                placement.map(|p| p.to_string())
            ],
        )?;
        Ok(n == 1)
    }
}
