use axum::http::StatusCode;

use crate::helpers::{employer_json, spawn_app, vacancy_json};

#[tokio::test]
async fn an_employer_round_trips_with_its_optional_website() {
    let t = spawn_app();
    let r = t.post("/api/v1/employers", employer_json()).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.body["id"].as_str().unwrap();
    let read = t.get(&format!("/api/v1/employers/{id}")).await;
    assert_eq!(read.body["website"], "https://example.org");
    assert_eq!(read.body["contact"]["person"], "Frau Beispiel");
}

#[tokio::test]
async fn an_employer_with_vacancies_cannot_be_deleted() {
    let t = spawn_app();
    let e = t.employer().await;
    let v = t.post("/api/v1/vacancies", vacancy_json(&e)).await;
    let del = t.delete(&format!("/api/v1/employers/{e}")).await;
    assert_eq!(del.status, StatusCode::CONFLICT);
    assert_eq!(del.body["code"], "employer_has_vacancies");
    let vid = v.body["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&format!("/api/v1/vacancies/{vid}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.delete(&format!("/api/v1/employers/{e}")).await.status,
        StatusCode::NO_CONTENT
    );
}
