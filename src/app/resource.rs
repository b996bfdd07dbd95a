//! What the three stored resources (candidates, vacancies, employers) have in common.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{Candidate, Employer, EntityId, FieldError, Vacancy};
use crate::store::{Entity, StoredRecord};

/// A record kind the API keeps: its JSON, its store entity, its own checks.
pub trait Resource: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const ENTITY: Entity;
    fn external_ref(&self) -> Option<&str>;
    fn set_external_ref(&mut self, r: &str) -> Result<(), FieldError>;
    fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>>;
    /// Other records this one refers to: (kind, id, field naming it). Each must exist.
    fn references(&self) -> Vec<(Entity, EntityId, &'static str)> {
        Vec::new()
    }
}

fn external_ref_field(r: &str) -> Result<crate::domain::ShortText, FieldError> {
    crate::domain::ShortText::parse(r)
        .map_err(|e| FieldError::new("external_ref", e.code(), e.to_string()))
}

/// The `Resource` impl of a domain type with an `external_ref` field and a `validate`
/// method (taking today's date where `$today` is given).
macro_rules! resource {
    ($ty:ty, $entity:expr, |$self_:ident, $today:ident| $validate:expr $(, refs |$r:ident| $refs:expr)?) => {
        impl Resource for $ty {
            const ENTITY: Entity = $entity;
            fn external_ref(&self) -> Option<&str> {
                self.external_ref.as_deref()
            }
            fn set_external_ref(&mut self, r: &str) -> Result<(), FieldError> {
                self.external_ref = Some(external_ref_field(r)?);
                Ok(())
            }
            fn validate(&self, $today: NaiveDate) -> Result<(), Vec<FieldError>> {
                let $self_ = self;
                $validate
            }
            $(
                fn references(&self) -> Vec<(Entity, EntityId, &'static str)> {
                    let $r = self;
                    $refs
                }
            )?
        }
    };
}

resource!(
    Candidate,
    Entity::Candidate,
    |c, today| Candidate::validate(c, today)
);
resource!(
    Vacancy,
    Entity::Vacancy,
    |v, _today| Vacancy::validate(v),
    refs | v | vec![(Entity::Employer, v.employer_id, "employer_id")]
);
resource!(Employer, Entity::Employer, |e, _today| Employer::validate(
    e
));

/// A stored record as the API returns it: the resource's JSON plus `id` and bookkeeping.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Record<T> {
    pub id: EntityId,
    #[serde(flatten)]
    pub data: T,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Incremented on every change.
    pub version: i64,
}

impl<T: Resource> Record<T> {
    pub(crate) fn from_stored(r: StoredRecord) -> Result<Record<T>, serde_json::Error> {
        Ok(Record {
            id: r.id,
            data: serde_json::from_str(&r.doc)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

/// One page of a listing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `after` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_after: Option<EntityId>,
}
