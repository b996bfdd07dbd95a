//! Access control: the whole role × endpoint matrix, employers held to their own data,
//! the pseudonymous view, expressions of interest, the audit log, revocation and rate
//! limits.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, candidate_json, employer_json, spawn_app, spawn_app_with, vacancy_json,
};
use passgenau::auth::{POLICY, Role, Rule};

/// Words of the fixture candidate that only staff may ever see.
const PERSONAL: &[&str] = &[
    "Amal",
    "Haddad",
    "1999-04-02",
    "\"birth_date\"",
    "a@example.org",
    "+49 2421 000000",
    "\"residence\"",
    "2024-11-20",
    "\"nationality\"",
    "\"notes\"",
    "free text, any language",
];

struct World {
    employer: String,
    other_employer: String,
    vacancy: String,
    other_vacancy: String,
    candidate: String,
    placement: String,
    interest: String,
    pseudonym: String,
    event: String,
    meeting: String,
}

async fn created(t: &TestApp, uri: &str, body: Value) -> String {
    let r = t.post(uri, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{uri}: {}", r.body);
    r.body["id"].as_str().unwrap().to_owned()
}

fn vacancy_ref(employer: &str, r: &str) -> Value {
    let mut v = vacancy_json(employer);
    v["external_ref"] = r.into();
    v
}

fn fresh_candidate() -> Value {
    let mut c = candidate_json();
    c["external_ref"] = format!("DN-{}", passgenau::domain::EntityId::generate()).into();
    c
}

async fn world(t: &TestApp, employer_token: &dyn Fn(&str) -> String) -> (World, String) {
    let employer = created(t, "/api/v1/employers", employer_json()).await;
    let other_employer = created(t, "/api/v1/employers", employer_json()).await;
    let vacancy = created(
        t,
        "/api/v1/vacancies?refresh=wait_for",
        vacancy_ref(&employer, "V-OWN"),
    )
    .await;
    let other_vacancy = created(
        t,
        "/api/v1/vacancies?refresh=wait_for",
        vacancy_ref(&other_employer, "V-OTHER"),
    )
    .await;
    let candidate = created(t, "/api/v1/candidates?refresh=wait_for", candidate_json()).await;
    let placement = created(
        t,
        "/api/v1/placements",
        json!({ "candidate_id": candidate, "employer_id": other_employer,
                "type": "job_social_insurance", "start_date": "2026-02-01", "source": "direct" }),
    )
    .await;
    let token = employer_token(&employer);
    let r = t
        .request_as(
            Some(&token),
            "GET",
            &format!("/api/v1/vacancies/{vacancy}/matches"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let pseudonym = r.body["matches"][0]["pseudonym"]
        .as_str()
        .expect("a match")
        .to_owned();
    let r = t
        .request_as(
            Some(&token),
            "POST",
            &format!("/api/v1/vacancies/{vacancy}/interests"),
            Some(json!({ "pseudonym": pseudonym, "message": "Bitte Kontakt herstellen" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let interest = r.body["id"].as_str().unwrap().to_owned();
    let event = created(t, "/api/v1/events", event_json()).await;
    registered(t, &event, &employer, &vacancy, &candidate).await;
    let r = t
        .post(&format!("/api/v1/events/{event}/schedule"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let meeting = r.body["meetings"][0]["id"]
        .as_str()
        .expect("a meeting")
        .to_owned();
    (
        World {
            event,
            meeting,
            employer,
            other_employer,
            vacancy,
            other_vacancy,
            candidate,
            placement,
            interest,
            pseudonym,
        },
        token,
    )
}

fn event_json() -> Value {
    json!({ "name": "Meeting Point Düren", "date": "2026-12-03", "venue_postcode": "52349",
            "start": "09:00", "end": "11:00", "slot_minutes": 20,
            "interpreters": [ { "language": "ar", "count": 1 } ] })
}

/// Registers the employer with its vacancy and the candidate, confirmed, for an event.
async fn registered(t: &TestApp, event: &str, employer: &str, vacancy: &str, candidate: &str) {
    let r = t
        .put(
            &format!("/api/v1/events/{event}/employers/{employer}"),
            json!({ "vacancy_ids": [vacancy] }),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = t
        .put(
            &format!("/api/v1/events/{event}/candidates/{candidate}"),
            json!({ "status": "confirmed", "max_meetings": 2 }),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
}

/// A concrete request for a rule: the address with ids filled in and a valid body.
/// Deleting calls get a record of their own, made by admin just before.
async fn request_for(t: &TestApp, w: &World, rule: &Rule) -> (String, Option<Value>) {
    let unique = passgenau::domain::EntityId::generate().to_string();
    if rule.path.starts_with("/api/v1/events") {
        return event_request(t, w, rule).await;
    }
    let id = match (rule.method, rule.path) {
        ("DELETE", p) if p.starts_with("/api/v1/candidates") => {
            created(t, "/api/v1/candidates", fresh_candidate()).await
        }
        ("DELETE", p) if p.starts_with("/api/v1/vacancies") => {
            created(t, "/api/v1/vacancies", vacancy_ref(&w.employer, &unique)).await
        }
        ("DELETE", p) if p.starts_with("/api/v1/employers") => {
            created(t, "/api/v1/employers", employer_json()).await
        }
        ("DELETE", p) if p.starts_with("/api/v1/placements") => {
            let person = created(t, "/api/v1/candidates", fresh_candidate()).await;
            created(
                t,
                "/api/v1/placements",
                json!({ "candidate_id": person, "employer_id": w.other_employer,
                        "type": "internship", "start_date": "2026-03-01", "source": "direct" }),
            )
            .await
        }
        (_, p) if p.starts_with("/api/v1/candidates/{id}") => w.candidate.clone(),
        (_, p) if p.starts_with("/api/v1/vacancies/{id}") => w.vacancy.clone(),
        (_, p) if p.starts_with("/api/v1/employers/{id}") => w.employer.clone(),
        (_, p) if p.starts_with("/api/v1/placements/{id}") => w.placement.clone(),
        (_, p) if p.starts_with("/api/v1/interests/{id}") => w.interest.clone(),
        _ => String::new(),
    };
    if rule.method == "GET" && rule.path.contains("/by-ref/") {
        // A record under that reference, so that reading it answers 200 to those allowed.
        let reference = format!("REF-{unique}");
        let body = match rule.path {
            p if p.starts_with("/api/v1/candidates") => {
                let mut c = fresh_candidate();
                c["external_ref"] = reference.clone().into();
                c
            }
            p if p.starts_with("/api/v1/vacancies") => vacancy_ref(&w.employer, &reference),
            _ => {
                let mut e = employer_json();
                e["external_ref"] = reference.clone().into();
                e
            }
        };
        let r = t
            .put(&rule.path.replace("{external_ref}", &reference), body)
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let uri = rule
        .path
        .replace("{id}", &id)
        .replace("{external_ref}", &format!("REF-{unique}"));
    let query = match rule.path {
        "/api/v1/reports/bonus" => "?municipality=Kreuzau&from=2025-11-01&to=2026-10-31",
        "/api/v1/statistics/candidates" => "?by=age_group",
        "/api/v1/statistics/vacancies" => "?by=municipality",
        _ => "",
    };
    let uri = format!("{uri}{query}");
    let body = match (rule.method, rule.path) {
        ("GET" | "DELETE", _) => None,
        (_, p) if p.starts_with("/api/v1/candidates") => {
            let mut c = fresh_candidate();
            if p.contains("by-ref") {
                c["external_ref"] = format!("REF-{unique}").into();
            } else if rule.method == "PUT" {
                c["external_ref"] = "DN-2026-0042".into();
            }
            Some(c)
        }
        ("POST", "/api/v1/vacancies/{id}/interests") => Some(json!({ "pseudonym": w.pseudonym })),
        (_, p) if p.starts_with("/api/v1/vacancies") => {
            let r = match (rule.method, p.contains("by-ref")) {
                (_, true) => format!("REF-{unique}"),
                ("PUT", false) => "V-OWN".to_owned(),
                _ => unique.clone(),
            };
            Some(vacancy_ref(&w.employer, &r))
        }
        (_, p) if p.starts_with("/api/v1/employers") => Some(employer_json()),
        (_, p) if p.starts_with("/api/v1/placements") => Some(json!({
            "candidate_id": w.candidate, "employer_id": w.other_employer,
            "type": "job_social_insurance", "start_date": "2026-02-01", "source": "direct" })),
        (_, "/api/v1/interests/{id}") => Some(json!({ "status": "contacted" })),
        (_, "/api/v1/search/candidates") => {
            let mut v = vacancy_json("x");
            v.as_object_mut().unwrap().remove("employer_id");
            Some(json!({ "vacancy": v }))
        }
        (_, "/api/v1/work-permission/check") => Some(json!({
            "as_of_date": "2026-11-21", "work_type": "employment",
            "candidate": { "status_type": "duldung", "papered_stay_since": "2024-11-20" } })),
        (_, "/api/v1/schedule/solve") => Some(json!({
            "slots": 4, "employers": [ { "id": "E1", "tables": 1 } ],
            "candidates": [ { "id": "C1", "available_slots": [0, 1] } ],
            "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.5 } ] })),
        (m, p) => panic!("no request body for {m} {p}"),
    };
    (uri, body)
}

#[tokio::test]
async fn every_route_is_guarded_as_the_matrix_says() {
    let t = spawn_app();
    let app = t.app.clone();
    let employer_tokens = std::sync::Mutex::new(Vec::new());
    let make = |e: &str| {
        let tok = passgenau::app::issue_token(
            &**app.store(),
            &**app.access(),
            Role::Employer,
            Some(e.parse().unwrap()),
            "matrix employer",
            None,
            app.today(),
        )
        .unwrap()
        .token;
        employer_tokens.lock().unwrap().push(tok.clone());
        tok
    };
    let (w, employer) = world(&t, &make).await;
    let staff = t.token(Role::Staff, None).await;
    let organiser = t.token(Role::Organiser, None).await;
    let analyst = t.token(Role::Analyst, None).await;
    let revoked = t.token(Role::Admin, None).await;
    let revoked_id = revoked.split('_').nth(1).unwrap().to_owned();
    assert!(t.app.revoke_token(&revoked_id).await.unwrap());
    let callers: Vec<(&str, Option<Role>, Option<&str>)> = vec![
        ("admin", Some(Role::Admin), Some(&t.admin)),
        ("staff", Some(Role::Staff), Some(&staff)),
        ("organiser", Some(Role::Organiser), Some(&organiser)),
        ("employer", Some(Role::Employer), Some(&employer)),
        ("analyst", Some(Role::Analyst), Some(&analyst)),
        ("no token", None, None),
        ("revoked", None, Some(&revoked)),
    ];
    let mut calls = 0;
    for rule in POLICY {
        for (label, role, token) in &callers {
            let (uri, body) = request_for(&t, &w, rule).await;
            let r = t.request_as(*token, rule.method, &uri, body).await;
            calls += 1;
            let text: String = r.text.chars().take(300).collect();
            let what = format!("{label} {} {uri}: {} {text}", rule.method, r.status);
            match role {
                _ if rule.public => assert!(r.status.is_success(), "{what}"),
                None => {
                    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}");
                    assert!(r.headers.contains_key("www-authenticate"), "{what}");
                }
                Some(role) if rule.allows(*role) => {
                    assert!(r.status.is_success(), "{what}");
                }
                Some(_) => assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}"),
            }
            if !matches!(role, Some(Role::Admin | Role::Staff)) {
                for word in PERSONAL {
                    assert!(!r.text.contains(word), "{word} leaked to {what}");
                }
            }
        }
    }
    assert_eq!(calls, POLICY.len() * callers.len());
    // The same routes with another employer's vacancy or record: as if it did not exist.
    for rule in POLICY
        .iter()
        .filter(|r| !r.own.is_empty() && r.path.contains("{id}"))
    {
        let other = if rule.path.starts_with("/api/v1/vacancies") {
            &w.other_vacancy
        } else {
            &w.other_employer
        };
        let uri = rule.path.replace("{id}", other);
        let (_, body) = request_for(&t, &w, rule).await;
        let r = t.request_as(Some(&employer), rule.method, &uri, body).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{} {uri}: {}",
            rule.method,
            r.text
        );
    }
}

#[tokio::test]
async fn the_matrix_covers_exactly_the_documented_routes() {
    use utoipa::OpenApi;
    let doc = passgenau::http::openapi::ApiDoc::openapi();
    let mut documented = std::collections::BTreeSet::new();
    for (path, item) in &doc.paths.paths {
        let ops = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (m, present) in ops {
            if present {
                documented.insert(format!("{m} {path}"));
            }
        }
    }
    let ruled: std::collections::BTreeSet<String> = POLICY
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(documented, ruled);
}

#[tokio::test]
async fn the_readme_shows_the_matrix_in_force() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&passgenau::auth::policy::markdown()),
        "README's access matrix differs from src/auth/policy.rs; paste `policy::markdown()`"
    );
}

#[tokio::test]
async fn an_employer_reaches_only_its_own_records() {
    let t = spawn_app();
    let mine = created(&t, "/api/v1/employers", employer_json()).await;
    let theirs = created(&t, "/api/v1/employers", employer_json()).await;
    let v_mine = created(&t, "/api/v1/vacancies", vacancy_ref(&mine, "A")).await;
    let v_theirs = created(&t, "/api/v1/vacancies", vacancy_ref(&theirs, "B")).await;
    let tok = t.token(Role::Employer, Some(&mine)).await;
    let tok = Some(tok.as_str());

    let r = t
        .request_as(tok, "GET", &format!("/api/v1/vacancies/{v_theirs}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = t
        .request_as(
            tok,
            "GET",
            &format!("/api/v1/vacancies/{v_theirs}/matches"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = t
        .request_as(tok, "GET", &format!("/api/v1/employers/{theirs}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = t
        .request_as(
            tok,
            "DELETE",
            &format!("/api/v1/vacancies/{v_theirs}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(
        t.get(&format!("/api/v1/vacancies/{v_theirs}")).await.status,
        StatusCode::OK
    );

    // Writing a vacancy for someone else, or moving one's own there, is refused.
    let r = t
        .request_as(
            tok,
            "POST",
            "/api/v1/vacancies",
            Some(vacancy_ref(&theirs, "C")),
        )
        .await;
    crate::helpers::assert_problem(&r, 403, "forbidden", "employer_id");
    let r = t
        .request_as(
            tok,
            "PUT",
            &format!("/api/v1/vacancies/{v_mine}"),
            Some(vacancy_ref(&theirs, "A")),
        )
        .await;
    crate::helpers::assert_problem(&r, 403, "forbidden", "employer_id");
    let r = t
        .request_as(
            tok,
            "POST",
            "/api/v1/vacancies",
            Some(vacancy_ref(&mine, "D")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // The vacancy list is the employer's own, whatever is asked.
    let r = t
        .request_as(tok, "GET", "/api/v1/vacancies?limit=200", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let owners: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["employer_id"].as_str().unwrap())
        .collect();
    assert_eq!(owners, vec![mine.as_str(), mine.as_str()]);
    let r = t
        .request_as(
            tok,
            "GET",
            &format!("/api/v1/vacancies?employer_id={theirs}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn employers_see_consenting_people_pseudonymously_and_can_ask_for_contact() {
    let t = spawn_app();
    let e = created(&t, "/api/v1/employers", employer_json()).await;
    let e2 = created(&t, "/api/v1/employers", employer_json()).await;
    let v = created(&t, "/api/v1/vacancies", vacancy_ref(&e, "A")).await;
    let v2 = created(&t, "/api/v1/vacancies", vacancy_ref(&e2, "B")).await;
    let shown = created(&t, "/api/v1/candidates", candidate_json()).await;
    let mut hidden = fresh_candidate();
    hidden["consent_employer_visibility"] = false.into();
    created(&t, "/api/v1/candidates?refresh=wait_for", hidden).await;

    // Staff see both people; the employer only the one who consented.
    let staff_view = t.get(&format!("/api/v1/vacancies/{v}/matches")).await;
    assert_eq!(
        staff_view.body["matches"].as_array().unwrap().len(),
        2,
        "{}",
        staff_view.body
    );
    let tok = t.token(Role::Employer, Some(&e)).await;
    let r = t
        .request_as(
            Some(&tok),
            "GET",
            &format!("/api/v1/vacancies/{v}/matches"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let matches = r.body["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1, "{}", r.body);
    let m = &matches[0];
    assert!(m.get("candidate_id").is_none());
    assert!(m.get("distance_km").is_none());
    assert_eq!(m["distance_band"], "up_to_10_km");
    assert_eq!(
        m["permission"]["text_en"],
        "needs a permission from the Ausländerbehörde first, usually a few weeks"
    );
    assert_eq!(
        m["profile"]["languages"][0],
        json!({ "code": "de", "level": "A2" })
    );
    for word in PERSONAL {
        assert!(!r.text.contains(word), "{word} in {}", r.text);
    }
    let pseudonym = m["pseudonym"].as_str().unwrap().to_owned();
    assert!(!pseudonym.contains(&shown));

    // Stable for this employer, different for another.
    let again = t
        .request_as(
            Some(&tok),
            "GET",
            &format!("/api/v1/vacancies/{v}/matches"),
            None,
        )
        .await;
    assert_eq!(again.body["matches"][0]["pseudonym"], pseudonym.as_str());
    let tok2 = t.token(Role::Employer, Some(&e2)).await;
    let other = t
        .request_as(
            Some(&tok2),
            "GET",
            &format!("/api/v1/vacancies/{v2}/matches"),
            None,
        )
        .await;
    let other_pseudonym = other.body["matches"][0]["pseudonym"].as_str().unwrap();
    assert_ne!(other_pseudonym, pseudonym);

    // Another employer's pseudonym means nothing here.
    let r = t
        .request_as(
            Some(&tok),
            "POST",
            &format!("/api/v1/vacancies/{v}/interests"),
            Some(json!({ "pseudonym": other_pseudonym })),
        )
        .await;
    crate::helpers::assert_problem(&r, 422, "unknown_pseudonym", "pseudonym");

    let r = t
        .request_as(
            Some(&tok),
            "POST",
            &format!("/api/v1/vacancies/{v}/interests"),
            Some(json!({ "pseudonym": pseudonym })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.get("candidate_id").is_none());
    let twice = t
        .request_as(
            Some(&tok),
            "POST",
            &format!("/api/v1/vacancies/{v}/interests"),
            Some(json!({ "pseudonym": pseudonym })),
        )
        .await;
    assert_eq!(twice.status, StatusCode::OK);
    assert_eq!(twice.body["id"], r.body["id"]);

    // Staff see the open request with the person and act on it.
    let open = t.get("/api/v1/interests?status=open").await;
    assert_eq!(
        open.body["interests"][0]["candidate_id"],
        shown.as_str(),
        "{}",
        open.body
    );
    let id = open.body["interests"][0]["id"].as_str().unwrap();
    let r = t
        .put(
            &format!("/api/v1/interests/{id}"),
            json!({ "status": "contacted" }),
        )
        .await;
    assert_eq!(r.body["status"], "contacted");
    let r = t
        .put(
            &format!("/api/v1/interests/{id}"),
            json!({ "status": "maybe" }),
        )
        .await;
    crate::helpers::assert_problem(&r, 400, "invalid_value", "status");
    assert_eq!(
        t.get("/api/v1/interests?status=open").await.body["interests"],
        json!([])
    );
}

#[tokio::test]
async fn the_audit_log_says_who_saw_a_person_and_why() {
    let t = spawn_app();
    let e = created(&t, "/api/v1/employers", employer_json()).await;
    let v = created(&t, "/api/v1/vacancies", vacancy_ref(&e, "A")).await;
    let c = created(&t, "/api/v1/candidates?refresh=wait_for", candidate_json()).await;
    let staff = t.token(Role::Staff, None).await;
    let r = t
        .send(
            Some(&staff),
            "GET",
            &format!("/api/v1/candidates/{c}"),
            None,
            "application/json",
            &[
                ("x-purpose", "counselling"),
                ("x-purpose-note", "Termin mit Frau Haddad"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let employer = t.token(Role::Employer, Some(&e)).await;
    t.request_as(
        Some(&employer),
        "GET",
        &format!("/api/v1/vacancies/{v}/matches"),
        None,
    )
    .await;
    // Aggregates and other people's records are not disclosures of this person.
    t.get(&format!("/api/v1/vacancies/{v}/what-if")).await;

    let log = t
        .request_as(
            Some(&staff),
            "GET",
            &format!("/api/v1/candidates/{c}/disclosures"),
            None,
        )
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let entries = log.body["disclosures"].as_array().unwrap();
    let summary: Vec<(String, String, String)> = entries
        .iter()
        .map(|d| {
            (
                d["role"].as_str().unwrap().to_owned(),
                d["action"].as_str().unwrap().to_owned(),
                d["endpoint"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        summary,
        vec![
            s("admin", "create", "POST /api/v1/candidates"),
            s("staff", "read", "GET /api/v1/candidates/{id}"),
            s(
                "employer",
                "read_pseudonymous",
                "GET /api/v1/vacancies/{id}/matches"
            ),
        ],
        "{}",
        log.body
    );
    assert_eq!(entries[1]["purpose"], "counselling");
    assert_eq!(entries[1]["purpose_note"], "Termin mit Frau Haddad");
    assert_eq!(entries[1]["token_name"], "test staff");
    assert_eq!(entries[2]["employer_id"], e.as_str());

    // The person's erasure is logged, and the log still answers afterwards.
    assert_eq!(
        t.delete(&format!("/api/v1/candidates/{c}")).await.status,
        StatusCode::NO_CONTENT
    );
    let log = t.get(&format!("/api/v1/candidates/{c}/disclosures")).await;
    let last = log.body["disclosures"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "delete");
    // The erasure removed the caller's words, which may name the person; the code stays.
    let entries = log.body["disclosures"].as_array().unwrap();
    assert_eq!(entries[1]["purpose"], "counselling");
    assert!(
        entries.iter().all(|d| d.get("purpose_note").is_none()),
        "{}",
        log.body
    );

    let bad = t
        .send(
            Some(&staff),
            "GET",
            &format!("/api/v1/candidates/{c}"),
            None,
            "application/json",
            &[("x-purpose", "Beratungsgespräch mit Frau Haddad")],
        )
        .await;
    crate::helpers::assert_problem(&bad, 400, "invalid", "X-Purpose");
    let bad = t
        .send(
            Some(&staff),
            "GET",
            &format!("/api/v1/candidates/{c}"),
            None,
            "application/json",
            &[("x-purpose", "other"), ("x-purpose-note", &"x".repeat(201))],
        )
        .await;
    crate::helpers::assert_problem(&bad, 400, "invalid", "X-Purpose-Note");
}

#[tokio::test]
async fn a_request_is_one_audit_entry_and_old_entries_are_purged() {
    let t = spawn_app_with(|s| s.auth.audit_retention_days = 30);
    let e = created(&t, "/api/v1/employers", employer_json()).await;
    let v = created(&t, "/api/v1/vacancies", vacancy_ref(&e, "A")).await;
    let mut people = Vec::new();
    for i in 0..3 {
        let mut c = fresh_candidate();
        c["external_ref"] = json!(format!("AUD-{i}"));
        people.push(created(&t, "/api/v1/candidates?refresh=wait_for", c).await);
    }
    let r = t
        .get(&format!(
            "/api/v1/vacancies/{v}/matches?include_ineligible=true"
        ))
        .await;
    assert_eq!(r.body["matches"].as_array().unwrap().len(), 3, "{}", r.body);
    let t = &t;
    let log_of = |c: &str| {
        let uri = format!("/api/v1/candidates/{c}/disclosures");
        async move { t.get(&uri).await.body["disclosures"].clone() }
    };
    // The match request is one entry, seen from each person it disclosed.
    let mut seqs = Vec::new();
    for c in &people {
        let log = log_of(c).await;
        let read = log
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["endpoint"] == "GET /api/v1/vacancies/{id}/matches")
            .cloned()
            .unwrap();
        seqs.push(read["seq"].clone());
    }
    assert!(seqs.iter().all(|s| *s == seqs[0]), "{seqs:?}");

    // Nothing is older than 30 days yet; 31 days on, everything is.
    let now = chrono::Utc::now();
    assert_eq!(t.app.purge_audit(now).await.unwrap(), 0);
    assert!(!log_of(&people[0]).await.as_array().unwrap().is_empty());
    let purged = t
        .app
        .purge_audit(now + chrono::Duration::days(31))
        .await
        .unwrap();
    assert!(purged >= 4, "{purged}");
    for c in &people {
        assert_eq!(log_of(c).await, json!([]));
    }
}

#[tokio::test]
async fn tokens_are_refused_once_revoked_expired_or_forged() {
    let t = spawn_app();
    let tok = t.token(Role::Staff, None).await;
    assert_eq!(
        t.request_as(Some(&tok), "GET", "/api/v1/me", None)
            .await
            .body["role"],
        "staff"
    );
    // Same id, another secret.
    let forged = format!(
        "{}{}",
        &tok[..tok.len() - 1],
        if tok.ends_with('0') { '1' } else { '0' }
    );
    let r = t.request_as(Some(&forged), "GET", "/api/v1/me", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["code"], "invalid_token");
    let id = tok.split('_').nth(1).unwrap();
    assert!(t.app.revoke_token(id).await.unwrap());
    let r = t.request_as(Some(&tok), "GET", "/api/v1/me", None).await;
    assert_eq!(r.body["code"], "token_revoked");
    // Health and the API description need no token.
    assert_eq!(
        t.request_as(None, "GET", "/healthz", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        t.request_as(None, "GET", "/api/v1/openapi.json", None)
            .await
            .status,
        StatusCode::OK
    );
    // An employer token needs an existing employer.
    let missing = t
        .app
        .create_token(
            Role::Employer,
            Some(passgenau::domain::EntityId::generate()),
            "x",
            None,
        )
        .await;
    assert!(missing.is_err());
    let stored = t.app.tokens().await.unwrap();
    assert!(
        stored
            .iter()
            .all(|s| !tok.contains(&format!("_{}", s.name)))
    );
    let past = chrono::NaiveDate::from_ymd_opt(2020, 1, 1);
    assert!(
        t.app
            .create_token(Role::Staff, None, "old", past)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_token_over_its_quota_gets_429_with_retry_after() {
    let t = spawn_app_with(|s| s.auth.rate_limit_per_minute = 5);
    let tok = t.token(Role::Staff, None).await;
    let other = t.token(Role::Staff, None).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(t.request_as(Some(&tok), "GET", "/api/v1/me", None).await);
    }
    assert!(statuses[..5].iter().all(|r| r.status == StatusCode::OK));
    let last = statuses.last().unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = last.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another token is not affected.
    assert_eq!(
        t.request_as(Some(&other), "GET", "/api/v1/me", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn html_pages_carry_security_headers() {
    let t = spawn_app();
    let r = t.request_as(None, "GET", "/api/v1/docs/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/html"));
    for h in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "referrer-policy",
    ] {
        assert!(r.headers.contains_key(h), "{h} missing");
    }
    let api = t.get("/api/v1/me").await;
    assert_eq!(api.headers["cache-control"], "no-store");
}

/// A concrete request for an event route. Deleting calls get an event of their own.
async fn event_request(t: &TestApp, w: &World, rule: &Rule) -> (String, Option<Value>) {
    let event = if rule.method == "DELETE" {
        let e = created(t, "/api/v1/events", event_json()).await;
        registered(t, &e, &w.employer, &w.vacancy, &w.candidate).await;
        e
    } else {
        w.event.clone()
    };
    let uri = rule
        .path
        .replace("{id}", &event)
        .replace("{employer_id}", &w.employer)
        .replace("{candidate_id}", &w.candidate)
        .replace("{meeting_id}", &w.meeting);
    let body = match (rule.method, rule.path) {
        ("GET" | "DELETE", _) => None,
        ("POST", "/api/v1/events") | ("PUT", "/api/v1/events/{id}") => Some(event_json()),
        (_, "/api/v1/events/{id}/employers/{employer_id}") => {
            Some(json!({ "vacancy_ids": [w.vacancy] }))
        }
        (_, "/api/v1/events/{id}/candidates/{candidate_id}") => {
            Some(json!({ "status": "confirmed", "max_meetings": 2 }))
        }
        (_, "/api/v1/events/{id}/attendance") => Some(json!({ "now_slot": 0 })),
        (_, "/api/v1/events/{id}/meetings/{meeting_id}/outcome") => {
            Some(json!({ "interest": true }))
        }
        (_, "/api/v1/events/{id}/schedule" | "/api/v1/events/{id}/replan") => Some(json!({})),
        (m, p) => panic!("no request body for {m} {p}"),
    };
    (uri, body)
}
