//! Registrations at an event: employers with vacancies, candidates with availability, and
//! the preferences of both sides.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{MAX_TABLES, Slot, TimeOfDay, one, three};
use crate::domain::ids::EntityId;
use crate::domain::validation::{FieldError, Problems};

/// A preference for or against meeting someone; it enters the pair's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    /// Adds [`Preference::MUST_MEET_BONUS`] to the score.
    MustMeet,
    /// Adds [`Preference::WOULD_LIKE_BONUS`] to the score.
    WouldLike,
    /// The pair does not meet and is not suggested.
    No,
}

impl Preference {
    pub const MUST_MEET_BONUS: f64 = 1.0;
    pub const WOULD_LIKE_BONUS: f64 = 0.2;

    pub fn as_str(self) -> &'static str {
        match self {
            Preference::MustMeet => "must_meet",
            Preference::WouldLike => "would_like",
            Preference::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Preference> {
        [Preference::MustMeet, Preference::WouldLike, Preference::No]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// An employer's preference about one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidatePreference {
    pub candidate_id: EntityId,
    pub preference: Preference,
}

/// A candidate's preference about one employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerPreference {
    pub employer_id: EntityId,
    pub preference: Preference,
}

/// An employer at an event, with the vacancies it brings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployerRegistration {
    pub vacancy_ids: Vec<EntityId>,
    /// Default: the event's `tables_per_employer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tables: Option<u32>,
    #[serde(default)]
    pub preferences: Vec<CandidatePreference>,
}

impl EmployerRegistration {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            self.vacancy_ids.is_empty(),
            "vacancy_ids",
            "required",
            "an employer brings at least one vacancy",
        );
        p.cap(&self.vacancy_ids, 50, "vacancy_ids");
        p.unique(&self.vacancy_ids, |v| *v, "vacancy_ids", "id");
        if let Some(t) = self.tables {
            p.check(
                !(1..=MAX_TABLES).contains(&t),
                "tables",
                "out_of_range",
                "tables must be between 1 and 20",
            );
        }
        p.cap(&self.preferences, 1000, "preferences");
        p.unique(
            &self.preferences,
            |x| x.candidate_id,
            "preferences",
            "candidate_id",
        );
        p.finish()
    }
}

/// Where a candidate stands with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Invited,
    /// Confirmed by the organiser: takes part in the schedule.
    Confirmed,
    Declined,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Invited => "invited",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Declined => "declined",
        }
    }
}

/// A candidate at an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateRegistration {
    pub status: RegistrationStatus,
    /// Present from (default: the event's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "09:00")]
    pub available_from: Option<TimeOfDay>,
    /// Present until (default: the event's end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "12:00")]
    pub available_until: Option<TimeOfDay>,
    /// Conversations at most, 1–20. Default: 3.
    #[serde(default = "three")]
    pub max_meetings: u32,
    /// Conversations the schedule tries to give everyone. Default: 1.
    #[serde(default = "one")]
    pub min_meetings: u32,
    #[serde(default)]
    pub preferences: Vec<EmployerPreference>,
}

impl CandidateRegistration {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            !(1..=20).contains(&self.max_meetings),
            "max_meetings",
            "out_of_range",
            "max_meetings must be between 1 and 20",
        );
        p.check(
            self.max_meetings >= 1 && self.min_meetings > self.max_meetings,
            "min_meetings",
            "above_max",
            "min_meetings may not exceed max_meetings",
        );
        if let (Some(f), Some(u)) = (self.available_from, self.available_until) {
            p.check(
                u <= f,
                "available_until",
                "before_from",
                "available_until must be after available_from",
            );
        }
        p.cap(&self.preferences, 200, "preferences");
        p.unique(
            &self.preferences,
            |x| x.employer_id,
            "preferences",
            "employer_id",
        );
        p.finish()
    }

    /// The slots the candidate is present for in full.
    pub fn available_slots(&self, slots: &[Slot]) -> Vec<u32> {
        slots
            .iter()
            .filter(|s| {
                self.available_from.is_none_or(|f| f <= s.start)
                    && self.available_until.is_none_or(|u| s.end <= u)
            })
            .map(|s| s.slot)
            .collect()
    }
}
