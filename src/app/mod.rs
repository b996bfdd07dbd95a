//! The application: owns the store, the index, the settings and the CPU pool, and offers
//! the use cases the HTTP layer and the command line call.

mod access;
mod docs;
mod employer_view;
pub mod events;
mod features;
mod matches;
pub mod matching;
mod placements;
mod protect;

pub use protect::protect_data_dir;
mod records;
mod reports;
mod resource;
mod table;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDate, Utc};

use crate::config::Settings;
use crate::cpu::CpuPool;
use crate::domain::{EntityId, FieldError};
use crate::error::AppError;
use crate::index::{IndexConfig, Indexer, SearchIndex};
use crate::reporting::ReportingConfig;
use crate::store::{AccessStore, Entity, EventStore, PlacementStore, SqliteStore, Store};

pub use access::{CreatedToken, Disclosure, Disclosures, Rejected, TokenInfo, issue_token};
pub use docs::{DEFAULT_COMMUTE_KM, RecordDocs, language_tags};
pub use employer_view::{
    DistanceBand, EventParticipant, Interest, InterestPage, InterestUpdate, NewInterestBody,
    PlainPermission, PseudonymousMatch, PseudonymousMatchList, PseudonymousProfile,
};
pub use features::FeatureCache;
pub use matches::{
    MAX_MATCHES, MatchHit, MatchList, MatchRequest, PermissionSummary, Relaxation, WhatIf,
};
pub use placements::{PlacementRecord, VacancyPlacements};
pub use resource::{Page, Record, Resource};
pub use table::{CandidateTable, Shares};

/// The database file name inside the data directory.
pub const DB_FILE: &str = "passgenau.sqlite";

/// Whether a write waits until it is searchable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Refresh {
    /// Answer as soon as the store has committed (the index follows within
    /// `index.commit_interval_ms`).
    #[default]
    False,
    /// Answer once the index has applied the write.
    WaitFor,
}

/// The largest page of a listing.
pub const MAX_PAGE: usize = 200;

/// The service's state and use cases.
pub struct App {
    /// The source of truth.
    store: Arc<dyn Store>,
    /// Placements, in the same database as `store`.
    placements: Arc<dyn PlacementStore>,
    /// Tokens, audit log, pseudonyms, expressions of interest; same database.
    access: Arc<dyn AccessStore>,
    /// Serialises placement writes (the free-position check and the write).
    placement_writes: Arc<Mutex<()>>,
    /// Meeting Point events, in the same database as `store`.
    events: Arc<dyn EventStore>,
    /// Project start, targets, bonus rules, the smallest publishable cell.
    reporting: ReportingConfig,
    /// The derived search index.
    index: Arc<SearchIndex>,
    /// The background indexer following the change log.
    indexer: Mutex<Option<Indexer>>,
    /// Match features of every indexed record.
    features: Arc<FeatureCache>,
    /// Gate for blocking work.
    cpu: CpuPool,
    /// The change-log position at start: ready once the index has reached it.
    ready_at_seq: u64,
    settings: Settings,
}

impl App {
    /// Opens the store and the index in the data directory and starts the indexer, which
    /// first replays whatever the index is missing.
    pub fn build(settings: Settings) -> anyhow::Result<App> {
        let looser = protect::protect_data_dir(&settings.data_dir)?;
        if !looser.is_empty() {
            tracing::warn!(
                paths = ?looser,
                "the data directory holds protected social data but was readable by others; \
                 permissions tightened to 0700 (directories) and 0600 (files)"
            );
        }
        let reporting = match &settings.reporting.config_file {
            Some(path) => ReportingConfig::parse(&std::fs::read_to_string(path)?)?,
            None => ReportingConfig::embedded()?,
        };
        let sqlite = Arc::new(SqliteStore::open(
            &settings.data_dir.join(DB_FILE),
            settings.store.durability,
        )?);
        let store: Arc<dyn Store> = sqlite.clone();
        let placements: Arc<dyn PlacementStore> = sqlite.clone();
        let access: Arc<dyn AccessStore> = sqlite.clone();
        let events: Arc<dyn EventStore> = sqlite;
        let cfg = IndexConfig::embedded();
        let index = Arc::new(SearchIndex::open(
            &SearchIndex::dir_for(&settings.data_dir, &cfg),
            cfg,
        )?);
        // The files the store and the index have just created, too (the directory being the
        // owner's alone already keeps others out of later ones).
        protect::protect_data_dir(&settings.data_dir)?;
        let ready_at_seq = store.last_seq()?;
        tracing::info!(
            store.seq = ready_at_seq,
            index.seq = index.applied_seq(),
            "store and index opened"
        );
        let docs = RecordDocs::default();
        let features = docs.cache.clone();
        features.warm(&*store)?;
        let indexer = Indexer::spawn(
            index.clone(),
            store.clone(),
            Arc::new(docs),
            Duration::from_millis(settings.index.commit_interval_ms),
        );
        Ok(App {
            store,
            placements,
            access,
            placement_writes: Arc::default(),
            events,
            reporting,
            index,
            indexer: Mutex::new(Some(indexer)),
            features,
            cpu: CpuPool::new(
                settings.cpu.max_concurrent,
                Duration::from_millis(settings.cpu.queue_timeout_ms),
            ),
            ready_at_seq,
            settings,
        })
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The store (command-line tools and tests).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Tokens, audit log, pseudonyms (command-line tools and tests).
    pub fn access(&self) -> &Arc<dyn AccessStore> {
        &self.access
    }

    /// The match features (tests, benchmarks).
    pub fn features(&self) -> &Arc<FeatureCache> {
        &self.features
    }

    /// The search index (command-line tools and tests).
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// Today, in the service's time zone (UTC dates are close enough for German days).
    pub fn today(&self) -> NaiveDate {
        Utc::now().date_naive()
    }

    /// Whether the index has caught up with the store as it was at start.
    pub fn is_ready(&self) -> bool {
        self.index.applied_seq() >= self.ready_at_seq
    }

    /// Whether the store is ahead of the index and the index has not advanced for longer
    /// than `index.stall_after_ms`: the indexer stopped.
    pub fn index_stalled(&self, stats: &Stats) -> bool {
        stats.store_seq > stats.index_seq
            && self.index.since_advanced()
                > Duration::from_millis(self.settings.index.stall_after_ms)
    }

    /// Stops the indexer after it has applied what is pending.
    pub fn shutdown(&self) {
        if let Some(i) = self
            .indexer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            i.shutdown();
        }
    }

    fn wake_indexer(&self) {
        if let Some(i) = self
            .indexer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            i.wake();
        }
    }

    /// After a committed write: wake the indexer, and wait until searchable if asked.
    async fn after_write(&self, seq: u64, refresh: Refresh) -> Result<(), AppError> {
        self.wake_indexer();
        if refresh == Refresh::WaitFor {
            let mut rx = self.index.subscribe();
            let wait = rx.wait_for(|applied| *applied >= seq);
            let limit = Duration::from_millis(self.settings.index.wait_for_timeout_ms);
            match tokio::time::timeout(limit, wait).await {
                Ok(Ok(_)) => {}
                Ok(Err(_)) | Err(_) => {
                    tracing::warn!(
                        seq,
                        "write committed but not yet searchable within wait_for timeout"
                    );
                }
            }
        }
        Ok(())
    }

    /// Runs blocking work on the CPU pool.
    async fn blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&dyn Store) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.store.clone();
        self.cpu.run(move || f(&*store)).await?
    }

    /// Number of records of each kind, and how far the index is.
    pub async fn stats(&self) -> Result<Stats, AppError> {
        let index_seq = self.index.applied_seq();
        self.blocking(move |s| {
            Ok(Stats {
                candidates: s.count(Entity::Candidate)?,
                vacancies: s.count(Entity::Vacancy)?,
                employers: s.count(Entity::Employer)?,
                store_seq: s.last_seq()?,
                index_seq,
            })
        })
        .await
    }
}

impl App {
    /// Checks one work-permission case (pure and fast: runs on the caller's thread).
    pub fn check_work_permission(
        &self,
        req: &crate::permission::CheckRequest,
    ) -> Result<crate::permission::CheckResponse, AppError> {
        crate::permission::check(req).map_err(AppError::Invalid)
    }

    /// Solves a Meeting Point schedule problem on the CPU pool.
    pub async fn solve_schedule(
        &self,
        problem: crate::events::ScheduleProblem,
    ) -> Result<crate::events::Schedule, AppError> {
        let result = self.cpu.run(move || crate::events::solve(&problem)).await?;
        result.map_err(|e| {
            let err = FieldError::new(e.field(), e.code().as_str(), e.message());
            match e.kind() {
                crate::events::solver::ProblemErrorKind::InvalidInput => {
                    AppError::Invalid(vec![err])
                }
                crate::events::solver::ProblemErrorKind::InfeasiblePin => {
                    AppError::Unprocessable(vec![err])
                }
            }
        })
    }

    /// The status × work-type overview on a day (default: today).
    pub fn permission_matrix(&self, as_of: Option<NaiveDate>) -> crate::permission::Matrix {
        crate::permission::matrix(as_of.unwrap_or_else(|| self.today()))
    }
}

/// Counts for health and the start banner.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub candidates: u64,
    pub vacancies: u64,
    pub employers: u64,
    /// Latest change-log sequence number in the store.
    pub store_seq: u64,
    /// Change-log sequence number the index has applied.
    pub index_seq: u64,
}

fn not_found(entity: Entity, id: EntityId) -> AppError {
    AppError::NotFound {
        entity,
        id: id.to_string(),
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.shutdown();
    }
}
