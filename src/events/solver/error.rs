//! Errors of the schedule solver: invalid input versus pins that cannot all be kept.

use serde::Serialize;
use utoipa::ToSchema;

/// Whether the request is malformed or well-formed but its pinned meetings are infeasible.
/// The HTTP layer maps `InvalidInput` to 400 and `InfeasiblePin` to 422.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemErrorKind {
    /// A field is malformed, inconsistent or beyond the supported size.
    InvalidInput,
    /// A pinned meeting (or a previous meeting that must be kept) cannot be kept.
    InfeasiblePin,
}

/// Stable machine-readable error codes (serialised in snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// `slots` is 0 or above the supported maximum.
    SlotsOutOfRange,
    /// A list or number exceeds the supported size.
    TooLarge,
    /// An id is empty or too long.
    InvalidId,
    /// Two employers share an id.
    DuplicateEmployer,
    /// Two candidates share an id.
    DuplicateCandidate,
    /// The same (employer, candidate) pair is listed twice.
    DuplicatePair,
    /// An employer id that no employer has.
    UnknownEmployer,
    /// A candidate id that no candidate has.
    UnknownCandidate,
    /// An employer with 0 tables.
    ZeroTables,
    /// A slot number not below `slots`.
    SlotOutOfRange,
    /// A slot listed twice in `available_slots`.
    DuplicateSlot,
    /// `max_meetings` below `min_meetings`.
    MaxBelowMin,
    /// A score that is NaN, infinite, negative or above the supported maximum.
    InvalidScore,
    /// An empty or overlong interpreter language code.
    InvalidLanguage,
    /// A pinned pair that is not listed in `pairs`.
    PinnedPairNotListed,
    /// The same pair pinned twice.
    PinnedPairTwice,
    /// A pin in a slot the candidate is not available in.
    PinnedCandidateUnavailable,
    /// Two pins for one candidate in one slot.
    PinnedCandidateSlotTaken,
    /// More pins for an employer in one slot than it has tables.
    PinnedTablesExceeded,
    /// More pins needing one interpreter language in one slot than there are interpreters.
    PinnedInterpreterCapacityExceeded,
    /// More pins for a candidate than its `max_meetings`.
    PinnedMaxMeetingsExceeded,
    /// `from_slot` of a re-planning is beyond the last slot.
    FromSlotOutOfRange,
}

impl ErrorCode {
    /// The stable snake_case code, as used in problem+json responses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SlotsOutOfRange => "slots_out_of_range",
            Self::TooLarge => "too_large",
            Self::InvalidId => "invalid_id",
            Self::DuplicateEmployer => "duplicate_employer",
            Self::DuplicateCandidate => "duplicate_candidate",
            Self::DuplicatePair => "duplicate_pair",
            Self::UnknownEmployer => "unknown_employer",
            Self::UnknownCandidate => "unknown_candidate",
            Self::ZeroTables => "zero_tables",
            Self::SlotOutOfRange => "slot_out_of_range",
            Self::DuplicateSlot => "duplicate_slot",
            Self::MaxBelowMin => "max_below_min",
            Self::InvalidScore => "invalid_score",
            Self::InvalidLanguage => "invalid_language",
            Self::PinnedPairNotListed => "pinned_pair_not_listed",
            Self::PinnedPairTwice => "pinned_pair_twice",
            Self::PinnedCandidateUnavailable => "pinned_candidate_unavailable",
            Self::PinnedCandidateSlotTaken => "pinned_candidate_slot_taken",
            Self::PinnedTablesExceeded => "pinned_tables_exceeded",
            Self::PinnedInterpreterCapacityExceeded => "pinned_interpreter_capacity_exceeded",
            Self::PinnedMaxMeetingsExceeded => "pinned_max_meetings_exceeded",
            Self::FromSlotOutOfRange => "from_slot_out_of_range",
        }
    }

    /// Whether the code reports an infeasible pin rather than malformed input.
    pub fn kind(self) -> ProblemErrorKind {
        match self {
            Self::PinnedPairNotListed
            | Self::PinnedPairTwice
            | Self::PinnedCandidateUnavailable
            | Self::PinnedCandidateSlotTaken
            | Self::PinnedTablesExceeded
            | Self::PinnedInterpreterCapacityExceeded
            | Self::PinnedMaxMeetingsExceeded => ProblemErrorKind::InfeasiblePin,
            _ => ProblemErrorKind::InvalidInput,
        }
    }
}

/// A rejected scheduling problem. `field` is a JSON path into the request (for example
/// `pairs[3].candidate` or `pinned[2]`); the message names ids and numbers only, never
/// personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ProblemError {
    code: ErrorCode,
    field: String,
    message: String,
}

impl ProblemError {
    pub(crate) fn new(
        code: ErrorCode,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// Invalid input or infeasible pin.
    pub fn kind(&self) -> ProblemErrorKind {
        self.code.kind()
    }

    /// JSON path of the offending field, e.g. `pinned[2]`.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// Human-readable explanation (English).
    pub fn message(&self) -> &str {
        &self.message
    }
}
