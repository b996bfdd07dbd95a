//! The search index (tantivy): derived from the store, never the truth.
//!
//! A background indexer follows the store's change log: it deletes and re-adds the documents
//! of changed records in batches and commits with the last applied change-log sequence
//! number as the commit payload. On start it replays what the index is missing, so after a
//! crash the index is behind the store for no longer than the restart. This is the only
//! module that imports tantivy.

pub mod config;
mod retrieve;
mod schema;
mod search;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::watch;

use crate::domain::EntityId;
use crate::store::{ChangeOp, Entity, Store, StoreError, StoredRecord};

pub use config::IndexConfig;
pub use retrieve::{FilterQuery, GeoArea, MAX_BOOSTS, MAX_TAGS, Retrieved, bbox};
pub use schema::Fields;
pub use search::{Hit, SearchRequest};

/// What the index holds of one record. Built by the application from a stored record (see
/// [`DocSource`]); no names, contact data or notes go in.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    pub id: EntityId,
    pub entity: IndexedEntity,
    /// Free text by language code; unknown languages go to `simple`.
    pub texts: Vec<(String, String)>,
    /// Concept tokens (`skill:<uuid>`, `occ:<uuid>`, `isco4:9333` …).
    pub concepts: Vec<String>,
    /// Filter tokens (`wt:employment`, `lang:de:B1`, `visible` …).
    pub tags: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
    /// Available-from or start date as days since 1970-01-01.
    pub date_days: i64,
}

/// The kinds of record that are indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum IndexedEntity {
    #[default]
    Candidate,
    Vacancy,
}

impl IndexedEntity {
    pub fn as_str(self) -> &'static str {
        match self {
            IndexedEntity::Candidate => "candidate",
            IndexedEntity::Vacancy => "vacancy",
        }
    }

    fn of(entity: Entity) -> Option<IndexedEntity> {
        match entity {
            Entity::Candidate => Some(IndexedEntity::Candidate),
            Entity::Vacancy => Some(IndexedEntity::Vacancy),
            Entity::Employer | Entity::Placement => None,
        }
    }
}

/// Turns stored records into index documents (implemented by the application, which knows
/// the domain and the taxonomy).
///
/// Called from the indexer's own thread, never from a pool thread: an implementation may
/// build documents on every core, but takes whatever lock guards its derived state on the
/// calling thread only, once per batch, after the parallel part has ended. A search holding
/// a read lock while it waits on the pool therefore never waits for a pool thread that
/// waits for the write lock.
pub trait DocSource: Send + Sync + 'static {
    /// The documents of a batch of records of one kind (records that should not be
    /// searchable give none), and in the same step: whatever was derived from `gone` (records
    /// of that kind deleted since) is dropped, and what is derived from `records` replaces
    /// what was derived from their earlier versions.
    fn documents(
        &self,
        entity: Entity,
        records: &[StoredRecord],
        gone: &[EntityId],
    ) -> Vec<IndexDoc>;

    /// The index is rebuilt from scratch.
    fn forget_all(&self) {}
}

/// Why an index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index error")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot open the search index directory")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("index directory: {0}")]
    Io(#[from] std::io::Error),
}

/// Stored records turned into documents together during a rebuild.
const REBUILD_BATCH: usize = 4096;

/// The commit payload: how far the index has followed the change log.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
struct Payload {
    seq: u64,
    config_version: u32,
}

/// The search index with its single writer.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    config: IndexConfig,
    writer: Mutex<IndexWriter>,
    applied: watch::Sender<u64>,
    /// When `applied` last moved (or the index was opened).
    advanced: Mutex<std::time::Instant>,
    /// A candidate was deleted since the last purge: their document may still be in a
    /// segment file until the segments holding deletions are merged.
    purge_pending: AtomicBool,
}

impl SearchIndex {
    /// The directory of the index for a configuration version, under the data directory.
    pub fn dir_for(data_dir: &Path, cfg: &IndexConfig) -> PathBuf {
        data_dir.join(format!("index-v{}", cfg.version))
    }

    /// Opens or creates the index in `dir`. Fails if another process holds the writer.
    pub fn open(dir: &Path, cfg: IndexConfig) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build(&cfg);
        let index = open_or_create(dir, &schema)?;
        schema::register_analyzers(&index, &cfg);
        let writer: IndexWriter = index
            .writer_with_num_threads(cfg.writer.threads, cfg.writer.memory_budget_mb * 1_000_000)?;
        let seq = read_payload(&index)?
            .filter(|p| p.config_version == cfg.version)
            .map_or(0, |p| p.seq);
        SearchIndex::assemble(index, fields, cfg, writer, seq)
    }

    /// An index in memory (tests, benchmarks).
    pub fn in_memory(cfg: IndexConfig) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema::build(&cfg);
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index, &cfg);
        let writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
        SearchIndex::assemble(index, fields, cfg, writer, 0)
    }

    /// The index with a manually reloaded reader, its writer, and `seq` as applied.
    fn assemble(
        index: Index,
        fields: Fields,
        config: IndexConfig,
        writer: IndexWriter,
        seq: u64,
    ) -> Result<SearchIndex, IndexError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let (applied, _) = watch::channel(seq);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            config,
            writer: Mutex::new(writer),
            applied,
            advanced: Mutex::new(std::time::Instant::now()),
            purge_pending: AtomicBool::new(false),
        })
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The configuration in force.
    pub fn config(&self) -> &IndexConfig {
        &self.config
    }

    /// The change-log sequence number up to which the index is committed and searchable.
    pub fn applied_seq(&self) -> u64 {
        *self.applied.borrow()
    }

    /// How long ago `applied_seq` last moved (or the index was opened).
    pub fn since_advanced(&self) -> Duration {
        self.advanced
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }

    /// Follows `applied_seq` (for `refresh=wait_for`).
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.applied.subscribe()
    }

    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies at most `max_batch` changes after `applied_seq` and commits them in one
    /// commit. Returns how many change-log entries were applied.
    pub fn apply_changes(
        &self,
        store: &dyn Store,
        source: &dyn DocSource,
        max_batch: usize,
    ) -> Result<usize, IndexError> {
        let from = self.applied_seq();
        let changes = store.changes_after(from, max_batch)?;
        let Some(last) = changes.last().map(|c| c.seq) else {
            return Ok(0);
        };
        let mut writer = self.writer();
        let mut touched: Vec<(Entity, EntityId)> = Vec::new();
        for c in &changes {
            if IndexedEntity::of(c.entity).is_none() {
                continue;
            }
            writer.delete_term(Term::from_field_text(self.fields.id, &c.id.to_string()));
            touched.push((c.entity, c.id));
            if c.op == ChangeOp::Delete && c.entity == Entity::Candidate {
                self.purge_pending.store(true, Ordering::Release);
            }
        }
        touched.sort();
        touched.dedup();
        for entity in [Entity::Candidate, Entity::Vacancy] {
            let ids: Vec<EntityId> = touched
                .iter()
                .filter(|(e, _)| *e == entity)
                .map(|(_, id)| *id)
                .collect();
            if ids.is_empty() {
                continue;
            }
            // The current state, not the state at the time of the change: a record changed
            // twice is indexed once, a record since deleted not at all.
            let records = store.get_many(entity, &ids)?;
            let present: std::collections::HashSet<EntityId> =
                records.iter().map(|r| r.id).collect();
            let gone: Vec<EntityId> = ids.into_iter().filter(|id| !present.contains(id)).collect();
            let docs: Vec<TantivyDocument> = source
                .documents(entity, &records, &gone)
                .par_iter()
                .map(|doc| self.fields.document(doc))
                .collect();
            for doc in docs {
                writer.add_document(doc)?;
            }
        }
        self.commit(&mut writer, last)?;
        Ok(changes.len())
    }

    fn commit(&self, writer: &mut IndexWriter, seq: u64) -> Result<(), IndexError> {
        let payload = Payload {
            seq,
            config_version: self.config.version,
        };
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&serde_json::to_string(&payload).unwrap_or_default());
        prepared.commit()?;
        self.reader.reload()?;
        if self.applied.send_replace(seq) != seq {
            *self.advanced.lock().unwrap_or_else(|p| p.into_inner()) = std::time::Instant::now();
        }
        Ok(())
    }

    /// Applies every pending change.
    pub fn catch_up(&self, store: &dyn Store, source: &dyn DocSource) -> Result<u64, IndexError> {
        let mut total = 0u64;
        loop {
            let n = self.apply_changes(store, source, 20_000)?;
            if n == 0 {
                return Ok(total);
            }
            total += n as u64;
        }
    }

    /// Rebuilds the index from the store: every candidate and vacancy, then whatever
    /// changed meanwhile.
    pub fn rebuild(&self, store: &dyn Store, source: &dyn DocSource) -> Result<u64, IndexError> {
        let seq = store.last_seq()?;
        let mut count = 0u64;
        {
            let mut writer = self.writer();
            writer.delete_all_documents()?;
            source.forget_all();
            for entity in [Entity::Candidate, Entity::Vacancy] {
                let mut batch = Vec::with_capacity(REBUILD_BATCH);
                store.scan(entity, &mut |record| {
                    batch.push(record);
                    if batch.len() >= REBUILD_BATCH {
                        count += self.add_batch(&writer, source, entity, &batch)?;
                        batch.clear();
                    }
                    Ok(())
                })?;
                count += self.add_batch(&writer, source, entity, &batch)?;
            }
            self.commit(&mut writer, seq)?;
        }
        self.catch_up(store, source)?;
        Ok(count)
    }

    /// Builds the documents of a batch of records on every core and adds them.
    fn add_batch(
        &self,
        writer: &IndexWriter,
        source: &dyn DocSource,
        entity: Entity,
        records: &[StoredRecord],
    ) -> Result<u64, StoreError> {
        let docs: Vec<TantivyDocument> = source
            .documents(entity, records, &[])
            .par_iter()
            .map(|doc| self.fields.document(doc))
            .collect();
        let n = docs.len() as u64;
        for doc in docs {
            writer
                .add_document(doc)
                .map_err(|e| StoreError::Corrupt(format!("indexing failed: {e}")))?;
        }
        Ok(n)
    }

    /// Merges the segments holding deleted documents so that those documents are
    /// physically dropped from the index files, then removes files no longer used.
    pub fn purge_deleted(&self) -> Result<(), IndexError> {
        // The writer lock first: two purges must not pick the same segments.
        let mut writer = self.writer();
        self.purge_pending.store(false, Ordering::Release);
        // A segment the background merge policy is merging cannot be merged again until
        // that merge ends (which drops its deleted documents too): look again shortly.
        let mut attempt = 0;
        loop {
            let ids: Vec<_> = self
                .index
                .searchable_segment_metas()?
                .into_iter()
                .filter(|m| m.has_deletes())
                .map(|m| m.id())
                .collect();
            if ids.is_empty() {
                break;
            }
            match writer.merge(&ids).wait() {
                Ok(_) => break,
                Err(e) if attempt < 100 => {
                    tracing::debug!(error = %e, "segments busy; purging again shortly");
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let seq = self.applied_seq();
        self.commit(&mut writer, seq)?;
        writer.garbage_collect_files().wait()?;
        Ok(())
    }

    /// The ids of every indexed record of a kind (consistency checks).
    pub fn ids(&self, entity: IndexedEntity) -> Result<Vec<EntityId>, IndexError> {
        search::all_ids(self, entity)
    }

    fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Whether a document would be built from this schema (used by tests).
    pub fn schema(&self) -> Schema {
        self.index.schema()
    }

    #[doc(hidden)]
    pub fn raw_document(&self, doc: &IndexDoc) -> TantivyDocument {
        self.fields.document(doc)
    }
}

fn open_or_create(dir: &Path, schema: &Schema) -> Result<Index, IndexError> {
    let directory = MmapDirectory::open(dir)?;
    if Index::exists(&directory).map_err(tantivy::TantivyError::from)? {
        Ok(Index::open(directory)?)
    } else {
        Ok(Index::create(
            directory,
            schema.clone(),
            tantivy::IndexSettings::default(),
        )?)
    }
}

fn read_payload(index: &Index) -> Result<Option<Payload>, IndexError> {
    let metas = index.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok()))
}

/// The background indexer: wakes on a signal or every `interval`, applies pending changes.
pub struct Indexer {
    wake: SyncSender<()>,
    stop: SyncSender<()>,
    thread: Option<JoinHandle<()>>,
}

impl Indexer {
    /// Starts the indexer thread.
    pub fn spawn(
        index: Arc<SearchIndex>,
        store: Arc<dyn Store>,
        source: Arc<dyn DocSource>,
        interval: Duration,
    ) -> Indexer {
        let (wake, wake_rx) = mpsc::sync_channel::<()>(1);
        let (stop, stop_rx) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("indexer".into())
            .spawn(move || run(&index, &*store, &*source, interval, &wake_rx, &stop_rx))
            .expect("spawning the indexer thread");
        Indexer {
            wake,
            stop,
            thread: Some(thread),
        }
    }

    /// Asks the indexer to look at the change log now.
    pub fn wake(&self) {
        let _ = self.wake.try_send(());
    }

    /// Applies what is pending and stops the thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        let _ = self.stop.try_send(());
        let _ = self.wake.try_send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

fn run(
    index: &SearchIndex,
    store: &dyn Store,
    source: &dyn DocSource,
    interval: Duration,
    wake: &Receiver<()>,
    stop: &Receiver<()>,
) {
    loop {
        let stopping = stop.try_recv().is_ok();
        match index.catch_up(store, source) {
            Ok(n) if n > 0 => {
                tracing::debug!(changes = n, seq = index.applied_seq(), "index caught up")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "indexing failed; retrying"),
        }
        // Erasure also when the service stopped between deleting and purging (the erasing
        // request purges itself; this catches a replay after a crash).
        if index.purge_pending.load(Ordering::Acquire)
            && let Err(e) = index.purge_deleted()
        {
            tracing::error!(error = %e, "purging deleted documents failed; retrying");
            index.purge_pending.store(true, Ordering::Release);
        }
        if stopping {
            return;
        }
        match wake.recv_timeout(interval) {
            Ok(()) => {
                // Let a burst of writes gather into one commit.
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
