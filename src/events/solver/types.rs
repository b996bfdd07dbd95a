//! Request and response types of `POST /api/v1/schedule/solve` (the HTTP contract).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A Meeting Point (*Kontaktbörse*) scheduling problem: which employers and candidates take
/// part, which conversations are worth holding, and the resources of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleProblem {
    /// Number of conversation slots of the event; slots are numbered `0..slots`.
    pub slots: u32,
    /// Participating employers (*Arbeitgeber*).
    pub employers: Vec<EmployerSpec>,
    /// Participating candidates (*Bewerberinnen und Bewerber*).
    pub candidates: Vec<CandidateSpec>,
    /// The conversations that may take place; only listed pairs ever meet.
    pub pairs: Vec<PairSpec>,
    /// Interpreters (*Dolmetscher*) available per slot, by language code; a language missing
    /// from the map has none. Default: empty.
    #[serde(default)]
    pub interpreters: BTreeMap<String, u32>,
    /// Meetings fixed in advance; every solution keeps them. Default: empty.
    #[serde(default)]
    pub pinned: Vec<PinnedMeeting>,
}

/// An employer (*Arbeitgeber*) at the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerSpec {
    /// Identifier, unique among employers.
    pub id: String,
    /// Tables the employer staffs, i.e. conversations it can hold in parallel. Default: 1.
    #[serde(default = "one")]
    pub tables: u32,
}

/// A candidate (*Bewerberin/Bewerber*) at the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateSpec {
    /// Identifier, unique among candidates.
    pub id: String,
    /// Slots in which the candidate is present. Default: every slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_slots: Option<Vec<u32>>,
    /// Conversations the candidate should at least get (the first objective counts the
    /// candidates who reach it). Default: 1, or `max_meetings` if that is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_meetings: Option<u32>,
    /// Conversations the candidate holds at most. Default: `slots`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_meetings: Option<u32>,
}

/// An (employer, candidate) conversation that may take place, with its match quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PairSpec {
    /// Employer id.
    pub employer: String,
    /// Candidate id.
    pub candidate: String,
    /// Match quality, finite and non-negative (usually in `[0, 1]`).
    pub score: f64,
    /// Language of the interpreter the conversation needs, or null if none. Default: null.
    #[serde(default)]
    pub interpreter: Option<String>,
}

/// A meeting fixed in advance by the organiser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PinnedMeeting {
    /// Employer id.
    pub employer: String,
    /// Candidate id.
    pub candidate: String,
    /// Slot of the meeting.
    pub slot: u32,
}

/// A solved schedule (*Gesprächsplan*) of a Meeting Point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The conversations, sorted by (slot, employer id, table).
    pub meetings: Vec<Meeting>,
    /// Candidates who get at least their `min_meetings` (the first objective).
    pub candidates_at_min: u32,
    /// Sum of the scores of the meetings (the second objective).
    pub objective: f64,
    /// Proven upper bound on the sum of scores of any valid schedule in which at least
    /// `candidates_at_min` candidates reach their minimum; `(upper_bound - objective) /
    /// upper_bound` is the optimality gap.
    pub upper_bound: f64,
    /// Present only on a re-planned schedule: what changed against the previous one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanSummary>,
}

/// One scheduled conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Employer id.
    pub employer: String,
    /// Candidate id.
    pub candidate: String,
    /// Slot, `0..slots`.
    pub slot: u32,
    /// Table of the employer, numbered from 1.
    pub table: u32,
    /// Interpreter language the conversation uses (the pair's), or null.
    pub interpreter: Option<String>,
}

/// What an event-day re-planning changed in the future part (`slot >= from_slot`) of the
/// previous schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplanSummary {
    /// First slot that was re-planned; earlier meetings are kept as held.
    pub from_slot: u32,
    /// Previous future meetings kept in the same slot.
    pub kept: u32,
    /// Previous future meetings dropped because a participant is absent.
    pub dropped_absent: u32,
    /// Previous future meetings of present participants that were moved or cancelled.
    pub moved_or_cancelled: u32,
    /// Future meetings that were not in the previous schedule (including moved ones in
    /// their new slot and walk-ins).
    pub added: u32,
    /// Future meetings that changed: `moved_or_cancelled + added`.
    pub changed_future_meetings: u32,
}

fn one() -> u32 {
    1
}
