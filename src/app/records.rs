//! The use cases of the stored resources (candidates, vacancies, employers): create, read,
//! replace, put by external reference, delete and list, one generic implementation.

use super::{App, MAX_PAGE, Page, Record, Refresh, Resource, not_found};
use crate::domain::{EntityId, FieldError};
use crate::error::AppError;
use crate::store::{Entity, Filter, ListQuery, NewRecord};

impl App {
    /// Checks a resource: its own rules, then references to other records.
    async fn check<T: Resource>(&self, body: &T) -> Result<(), AppError> {
        body.validate(self.today()).map_err(AppError::Invalid)?;
        for (entity, id, field) in body.references() {
            let exists = self
                .blocking(move |s| Ok(s.get(entity, id)?.is_some()))
                .await?;
            if !exists {
                return Err(AppError::Unprocessable(vec![FieldError::new(
                    field,
                    &format!("unknown_{}", entity.as_str()),
                    format!("no {} with this id", entity.as_str()),
                )]));
            }
        }
        Ok(())
    }

    /// Creates a record.
    pub async fn create<T: Resource>(
        &self,
        body: T,
        refresh: Refresh,
    ) -> Result<Record<T>, AppError> {
        self.check(&body).await?;
        let doc = serde_json::to_string(&body).map_err(AppError::internal)?;
        let ext = body.external_ref().map(str::to_owned);
        let record = self
            .blocking(move |s| {
                let receipt = s.insert(
                    T::ENTITY,
                    NewRecord {
                        id: EntityId::generate(),
                        external_ref: ext.as_deref(),
                        doc: &doc,
                    },
                )?;
                let stored = s.get(T::ENTITY, receipt.id)?.ok_or_else(|| {
                    AppError::internal(anyhow::anyhow!("record vanished after insert"))
                })?;
                Ok((receipt.seq, stored))
            })
            .await?;
        tracing::info!(entity = T::ENTITY.as_str(), record.id = %record.1.id, seq = record.0, "created");
        self.after_write(record.0, refresh).await?;
        Record::from_stored(record.1).map_err(AppError::internal)
    }

    /// Reads a record.
    pub async fn get<T: Resource>(&self, id: EntityId) -> Result<Record<T>, AppError> {
        let stored = self
            .blocking(move |s| Ok(s.get(T::ENTITY, id)?))
            .await?
            .ok_or_else(|| not_found(T::ENTITY, id))?;
        Record::from_stored(stored).map_err(AppError::internal)
    }

    /// Reads a record by its reference in the caller's files (`external_ref`).
    pub async fn get_by_ref<T: Resource>(
        &self,
        external_ref: String,
    ) -> Result<Record<T>, AppError> {
        let stored = self
            .blocking(move |s| Ok(s.get_by_ref(T::ENTITY, &external_ref)?))
            .await?
            .ok_or(AppError::NoReference { entity: T::ENTITY })?;
        Record::from_stored(stored).map_err(AppError::internal)
    }

    /// Replaces a record.
    ///
    /// With `expected` (from `If-Match`), only if the record is still at that version.
    pub async fn replace<T: Resource>(
        &self,
        id: EntityId,
        body: T,
        refresh: Refresh,
        expected: Option<i64>,
    ) -> Result<Record<T>, AppError> {
        self.check(&body).await?;
        let doc = serde_json::to_string(&body).map_err(AppError::internal)?;
        let ext = body.external_ref().map(str::to_owned);
        let (seq, stored) = self
            .blocking(move |s| {
                let receipt = s
                    .replace(
                        T::ENTITY,
                        NewRecord {
                            id,
                            external_ref: ext.as_deref(),
                            doc: &doc,
                        },
                        expected,
                    )?
                    .ok_or_else(|| not_found(T::ENTITY, id))?;
                let stored = s
                    .get(T::ENTITY, id)?
                    .ok_or_else(|| not_found(T::ENTITY, id))?;
                Ok((receipt.seq, stored))
            })
            .await?;
        tracing::info!(entity = T::ENTITY.as_str(), record.id = %id, seq, "replaced");
        self.after_write(seq, refresh).await?;
        Record::from_stored(stored).map_err(AppError::internal)
    }

    /// Creates or replaces the record with this external reference (idempotent import).
    /// Returns the record and whether it was created.
    pub async fn put_by_ref<T: Resource>(
        &self,
        external_ref: &str,
        mut body: T,
        refresh: Refresh,
    ) -> Result<(Record<T>, bool), AppError> {
        match body.external_ref() {
            Some(r) if r != external_ref.trim() => {
                return Err(AppError::invalid(
                    "external_ref",
                    "external_ref_mismatch",
                    "external_ref in the body differs from the one in the path",
                ));
            }
            _ => body
                .set_external_ref(external_ref)
                .map_err(|e| AppError::Invalid(vec![e]))?,
        }
        self.check(&body).await?;
        let doc = serde_json::to_string(&body).map_err(AppError::internal)?;
        let ext = body.external_ref().unwrap_or_default().to_owned();
        let (receipt, stored) = self
            .blocking(move |s| {
                let receipt = s.upsert_by_ref(T::ENTITY, &ext, EntityId::generate(), &doc)?;
                let stored = s
                    .get(T::ENTITY, receipt.id)?
                    .ok_or_else(|| not_found(T::ENTITY, receipt.id))?;
                Ok((receipt, stored))
            })
            .await?;
        tracing::info!(entity = T::ENTITY.as_str(), record.id = %receipt.id, seq = receipt.seq, created = receipt.created, "put by external_ref");
        self.after_write(receipt.seq, refresh).await?;
        Ok((
            Record::from_stored(stored).map_err(AppError::internal)?,
            receipt.created,
        ))
    }

    /// Deletes a record: from the store at once, from the index with the next commit.
    pub async fn delete<T: Resource>(
        &self,
        id: EntityId,
        refresh: Refresh,
        expected: Option<i64>,
    ) -> Result<(), AppError> {
        if T::ENTITY == Entity::Employer {
            let key = id.to_string();
            let has_vacancies = self
                .blocking(move |s| {
                    let q = ListQuery {
                        after: None,
                        limit: 1,
                        filters: vec![Filter::Equals("employer_id", key)],
                    };
                    Ok(!s.list(Entity::Vacancy, &q)?.is_empty())
                })
                .await?;
            if has_vacancies {
                return Err(AppError::Conflict {
                    code: "employer_has_vacancies",
                    message: "delete the employer's vacancies first".into(),
                    existing: None,
                });
            }
            let placements = self.placements.clone();
            let has_placements = !self
                .cpu
                .run(move || {
                    placements.list_placements(&crate::store::PlacementQuery {
                        employer_id: Some(id),
                        limit: Some(1),
                        ..Default::default()
                    })
                })
                .await??
                .is_empty();
            if has_placements {
                return Err(AppError::Conflict {
                    code: "employer_has_placements",
                    message: "the employer's placements count towards targets and bonuses; \
                              an employer with placements is kept"
                        .into(),
                    existing: None,
                });
            }
        }
        let receipt = self
            .blocking(move |s| Ok(s.delete(T::ENTITY, id, expected)?))
            .await?
            .ok_or_else(|| not_found(T::ENTITY, id))?;
        tracing::info!(entity = T::ENTITY.as_str(), record.id = %id, seq = receipt.seq, "deleted");
        if T::ENTITY != Entity::Candidate {
            return self.after_write(receipt.seq, refresh).await;
        }
        // Erasure: wait until the index has dropped the person, then merge the segments
        // holding deleted documents so the data is physically gone from the index files.
        self.after_write(receipt.seq, Refresh::WaitFor).await?;
        let index = self.index.clone();
        self.cpu.run(move || index.purge_deleted()).await??;
        tracing::info!(record.id = %id, "erased from store and index");
        Ok(())
    }

    /// Lists records, ordered by id, a page at a time.
    pub async fn list<T: Resource>(
        &self,
        after: Option<EntityId>,
        limit: usize,
        filters: Vec<Filter>,
    ) -> Result<Page<Record<T>>, AppError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let rows = self
            .blocking(move |s| {
                Ok(s.list(
                    T::ENTITY,
                    &ListQuery {
                        after,
                        limit: limit + 1,
                        filters,
                    },
                )?)
            })
            .await?;
        let more = rows.len() > limit;
        let items = rows
            .into_iter()
            .take(limit)
            .map(Record::from_stored)
            .collect::<Result<Vec<Record<T>>, _>>()
            .map_err(AppError::internal)?;
        let next_after = if more {
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page { items, next_after })
    }
}
