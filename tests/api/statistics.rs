//! Anonymised statistics over HTTP: small cells and their complements are suppressed.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, employer_json, spawn_app, vacancy_json};

#[tokio::test]
async fn a_small_municipality_is_suppressed_together_with_its_complement() {
    let t = spawn_app();
    for i in 0..6 {
        t.candidate_in(&format!("K-{i}"), "Kreuzau").await;
    }
    t.candidate_in("D-1", "Düren").await;
    let r = t
        .get("/api/v1/statistics/candidates?by=municipality&as_of=2026-11-21")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["rows"],
        json!({ "dimension": "municipality", "labels": ["Düren", "Kreuzau"] })
    );
    assert_eq!(
        r.body["columns"],
        json!({ "dimension": "all", "labels": ["all"] })
    );
    assert_eq!(r.body["k"], 5);
    // Düren (1) is too small; Kreuzau (6) would give it away as 7 − 6.
    assert_eq!(r.body["cells"], json!([[null], [null]]));
    // 7 people, published rounded to a multiple of k.
    assert_eq!(r.body["total"], 5);
}

#[tokio::test]
async fn a_two_dimensional_table_publishes_what_is_safe() {
    let t = spawn_app();
    // The contract candidate: born 1999, a Duldung, German A2.
    for i in 0..10 {
        t.candidate_in(&format!("K-{i}"), "Kreuzau").await;
    }
    let r = t
        .get("/api/v1/statistics/candidates?by=age_group,status_group&as_of=2026-11-21")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = r.body["rows"]["labels"].as_array().unwrap();
    let cols = r.body["columns"]["labels"].as_array().unwrap();
    let (i, j) = (
        rows.iter().position(|l| l == "18_27").unwrap(),
        cols.iter().position(|l| l == "tolerated").unwrap(),
    );
    assert_eq!(r.body["cells"][i][j], 10);
    assert_eq!(r.body["row_totals"][i], 10);
    assert_eq!(r.body["column_totals"][j], 10);
    assert_eq!(r.body["suppressed"], 0);
    let access = t.get("/api/v1/statistics/candidates?by=access&as_of=2026-11-21&work_type=vocational_training").await;
    assert_eq!(access.body["work_type"], "vocational_training");
    assert_eq!(access.body["total"], 10);
}

#[tokio::test]
async fn vacancies_are_counted_by_field_and_place_of_work() {
    let t = spawn_app();
    let e = t.post("/api/v1/employers", employer_json()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for i in 0..5 {
        let mut v = vacancy_json(&e);
        v["external_ref"] = format!("V-{i}").into();
        assert_eq!(
            t.post("/api/v1/vacancies", v).await.status,
            StatusCode::CREATED
        );
    }
    let r = t.get("/api/v1/statistics/vacancies?by=municipality").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["population"], "vacancies");
    assert_eq!(r.body["cells"], json!([[5]]));
}

#[tokio::test]
async fn bad_statistics_queries_name_the_parameter() {
    let t = spawn_app();
    let base = "/api/v1/statistics/candidates";
    assert_problem(&t.get(base).await, 400, "required", "by");
    assert_problem(
        &t.get(&format!("{base}?by=name")).await,
        400,
        "unknown_dimension",
        "by",
    );
    assert_problem(
        &t.get(&format!("{base}?by=age_group,age_group")).await,
        400,
        "duplicate_dimension",
        "by",
    );
    assert_problem(
        &t.get(&format!("{base}?by=age_group&as_of=yesterday")).await,
        400,
        "invalid_parameter",
        "as_of",
    );
    assert_problem(
        &t.get("/api/v1/statistics/vacancies?by=age_group").await,
        400,
        "unknown_dimension",
        "by",
    );
}
