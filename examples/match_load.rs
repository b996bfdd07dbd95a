//! Load measurement of candidate search: generates N synthetic candidates (default 100,000),
//! stores and indexes them, then times top-20 candidate searches for generated vacancies.
//!
//! `cargo run --release --example match_load -- 100000 [queries]`
//!
//! Prints indexing time, search latency percentiles and resident memory (VmHWM).
//!
//! With `MATCH_LOAD_DIR=/path` the store and index are kept there; a later run with the same
//! N reopens them (features are rebuilt from the store, as the service does on start) and
//! only times the searches.

use std::time::Instant;

use anyhow::Context;
use serde_json::Value;

use passgenau::app::RecordDocs;
use passgenau::app::matching::{candidate_filter, candidates_for};
use passgenau::domain::{EntityId, Vacancy};
use passgenau::fixtures::{Plan, generate, placement_catalog};
use passgenau::index::{IndexConfig, SearchIndex};
use passgenau::matching::{MatchQuery, ScoringSettings};
use passgenau::store::{Durability, Entity, NewRecord, SqliteStore, Store};
use passgenau::taxonomy::Taxonomy;

fn store_rows(store: &SqliteStore, entity: Entity, rows: &[Value]) -> anyhow::Result<()> {
    for chunk in rows.chunks(10_000) {
        let docs: Vec<(EntityId, String)> = chunk
            .iter()
            .map(|r| {
                let mut r = r.clone();
                let id = r
                    .as_object_mut()
                    .and_then(|o| o.remove("id"))
                    .and_then(|v| v.as_str().and_then(|s| s.parse().ok()))
                    .context("generated record without id")?;
                Ok((id, r.to_string()))
            })
            .collect::<anyhow::Result<_>>()?;
        let records: Vec<NewRecord<'_>> = docs
            .iter()
            .map(|(id, doc)| NewRecord {
                id: *id,
                external_ref: None,
                doc,
            })
            .collect();
        store.upsert_batch(entity, &records)?;
    }
    Ok(())
}

fn status_mb(key: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn print_rss(phase: &str) {
    if let (Some(now), Some(peak)) = (status_mb("VmRSS:"), status_mb("VmHWM:")) {
        println!("{phase}: resident {now:.0} MB, peak so far {peak:.0} MB");
    }
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let queries: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let temp = tempfile::tempdir()?;
    let kept = std::env::var_os("MATCH_LOAD_DIR").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let reuse = kept.is_some() && dir.join("index").exists();
    let tax = Taxonomy::embedded();
    let catalog = placement_catalog(tax);
    let as_of = "2026-11-21".parse()?;
    let store = SqliteStore::open(&dir.join("db.sqlite"), Durability::Normal)?;
    let t = Instant::now();
    let mut vacancies = Vec::new();
    for (i, start) in (0..n).step_by(50_000).enumerate() {
        if reuse && i > 0 {
            break;
        }
        let count = (n - start).min(50_000);
        let plan = Plan {
            seed: i as u64,
            employers: 10,
            vacancies: if i == 0 { queries } else { 0 },
            candidates: count,
            as_of,
            project_start: None,
        };
        let data = generate(&plan, &catalog);
        if !reuse {
            store_rows(&store, Entity::Candidate, &data.candidates)?;
        }
        vacancies.extend(data.vacancies);
    }
    let docs = RecordDocs::default();
    let index = SearchIndex::open(&dir.join("index"), IndexConfig::embedded())?;
    if reuse {
        let t = Instant::now();
        docs.cache.warm(&store)?;
        println!(
            "reopened {}; features of {} candidates rebuilt in {:.1} s",
            dir.display(),
            docs.cache.counts().0,
            t.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "generated and stored {n} candidates in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        print_rss("after storing");
        let t = Instant::now();
        index.rebuild(&store, &docs)?;
        println!(
            "indexed {n} candidates (features + tantivy) in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    print_rss("after indexing");
    let s = ScoringSettings::embedded();
    let prepared: Vec<_> = vacancies
        .iter()
        .map(|v| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("id");
            }
            let v: Vacancy = serde_json::from_value(v)?;
            Ok(docs.cache.prepare(None, &v))
        })
        .collect::<anyhow::Result<_>>()?;
    let q = MatchQuery::on(as_of);
    let mut times = Vec::new();
    let mut scans = Vec::new();
    let mut considered = 0usize;
    for v in &prepared {
        let t = Instant::now();
        let r = candidates_for(&docs.cache, s, v, &q, 20);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        considered += r.considered;
        // The table scan alone, the part of a search that grows with the number of records.
        let fq = candidate_filter(s, v, &q);
        let t = Instant::now();
        let passing = docs.cache.with_table(|table| table.passing(&fq).len());
        scans.push(t.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(passing == r.considered, "scan and search disagree");
    }
    let summary = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        format!(
            "p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            pct(0.5),
            pct(0.9),
            pct(0.99),
            pct(1.0)
        )
    };
    println!(
        "{} searches (top 20): {}; mean considered {}",
        times.len(),
        summary(times),
        considered / prepared.len().max(1)
    );
    println!("of which the table scan: {}", summary(scans));
    if let Some(mb) = status_mb("VmHWM:") {
        println!("peak resident memory {mb:.0} MB");
    }
    Ok(())
}
