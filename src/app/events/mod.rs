//! Meeting Point use cases (*Kontaktbörse*): events and registrations (here), invitation
//! suggestions, schedules and re-planning, agendas, outcomes.
//!
//! Privacy: nothing here returns or logs a candidate's name, contact, birth date,
//! nationality, residence status or notes; candidates appear by id and participant number.

mod agenda;
mod outcome;
mod pairs;
mod schedule;
mod suggest;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{App, Page};
use crate::domain::event::{
    CandidateRegistration, EmployerRegistration, Event, Preference, RegistrationStatus, Slot,
};
use crate::domain::{Candidate, EntityId, FieldError, Vacancy};
use crate::error::AppError;
use crate::store::events::{EventRow, PreferenceBy, Registrations};
use crate::store::{Entity, EventStore, Store};

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

/// Checks that the employer's vacancies exist and are its own.
fn check_vacancies(
    store: &dyn Store,
    employer: EntityId,
    reg: &EmployerRegistration,
) -> Result<(), AppError> {
    for (i, &v) in reg.vacancy_ids.iter().enumerate() {
        let field = format!("vacancy_ids[{i}]");
        let rec = store
            .get(Entity::Vacancy, v)?
            .ok_or_else(|| unprocessable(field.clone(), "unknown_vacancy", "no such vacancy"))?;
        let vacancy: Vacancy = parse_doc(&rec.doc)?;
        if vacancy.employer_id != employer {
            return Err(unprocessable(
                field,
                "vacancy_of_other_employer",
                "the vacancy belongs to another employer",
            ));
        }
    }
    for (i, p) in reg.preferences.iter().enumerate() {
        if store.get(Entity::Candidate, p.candidate_id)?.is_none() {
            return Err(unprocessable(
                format!("preferences[{i}].candidate_id"),
                "unknown_candidate",
                "no such candidate",
            ));
        }
    }
    Ok(())
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

    /// Registers an employer with the vacancies it brings (or updates the registration).
    /// Returns the registration and whether it is new.
    pub async fn put_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
        reg: EmployerRegistration,
    ) -> Result<(EmployerAtEvent, bool), AppError> {
        reg.validate().map_err(AppError::Invalid)?;
        let (store, events) = (self.store.clone(), self.events.clone());
        let created = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                if store.get(Entity::Employer, employer)?.is_none() {
                    return Err(AppError::NotFound {
                        entity: Entity::Employer,
                        id: employer.to_string(),
                    });
                }
                check_vacancies(&*store, employer, &reg)?;
                let prefs: Vec<(EntityId, Preference)> = reg
                    .preferences
                    .iter()
                    .map(|p| (p.candidate_id, p.preference))
                    .collect();
                let doc = to_json(&EmployerRegistration {
                    preferences: Vec::new(),
                    ..reg.clone()
                })?;
                let created = events.put_event_employer(event, employer, &doc, &prefs)?;
                Ok::<_, AppError>((
                    EmployerAtEvent {
                        employer_id: employer,
                        registration: reg,
                        present: true,
                    },
                    created,
                ))
            })
            .await??;
        tracing::info!(event.id = %event, employer.id = %employer, "employer registered");
        Ok(created)
    }

    pub async fn remove_event_employer(
        &self,
        event: EntityId,
        employer: EntityId,
    ) -> Result<(), AppError> {
        let events = self.events.clone();
        let removed = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                Ok::<_, AppError>(events.remove_event_employer(event, employer)?)
            })
            .await??;
        if !removed {
            return Err(AppError::NoSuch {
                what: "employer registration",
                id: employer.to_string(),
            });
        }
        Ok(())
    }

    /// Registers a candidate (or updates the registration); the participant number stays.
    pub async fn put_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
        reg: CandidateRegistration,
    ) -> Result<(CandidateAtEvent, bool), AppError> {
        reg.validate().map_err(AppError::Invalid)?;
        let (store, events) = (self.store.clone(), self.events.clone());
        let out = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                let rec = store
                    .get(Entity::Candidate, candidate)?
                    .ok_or(AppError::NotFound {
                        entity: Entity::Candidate,
                        id: candidate.to_string(),
                    })?;
                let _: Candidate = parse_doc(&rec.doc)?;
                let registered = events.registrations(event)?;
                for (i, p) in reg.preferences.iter().enumerate() {
                    if !registered
                        .employers
                        .iter()
                        .any(|e| e.employer_id == p.employer_id)
                    {
                        return Err(unprocessable(
                            format!("preferences[{i}].employer_id"),
                            "employer_not_registered",
                            "the employer is not registered for this event",
                        ));
                    }
                }
                let prefs: Vec<(EntityId, Preference)> = reg
                    .preferences
                    .iter()
                    .map(|p| (p.employer_id, p.preference))
                    .collect();
                let doc = to_json(&CandidateRegistration {
                    preferences: Vec::new(),
                    ..reg.clone()
                })?;
                let (no, created) = events.put_event_candidate(event, candidate, &doc, &prefs)?;
                let attendance = registered
                    .candidates
                    .iter()
                    .find(|c| c.candidate_id == candidate)
                    .map_or("expected", |c| c.presence.as_str())
                    .to_owned();
                Ok::<_, AppError>((
                    CandidateAtEvent {
                        candidate_id: candidate,
                        participant_no: no,
                        registration: reg,
                        attendance,
                    },
                    created,
                ))
            })
            .await??;
        tracing::info!(event.id = %event, candidate.id = %candidate, participant_no = out.0.participant_no, "candidate registered");
        Ok(out)
    }

    pub async fn remove_event_candidate(
        &self,
        event: EntityId,
        candidate: EntityId,
    ) -> Result<(), AppError> {
        let events = self.events.clone();
        let removed = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                Ok::<_, AppError>(events.remove_event_candidate(event, candidate)?)
            })
            .await??;
        if !removed {
            return Err(AppError::NoSuch {
                what: "candidate registration",
                id: candidate.to_string(),
            });
        }
        Ok(())
    }

    /// Everyone registered for an event.
    pub async fn event_registrations(
        &self,
        event: EntityId,
    ) -> Result<EventRegistrations, AppError> {
        let events = self.events.clone();
        self.cpu
            .run(move || {
                load_event(&*events, event)?;
                registrations_view(&events.registrations(event)?)
            })
            .await?
    }

    fn event_store(&self) -> Arc<dyn EventStore> {
        self.events.clone()
    }
}

/// Whether a candidate registration takes part in the schedule.
pub(crate) fn scheduled(reg: &CandidateRegistration) -> bool {
    reg.status == RegistrationStatus::Confirmed
}
