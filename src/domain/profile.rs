//! Vocabulary shared by candidate profiles and vacancies: skills, occupations, languages,
//! driving licences, working time, contact data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::esco::{OccupationUri, SkillUri};
use super::language::{CefrLevel, LanguageCode};
use super::text::{ShortText, Text, coded};
use super::validation::Problems;

/// A skill (*Kompetenz*): an ESCO concept, the words the person used, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<SkillUri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<ShortText>,
    /// Years of practice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<f32>,
}

/// An occupation (*Beruf*) with years of experience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OccupationRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<OccupationUri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<ShortText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<f32>,
}

/// How a language level is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A certificate (e.g. telc, Goethe, DTZ).
    Certificate,
    /// Assessed by a case worker or teacher.
    Assessed,
    /// As the person says.
    SelfReported,
}

/// A language course in progress (*Sprachkurs*) and the level it should reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub target_level: CefrLevel,
    pub expected_by: NaiveDate,
}

/// A language a person speaks, with level and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageSkill {
    pub code: LanguageCode,
    pub level: CefrLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
}

/// A driving licence class (*Führerscheinklasse*, EU classes plus the German B96).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum DrivingLicence {
    AM,
    A1,
    A2,
    A,
    B,
    B96,
    BE,
    C1,
    C1E,
    C,
    CE,
    D1,
    D1E,
    D,
    DE,
    L,
    T,
}

impl DrivingLicence {
    /// Whether holding `self` entitles one to drive what `required` allows (simplified:
    /// the classes that include others under the EU directive).
    pub fn covers(self, required: DrivingLicence) -> bool {
        use DrivingLicence::*;
        if self == required {
            return true;
        }
        match self {
            A => matches!(required, A1 | A2 | AM),
            A2 => matches!(required, A1 | AM),
            A1 | B => matches!(required, AM | L),
            B96 | BE => matches!(required, B | AM | L),
            C => matches!(required, C1 | B | AM | L),
            CE => matches!(required, C | C1 | C1E | BE | B | AM | L | T),
            C1E => matches!(required, C1 | BE | B | AM | L),
            C1 => matches!(required, B | AM | L),
            D => matches!(required, D1 | B | AM | L),
            DE => matches!(required, D | D1 | D1E | BE | B | AM | L),
            D1E => matches!(required, D1 | BE | B | AM | L),
            D1 => matches!(required, B | AM | L),
            T => matches!(required, L | AM),
            AM | L => false,
        }
    }
}

/// Working time (*Arbeitszeit*) offered or wished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    FullTime,
    PartTime,
    /// Either; for a candidate: no preference.
    Flexible,
}

impl Hours {
    /// Whether a wish and an offer fit together.
    pub fn fits(self, other: Hours) -> bool {
        self == other || self == Hours::Flexible || other == Hours::Flexible
    }
}

/// An e-mail address, checked for plausible syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = String, example = "a@example.org")]
#[serde(transparent)]
pub struct Email(Text<254>);

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Text::<254>::deserialize(d)?;
        let ok = match t.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !t.contains(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if ok {
            Ok(Email(t))
        } else {
            Err(serde::de::Error::custom(coded(
                "invalid_email",
                "not an e-mail address",
            )))
        }
    }
}

/// A telephone number: digits with `+`, spaces, `-`, `/`, parentheses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = String, example = "+49 2421 000000")]
#[serde(transparent)]
pub struct Phone(Text<40>);

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Text::<40>::deserialize(d)?;
        let digits = t.chars().filter(char::is_ascii_digit).count();
        let allowed = t
            .chars()
            .all(|c| c.is_ascii_digit() || " +-/()".contains(c));
        if allowed && (5..=20).contains(&digits) {
            Ok(Phone(t))
        } else {
            Err(serde::de::Error::custom(coded(
                "invalid_phone",
                "not a telephone number",
            )))
        }
    }
}

/// Contact data. Protected: never logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Contact person (for employers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<ShortText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
}

/// Checks a list of skill references: each names a concept or a label, years are plausible.
pub(crate) fn check_skill_refs(p: &mut Problems, field: &str, skills: &[SkillRef]) {
    p.cap(skills, 100, field);
    for (i, s) in skills.iter().enumerate() {
        p.check(
            s.esco.is_none() && s.label.is_none(),
            format!("{field}[{i}]"),
            "esco_or_label_required",
            "a skill needs an ESCO URI, a label, or both",
        );
        check_years(p, &format!("{field}[{i}].years"), s.years);
    }
}

/// Checks a list of occupation references like [`check_skill_refs`].
pub(crate) fn check_occupation_refs(p: &mut Problems, field: &str, occs: &[OccupationRef]) {
    p.cap(occs, 30, field);
    for (i, o) in occs.iter().enumerate() {
        p.check(
            o.esco.is_none() && o.label.is_none(),
            format!("{field}[{i}]"),
            "esco_or_label_required",
            "an occupation needs an ESCO URI, a label, or both",
        );
        check_years(p, &format!("{field}[{i}].years"), o.years);
    }
}

fn check_years(p: &mut Problems, field: &str, years: Option<f32>) {
    if let Some(y) = years {
        p.check(
            !(y.is_finite() && (0.0..=60.0).contains(&y)),
            field,
            "out_of_range",
            "years must be between 0 and 60",
        );
    }
}
