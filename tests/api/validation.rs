//! Every malformed field gets a 4xx naming it, and nothing is stored.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, candidate_json, spawn_app, vacancy_json};

/// Sets a JSON pointer in a copy of `base`.
fn with(base: &Value, pointer: &str, value: Value) -> Value {
    let mut v = base.clone();
    if let Some(slot) = v.pointer_mut(pointer) {
        *slot = value;
    } else {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        v.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("{pointer}"))
            .insert(key.to_owned(), value);
    }
    v
}

#[tokio::test]
async fn every_malformed_candidate_field_is_named_and_nothing_is_stored() {
    let t = spawn_app();
    let c = candidate_json();
    let long = "x".repeat(201);
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(&c, "/home_postcode", json!("5235")),
            "invalid_postcode",
            "home_postcode",
        ),
        (
            with(&c, "/home_postcode", json!("00000")),
            "unknown_postcode",
            "home_postcode",
        ),
        (
            with(&c, "/languages/0/level", json!("B3")),
            "invalid_value",
            "languages[0].level",
        ),
        (
            with(&c, "/languages/0/code", json!("deu")),
            "invalid_language",
            "languages[0].code",
        ),
        (
            with(&c, "/languages/0/course/expected_by", json!("2027-02-30")),
            "invalid_value",
            "languages[0].course.expected_by",
        ),
        (
            with(&c, "/birth_date", json!("02.04.1999")),
            "invalid_value",
            "birth_date",
        ),
        (
            with(&c, "/birth_date", json!("2025-01-01")),
            "implausible_date",
            "birth_date",
        ),
        (
            with(&c, "/contact/email", json!("not-an-address")),
            "invalid_email",
            "contact.email",
        ),
        (
            with(&c, "/contact/phone", json!("call me")),
            "invalid_phone",
            "contact.phone",
        ),
        (
            with(
                &c,
                "/skills/0/esco",
                json!("http://data.europa.eu/esco/occupation/ccd0a1d9-afda-43d9-b901-96344886e14d"),
            ),
            "invalid_esco_uri",
            "skills[0].esco",
        ),
        (
            with(&c, "/skills/1", json!({})),
            "esco_or_label_required",
            "skills[1]",
        ),
        (
            with(&c, "/skills/0/years", json!(99)),
            "out_of_range",
            "skills[0].years",
        ),
        (
            with(&c, "/qualifications/0/country", json!("XX")),
            "invalid_country",
            "qualifications[0].country",
        ),
        (
            with(&c, "/qualifications/0/recognition", json!("maybe")),
            "invalid_value",
            "qualifications[0].recognition",
        ),
        (
            with(&c, "/work_types/0", json!("dream_job")),
            "invalid_value",
            "work_types[0]",
        ),
        (
            with(&c, "/driving_licences/0", json!("Z")),
            "invalid_value",
            "driving_licences[0]",
        ),
        (
            with(&c, "/max_commute_km", json!(-3)),
            "invalid_value",
            "max_commute_km",
        ),
        (
            with(&c, "/max_commute_km", json!(1000)),
            "out_of_range",
            "max_commute_km",
        ),
        (with(&c, "/has_car", json!("no")), "invalid_type", "has_car"),
        (with(&c, "/name/family", json!("")), "empty", "name.family"),
        (
            with(&c, "/name/given", json!(long)),
            "too_long",
            "name.given",
        ),
        (
            with(&c, "/residence/status_type", json!("tourist")),
            "invalid_value",
            "residence.status_type",
        ),
        (
            with(&c, "/residence/papered_stay_since", json!("yesterday")),
            "invalid_value",
            "residence.papered_stay_since",
        ),
        (
            with(&c, "/residence/annotation", json!("ALLES_ERLAUBT")),
            "invalid_value",
            "residence.annotation",
        ),
        (
            with(&c, "/consent_employer_visibility", json!("ja")),
            "invalid_type",
            "consent_employer_visibility",
        ),
        (
            with(&c, "/name", json!({ "family": "X", "middle": "Y" })),
            "unknown_field",
            "name.middle",
        ),
    ];
    for (body, code, field) in cases {
        let r = t.post("/api/v1/candidates", body).await;
        assert_problem(&r, 400, code, field);
    }
    let mut missing = c.clone();
    missing.as_object_mut().unwrap().remove("home_postcode");
    assert_problem(
        &t.post("/api/v1/candidates", missing).await,
        400,
        "missing_field",
        "home_postcode",
    );
    let page = t.get("/api/v1/candidates").await;
    assert!(
        page.body["items"].as_array().unwrap().is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn every_malformed_vacancy_field_is_named() {
    let t = spawn_app();
    let e = t.employer().await;
    let v = vacancy_json(&e);
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(&v, "/employer_id", json!("42")),
            "invalid_id",
            "employer_id",
        ),
        (
            with(&v, "/work_type", json!("volunteering")),
            "invalid_value",
            "work_type",
        ),
        (
            with(&v, "/positions", json!(0)),
            "out_of_range",
            "positions",
        ),
        (
            with(&v, "/languages/0/min_level", json!("native speaker")),
            "invalid_value",
            "languages[0].min_level",
        ),
        (
            with(&v, "/skills/0/required", json!("yes")),
            "invalid_type",
            "skills[0].required",
        ),
        (
            with(&v, "/driving_licence", json!("B2")),
            "invalid_value",
            "driving_licence",
        ),
        (
            with(&v, "/hours", json!("sometimes")),
            "invalid_value",
            "hours",
        ),
        (with(&v, "/title", json!("  ")), "empty", "title"),
        (
            with(&v, "/postcode", json!(52349)),
            "invalid_type",
            "postcode",
        ),
    ];
    for (body, code, field) in cases {
        assert_problem(&t.post("/api/v1/vacancies", body).await, 400, code, field);
    }
}

#[tokio::test]
async fn a_malformed_employer_website_is_named() {
    let t = spawn_app();
    let mut e = crate::helpers::employer_json();
    e["website"] = json!("example dot org");
    assert_problem(
        &t.post("/api/v1/employers", e).await,
        400,
        "invalid_url",
        "website",
    );
}

#[tokio::test]
async fn broken_json_wrong_media_type_and_oversized_bodies_are_refused() {
    let t = spawn_app();
    let r = t
        .raw(
            "POST",
            "/api/v1/candidates",
            Some(b"{\"name\": ".to_vec()),
            "application/json",
        )
        .await;
    // The field is where the JSON broke off.
    assert_problem(&r, 400, "malformed_json", "name");
    let r = t
        .raw(
            "POST",
            "/api/v1/candidates",
            Some(b"name=x".to_vec()),
            "application/x-www-form-urlencoded",
        )
        .await;
    assert_eq!(r.status.as_u16(), 415);
    let huge = format!("{{\"notes\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let r = t
        .raw(
            "POST",
            "/api/v1/candidates",
            Some(huge.into_bytes()),
            "application/json",
        )
        .await;
    assert_eq!(r.status.as_u16(), 413);
    assert_eq!(r.body["code"], "body_too_large");
}

#[tokio::test]
async fn bad_query_parameters_and_ids_are_named() {
    let t = spawn_app();
    assert_problem(
        &t.get("/api/v1/candidates?limit=0").await,
        400,
        "out_of_range",
        "limit",
    );
    assert_problem(
        &t.get("/api/v1/candidates?limit=ten").await,
        400,
        "invalid_parameter",
        "limit",
    );
    assert_problem(
        &t.get("/api/v1/candidates?colour=red").await,
        400,
        "unknown_parameter",
        "colour",
    );
    assert_problem(
        &t.get("/api/v1/candidates/not-a-uuid").await,
        400,
        "invalid_id",
        "id",
    );
    assert_problem(
        &t.post("/api/v1/candidates?refresh=now", candidate_json())
            .await,
        400,
        "invalid_parameter",
        "refresh",
    );
}

mod never_panics {
    use proptest::prelude::*;
    use serde_json::Value;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            "\\PC{0,30}".prop_map(Value::String),
            prop::sample::select(vec![
                "52351",
                "de",
                "B1",
                "native",
                "duldung",
                "employment",
                "2026-12-01",
                "SY"
            ])
            .prop_map(|s| Value::String(s.into())),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop::sample::select(vec![
                        "name",
                        "family",
                        "given",
                        "home_postcode",
                        "languages",
                        "code",
                        "level",
                        "skills",
                        "label",
                        "residence",
                        "status_type",
                        "work_types",
                        "x"
                    ])
                    .prop_map(String::from),
                    inner,
                    0..5
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn arbitrary_json_gets_a_4xx_or_is_stored_never_a_5xx(body in json_value()) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let status = rt.block_on(async {
                let t = crate::helpers::spawn_app();
                t.post("/api/v1/candidates", body).await.status
            });
            prop_assert!(status.is_client_error() || status.as_u16() == 201, "status {}", status);
        }
    }
}
