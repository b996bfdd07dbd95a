//! Schedules of stored events: build the problem, solve, store; attendance on the day and
//! re-planning the rest of it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::pairs::{Built, build};
use super::{load_event, parse_doc, registrations_view, to_json};
use crate::app::App;
use crate::domain::event::{MeetingOutcome, Slot};
use crate::domain::{EntityId, FieldError};
use crate::error::AppError;
use crate::events::solver::{PinnedMeeting, ProblemError};
use crate::events::{Meeting, ReplanSummary, Schedule};
use crate::store::events::{MeetingRow, Presence, ScheduleRow};

/// A meeting fixed in advance by the organiser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub employer_id: EntityId,
    pub candidate_id: EntityId,
    pub slot: u32,
}

/// What to keep fixed when scheduling.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    #[serde(default)]
    pub pinned: Vec<Pin>,
}

/// One stored conversation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EventMeeting {
    pub id: EntityId,
    pub slot: u32,
    #[schema(value_type = String)]
    pub start: chrono::NaiveTime,
    #[schema(value_type = String)]
    pub end: chrono::NaiveTime,
    pub employer_id: EntityId,
    /// Null once the person has been erased (a held meeting stays for the statistics).
    pub candidate_id: Option<EntityId>,
    pub participant_no: Option<u32>,
    pub table: u32,
    pub interpreter: Option<String>,
    pub vacancy_id: Option<EntityId>,
    pub score: f64,
    pub outcome: Option<MeetingOutcome>,
    pub placement_id: Option<EntityId>,
}

/// The stored schedule of an event.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EventSchedule {
    pub event_id: EntityId,
    pub slots: Vec<Slot>,
    /// Sorted by (slot, employer, table).
    pub meetings: Vec<EventMeeting>,
    pub candidates_at_min: u32,
    /// Sum of the pair scores (preference bonuses included).
    pub objective: f64,
    /// Proven bound on the best possible objective.
    pub upper_bound: f64,
    /// `(upper_bound - objective) / upper_bound`, 0 when both are 0.
    pub gap: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
    pub now_slot: Option<u32>,
    pub computed_at: DateTime<Utc>,
}

fn solver_error(e: ProblemError) -> AppError {
    // The problem is built from stored data: whatever the solver refuses is a state the
    // request cannot be acted on in (an infeasible pin, a pin of someone not registered).
    AppError::Unprocessable(vec![FieldError::new(
        e.field(),
        e.code().as_str(),
        e.message(),
    )])
}

fn conflict(code: &'static str, message: &str) -> AppError {
    AppError::Conflict {
        code,
        message: message.to_owned(),
        existing: None,
    }
}

fn gap(objective: f64, upper: f64) -> f64 {
    if upper <= 0.0 {
        0.0
    } else {
        ((upper - objective) / upper).max(0.0)
    }
}

/// The stored rows of a solved schedule; meetings the previous schedule had in the same
/// slot keep their id, outcome and placement.
fn to_rows(
    s: &Schedule,
    built: &Built,
    numbers: &BTreeMap<String, u32>,
    previous: &[MeetingRow],
) -> Result<ScheduleRow, AppError> {
    let scores: BTreeMap<(&str, &str), f64> = built
        .problem
        .pairs
        .iter()
        .map(|p| ((p.employer.as_str(), p.candidate.as_str()), p.score))
        .collect();
    let parse = |s: &str| s.parse::<EntityId>().map_err(AppError::internal);
    let mut meetings = Vec::with_capacity(s.meetings.len());
    for m in &s.meetings {
        let (employer, candidate) = (parse(&m.employer)?, parse(&m.candidate)?);
        let old = previous.iter().find(|o| {
            o.employer_id == employer && o.candidate_id == Some(candidate) && o.slot == m.slot
        });
        meetings.push(MeetingRow {
            id: old.map_or_else(EntityId::generate, |o| o.id),
            employer_id: employer,
            candidate_id: Some(candidate),
            participant_no: numbers.get(&m.candidate).copied(),
            vacancy_id: built.info.vacancy.get(&(employer, candidate)).copied(),
            slot: m.slot,
            table: m.table,
            interpreter: m.interpreter.clone(),
            score: scores
                .get(&(m.employer.as_str(), m.candidate.as_str()))
                .copied()
                .unwrap_or(0.0),
            outcome: old.and_then(|o| o.outcome.clone()),
            placement_id: old.and_then(|o| o.placement_id),
        });
    }
    // Held meetings of erased people stay as they were.
    meetings.extend(
        previous
            .iter()
            .filter(|o| o.candidate_id.is_none())
            .cloned(),
    );
    Ok(ScheduleRow {
        candidates_at_min: s.candidates_at_min,
        objective: s.objective,
        upper_bound: s.upper_bound,
        replan: s.replan.as_ref().map(to_json).transpose()?,
        computed_at: Utc::now(),
        meetings,
    })
}

/// The API view of a stored schedule.
pub(crate) fn view(
    event_id: EntityId,
    slots: Vec<Slot>,
    now_slot: Option<u32>,
    row: ScheduleRow,
) -> Result<EventSchedule, AppError> {
    let mut meetings = Vec::with_capacity(row.meetings.len());
    for m in row.meetings {
        let slot = slots.get(m.slot as usize).copied();
        meetings.push(EventMeeting {
            id: m.id,
            slot: m.slot,
            start: slot.map_or(chrono::NaiveTime::MIN, |s| s.start),
            end: slot.map_or(chrono::NaiveTime::MIN, |s| s.end),
            employer_id: m.employer_id,
            candidate_id: m.candidate_id,
            participant_no: m.participant_no,
            table: m.table,
            interpreter: m.interpreter,
            vacancy_id: m.vacancy_id,
            score: m.score,
            outcome: m.outcome.as_deref().map(parse_doc).transpose()?,
            placement_id: m.placement_id,
        });
    }
    Ok(EventSchedule {
        event_id,
        slots,
        meetings,
        candidates_at_min: row.candidates_at_min,
        objective: row.objective,
        upper_bound: row.upper_bound,
        gap: gap(row.objective, row.upper_bound),
        replan: row.replan.as_deref().map(parse_doc).transpose()?,
        now_slot,
        computed_at: row.computed_at,
    })
}

impl App {
    /// Builds the problem from the stored event, solves it and stores the schedule.
    pub async fn schedule_event(
        &self,
        id: EntityId,
        req: ScheduleRequest,
    ) -> Result<EventSchedule, AppError> {
        let (store, events, cache) = (
            self.store.clone(),
            self.event_store(),
            self.features.clone(),
        );
        let out = self
            .cpu
            .run(move || {
                let (row, event) = load_event(&*events, id)?;
                let regs = registrations_view(&events.registrations(id)?)?;
                let pinned = req
                    .pinned
                    .iter()
                    .map(|p| PinnedMeeting {
                        employer: p.employer_id.to_string(),
                        candidate: p.candidate_id.to_string(),
                        slot: p.slot,
                    })
                    .collect();
                let built = build(&*store, &cache, &event, &regs, pinned)?;
                let schedule = crate::events::solve(&built.problem).map_err(solver_error)?;
                let numbers = regs
                    .candidates
                    .iter()
                    .map(|c| (c.candidate_id.to_string(), c.participant_no))
                    .collect();
                let previous = events
                    .get_schedule(id)?
                    .map(|s| s.meetings)
                    .unwrap_or_default();
                let rows = to_rows(&schedule, &built, &numbers, &previous)?;
                events.save_schedule(id, &rows)?;
                view(id, built.slots, row.now_slot, rows)
            })
            .await??;
        tracing::info!(event.id = %id, meetings = out.meetings.len(), candidates_at_min = out.candidates_at_min, gap = out.gap, "event scheduled");
        Ok(out)
    }

    /// The solver's problem as the stored event gives it now (tests and diagnostics).
    pub async fn event_problem(
        &self,
        id: EntityId,
    ) -> Result<crate::events::ScheduleProblem, AppError> {
        let (store, events, cache) = (
            self.store.clone(),
            self.event_store(),
            self.features.clone(),
        );
        self.cpu
            .run(move || {
                let (_, event) = load_event(&*events, id)?;
                let regs = registrations_view(&events.registrations(id)?)?;
                Ok(build(&*store, &cache, &event, &regs, Vec::new())?.problem)
            })
            .await?
    }

    /// The stored schedule; 404 `not_found` before the first scheduling.
    pub async fn event_schedule(&self, id: EntityId) -> Result<EventSchedule, AppError> {
        let events = self.event_store();
        self.cpu
            .run(move || {
                let (row, event) = load_event(&*events, id)?;
                let s = events.get_schedule(id)?.ok_or(AppError::NoSuch {
                    what: "schedule of event",
                    id: id.to_string(),
                })?;
                view(id, event.slots(), row.now_slot, s)
            })
            .await?
    }

    /// Re-plans the rest of the event day from the stored `now_slot`: meetings already held
    /// stay, no-shows and absent employers get no further meetings, walk-ins join, and as few
    /// future meetings as possible change. 409 `no_schedule` before a schedule exists,
    /// 409 `no_attendance` before attendance was recorded.
    pub async fn replan_event(&self, id: EntityId) -> Result<EventSchedule, AppError> {
        let (store, events, cache) = (
            self.store.clone(),
            self.event_store(),
            self.features.clone(),
        );
        let out = self
            .cpu
            .run(move || {
                let (row, event) = load_event(&*events, id)?;
                let stored = events.get_schedule(id)?.ok_or_else(|| {
                    conflict(
                        "no_schedule",
                        "the event has no schedule yet: schedule it first",
                    )
                })?;
                let from = row.now_slot.ok_or_else(|| {
                    conflict("no_attendance", "record the attendance (now_slot) first")
                })?;
                let raw = events.registrations(id)?;
                let regs = registrations_view(&raw)?;
                let built = build(&*store, &cache, &event, &regs, Vec::new())?;
                let known_c: BTreeSet<&str> = built
                    .problem
                    .candidates
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect();
                let known_e: BTreeSet<&str> = built
                    .problem
                    .employers
                    .iter()
                    .map(|e| e.id.as_str())
                    .collect();
                let previous = Schedule {
                    meetings: stored
                        .meetings
                        .iter()
                        .filter_map(|m| {
                            let c = m.candidate_id?.to_string();
                            let e = m.employer_id.to_string();
                            (known_c.contains(c.as_str()) && known_e.contains(e.as_str())).then(
                                || Meeting {
                                    employer: e,
                                    candidate: c,
                                    slot: m.slot,
                                    table: m.table,
                                    interpreter: m.interpreter.clone(),
                                },
                            )
                        })
                        .collect(),
                    candidates_at_min: stored.candidates_at_min,
                    objective: stored.objective,
                    upper_bound: stored.upper_bound,
                    replan: None,
                };
                let mut absent: Vec<String> = raw
                    .candidates
                    .iter()
                    .filter(|c| c.presence == Presence::NoShow)
                    .map(|c| c.candidate_id.to_string())
                    .filter(|c| known_c.contains(c.as_str()))
                    .collect();
                absent.extend(
                    raw.employers
                        .iter()
                        .filter(|e| !e.present)
                        .map(|e| e.employer_id.to_string()),
                );
                let schedule = crate::events::replan(&built.problem, &previous, from, &absent)
                    .map_err(solver_error)?;
                let numbers = regs
                    .candidates
                    .iter()
                    .map(|c| (c.candidate_id.to_string(), c.participant_no))
                    .collect();
                let rows = to_rows(&schedule, &built, &numbers, &stored.meetings)?;
                events.save_schedule(id, &rows)?;
                view(id, built.slots, row.now_slot, rows)
            })
            .await??;
        tracing::info!(event.id = %id, meetings = out.meetings.len(), "event re-planned");
        Ok(out)
    }
}
