//! A store and an index filled with a generated data set, and the brute-force reference.

use chrono::NaiveDate;
use serde_json::Value;

use passgenau::app::RecordDocs;
use passgenau::domain::{Candidate, EntityId, Vacancy};
use passgenau::fixtures::{DataSet, Plan, generate, placement_catalog};
use passgenau::index::{IndexConfig, SearchIndex};
use passgenau::matching::{
    CandidateFeatures, MatchQuery, PreparedVacancy, Ranked, Resolver, ScoringSettings,
    candidate_features, rank_all, score, top_k, vacancy_features,
};
use passgenau::store::{Durability, Entity, NewRecord, SqliteStore, Store};
use passgenau::taxonomy::Taxonomy;

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

pub fn settings() -> &'static ScoringSettings {
    ScoringSettings::embedded()
}

/// A generated data set of this size.
pub fn data(seed: u64, vacancies: usize, candidates: usize) -> DataSet {
    let plan = Plan {
        seed,
        employers: (vacancies / 3).max(1),
        vacancies,
        candidates,
        as_of: day("2026-11-21"),
        project_start: None,
    };
    generate(&plan, &placement_catalog(Taxonomy::embedded()))
}

pub struct World {
    pub store: SqliteStore,
    pub index: SearchIndex,
    pub docs: RecordDocs,
    _dir: tempfile::TempDir,
}

fn store_rows(store: &SqliteStore, entity: Entity, rows: &[Value]) {
    let docs: Vec<(EntityId, Option<String>, String)> = rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            let obj = r.as_object_mut().expect("an object");
            let id: EntityId = obj
                .remove("id")
                .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
                .expect("an id");
            let ext = obj
                .get("external_ref")
                .and_then(Value::as_str)
                .map(str::to_owned);
            (id, ext, r.to_string())
        })
        .collect();
    let records: Vec<NewRecord<'_>> = docs
        .iter()
        .map(|(id, ext, doc)| NewRecord {
            id: *id,
            external_ref: ext.as_deref(),
            doc,
        })
        .collect();
    store.upsert_batch(entity, &records).expect("stored");
}

/// Stores a data set and indexes it.
pub fn world(data: &DataSet) -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        SqliteStore::open(&dir.path().join("db.sqlite"), Durability::Normal).expect("store");
    store_rows(&store, Entity::Employer, &data.employers);
    store_rows(&store, Entity::Vacancy, &data.vacancies);
    store_rows(&store, Entity::Candidate, &data.candidates);
    let index = SearchIndex::in_memory(IndexConfig::embedded()).expect("index");
    let docs = RecordDocs::default();
    index.rebuild(&store, &docs).expect("indexed");
    World {
        store,
        index,
        docs,
        _dir: dir,
    }
}

impl World {
    /// Every candidate's features, straight from the store (no index, no cache).
    pub fn candidates(&self) -> Vec<CandidateFeatures> {
        let mut r = Resolver::new(Taxonomy::embedded(), settings());
        let mut out = Vec::new();
        self.store
            .scan(Entity::Candidate, &mut |rec| {
                let c: Candidate = serde_json::from_str(&rec.doc).expect("a candidate");
                out.push(candidate_features(&mut r, rec.id, &c));
                Ok(())
            })
            .expect("scan");
        out
    }

    /// Every vacancy, prepared straight from the store.
    pub fn vacancies(&self) -> Vec<PreparedVacancy> {
        let mut r = Resolver::new(Taxonomy::embedded(), settings());
        let mut out = Vec::new();
        self.store
            .scan(Entity::Vacancy, &mut |rec| {
                let v: Vacancy = serde_json::from_str(&rec.doc).expect("a vacancy");
                let f = vacancy_features(&mut r, Some(rec.id), &v);
                out.push(PreparedVacancy::new(Taxonomy::embedded(), settings(), f));
                Ok(())
            })
            .expect("scan");
        out
    }
}

/// The top k candidates by scoring every one.
pub fn brute_candidates(
    all: &[CandidateFeatures],
    v: &PreparedVacancy,
    q: &MatchQuery,
    k: usize,
) -> Vec<Ranked> {
    rank_all(settings(), v, all, q, k)
}

/// The top k vacancies for a candidate by scoring every one.
pub fn brute_vacancies(
    all: &[PreparedVacancy],
    c: &CandidateFeatures,
    q: &MatchQuery,
    k: usize,
) -> Vec<Ranked> {
    let hits = all
        .iter()
        .filter_map(|v| {
            score(settings(), v, c, q).ok().map(|scored| Ranked {
                id: v.features.id.expect("stored"),
                scored,
            })
        })
        .collect();
    top_k(hits, k)
}

/// (id, score) pairs, the part of a ranking that must agree.
pub fn ids_and_scores(r: &[Ranked]) -> Vec<(EntityId, f64)> {
    r.iter().map(|h| (h.id, h.scored.score)).collect()
}
