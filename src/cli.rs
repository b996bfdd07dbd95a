//! The command line: raw arguments (clap) into validated settings and commands.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::import::Format;
use crate::store::Entity;

/// passgenau: job matching for the people who place refugees and asylum seekers into work.
#[derive(Debug, Parser)]
#[command(name = "passgenau", version, about)]
pub struct Cli {
    /// Settings file (TOML). Without it, `passgenau.toml` is read if present.
    #[arg(long, global = true, env = "PASSGENAU_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory (store and index); overrides the settings.
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP API.
    Serve {
        /// Address to listen on, e.g. 127.0.0.1:8080.
        #[arg(long)]
        addr: Option<SocketAddr>,
        /// Load the synthetic demo data into an empty data directory first.
        #[arg(long)]
        demo: bool,
    },
    /// Import records from an NDJSON or CSV file (one bad row does not stop the import).
    Import {
        kind: Kind,
        file: PathBuf,
        /// File format; by default from the file name (.csv, else NDJSON).
        #[arg(long)]
        format: Option<Format>,
    },
    /// Write every record of a kind as NDJSON (to stdout or --out).
    Export {
        kind: Kind,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rebuild the search index from the store.
    Reindex,
    /// The work-permission engine.
    #[command(subcommand)]
    Permission(PermissionCommand),
    /// Synthetic data (never real people).
    #[command(subcommand)]
    Fixtures(FixturesCommand),
    /// The ESCO taxonomy.
    #[command(subcommand)]
    Taxonomy(TaxonomyCommand),
    /// Bearer tokens: create (the token is shown once), list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (only its hash is kept).
    Create {
        #[arg(long)]
        role: crate::auth::Role,
        /// The employer an employer token acts for.
        #[arg(long)]
        employer_id: Option<crate::domain::EntityId>,
        /// Who or what the token is for (shown in the audit log).
        #[arg(long, default_value = "unnamed")]
        name: String,
        /// Last day the token is valid (YYYY-MM-DD).
        #[arg(long)]
        expires: Option<chrono::NaiveDate>,
    },
    /// List tokens (never the secrets).
    List,
    /// Revoke a token by its id (takes effect at once, also in a running service).
    Revoke { id: String },
    /// Print the role × endpoint matrix in force, as Markdown.
    Matrix,
}

#[derive(Debug, Subcommand)]
pub enum PermissionCommand {
    /// Print the rule table as Markdown.
    Rules,
    /// Check one case (the JSON of `POST /api/v1/work-permission/check`) and print the answer.
    Check { file: PathBuf },
    /// Print the status × work-type overview on a day as JSON.
    Matrix {
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
}

#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Generate employers, vacancies and candidates as NDJSON files in a folder.
    Generate {
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = 20)]
        employers: usize,
        #[arg(long, default_value_t = 80)]
        vacancies: usize,
        #[arg(long, default_value_t = 300)]
        candidates: usize,
        /// The "today" of the data set (dates are drawn around it).
        #[arg(long, default_value = "2026-11-21")]
        as_of: chrono::NaiveDate,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// Convert the official ESCO v1.1.1 CSV download (folder with the two zips and `fr/`)
    /// into the compact file embedded in the program (`index-config/esco/`).
    ImportEsco { dir: PathBuf },
}

/// The record kinds on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Candidates,
    Vacancies,
    Employers,
}

impl Kind {
    pub fn entity(self) -> Entity {
        match self {
            Kind::Candidates => Entity::Candidate,
            Kind::Vacancies => Entity::Vacancy,
            Kind::Employers => Entity::Employer,
        }
    }
}
