//! What each command does (the binary only parses arguments and calls these).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::app::{App, DB_FILE, RecordDocs, issue_token};
use crate::auth::Role;
use crate::config::Settings;
use crate::domain::EntityId;
use crate::import::{self, Format, Summary};
use crate::index::{IndexConfig, SearchIndex};
use crate::store::AuditAction;
use crate::store::{AccessStore, Entity, SqliteStore, Store};

/// Opens the store alone (import, export, reindex).
pub fn open_store(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    Ok(open_sqlite(settings)?)
}

/// Opens the SQLite store, which keeps records and placements.
fn open_sqlite(settings: &Settings) -> anyhow::Result<Arc<SqliteStore>> {
    let looser = crate::app::protect_data_dir(&settings.data_dir).with_context(|| {
        format!(
            "creating the data directory {}",
            settings.data_dir.display()
        )
    })?;
    if !looser.is_empty() {
        tracing::warn!(paths = ?looser, "the data directory was readable by others; permissions tightened");
    }
    Ok(Arc::new(SqliteStore::open(
        &settings.data_dir.join(DB_FILE),
        settings.store.durability,
    )?))
}

/// Brings the index up to date with the store, unless a running server holds it (then the
/// server does it).
pub fn update_index(
    settings: &Settings,
    store: &dyn Store,
    rebuild: bool,
) -> anyhow::Result<Option<u64>> {
    let cfg = IndexConfig::embedded();
    let dir = SearchIndex::dir_for(&settings.data_dir, &cfg);
    let index = match SearchIndex::open(&dir, cfg) {
        Ok(i) => i,
        Err(crate::index::IndexError::Tantivy(tantivy_err))
            if tantivy_err.to_string().contains("Lock") =>
        {
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let n = if rebuild {
        index.rebuild(store, &RecordDocs::default())?
    } else {
        index.catch_up(store, &RecordDocs::default())?
    };
    Ok(Some(n))
}

/// `passgenau import`.
pub fn import(
    settings: &Settings,
    entity: Entity,
    file: &Path,
    format: Option<Format>,
) -> anyhow::Result<Summary> {
    let format = format.unwrap_or_else(|| {
        if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            Format::Csv
        } else {
            Format::Ndjson
        }
    });
    let sqlite = open_sqlite(settings)?;
    let store: Arc<dyn Store> = sqlite.clone();
    let size = std::fs::metadata(file)
        .with_context(|| format!("reading {}", file.display()))?
        .len();
    let lines = if size < 256 * 1024 * 1024 {
        count_lines(file)?
    } else {
        0
    };
    let bar = ProgressBar::new(lines as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} rows  {per_sec}  eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let reader = BufReader::with_capacity(1 << 20, File::open(file)?);
    let today = chrono::Utc::now().date_naive();
    let started = std::time::Instant::now();
    let summary = import::import_file(&*store, entity, format, reader, today, |line| {
        if line % 512 == 0 {
            bar.set_position(line as u64);
        }
    })?;
    bar.finish_and_clear();
    if entity == Entity::Candidate {
        cli_audit(&*sqlite, "import", AuditAction::Create, &summary.stored)?;
    }
    eprintln!(
        "imported {} {} in {:.1} s: {} accepted ({} created, {} updated), {} rejected",
        summary.accepted + summary.rejected.len(),
        entity.as_str(),
        started.elapsed().as_secs_f64(),
        summary.accepted,
        summary.created,
        summary.updated,
        summary.rejected.len()
    );
    for r in summary.rejected.iter().take(50) {
        eprintln!(
            "  line {}: {} [{}] {}",
            r.line,
            if r.field.is_empty() { "row" } else { &r.field },
            r.code,
            r.message
        );
    }
    if summary.rejected.len() > 50 {
        eprintln!("  … and {} more rejections", summary.rejected.len() - 50);
    }
    let indexing = std::time::Instant::now();
    match update_index(settings, &*store, false)? {
        Some(n) => eprintln!(
            "search index updated ({n} changes) in {:.1} s",
            indexing.elapsed().as_secs_f64()
        ),
        None => {
            eprintln!("a running server holds the search index; it indexes the new records itself")
        }
    }
    Ok(summary)
}

fn count_lines(file: &Path) -> anyhow::Result<usize> {
    use std::io::BufRead;
    let mut n = 0;
    let mut reader = BufReader::with_capacity(1 << 20, File::open(file)?);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        n += buf.iter().filter(|b| **b == b'\n').count();
        let len = buf.len();
        reader.consume(len);
    }
    Ok(n)
}

/// `passgenau export`: every record of a kind as NDJSON, with ids.
pub fn export(settings: &Settings, entity: Entity, out: Option<&Path>) -> anyhow::Result<u64> {
    let sqlite = open_sqlite(settings)?;
    let store: Arc<dyn Store> = sqlite.clone();
    let mut exported = Vec::new();
    let sink: Box<dyn Write> = match out {
        Some(p) => Box::new(File::create(p).with_context(|| format!("creating {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = BufWriter::new(sink);
    let mut n = 0u64;
    store.scan(entity, &mut |r| {
        let mut v: serde_json::Value = serde_json::from_str(&r.doc)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), serde_json::Value::String(r.id.to_string()));
        }
        serde_json::to_writer(&mut w, &v)
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        w.write_all(b"\n")
            .map_err(|e| crate::store::StoreError::Corrupt(e.to_string()))?;
        n += 1;
        if entity == Entity::Candidate {
            exported.push(r.id);
        }
        Ok(())
    })?;
    w.flush()?;
    cli_audit(&*sqlite, "export", AuditAction::Read, &exported)?;
    Ok(n)
}

/// The audit entry of a command that read or wrote people's data from the command line:
/// one entry for the whole run, by the operator of the machine (token `cli`, role admin).
fn cli_audit(
    access: &dyn crate::store::AccessStore,
    command: &str,
    action: AuditAction,
    candidates: &[crate::domain::EntityId],
) -> anyhow::Result<()> {
    let ctx = crate::store::AuditContext {
        token_id: "cli".into(),
        role: crate::auth::Role::Admin,
        employer_id: None,
        method: "CLI".into(),
        endpoint: format!("passgenau {command} candidates"),
        request_id: None,
        purpose: None,
        purpose_note: None,
    };
    access.record_audit(&ctx, action, candidates)?;
    Ok(())
}

/// `passgenau reindex`.
pub fn reindex(settings: &Settings) -> anyhow::Result<u64> {
    let store = open_store(settings)?;
    update_index(settings, &*store, true)?.context(
        "a running server holds the search index: stop it first, or let it catch up itself",
    )
}

/// `passgenau serve`: loads demo data into an empty store if asked, then serves until
/// Ctrl-C or SIGTERM.
pub async fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let mut tokens = Vec::new();
    if demo {
        let store = open_sqlite(&settings)?;
        if store.count(Entity::Candidate)? == 0 && store.count(Entity::Employer)? == 0 {
            let loaded = crate::demo::load(&*store, &*store, &*store)?;
            tracing::info!(
                employers = loaded.employers,
                vacancies = loaded.vacancies,
                candidates = loaded.candidates,
                placements = loaded.placements,
                events = loaded.events,
                "demo data loaded"
            );
        } else {
            tracing::info!("data directory is not empty; demo data not loaded again");
        }
        tokens = demo_tokens(&settings, &store)?;
    }
    let addr = settings.http.addr;
    let settings_dir = settings.data_dir.clone();
    let app = Arc::new(tokio::task::spawn_blocking(move || App::build(settings)).await??);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    let stats = app.stats().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, candidates = stats.candidates, vacancies = stats.vacancies, employers = stats.employers, "passgenau listening");
    eprintln!(
        "passgenau listening on http://{local}  ({} candidates, {} vacancies, {} employers)\n  API docs: http://{local}/api/v1/docs",
        stats.candidates, stats.vacancies, stats.employers
    );
    if !tokens.is_empty() {
        eprintln!(
            "  demo tokens (one per role; also in {}):",
            settings_dir.join("demo-tokens.env").display()
        );
        for (role, token) in &tokens {
            eprintln!("    {:<10} {token}", role.as_str());
        }
    }
    let retention = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                if let Err(e) = app.purge_audit(chrono::Utc::now()).await {
                    tracing::error!(error = %e, "removing old audit entries failed; retrying");
                }
            }
        })
    };
    crate::http::serve(app.clone(), listener, crate::http::shutdown_signal()).await?;
    retention.abort();
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.shutdown()).await?;
    Ok(())
}

/// `passgenau token create`: prints the new token on stdout (and nothing else there).
pub fn token_create(
    settings: &Settings,
    role: Role,
    employer_id: Option<EntityId>,
    name: &str,
    expires: Option<chrono::NaiveDate>,
) -> anyhow::Result<()> {
    let store = open_sqlite(settings)?;
    let today = chrono::Utc::now().date_naive();
    let created =
        issue_token(&*store, &*store, role, employer_id, name, expires, today).map_err(describe)?;
    eprintln!(
        "created {} token {} ({}); it is shown only now:",
        created.info.role, created.info.id, created.info.name
    );
    println!("{}", created.token);
    Ok(())
}

/// `passgenau token list`: one line per token, never the secret.
pub fn token_list(settings: &Settings) -> anyhow::Result<()> {
    let store = open_sqlite(settings)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "id\trole\temployer_id\tname\tcreated\texpires\trevoked"
    )?;
    for t in store.tokens()? {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            t.id,
            t.role,
            t.employer_id.map(|e| e.to_string()).unwrap_or_default(),
            t.name,
            t.created_at.date_naive(),
            day(t.expires_on),
            t.revoked_at.map(|r| r.to_rfc3339()).unwrap_or_default()
        )?;
    }
    Ok(())
}

/// `passgenau token revoke ID`.
pub fn token_revoke(settings: &Settings, id: &str) -> anyhow::Result<()> {
    let store = open_sqlite(settings)?;
    if store.revoke_token(id)? {
        eprintln!("revoked token {id}");
        Ok(())
    } else {
        anyhow::bail!("no active token with id {id}")
    }
}

fn describe(e: crate::error::AppError) -> anyhow::Error {
    match e {
        crate::error::AppError::Invalid(errs) | crate::error::AppError::Unprocessable(errs) => {
            let first = errs.first();
            anyhow::anyhow!(
                "{}: {}",
                first.map_or("input", |e| e.field.as_str()),
                first.map_or("invalid", |e| e.message.as_str())
            )
        }
        other => anyhow::anyhow!("{other}"),
    }
}

/// The label of the tokens `serve --demo` creates (replaced at every start).
const DEMO_TOKEN: &str = "demo";

/// Creates one token per role for trying the demo, revoking earlier demo tokens, and
/// writes them to `demo-tokens.env` in the data directory (readable by the owner only).
fn demo_tokens(settings: &Settings, store: &SqliteStore) -> anyhow::Result<Vec<(Role, String)>> {
    for t in store.tokens()? {
        if t.name.starts_with(DEMO_TOKEN) && t.revoked_at.is_none() {
            store.revoke_token(&t.id)?;
        }
    }
    let employer = store
        .list(
            Entity::Employer,
            &crate::store::ListQuery {
                after: None,
                limit: 1,
                filters: Vec::new(),
            },
        )?
        .first()
        .map(|r| r.id);
    let today = chrono::Utc::now().date_naive();
    let expires = today + chrono::Days::new(30);
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let employer_id = if role == Role::Employer {
            employer
        } else {
            None
        };
        if role == Role::Employer && employer_id.is_none() {
            continue;
        }
        let created = issue_token(
            store,
            store,
            role,
            employer_id,
            &format!("{DEMO_TOKEN} {role}"),
            Some(expires),
            today,
        )
        .map_err(describe)?;
        tokens.push((role, created.token));
    }
    let path = settings.data_dir.join("demo-tokens.env");
    let mut text =
        String::from("# Demo tokens (valid 30 days; replaced at every `serve --demo`).\n");
    for (role, token) in &tokens {
        text.push_str(&format!("{}_TOKEN={token}\n", role.as_str().to_uppercase()));
    }
    if let Some(e) = employer {
        text.push_str(&format!("EMPLOYER_ID={e}\n"));
    }
    write_private(&path, &text)?;
    Ok(tokens)
}

/// Writes a file only its owner may read.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

/// `passgenau permission check FILE`: prints the answer, or the refused fields (exit 2).
pub fn permission_check(file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let req: crate::permission::CheckRequest = crate::json::parse(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}: {} [{}]",
            if e.field.is_empty() { "body" } else { &e.field },
            e.message,
            e.code
        )
    })?;
    match crate::permission::check(&req) {
        Ok(answer) => {
            println!("{}", serde_json::to_string_pretty(&answer)?);
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}: {} [{}]", e.field, e.message, e.code);
            }
            anyhow::bail!("the case was refused: {} field(s)", errors.len())
        }
    }
}
