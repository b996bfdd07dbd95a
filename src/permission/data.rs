//! Dated reference data (*Referenzdaten*): safe countries of origin, the 2016–2019 BA
//! district list and EU transitional rules. Embedded from `index-config/permission/` and
//! parsed once.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::dates::Clock;
use super::types::Confidence;
use crate::domain::CountryCode;

/// A safe country of origin (*sicherer Herkunftsstaat*, Anlage II zu § 29a AsylG).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeCountry {
    pub code: CountryCode,
    pub name: String,
    pub safe_from: NaiveDate,
    #[serde(default)]
    pub safe_to: Option<NaiveDate>,
    /// The work bans cover asylum applications made after this day.
    pub cutoff: NaiveDate,
    /// The first day a statutory work ban applied.
    pub ban_from: NaiveDate,
    pub confidence: Confidence,
}

/// A country announced as safe (*angekündigter sicherer Herkunftsstaat*), unverified (§ 9 U2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncedCountry {
    pub code: CountryCode,
    pub name: String,
    pub announced_on: NaiveDate,
}

/// The safe-country list (*Liste sicherer Herkunftsstaaten*) with announced designations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafeCountries {
    pub country: Vec<SafeCountry>,
    #[serde(default)]
    pub announced: Vec<AnnouncedCountry>,
}

/// An EU transitional restriction of the free movement of workers (*Übergangsregelung*).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub code: CountryCode,
    pub name: String,
    pub restricted_from: NaiveDate,
    pub restricted_to: NaiveDate,
    pub confidence: Confidence,
}

/// A former member state (*ehemaliger Mitgliedstaat*) whose nationals keep their rights under
/// a withdrawal agreement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerMember {
    pub code: CountryCode,
    pub name: String,
    pub third_country_from: NaiveDate,
}

/// EU transitional rules (*Übergangsregelungen*) and former member states.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EuTransitions {
    pub transition: Vec<Transition>,
    #[serde(default)]
    pub former_member: Vec<FormerMember>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictFile {
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    listed: HashMap<String, Vec<String>>,
    #[serde(default)]
    aliases: HashMap<String, String>,
    excluded: HashMap<String, Vec<String>>,
}

/// The BA districts without priority check 2016–2019 (*Anlage zu § 32 BeschV*).
#[derive(Debug)]
pub struct Districts {
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// Normalised name → listed (true) or known but excluded (false).
    names: HashMap<String, bool>,
    /// Number of listed districts (133 in the Anlage).
    pub listed_count: usize,
}

/// Whether a workplace district (*Agenturbezirk*) was listed in the Anlage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistrictStatus {
    Listed,
    Excluded,
    Unrecognised,
}

impl Districts {
    fn parse(text: &str) -> Result<Districts, String> {
        let file: DistrictFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut names = HashMap::new();
        let mut listed_count = 0;
        for (listed, groups) in [(true, &file.listed), (false, &file.excluded)] {
            for district in groups.values().flatten() {
                if listed {
                    listed_count += 1;
                }
                names.insert(normalise_district(district), listed);
                // A combined district ("Aachen–Düren") is also found by each of its parts.
                if district.contains('–') {
                    for part in district.split('–') {
                        names.insert(normalise_district(part), listed);
                    }
                }
            }
        }
        for (alias, canonical) in &file.aliases {
            let Some(&listed) = names.get(&normalise_district(canonical)) else {
                return Err(format!("alias {alias}: unknown district {canonical}"));
            };
            names.insert(normalise_district(alias), listed);
        }
        Ok(Districts {
            valid_from: file.valid_from,
            valid_to: file.valid_to,
            names,
            listed_count,
        })
    }

    /// Looks up a workplace district as written on input (`AA Köln`, `Agentur für Arbeit Köln`).
    pub fn status(&self, district: &str) -> DistrictStatus {
        match self.names.get(&normalise_district(district)) {
            Some(true) => DistrictStatus::Listed,
            Some(false) => DistrictStatus::Excluded,
            None => DistrictStatus::Unrecognised,
        }
    }
}

/// Lower case, umlauts spelt out, one kind of dash without spaces, no "AA" prefix.
fn normalise_district(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            '–' | '—' | '‐' | '-' | '/' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push('-');
            }
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('-') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    for prefix in ["agentur fuer arbeit ", "agentur f. arbeit ", "aa "] {
        if let Some(rest) = out.strip_prefix(prefix) {
            return rest.trim().to_owned();
        }
    }
    out.trim().to_owned()
}

const SAFE_TOML: &str = include_str!("../../index-config/permission/safe-countries.toml");
const DISTRICTS_TOML: &str = include_str!("../../index-config/permission/ba-districts-2016.toml");
const EU_TOML: &str = include_str!("../../index-config/permission/eu-transitions.toml");

// The data files are part of the build, not input; the tests load them.
static SAFE: LazyLock<SafeCountries> = LazyLock::new(|| {
    toml::from_str(SAFE_TOML).unwrap_or_else(|e| panic!("safe-countries.toml: {e}"))
});
static DISTRICTS: LazyLock<Districts> = LazyLock::new(|| {
    Districts::parse(DISTRICTS_TOML).unwrap_or_else(|e| panic!("ba-districts-2016.toml: {e}"))
});
static EU: LazyLock<EuTransitions> = LazyLock::new(|| {
    toml::from_str(EU_TOML).unwrap_or_else(|e| panic!("eu-transitions.toml: {e}"))
});

pub fn safe_countries() -> &'static SafeCountries {
    &SAFE
}

pub fn districts() -> &'static Districts {
    &DISTRICTS
}

pub fn eu_transitions() -> &'static EuTransitions {
    &EU
}

impl SafeCountries {
    /// The entry for a nationality that is on the safe list on the clock's day.
    pub(crate) fn on_list(&self, code: CountryCode, clock: &Clock) -> Option<&SafeCountry> {
        self.country
            .iter()
            .find(|c| c.code == code)
            .filter(|c| clock.within(Some(c.safe_from), c.safe_to))
    }

    /// Whether the nationality was announced as safe by the clock's day (unverified).
    pub(crate) fn announced(&self, code: CountryCode, clock: &Clock) -> bool {
        self.announced
            .iter()
            .any(|a| a.code == code && clock.since(a.announced_on))
    }
}

impl EuTransitions {
    /// The transitional restriction that applies to a nationality on the clock's day.
    pub(crate) fn restriction(&self, code: CountryCode, clock: &Clock) -> Option<&Transition> {
        self.transition
            .iter()
            .find(|t| t.code == code)
            .filter(|t| clock.within(Some(t.restricted_from), Some(t.restricted_to)))
    }

    /// Whether the nationality is that of a former member state on the clock's day.
    pub(crate) fn former_member(&self, code: CountryCode, clock: &Clock) -> bool {
        self.former_member
            .iter()
            .any(|f| f.code == code && clock.since(f.third_country_from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_anlage_lists_133_districts() {
        assert_eq!(districts().listed_count, 133);
    }

    #[test]
    fn district_spellings_are_normalised() {
        let d = districts();
        assert_eq!(d.status("AA Köln"), DistrictStatus::Listed);
        assert_eq!(d.status("Agentur für Arbeit Koeln"), DistrictStatus::Listed);
        assert_eq!(d.status("AA Aachen-Düren"), DistrictStatus::Listed);
        assert_eq!(d.status("AA Düren"), DistrictStatus::Listed);
        assert_eq!(
            d.status("AA Dessau-Roßlau - Wittenberg"),
            DistrictStatus::Listed
        );
        assert_eq!(d.status("AA Frankfurt am Main"), DistrictStatus::Listed);
        assert_eq!(d.status("AA Rostock"), DistrictStatus::Excluded);
        assert_eq!(d.status("AA Nürnberg"), DistrictStatus::Excluded);
        assert_eq!(d.status("AA Atlantis"), DistrictStatus::Unrecognised);
    }

    #[test]
    fn safe_country_data_agrees_with_itself() {
        for c in &safe_countries().country {
            assert!(
                c.cutoff < c.ban_from,
                "{}: cut-off precedes the ban",
                c.code
            );
            assert!(c.safe_from <= c.ban_from, "{}: safe before the ban", c.code);
        }
    }
}
