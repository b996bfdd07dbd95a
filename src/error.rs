//! Error kinds of the application. They know what went wrong, not which HTTP status that
//! is: `http::error` maps kinds to statuses and stable codes, in one place.

use crate::domain::{EntityId, FieldError};
use crate::store::Entity;

/// Everything a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is malformed or inconsistent; nothing was stored.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The input is well-formed but cannot be acted on (e.g. refers to a missing record).
    #[error("unprocessable input")]
    Unprocessable(Vec<FieldError>),
    #[error("{entity:?} {id} not found")]
    NotFound { entity: Entity, id: String },
    /// `If-Match` named another version than the record's: nothing was changed.
    #[error("version mismatch")]
    VersionMismatch { current: i64 },
    /// No record of this kind carries the external reference asked for.
    #[error("{entity:?} by reference not found")]
    NoReference { entity: Entity },
    /// Something kept outside the record store (an event, a meeting) does not exist.
    #[error("{what} {id} not found")]
    NoSuch { what: &'static str, id: String },
    /// The write conflicts with another record.
    #[error("conflict")]
    Conflict {
        code: &'static str,
        message: String,
        existing: Option<EntityId>,
    },
    #[error("the service is busy")]
    Overloaded,
    /// A bug or an I/O failure; logged once with its chain, answered without detail.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn internal(e: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal(e.into())
    }

    pub fn invalid(field: &str, code: &str, message: &str) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, code, message)])
    }
}

impl From<crate::cpu::Overloaded> for AppError {
    fn from(_: crate::cpu::Overloaded) -> Self {
        AppError::Overloaded
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        match e {
            crate::store::StoreError::DuplicateExternalRef(existing) => AppError::Conflict {
                code: "duplicate_external_ref",
                message: "external_ref is already used by another record".into(),
                existing: Some(existing),
            },
            crate::store::StoreError::VersionMismatch { current } => {
                AppError::VersionMismatch { current }
            }
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<crate::index::IndexError> for AppError {
    fn from(e: crate::index::IndexError) -> Self {
        AppError::Internal(e.into())
    }
}
