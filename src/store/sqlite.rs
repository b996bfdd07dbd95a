//! The embedded SQLite store (WAL mode; one writer connection, a few reader connections).

mod access;
mod events;
mod placements;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{
    Change, ChangeOp, Entity, Filter, ListQuery, NewRecord, Store, StoreError, StoredRecord,
    WriteReceipt,
};
use crate::domain::EntityId;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_placements.sql"),
    include_str!("migrations/0003_access.sql"),
    include_str!("migrations/0004_events.sql"),
    include_str!("migrations/0005_audit_requests.sql"),
];

const READERS: usize = 4;

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

/// How hard SQLite works to make a commit durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Durability {
    /// fsync on every commit: acknowledged writes survive a power cut.
    Full,
    /// fsync at checkpoints: acknowledged writes survive a process crash, not a power cut.
    Normal,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file `path` and runs pending migrations.
    pub fn open(path: &Path, durability: Durability) -> Result<SqliteStore, StoreError> {
        let open_err = |source: rusqlite::Error| StoreError::Open {
            path: path.display().to_string(),
            source: Box::new(source),
        };
        let mut writer = Connection::open(path).map_err(open_err)?;
        configure(&writer, durability).map_err(open_err)?;
        migrate(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| {
                let c = Connection::open(path).map_err(open_err)?;
                configure(&c, durability).map_err(open_err)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(SqliteStore {
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(guard) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return guard;
            }
        }
        self.readers[start % self.readers.len()]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }
}

fn configure(c: &Connection, durability: Durability) -> rusqlite::Result<()> {
    c.pragma_update(None, "journal_mode", "WAL")?;
    let sync = match durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    c.pragma_update(None, "synchronous", sync)?;
    // Deleted personal data is overwritten, not left in free pages.
    c.pragma_update(None, "secure_delete", "ON")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(())
}

fn migrate(c: &mut Connection) -> Result<(), StoreError> {
    let applied: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Corrupt(format!(
            "database schema version {applied} is newer than this program ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = c.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// A random pseudonym `<prefix>-XXXXXXXX` in Crockford's base 32 (no I, L, O, U): 40 bits,
/// not derivable from any id.
fn random_pseudonym(prefix: char) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut rng = rand::rng();
    let tail: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{prefix}-{tail}")
}

/// Whether the record exists and, if `expected` is given, is at that version; a record at
/// another version is [`StoreError::VersionMismatch`].
fn version_matches(
    tx: &rusqlite::Transaction<'_>,
    entity: Entity,
    id: EntityId,
    expected: Option<i64>,
) -> Result<bool, StoreError> {
    let current: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT version FROM {} WHERE id = ?1",
            entity.table()
        ))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    match (current, expected) {
        (None, _) => Ok(false),
        (Some(current), Some(want)) if current != want => {
            Err(StoreError::VersionMismatch { current })
        }
        _ => Ok(true),
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn log_change(
    tx: &Transaction<'_>,
    entity: Entity,
    id: EntityId,
    op: ChangeOp,
) -> rusqlite::Result<u64> {
    let op = match op {
        ChangeOp::Upsert => "upsert",
        ChangeOp::Delete => "delete",
    };
    tx.execute(
        "INSERT INTO changes (entity, id, op, at) VALUES (?1, ?2, ?3, ?4)",
        params![entity.as_str(), id.to_string(), op, now()],
    )?;
    Ok(tx.last_insert_rowid() as u64)
}

fn id_by_ref(
    tx: &Transaction<'_>,
    entity: Entity,
    external_ref: &str,
) -> Result<Option<EntityId>, StoreError> {
    let sql = format!("SELECT id FROM {} WHERE external_ref = ?1", entity.table());
    let id: Option<String> = tx
        .prepare_cached(&sql)?
        .query_row([external_ref], |r| r.get(0))
        .optional()?;
    id.map(|s| parse_id(&s)).transpose()
}

fn parse_id(s: &str) -> Result<EntityId, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("bad id in store: {s}")))
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("bad timestamp in store: {s}")))
}

const COLUMNS: &str = "id, external_ref, doc, created_at, updated_at, version";

fn row_to_record(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, Option<String>, String, String, String, i64)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_record(
    raw: (String, Option<String>, String, String, String, i64),
) -> Result<StoredRecord, StoreError> {
    let (id, external_ref, doc, created, updated, version) = raw;
    Ok(StoredRecord {
        id: parse_id(&id)?,
        external_ref,
        doc,
        created_at: parse_time(&created)?,
        updated_at: parse_time(&updated)?,
        version,
    })
}

/// Writes one record inside a transaction: by external reference if it has one, else by id.
fn upsert_in(
    tx: &Transaction<'_>,
    entity: Entity,
    rec: &NewRecord<'_>,
) -> Result<WriteReceipt, StoreError> {
    let table = entity.table();
    let ts = now();
    let existing = match rec.external_ref {
        Some(r) => id_by_ref(tx, entity, r)?,
        None => None,
    };
    let (id, created) = match existing {
        Some(id) => {
            tx.prepare_cached(&format!(
                "UPDATE {table} SET doc = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1"
            ))?
            .execute(params![id.to_string(), rec.doc, ts])?;
            (id, false)
        }
        None => {
            let existed = exists(tx, entity, rec.id)?;
            tx.prepare_cached(&format!(
                "INSERT INTO {table} (id, external_ref, doc, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?4) \
                 ON CONFLICT(id) DO UPDATE SET external_ref = excluded.external_ref, \
                 doc = excluded.doc, updated_at = excluded.updated_at, version = version + 1"
            ))?
            .execute(params![rec.id.to_string(), rec.external_ref, rec.doc, ts])
            .map_err(|e| duplicate_ref(tx, entity, rec.external_ref, e))?;
            (rec.id, !existed)
        }
    };
    let seq = log_change(tx, entity, id, ChangeOp::Upsert)?;
    Ok(WriteReceipt { id, seq, created })
}

/// Whether a record with this id exists.
fn exists(tx: &Transaction<'_>, entity: Entity, id: EntityId) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", entity.table()))?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

fn duplicate_ref(
    tx: &Transaction<'_>,
    entity: Entity,
    external_ref: Option<&str>,
    e: rusqlite::Error,
) -> StoreError {
    if let (rusqlite::Error::SqliteFailure(f, _), Some(r)) = (&e, external_ref)
        && f.code == rusqlite::ErrorCode::ConstraintViolation
        && let Ok(Some(other)) = id_by_ref(tx, entity, r)
    {
        return StoreError::DuplicateExternalRef(other);
    }
    StoreError::Database(e)
}

impl Store for SqliteStore {
    fn insert(&self, entity: Entity, record: NewRecord<'_>) -> Result<WriteReceipt, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        if let Some(r) = record.external_ref
            && let Some(other) = id_by_ref(&tx, entity, r)?
        {
            return Err(StoreError::DuplicateExternalRef(other));
        }
        let ts = now();
        tx.prepare_cached(&format!(
            "INSERT INTO {} (id, external_ref, doc, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            entity.table()
        ))?
        .execute(params![record.id.to_string(), record.external_ref, record.doc, ts])?;
        let seq = log_change(&tx, entity, record.id, ChangeOp::Upsert)?;
        tx.commit()?;
        Ok(WriteReceipt {
            id: record.id,
            seq,
            created: true,
        })
    }

    fn replace(
        &self,
        entity: Entity,
        record: NewRecord<'_>,
        expected: Option<i64>,
    ) -> Result<Option<WriteReceipt>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        if !version_matches(&tx, entity, record.id, expected)? {
            return Ok(None);
        }
        if let Some(r) = record.external_ref
            && let Some(other) = id_by_ref(&tx, entity, r)?
            && other != record.id
        {
            return Err(StoreError::DuplicateExternalRef(other));
        }
        let changed = tx
            .prepare_cached(&format!(
                "UPDATE {} SET external_ref = ?2, doc = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1",
                entity.table()
            ))?
            .execute(params![record.id.to_string(), record.external_ref, record.doc, now()])?;
        if changed == 0 {
            return Ok(None);
        }
        let seq = log_change(&tx, entity, record.id, ChangeOp::Upsert)?;
        tx.commit()?;
        Ok(Some(WriteReceipt {
            id: record.id,
            seq,
            created: false,
        }))
    }

    fn upsert_by_ref(
        &self,
        entity: Entity,
        external_ref: &str,
        new_id: EntityId,
        doc: &str,
    ) -> Result<WriteReceipt, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let receipt = upsert_in(
            &tx,
            entity,
            &NewRecord {
                id: new_id,
                external_ref: Some(external_ref),
                doc,
            },
        )?;
        tx.commit()?;
        Ok(receipt)
    }

    fn upsert_batch(
        &self,
        entity: Entity,
        records: &[NewRecord<'_>],
    ) -> Result<Vec<WriteReceipt>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        let receipts = records
            .iter()
            .map(|r| upsert_in(&tx, entity, r))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(receipts)
    }

    fn delete(
        &self,
        entity: Entity,
        id: EntityId,
        expected: Option<i64>,
    ) -> Result<Option<WriteReceipt>, StoreError> {
        let mut c = self.writer();
        let tx = c.transaction()?;
        if !version_matches(&tx, entity, id, expected)? {
            return Ok(None);
        }
        let n = tx.execute(
            &format!("DELETE FROM {} WHERE id = ?1", entity.table()),
            [id.to_string()],
        )?;
        if n == 0 {
            return Ok(None);
        }
        if entity == Entity::Candidate {
            placements::unlink_candidate(&tx, id)?;
            access::erase_candidate(&tx, id)?;
            events::unlink_candidate(&tx, id)?;
        }
        if entity == Entity::Vacancy {
            placements::unlink_vacancy(&tx, id)?;
        }
        let seq = log_change(&tx, entity, id, ChangeOp::Delete)?;
        tx.commit()?;
        // Move the WAL's copy of the deleted pages into the main file (where secure_delete
        // has zeroed them) and truncate the WAL, so no old page image stays on disk.
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(Some(WriteReceipt {
            id,
            seq,
            created: false,
        }))
    }

    fn get(&self, entity: Entity, id: EntityId) -> Result<Option<StoredRecord>, StoreError> {
        let c = self.reader();
        let raw = c
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM {} WHERE id = ?1",
                entity.table()
            ))?
            .query_row([id.to_string()], row_to_record)
            .optional()?;
        raw.map(to_record).transpose()
    }

    fn get_by_ref(
        &self,
        entity: Entity,
        external_ref: &str,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let c = self.reader();
        let raw = c
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM {} WHERE external_ref = ?1",
                entity.table()
            ))?
            .query_row([external_ref], row_to_record)
            .optional()?;
        raw.map(to_record).transpose()
    }

    fn get_many(&self, entity: Entity, ids: &[EntityId]) -> Result<Vec<StoredRecord>, StoreError> {
        let c = self.reader();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM {} WHERE id IN ({marks})",
                entity.table()
            ))?;
            let keys: Vec<String> = chunk.iter().map(ToString::to_string).collect();
            let rows = stmt.query_map(rusqlite::params_from_iter(keys.iter()), row_to_record)?;
            for raw in rows {
                out.push(to_record(raw?)?);
            }
        }
        Ok(out)
    }

    fn list(&self, entity: Entity, query: &ListQuery) -> Result<Vec<StoredRecord>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM {} WHERE 1 = 1", entity.table());
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(after) = query.after {
            sql.push_str(" AND id > ?");
            args.push(after.to_string().into());
        }
        for f in &query.filters {
            match f {
                Filter::Equals(field, value) => {
                    sql.push_str(&format!(" AND json_extract(doc, '$.{field}') = ?"));
                    args.push(value.clone().into());
                }
                Filter::Contains(field, value) => {
                    sql.push_str(&format!(
                        " AND EXISTS (SELECT 1 FROM json_each(doc, '$.{field}') WHERE value = ?)"
                    ));
                    args.push(value.clone().into());
                }
                Filter::Is(field, value) => {
                    sql.push_str(&format!(
                        " AND coalesce(json_extract(doc, '$.{field}'), 0) = ?"
                    ));
                    args.push(i64::from(*value).into());
                }
            }
        }
        sql.push_str(" ORDER BY id LIMIT ?");
        args.push((query.limit as i64).into());
        let c = self.reader();
        let mut stmt = c.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), row_to_record)?;
        rows.map(|raw| to_record(raw?)).collect()
    }

    fn count(&self, entity: Entity) -> Result<u64, StoreError> {
        let c = self.reader();
        let n: i64 = c.query_row(
            &format!("SELECT count(*) FROM {}", entity.table()),
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn scan(
        &self,
        entity: Entity,
        f: &mut dyn FnMut(StoredRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let c = self.reader();
        let mut stmt = c.prepare(&format!(
            "SELECT {COLUMNS} FROM {} ORDER BY id",
            entity.table()
        ))?;
        let rows = stmt.query_map([], row_to_record)?;
        for raw in rows {
            f(to_record(raw?)?)?;
        }
        Ok(())
    }

    fn changes_after(&self, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
        let c = self.reader();
        let mut stmt = c.prepare_cached(
            "SELECT seq, entity, id, op FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after as i64, limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, entity, id, op) = row?;
            Ok(Change {
                seq: seq as u64,
                entity: Entity::parse(&entity)
                    .ok_or_else(|| StoreError::Corrupt(format!("bad entity {entity}")))?,
                id: parse_id(&id)?,
                op: if op == "delete" {
                    ChangeOp::Delete
                } else {
                    ChangeOp::Upsert
                },
            })
        })
        .collect()
    }

    fn last_seq(&self) -> Result<u64, StoreError> {
        let c = self.reader();
        let seq: Option<i64> = c.query_row("SELECT max(seq) FROM changes", [], |r| r.get(0))?;
        Ok(seq.unwrap_or(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("db.sqlite"), Durability::Normal).unwrap();
        (dir, s)
    }

    #[test]
    fn writes_are_logged_in_order_without_payload() {
        let (_d, s) = store();
        let a = EntityId::generate();
        let r1 = s
            .insert(
                Entity::Candidate,
                NewRecord {
                    id: a,
                    external_ref: Some("X-1"),
                    doc: "{}",
                },
            )
            .unwrap();
        let r2 = s
            .replace(
                Entity::Candidate,
                NewRecord {
                    id: a,
                    external_ref: Some("X-1"),
                    doc: "{\"a\":1}",
                },
                None,
            )
            .unwrap()
            .unwrap();
        let r3 = s.delete(Entity::Candidate, a, None).unwrap().unwrap();
        assert!(r1.seq < r2.seq && r2.seq < r3.seq);
        let log = s.changes_after(0, 10).unwrap();
        assert_eq!(log.len(), 3);
        assert_eq!(log[2].op, ChangeOp::Delete);
        assert!(s.get(Entity::Candidate, a).unwrap().is_none());
        assert_eq!(s.last_seq().unwrap(), r3.seq);
    }

    #[test]
    fn upsert_by_ref_is_idempotent() {
        let (_d, s) = store();
        let first = s
            .upsert_by_ref(Entity::Vacancy, "AG-1", EntityId::generate(), "{}")
            .unwrap();
        let again = s
            .upsert_by_ref(Entity::Vacancy, "AG-1", EntityId::generate(), "{\"b\":2}")
            .unwrap();
        assert!(first.created);
        assert!(!again.created);
        assert_eq!(first.id, again.id);
        assert_eq!(s.count(Entity::Vacancy).unwrap(), 1);
        assert_eq!(
            s.get(Entity::Vacancy, first.id).unwrap().unwrap().version,
            2
        );
    }

    #[test]
    fn a_taken_external_ref_is_refused() {
        let (_d, s) = store();
        let a = s
            .insert(
                Entity::Employer,
                NewRecord {
                    id: EntityId::generate(),
                    external_ref: Some("E"),
                    doc: "{}",
                },
            )
            .unwrap();
        let err = s
            .insert(
                Entity::Employer,
                NewRecord {
                    id: EntityId::generate(),
                    external_ref: Some("E"),
                    doc: "{}",
                },
            )
            .unwrap_err();
        assert!(matches!(err, StoreError::DuplicateExternalRef(id) if id == a.id));
    }

    #[test]
    fn listing_filters_on_json_fields_and_pages_by_id() {
        let (_d, s) = store();
        for i in 0..5 {
            let doc = format!(
                "{{\"municipality\":\"{}\",\"work_types\":[\"employment\"]}}",
                if i % 2 == 0 { "Kreuzau" } else { "Düren" }
            );
            s.insert(
                Entity::Candidate,
                NewRecord {
                    id: EntityId::generate(),
                    external_ref: None,
                    doc: &doc,
                },
            )
            .unwrap();
        }
        let q = ListQuery {
            after: None,
            limit: 2,
            filters: vec![
                Filter::Equals("municipality", "Kreuzau".into()),
                Filter::Contains("work_types", "employment".into()),
            ],
        };
        let page1 = s.list(Entity::Candidate, &q).unwrap();
        assert_eq!(page1.len(), 2);
        let page2 = s
            .list(
                Entity::Candidate,
                &ListQuery {
                    after: Some(page1[1].id),
                    ..q
                },
            )
            .unwrap();
        assert_eq!(page2.len(), 1);
    }
}
