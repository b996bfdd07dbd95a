//! Candidate search for a vacancy on a fixed generated corpus (seed 1, 20,000 candidates):
//! the exact score of one pair, and the top 20 through the index with exact re-scoring.
//! Larger corpora: `examples/match_load.rs`.

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;

use passgenau::app::RecordDocs;
use passgenau::app::matching::candidates_for;
use passgenau::domain::{Candidate, EntityId, Vacancy};
use passgenau::fixtures::{Plan, generate, placement_catalog};
use passgenau::index::{IndexConfig, SearchIndex};
use passgenau::matching::{MatchQuery, ScoringSettings, score};
use passgenau::store::{Durability, Entity, NewRecord, SqliteStore, Store};
use passgenau::taxonomy::Taxonomy;

fn without_id(v: &Value) -> (EntityId, Value) {
    let mut v = v.clone();
    let id = v
        .as_object_mut()
        .and_then(|o| o.remove("id"))
        .and_then(|i| i.as_str().and_then(|s| s.parse().ok()))
        .expect("generated records have ids");
    (id, v)
}

fn bench(c: &mut Criterion) {
    let as_of = "2026-11-21".parse().expect("date");
    let plan = Plan {
        seed: 1,
        employers: 10,
        vacancies: 50,
        candidates: 20_000,
        as_of,
        project_start: None,
    };
    let data = generate(&plan, &placement_catalog(Taxonomy::embedded()));
    let dir = tempfile::tempdir().expect("temp dir");
    let store =
        SqliteStore::open(&dir.path().join("db.sqlite"), Durability::Normal).expect("store");
    let rows: Vec<(EntityId, String)> = data
        .candidates
        .iter()
        .map(|r| {
            let (id, v) = without_id(r);
            (id, v.to_string())
        })
        .collect();
    let records: Vec<NewRecord<'_>> = rows
        .iter()
        .map(|(id, doc)| NewRecord {
            id: *id,
            external_ref: None,
            doc,
        })
        .collect();
    store
        .upsert_batch(Entity::Candidate, &records)
        .expect("stored");
    let index = SearchIndex::in_memory(IndexConfig::embedded()).expect("index");
    let docs = RecordDocs::default();
    index.rebuild(&store, &docs).expect("indexed");
    let s = ScoringSettings::embedded();
    let vacancies: Vec<_> = data
        .vacancies
        .iter()
        .map(|v| {
            let v: Vacancy = serde_json::from_value(without_id(v).1).expect("vacancy");
            docs.cache.prepare(None, &v)
        })
        .collect();
    let q = MatchQuery::on(as_of);
    let (cid, cjson) = without_id(&data.candidates[0]);
    let candidate: Candidate = serde_json::from_value(cjson).expect("candidate");
    let features = docs.cache.put_candidate(cid, &candidate);

    c.bench_function("score one pair", |b| {
        b.iter(|| {
            let r = score(s, &vacancies[0], &features, &q);
            assert!(r.as_ref().map_or(true, |m| (0.0..=1.0).contains(&m.score)));
            r
        })
    });
    let mut i = 0;
    c.bench_function("top 20 candidates of 20k for a vacancy", |b| {
        b.iter(|| {
            i = (i + 1) % vacancies.len();
            let r = candidates_for(&docs.cache, s, &vacancies[i], &q, 20);
            assert!(r.hits.len() <= 20);
            r
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
