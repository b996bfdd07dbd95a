//! Writers and searchers at once, as case workers use the service: every search answers and
//! the index catches up with the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

/// How long writers and searchers run together.
const LOAD: Duration = Duration::from_secs(4);
/// How long one request may take before it counts as stuck (far above a normal answer).
const STUCK: Duration = Duration::from_secs(20);

#[test]
fn searches_answer_and_the_index_catches_up_while_candidates_are_written() {
    // A runtime of its own: a stuck request holds a blocking thread, which dropping a
    // runtime waits for; on failure this one is shut down without waiting.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    // Each client sends one request at a time, as fast as answered: no quota in the way.
    let t = Arc::new(spawn_app_with(|s| s.auth.rate_limit_per_minute = u32::MAX));
    let outcome = rt.block_on(load(t.clone()));
    match outcome {
        Ok(()) => rt.block_on(check_complete(&t)),
        Err(e) => {
            rt.shutdown_background();
            // A deadlocked indexer would block the shutdown that dropping the app runs.
            std::mem::forget(t);
            panic!("{e}");
        }
    }
}

async fn load(t: Arc<TestApp>) -> Result<(), String> {
    let employer = t.employer().await;
    let mut v = vacancy_json(&employer);
    v["external_ref"] = json!("AG-LOAD");
    let r = t
        .put("/api/v1/vacancies/by-ref/AG-LOAD?refresh=wait_for", v)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let vacancy = r.body["id"].as_str().unwrap().to_owned();

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut writers = Vec::new();
    for w in 0..2 {
        let (t, stop) = (t.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                let mut c = candidate_json();
                c["external_ref"] = json!(format!("LOAD-{w}-{}", n % 40));
                c["max_commute_km"] = json!(20 + n % 30);
                c["languages"][0]["level"] = json!(["A1", "A2"][n as usize % 2]);
                let uri = format!("/api/v1/candidates/by-ref/LOAD-{w}-{}", n % 40);
                let answer = tokio::time::timeout(STUCK, t.put(&uri, c)).await;
                answers.push(answer.map(|r| r.status));
                n += 1;
            }
            answers
        }));
    }
    let mut searchers = Vec::new();
    for _ in 0..3 {
        let (t, stop, vacancy) = (t.clone(), stop.clone(), vacancy.clone());
        searchers.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let uri = format!("/api/v1/vacancies/{vacancy}/matches?limit=20");
                let answer = tokio::time::timeout(STUCK, t.get(&uri)).await;
                answers.push(answer.map(|r| r.status));
            }
            answers
        }));
    }
    tokio::time::sleep(LOAD).await;
    stop.store(true, Ordering::Relaxed);

    let mut failures = Vec::new();
    let (mut writes, mut searches) = (0, 0);
    for (kind, tasks, count) in [
        ("write", writers, &mut writes),
        ("search", searchers, &mut searches),
    ] {
        for task in tasks {
            for answer in task.await.unwrap() {
                *count += 1;
                match answer {
                    Ok(s) if s.is_success() => {}
                    Ok(s) => failures.push(format!("{kind} answered {s}")),
                    Err(_) => failures.push(format!("{kind} stuck for {STUCK:?}")),
                }
            }
        }
    }
    let last = t.app.store().last_seq().unwrap();
    let caught_up = tokio::time::timeout(STUCK, async {
        let mut rx = t.app.index().subscribe();
        rx.wait_for(|applied| *applied >= last).await.is_ok()
    })
    .await
    .unwrap_or(false);
    if !failures.is_empty() || !caught_up || writes < 20 || searches < 20 {
        return Err(format!(
            "in {:?}: {writes} writes, {searches} searches, {} failed: {:?}; index caught up: {caught_up}",
            started.elapsed(),
            failures.len(),
            &failures[..failures.len().min(10)]
        ));
    }
    Ok(())
}

/// Every candidate written is in the retrieval table, and a search answers.
async fn check_complete(t: &TestApp) {
    let r = t.get("/api/v1/candidates?limit=1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        t.app.features().counts().0,
        t.app
            .store()
            .count(passgenau::store::Entity::Candidate)
            .unwrap() as usize
    );
}

#[tokio::test]
async fn readiness_fails_when_the_index_stops_following_the_store() {
    let t = spawn_app_with(|s| s.index.stall_after_ms = 200);
    t.employer().await;
    let ready = || async { t.request_as(None, "GET", "/readyz", None).await };
    // Caught up: ready, however long nothing changed.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut r = ready().await;
    for _ in 0..50 {
        if r.status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        r = ready().await;
    }
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The indexer stops; the store moves on.
    t.app.shutdown();
    t.employer().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = ready().await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.body["code"], "index_stalled");
}

#[tokio::test]
async fn a_clients_request_id_is_kept_only_when_it_is_a_plain_token() {
    let t = spawn_app();
    let send = |id: &'static str| {
        let t = &t;
        async move {
            t.send(None, "GET", "/healthz", None, "", &[("x-request-id", id)])
                .await
                .headers
                .get("x-request-id")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        }
    };
    assert_eq!(send("abc-123_X.9").await, "abc-123_X.9");
    for unfit in ["Amal Haddad", "DN-2026-0042;drop", &"x"[..0]] {
        let got = send(unfit).await;
        assert_ne!(got, unfit);
        assert!(uuid::Uuid::parse_str(&got).is_ok(), "{got}");
    }
}
