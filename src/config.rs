//! Settings: built-in defaults, then an optional TOML file, then `PASSGENAU_*` environment
//! variables (`PASSGENAU_HTTP__ADDR=0.0.0.0:8080`), resolved once into typed structs.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::store::Durability;

/// All settings of the service.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Where the store and the index live.
    pub data_dir: PathBuf,
    pub http: HttpSettings,
    pub store: StoreSettings,
    pub index: IndexSettings,
    pub cpu: CpuSettings,
    pub log: LogSettings,
    pub reporting: ReportingSettings,
    pub auth: AuthSettings,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingSettings {
    /// Targets, bonus rules and statistics settings in the form of
    /// `index-config/placements.toml`; the embedded copy of that file when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub addr: SocketAddr,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Time a request may take before it is answered with 408.
    pub request_timeout_secs: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSettings {
    pub durability: Durability,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// How often the indexer looks at the change log when nobody wakes it, in ms.
    pub commit_interval_ms: u64,
    /// Longest a `refresh=wait_for` write waits for the index, in ms.
    pub wait_for_timeout_ms: u64,
    /// `/readyz` fails once the store is ahead of the index and the index has not advanced
    /// for this long, in ms (an indexer that stopped).
    pub stall_after_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpuSettings {
    /// Blocking jobs (store, index, scoring) running at once.
    pub max_concurrent: usize,
    /// Longest a request waits for a slot before it is answered 503, in ms.
    pub queue_timeout_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Access control.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSettings {
    /// Requests per token and minute before 429 (the quota refills continuously).
    pub rate_limit_per_minute: u32,
    /// Audit entries older than this many days are removed (at start and every hour).
    pub audit_retention_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A `tracing` filter, e.g. `info` or `passgenau=debug,tower_http=info`.
    pub filter: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("data"),
            http: HttpSettings {
                addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
                body_limit_bytes: 1024 * 1024,
                request_timeout_secs: 30,
            },
            store: StoreSettings {
                durability: Durability::Full,
            },
            index: IndexSettings {
                commit_interval_ms: 100,
                wait_for_timeout_ms: 10_000,
                stall_after_ms: 30_000,
            },
            cpu: CpuSettings {
                max_concurrent: 16,
                queue_timeout_ms: 2_000,
            },
            log: LogSettings {
                format: LogFormat::Pretty,
                filter: "info".into(),
            },
            reporting: ReportingSettings::default(),
            auth: AuthSettings {
                rate_limit_per_minute: 600,
                audit_retention_days: 730,
            },
        }
    }
}

impl Settings {
    /// Defaults, then `file` if given (or `passgenau.toml` if it exists), then environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        match file {
            Some(f) => fig = fig.merge(Toml::file_exact(f)),
            None => fig = fig.merge(Toml::file("passgenau.toml")),
        }
        fig.merge(Env::prefixed("PASSGENAU_").split("__"))
            .extract()
            .map_err(Box::new)
    }
}

#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail closures return figment::Error"
)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("PASSGENAU_HTTP__ADDR", "0.0.0.0:9999");
            jail.set_env("PASSGENAU_LOG__FORMAT", "json");
            let s = Settings::load(None).map_err(|e| e.to_string())?;
            assert_eq!(s.http.addr.port(), 9999);
            assert_eq!(s.log.format, LogFormat::Json);
            Ok(())
        });
    }

    #[test]
    fn a_settings_file_is_read_and_unknown_keys_refused() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "p.toml",
                "data_dir = \"/tmp/x\"\n[store]\ndurability = \"normal\"\n",
            )?;
            let s = Settings::load(Some(Path::new("p.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(s.data_dir, PathBuf::from("/tmp/x"));
            jail.create_file("bad.toml", "data_dri = \"/tmp/x\"\n")?;
            assert!(Settings::load(Some(Path::new("bad.toml"))).is_err());
            Ok(())
        });
    }
}
