//! The placement store: placements (*Vermittlungen*) as typed rows.
//!
//! Placements are a trait of their own rather than one more document kind of [`Store`]
//! (`super::Store`) because they live differently: the reports and bonus statements
//! aggregate over their columns (municipality, type, dates), and they must outlive the
//! person they describe. Erasing a candidate unlinks the person's placements in the same
//! transaction (`candidate_id` emptied; pseudonym, municipality, type and dates kept), so
//! counts survive and the person does not. [`SqliteStore`](super::SqliteStore) implements
//! both traits; another backend can add placements without touching the record methods.

use chrono::{DateTime, NaiveDate, Utc};

use super::{StoreError, WriteReceipt};
use crate::domain::{EndReason, EntityId, PlacementSource, PlacementType};

/// A stored placement.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementRow {
    pub id: EntityId,
    pub external_ref: Option<String>,
    /// Empty once the person has been erased.
    pub candidate_id: Option<EntityId>,
    /// Stable pseudonym of the person (`P-…`): the same for all of a person's placements,
    /// not derivable from the person's id, kept after erasure.
    pub pseudonym: String,
    pub employer_id: EntityId,
    pub vacancy_id: Option<EntityId>,
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    pub municipality: String,
    pub source: PlacementSource,
    pub event_id: Option<String>,
    pub probation_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A placement to write; the store assigns the pseudonym and the bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlacement {
    pub id: EntityId,
    pub external_ref: Option<String>,
    pub candidate_id: Option<EntityId>,
    pub employer_id: EntityId,
    pub vacancy_id: Option<EntityId>,
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    pub municipality: String,
    pub source: PlacementSource,
    pub event_id: Option<String>,
    pub probation_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
}

/// Which placements to list; all conditions must hold. Ordered by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlacementQuery {
    /// Placements with ids after this one (keyset pagination).
    pub after: Option<EntityId>,
    /// At most this many; all if `None`.
    pub limit: Option<usize>,
    /// Started on or after this day.
    pub started_from: Option<NaiveDate>,
    /// Started on or before this day.
    pub started_to: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub placement_type: Option<PlacementType>,
    pub employer_id: Option<EntityId>,
    pub vacancy_id: Option<EntityId>,
}

/// Placements, with the change log shared with [`Store`](super::Store).
pub trait PlacementStore: Send + Sync + 'static {
    /// Creates a placement; fails with [`StoreError::DuplicateExternalRef`] if the reference
    /// is taken. The pseudonym is the one the person already has from another placement, or
    /// a new random one.
    fn insert_placement(&self, p: &NewPlacement) -> Result<WriteReceipt, StoreError>;

    /// Replaces the placement with `p.id`; `None` if there is none. The pseudonym stays
    /// unless the placement now names another person.
    fn replace_placement(&self, p: &NewPlacement) -> Result<Option<WriteReceipt>, StoreError>;

    /// Deletes a placement (a wrong entry; an ended placement is ended, not deleted).
    fn delete_placement(&self, id: EntityId) -> Result<Option<WriteReceipt>, StoreError>;

    fn get_placement(&self, id: EntityId) -> Result<Option<PlacementRow>, StoreError>;

    fn list_placements(&self, query: &PlacementQuery) -> Result<Vec<PlacementRow>, StoreError>;
}
