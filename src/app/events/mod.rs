//! Meeting Point use cases (*Kontaktbörse*): events and registrations (here), invitation
//! suggestions, schedules and re-planning, agendas, outcomes.
//!
//! Privacy: nothing here returns or logs a candidate's name, contact, birth date,
//! nationality, residence status or notes; candidates appear by id and participant number.

mod agenda;
mod attendance;
mod outcome;
mod pairs;
mod registrations;
mod schedule;
mod suggest;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{App, Page};
use crate::domain::event::{
    CandidateRegistration, EmployerRegistration, Event, RegistrationStatus, Slot,
};
use crate::domain::{EntityId, FieldError};
use crate::error::AppError;
use crate::store::EventStore;
use crate::store::events::{EventRow, PreferenceBy, Registrations};

pub use agenda::{AgendaFormat, AgendaQuery, Rendered};
pub use outcome::OutcomeRecord;
pub use schedule::{EventMeeting, EventSchedule, Pin, ScheduleRequest};
pub use suggest::{SuggestParams, Suggestion, SuggestionList, VacancySuggestions};

/// A stored event as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EventRecord {
    pub id: EntityId,
    #[serde(flatten)]
    pub event: Event,
    /// The conversation slots the programme gives.
    pub slots: Vec<Slot>,
    /// First slot not yet held (set with the attendance on the event day).
    pub now_slot: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A registered employer.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EmployerAtEvent {
    pub employer_id: EntityId,
    #[serde(flatten)]
    pub registration: EmployerRegistration,
    /// False once marked absent on the day.
    pub present: bool,
}

/// A registered candidate: by id and participant number only.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CandidateAtEvent {
    pub candidate_id: EntityId,
    pub participant_no: u32,
    #[serde(flatten)]
    pub registration: CandidateRegistration,
    /// `expected`, `no_show` or `walk_in`.
    pub attendance: String,
}

/// Everyone registered for an event.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EventRegistrations {
    pub employers: Vec<EmployerAtEvent>,
    pub candidates: Vec<CandidateAtEvent>,
}

pub(crate) fn no_event(id: EntityId) -> AppError {
    AppError::NoSuch {
        what: "event",
        id: id.to_string(),
    }
}

fn unprocessable(field: String, code: &str, message: &str) -> AppError {
    AppError::Unprocessable(vec![FieldError::new(field, code, message)])
}

pub(crate) fn parse_doc<T: serde::de::DeserializeOwned>(doc: &str) -> Result<T, AppError> {
    serde_json::from_str(doc).map_err(AppError::internal)
}

fn to_json<T: Serialize>(v: &T) -> Result<String, AppError> {
    serde_json::to_string(v).map_err(AppError::internal)
}

/// The stored event, parsed.
pub(crate) fn load_event(
    events: &dyn EventStore,
    id: EntityId,
) -> Result<(EventRow, Event), AppError> {
    let row = events.get_event(id)?.ok_or_else(|| no_event(id))?;
    let event = parse_doc(&row.doc)?;
    Ok((row, event))
}

fn record(row: EventRow, event: Event) -> EventRecord {
    EventRecord {
        id: row.id,
        slots: event.slots(),
        event,
        now_slot: row.now_slot,
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
    }
}

/// Registrations with each side's preferences put back into its document.
pub(crate) fn registrations_view(r: &Registrations) -> Result<EventRegistrations, AppError> {
    let mut employers = Vec::with_capacity(r.employers.len());
    for e in &r.employers {
        let mut registration: EmployerRegistration = parse_doc(&e.doc)?;
        registration.preferences = r
            .preferences
            .iter()
            .filter(|p| p.by == PreferenceBy::Employer && p.employer_id == e.employer_id)
            .map(|p| crate::domain::event::CandidatePreference {
                candidate_id: p.candidate_id,
                preference: p.preference,
            })
            .collect();
        employers.push(EmployerAtEvent {
            employer_id: e.employer_id,
            registration,
            present: e.present,
        });
    }
    let mut candidates = Vec::with_capacity(r.candidates.len());
    for c in &r.candidates {
        let mut registration: CandidateRegistration = parse_doc(&c.doc)?;
        registration.preferences = r
            .preferences
            .iter()
            .filter(|p| p.by == PreferenceBy::Candidate && p.candidate_id == c.candidate_id)
            .map(|p| crate::domain::event::EmployerPreference {
                employer_id: p.employer_id,
                preference: p.preference,
            })
            .collect();
        candidates.push(CandidateAtEvent {
            candidate_id: c.candidate_id,
            participant_no: c.participant_no,
            registration,
            attendance: c.presence.as_str().to_owned(),
        });
    }
    Ok(EventRegistrations {
        employers,
        candidates,
    })
}

impl App {
    /// Creates an event.
    pub async fn create_event(&self, event: Event) -> Result<EventRecord, AppError> {
        event.validate().map_err(AppError::Invalid)?;
        let events = self.events.clone();
        let id = EntityId::generate();
        let doc = to_json(&event)?;
        let row = self
            .cpu
            .run(move || {
                events.insert_event(id, &doc)?;
                events.get_event(id)?.ok_or_else(|| no_event(id))
            })
            .await??;
        tracing::info!(event.id = %id, "event created");
        Ok(record(row, event))
    }

    /// Replaces an event's details (a stored schedule is kept; schedule again to follow).
    pub async fn replace_event(&self, id: EntityId, event: Event) -> Result<EventRecord, AppError> {
        event.validate().map_err(AppError::Invalid)?;
        let events = self.events.clone();
        let doc = to_json(&event)?;
        let row = self
            .cpu
            .run(move || {
                if !events.replace_event(id, &doc)? {
                    return Err(no_event(id));
                }
                events.get_event(id)?.ok_or_else(|| no_event(id))
            })
            .await??;
        tracing::info!(event.id = %id, "event replaced");
        Ok(record(row, event))
    }

    pub async fn get_event(&self, id: EntityId) -> Result<EventRecord, AppError> {
        let events = self.events.clone();
        let (row, event) = self.cpu.run(move || load_event(&*events, id)).await??;
        Ok(record(row, event))
    }

    /// Deletes an event with its registrations, schedule and outcomes (placements stay).
    pub async fn delete_event(&self, id: EntityId) -> Result<(), AppError> {
        let events = self.events.clone();
        if !self.cpu.run(move || events.delete_event(id)).await?? {
            return Err(no_event(id));
        }
        tracing::info!(event.id = %id, "event deleted");
        Ok(())
    }

    /// Events by id, a page at a time.
    pub async fn list_events(
        &self,
        after: Option<EntityId>,
        limit: usize,
    ) -> Result<Page<EventRecord>, AppError> {
        let events = self.events.clone();
        let rows = self
            .cpu
            .run(move || events.list_events(after, limit + 1))
            .await??;
        let more = rows.len() > limit;
        let mut items = Vec::with_capacity(limit);
        for row in rows.into_iter().take(limit) {
            let event = parse_doc(&row.doc)?;
            items.push(record(row, event));
        }
        let next_after = if more {
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page { items, next_after })
    }

    fn event_store(&self) -> Arc<dyn EventStore> {
        self.events.clone()
    }
}

/// Whether a candidate registration takes part in the schedule.
pub(crate) fn scheduled(reg: &CandidateRegistration) -> bool {
    reg.status == RegistrationStatus::Confirmed
}
