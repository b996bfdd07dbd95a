//! Erasure leaves no trace of the person in the data directory, and a whole API session
//! leaves none in the logs.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{candidate_json, employer_json, spawn_app, vacancy_json};
use passgenau::auth::Role;

const GIVEN: &str = "Zuleikha";
const FAMILY: &str = "Qarawendel";
const EMAIL: &str = "zuleikha.q@example.org";
const PHONE: &str = "+49 2421 987654";
const NOTES: &str = "Vertrauliche Notiz über Familie Qarawendel";
const LEGAL_BASIS: &str = "AufenthG §60a Abs. 2 Satz 4711";
/// A skill label only this person has: it goes into the index.
const SKILL: &str = "Quorrelrahmen schweissen";

fn person() -> Value {
    let mut c = candidate_json();
    c["external_ref"] = "ERASE-1".into();
    c["name"] = json!({ "given": GIVEN, "family": FAMILY });
    c["contact"] = json!({ "phone": PHONE, "email": EMAIL });
    c["notes"] = NOTES.into();
    c["residence"]["legal_basis"] = LEGAL_BASIS.into();
    c["skills"] = json!([ { "label": SKILL, "years": 2 } ]);
    c
}

/// Every file under `dir` that contains `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

#[tokio::test]
async fn an_erased_person_is_in_no_file_of_the_data_directory() {
    let t = spawn_app();
    let e = t.post("/api/v1/employers", employer_json()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let v = t.post("/api/v1/vacancies", vacancy_json(&e)).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = t
        .post("/api/v1/candidates?refresh=wait_for", person())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    // An update leaves an old version behind in store and index: it must go as well.
    let mut changed = person();
    changed["notes"] = format!("{NOTES} (2)").into();
    let r = t
        .put(
            &format!("/api/v1/candidates/{id}?refresh=wait_for"),
            changed,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // A placement and an employer's interest refer to the person.
    let r = t
        .post(
            "/api/v1/placements",
            json!({ "candidate_id": id, "employer_id": e,
            "type": "internship", "start_date": "2026-02-01", "source": "direct" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let employer = t.token(Role::Employer, Some(&e)).await;
    let m = t
        .request_as(
            Some(&employer),
            "GET",
            &format!("/api/v1/vacancies/{v}/matches"),
            None,
        )
        .await;
    let pseudonym = m.body["matches"][0]["pseudonym"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = t
        .request_as(
            Some(&employer),
            "POST",
            &format!("/api/v1/vacancies/{v}/interests"),
            Some(json!({ "pseudonym": pseudonym })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let dir = t.app.settings().data_dir.clone();
    assert!(
        !files_containing(&dir, FAMILY).is_empty(),
        "the person was stored"
    );
    assert!(
        files_containing(&dir, &id)
            .iter()
            .any(|f| f.contains("index-v")),
        "the person was indexed"
    );

    let r = t.delete(&format!("/api/v1/candidates/{id}")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    for needle in [
        GIVEN,
        FAMILY,
        EMAIL,
        PHONE,
        NOTES,
        LEGAL_BASIS,
        SKILL,
        id.as_str(),
        pseudonym.as_str(),
    ] {
        let left: Vec<String> = files_containing(&dir, needle)
            .into_iter()
            // The audit log keeps the id (and nothing else) to answer the person's requests.
            .filter(|f| !(needle == id && f.contains("passgenau.sqlite")))
            .collect();
        assert!(left.is_empty(), "{needle} still in {left:?}");
    }
    // The placement counts on, without the person.
    let p = t.get("/api/v1/placements").await;
    assert_eq!(p.body["items"].as_array().unwrap().len(), 1);
    assert!(p.body["items"][0]["candidate_id"].is_null(), "{}", p.body);
    assert_eq!(
        t.get("/api/v1/interests").await.body["interests"],
        json!([])
    );
    assert_eq!(
        t.get(&format!("/api/v1/candidates/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[test]
fn a_whole_api_session_logs_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_passgenau");
    let out = Command::new(bin)
        .args([
            "token",
            "create",
            "--role",
            "staff",
            "--name",
            "log test",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let auth = format!("Bearer {}", String::from_utf8(out.stdout).unwrap().trim());
    let mut child = Command::new(bin)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .env("PASSGENAU_LOG__FILTER", "trace")
        .env("PASSGENAU_INDEX__COMMIT_INTERVAL_MS", "20")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            if line.contains("listening on ") {
                let _ = tx.send(line.clone());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let banner = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("server starts");
    let base = banner
        .split("listening on ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let call = |method: &str, path: &str, body: Option<Value>| -> (u16, String) {
        let url = format!("{base}{path}");
        let res = match (method, body) {
            ("GET", _) => agent.get(&url).header("Authorization", &auth).call(),
            ("DELETE", _) => agent.delete(&url).header("Authorization", &auth).call(),
            ("POST", Some(b)) => agent.post(&url).header("Authorization", &auth).send_json(b),
            ("PUT", Some(b)) => agent.put(&url).header("Authorization", &auth).send_json(b),
            _ => unreachable!(),
        };
        let mut res = res.expect("the server answers");
        let status = res.status().as_u16();
        (status, res.body_mut().read_to_string().unwrap_or_default())
    };
    let (s, employer) = call("POST", "/api/v1/employers", Some(employer_json()));
    assert_eq!(s, 201);
    let employer: Value = serde_json::from_str(&employer).unwrap();
    let (s, vacancy) = call(
        "POST",
        "/api/v1/vacancies",
        Some(vacancy_json(employer["id"].as_str().unwrap())),
    );
    assert_eq!(s, 201);
    let vacancy: Value = serde_json::from_str(&vacancy).unwrap();
    let (s, c) = call(
        "POST",
        "/api/v1/candidates?refresh=wait_for",
        Some(person()),
    );
    assert_eq!(s, 201, "{c}");
    let c: Value = serde_json::from_str(&c).unwrap();
    let id = c["id"].as_str().unwrap();
    assert_eq!(
        call("GET", &format!("/api/v1/candidates/{id}"), None).0,
        200
    );
    assert_eq!(
        call("PUT", "/api/v1/candidates/by-ref/ERASE-1", Some(person())).0,
        200
    );
    assert_eq!(
        call(
            "GET",
            &format!(
                "/api/v1/vacancies/{}/matches",
                vacancy["id"].as_str().unwrap()
            ),
            None
        )
        .0,
        200
    );
    assert_eq!(
        call("GET", &format!("/api/v1/candidates/{id}/matches"), None).0,
        200
    );
    assert_eq!(call("GET", "/api/v1/candidates?limit=10", None).0, 200);
    // Refused input carrying personal data: the answer names the field, the log not the value.
    let mut bad = person();
    bad["birth_date"] = format!("{FAMILY}-01-01").into();
    assert_eq!(call("POST", "/api/v1/candidates", Some(bad)).0, 400);
    let mut bad = person();
    bad["contact"]["email"] = json!({ "nested": EMAIL });
    assert_eq!(call("POST", "/api/v1/candidates", Some(bad)).0, 400);
    let mut bad = person();
    bad["name"]["family"] = FAMILY.repeat(40).into();
    assert_eq!(call("POST", "/api/v1/candidates", Some(bad)).0, 400);
    assert_eq!(
        call("DELETE", &format!("/api/v1/candidates/{id}"), None).0,
        204
    );

    let deadline = Instant::now() + Duration::from_millis(300);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    child.wait().unwrap();
    let logs = reader.join().unwrap();
    assert!(logs.contains(id), "the session was logged (by id)");
    for needle in [
        GIVEN,
        FAMILY,
        EMAIL,
        PHONE,
        NOTES,
        LEGAL_BASIS,
        "Qarawendel",
    ] {
        assert!(!logs.contains(needle), "{needle} in the logs");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_its_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let t = crate::helpers::spawn_app();
    t.employer().await;
    let dir = t.app.settings().data_dir.clone();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("passgenau.sqlite")), 0o600);
}
