//! How a candidate or a vacancy falls into the categories of the statistics. Pure.

use chrono::NaiveDate;

use crate::domain::{
    Candidate, CefrLevel, LanguageCode, OccupationRef, StatusType, Vacancy, WorkType,
};
use crate::permission::{Outcome, VacancyFacts, evaluate};
use crate::taxonomy::Taxonomy;

/// A way of counting candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateDimension {
    /// 18–27, 28–40, 41–55, 56+ on the day (under 18 and unknown separately).
    AgeGroup,
    /// The residence document, grouped.
    StatusGroup,
    /// Level of German.
    GermanLevel,
    /// Field of the first occupation that maps to a placement occupation, else `other`.
    OccupationField,
    /// The proposing municipality.
    Municipality,
    /// The work-permission verdict for the chosen work type on the day.
    Access,
}

/// A way of counting vacancies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VacancyDimension {
    OccupationField,
    /// The place of work (the postcode's place).
    Municipality,
    WorkType,
}

impl CandidateDimension {
    pub const ALL: [CandidateDimension; 6] = [
        CandidateDimension::AgeGroup,
        CandidateDimension::StatusGroup,
        CandidateDimension::GermanLevel,
        CandidateDimension::OccupationField,
        CandidateDimension::Municipality,
        CandidateDimension::Access,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CandidateDimension::AgeGroup => "age_group",
            CandidateDimension::StatusGroup => "status_group",
            CandidateDimension::GermanLevel => "german_level",
            CandidateDimension::OccupationField => "occupation_field",
            CandidateDimension::Municipality => "municipality",
            CandidateDimension::Access => "access",
        }
    }

    /// The fixed categories, in order; `None` for open ones (municipality).
    pub fn categories(self) -> Option<&'static [&'static str]> {
        Some(match self {
            CandidateDimension::AgeGroup => {
                &["under_18", "18_27", "28_40", "41_55", "56_plus", "unknown"]
            }
            CandidateDimension::StatusGroup => &[
                "asylum_procedure",
                "tolerated",
                "residence_permit",
                "settlement_permit",
                "eu_eea",
                "none",
                "unknown",
            ],
            CandidateDimension::GermanLevel => &["none", "A1", "A2", "B1", "B2", "C1_or_above"],
            CandidateDimension::OccupationField => FIELDS,
            CandidateDimension::Access => {
                &["allowed", "permission_required", "not_allowed", "unknown"]
            }
            CandidateDimension::Municipality => return None,
        })
    }
}

impl VacancyDimension {
    pub const ALL: [VacancyDimension; 3] = [
        VacancyDimension::OccupationField,
        VacancyDimension::Municipality,
        VacancyDimension::WorkType,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VacancyDimension::OccupationField => "occupation_field",
            VacancyDimension::Municipality => "municipality",
            VacancyDimension::WorkType => "work_type",
        }
    }

    pub fn categories(self) -> Option<&'static [&'static str]> {
        match self {
            VacancyDimension::OccupationField => Some(FIELDS),
            VacancyDimension::Municipality | VacancyDimension::WorkType => None,
        }
    }
}

const FIELDS: &[&str] = &[
    "warehouse",
    "logistics",
    "cleaning",
    "gastronomy",
    "care",
    "construction",
    "crafts",
    "retail",
    "production",
    "other",
];

/// The facts a candidate is counted by on a day.
pub struct CandidateContext<'a> {
    pub as_of: NaiveDate,
    pub work_type: WorkType,
    pub taxonomy: &'a Taxonomy,
}

/// The category of `c` in dimension `d`.
pub fn candidate_category(
    c: &Candidate,
    d: CandidateDimension,
    ctx: &CandidateContext<'_>,
) -> String {
    match d {
        CandidateDimension::AgeGroup => age_group(c.birth_date, ctx.as_of).into(),
        CandidateDimension::StatusGroup => c
            .residence
            .as_ref()
            .map_or("unknown", |r| status_group(r.status_type))
            .into(),
        CandidateDimension::GermanLevel => german_level(c).into(),
        CandidateDimension::OccupationField => {
            occupation_field(&c.occupations, ctx.taxonomy).into()
        }
        CandidateDimension::Municipality => {
            c.municipality.as_deref().unwrap_or("unknown").to_owned()
        }
        CandidateDimension::Access => match &c.residence {
            None => "unknown".into(),
            Some(r) => {
                let v = evaluate(r, ctx.work_type, &VacancyFacts::default(), ctx.as_of);
                match v.outcome {
                    Outcome::Allowed => "allowed",
                    Outcome::PermissionRequired => "permission_required",
                    Outcome::NotAllowed => "not_allowed",
                }
                .into()
            }
        },
    }
}

/// The category of `v` in dimension `d`.
pub fn vacancy_category(v: &Vacancy, d: VacancyDimension, taxonomy: &Taxonomy) -> String {
    match d {
        VacancyDimension::OccupationField => occupation_field(
            std::slice::from_ref(v.occupation.as_ref().unwrap_or(&NO_OCCUPATION)),
            taxonomy,
        )
        .into(),
        VacancyDimension::Municipality => v.postcode.info().place.clone(),
        VacancyDimension::WorkType => v.work_type.as_str().into(),
    }
}

const NO_OCCUPATION: OccupationRef = OccupationRef {
    esco: None,
    label: None,
    years: None,
};

/// Age group on `as_of`.
pub fn age_group(birth: Option<NaiveDate>, as_of: NaiveDate) -> &'static str {
    match birth.and_then(|b| as_of.years_since(b)) {
        None => "unknown",
        Some(0..=17) => "under_18",
        Some(18..=27) => "18_27",
        Some(28..=40) => "28_40",
        Some(41..=55) => "41_55",
        Some(_) => "56_plus",
    }
}

/// The group of a residence status.
pub fn status_group(s: StatusType) -> &'static str {
    use StatusType::*;
    match s {
        Aufenthaltsgestattung | Ankunftsnachweis | Buema => "asylum_procedure",
        Duldung | Duldung60b | Duldung60c | Duldung60d => "tolerated",
        Aufenthaltserlaubnis | Fiktionsbescheinigung => "residence_permit",
        Niederlassungserlaubnis | DaueraufenthaltEu => "settlement_permit",
        EuCitizen | EeaSwissCitizen => "eu_eea",
        StatusType::None => "none",
    }
}

fn german_level(c: &Candidate) -> &'static str {
    let level = c
        .languages
        .iter()
        .find(|l| l.code == LanguageCode::DE)
        .map(|l| l.level);
    match level {
        None => "none",
        Some(CefrLevel::A1) => "A1",
        Some(CefrLevel::A2) => "A2",
        Some(CefrLevel::B1) => "B1",
        Some(CefrLevel::B2) => "B2",
        Some(CefrLevel::C1 | CefrLevel::C2 | CefrLevel::Native) => "C1_or_above",
    }
}

/// The field of the first occupation that maps to a placement occupation (by ESCO URI, else
/// by resolving its label), else `other`.
pub fn occupation_field(occupations: &[OccupationRef], tax: &Taxonomy) -> &'static str {
    occupations
        .iter()
        .find_map(|o| {
            let id = match (&o.esco, &o.label) {
                (Some(uri), _) => tax.occupation_by_uri(&uri.0.to_string()),
                (None, Some(label)) => tax.resolve_occupation(label).first().map(|r| r.id),
                (None, None) => None,
            }?;
            let p = tax.placement_occupations().iter().find(|p| p.id == id)?;
            FIELDS.iter().copied().find(|f| *f == p.field.as_str())
        })
        .unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_groups_follow_the_birthday() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let as_of = day("2026-11-21");
        assert_eq!(age_group(Some(day("1998-11-21")), as_of), "28_40");
        assert_eq!(age_group(Some(day("1998-11-22")), as_of), "18_27");
        assert_eq!(age_group(Some(day("2008-11-22")), as_of), "under_18");
        assert_eq!(age_group(Some(day("1970-01-01")), as_of), "56_plus");
        assert_eq!(age_group(None, as_of), "unknown");
    }

    #[test]
    fn every_field_of_the_taxonomy_is_a_category() {
        for f in crate::taxonomy::Field::ALL {
            assert!(FIELDS.contains(&f.as_str()), "{}", f.as_str());
        }
    }
}
