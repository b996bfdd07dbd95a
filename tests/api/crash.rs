//! Crash safety: a server writing many records is killed with SIGKILL at a random moment.
//! After a restart every acknowledged write is in the store and searchable, and the index
//! holds nothing the store lacks.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use passgenau::domain::EntityId;
use passgenau::index::{IndexConfig, IndexedEntity, SearchIndex};
use passgenau::store::{Durability, Entity, SqliteStore, Store};
use rand::{Rng, SeedableRng};

struct Server {
    child: Child,
    base: String,
}

fn start(data: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passgenau"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env("PASSGENAU_LOG__FILTER", "warn")
        .env("PASSGENAU_INDEX__COMMIT_INTERVAL_MS", "50")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("server starts");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines.next().expect("server prints its address").unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

/// A staff token made with the command line, as an operator would.
fn staff_token(data: &std::path::Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_passgenau"))
        .args([
            "token",
            "create",
            "--role",
            "staff",
            "--name",
            "crash test",
            "--data-dir",
        ])
        .arg(data)
        .env("PASSGENAU_LOG__FILTER", "warn")
        .output()
        .expect("token command runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn candidate(i: usize) -> serde_json::Value {
    serde_json::json!({
        "external_ref": format!("CRASH-{i}"),
        "name": { "family": format!("Synthetic {i}") },
        "home_postcode": "52351",
        "skills": [ { "label": "Gabelstapler fahren" } ],
        "work_types": ["employment"]
    })
}

#[test]
fn acknowledged_writes_survive_sigkill_and_the_index_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let seed: u64 = rand::rng().random();
    eprintln!("crash test seed {seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let kill_after = Duration::from_millis(rng.random_range(300..1500));

    let token = staff_token(dir.path());
    let auth = format!("Bearer {token}");
    let mut server = start(dir.path());
    let acknowledged: Arc<Mutex<BTreeSet<EntityId>>> = Arc::default();
    let deleted: Arc<Mutex<BTreeSet<EntityId>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let (base, ack, del, stop, auth) = (
                server.base.clone(),
                acknowledged.clone(),
                deleted.clone(),
                stop.clone(),
                auth.clone(),
            );
            std::thread::spawn(move || {
                let agent = ureq::Agent::new_with_defaults();
                let mut i = w * 1_000_000;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let Ok(mut res) = agent
                        .post(&format!("{base}/api/v1/candidates"))
                        .header("Authorization", &auth)
                        .send_json(candidate(i))
                    else {
                        break;
                    };
                    let Ok(body) = res.body_mut().read_json::<serde_json::Value>() else {
                        break;
                    };
                    let id: EntityId = body["id"].as_str().unwrap().parse().unwrap();
                    ack.lock().unwrap().insert(id);
                    if i % 7 == 0 {
                        // While the delete is in flight the record may or may not exist
                        // after a kill: only an answered delete counts.
                        ack.lock().unwrap().remove(&id);
                        if agent
                            .delete(&format!("{base}/api/v1/candidates/{id}"))
                            .header("Authorization", &auth)
                            .call()
                            .is_err()
                        {
                            break;
                        }
                        del.lock().unwrap().insert(id);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(kill_after);
    unsafe { libc::kill(server.child.id() as i32, libc::SIGKILL) };
    server.child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let deleted = deleted.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 10,
        "only {} writes before the kill",
        acknowledged.len()
    );

    // Restart: the server replays the change log into the index and becomes ready.
    let mut server = start(dir.path());
    let agent = ureq::Agent::new_with_defaults();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = agent.get(&format!("{}/readyz", server.base)).call()
            && res.status() == 200
        {
            break;
        }
        assert!(Instant::now() < deadline, "not ready within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    for id in &acknowledged {
        let res = agent
            .get(&format!("{}/api/v1/candidates/{id}", server.base))
            .header("Authorization", &auth)
            .call();
        if let Err(e) = res {
            let store = SqliteStore::open(
                &dir.path().join(passgenau::app::DB_FILE),
                Durability::Normal,
            )
            .unwrap();
            let direct = store.get(Entity::Candidate, *id).unwrap().is_some();
            let log: Vec<_> = store
                .changes_after(0, 1_000_000)
                .unwrap()
                .into_iter()
                .filter(|c| c.id == *id)
                .collect();
            panic!(
                "acknowledged candidate {id} not readable after restart: {e}; in store directly: {direct}; log: {log:?}"
            );
        }
    }
    unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    server.child.wait().unwrap();

    // Compare store and index directly.
    let store = SqliteStore::open(
        &dir.path().join(passgenau::app::DB_FILE),
        Durability::Normal,
    )
    .unwrap();
    let mut in_store = BTreeSet::new();
    store
        .scan(Entity::Candidate, &mut |r| {
            in_store.insert(r.id);
            Ok(())
        })
        .unwrap();
    let cfg = IndexConfig::embedded();
    let index = SearchIndex::open(&SearchIndex::dir_for(dir.path(), &cfg), cfg).unwrap();
    let in_index: BTreeSet<EntityId> = index
        .ids(IndexedEntity::Candidate)
        .unwrap()
        .into_iter()
        .collect();
    assert!(
        acknowledged.is_subset(&in_store),
        "acknowledged writes missing from the store"
    );
    assert!(
        acknowledged.is_subset(&in_index),
        "acknowledged writes not searchable"
    );
    assert!(
        in_index.is_subset(&in_store),
        "the index holds records the store lacks"
    );
    assert!(
        deleted.is_disjoint(&in_index),
        "deleted records still in the index"
    );
    assert_eq!(in_index, in_store);
}
