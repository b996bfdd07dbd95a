//! A fresh app per test (own data directory, in-process router) and request helpers.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use passgenau::app::App;
use passgenau::auth::Role;
use passgenau::config::Settings;
use passgenau::store::Durability;

pub struct TestApp {
    pub app: Arc<App>,
    pub router: axum::Router,
    /// An admin token, sent by the request helpers unless told otherwise.
    pub admin: String,
    pub _dir: tempfile::TempDir,
}

/// A service on an empty data directory.
pub fn spawn_app() -> TestApp {
    spawn_app_with(|_| {})
}

/// A service on an empty data directory with the reporting configuration `toml` (the form
/// of `index-config/placements.toml`).
pub fn spawn_app_with_reporting(toml: &str) -> TestApp {
    spawn_app_with(|settings| {
        let path = settings.data_dir.join("placements.toml");
        std::fs::write(&path, toml).expect("config written");
        settings.reporting.config_file = Some(path);
    })
}

pub fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings {
        data_dir: dir.path().to_path_buf(),
        ..Settings::default()
    };
    configure(&mut settings);
    settings.store.durability = Durability::Normal;
    settings.index.commit_interval_ms = 20;
    let app = Arc::new(App::build(settings).expect("app builds"));
    let router = passgenau::http::router(app.clone());
    let admin = passgenau::app::issue_token(
        &**app.store(),
        &**app.access(),
        Role::Admin,
        None,
        "test admin",
        None,
        app.today(),
    )
    .expect("admin token")
    .token;
    TestApp {
        app,
        router,
        admin,
        _dir: dir,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    /// The body as JSON (`Null` if it is not JSON).
    pub body: Value,
    /// The body as text.
    pub text: String,
}

impl TestApp {
    pub async fn request(&self, method: &str, uri: &str, body: Option<Value>) -> Reply {
        let raw = body.map(|b| b.to_string().into_bytes());
        self.raw(method, uri, raw, "application/json").await
    }

    /// A request with this bearer token (or none).
    pub async fn request_as(
        &self,
        token: Option<&str>,
        method: &str,
        uri: &str,
        body: Option<Value>,
    ) -> Reply {
        let raw = body.map(|b| b.to_string().into_bytes());
        self.send(token, method, uri, raw, "application/json", &[])
            .await
    }

    /// A new token of this role (an employer token needs `employer`).
    pub async fn token(&self, role: Role, employer: Option<&str>) -> String {
        let employer = employer.map(|e| e.parse().expect("employer id"));
        self.app
            .create_token(role, employer, &format!("test {role}"), None)
            .await
            .expect("token created")
            .token
    }

    pub async fn raw(
        &self,
        method: &str,
        uri: &str,
        body: Option<Vec<u8>>,
        content_type: &str,
    ) -> Reply {
        self.send(Some(&self.admin), method, uri, body, content_type, &[])
            .await
    }

    /// The one place requests are built.
    pub async fn send(
        &self,
        token: Option<&str>,
        method: &str,
        uri: &str,
        body: Option<Vec<u8>>,
        content_type: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, content_type);
        }
        let req = req.body(body.map_or_else(Body::empty, Body::from)).unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let content_type = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            content_type,
            headers,
            body,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request("GET", uri, None).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.request("POST", uri, Some(body)).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> Reply {
        self.request("PUT", uri, Some(body)).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.request("DELETE", uri, None).await
    }

    /// Creates an employer and returns its id.
    pub async fn employer(&self) -> String {
        let r = self.post("/api/v1/employers", employer_json()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }
}

impl TestApp {
    /// Creates a candidate with this reference and municipality and returns its id.
    pub async fn candidate_in(&self, external_ref: &str, municipality: &str) -> String {
        let mut c = candidate_json();
        c["external_ref"] = external_ref.into();
        c["municipality"] = municipality.into();
        let r = self.post("/api/v1/candidates", c).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }
}

pub fn employer_json() -> Value {
    json!({ "name": "Lagerlogistik Rur GmbH", "postcode": "52349",
            "contact": { "person": "Frau Beispiel", "phone": "+49 2421 000001", "email": "jobs@example.org" },
            "website": "https://example.org" })
}

/// The candidate of the API contract (a synthetic person).
pub fn candidate_json() -> Value {
    json!({
        "external_ref": "DN-2026-0042",
        "name": { "given": "Amal", "family": "Haddad" },
        "birth_date": "1999-04-02",
        "contact": { "phone": "+49 2421 000000", "email": "a@example.org" },
        "home_postcode": "52351", "max_commute_km": 25,
        "driving_licences": ["B"], "has_car": false,
        "languages": [ { "code": "de", "level": "A2", "evidence": "certificate",
                         "course": { "target_level": "B1", "expected_by": "2027-02-01" } },
                       { "code": "ar", "level": "native" } ],
        "skills": [ { "esco": "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d", "label": "operate forklift", "years": 3 },
                    { "label": "Gabelstapler fahren" } ],
        "occupations": [ { "label": "warehouse worker", "years": 4 } ],
        "qualifications": [ { "title": "Elektriker", "country": "SY", "recognition": "pending" } ],
        "work_types": ["employment", "vocational_training"],
        "hours": "full_time", "available_from": "2026-12-01",
        "residence": { "status_type": "duldung", "nationality": "SY", "papered_stay_since": "2024-11-20" },
        "consent_employer_visibility": true, "municipality": "Kreuzau",
        "notes": "free text, any language" })
}

pub fn vacancy_json(employer_id: &str) -> Value {
    json!({
        "external_ref": "AG-17-0003", "employer_id": employer_id,
        "title": "Lagerhelfer (m/w/d)", "description": "Kommissionierung und Staplerfahren im Zweischichtbetrieb",
        "occupation": { "label": "Lagerarbeiter" }, "work_type": "employment", "hours": "full_time",
        "positions": 2, "postcode": "52349",
        "skills": [ { "label": "operate forklift", "required": true }, { "label": "Kommissionierung", "required": false } ],
        "languages": [ { "code": "de", "min_level": "A2", "required": true } ],
        "driving_licence": "B", "start_date": "2027-01-01", "valid_until": "2027-03-31",
        "workplace_agency_district": "AA Aachen-Düren" })
}

/// Asserts a problem+json answer with this status, code and field.
pub fn assert_problem(r: &Reply, status: u16, code: &str, field: &str) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json", "{}", r.body);
    assert_eq!(r.body["code"], code, "{}", r.body);
    assert_eq!(r.body["field"], field, "{}", r.body);
}
