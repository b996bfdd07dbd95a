//! Placement use cases (*Vermittlungen*): record, read, edit, delete, list, and the
//! positions a vacancy has left.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{App, Page};
use crate::domain::placement::ended_in_probation;
use crate::domain::{
    Candidate, EndReason, EntityId, FieldError, Placement, PlacementSource, PlacementType, Vacancy,
};
use crate::error::AppError;
use crate::store::{Entity, NewPlacement, PlacementQuery, PlacementRow, PlacementStore, Store};

/// A stored placement as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlacementRecord {
    pub id: EntityId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    /// Null once the person has been erased; the placement keeps counting.
    pub candidate_id: Option<EntityId>,
    /// The person's stable pseudonym, the same on all their placements.
    pub pseudonym: String,
    pub employer_id: EntityId,
    pub vacancy_id: Option<EntityId>,
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    pub municipality: String,
    pub source: PlacementSource,
    pub event_id: Option<String>,
    pub probation_end: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    /// Ended on or before the last day of probation (recorded, else six months).
    pub ended_in_probation: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<PlacementRow> for PlacementRecord {
    fn from(r: PlacementRow) -> Self {
        PlacementRecord {
            ended_in_probation: ended_in_probation(r.start_date, r.probation_end, r.ended_on),
            id: r.id,
            external_ref: r.external_ref,
            candidate_id: r.candidate_id,
            pseudonym: r.pseudonym,
            employer_id: r.employer_id,
            vacancy_id: r.vacancy_id,
            placement_type: r.placement_type,
            start_date: r.start_date,
            municipality: r.municipality,
            source: r.source,
            event_id: r.event_id,
            probation_end: r.probation_end,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

/// A vacancy's positions and the placements into it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VacancyPlacements {
    pub vacancy_id: EntityId,
    pub positions: u32,
    /// Placements into the vacancy that have not ended.
    pub filled: u32,
    pub remaining: u32,
    pub placements: Vec<PlacementRecord>,
}

fn unprocessable(field: &str, code: &str, message: &str) -> AppError {
    AppError::Unprocessable(vec![FieldError::new(field, code, message)])
}

fn not_found(id: EntityId) -> AppError {
    AppError::NotFound {
        entity: Entity::Placement,
        id: id.to_string(),
    }
}

fn parse_doc<T: serde::de::DeserializeOwned>(doc: &str) -> Result<T, AppError> {
    serde_json::from_str(doc).map_err(AppError::internal)
}

/// Turns a request into a row to write: references exist, the vacancy belongs to the
/// employer and has a position left, the municipality is known. `id` is the placement's
/// own id (a replaced placement does not compete with itself for a position); `stored` the
/// placement being replaced, whose person and municipality stay unless the body names others.
fn resolve(
    store: &dyn Store,
    placements: &dyn PlacementStore,
    id: EntityId,
    body: Placement,
    stored: Option<&PlacementRow>,
) -> Result<NewPlacement, AppError> {
    let candidate_id = body.candidate_id.or(stored.and_then(|s| s.candidate_id));
    let candidate: Option<Candidate> = match body.candidate_id {
        Some(c) => {
            let rec = store.get(Entity::Candidate, c)?.ok_or_else(|| {
                unprocessable(
                    "candidate_id",
                    "unknown_candidate",
                    "no candidate with this id",
                )
            })?;
            Some(parse_doc(&rec.doc)?)
        }
        None => None,
    };
    if store.get(Entity::Employer, body.employer_id)?.is_none() {
        return Err(unprocessable(
            "employer_id",
            "unknown_employer",
            "no employer with this id",
        ));
    }
    if let Some(v) = body.vacancy_id {
        let rec = store.get(Entity::Vacancy, v)?.ok_or_else(|| {
            unprocessable("vacancy_id", "unknown_vacancy", "no vacancy with this id")
        })?;
        let vacancy: Vacancy = parse_doc(&rec.doc)?;
        if vacancy.employer_id != body.employer_id {
            return Err(unprocessable(
                "vacancy_id",
                "vacancy_of_other_employer",
                "the vacancy belongs to another employer",
            ));
        }
        if body.ended_on.is_none() {
            let active = active_in(placements, v, Some(id))?;
            if active >= vacancy.positions {
                return Err(AppError::Conflict {
                    code: "vacancy_filled",
                    message: "every position of the vacancy is filled".into(),
                    existing: None,
                });
            }
        }
    }
    let municipality = body
        .municipality
        .as_deref()
        .or_else(|| candidate.as_ref().and_then(|c| c.municipality.as_deref()))
        .or_else(|| stored.map(|s| s.municipality.as_str()))
        .map(str::to_owned)
        .ok_or_else(|| {
            unprocessable(
                "municipality",
                "required",
                "give the proposing municipality: the candidate has none",
            )
        })?;
    Ok(NewPlacement {
        id,
        external_ref: body.external_ref.map(|r| r.as_str().to_owned()),
        candidate_id,
        employer_id: body.employer_id,
        vacancy_id: body.vacancy_id,
        placement_type: body.placement_type,
        start_date: body.start_date,
        municipality,
        source: body.source,
        event_id: body.event_id.map(|e| e.as_str().to_owned()),
        probation_end: body.probation_end,
        ended_on: body.ended_on,
        end_reason: body.end_reason,
    })
}

/// Placements into `vacancy` that have not ended, other than `except`.
fn active_in(
    placements: &dyn PlacementStore,
    vacancy: EntityId,
    except: Option<EntityId>,
) -> Result<u32, AppError> {
    let rows = placements.list_placements(&PlacementQuery {
        vacancy_id: Some(vacancy),
        ..PlacementQuery::default()
    })?;
    Ok(rows
        .iter()
        .filter(|r| r.ended_on.is_none() && Some(r.id) != except)
        .count() as u32)
}

impl App {
    /// Records a placement. Meant for admin and staff.
    pub async fn create_placement(&self, body: Placement) -> Result<PlacementRecord, AppError> {
        body.validate().map_err(AppError::Invalid)?;
        if body.candidate_id.is_none() {
            return Err(AppError::invalid(
                "candidate_id",
                "required",
                "name the person placed",
            ));
        }
        let (store, placements) = (self.store.clone(), self.placements.clone());
        let serial = self.placement_writes.clone();
        let (seq, row) = self
            .cpu
            .run(move || {
                // One placement write at a time: the free-position check and the insert
                // must not interleave with another placement into the same vacancy.
                let _one = serial.lock().unwrap_or_else(|p| p.into_inner());
                let new = resolve(&*store, &*placements, EntityId::generate(), body, None)?;
                let receipt = placements.insert_placement(&new)?;
                let row = placements
                    .get_placement(new.id)?
                    .ok_or_else(|| not_found(new.id))?;
                Ok::<_, AppError>((receipt.seq, row))
            })
            .await??;
        tracing::info!(placement.id = %row.id, seq, "placement created");
        Ok(row.into())
    }

    /// Replaces a placement (edits, an early end). Meant for admin and staff.
    pub async fn replace_placement(
        &self,
        id: EntityId,
        body: Placement,
    ) -> Result<PlacementRecord, AppError> {
        body.validate().map_err(AppError::Invalid)?;
        let (store, placements) = (self.store.clone(), self.placements.clone());
        let serial = self.placement_writes.clone();
        let (seq, row) = self
            .cpu
            .run(move || {
                let _one = serial.lock().unwrap_or_else(|p| p.into_inner());
                let old = placements.get_placement(id)?.ok_or_else(|| not_found(id))?;
                let new = resolve(&*store, &*placements, id, body, Some(&old))?;
                let receipt = placements
                    .replace_placement(&new)?
                    .ok_or_else(|| not_found(id))?;
                let row = placements.get_placement(id)?.ok_or_else(|| not_found(id))?;
                Ok::<_, AppError>((receipt.seq, row))
            })
            .await??;
        tracing::info!(placement.id = %id, seq, "placement replaced");
        Ok(row.into())
    }

    /// Reads a placement.
    pub async fn get_placement(&self, id: EntityId) -> Result<PlacementRecord, AppError> {
        let placements = self.placements.clone();
        let row = self.cpu.run(move || placements.get_placement(id)).await??;
        row.map(Into::into).ok_or_else(|| not_found(id))
    }

    /// Deletes a wrongly recorded placement (an ended one is ended, not deleted).
    pub async fn delete_placement(&self, id: EntityId) -> Result<(), AppError> {
        let placements = self.placements.clone();
        let receipt = self
            .cpu
            .run(move || placements.delete_placement(id))
            .await??
            .ok_or_else(|| not_found(id))?;
        tracing::info!(placement.id = %id, seq = receipt.seq, "placement deleted");
        Ok(())
    }

    /// Lists placements by id, a page at a time.
    pub async fn list_placements(
        &self,
        mut query: PlacementQuery,
    ) -> Result<Page<PlacementRecord>, AppError> {
        let limit = query.limit.unwrap_or(50).clamp(1, super::MAX_PAGE);
        query.limit = Some(limit + 1);
        let placements = self.placements.clone();
        let rows = self
            .cpu
            .run(move || placements.list_placements(&query))
            .await??;
        let more = rows.len() > limit;
        let items: Vec<PlacementRecord> = rows.into_iter().take(limit).map(Into::into).collect();
        let next_after = if more {
            items.last().map(|r| r.id)
        } else {
            None
        };
        Ok(Page { items, next_after })
    }

    /// A vacancy's positions, how many are filled, and the placements into it.
    pub async fn vacancy_placements(&self, id: EntityId) -> Result<VacancyPlacements, AppError> {
        let (store, placements) = (self.store.clone(), self.placements.clone());
        self.cpu
            .run(move || {
                let rec = store.get(Entity::Vacancy, id)?.ok_or(AppError::NotFound {
                    entity: Entity::Vacancy,
                    id: id.to_string(),
                })?;
                let vacancy: Vacancy = parse_doc(&rec.doc)?;
                let rows = placements.list_placements(&PlacementQuery {
                    vacancy_id: Some(id),
                    ..PlacementQuery::default()
                })?;
                let filled = rows.iter().filter(|r| r.ended_on.is_none()).count() as u32;
                Ok::<_, AppError>(VacancyPlacements {
                    vacancy_id: id,
                    positions: vacancy.positions,
                    filled,
                    remaining: vacancy.positions.saturating_sub(filled),
                    placements: rows.into_iter().map(Into::into).collect(),
                })
            })
            .await?
    }
}
