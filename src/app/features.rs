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

/// Features by record id, and the retrieval table of the indexed candidates.
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

    /// Computes and keeps a candidate's features and the retrieval row of its index
    /// document; returns the features and the document's concept tokens and tags.
    pub(crate) fn put_indexed_candidate(
        &self,
        id: EntityId,
        c: &Candidate,
    ) -> (Arc<CandidateFeatures>, Vec<String>, Vec<String>) {
        let f = self.put_candidate(id, c);
        let (concepts, tags, from) = candidate_terms(c, &f);
        write(&self.table).put(f.clone(), &tags, &concepts[from..], days(c.available_from));
        (f, concepts, tags)
    }

    /// Reads the retrieval table of the indexed candidates.
    pub fn with_table<T>(&self, f: impl FnOnce(&CandidateTable) -> T) -> T {
        f(&read(&self.table))
    }

    /// Computes and keeps a vacancy's prepared features.
    pub fn put_vacancy(&self, id: EntityId, v: &Vacancy) -> Arc<PreparedVacancy> {
        let p = Arc::new(self.prepare(Some(id), v));
        write(&self.vacancies).insert(id, p.clone());
        p
    }

    /// Prepares a vacancy without keeping it (ad-hoc search, what-if).
    pub fn prepare(&self, id: Option<EntityId>, v: &Vacancy) -> PreparedVacancy {
        let features = with_resolver(|r| vacancy_features(r, id, v));
        PreparedVacancy::new(Taxonomy::embedded(), ScoringSettings::embedded(), features)
    }

    /// Forgets a record of either kind.
    pub fn remove(&self, id: EntityId) {
        write(&self.candidates).remove(&id);
        write(&self.table).remove(id);
        write(&self.vacancies).remove(&id);
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
        records.par_iter().for_each(|r| {
            if let Ok(c) = serde_json::from_str(&r.doc) {
                self.put_indexed_candidate(r.id, &c);
            }
        });
    }

    /// Number of candidates and vacancies held.
    pub fn counts(&self) -> (usize, usize) {
        (read(&self.candidates).len(), read(&self.vacancies).len())
    }
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}
