//! One parser for every body: exactly one JSON object, `application/json`, nothing after it;
//! what the access guard checks is what the handler stores.

use axum::http::StatusCode;
use serde_json::Value;

use passgenau::auth::Role;

use crate::helpers::*;

async fn count(t: &TestApp, what: &str) -> usize {
    let r = t.get(&format!("/api/v1/{what}?limit=200")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["items"].as_array().unwrap().len()
}

fn vacancy_for(employer: &str, external_ref: &str) -> Value {
    let mut v = vacancy_json(employer);
    v["external_ref"] = external_ref.into();
    v
}

#[tokio::test]
async fn malformed_bodies_are_refused_and_store_nothing() {
    let t = spawn_app();
    let employer = t.employer().await;
    let good = vacancy_for(&employer, "AG-1").to_string();
    let cases: Vec<(String, &str, u16, &str)> = vec![
        (
            format!("{good} xyz"),
            "application/json",
            400,
            "malformed_json",
        ),
        (
            format!("{good}\n{good}"),
            "application/json",
            400,
            "malformed_json",
        ),
        (
            format!("{good}{{}}"),
            "application/json",
            400,
            "malformed_json",
        ),
        (
            good.clone(),
            "application/evil+json",
            415,
            "unsupported_media_type",
        ),
        (
            good.clone(),
            "application/merge-patch+json",
            415,
            "unsupported_media_type",
        ),
        (good.clone(), "text/plain", 415, "unsupported_media_type"),
        ("[1, 2]".into(), "application/json", 400, "invalid_type"),
        ("\"text\"".into(), "application/json", 400, "invalid_type"),
    ];
    for (body, content_type, status, code) in cases {
        let r = t
            .raw(
                "POST",
                "/api/v1/vacancies",
                Some(body.into_bytes()),
                content_type,
            )
            .await;
        assert_eq!(r.status.as_u16(), status, "{content_type}: {}", r.body);
        assert_eq!(r.body["code"], code, "{}", r.body);
    }
    assert_eq!(count(&t, "vacancies").await, 0);

    // The same for a replacement: the stored record stays as it was.
    let r = t
        .post("/api/v1/vacancies", vacancy_for(&employer, "AG-2"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let mut changed = vacancy_for(&employer, "AG-2");
    changed["title"] = "Geändert".into();
    let r = t
        .raw(
            "PUT",
            &format!("/api/v1/vacancies/{id}"),
            Some(format!("{changed} trailing").into_bytes()),
            "application/json",
        )
        .await;
    assert_problem(&r, 400, "malformed_json", "");
    let r = t.get(&format!("/api/v1/vacancies/{id}")).await;
    assert_eq!(r.body["title"], "Lagerhelfer (m/w/d)");

    // A charset parameter is fine.
    let r = t
        .raw(
            "POST",
            "/api/v1/vacancies",
            Some(vacancy_for(&employer, "AG-3").to_string().into_bytes()),
            "application/json; charset=utf-8",
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn an_employer_cannot_write_for_another_employer_whatever_the_body_looks_like() {
    let t = spawn_app();
    let mine = t.employer().await;
    let theirs = t.employer().await;
    let tok = t.token(Role::Employer, Some(&mine)).await;
    let own = t.post("/api/v1/vacancies", vacancy_for(&mine, "A")).await;
    let own = own.body["id"].as_str().unwrap().to_owned();

    let foreign = vacancy_for(&theirs, "X").to_string();
    let tries = [
        format!("{foreign} xyz"),
        format!("{foreign} {foreign}"),
        format!("{} {foreign}", vacancy_for(&mine, "X")),
        format!("{foreign}\u{0}"),
    ];
    for body in &tries {
        for (method, uri) in [
            ("POST", "/api/v1/vacancies".to_owned()),
            ("PUT", format!("/api/v1/vacancies/{own}")),
        ] {
            let r = t
                .send(
                    Some(&tok),
                    method,
                    &uri,
                    Some(body.clone().into_bytes()),
                    "application/json",
                    &[],
                )
                .await;
            assert!(
                r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::FORBIDDEN,
                "{method} {uri}: {} {}",
                r.status,
                r.body
            );
        }
    }
    // Nothing of the other employer's was written, and the own vacancy is unmoved.
    let r = t
        .get(&format!("/api/v1/vacancies?employer_id={theirs}&limit=200"))
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0, "{}", r.body);
    let r = t.get(&format!("/api/v1/vacancies/{own}")).await;
    assert_eq!(r.body["employer_id"], mine.as_str());

    // The plain foreign body is refused on the parsed value, naming the field.
    let r = t
        .send(
            Some(&tok),
            "POST",
            "/api/v1/vacancies",
            Some(foreign.into_bytes()),
            "application/json",
            &[],
        )
        .await;
    assert_problem(&r, 403, "forbidden", "employer_id");
}

#[tokio::test]
async fn a_struct_given_as_an_array_is_refused_at_any_depth() {
    let t = spawn_app();
    let mut c = candidate_json();
    c["name"] = serde_json::json!(["Amal", "Haddad"]);
    let r = t.post("/api/v1/candidates", c).await;
    assert_problem(&r, 400, "invalid_type", "name");
    let mut c = candidate_json();
    c["languages"][0] = serde_json::json!(["de", "A2"]);
    let r = t.post("/api/v1/candidates", c).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["field"], "languages[0]", "{}", r.body);
    assert_eq!(count(&t, "candidates").await, 0);
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_refused() {
    let t = spawn_app();
    let r = t.get("/api/v1/candidates?municipality=D%FCren").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.body["code"], "invalid_parameter");
}
