//! The work-permission endpoints over HTTP.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn every_public_case_gets_its_expected_verdict_over_http() {
    let t = spawn_app();
    let cases: Value = serde_json::from_str(include_str!(
        "../../fixtures/permission/work-permission-cases.json"
    ))
    .unwrap();
    for case in cases["cases"].as_array().unwrap() {
        let mut req = json!({ "as_of_date": case["as_of_date"], "candidate": case["candidate"], "work_type": case["work_type"] });
        if let Some(v) = case.get("vacancy") {
            req["vacancy"] = v.clone();
        }
        let r = t.post("/api/v1/work-permission/check", req).await;
        assert_eq!(r.status.as_u16(), 200, "{}: {}", case["id"], r.body);
        assert_eq!(
            r.body["verdict"], case["expected_verdict"],
            "{}",
            case["id"]
        );
        assert_eq!(
            r.body["permissions"], case["expected_permissions"],
            "{}",
            case["id"]
        );
        assert_eq!(
            r.body["vorrangpruefung"], case["expected_vorrangpruefung"],
            "{}",
            case["id"]
        );
        for key in [
            "reasons",
            "citations",
            "flags",
            "remedy",
            "changes_on",
            "confidence",
        ] {
            assert!(r.body.get(key).is_some(), "{}: no {key}", case["id"]);
        }
    }
}

#[tokio::test]
async fn contradictory_or_malformed_facts_are_named() {
    let t = spawn_app();
    let r = t.post("/api/v1/work-permission/check", json!({
        "as_of_date": "2026-11-21", "work_type": "employment",
        "candidate": { "status_type": "duldung", "status_issued_date": "2026-01-01", "document_valid_until": "2025-01-01" } })).await;
    assert_problem(&r, 400, "date_order", "candidate.document_valid_until");
    let r = t.post("/api/v1/work-permission/check", json!({
        "as_of_date": "2026-11-21", "work_type": "odd_jobs", "candidate": { "status_type": "duldung" } })).await;
    assert_problem(&r, 400, "invalid_value", "work_type");
    let r = t.post("/api/v1/work-permission/check", json!({
        "as_of_date": "2026-11-21", "work_type": "employment", "candidate": { "status_type": "duldung", "shoe_size": 42 } })).await;
    assert_problem(&r, 400, "unknown_field", "candidate.shoe_size");
}

#[tokio::test]
async fn a_missing_fact_gives_a_verdict_with_a_flag_not_an_error() {
    let t = spawn_app();
    let r = t.post("/api/v1/work-permission/check", json!({
        "as_of_date": "2026-11-21", "work_type": "employment", "candidate": { "status_type": "aufenthaltsgestattung" } })).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.body);
    let flags: Vec<&str> = r.body["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        flags.iter().any(|f| f.starts_with("FACT_MISSING:")),
        "{flags:?}"
    );
    assert_eq!(r.body["confidence"], "medium");
}

#[tokio::test]
async fn the_matrix_covers_every_status_and_work_type() {
    let t = spawn_app();
    let r = t
        .get("/api/v1/work-permission/matrix?as_of=2026-11-21")
        .await;
    assert_eq!(r.status.as_u16(), 200);
    let rows = r.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), passgenau::domain::StatusType::ALL.len());
    assert!(rows.iter().all(
        |row| row["cells"].as_array().unwrap().len() == passgenau::domain::WorkType::ALL.len()
    ));
    assert_problem(
        &t.get("/api/v1/work-permission/matrix?as_of=21.11.2026")
            .await,
        400,
        "invalid_parameter",
        "as_of",
    );
}
