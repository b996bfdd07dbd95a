//! Matches over HTTP: the contract's shape, ordering, exclusions and refused parameters.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

async fn vacancy(app: &TestApp) -> String {
    let employer = app.employer().await;
    let r = app
        .post(
            "/api/v1/vacancies?refresh=wait_for",
            vacancy_json(&employer),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn candidate(app: &TestApp, body: serde_json::Value) -> String {
    let r = app.post("/api/v1/candidates?refresh=wait_for", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_vacancy_lists_its_candidates_with_the_contract_fields() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    let c = candidate(&app, candidate_json()).await;
    let r = app
        .get(&format!(
            "/api/v1/vacancies/{v}/matches?limit=20&as_of=2026-11-21&include_ineligible=true"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["as_of"], "2026-11-21");
    let hit = &r.body["matches"][0];
    assert_eq!(hit["candidate_id"], c.as_str());
    assert_eq!(hit["vacancy_id"], v.as_str());
    for part in [
        "skills",
        "occupation",
        "language",
        "permission",
        "distance",
        "availability",
    ] {
        let x = hit["components"][part].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{part} = {x}");
    }
    assert!(hit["permission"]["verdict"].is_string());
    assert!(hit["distance_km"].as_f64().unwrap() < 25.0);
    assert!(
        hit["matched_skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "operate forklift"),
        "{hit}"
    );
}

#[tokio::test]
async fn matches_are_sorted_by_score_then_id() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    for n in 0..4 {
        let mut c = candidate_json();
        c["external_ref"] = json!(format!("DN-{n}"));
        c["max_commute_km"] = json!(10 + 10 * n);
        candidate(&app, c).await;
    }
    let r = app
        .get(&format!(
            "/api/v1/vacancies/{v}/matches?include_ineligible=true"
        ))
        .await;
    let list = r.body["matches"].as_array().unwrap();
    assert_eq!(list.len(), 4, "{}", r.body);
    for pair in list.windows(2) {
        let (a, b) = (
            pair[0]["score"].as_f64().unwrap(),
            pair[1]["score"].as_f64().unwrap(),
        );
        assert!(
            a > b
                || (a == b && pair[0]["candidate_id"].as_str() < pair[1]["candidate_id"].as_str())
        );
    }
}

#[tokio::test]
async fn a_person_who_may_not_work_is_shown_only_when_asked() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    let mut c = candidate_json();
    c["residence"] =
        json!({ "status_type": "duldung_60b", "annotation": "ERWERB_NICHT_GESTATTET" });
    candidate(&app, c).await;
    let hidden = app
        .get(&format!("/api/v1/vacancies/{v}/matches?as_of=2026-11-21"))
        .await;
    assert_eq!(
        hidden.body["matches"].as_array().unwrap().len(),
        0,
        "{}",
        hidden.body
    );
    let shown = app
        .get(&format!(
            "/api/v1/vacancies/{v}/matches?as_of=2026-11-21&include_ineligible=true"
        ))
        .await;
    let hit = &shown.body["matches"][0];
    assert_eq!(
        hit["permission"]["verdict"], "not_allowed",
        "{}",
        shown.body
    );
    assert!(!hit["permission"]["reasons"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_candidate_lists_vacancies() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    let c = candidate(&app, candidate_json()).await;
    let r = app
        .get(&format!(
            "/api/v1/candidates/{c}/matches?include_ineligible=true"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["matches"][0]["vacancy_id"], v.as_str(), "{}", r.body);
}

#[tokio::test]
async fn bad_parameters_are_refused_naming_them() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("as_of=yesterday", "as_of"),
        ("include_ineligible=maybe", "include_ineligible"),
        ("colour=red", "colour"),
    ] {
        let r = app
            .get(&format!("/api/v1/vacancies/{v}/matches?{query}"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.body);
        assert_eq!(r.body["field"], field, "{query}: {}", r.body);
    }
    let missing = app
        .get(&format!(
            "/api/v1/vacancies/{}/matches",
            passgenau::domain::EntityId::generate()
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unsaved_vacancy_can_be_searched_with_filters() {
    let app = spawn_app();
    candidate(&app, candidate_json()).await;
    let mut v = vacancy_json("x");
    v.as_object_mut().unwrap().remove("employer_id");
    let body = json!({ "vacancy": v, "include_ineligible": true,
        "filters": { "max_distance_km": 30, "languages": [ { "code": "de", "min_level": "A2" } ], "driving_licence": "B" } });
    let r = app.post("/api/v1/search/candidates", body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["matches"].as_array().unwrap().len(), 1, "{}", r.body);
    assert!(r.body["matches"][0]["vacancy_id"].is_null());
    let mut strict = body;
    strict["filters"]["languages"][0]["min_level"] = json!("C1");
    let r = app.post("/api/v1/search/candidates", strict).await;
    assert_eq!(r.body["matches"].as_array().unwrap().len(), 0, "{}", r.body);
}

#[tokio::test]
async fn what_if_counts_more_candidates_when_the_vacancy_asks_less() {
    let app = spawn_app();
    let v = vacancy(&app).await;
    candidate(&app, candidate_json()).await;
    let r = app
        .get(&format!("/api/v1/vacancies/{v}/what-if?as_of=2026-11-21"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let relaxations = r.body["relaxations"].as_array().unwrap();
    assert!(
        relaxations.iter().any(|x| x["change"] == "radius_plus_km"),
        "{}",
        r.body
    );
    for x in relaxations {
        assert!(x["qualifying"].as_u64().unwrap() >= r.body["qualifying"].as_u64().unwrap());
    }
}

#[tokio::test]
async fn an_employer_sees_what_if_only_for_visible_people_and_no_small_numbers() {
    let app = spawn_app();
    let employer = app.employer().await;
    let r = app
        .post(
            "/api/v1/vacancies?refresh=wait_for",
            vacancy_json(&employer),
        )
        .await;
    let v = r.body["id"].as_str().unwrap().to_owned();
    // Three who agreed to be shown to employers, two who did not.
    for i in 0..5 {
        let mut c = candidate_json();
        c["external_ref"] = json!(format!("WI-{i}"));
        c["consent_employer_visibility"] = json!(i < 3);
        candidate(&app, c).await;
    }
    let uri = format!("/api/v1/vacancies/{v}/what-if?as_of=2026-11-21");
    let staff = app.get(&uri).await;
    assert_eq!(staff.status, StatusCode::OK, "{}", staff.body);
    assert_eq!(staff.body["qualifying"], 5, "{}", staff.body);
    assert!(staff.body.get("k").is_none());

    let tok = app
        .token(passgenau::auth::Role::Employer, Some(&employer))
        .await;
    let r = app.request_as(Some(&tok), "GET", &uri, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Three visible people are fewer than k = 5: withheld, and so is every difference.
    assert_eq!(r.body["k"], 5);
    assert!(r.body["qualifying"].is_null(), "{}", r.body);
    for x in r.body["relaxations"].as_array().unwrap() {
        let q = &x["qualifying"];
        assert!(q.is_null() || q.as_u64().unwrap() % 5 == 0, "{}", r.body);
        assert!(x["more"].is_null(), "{}", r.body);
    }
}
