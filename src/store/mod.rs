//! The store: the source of truth. Every acknowledged write is committed here first, together
//! with an entry in the change log from which the search index catches up.
//!
//! This is the only module that speaks SQL. [`Store`] is the seam for other backends
//! (PostgreSQL when the service outgrows one machine); [`SqliteStore`] is the embedded default.

pub mod access;
pub mod events;
pub mod placements;
mod sqlite;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::EntityId;

pub use access::{
    AccessStore, AuditAction, AuditContext, AuditRow, InterestQuery, InterestRow, InterestStatus,
    NewInterest, TokenRow,
};
pub use events::EventStore;
pub use placements::{NewPlacement, PlacementQuery, PlacementRow, PlacementStore};
pub use sqlite::{Durability, SqliteStore};

/// The kinds of record kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Candidate,
    Vacancy,
    Employer,
    /// Kept by [`PlacementStore`], not by the record methods of [`Store`]; it appears in
    /// the change log like the others.
    Placement,
}

impl Entity {
    /// Every entity kind.
    pub const ALL: [Entity; 4] = [
        Entity::Candidate,
        Entity::Vacancy,
        Entity::Employer,
        Entity::Placement,
    ];

    /// The name in the change log.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Candidate => "candidate",
            Entity::Vacancy => "vacancy",
            Entity::Employer => "employer",
            Entity::Placement => "placement",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Entity::Candidate => "candidates",
            Entity::Vacancy => "vacancies",
            Entity::Employer => "employers",
            Entity::Placement => "placements",
        }
    }

    fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// One stored record: the JSON document plus bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub id: EntityId,
    pub external_ref: Option<String>,
    /// The record as JSON, in the shape of the API.
    pub doc: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Incremented on every replace.
    pub version: i64,
}

/// What a write changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOp {
    Upsert,
    Delete,
}

/// An entry of the change log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub seq: u64,
    pub entity: Entity,
    pub id: EntityId,
    pub op: ChangeOp,
}

/// The result of a committed write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteReceipt {
    pub id: EntityId,
    /// Change-log sequence number of this write.
    pub seq: u64,
    /// True if the write created the record.
    pub created: bool,
}

/// A record to write.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub id: EntityId,
    pub external_ref: Option<&'a str>,
    pub doc: &'a str,
}

/// A filter on listed records, applied to the stored JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// A top-level scalar field equals the value (`municipality`, `employer_id`, `work_type`).
    Equals(&'static str, String),
    /// A top-level array field contains the value (`work_types`).
    Contains(&'static str, String),
    /// A top-level boolean field has the value.
    Is(&'static str, bool),
}

/// A page of a listing, ordered by id.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Return records with ids after this one (keyset pagination).
    pub after: Option<EntityId>,
    pub limit: usize,
    pub filters: Vec<Filter>,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The external reference is already used by another record.
    #[error("external_ref is already used by record {0}")]
    DuplicateExternalRef(EntityId),
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    #[error("store data is corrupt: {0}")]
    Corrupt(String),
    /// The record is at another version than the writer read (`If-Match`).
    #[error("the record is at version {current}")]
    VersionMismatch { current: i64 },
    #[error("cannot open the store at {path}")]
    Open {
        path: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// The source of truth for all records, with a change log.
pub trait Store: Send + Sync + 'static {
    /// Creates a record; fails with [`StoreError::DuplicateExternalRef`] if the reference
    /// is taken.
    fn insert(&self, entity: Entity, record: NewRecord<'_>) -> Result<WriteReceipt, StoreError>;

    /// Replaces the record with `record.id`; `None` if there is no such record. With
    /// `expected`, only if the record is at that version ([`StoreError::VersionMismatch`]).
    fn replace(
        &self,
        entity: Entity,
        record: NewRecord<'_>,
        expected: Option<i64>,
    ) -> Result<Option<WriteReceipt>, StoreError>;

    /// Creates or replaces the record holding `external_ref` (idempotent import). A new
    /// record gets `new_id`.
    fn upsert_by_ref(
        &self,
        entity: Entity,
        external_ref: &str,
        new_id: EntityId,
        doc: &str,
    ) -> Result<WriteReceipt, StoreError>;

    /// Creates or replaces many records in one transaction, by external reference where
    /// one is given, else by id. Returns one receipt per record, in order.
    fn upsert_batch(
        &self,
        entity: Entity,
        records: &[NewRecord<'_>],
    ) -> Result<Vec<WriteReceipt>, StoreError>;

    /// Deletes a record; `None` if there was none. The deleted content is overwritten on
    /// disk, not merely unlinked. Deleting a candidate (erasure) also empties the link of
    /// their placements in the same transaction: the placements keep counting, under their
    /// pseudonym, without the person; and removes them from every Meeting Point event
    /// (registrations, preferences, meetings not yet held; held meetings stay without them).
    /// With `expected`, only if the record is at that version.
    fn delete(
        &self,
        entity: Entity,
        id: EntityId,
        expected: Option<i64>,
    ) -> Result<Option<WriteReceipt>, StoreError>;

    fn get(&self, entity: Entity, id: EntityId) -> Result<Option<StoredRecord>, StoreError>;

    fn get_by_ref(
        &self,
        entity: Entity,
        external_ref: &str,
    ) -> Result<Option<StoredRecord>, StoreError>;

    /// Records with the given ids that exist, in no particular order.
    fn get_many(&self, entity: Entity, ids: &[EntityId]) -> Result<Vec<StoredRecord>, StoreError>;

    fn list(&self, entity: Entity, query: &ListQuery) -> Result<Vec<StoredRecord>, StoreError>;

    fn count(&self, entity: Entity) -> Result<u64, StoreError>;

    /// Calls `f` for every record of a kind, in id order.
    fn scan(
        &self,
        entity: Entity,
        f: &mut dyn FnMut(StoredRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;

    /// Change-log entries with `seq > after`, oldest first, at most `limit`.
    fn changes_after(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError>;

    /// The sequence number of the latest change, 0 if none.
    fn last_seq(&self) -> Result<u64, StoreError>;
}
