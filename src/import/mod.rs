//! Bulk import of candidates, vacancies and employers from NDJSON or CSV files, as case
//! workers keep lists in spreadsheets. One bad row does not stop an import: each rejection
//! is reported with its line and reason, everything else is stored in batches.

pub mod csv;

use std::io::BufRead;

use serde::Serialize;

use crate::app::Resource;
use crate::domain::{Candidate, Employer, EntityId, FieldError, Vacancy};
use crate::store::{Entity, NewRecord, Store, StoreError};

/// Rows written per store transaction.
pub const BATCH: usize = 2_000;

/// The file formats taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line, exactly the API's shape (an `id` and bookkeeping fields as
    /// written by `export` are taken too).
    Ndjson,
    /// A spreadsheet export; see the README for the columns.
    Csv,
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Rejection {
    /// 1-based line number in the file (for CSV: counting the header line).
    pub line: usize,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub accepted: usize,
    pub created: usize,
    pub updated: usize,
    pub rejected: Vec<Rejection>,
    /// The ids of the records written (for the audit log of an import of candidates).
    pub stored: Vec<EntityId>,
}

/// Fields of an exported record that are bookkeeping, not part of the resource.
const BOOKKEEPING: [&str; 3] = ["created_at", "updated_at", "version"];

/// Parses one JSON object into a resource; the object may carry an `id` to keep.
pub fn parse_value<T: Resource>(
    mut value: serde_json::Value,
    today: chrono::NaiveDate,
) -> Result<(Option<EntityId>, T), Vec<FieldError>> {
    let mut id = None;
    if let Some(obj) = value.as_object_mut() {
        for k in BOOKKEEPING {
            obj.remove(k);
        }
        if let Some(raw) = obj.remove("id") {
            match raw.as_str().and_then(|s| s.parse().ok()) {
                Some(parsed) => id = Some(parsed),
                None => {
                    return Err(vec![FieldError::new(
                        "id",
                        "invalid_id",
                        "not an id: expected a UUID",
                    )]);
                }
            }
        }
    }
    let body: T = crate::json::from_value(value).map_err(|e| vec![e])?;
    body.validate(today)?;
    Ok((id, body))
}

/// A row as read from a file: the record in the API's shape (`Null` when nothing of it could
/// be read), and what was wrong with its cells, which were left out of it.
pub type Row = (serde_json::Value, Vec<FieldError>);

/// A row that could not be read at all.
fn unreadable(e: FieldError) -> Row {
    (serde_json::Value::Null, vec![e])
}

/// Streams rows into the store, `BATCH` at a time. `rows` yields (line, row read). Every
/// error of a row is reported at once: those of its cells, then those of the record made of
/// the other cells (parse or validation), except for fields already reported.
pub fn import_rows<T: Resource>(
    store: &dyn Store,
    rows: impl Iterator<Item = (usize, Row)>,
    today: chrono::NaiveDate,
    mut progress: impl FnMut(usize),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let mut batch: Vec<(usize, EntityId, Option<String>, String)> = Vec::with_capacity(BATCH);
    let references = ReferenceCheck::default();
    for (line, (value, cell_errors)) in rows {
        let outcome = if value.is_null() {
            Err(Vec::new())
        } else {
            parse_value::<T>(value, today)
        }
        .and_then(|(id, body)| {
            references.check(store, &body)?;
            let doc = serde_json::to_string(&body)
                .map_err(|_| vec![FieldError::new("", "internal", "cannot serialise")])?;
            Ok((
                id.unwrap_or_else(EntityId::generate),
                body.external_ref().map(str::to_owned),
                doc,
            ))
        });
        let outcome = match outcome {
            Ok(row) if cell_errors.is_empty() => Ok(row),
            Ok(_) => Err(cell_errors),
            Err(more) => {
                let mut errors = cell_errors;
                let reported: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
                errors.extend(more.into_iter().filter(|e| {
                    !reported
                        .iter()
                        .any(|f| !f.is_empty() && e.field.starts_with(f.as_str()))
                }));
                Err(errors)
            }
        };
        match outcome {
            Ok((id, ext, doc)) => batch.push((line, id, ext, doc)),
            Err(errors) => summary
                .rejected
                .extend(errors.into_iter().map(|e| Rejection {
                    line,
                    field: e.field,
                    code: e.code,
                    message: e.message,
                })),
        }
        if batch.len() >= BATCH {
            flush::<T>(store, &mut batch, &mut summary)?;
        }
        progress(line);
    }
    flush::<T>(store, &mut batch, &mut summary)?;
    Ok(summary)
}

fn flush<T: Resource>(
    store: &dyn Store,
    batch: &mut Vec<(usize, EntityId, Option<String>, String)>,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    if batch.is_empty() {
        return Ok(());
    }
    let records: Vec<NewRecord<'_>> = batch
        .iter()
        .map(|(_, id, ext, doc)| NewRecord {
            id: *id,
            external_ref: ext.as_deref(),
            doc,
        })
        .collect();
    match store.upsert_batch(T::ENTITY, &records) {
        Ok(receipts) => {
            for r in receipts {
                summary.stored.push(r.id);
                summary.accepted += 1;
                if r.created {
                    summary.created += 1
                } else {
                    summary.updated += 1
                }
            }
        }
        Err(StoreError::DuplicateExternalRef(_)) => {
            // A clash inside the batch (e.g. an id reused with another reference): retry row by
            // row so only the offending rows are rejected.
            for (i, rec) in records.iter().enumerate() {
                match store.upsert_batch(T::ENTITY, std::slice::from_ref(rec)) {
                    Ok(r) => {
                        summary.stored.push(r[0].id);
                        summary.accepted += 1;
                        if r[0].created {
                            summary.created += 1
                        } else {
                            summary.updated += 1
                        }
                    }
                    Err(StoreError::DuplicateExternalRef(_)) => summary.rejected.push(Rejection {
                        line: batch[i].0,
                        field: "external_ref".into(),
                        code: "duplicate_external_ref".into(),
                        message: "external_ref is already used by another record".into(),
                    }),
                    Err(e) => return Err(e),
                }
            }
        }
        Err(e) => return Err(e),
    }
    batch.clear();
    Ok(())
}

/// Referenced records must exist; remembers those seen.
#[derive(Default)]
struct ReferenceCheck(std::cell::RefCell<std::collections::HashSet<(Entity, EntityId)>>);

impl ReferenceCheck {
    fn check<T: Resource>(&self, store: &dyn Store, body: &T) -> Result<(), Vec<FieldError>> {
        for (entity, id, field) in body.references() {
            if self.0.borrow().contains(&(entity, id)) {
                continue;
            }
            match store.get(entity, id) {
                Ok(Some(_)) => {
                    self.0.borrow_mut().insert((entity, id));
                }
                _ => {
                    return Err(vec![FieldError::new(
                        field,
                        &format!("unknown_{}", entity.as_str()),
                        format!("no {} with this id", entity.as_str()),
                    )]);
                }
            }
        }
        Ok(())
    }
}

/// Rows of an NDJSON file: blank lines are skipped.
pub fn ndjson_rows(reader: impl BufRead) -> impl Iterator<Item = (usize, Row)> {
    reader.lines().enumerate().filter_map(|(i, line)| {
        let line_no = i + 1;
        match line {
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some((
                line_no,
                match serde_json::from_str::<serde_json::Value>(&l) {
                    Ok(v) => (v, Vec::new()),
                    Err(e) => unreadable(FieldError::new(
                        "",
                        "malformed_json",
                        format!("not valid JSON (column {})", e.column()),
                    )),
                },
            )),
            Err(_) => Some((
                line_no,
                unreadable(FieldError::new(
                    "",
                    "unreadable_line",
                    "the line is not valid UTF-8",
                )),
            )),
        }
    })
}

/// Imports a file of one entity kind.
pub fn import_file(
    store: &dyn Store,
    entity: Entity,
    format: Format,
    reader: impl BufRead,
    today: chrono::NaiveDate,
    progress: impl FnMut(usize),
) -> anyhow::Result<Summary> {
    let rows: Box<dyn Iterator<Item = (usize, Row)>> = match format {
        Format::Ndjson => Box::new(ndjson_rows(reader)),
        Format::Csv => Box::new(csv::rows(entity, reader)?),
    };
    let summary = match entity {
        Entity::Candidate => import_rows::<Candidate>(store, rows, today, progress)?,
        Entity::Vacancy => import_rows::<Vacancy>(store, rows, today, progress)?,
        Entity::Employer => import_rows::<Employer>(store, rows, today, progress)?,
        Entity::Placement => {
            anyhow::bail!("placements are recorded through the API, not imported")
        }
    };
    Ok(summary)
}
