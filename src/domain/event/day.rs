//! The event day: attendance, and what came of each conversation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::three;
use crate::domain::ids::EntityId;
use crate::domain::placement::PlacementType;
use crate::domain::text::ShortText;
use crate::domain::validation::{FieldError, Problems};

/// What happened in one conversation (*Ergebnis*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingOutcome {
    /// Both sides want to stay in touch.
    #[serde(default)]
    pub interest: bool,
    #[serde(default)]
    pub internship_offered: bool,
    #[serde(default)]
    pub job_offered: bool,
    #[serde(default)]
    pub ausbildung_offered: bool,
    /// The person was hired: becomes a placement (*Vermittlung*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hired: Option<Hire>,
}

/// A hire from a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Hire {
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    /// Default: the candidate's municipality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<ShortText>,
}

/// Who is (not) there on the event day, and how far the day has gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// The first slot not yet held: earlier meetings are history.
    pub now_slot: u32,
    /// Candidates who did not come (or left).
    #[serde(default)]
    pub no_shows: Vec<EntityId>,
    /// Employers who did not come (or left).
    #[serde(default)]
    pub absent_employers: Vec<EntityId>,
    /// Candidates who came without being confirmed; registered as confirmed.
    #[serde(default)]
    pub walk_ins: Vec<WalkIn>,
}

/// A candidate who walked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    pub candidate_id: EntityId,
    /// Default: 3.
    #[serde(default = "three")]
    pub max_meetings: u32,
}

impl Attendance {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.cap(&self.no_shows, 10_000, "no_shows");
        p.cap(&self.walk_ins, 10_000, "walk_ins");
        p.unique(
            &self.walk_ins,
            |w| w.candidate_id,
            "walk_ins",
            "candidate_id",
        );
        for (i, w) in self.walk_ins.iter().enumerate() {
            p.check(
                !(1..=20).contains(&w.max_meetings),
                format!("walk_ins[{i}].max_meetings"),
                "out_of_range",
                "max_meetings must be between 1 and 20",
            );
            if self.no_shows.contains(&w.candidate_id) {
                p.push(
                    format!("walk_ins[{i}].candidate_id"),
                    "also_no_show",
                    "a walk-in cannot be a no-show",
                );
            }
        }
        p.finish()
    }
}
