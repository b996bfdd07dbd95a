use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, candidate_json, spawn_app};
use passgenau::index::IndexedEntity;

#[tokio::test]
async fn a_candidate_is_created_read_replaced_and_deleted() {
    let t = spawn_app();
    let created = t
        .post("/api/v1/candidates?refresh=wait_for", candidate_json())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(created.body["name"]["family"], "Haddad");
    assert_eq!(created.body["languages"][1]["level"], "native");

    let read = t.get(&format!("/api/v1/candidates/{id}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["external_ref"], "DN-2026-0042");

    let mut changed = candidate_json();
    changed["max_commute_km"] = json!(40);
    let replaced = t.put(&format!("/api/v1/candidates/{id}"), changed).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    assert_eq!(replaced.body["max_commute_km"], 40);
    assert_eq!(replaced.body["version"], 2);

    let gone = t
        .delete(&format!("/api/v1/candidates/{id}?refresh=wait_for"))
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        t.get(&format!("/api/v1/candidates/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        t.app
            .index()
            .ids(IndexedEntity::Candidate)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_write_with_refresh_wait_for_is_searchable_when_answered() {
    let t = spawn_app();
    let created = t
        .post("/api/v1/candidates?refresh=wait_for", candidate_json())
        .await;
    let id: passgenau::domain::EntityId = created.body["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        t.app.index().ids(IndexedEntity::Candidate).unwrap(),
        vec![id]
    );
}

#[tokio::test]
async fn put_by_external_ref_creates_then_replaces_the_same_record() {
    let t = spawn_app();
    let mut body = candidate_json();
    body.as_object_mut().unwrap().remove("external_ref");
    let first = t.put("/api/v1/candidates/by-ref/DN-7", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let second = t.put("/api/v1/candidates/by-ref/DN-7", body).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(first.body["id"], second.body["id"]);
    assert_eq!(second.body["external_ref"], "DN-7");
    let page = t.get("/api/v1/candidates").await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_by_ref_body_with_another_reference_is_refused() {
    let t = spawn_app();
    let r = t
        .put("/api/v1/candidates/by-ref/DN-8", candidate_json())
        .await;
    assert_problem(&r, 400, "external_ref_mismatch", "external_ref");
}

#[tokio::test]
async fn a_second_candidate_with_the_same_reference_conflicts() {
    let t = spawn_app();
    let first = t.post("/api/v1/candidates", candidate_json()).await;
    let again = t.post("/api/v1/candidates", candidate_json()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["code"], "duplicate_external_ref");
    assert_eq!(again.body["existing_id"], first.body["id"]);
}

#[tokio::test]
async fn the_list_pages_and_filters() {
    let t = spawn_app();
    for i in 0..5 {
        let mut c = candidate_json();
        c["external_ref"] = json!(format!("DN-{i}"));
        c["municipality"] = json!(if i < 3 { "Kreuzau" } else { "Nideggen" });
        assert_eq!(
            t.post("/api/v1/candidates", c).await.status,
            StatusCode::CREATED
        );
    }
    let first = t
        .get("/api/v1/candidates?limit=2&municipality=Kreuzau")
        .await;
    assert_eq!(first.body["items"].as_array().unwrap().len(), 2);
    let after = first.body["next_after"].as_str().unwrap();
    let second = t
        .get(&format!(
            "/api/v1/candidates?limit=2&municipality=Kreuzau&after={after}"
        ))
        .await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 1);
    assert!(second.body.get("next_after").is_none());
    let employment = t
        .get("/api/v1/candidates?work_type=employment&consent=true")
        .await;
    assert_eq!(employment.body["items"].as_array().unwrap().len(), 5);
    let self_employed = t.get("/api/v1/candidates?work_type=self_employment").await;
    assert!(self_employed.body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_record_is_read_by_its_reference_in_the_callers_files() {
    let t = crate::helpers::spawn_app();
    let c = crate::helpers::candidate_json();
    let r = t.put("/api/v1/candidates/by-ref/DN-2026-0042", c).await;
    assert_eq!(r.status, axum::http::StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].clone();
    let r = t.get("/api/v1/candidates/by-ref/DN-2026-0042").await;
    assert_eq!(r.status, axum::http::StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["id"], id);
    assert_eq!(r.body["name"]["family"], "Haddad");
    let r = t.get("/api/v1/candidates/by-ref/DN-1999-0001").await;
    assert_eq!(r.status, axum::http::StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(r.body["code"], "not_found");
    assert!(
        !r.text.contains("DN-1999-0001"),
        "the reference is not echoed: {}",
        r.text
    );
    // The read is audited like any other.
    let log = t
        .get(&format!(
            "/api/v1/candidates/{}/disclosures",
            id.as_str().unwrap()
        ))
        .await;
    let endpoints: Vec<&str> = log.body["disclosures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["endpoint"].as_str().unwrap())
        .collect();
    assert!(
        endpoints.contains(&"GET /api/v1/candidates/by-ref/{external_ref}"),
        "{endpoints:?}"
    );
}

#[tokio::test]
async fn a_stale_if_match_changes_nothing() {
    use axum::http::StatusCode;
    let t = crate::helpers::spawn_app();
    let r = t
        .post("/api/v1/candidates", crate::helpers::candidate_json())
        .await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/candidates/{id}");
    let read = t.get(&uri).await;
    let etag = read.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", read.body["version"]));

    // Two case workers read the same version; the first saves.
    let mut first = crate::helpers::candidate_json();
    first["municipality"] = "Düren".into();
    let body = |v: &serde_json::Value| Some(v.to_string().into_bytes());
    let if_match = |tag: &str| [("if-match", tag.to_owned())];
    let h = if_match(&etag);
    let headers: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = t
        .send(
            Some(&t.admin),
            "PUT",
            &uri,
            body(&first),
            "application/json",
            &headers,
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_ne!(saved.headers["etag"].to_str().unwrap(), etag);

    // The second, still holding the old version, is refused and changes nothing.
    let mut second = crate::helpers::candidate_json();
    second["municipality"] = "Jülich".into();
    let stale = t
        .send(
            Some(&t.admin),
            "PUT",
            &uri,
            body(&second),
            "application/json",
            &headers,
        )
        .await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(stale.body["code"], "version_mismatch");
    let gone = t
        .send(
            Some(&t.admin),
            "DELETE",
            &uri,
            None,
            "application/json",
            &headers,
        )
        .await;
    assert_eq!(
        gone.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        gone.body
    );
    let now = t.get(&uri).await;
    assert_eq!(now.body["municipality"], "Düren");

    // A malformed If-Match names the header; `*` and no header write as before.
    let bad = t
        .send(
            Some(&t.admin),
            "DELETE",
            &uri,
            None,
            "application/json",
            &[("if-match", "yesterday")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert_eq!(bad.body["field"], "If-Match");
    let fresh = now.headers["etag"].to_str().unwrap().to_owned();
    let deleted = t
        .send(
            Some(&t.admin),
            "DELETE",
            &uri,
            None,
            "application/json",
            &[("if-match", fresh.as_str())],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
}
