//! Ranking quality, measured: a labelled set built from ESCO itself, scored by nDCG@10 and
//! MRR for our ranking and for plain BM25 over the same label text.
//!
//! One vacancy per occupation, asking for its essential skills. Candidates are described
//! the way people write: alternative labels, German labels, typos; their occupation by its
//! French or German label. Grades: 2 for a person of the vacancy's occupation, 1 for one of a
//! sibling occupation (same ISCO unit group), 0 otherwise. Place, languages, papers and
//! dates are the same for everyone, so only the match of skills and occupation can rank.

use std::collections::HashMap;

use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use passgenau::domain::{EntityId, Vacancy};
use passgenau::fixtures::DataSet;
use passgenau::index::{IndexedEntity, SearchRequest};
use passgenau::matching::{MatchQuery, PreparedVacancy, Resolver, rank_all, vacancy_features};
use passgenau::taxonomy::{Lang2, OccupationId, SkillId, Taxonomy};

use crate::helpers::*;

const OCCUPATIONS: usize = 150;

fn typo(rng: &mut ChaCha8Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 7 {
        return s.to_owned();
    }
    let i = rng.random_range(1..c.len() - 2);
    c.swap(i, i + 1);
    c.into_iter().collect()
}

/// A label for a skill as a person might write it.
fn skill_words(rng: &mut ChaCha8Rng, tax: &Taxonomy, s: SkillId) -> Option<String> {
    let en = tax.skill_label(s, Lang2::EN)?.to_owned();
    let alts = tax.skill_alt_labels(s, Lang2::EN);
    Some(match rng.random_range(0..4) {
        0 if !alts.is_empty() => alts[rng.random_range(0..alts.len())].to_owned(),
        1 => tax
            .skill_label(s, Lang2::DE)
            .map_or_else(|| typo(rng, &en), str::to_owned),
        2 => typo(rng, &en),
        _ => alts.first().map_or(en, |a| (*a).to_owned()),
    })
}

fn occupation_words(rng: &mut ChaCha8Rng, tax: &Taxonomy, o: OccupationId) -> String {
    let fr = tax.occupation_label(o, Lang2::FR);
    let de = tax.occupation_label(o, Lang2::DE);
    let alt = tax
        .occupation_alt_labels(o, Lang2::EN)
        .first()
        .map(|s| (*s).to_owned());
    match (rng.random_bool(0.5), fr, de) {
        (_, _, Some(de)) if rng.random_bool(0.5) => de.to_owned(),
        (true, Some(fr), _) => fr.to_owned(),
        _ => alt.unwrap_or_else(|| {
            tax.occupation_label(o, Lang2::EN)
                .unwrap_or_default()
                .to_owned()
        }),
    }
}

fn candidate(
    rng: &mut ChaCha8Rng,
    tax: &Taxonomy,
    n: usize,
    o: OccupationId,
    noise: OccupationId,
) -> Value {
    let mut skills: Vec<Value> = tax
        .essential_skills(o)
        .iter()
        .take(8)
        .filter_map(|s| {
            if rng.random_bool(0.7) {
                skill_words(rng, tax, *s)
            } else {
                None
            }
        })
        .map(|l| json!({ "label": l }))
        .collect();
    if let Some(s) = tax
        .essential_skills(noise)
        .first()
        .and_then(|s| skill_words(rng, tax, *s))
    {
        skills.push(json!({ "label": s }));
    }
    json!({
        "id": EntityId::from_u128(0x4000_0000_0000_0000_8000_0000_0000_0000 + n as u128).to_string(),
        "external_ref": format!("Q-{n:04}"),
        "name": { "family": "Test" }, "home_postcode": "52349", "max_commute_km": 25,
        "languages": [ { "code": "de", "level": "B2" } ],
        "skills": skills,
        "occupations": [ { "label": occupation_words(rng, tax, o), "years": 3 } ],
        "work_types": ["employment"], "available_from": "2026-01-01",
        "residence": { "status_type": "niederlassungserlaubnis", "legal_basis": "AufenthG §26 Abs. 3", "annotation": "ERWERB_ERLAUBT" },
        "consent_employer_visibility": true,
    })
}

fn vacancy(tax: &Taxonomy, o: OccupationId) -> Vacancy {
    let skills: Vec<Value> = tax
        .essential_skills(o)
        .iter()
        .take(6)
        .filter_map(|s| tax.skill_label(*s, Lang2::EN))
        .map(|l| json!({ "label": l, "required": true }))
        .collect();
    let title = tax.occupation_label(o, Lang2::EN).unwrap_or_default();
    serde_json::from_value(json!({
        "employer_id": EntityId::from_u128(1).to_string(), "title": title,
        "occupation": { "label": title }, "work_type": "employment", "postcode": "52349",
        "skills": skills, "start_date": "2026-12-01",
    }))
    .expect("a vacancy")
}

/// nDCG@10 and reciprocal rank of the first grade-2 hit.
fn metrics(ranked: &[EntityId], grades: &HashMap<EntityId, u8>) -> (f64, f64) {
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, id)| gain(grades[id]) / (i as f64 + 2.0).log2())
        .sum();
    let mut ideal: Vec<u8> = grades.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) / (i as f64 + 2.0).log2())
        .sum();
    let rr = ranked
        .iter()
        .position(|id| grades[id] == 2)
        .map_or(0.0, |p| 1.0 / (p as f64 + 1.0));
    (if idcg > 0.0 { dcg / idcg } else { 0.0 }, rr)
}

#[test]
fn our_ranking_beats_bm25_on_a_labelled_esco_set() {
    let tax = Taxonomy::embedded();
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut by_unit: HashMap<u16, Vec<OccupationId>> = HashMap::new();
    for o in tax
        .occupations()
        .filter(|o| tax.essential_skills(*o).len() >= 5)
    {
        by_unit.entry(tax.isco_code(o).unit()).or_default().push(o);
    }
    let mut units: Vec<u16> = by_unit
        .keys()
        .copied()
        .filter(|u| by_unit[u].len() >= 2)
        .collect();
    units.sort_unstable();
    units.shuffle(&mut rng);
    let chosen: Vec<(OccupationId, OccupationId)> = units
        .iter()
        .take(OCCUPATIONS)
        .map(|u| (by_unit[u][0], by_unit[u][1]))
        .collect();
    let all: Vec<OccupationId> = chosen.iter().map(|c| c.0).collect();
    let mut data = DataSet::default();
    let mut built_from: Vec<OccupationId> = Vec::new();
    for &(o, sibling) in &chosen {
        for from in [o, o, sibling] {
            let noise = all[rng.random_range(0..all.len())];
            data.candidates
                .push(candidate(&mut rng, tax, built_from.len(), from, noise));
            built_from.push(from);
        }
    }
    let world = world(&data);
    let people = world.candidates();
    let ids: Vec<EntityId> = data
        .candidates
        .iter()
        .map(|c| c["id"].as_str().unwrap().parse().unwrap())
        .collect();
    let q = MatchQuery::on(day("2026-11-21"));
    let mut resolver = Resolver::new(tax, settings());
    let (mut ours, mut bm25) = ((0.0, 0.0), (0.0, 0.0));
    for &(o, _) in &chosen {
        let grades: HashMap<EntityId, u8> = ids
            .iter()
            .zip(&built_from)
            .map(|(id, f)| {
                (
                    *id,
                    if *f == o {
                        2
                    } else if tax.isco_code(*f).unit() == tax.isco_code(o).unit() {
                        1
                    } else {
                        0
                    },
                )
            })
            .collect();
        let v = vacancy(tax, o);
        let prepared =
            PreparedVacancy::new(tax, settings(), vacancy_features(&mut resolver, None, &v));
        let ranked: Vec<EntityId> = rank_all(settings(), &prepared, &people, &q, ids.len())
            .iter()
            .map(|r| r.id)
            .collect();
        let text = std::iter::once(v.title.to_string())
            .chain(
                v.skills
                    .iter()
                    .filter_map(|s| s.label.as_deref().map(str::to_owned)),
            )
            .collect::<Vec<_>>()
            .join(" ");
        let baseline: Vec<EntityId> = world
            .index
            .search(&SearchRequest {
                entity: IndexedEntity::Candidate,
                text: Some(text),
                concepts: Vec::new(),
                must_tags: Vec::new(),
                any_tags: Vec::new(),
                limit: ids.len(),
            })
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        let (n, r) = metrics(&ranked, &grades);
        ours = (ours.0 + n, ours.1 + r);
        let (n, r) = metrics(&baseline, &grades);
        bm25 = (bm25.0 + n, bm25.1 + r);
    }
    let k = chosen.len() as f64;
    let (ours, bm25) = ((ours.0 / k, ours.1 / k), (bm25.0 / k, bm25.1 / k));
    let report = format!(
        "# Ranking quality (ESCO-labelled set)\n\n{} vacancies, {} candidates (grades 2/1/0: same occupation / same ISCO unit / other)\n\n| ranking | nDCG@10 | MRR |\n| --- | --- | --- |\n| passgenau | {:.3} | {:.3} |\n| BM25 (tantivy, same label text) | {:.3} | {:.3} |\n",
        chosen.len(),
        ids.len(),
        ours.0,
        ours.1,
        bm25.0,
        bm25.1
    );
    println!("{report}");
    let _ = std::fs::write(
        concat!(env!("CARGO_TARGET_TMPDIR"), "/matching-quality.md"),
        &report,
    );
    assert!(
        ours.0 >= bm25.0 + 0.1,
        "nDCG@10 {:.3} vs BM25 {:.3}",
        ours.0,
        bm25.0
    );
    // MRR is near its ceiling for both: ask for at least half of BM25's shortfall removed.
    assert!(
        1.0 - ours.1 <= 0.5 * (1.0 - bm25.1),
        "MRR {:.3} vs BM25 {:.3}",
        ours.1,
        bm25.1
    );
}
