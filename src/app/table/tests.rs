//! The table under changes.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::index::{GeoArea, IndexedEntity};
use crate::matching::{COMMUTE_BANDS, band_tag};

/// A candidate somewhere in the Rhineland with some of nine skill tokens.
fn candidate(rng: &mut ChaCha8Rng, n: u128) -> (Arc<CandidateFeatures>, Vec<String>, Vec<String>) {
    let commute = f64::from(
        *[10u32, 15, 25, 40, 60]
            .get(rng.random_range(0..5))
            .unwrap_or(&10),
    );
    let f = CandidateFeatures {
        id: EntityId::from_u128(n),
        skills: Vec::new(),
        occupations: Vec::new(),
        languages: Vec::new(),
        at: Coordinates {
            lat: rng.random_range(50.0..51.5),
            lon: rng.random_range(5.9..7.5),
        },
        commute_km: commute,
        licences: Vec::new(),
        available_from: None,
        work_types: Vec::new(),
        visible: true,
        residence: None,
    };
    let band = band_tag(COMMUTE_BANDS[commute_band(commute)]);
    let mut tags = vec![band, "wt:any".to_owned()];
    if rng.random_bool(0.5) {
        tags.push("can:de:B1".to_owned());
    }
    let concepts = (1..10)
        .filter(|_| rng.random_bool(0.4))
        .map(|k| format!("sk:{k}"))
        .collect();
    (Arc::new(f), tags, concepts)
}

fn queries() -> Vec<FilterQuery> {
    let boosts: Vec<(String, f32)> = (1..10)
        .map(|k| (format!("sk:{k}"), k as f32 / 10.0))
        .collect();
    let plan_areas = COMMUTE_BANDS
        .iter()
        .map(|b| GeoArea {
            tags: vec![band_tag(*b)],
            lat: 50.8,
            lon: 6.5,
            radius_km: f64::from(*b),
        })
        .collect();
    let query = |must: Vec<&str>, areas| FilterQuery {
        entity: IndexedEntity::Candidate,
        must_tags: must.into_iter().map(str::to_owned).collect(),
        any_tags: vec!["wt:any".to_owned()],
        areas,
        max_date_days: None,
        boosts: boosts.clone(),
    };
    let circle = GeoArea {
        tags: Vec::new(),
        lat: 50.9,
        lon: 6.9,
        radius_km: 30.0,
    };
    vec![
        query(vec![], Vec::new()),
        query(vec!["can:de:B1"], plan_areas),
        query(vec![], vec![circle]),
    ]
}

fn passing(t: &CandidateTable, q: &FilterQuery) -> Vec<(EntityId, f32)> {
    let mut p = t.passing_ids(q);
    p.sort_by_key(|(id, _)| *id);
    p
}

/// After puts, moves to other buckets, replacements that compact an arena and
/// removals, the table answers as one built from the final records at once.
#[test]
fn a_changed_table_answers_as_one_built_afresh() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut table = CandidateTable::default();
    let mut current = HashMap::new();
    for n in 0..600 {
        let c = candidate(&mut rng, n);
        table.put(c.0.clone(), &c.1, &c.2, 0);
        current.insert(n, c);
    }
    // Moves (other place, other commute band).
    for n in (0..600).step_by(3) {
        let c = candidate(&mut rng, n);
        table.put(c.0.clone(), &c.1, &c.2, 0);
        current.insert(n, c);
    }
    // Replacements in the same place, until the bucket's arena is rewritten.
    for _ in 0..3000 {
        let mut c = candidate(&mut rng, 8);
        let mut f = (*c.0).clone();
        (f.at, f.commute_km) = (current[&8].0.at, current[&8].0.commute_km);
        (c.0, c.1) = (Arc::new(f), current[&8].1.clone());
        table.put(c.0.clone(), &c.1, &c.2, 0);
        current.insert(8, c);
    }
    for n in (0..600).step_by(7) {
        table.remove(EntityId::from_u128(n));
        current.remove(&n);
    }
    let mut fresh = CandidateTable::default();
    for c in current.values() {
        fresh.put(c.0.clone(), &c.1, &c.2, 0);
    }
    assert_eq!(table.len(), current.len());
    for q in queries() {
        let (got, want) = (passing(&table, &q), passing(&fresh, &q));
        assert!(!want.is_empty());
        assert_eq!(got, want);
    }
    // Every slot still leads to its own row.
    for slot in 0..table.len() as u32 {
        let f = table.features(slot);
        assert_eq!(table.whereabouts(slot, None).at, f.at);
    }
}
