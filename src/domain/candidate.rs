//! A candidate's competence profile (*Kompetenzprofil* of a *Bewerber/in*).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::country::CountryCode;
use super::language::CefrLevel;
use super::location::Postcode;
use super::profile::{
    Contact, DrivingLicence, Hours, LanguageSkill, OccupationRef, SkillRef, check_occupation_refs,
    check_skill_refs,
};
use super::residence::{ResidenceFacts, WorkType};
use super::text::{LongText, ShortText};
use super::validation::{FieldError, Problems};

/// A person's name. Protected: never logged. Some people have one name only: `family`
/// holds it then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonName {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<ShortText>,
    pub family: ShortText,
}

/// Recognition status of a foreign qualification (*Anerkennung*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recognition {
    None,
    Pending,
    Partial,
    Full,
}

/// A qualification (*Qualifikation*, e.g. a vocational certificate) and its recognition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    pub title: ShortText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    pub recognition: Recognition,
}

/// A candidate's competence profile as the case worker enters it; exactly the JSON of the
/// API contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// Reference in the proposing office's own files, unique (`DN-2026-0042`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<ShortText>,
    pub name: PersonName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub home_postcode: Postcode,
    /// Longest commute the person accepts, one way, in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_commute_km: Option<u32>,
    #[serde(default)]
    pub driving_licences: Vec<DrivingLicence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_car: Option<bool>,
    #[serde(default)]
    pub languages: Vec<LanguageSkill>,
    #[serde(default)]
    pub skills: Vec<SkillRef>,
    #[serde(default)]
    pub occupations: Vec<OccupationRef>,
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
    /// Kinds of work the person wants.
    #[serde(default)]
    pub work_types: Vec<WorkType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_from: Option<NaiveDate>,
    /// The residence document; decides the work-permission verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residence: Option<ResidenceFacts>,
    /// Whether the person agreed to be shown (pseudonymously) to employers.
    #[serde(default)]
    pub consent_employer_visibility: bool,
    /// The municipality (*Kommune*) that proposed the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<ShortText>,
    /// Free text, any language. Protected: never logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<LongText>,
}

/// The largest commute radius accepted, in km.
pub const MAX_COMMUTE_KM: u32 = 300;

impl Candidate {
    /// Checks what serde cannot: list caps, cross-field consistency, plausible dates
    /// relative to `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        if let Some(b) = self.birth_date {
            let age = today.years_since(b).unwrap_or(0);
            p.check(
                b >= today || !(14..=100).contains(&age),
                "birth_date",
                "implausible_date",
                "birth date must give an age between 14 and 100",
            );
        }
        if let Some(km) = self.max_commute_km {
            p.check(
                km > MAX_COMMUTE_KM,
                "max_commute_km",
                "out_of_range",
                "at most 300 km",
            );
        }
        p.cap(&self.driving_licences, 17, "driving_licences");
        p.cap(&self.languages, 20, "languages");
        p.unique(&self.languages, |l| l.code, "languages", "code");
        for (i, l) in self.languages.iter().enumerate() {
            if let Some(c) = &l.course {
                p.check(
                    c.target_level <= l.level || c.target_level == CefrLevel::Native,
                    format!("languages[{i}].course.target_level"),
                    "not_above_level",
                    "a course's target level must be above the current level",
                );
            }
        }
        check_skill_refs(&mut p, "skills", &self.skills);
        check_occupation_refs(&mut p, "occupations", &self.occupations);
        p.cap(&self.qualifications, 20, "qualifications");
        p.cap(&self.work_types, WorkType::ALL.len(), "work_types");
        p.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn parse(json: serde_json::Value) -> Result<Candidate, String> {
        serde_json::from_value(json).map_err(|e| e.to_string())
    }

    #[test]
    fn the_contract_example_parses() {
        let c = parse(serde_json::json!({
            "external_ref": "DN-2026-0042",
            "name": { "given": "Amal", "family": "Haddad" },
            "birth_date": "1999-04-02",
            "contact": { "phone": "+49 2421 000000", "email": "a@example.org" },
            "home_postcode": "52351", "max_commute_km": 25,
            "driving_licences": ["B"], "has_car": false,
            "languages": [ { "code": "de", "level": "A2", "evidence": "certificate",
                             "course": { "target_level": "B1", "expected_by": "2027-02-01" } },
                           { "code": "ar", "level": "native" } ],
            "skills": [ { "label": "operate forklift", "years": 3 }, { "label": "Gabelstapler fahren" } ],
            "occupations": [ { "label": "warehouse worker", "years": 4 } ],
            "qualifications": [ { "title": "Elektriker", "country": "SY", "recognition": "pending" } ],
            "work_types": ["employment", "vocational_training"],
            "hours": "full_time", "available_from": "2026-12-01",
            "residence": { "status_type": "duldung" },
            "consent_employer_visibility": true, "municipality": "Kreuzau",
            "notes": "free text, any language" }))
        .unwrap();
        assert!(c.validate(today()).is_ok());
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = parse(serde_json::json!({
            "name": { "family": "X" }, "home_postcode": "52351", "shoe_size": 42 }))
        .unwrap_err();
        assert!(err.contains("shoe_size"), "{err}");
    }

    #[test]
    fn a_course_must_aim_above_the_current_level() {
        let c = parse(serde_json::json!({
            "name": { "family": "X" }, "home_postcode": "52351",
            "languages": [ { "code": "de", "level": "B1",
                             "course": { "target_level": "A2", "expected_by": "2027-01-01" } } ] }))
        .unwrap();
        let errs = c.validate(today()).unwrap_err();
        assert_eq!(errs[0].field, "languages[0].course.target_level");
    }
}
