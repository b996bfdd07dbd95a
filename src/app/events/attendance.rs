//! Attendance on the event day: no-shows, absent employers, walk-ins, and how far the day
//! has gone.

use super::{EventRegistrations, load_event, registrations_view, to_json};
use crate::app::App;
use crate::domain::EntityId;
use crate::domain::event::{Attendance, CandidateRegistration, RegistrationStatus};
use crate::domain::validation::Problems;
use crate::error::AppError;
use crate::store::Entity;
use crate::store::events::AttendanceWrite;

impl App {
    /// Records no-shows, absent employers and walk-ins, and how far the day has gone.
    pub async fn record_attendance(
        &self,
        id: EntityId,
        a: Attendance,
    ) -> Result<EventRegistrations, AppError> {
        a.validate().map_err(AppError::Invalid)?;
        let (store, events) = (self.store.clone(), self.event_store());
        self.cpu
            .run(move || {
                let (_, event) = load_event(&*events, id)?;
                let regs = events.registrations(id)?;
                let mut p = Problems::default();
                p.check(
                    a.now_slot as usize > event.slots().len(),
                    "now_slot",
                    "out_of_range",
                    "now_slot is at most the number of slots",
                );
                for (i, c) in a.no_shows.iter().enumerate() {
                    p.check(
                        !regs.candidates.iter().any(|r| r.candidate_id == *c),
                        format!("no_shows[{i}]"),
                        "not_registered",
                        "the candidate is not registered for this event",
                    );
                }
                for (i, e) in a.absent_employers.iter().enumerate() {
                    p.check(
                        !regs.employers.iter().any(|r| r.employer_id == *e),
                        format!("absent_employers[{i}]"),
                        "not_registered",
                        "the employer is not registered for this event",
                    );
                }
                let mut walk_ins = Vec::new();
                for (i, w) in a.walk_ins.iter().enumerate() {
                    if store.get(Entity::Candidate, w.candidate_id)?.is_none() {
                        p.push(
                            format!("walk_ins[{i}].candidate_id"),
                            "unknown_candidate",
                            "no candidate with this id",
                        );
                        continue;
                    }
                    let reg = CandidateRegistration {
                        status: RegistrationStatus::Confirmed,
                        available_from: event.slots().get(a.now_slot as usize).map(|s| s.start),
                        available_until: None,
                        max_meetings: w.max_meetings,
                        min_meetings: 1,
                        preferences: Vec::new(),
                    };
                    walk_ins.push((w.candidate_id, to_json(&reg)?));
                }
                p.finish().map_err(AppError::Unprocessable)?;
                events.record_attendance(
                    id,
                    &AttendanceWrite {
                        now_slot: a.now_slot,
                        no_shows: a.no_shows.clone(),
                        absent_employers: a.absent_employers.clone(),
                        walk_ins,
                    },
                )?;
                registrations_view(&events.registrations(id)?)
            })
            .await?
    }
}
