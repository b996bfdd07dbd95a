//! Golden rankings of a fixed generated data set: a scoring change shows up in review.

use std::collections::HashMap;

use serde_json::{Value, json};

use passgenau::app::matching::candidates_for;
use passgenau::matching::MatchQuery;

use crate::helpers::*;

#[test]
fn the_rankings_of_the_seeded_data_set_are_stable() {
    let data = data(2026, 5, 400);
    let refs: HashMap<String, String> = data
        .candidates
        .iter()
        .chain(&data.vacancies)
        .map(|c| {
            (
                c["id"].as_str().unwrap_or_default().to_owned(),
                c["external_ref"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let world = world(&data);
    let q = MatchQuery::on(day("2026-11-21"));
    let mut vacancies = world.vacancies();
    vacancies.sort_by_key(|v| refs[&v.features.id.unwrap().to_string()].clone());
    let rankings: Vec<Value> = vacancies
        .iter()
        .map(|v| {
            let r = candidates_for(&world.docs.cache, settings(), v, &q, 5);
            json!({
                "vacancy": refs[&v.features.id.unwrap().to_string()],
                "considered": r.considered,
                "top": r.hits.iter().map(|h| json!({
                    "candidate": refs[&h.id.to_string()],
                    "score": h.scored.score,
                    "verdict": format!("{:?}", h.scored.verdict.outcome),
                    "distance_km": (h.scored.distance_km * 10.0).round() / 10.0,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("golden_rankings", rankings);
}
