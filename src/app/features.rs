//! Match features of every indexed record, kept in memory beside the index: computed once
//! when the indexer applies a change (labels resolved, requirements expanded), read by every
//! match query.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use crate::domain::{Candidate, EntityId, Vacancy};
use crate::matching::{
    CandidateFeatures, PreparedVacancy, Resolver, ScoringSettings, candidate_features,
    vacancy_features,
};
use crate::store::{Entity, Store, StoreError};
use crate::taxonomy::Taxonomy;

/// Features by record id.
pub struct FeatureCache {
    candidates: RwLock<HashMap<EntityId, Arc<CandidateFeatures>>>,
    vacancies: RwLock<HashMap<EntityId, Arc<PreparedVacancy>>>,
    resolver: Mutex<Resolver<'static>>,
}

impl Default for FeatureCache {
    fn default() -> Self {
        FeatureCache {
            candidates: RwLock::default(),
            vacancies: RwLock::default(),
            resolver: Mutex::new(Resolver::new(
                Taxonomy::embedded(),
                ScoringSettings::embedded(),
            )),
        }
    }
}

impl FeatureCache {
    fn resolver(&self) -> std::sync::MutexGuard<'_, Resolver<'static>> {
        self.resolver.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Computes and keeps a candidate's features.
    pub fn put_candidate(&self, id: EntityId, c: &Candidate) -> Arc<CandidateFeatures> {
        let f = Arc::new(candidate_features(&mut self.resolver(), id, c));
        write(&self.candidates).insert(id, f.clone());
        f
    }

    /// Computes and keeps a vacancy's prepared features.
    pub fn put_vacancy(&self, id: EntityId, v: &Vacancy) -> Arc<PreparedVacancy> {
        let p = Arc::new(self.prepare(Some(id), v));
        write(&self.vacancies).insert(id, p.clone());
        p
    }

    /// Prepares a vacancy without keeping it (ad-hoc search, what-if).
    pub fn prepare(&self, id: Option<EntityId>, v: &Vacancy) -> PreparedVacancy {
        let features = vacancy_features(&mut self.resolver(), id, v);
        PreparedVacancy::new(Taxonomy::embedded(), ScoringSettings::embedded(), features)
    }

    /// Forgets a record of either kind.
    pub fn remove(&self, id: EntityId) {
        write(&self.candidates).remove(&id);
        write(&self.vacancies).remove(&id);
    }

    /// Forgets everything (before a rebuild).
    pub fn clear(&self) {
        write(&self.candidates).clear();
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
    /// documents, the features in memory must be rebuilt after a start.
    pub fn warm(&self, store: &dyn Store) -> Result<(), StoreError> {
        store.scan(Entity::Candidate, &mut |r| {
            if let Ok(c) = serde_json::from_str(&r.doc) {
                self.put_candidate(r.id, &c);
            }
            Ok(())
        })?;
        store.scan(Entity::Vacancy, &mut |r| {
            if let Ok(v) = serde_json::from_str(&r.doc) {
                self.put_vacancy(r.id, &v);
            }
            Ok(())
        })
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
