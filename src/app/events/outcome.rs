//! Outcomes of conversations; a hire becomes a placement (*Vermittlung*) through the
//! placement use case, with source `meeting_point` and the event named.

use serde::Serialize;
use utoipa::ToSchema;

use super::{load_event, to_json};
use crate::app::{App, PlacementRecord};
use crate::domain::event::MeetingOutcome;
use crate::domain::{EntityId, Placement, PlacementSource, ShortText};
use crate::error::AppError;

/// A recorded outcome and, for a hire, its placement.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OutcomeRecord {
    pub meeting_id: EntityId,
    pub outcome: MeetingOutcome,
    pub placement: Option<PlacementRecord>,
}

fn no_meeting(id: EntityId) -> AppError {
    AppError::NoSuch {
        what: "meeting",
        id: id.to_string(),
    }
}

impl App {
    /// Records what came of a meeting. A hire creates one placement (a second recording
    /// keeps the first placement); the placement checks (vacancy positions left, the
    /// municipality) apply.
    pub async fn record_outcome(
        &self,
        event: EntityId,
        meeting: EntityId,
        outcome: MeetingOutcome,
    ) -> Result<OutcomeRecord, AppError> {
        let events = self.event_store();
        let stored = self
            .cpu
            .run(move || {
                load_event(&*events, event)?;
                let schedule = events
                    .get_schedule(event)?
                    .ok_or_else(|| no_meeting(meeting))?;
                schedule
                    .meetings
                    .into_iter()
                    .find(|m| m.id == meeting)
                    .ok_or_else(|| no_meeting(meeting))
            })
            .await??;
        let mut placement = None;
        if let Some(hire) = &outcome.hired
            && stored.placement_id.is_none()
        {
            let candidate = stored.candidate_id.ok_or_else(|| AppError::Conflict {
                code: "candidate_erased",
                message: "the person of this meeting has been erased".into(),
                existing: None,
            })?;
            let event_ref = ShortText::parse(&event.to_string()).map_err(AppError::internal)?;
            // One placement per meeting, also when recording the outcome failed after the
            // placement was written and is tried again.
            let meeting_ref =
                ShortText::parse(&format!("meeting-{meeting}")).map_err(AppError::internal)?;
            let created = self
                .create_placement(Placement {
                    external_ref: Some(meeting_ref),
                    candidate_id: Some(candidate),
                    employer_id: stored.employer_id,
                    vacancy_id: stored.vacancy_id,
                    placement_type: hire.placement_type,
                    start_date: hire.start_date,
                    municipality: hire.municipality.clone(),
                    source: PlacementSource::MeetingPoint,
                    event_id: Some(event_ref),
                    probation_end: None,
                    ended_on: None,
                    end_reason: None,
                })
                .await;
            let created = match created {
                Err(AppError::Conflict {
                    existing: Some(id), ..
                }) => self.get_placement(id).await,
                other => other,
            };
            let record = created.map_err(|e| match e {
                AppError::Unprocessable(errs) | AppError::Invalid(errs) => AppError::Unprocessable(
                    errs.into_iter()
                        .map(|mut f| {
                            if f.field == "municipality" {
                                f.field = "hired.municipality".into();
                            }
                            f
                        })
                        .collect(),
                ),
                other => other,
            })?;
            placement = Some(record);
        } else if let Some(id) = stored.placement_id {
            placement = Some(self.get_placement(id).await?);
        }
        let doc = to_json(&outcome)?;
        let events = self.event_store();
        let placement_id = placement.as_ref().map(|p| p.id);
        let found = self
            .cpu
            .run(move || events.set_outcome(event, meeting, &doc, placement_id))
            .await??;
        if !found {
            return Err(no_meeting(meeting));
        }
        tracing::info!(event.id = %event, meeting.id = %meeting, placement.id = ?placement_id, "meeting outcome recorded");
        Ok(OutcomeRecord {
            meeting_id: meeting,
            outcome,
            placement,
        })
    }
}
