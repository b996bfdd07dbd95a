//! Placement reports against targets, placement-bonus statements and their CSV and HTML
//! forms. Pure: the app passes in the placements, the configuration and the day.

pub mod bonus;
pub mod config;
pub mod render;
pub mod report;

use chrono::NaiveDate;

use crate::domain::{EndReason, EntityId, PlacementType};

pub use bonus::{BonusLine, BonusNote, BonusStatement, bonus_statement};
pub use config::{BonusRule, ConfigError, ReportingConfig};
pub use report::{PlacementReport, placement_report};

/// What reports know of one placement: no person, only the pseudonym.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub placement_id: EntityId,
    pub pseudonym: String,
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    pub municipality: String,
    pub probation_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
}

impl Counted {
    /// Whether it ended within its probation period (*Probezeit*).
    pub fn ended_in_probation(&self) -> bool {
        crate::domain::placement::ended_in_probation(
            self.start_date,
            self.probation_end,
            self.ended_on,
        )
    }
}

/// Cents as euros with two decimals (`150000` → `"1500.00"`).
pub fn euros(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
