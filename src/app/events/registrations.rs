//! Registrations: employers with the vacancies they bring, candidates with availability,
//! meeting limits, status and preferences.

use super::{
    CandidateAtEvent, EmployerAtEvent, EventRegistrations, load_event, parse_doc,
    registrations_view, to_json, unprocessable,
};
use crate::app::App;
use crate::domain::event::{CandidateRegistration, EmployerRegistration, Preference};
use crate::domain::{Candidate, EntityId, Vacancy};
use crate::error::AppError;
use crate::store::{Entity, EventStore, Store, StoreError};

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
        self.remove_registration(event, employer, "employer registration", |s, e, id| {
            s.remove_event_employer(e, id)
        })
        .await
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
        self.remove_registration(event, candidate, "candidate registration", |s, e, id| {
            s.remove_event_candidate(e, id)
        })
        .await
    }

    /// Removes one registration of an existing event; 404 if there was none.
    async fn remove_registration(
        &self,
        event: EntityId,
        who: EntityId,
        what: &'static str,
        remove: fn(&dyn EventStore, EntityId, EntityId) -> Result<bool, StoreError>,
    ) -> Result<(), AppError> {
        let events = self.events.clone();
        let removed = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                Ok::<_, AppError>(remove(&*events, event, who)?)
            })
            .await??;
        if !removed {
            return Err(AppError::NoSuch {
                what,
                id: who.to_string(),
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
}
