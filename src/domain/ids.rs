//! Identifiers of stored records.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

use super::text::coded;

/// The id of a stored record: a UUID (version 7, so ids sort by creation time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, example = "01936f0e-6a8b-7c3d-9e4f-0123456789ab")]
pub struct EntityId(uuid::Uuid);

/// Why a string is not an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an id: expected a UUID")]
pub struct EntityIdError;

impl EntityId {
    /// A fresh id.
    pub fn generate() -> EntityId {
        EntityId(uuid::Uuid::now_v7())
    }

    /// The id as a 128-bit value.
    pub fn as_u128(self) -> u128 {
        self.0.as_u128()
    }

    /// An id derived deterministically from a seed (synthetic fixtures).
    pub fn from_u128(v: u128) -> EntityId {
        EntityId(uuid::Uuid::from_u128(v))
    }
}

impl FromStr for EntityId {
    type Err = EntityIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s.trim())
            .map(EntityId)
            .map_err(|_| EntityIdError)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl Serialize for EntityId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EntityId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e| serde::de::Error::custom(coded("invalid_id", e)))
    }
}
