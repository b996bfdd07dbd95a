use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app, vacancy_json};
use passgenau::index::IndexedEntity;

#[tokio::test]
async fn a_vacancy_of_the_contract_is_stored_and_indexed() {
    let t = spawn_app();
    let e = t.employer().await;
    let r = t
        .post("/api/v1/vacancies?refresh=wait_for", vacancy_json(&e))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["positions"], 2);
    assert_eq!(r.body["languages"][0]["min_level"], "A2");
    assert_eq!(t.app.index().ids(IndexedEntity::Vacancy).unwrap().len(), 1);
    let listed = t.get(&format!("/api/v1/vacancies?employer_id={e}")).await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_vacancy_of_an_unknown_employer_is_unprocessable() {
    let t = spawn_app();
    let r = t
        .post(
            "/api/v1/vacancies",
            vacancy_json("01936f0e-6a8b-7c3d-9e4f-0123456789ab"),
        )
        .await;
    assert_problem(&r, 422, "unknown_employer", "employer_id");
}

#[tokio::test]
async fn a_vacancy_that_ends_before_it_starts_is_refused() {
    let t = spawn_app();
    let e = t.employer().await;
    let mut v = vacancy_json(&e);
    v["valid_until"] = json!("2026-12-01");
    assert_problem(
        &t.post("/api/v1/vacancies", v).await,
        400,
        "before_start_date",
        "valid_until",
    );
}
