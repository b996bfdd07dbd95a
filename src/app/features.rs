//! Match features of every indexed record, kept in memory beside the index: computed once
//! when the indexer applies a change (labels resolved, requirements expanded), read by every
//! match query.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rayon::prelude::*;

use crate::domain::{Candidate, EntityId, Vacancy};
use crate::matching::{
    CandidateFeatures, PreparedVacancy, Resolver, ScoringSettings, candidate_features,
    vacancy_features,
};
use crate::store::{Entity, Store, StoreError, StoredRecord};
use crate::taxonomy::Taxonomy;

use super::docs::{candidate_terms, days};
use super::table::CandidateTable;

/// Stored candidates parsed and resolved together when warming.
const WARM_BATCH: usize = 4096;

/// What is derived from one stored candidate: its features, and the concept tokens and
/// filter tags of its index document (the tokens of the match features from `from` on).
pub(crate) struct DerivedCandidate {
    pub features: Arc<CandidateFeatures>,
    pub concepts: Vec<String>,
    pub tags: Vec<String>,
    pub from: usize,
    pub date_days: i64,
}

impl DerivedCandidate {
    /// What the retrieval table keeps of it.
    pub(crate) fn row(&self) -> CandidateRow<'_> {
        CandidateRow {
            features: &self.features,
            tags: &self.tags,
            concepts: &self.concepts[self.from..],
            date_days: self.date_days,
        }
    }
}

/// A candidate's retrieval row as [`FeatureCache::publish`] takes it: the features, the
/// document's filter tags and the concept tokens of the match features.
pub(crate) struct CandidateRow<'a> {
    pub features: &'a Arc<CandidateFeatures>,
    pub tags: &'a [String],
    pub concepts: &'a [String],
    pub date_days: i64,
}

/// Features by record id, and the retrieval table of the indexed candidates.
///
/// Locks are taken on the calling thread only, never inside a parallel task: searches read
/// the table under its read lock while they score on the thread pool; the indexer derives
/// features on the pool holding no lock, then publishes a whole batch under each write lock
/// once.
pub struct FeatureCache {
    candidates: RwLock<HashMap<EntityId, Arc<CandidateFeatures>>>,
    vacancies: RwLock<HashMap<EntityId, Arc<PreparedVacancy>>>,
    table: RwLock<CandidateTable>,
}

impl Default for FeatureCache {
    fn default() -> Self {
        // The taxonomy loads on every core (rayon); load it here, before any indexing task
        // on a rayon thread creates its resolver and would wait for the load from inside
        // the pool.
        let _ = (Taxonomy::embedded(), ScoringSettings::embedded());
        FeatureCache {
            candidates: RwLock::default(),
            vacancies: RwLock::default(),
            table: RwLock::default(),
        }
    }
}

thread_local! {
    /// One resolver per thread: label resolution runs on every indexing thread at once, each
    /// with its own memo of resolved labels.
    static RESOLVER: RefCell<Resolver<'static>> =
        RefCell::new(Resolver::new(Taxonomy::embedded(), ScoringSettings::embedded()));
}

fn with_resolver<T>(f: impl FnOnce(&mut Resolver<'static>) -> T) -> T {
    RESOLVER.with(|r| f(&mut r.borrow_mut()))
}

impl FeatureCache {
    /// Computes and keeps a candidate's features.
    pub fn put_candidate(&self, id: EntityId, c: &Candidate) -> Arc<CandidateFeatures> {
        let f = Arc::new(with_resolver(|r| candidate_features(r, id, c)));
        write(&self.candidates).insert(id, f.clone());
        f
    }

    /// Computes a candidate's features and the retrieval row of its index document, without
    /// keeping them (see [`FeatureCache::publish`]).
    pub(crate) fn derive_candidate(id: EntityId, c: &Candidate) -> DerivedCandidate {
        let features = Arc::new(with_resolver(|r| candidate_features(r, id, c)));
        let (concepts, tags, from) = candidate_terms(c, &features);
        DerivedCandidate {
            features,
            concepts,
            tags,
            from,
            date_days: days(c.available_from),
        }
    }

    /// Prepares a vacancy's features without keeping them (see [`FeatureCache::publish`]).
    pub(crate) fn derive_vacancy(id: EntityId, v: &Vacancy) -> Arc<PreparedVacancy> {
        Arc::new(prepared(Some(id), v))
    }

    /// Drops what was derived from `gone` and keeps what was derived from a batch of
    /// records, each lock taken once. Call it outside the thread pool (see
    /// `index::DocSource`): a search may hold the table's read lock while it waits on the
    /// pool.
    pub(crate) fn publish(
        &self,
        gone: &[EntityId],
        candidates: &[CandidateRow<'_>],
        vacancies: &[Arc<PreparedVacancy>],
    ) {
        if !gone.is_empty() || !candidates.is_empty() {
            let mut map = write(&self.candidates);
            for id in gone {
                map.remove(id);
            }
            for d in candidates {
                map.insert(d.features.id, d.features.clone());
            }
            drop(map);
            let mut table = write(&self.table);
            for id in gone {
                table.remove(*id);
            }
            for d in candidates {
                table.put(d.features.clone(), d.tags, d.concepts, d.date_days);
            }
        }
        if !gone.is_empty() || !vacancies.is_empty() {
            let mut map = write(&self.vacancies);
            for id in gone {
                map.remove(id);
            }
            for p in vacancies {
                if let Some(id) = p.features.id {
                    map.insert(id, p.clone());
                }
            }
        }
    }

    /// Reads the retrieval table of the indexed candidates.
    pub fn with_table<T>(&self, f: impl FnOnce(&CandidateTable) -> T) -> T {
        f(&read(&self.table))
    }

    /// Computes and keeps a vacancy's prepared features.
    pub fn put_vacancy(&self, id: EntityId, v: &Vacancy) -> Arc<PreparedVacancy> {
        let p = Self::derive_vacancy(id, v);
        write(&self.vacancies).insert(id, p.clone());
        p
    }

    /// Prepares a vacancy without keeping it (ad-hoc search, what-if).
    pub fn prepare(&self, id: Option<EntityId>, v: &Vacancy) -> PreparedVacancy {
        prepared(id, v)
    }

    /// Forgets everything (before a rebuild).
    pub fn clear(&self) {
        write(&self.candidates).clear();
        write(&self.table).clear();
        write(&self.vacancies).clear();
    }

    pub fn candidate(&self, id: EntityId) -> Option<Arc<CandidateFeatures>> {
        read(&self.candidates).get(&id).cloned()
    }

    pub fn vacancy(&self, id: EntityId) -> Option<Arc<PreparedVacancy>> {
        read(&self.vacancies).get(&id).cloned()
    }

    /// The candidates' features for these ids (unknown ids are skipped).
    pub fn candidates(&self, ids: &[EntityId]) -> Vec<Arc<CandidateFeatures>> {
        let map = read(&self.candidates);
        ids.iter().filter_map(|id| map.get(id).cloned()).collect()
    }

    /// The vacancies' prepared features for these ids (unknown ids are skipped).
    pub fn vacancies(&self, ids: &[EntityId]) -> Vec<Arc<PreparedVacancy>> {
        let map = read(&self.vacancies);
        ids.iter().filter_map(|id| map.get(id).cloned()).collect()
    }

    /// Computes the features of every stored record: the index on disk already holds its
    /// documents, the features and the retrieval table in memory must be rebuilt after a
    /// start. Records are parsed and resolved on every core, in batches.
    pub fn warm(&self, store: &dyn Store) -> Result<(), StoreError> {
        let mut batch = Vec::with_capacity(WARM_BATCH);
        store.scan(Entity::Candidate, &mut |r| {
            batch.push(r);
            if batch.len() >= WARM_BATCH {
                self.warm_candidates(&std::mem::take(&mut batch));
            }
            Ok(())
        })?;
        self.warm_candidates(&batch);
        store.scan(Entity::Vacancy, &mut |r| {
            if let Ok(v) = serde_json::from_str(&r.doc) {
                self.put_vacancy(r.id, &v);
            }
            Ok(())
        })
    }

    fn warm_candidates(&self, records: &[StoredRecord]) {
        let derived: Vec<DerivedCandidate> = records
            .par_iter()
            .filter_map(|r| {
                let c = serde_json::from_str(&r.doc).ok()?;
                Some(Self::derive_candidate(r.id, &c))
            })
            .collect();
        let rows: Vec<CandidateRow<'_>> = derived.iter().map(DerivedCandidate::row).collect();
        self.publish(&[], &rows, &[]);
    }

    /// Number of candidates and vacancies held.
    pub fn counts(&self) -> (usize, usize) {
        (read(&self.candidates).len(), read(&self.vacancies).len())
    }
}

/// A vacancy's prepared features, resolved on this thread.
fn prepared(id: Option<EntityId>, v: &Vacancy) -> PreparedVacancy {
    let features = with_resolver(|r| vacancy_features(r, id, v));
    PreparedVacancy::new(Taxonomy::embedded(), ScoringSettings::embedded(), features)
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}
