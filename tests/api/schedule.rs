//! The schedule solver over HTTP.

use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn the_contract_example_is_solved_with_a_bound() {
    let t = spawn_app();
    let r = t.post("/api/v1/schedule/solve", json!({
        "slots": 12,
        "employers": [ { "id": "E1", "tables": 1 } ],
        "candidates": [ { "id": "C1", "available_slots": [0,1,2,3,4,5], "min_meetings": 1, "max_meetings": 3 } ],
        "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.83, "interpreter": "ar" } ],
        "interpreters": { "ar": 2 },
        "pinned": [ { "employer": "E1", "candidate": "C1", "slot": 3 } ] })).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    assert_eq!(
        r.body["meetings"],
        json!([ { "employer": "E1", "candidate": "C1", "slot": 3, "table": 1, "interpreter": "ar" } ])
    );
    assert_eq!(r.body["candidates_at_min"], 1);
    assert!((r.body["objective"].as_f64().unwrap() - 0.83).abs() < 1e-9);
    assert!(r.body["upper_bound"].as_f64().unwrap() >= 0.83 - 1e-9);
    assert!(r.body.get("replan").is_none());
}

#[tokio::test]
async fn an_infeasible_pin_is_unprocessable_and_named() {
    let t = spawn_app();
    let r = t
        .post(
            "/api/v1/schedule/solve",
            json!({
        "slots": 4,
        "employers": [ { "id": "E1" } ],
        "candidates": [ { "id": "C1", "available_slots": [0, 1] } ],
        "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.5 } ],
        "pinned": [ { "employer": "E1", "candidate": "C1", "slot": 3 } ] }),
        )
        .await;
    assert_problem(&r, 422, "pinned_candidate_unavailable", "pinned[0]");
}

#[tokio::test]
async fn a_pair_naming_an_unknown_candidate_is_refused() {
    let t = spawn_app();
    let r = t
        .post(
            "/api/v1/schedule/solve",
            json!({
        "slots": 4, "employers": [ { "id": "E1" } ], "candidates": [],
        "pairs": [ { "employer": "E1", "candidate": "C9", "score": 0.5 } ] }),
        )
        .await;
    assert_problem(&r, 400, "unknown_candidate", "pairs[0].candidate");
}
