//! The match score: one pure function, used by the API, events, tests and benchmarks.

use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::domain::{CefrLevel, DrivingLicence, LanguageCode, ResidenceFacts, StatusType};
use crate::permission::{Outcome, Verdict, evaluate};
use crate::taxonomy::{IscoCode, OccupationRelation};

use super::features::{CandidateFeatures, LanguageNeed, OccupationFeature};
use super::prepare::PreparedVacancy;
use super::settings::ScoringSettings;

/// Filters of an ad-hoc search; each is also an exclusion in the score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchFilters {
    /// Only these verdicts (empty: allowed and permission_required, plus not_allowed when
    /// ineligible candidates are asked for).
    pub verdicts: Vec<Outcome>,
    /// Farthest distance, replacing the reach of the vacancy and the candidates.
    pub max_distance_km: Option<f64>,
    /// Languages the person must have now, at least at these levels.
    pub languages: Vec<(LanguageCode, CefrLevel)>,
    /// A licence the person must hold (or one covering it).
    pub driving_licence: Option<DrivingLicence>,
    /// Available on this day at the latest.
    pub available_by: Option<NaiveDate>,
    /// Only people who consented to be shown to employers.
    pub visible_only: bool,
}

/// How to score: the day, whether to show ineligible people, the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchQuery {
    pub as_of: NaiveDate,
    pub include_ineligible: bool,
    pub filters: MatchFilters,
    /// Added to the vacancy's reach (what-if), in km.
    pub extra_radius_km: f64,
}

impl MatchQuery {
    /// A plain query on a day.
    pub fn on(as_of: NaiveDate) -> MatchQuery {
        MatchQuery {
            as_of,
            include_ineligible: false,
            filters: MatchFilters::default(),
            extra_radius_km: 0.0,
        }
    }
}

/// The components of a score, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Components {
    pub skills: f64,
    pub occupation: f64,
    pub language: f64,
    pub permission: f64,
    pub distance: f64,
    pub availability: f64,
}

/// Why a candidate is not a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    WorkType,
    NotVisible,
    TooFar,
    Language(LanguageCode),
    NotAllowed,
    Filter(&'static str),
}

/// A scored pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Overall score in [0, 1], rounded to six decimals.
    pub score: f64,
    pub components: Components,
    pub verdict: Verdict,
    pub distance_km: f64,
    /// Credit of each requirement of the vacancy, in order.
    pub credits: Vec<f64>,
}

/// The distance at which a candidate is out of reach of a vacancy.
pub fn reach_km(s: &ScoringSettings, q: &MatchQuery, commute_km: f64) -> f64 {
    match q.filters.max_distance_km {
        Some(m) => m,
        None => commute_km.max(s.distance.vacancy_radius_km) + q.extra_radius_km,
    }
}

/// The facts of a person whose residence document is not recorded: the engine decides.
static UNKNOWN_RESIDENCE: LazyLock<ResidenceFacts> =
    LazyLock::new(|| ResidenceFacts::new(StatusType::None));

/// Scores a candidate for a prepared vacancy, or says why the pair is excluded.
pub fn score(
    s: &ScoringSettings,
    v: &PreparedVacancy,
    c: &CandidateFeatures,
    q: &MatchQuery,
) -> Result<Scored, Exclusion> {
    let f = &q.filters;
    let vf = &v.features;
    if !c.wants(vf.work_type) {
        return Err(Exclusion::WorkType);
    }
    if f.visible_only && !c.visible {
        return Err(Exclusion::NotVisible);
    }
    if let Some(l) = f.driving_licence
        && !c.covers(l)
    {
        return Err(Exclusion::Filter("driving_licence"));
    }
    if let Some(by) = f.available_by
        && c.available_from.is_some_and(|a| a > by)
    {
        return Err(Exclusion::Filter("available_by"));
    }
    for &(code, level) in &f.languages {
        if c.language(code).is_none_or(|l| l.level < level) {
            return Err(Exclusion::Filter("languages"));
        }
    }
    let distance_km = c.at.distance_km(vf.at);
    if distance_km > reach_km(s, q, c.commute_km) {
        return Err(Exclusion::TooFar);
    }
    let start = v.start_day(q.as_of);
    let language = language_component(s, &vf.languages, c, start)?;
    let facts = c.residence.as_ref().unwrap_or(&UNKNOWN_RESIDENCE);
    let verdict = evaluate(facts, vf.work_type, &vf.facts, start);
    let shown = if f.verdicts.is_empty() {
        verdict.outcome != Outcome::NotAllowed || q.include_ineligible
    } else {
        f.verdicts.contains(&verdict.outcome)
    };
    if !shown {
        return Err(if verdict.outcome == Outcome::NotAllowed {
            Exclusion::NotAllowed
        } else {
            Exclusion::Filter("verdict")
        });
    }
    let credits = skill_credits(s, v, c);
    let skills = if credits.is_empty() {
        1.0
    } else {
        credits.iter().zip(&v.weights).map(|(c, w)| c * w).sum()
    };
    let components = Components {
        skills: skills.clamp(0.0, 1.0),
        occupation: occupation_component(s, vf.occupation, &c.occupations),
        language,
        permission: match verdict.outcome {
            Outcome::Allowed => s.permission.allowed,
            Outcome::PermissionRequired => s.permission.permission_required,
            Outcome::NotAllowed => s.permission.not_allowed,
        },
        distance: distance_component(
            s,
            distance_km,
            c.commute_km,
            vf.licence.is_none_or(|l| c.covers(l)),
        ),
        availability: availability_component(s, c.available_from, start),
    };
    Ok(Scored {
        score: overall(s, &components),
        components,
        verdict,
        distance_km,
        credits,
    })
}

/// The weighted mean of the components, rounded to six decimals.
pub fn overall(s: &ScoringSettings, c: &Components) -> f64 {
    let w = &s.weights;
    let sum = w.skills * c.skills
        + w.occupation * c.occupation
        + w.language * c.language
        + w.permission * c.permission
        + w.distance * c.distance
        + w.availability * c.availability;
    ((sum / w.total()).clamp(0.0, 1.0) * 1e6).round() / 1e6
}

/// Credit in [0, 1] of each requirement: the best of exact or related concepts, the
/// person's occupation listing the skill, or (for requirements without a concept) a similar
/// label.
pub fn skill_credits(s: &ScoringSettings, v: &PreparedVacancy, c: &CandidateFeatures) -> Vec<f64> {
    let mut credits = vec![0.0f32; v.features.requirements.len()];
    for skill in &c.skills {
        for &(b, conf) in &skill.concepts {
            if let Some(list) = v.related.get(&b.0) {
                for &(r, credit) in list {
                    let slot = &mut credits[usize::from(r)];
                    *slot = slot.max(credit * conf);
                }
            }
        }
    }
    for o in &c.occupations {
        if let Some(list) = v.implied.get(&o.id.0) {
            for &(r, credit) in list {
                let slot = &mut credits[usize::from(r)];
                *slot = slot.max(credit * o.confidence);
            }
        }
    }
    for &r in &v.label_only {
        let want = &v.features.requirements[usize::from(r)].label;
        for skill in c.skills.iter().filter(|k| !k.label.is_empty()) {
            let sim = strsim::normalized_damerau_levenshtein(want, &skill.label);
            if sim >= s.skills.label_similarity_min {
                let slot = &mut credits[usize::from(r)];
                *slot = slot.max((s.skills.label_credit * sim) as f32);
            }
        }
    }
    credits
        .into_iter()
        .map(|c| f64::from(c).clamp(0.0, 1.0))
        .collect()
}

/// Credit of an ISCO relation.
pub fn occupation_credit(s: &ScoringSettings, r: OccupationRelation) -> f64 {
    let o = &s.occupation;
    match r {
        OccupationRelation::Same => o.same,
        OccupationRelation::SameIscoUnit => o.same_isco_unit,
        OccupationRelation::SameIscoMinor => o.same_isco_minor,
        OccupationRelation::SameIscoSubMajor => o.same_isco_sub_major,
        OccupationRelation::None => 0.0,
    }
}

fn relation(a: OccupationFeature, b: &OccupationFeature) -> OccupationRelation {
    let (x, y): (IscoCode, IscoCode) = (a.isco, b.isco);
    if a.id == b.id {
        OccupationRelation::Same
    } else if x.unit() == y.unit() {
        OccupationRelation::SameIscoUnit
    } else if x.minor() == y.minor() {
        OccupationRelation::SameIscoMinor
    } else if x.sub_major() == y.sub_major() {
        OccupationRelation::SameIscoSubMajor
    } else {
        OccupationRelation::None
    }
}

/// Same occupation, ISCO unit, minor or sub-major group, times an experience factor.
fn occupation_component(
    s: &ScoringSettings,
    want: Option<OccupationFeature>,
    have: &[OccupationFeature],
) -> f64 {
    let Some(want) = want else {
        return 1.0;
    };
    let o = &s.occupation;
    have.iter()
        .map(|h| {
            let years = f64::from(h.years.unwrap_or(0.0));
            let experience = o.experience_floor
                + (1.0 - o.experience_floor)
                    * (years / o.full_years.max(f64::MIN_POSITIVE)).min(1.0);
            occupation_credit(s, relation(want, h)) * f64::from(h.confidence) * experience
        })
        .fold(0.0, f64::max)
        .clamp(0.0, 1.0)
}

/// Each language requirement: met, reached by a course by the start day, or short. A
/// required language the person cannot reach by the start day excludes.
fn language_component(
    s: &ScoringSettings,
    needs: &[LanguageNeed],
    c: &CandidateFeatures,
    start: NaiveDate,
) -> Result<f64, Exclusion> {
    let l = &s.language;
    let (mut sum, mut total) = (0.0, 0.0);
    for n in needs {
        let have = c.language(n.code);
        let level = have.map(|h| h.level);
        let by_start = have
            .and_then(|h| h.course)
            .filter(|(t, d)| *d <= start && *t >= n.min_level);
        let credit = if level.is_some_and(|x| x >= n.min_level) {
            1.0
        } else if by_start.is_some() {
            l.course_credit
        } else if n.required {
            return Err(Exclusion::Language(n.code));
        } else {
            let gap = f64::from(n.min_level.rank() - level.map_or(0, CefrLevel::rank));
            (l.course_credit - l.short_step * gap).max(0.0)
        };
        let w = if n.required {
            l.required_weight
        } else {
            l.nice_to_have_weight
        };
        sum += w * credit;
        total += w;
    }
    Ok(if total > 0.0 {
        (sum / total).clamp(0.0, 1.0)
    } else {
        1.0
    })
}

/// Full credit up to the offset, then decaying to `decay` at offset + the person's commute;
/// reduced when a required driving licence is missing.
/// Non-decreasing in `commute_km`: a longer commute never lowers the component.
pub(super) fn distance_component(
    s: &ScoringSettings,
    km: f64,
    commute_km: f64,
    licensed: bool,
) -> f64 {
    let d = &s.distance;
    let beyond = (km - d.offset_km).max(0.0);
    let base = d.decay.powf(beyond / commute_km.max(1.0));
    let factor = if licensed {
        1.0
    } else {
        d.missing_licence_factor
    };
    (base * factor).clamp(0.0, 1.0)
}

/// Full credit when available by the start day, falling linearly over the grace period.
pub(super) fn availability_component(
    s: &ScoringSettings,
    from: Option<NaiveDate>,
    start: NaiveDate,
) -> f64 {
    match from {
        Some(f) if f > start => {
            let late = (f - start).num_days() as f64;
            (1.0 - late / f64::from(s.availability.grace_days.max(1))).max(0.0)
        }
        _ => 1.0,
    }
}
