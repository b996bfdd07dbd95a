//! The scoring configuration (`index-config/scoring.toml`), read once into typed settings.

use std::sync::LazyLock;

use serde::Deserialize;

/// The configuration shipped with the program.
pub const EMBEDDED: &str = include_str!("../../index-config/scoring.toml");

static PARSED: LazyLock<Result<ScoringSettings, String>> =
    LazyLock::new(|| ScoringSettings::parse(EMBEDDED));

/// Weights, partial credits and decay parameters of the match score.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringSettings {
    /// Raised whenever the meaning of the score changes.
    pub version: u32,
    pub weights: Weights,
    pub skills: SkillSettings,
    pub occupation: OccupationSettings,
    pub language: LanguageSettings,
    pub permission: PermissionSettings,
    pub distance: DistanceSettings,
    pub availability: AvailabilitySettings,
    pub what_if: WhatIfSettings,
}

/// Weights of the components in the overall score.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub skills: f64,
    pub occupation: f64,
    pub language: f64,
    pub permission: f64,
    pub distance: f64,
    pub availability: f64,
}

impl Weights {
    /// The sum of all weights.
    pub fn total(&self) -> f64 {
        self.skills
            + self.occupation
            + self.language
            + self.permission
            + self.distance
            + self.availability
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillSettings {
    pub essential: f64,
    pub nice_to_have: f64,
    pub broader_one_step: f64,
    pub narrower_one_step: f64,
    pub broader_two_steps: f64,
    pub narrower_two_steps: f64,
    pub sibling: f64,
    pub implied_by_occupation: f64,
    pub label_similarity_min: f64,
    pub label_credit: f64,
    pub matched_from: f64,
    pub concepts_per_label: usize,
    pub max_sibling_terms: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OccupationSettings {
    pub same: f64,
    pub same_isco_unit: f64,
    pub same_isco_minor: f64,
    pub same_isco_sub_major: f64,
    pub experience_floor: f64,
    pub full_years: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    pub required_weight: f64,
    pub nice_to_have_weight: f64,
    pub course_credit: f64,
    pub short_step: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionSettings {
    pub allowed: f64,
    pub permission_required: f64,
    pub not_allowed: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistanceSettings {
    pub offset_km: f64,
    pub decay: f64,
    pub vacancy_radius_km: f64,
    pub default_commute_km: f64,
    pub missing_licence_factor: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilitySettings {
    pub grace_days: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhatIfSettings {
    pub qualify_min_score: f64,
    pub radius_step_km: f64,
}

impl ScoringSettings {
    /// Parses and checks a configuration.
    pub fn parse(text: &str) -> Result<ScoringSettings, String> {
        let s: ScoringSettings = toml::from_str(text).map_err(|e| e.to_string())?;
        let credits = [
            s.skills.broader_one_step,
            s.skills.narrower_one_step,
            s.skills.broader_two_steps,
            s.skills.narrower_two_steps,
            s.skills.sibling,
            s.skills.implied_by_occupation,
            s.skills.label_credit,
            s.occupation.same,
            s.occupation.same_isco_unit,
            s.occupation.same_isco_minor,
            s.occupation.same_isco_sub_major,
            s.occupation.experience_floor,
            s.language.course_credit,
            s.permission.allowed,
            s.permission.permission_required,
            s.permission.not_allowed,
            s.distance.decay,
            s.distance.missing_licence_factor,
        ];
        if credits.iter().any(|c| !(0.0..=1.0).contains(c)) {
            return Err("credits and factors must lie in [0, 1]".into());
        }
        let o = &s.occupation;
        if !(o.same >= o.same_isco_unit
            && o.same_isco_unit >= o.same_isco_minor
            && o.same_isco_minor >= o.same_isco_sub_major)
        {
            return Err("occupation credits must not grow with distance in ISCO".into());
        }
        if s.weights.total() <= 0.0 || s.skills.essential <= 0.0 || s.skills.nice_to_have <= 0.0 {
            return Err("weights must be positive".into());
        }
        if s.distance.decay <= 0.0 || s.distance.decay >= 1.0 {
            return Err("distance.decay must lie strictly between 0 and 1".into());
        }
        Ok(s)
    }

    /// The embedded configuration, parsed on first use.
    ///
    /// # Panics
    ///
    /// If the embedded file is invalid, which the test suite rules out for every build.
    pub fn embedded() -> &'static ScoringSettings {
        match PARSED.as_ref() {
            Ok(s) => s,
            Err(e) => panic!("index-config/scoring.toml is invalid: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scoring_file_is_valid() {
        assert_eq!(ScoringSettings::parse(EMBEDDED).map(|s| s.version), Ok(1));
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = format!("{EMBEDDED}\nsurprise = 1\n");
        assert!(ScoringSettings::parse(&text).is_err());
    }
}
