//! The event store: Meeting Point events (*Kontaktbörsen*), their registrations, stored
//! schedules and meeting outcomes.
//!
//! A trait of its own beside [`Store`](super::Store), like
//! [`PlacementStore`](super::PlacementStore): events are not indexed (no change-log rows),
//! and erasing a candidate must reach into their registrations and meetings in the same
//! transaction. [`SqliteStore`](super::SqliteStore) implements it.

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::EntityId;
use crate::domain::event::Preference;

/// A stored event: the API document plus bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: EntityId,
    pub doc: String,
    /// First slot not yet held; `None` before the event day starts.
    pub now_slot: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// Who stated a preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreferenceBy {
    Employer,
    Candidate,
}

/// A preference of one side about the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreferenceRow {
    pub employer_id: EntityId,
    pub candidate_id: EntityId,
    pub by: PreferenceBy,
    pub preference: Preference,
}

/// A registered employer (the registration document without preferences).
#[derive(Debug, Clone, PartialEq)]
pub struct EmployerEntry {
    pub employer_id: EntityId,
    pub doc: String,
    /// False once marked absent on the day.
    pub present: bool,
}

/// How a candidate stands on the event day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Expected,
    NoShow,
    WalkIn,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Expected => "expected",
            Presence::NoShow => "no_show",
            Presence::WalkIn => "walk_in",
        }
    }

    pub fn parse(s: &str) -> Option<Presence> {
        [Presence::Expected, Presence::NoShow, Presence::WalkIn]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// A registered candidate (the registration document without preferences).
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateEntry {
    pub candidate_id: EntityId,
    /// Per-event participant number, from 1, kept while registered.
    pub participant_no: u32,
    pub doc: String,
    pub presence: Presence,
}

/// Everyone registered for an event, in registration order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registrations {
    pub employers: Vec<EmployerEntry>,
    pub candidates: Vec<CandidateEntry>,
    pub preferences: Vec<PreferenceRow>,
}

/// One stored meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRow {
    pub id: EntityId,
    pub employer_id: EntityId,
    /// Empty once the person has been erased.
    pub candidate_id: Option<EntityId>,
    pub participant_no: Option<u32>,
    /// The vacancy the conversation is about (the pair's best-scoring one).
    pub vacancy_id: Option<EntityId>,
    pub slot: u32,
    pub table: u32,
    pub interpreter: Option<String>,
    pub score: f64,
    /// The recorded outcome as JSON.
    pub outcome: Option<String>,
    pub placement_id: Option<EntityId>,
}

/// A stored schedule of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub candidates_at_min: u32,
    pub objective: f64,
    pub upper_bound: f64,
    /// The re-planning summary as JSON, on a re-planned schedule.
    pub replan: Option<String>,
    pub computed_at: DateTime<Utc>,
    pub meetings: Vec<MeetingRow>,
}

/// What happened on the event day, written in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceWrite {
    pub now_slot: u32,
    pub no_shows: Vec<EntityId>,
    pub absent_employers: Vec<EntityId>,
    /// Walk-ins with their registration document.
    pub walk_ins: Vec<(EntityId, String)>,
}

/// Events, registrations, schedules and outcomes. Every write commits before it returns.
pub trait EventStore: Send + Sync + 'static {
    fn insert_event(&self, id: EntityId, doc: &str) -> Result<(), StoreError>;
    /// `false` if there is no such event.
    fn replace_event(&self, id: EntityId, doc: &str) -> Result<bool, StoreError>;
    /// Deletes the event with its registrations and schedule; `false` if there was none.
    fn delete_event(&self, id: EntityId) -> Result<bool, StoreError>;
    fn get_event(&self, id: EntityId) -> Result<Option<EventRow>, StoreError>;
    /// Events by id after `after`, at most `limit`.
    fn list_events(
        &self,
        after: Option<EntityId>,
        limit: usize,
    ) -> Result<Vec<EventRow>, StoreError>;

    /// Registers or updates an employer with its preferences (replacing earlier ones).
    /// Returns true if newly registered.
    fn put_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
        doc: &str,
        preferences: &[(EntityId, Preference)],
    ) -> Result<bool, StoreError>;
    fn remove_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
    ) -> Result<bool, StoreError>;
    /// Registers or updates a candidate with their preferences; returns (participant number,
    /// newly registered). A registered candidate keeps their number.
    fn put_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
        doc: &str,
        preferences: &[(EntityId, Preference)],
    ) -> Result<(u32, bool), StoreError>;
    fn remove_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
    ) -> Result<bool, StoreError>;
    fn registrations(&self, event: EntityId) -> Result<Registrations, StoreError>;

    /// Marks no-shows and absent employers, registers walk-ins, sets `now_slot`.
    fn record_attendance(&self, event: EntityId, a: &AttendanceWrite) -> Result<(), StoreError>;

    /// Replaces the event's schedule and meetings.
    fn save_schedule(&self, event: EntityId, s: &ScheduleRow) -> Result<(), StoreError>;
    fn get_schedule(&self, event: EntityId) -> Result<Option<ScheduleRow>, StoreError>;
    /// Records a meeting's outcome; `false` if the event has no such meeting.
    fn set_outcome(
        &self,
        event: EntityId,
        meeting: EntityId,
        outcome: &str,
        placement: Option<EntityId>,
    ) -> Result<bool, StoreError>;
}
