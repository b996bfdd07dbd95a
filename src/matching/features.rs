//! Match features (*Merkmale*): what the scorer needs of a candidate or a vacancy, with
//! labels already resolved to ESCO concepts. Built once per record (by the indexer, or per
//! request for an unsaved vacancy), never per comparison.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{
    Candidate, CefrLevel, Coordinates, DrivingLicence, EntityId, LanguageCode, OccupationRef,
    ResidenceFacts, SkillRef, Vacancy, WorkType,
};
use crate::permission::VacancyFacts;
use crate::taxonomy::{IscoCode, Lang2, MatchKind, OccupationId, Resolution, SkillId, Taxonomy};

use super::settings::ScoringSettings;

/// A concept with the confidence that the words meant it: 1.0 for an ESCO URI or a
/// preferred, alternative or curated label, below 1.0 for a typo-tolerant match.
pub type Weighted<Id> = (Id, f32);

/// One skill of a person: the concepts its label resolved to and the label itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillFeature {
    pub concepts: Vec<Weighted<SkillId>>,
    /// Normalised label (empty if only an ESCO URI was given).
    pub label: String,
}

/// One occupation of a person, or the occupation of a vacancy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OccupationFeature {
    pub id: OccupationId,
    pub isco: IscoCode,
    pub confidence: f32,
    pub years: Option<f32>,
}

/// A language a person speaks, with a course that will raise the level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageFeature {
    pub code: LanguageCode,
    pub level: CefrLevel,
    pub course: Option<(CefrLevel, NaiveDate)>,
}

impl LanguageFeature {
    /// The highest level the person will have, course included, whenever it ends.
    pub fn reachable(&self) -> CefrLevel {
        self.course.map_or(self.level, |(t, _)| t.max(self.level))
    }
}

/// What the scorer needs of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFeatures {
    pub id: EntityId,
    pub skills: Vec<SkillFeature>,
    pub occupations: Vec<OccupationFeature>,
    pub languages: Vec<LanguageFeature>,
    pub at: Coordinates,
    /// Longest commute, in km (the default when none is given).
    pub commute_km: f64,
    pub licences: Vec<DrivingLicence>,
    pub available_from: Option<NaiveDate>,
    /// Work types wanted; empty means any.
    pub work_types: Vec<WorkType>,
    /// Consented to be shown to employers.
    pub visible: bool,
    /// The residence document; `None` when not recorded.
    pub residence: Option<ResidenceFacts>,
}

impl CandidateFeatures {
    /// Whether the person wants this kind of work.
    pub fn wants(&self, work: WorkType) -> bool {
        self.work_types.is_empty() || self.work_types.contains(&work)
    }

    /// Whether one of the person's licences covers `required`.
    pub fn covers(&self, required: DrivingLicence) -> bool {
        self.licences.iter().any(|l| l.covers(required))
    }

    /// The person's language entry for a code.
    pub fn language(&self, code: LanguageCode) -> Option<&LanguageFeature> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// A skill requirement of a vacancy.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementFeature {
    pub concepts: Vec<Weighted<SkillId>>,
    /// The label shown in explanations.
    pub display: String,
    /// Normalised label, compared by similarity when no concept is known.
    pub label: String,
    pub required: bool,
}

/// A language requirement of a vacancy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageNeed {
    pub code: LanguageCode,
    pub min_level: CefrLevel,
    pub required: bool,
}

/// What the scorer needs of a vacancy.
#[derive(Debug, Clone, PartialEq)]
pub struct VacancyFeatures {
    /// `None` for an unsaved vacancy (ad-hoc search).
    pub id: Option<EntityId>,
    pub requirements: Vec<RequirementFeature>,
    pub occupation: Option<OccupationFeature>,
    pub languages: Vec<LanguageNeed>,
    pub at: Coordinates,
    pub licence: Option<DrivingLicence>,
    pub start: Option<NaiveDate>,
    pub work_type: WorkType,
    /// Facts the work-permission engine compares with job-specific permissions.
    pub facts: VacancyFacts,
}

fn weigh<Id>(r: &Resolution<Id>) -> f32 {
    match r.how {
        MatchKind::Exact | MatchKind::Synonym => 1.0,
        MatchKind::Fuzzy => r.confidence.clamp(0.0, 1.0),
    }
}

fn push_best<Id: PartialEq + Copy>(out: &mut Vec<Weighted<Id>>, id: Id, w: f32) {
    match out.iter_mut().find(|(i, _)| *i == id) {
        Some(e) => e.1 = e.1.max(w),
        None => out.push((id, w)),
    }
}

/// Most labels remembered by a [`Resolver`] before it starts afresh.
const MEMO_CAP: usize = 200_000;

/// Resolves labels through the taxonomy, remembering what it resolved (labels repeat a lot
/// across profiles).
pub struct Resolver<'a> {
    pub tax: &'a Taxonomy,
    pub settings: &'a ScoringSettings,
    skills: HashMap<String, Vec<Weighted<SkillId>>>,
    occupations: HashMap<String, Vec<Weighted<OccupationId>>>,
}

impl<'a> Resolver<'a> {
    pub fn new(tax: &'a Taxonomy, settings: &'a ScoringSettings) -> Resolver<'a> {
        Resolver {
            tax,
            settings,
            skills: HashMap::new(),
            occupations: HashMap::new(),
        }
    }

    fn skill_label(&mut self, label: &str) -> Vec<Weighted<SkillId>> {
        if let Some(hit) = self.skills.get(label) {
            return hit.clone();
        }
        let mut out = Vec::new();
        for r in self
            .tax
            .resolve_skill(label)
            .iter()
            .take(self.settings.skills.concepts_per_label)
        {
            push_best(&mut out, r.id, weigh(r));
        }
        if self.skills.len() >= MEMO_CAP {
            self.skills.clear();
        }
        self.skills.insert(label.to_owned(), out.clone());
        out
    }

    fn occupation_label(&mut self, label: &str) -> Vec<Weighted<OccupationId>> {
        if let Some(hit) = self.occupations.get(label) {
            return hit.clone();
        }
        let mut out = Vec::new();
        for r in self
            .tax
            .resolve_occupation(label)
            .iter()
            .take(self.settings.skills.concepts_per_label)
        {
            push_best(&mut out, r.id, weigh(r));
        }
        if self.occupations.len() >= MEMO_CAP {
            self.occupations.clear();
        }
        self.occupations.insert(label.to_owned(), out.clone());
        out
    }
}

/// The concepts of a skill given by URI and/or label.
pub fn skill_concepts(
    r: &mut Resolver<'_>,
    uri: Option<&str>,
    label: Option<&str>,
) -> Vec<Weighted<SkillId>> {
    let mut out = Vec::new();
    if let Some(id) = uri.and_then(|u| r.tax.skill_by_uri(u)) {
        out.push((id, 1.0));
    }
    if let Some(l) = label {
        for (id, w) in r.skill_label(l) {
            push_best(&mut out, id, w);
        }
    }
    out
}

fn occupation_features(r: &mut Resolver<'_>, o: &OccupationRef) -> Vec<OccupationFeature> {
    let tax = r.tax;
    let mut found: Vec<Weighted<OccupationId>> = Vec::new();
    if let Some(id) = o
        .esco
        .as_ref()
        .and_then(|u| tax.occupation_by_uri(&u.0.to_string()))
    {
        found.push((id, 1.0));
    }
    if found.is_empty()
        && let Some(l) = &o.label
    {
        found = r.occupation_label(l);
    }
    found
        .into_iter()
        .map(|(id, confidence)| OccupationFeature {
            id,
            isco: tax.isco_code(id),
            confidence,
            years: o.years,
        })
        .collect()
}

fn skill_feature(res: &mut Resolver<'_>, r: &SkillRef) -> SkillFeature {
    let uri = r.esco.as_ref().map(|u| u.0.to_string());
    SkillFeature {
        concepts: skill_concepts(res, uri.as_deref(), r.label.as_deref()),
        label: r
            .label
            .as_deref()
            .map(crate::taxonomy::normalize)
            .unwrap_or_default(),
    }
}

/// The features of a candidate.
pub fn candidate_features(r: &mut Resolver<'_>, id: EntityId, c: &Candidate) -> CandidateFeatures {
    let s = r.settings;
    CandidateFeatures {
        id,
        skills: c.skills.iter().map(|k| skill_feature(r, k)).collect(),
        occupations: c
            .occupations
            .iter()
            .flat_map(|o| occupation_features(r, o))
            .collect(),
        languages: c
            .languages
            .iter()
            .map(|l| LanguageFeature {
                code: l.code,
                level: l.level,
                course: l.course.as_ref().map(|c| (c.target_level, c.expected_by)),
            })
            .collect(),
        at: c.home_postcode.coordinates(),
        commute_km: c
            .max_commute_km
            .map_or(s.distance.default_commute_km, f64::from),
        licences: c.driving_licences.clone(),
        available_from: c.available_from,
        work_types: c.work_types.clone(),
        visible: c.consent_employer_visibility,
        residence: c.residence.clone(),
    }
}

/// The features of a vacancy (saved or not).
pub fn vacancy_features(
    r: &mut Resolver<'_>,
    id: Option<EntityId>,
    v: &Vacancy,
) -> VacancyFeatures {
    let tax = r.tax;
    let requirements = v
        .skills
        .iter()
        .map(|k| {
            let uri = k.esco.as_ref().map(|u| u.0.to_string());
            let concepts = skill_concepts(r, uri.as_deref(), k.label.as_deref());
            let display = k
                .label
                .as_deref()
                .map(str::to_owned)
                .or_else(|| {
                    concepts
                        .first()
                        .and_then(|(c, _)| tax.skill_label(*c, Lang2::EN))
                        .map(str::to_owned)
                })
                .or_else(|| uri.clone())
                .unwrap_or_default();
            RequirementFeature {
                concepts,
                label: crate::taxonomy::normalize(&display),
                display,
                required: k.required,
            }
        })
        .collect();
    VacancyFeatures {
        id,
        requirements,
        occupation: v
            .occupation
            .as_ref()
            .and_then(|o| occupation_features(r, o).into_iter().next()),
        languages: v
            .languages
            .iter()
            .map(|l| LanguageNeed {
                code: l.code,
                min_level: l.min_level,
                required: l.required,
            })
            .collect(),
        at: v.postcode.coordinates(),
        licence: v.driving_licence,
        start: v.start_date,
        work_type: v.work_type,
        facts: VacancyFacts {
            employer: None,
            job: Some(v.title.to_string()),
            workplace_agency_district: v.workplace_agency_district.as_deref().map(str::to_owned),
            hours_per_week: None,
            fachkraft_exception_32_5_1: None,
        },
    }
}
