//! A vacancy (*Stellenangebot*) posted by an employer.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ids::EntityId;
use super::language::{CefrLevel, LanguageCode};
use super::location::Postcode;
use super::profile::{DrivingLicence, Hours, OccupationRef, check_occupation_refs};
use super::residence::WorkType;
use super::text::{LongText, ShortText};
use super::validation::{FieldError, Problems};
use super::{esco::SkillUri, profile::SkillRef, profile::check_skill_refs};

/// A skill a vacancy asks for: required (essential) or nice to have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VacancySkill {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<SkillUri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<ShortText>,
    /// Required (`true`, the default) or nice to have.
    #[serde(default = "yes")]
    pub required: bool,
}

/// A language requirement: language, minimum CEFR level, must or nice to have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageRequirement {
    pub code: LanguageCode,
    pub min_level: CefrLevel,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

/// A vacancy, exactly the JSON of the API contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Vacancy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<ShortText>,
    pub employer_id: EntityId,
    pub title: ShortText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LongText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation: Option<OccupationRef>,
    pub work_type: WorkType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    #[serde(default = "one")]
    pub positions: u32,
    /// Place of work.
    pub postcode: Postcode,
    #[serde(default)]
    pub skills: Vec<VacancySkill>,
    #[serde(default)]
    pub languages: Vec<LanguageRequirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driving_licence: Option<DrivingLicence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    /// BA agency district of the place of work (*Agenturbezirk*), for the 2016–2019 rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_agency_district: Option<ShortText>,
}

impl Vacancy {
    /// Checks what serde cannot: caps and cross-field consistency.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        p.check(
            !(1..=1000).contains(&self.positions),
            "positions",
            "out_of_range",
            "between 1 and 1000 positions",
        );
        if let (Some(start), Some(until)) = (self.start_date, self.valid_until) {
            p.check(
                until < start,
                "valid_until",
                "before_start_date",
                "valid_until must not be before start_date",
            );
        }
        if let Some(o) = &self.occupation {
            check_occupation_refs(&mut p, "occupation", std::slice::from_ref(o));
        }
        let as_refs: Vec<SkillRef> = self
            .skills
            .iter()
            .map(|s| SkillRef {
                esco: s.esco.clone(),
                label: s.label.clone(),
                years: None,
            })
            .collect();
        check_skill_refs(&mut p, "skills", &as_refs);
        p.cap(&self.languages, 10, "languages");
        p.unique(&self.languages, |l| l.code, "languages", "code");
        p.finish()
    }
}
