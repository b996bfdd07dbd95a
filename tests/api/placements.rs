//! Placements: recording, references, positions of a vacancy, early ends, erasure.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app, vacancy_json};

fn placement(candidate: &str, employer: &str) -> Value {
    json!({ "candidate_id": candidate, "employer_id": employer,
            "type": "job_social_insurance", "start_date": "2026-02-01", "source": "direct" })
}

async fn recorded(t: &TestApp, body: Value) -> Value {
    let r = t.post("/api/v1/placements", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

#[tokio::test]
async fn a_placement_is_recorded_with_the_candidates_municipality_and_a_pseudonym() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let p = recorded(&t, placement(&c, &e)).await;
    assert_eq!(p["municipality"], "Kreuzau");
    assert_eq!(p["candidate_id"], c.as_str());
    assert!(p["pseudonym"].as_str().unwrap().starts_with("P-"));
    assert_eq!(p["ended_in_probation"], false);
    let read = t
        .get(&format!("/api/v1/placements/{}", p["id"].as_str().unwrap()))
        .await;
    assert_eq!(read.body, p);
}

#[tokio::test]
async fn a_persons_placements_share_one_pseudonym() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let other = t.candidate_in("DN-2", "Kreuzau").await;
    let first = recorded(&t, placement(&c, &e)).await;
    let mut later = placement(&c, &e);
    later["start_date"] = "2026-09-01".into();
    let second = recorded(&t, later).await;
    let third = recorded(&t, placement(&other, &e)).await;
    assert_eq!(first["pseudonym"], second["pseudonym"]);
    assert_ne!(first["pseudonym"], third["pseudonym"]);
}

#[tokio::test]
async fn references_must_exist_and_the_problem_names_the_field() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let nobody = "01936f0e-6a8b-7c3d-9e4f-0123456789ab";
    let r = t.post("/api/v1/placements", placement(nobody, &e)).await;
    assert_problem(&r, 422, "unknown_candidate", "candidate_id");
    let r = t.post("/api/v1/placements", placement(&c, nobody)).await;
    assert_problem(&r, 422, "unknown_employer", "employer_id");
    let mut body = placement(&c, &e);
    body["vacancy_id"] = nobody.into();
    let r = t.post("/api/v1/placements", body).await;
    assert_problem(&r, 422, "unknown_vacancy", "vacancy_id");

    let other = t.employer().await;
    let v = t.post("/api/v1/vacancies", vacancy_json(&other)).await;
    let mut body = placement(&c, &e);
    body["vacancy_id"] = v.body["id"].clone();
    let r = t.post("/api/v1/placements", body).await;
    assert_problem(&r, 422, "vacancy_of_other_employer", "vacancy_id");
}

#[tokio::test]
async fn malformed_placements_are_refused_naming_the_field() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let mut body = placement(&c, &e);
    body["type"] = "employment".into();
    assert_problem(
        &t.post("/api/v1/placements", body).await,
        400,
        "invalid_value",
        "type",
    );
    let mut body = placement(&c, &e);
    body["ended_on"] = "2026-03-01".into();
    assert_problem(
        &t.post("/api/v1/placements", body).await,
        400,
        "required",
        "end_reason",
    );
    let mut body = placement(&c, &e);
    body["source"] = "meeting_point".into();
    assert_problem(
        &t.post("/api/v1/placements", body).await,
        400,
        "required",
        "event_id",
    );
    let mut body = placement(&c, &e);
    body.as_object_mut().unwrap().remove("candidate_id");
    assert_problem(
        &t.post("/api/v1/placements", body).await,
        400,
        "required",
        "candidate_id",
    );
    let mut body = placement(&c, &e);
    body["bonus"] = 100.into();
    assert_eq!(
        t.post("/api/v1/placements", body).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_municipality_is_needed_when_the_candidate_has_none() {
    let t = spawn_app();
    let e = t.employer().await;
    let mut cand = crate::helpers::candidate_json();
    cand.as_object_mut().unwrap().remove("municipality");
    let c = t.post("/api/v1/candidates", cand).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = t.post("/api/v1/placements", placement(&c, &e)).await;
    assert_problem(&r, 422, "required", "municipality");
    let mut body = placement(&c, &e);
    body["municipality"] = "Nideggen".into();
    assert_eq!(recorded(&t, body).await["municipality"], "Nideggen");
}

#[tokio::test]
async fn placements_fill_the_positions_of_a_vacancy_and_an_end_frees_one() {
    let t = spawn_app();
    let e = t.employer().await;
    let v = t.post("/api/v1/vacancies", vacancy_json(&e)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut ids = Vec::new();
    for r in ["DN-1", "DN-2"] {
        let c = t.candidate_in(r, "Kreuzau").await;
        let mut body = placement(&c, &e);
        body["vacancy_id"] = v.as_str().into();
        ids.push((recorded(&t, body.clone()).await["id"].clone(), body));
    }
    let summary = t.get(&format!("/api/v1/vacancies/{v}/placements")).await;
    assert_eq!(summary.body["positions"], 2);
    assert_eq!(summary.body["filled"], 2);
    assert_eq!(summary.body["remaining"], 0);

    let third = t.candidate_in("DN-3", "Kreuzau").await;
    let mut body = placement(&third, &e);
    body["vacancy_id"] = v.as_str().into();
    let r = t.post("/api/v1/placements", body.clone()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["code"], "vacancy_filled");

    let (id, mut first) = ids.remove(0);
    first["ended_on"] = "2026-03-15".into();
    first["end_reason"] = "dismissed_by_employer".into();
    let ended = t
        .put(
            &format!("/api/v1/placements/{}", id.as_str().unwrap()),
            first,
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(ended.body["ended_in_probation"], true);
    assert_eq!(ended.body["version"], 2);
    let summary = t.get(&format!("/api/v1/vacancies/{v}/placements")).await;
    assert_eq!(
        (
            summary.body["filled"].clone(),
            summary.body["remaining"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(recorded(&t, body).await["vacancy_id"], v.as_str());
}

#[tokio::test]
async fn erasing_the_person_keeps_the_placement_and_its_pseudonym_but_not_the_link() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let p = recorded(&t, placement(&c, &e)).await;
    let id = p["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&format!("/api/v1/candidates/{c}")).await.status,
        StatusCode::NO_CONTENT
    );
    let after = t.get(&format!("/api/v1/placements/{id}")).await;
    assert_eq!(after.body["candidate_id"], Value::Null);
    assert_eq!(after.body["pseudonym"], p["pseudonym"]);
    assert_eq!(after.body["municipality"], "Kreuzau");
    // It can still be edited (an early end) without naming the erased person.
    let mut body = placement(&c, &e);
    body.as_object_mut().unwrap().remove("candidate_id");
    body["ended_on"] = "2026-12-31".into();
    body["end_reason"] = "moved_away".into();
    let edited = t.put(&format!("/api/v1/placements/{id}"), body).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.body["candidate_id"], Value::Null);
    assert_eq!(edited.body["ended_in_probation"], false);
}

#[tokio::test]
async fn the_list_filters_by_municipality_type_and_employer_and_pages() {
    let t = spawn_app();
    let e = t.employer().await;
    let other = t.employer().await;
    for (i, (m, kind, emp)) in [
        ("Kreuzau", "job_social_insurance", &e),
        ("Kreuzau", "mini_job", &e),
        ("Düren", "job_social_insurance", &e),
        ("Kreuzau", "job_social_insurance", &other),
    ]
    .into_iter()
    .enumerate()
    {
        let c = t.candidate_in(&format!("DN-{i}"), m).await;
        let mut body = placement(&c, emp);
        body["type"] = kind.into();
        recorded(&t, body).await;
    }
    let ids = |r: &crate::helpers::Reply| r.body["items"].as_array().unwrap().len();
    let kreuzau = t.get("/api/v1/placements?municipality=Kreuzau").await;
    assert_eq!(ids(&kreuzau), 3);
    let jobs = t
        .get(&format!(
            "/api/v1/placements?municipality=Kreuzau&type=job_social_insurance&employer_id={e}"
        ))
        .await;
    assert_eq!(ids(&jobs), 1);
    let page = t.get("/api/v1/placements?limit=3").await;
    assert_eq!(ids(&page), 3);
    let next = page.body["next_after"].as_str().unwrap();
    assert_eq!(
        ids(&t.get(&format!("/api/v1/placements?after={next}")).await),
        1
    );
    assert_problem(
        &t.get("/api/v1/placements?year=0").await,
        400,
        "out_of_range",
        "year",
    );
    assert_problem(
        &t.get("/api/v1/placements?colour=red").await,
        400,
        "unknown_parameter",
        "colour",
    );
}

#[tokio::test]
async fn a_deleted_placement_is_gone() {
    let t = spawn_app();
    let e = t.employer().await;
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let id = recorded(&t, placement(&c, &e)).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        t.delete(&format!("/api/v1/placements/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.get(&format!("/api/v1/placements/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.delete(&format!("/api/v1/placements/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_placements_never_overfill_a_vacancy() {
    let t = std::sync::Arc::new(spawn_app());
    let e = t.employer().await;
    let v = t.post("/api/v1/vacancies", vacancy_json(&e)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut people = Vec::new();
    for i in 0..8 {
        people.push(t.candidate_in(&format!("DN-{i}"), "Kreuzau").await);
    }
    let tasks: Vec<_> = people
        .into_iter()
        .map(|c| {
            let (t, e, v) = (t.clone(), e.clone(), v.clone());
            tokio::spawn(async move {
                let mut body = placement(&c, &e);
                body["vacancy_id"] = v.as_str().into();
                t.post("/api/v1/placements", body).await.status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (2, 6), "{statuses:?}");
    let summary = t.get(&format!("/api/v1/vacancies/{v}/placements")).await;
    assert_eq!(summary.body["filled"], 2);
}

#[tokio::test]
async fn placements_outlive_their_vacancy_and_keep_their_employer() {
    let t = spawn_app();
    let e = t.employer().await;
    let v = t.post("/api/v1/vacancies", vacancy_json(&e)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let c = t.candidate_in("DN-1", "Kreuzau").await;
    let mut body = placement(&c, &e);
    body["vacancy_id"] = v.as_str().into();
    let p = recorded(&t, body).await;
    let id = p["id"].as_str().unwrap();
    assert_eq!(
        t.delete(&format!("/api/v1/vacancies/{v}")).await.status,
        StatusCode::NO_CONTENT
    );
    let after = t.get(&format!("/api/v1/placements/{id}")).await;
    assert!(after.body["vacancy_id"].is_null(), "{}", after.body);
    assert_eq!(after.body["employer_id"], e.as_str());
    let r = t.delete(&format!("/api/v1/employers/{e}")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["code"], "employer_has_placements");
}
