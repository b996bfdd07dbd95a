//! The reporting configuration (`index-config/placements.toml`): project start, targets,
//! placement-bonus rules and the smallest publishable cell of the statistics.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Deserialize;

use crate::domain::PlacementType;

const EMBEDDED: &str = include_str!("../../index-config/placements.toml");

/// The configuration version this program reads.
pub const VERSION: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingConfig {
    pub version: u32,
    pub project: Project,
    pub targets: Vec<Target>,
    #[serde(default)]
    pub bonus: Vec<BonusRule>,
    pub statistics: StatisticsConfig,
}

/// The placement project (*Projekt*).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub start: NaiveDate,
    /// Types that count towards the target.
    pub counted_types: Vec<PlacementType>,
    /// Months after the start at which a placement counts as lasting.
    pub retention_months: u32,
}

/// A target (*Zielvorgabe*) in force from a project year until the next target.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub from_year: u32,
    pub placements: u32,
}

/// A municipality's placement bonus (*Vermittlungsprämie*) in force from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BonusRule {
    pub municipality: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Whole euros per placement of each type; a type not listed earns nothing.
    pub amounts_eur: BTreeMap<PlacementType, u32>,
    #[serde(default)]
    pub exclude_ended_in_probation: bool,
}

impl BonusRule {
    /// Whether the rule is in force on `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// Publication rules of the statistics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatisticsConfig {
    /// The smallest number of people a published cell may describe (k).
    pub min_cell_count: u32,
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("placements config does not parse: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("placements config is invalid: {0}")]
    Invalid(String),
}

impl ReportingConfig {
    /// The configuration shipped in `index-config/placements.toml`.
    pub fn embedded() -> Result<ReportingConfig, ConfigError> {
        ReportingConfig::parse(EMBEDDED)
    }

    /// Parses and checks a configuration file's text.
    pub fn parse(text: &str) -> Result<ReportingConfig, ConfigError> {
        let cfg: ReportingConfig = toml::from_str(text)?;
        cfg.check().map_err(ConfigError::Invalid)?;
        Ok(cfg)
    }

    fn check(&self) -> Result<(), String> {
        if self.version != VERSION {
            return Err(format!("version {} is not {VERSION}", self.version));
        }
        if self.targets.first().map(|t| t.from_year) != Some(1) {
            return Err("the first target must hold from year 1".into());
        }
        if self
            .targets
            .windows(2)
            .any(|w| w[0].from_year >= w[1].from_year)
        {
            return Err("targets must be ordered by from_year, each year once".into());
        }
        if self.statistics.min_cell_count < 2 {
            return Err("statistics.min_cell_count must be at least 2".into());
        }
        for (i, r) in self.bonus.iter().enumerate() {
            if r.to.is_some_and(|to| to < r.from) {
                return Err(format!("bonus[{i}] ends before it starts"));
            }
            let overlaps = self.bonus[..i].iter().any(|o| {
                o.municipality == r.municipality
                    && o.from <= r.to.unwrap_or(NaiveDate::MAX)
                    && r.from <= o.to.unwrap_or(NaiveDate::MAX)
            });
            if overlaps {
                return Err(format!(
                    "bonus[{i}] overlaps another rule of its municipality"
                ));
            }
        }
        Ok(())
    }

    /// The first day of project year `year` (1-based); `None` past the calendar.
    pub fn year_start(&self, year: u32) -> Option<NaiveDate> {
        let months = year.checked_sub(1)?.checked_mul(12)?;
        self.project.start.checked_add_months(Months::new(months))
    }

    /// The first and last day of project year `year`.
    pub fn year_period(&self, year: u32) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.year_start(year)?;
        let to = self.year_start(year.checked_add(1)?)?.pred_opt()?;
        Some((from, to))
    }

    /// The project year `day` falls in; `None` before the project started.
    pub fn year_of(&self, day: NaiveDate) -> Option<u32> {
        if day < self.project.start {
            return None;
        }
        let mut year = 1;
        while self.year_start(year + 1).is_some_and(|next| next <= day) {
            year += 1;
        }
        Some(year)
    }

    /// The target of project year `year`.
    pub fn target(&self, year: u32) -> u32 {
        self.targets
            .iter()
            .rev()
            .find(|t| t.from_year <= year)
            .map_or(0, |t| t.placements)
    }

    /// The bonus rule of `municipality` in force on `day`.
    pub fn bonus_rule(&self, municipality: &str, day: NaiveDate) -> Option<&BonusRule> {
        self.bonus
            .iter()
            .find(|r| r.municipality == municipality && r.covers(day))
    }

    /// Whether any bonus rule names `municipality`.
    pub fn has_bonus(&self, municipality: &str) -> bool {
        self.bonus.iter().any(|r| r.municipality == municipality)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_file_is_valid() {
        let cfg = ReportingConfig::embedded().unwrap();
        assert_eq!(cfg.target(1), 25);
        assert_eq!(cfg.target(2), 45);
        assert_eq!(cfg.target(7), 45);
    }

    #[test]
    fn project_years_run_from_the_start_date() {
        let cfg = ReportingConfig::embedded().unwrap();
        let start = cfg.project.start;
        assert_eq!(cfg.year_of(start), Some(1));
        assert_eq!(cfg.year_of(start.pred_opt().unwrap()), None);
        let (from2, to2) = cfg.year_period(2).unwrap();
        assert_eq!(cfg.year_of(from2), Some(2));
        assert_eq!(cfg.year_of(to2), Some(2));
        assert_eq!(cfg.year_of(to2.succ_opt().unwrap()), Some(3));
        assert_eq!(cfg.year_period(0), None);
    }

    #[test]
    fn overlapping_rules_and_unknown_keys_are_refused() {
        let text = ReportingConfig::embedded().map(|_| EMBEDDED).unwrap();
        let overlapping = text.replace("from = \"2026-07-01\"", "from = \"2026-06-30\"");
        assert!(matches!(
            ReportingConfig::parse(&overlapping),
            Err(ConfigError::Invalid(_))
        ));
        let unknown = text.replace("retention_months", "retention_monthz");
        assert!(matches!(
            ReportingConfig::parse(&unknown),
            Err(ConfigError::Parse(_))
        ));
    }

    #[test]
    fn a_rule_covers_its_first_and_last_day() {
        let cfg = ReportingConfig::embedded().unwrap();
        let june = cfg.bonus_rule("Kreuzau", day("2026-06-30")).unwrap();
        let july = cfg.bonus_rule("Kreuzau", day("2026-07-01")).unwrap();
        assert_ne!(june, july);
        assert!(cfg.bonus_rule("Kreuzau", day("2025-10-31")).is_none());
    }
}
