//! Retrieval terms and the admissible bound that lets the index order candidates so that
//! scoring can stop early without losing a hit.
//!
//! Every candidate document carries a term per skill concept (`sk:<id>`), occupation
//! (`oc:<id>`) and ISCO group (`isco4:`, `isco3:`, `isco2:`) of its features. For a vacancy,
//! each term gets a boost; a candidate's retrieval score, the sum of the boosts of the terms
//! it carries, plus [`RetrievalPlan::base`], is never below its match score:
//!
//! - skills: requirement `r` earns the best credit over the person's concepts; each concept
//!   related to `r` is a term boosted by that credit (before confidence, which is ≤ 1), so
//!   the terms a person carries sum to at least the best one. Credits left out as terms
//!   (label-only requirements, large sibling sets) go into `base` at their maximum.
//! - occupation: credits are nested (same ⊂ unit ⊂ minor ⊂ sub-major group), so boosting
//!   the four terms by the differences of consecutive credits sums to exactly the best
//!   credit; experience and confidence factors are ≤ 1.
//! - language, permission, distance, availability: at most 1 each, in `base`.
//!
//! The index only applies filters the score also treats as exclusions (work type, consent
//! when asked, the reach, required language floors no course reaches, ad-hoc filters).

use chrono::NaiveDate;

use crate::domain::{CefrLevel, Coordinates, DrivingLicence, WorkType};
use crate::taxonomy::{IscoCode, OccupationId, SkillId};

use super::features::CandidateFeatures;
use super::prepare::PreparedVacancy;
use super::score::{MatchQuery, availability_component, distance_component};
use super::settings::ScoringSettings;

/// Commute bands (km) a candidate document is tagged with: the smallest band at least the
/// person's commute.
pub const COMMUTE_BANDS: [u32; 11] = [10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 300];

/// A circle the candidate must live in, for candidates carrying one of `tags` (empty: all).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub tags: Vec<String>,
    pub center: Coordinates,
    pub radius_km: f64,
}

/// What the index does for a vacancy: filters, ordering terms and the base of the bound.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrievalPlan {
    /// Every hit carries each of these tags.
    pub must_tags: Vec<String>,
    /// Every hit carries at least one of these (empty: no condition).
    pub any_tags: Vec<String>,
    /// Every hit lies in one of these areas (empty: no condition).
    pub areas: Vec<Area>,
    /// Hits are available on this day at the latest (days since 1970-01-01).
    pub max_date_days: Option<i64>,
    /// Concept terms and their boosts.
    pub boosts: Vec<(String, f32)>,
    /// Added to the sum of boosts to bound the match score from above.
    pub base: f64,
    /// What each term's boost is made of: a tighter bound takes, per requirement, only the
    /// best share of the terms a candidate carries (the score takes the best credit).
    pub shares: Vec<TermShare>,
}

/// A term's boost by purpose: `(requirement, share)` for each skill requirement it serves,
/// and its occupation step. The boost is the sum of all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct TermShare {
    pub token: String,
    pub requirements: Vec<(u16, f64)>,
    pub occupation: f64,
}

impl TermShare {
    /// The term's boost: all its shares together.
    pub fn boost(&self) -> f64 {
        self.requirements.iter().map(|(_, x)| x).sum::<f64>() + self.occupation
    }
}

pub fn skill_token(id: SkillId) -> String {
    format!("sk:{}", id.0)
}

pub fn occupation_token(id: OccupationId) -> String {
    format!("oc:{}", id.0)
}

/// The three ISCO group tokens of a code: unit, minor, sub-major.
pub fn isco_tokens(code: IscoCode) -> [String; 3] {
    [
        format!("isco4:{:04}", code.unit()),
        format!("isco3:{:03}", code.minor()),
        format!("isco2:{:02}", code.sub_major()),
    ]
}

/// The tag of a level a person reaches, course included (`can:de:B1`).
pub fn reach_tag(code: &str, level: CefrLevel) -> String {
    format!("can:{code}:{}", level.as_str())
}

/// The tag of a licence a person's licences cover (`dlc:B`).
pub fn licence_tag(l: DrivingLicence) -> String {
    format!("dlc:{l:?}")
}

/// The tag of a commute band (`band:25`).
pub fn band_tag(band: u32) -> String {
    format!("band:{band}")
}

/// The index in [`COMMUTE_BANDS`] of the band a commute falls in: the smallest band at
/// least the commute, else the largest.
pub fn commute_band(commute_km: f64) -> usize {
    COMMUTE_BANDS
        .iter()
        .position(|b| f64::from(*b) >= commute_km)
        .unwrap_or(COMMUTE_BANDS.len() - 1)
}

fn work_tag(w: WorkType) -> String {
    format!("wt:{}", w.as_str())
}

/// Days since 1970-01-01.
pub fn epoch_days(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

/// The concept tokens and tags a candidate's document carries for matching.
pub fn candidate_tokens(c: &CandidateFeatures) -> (Vec<String>, Vec<String>) {
    let mut concepts: Vec<String> = Vec::new();
    for s in &c.skills {
        concepts.extend(s.concepts.iter().map(|(id, _)| skill_token(*id)));
    }
    for o in &c.occupations {
        concepts.push(occupation_token(o.id));
        concepts.extend(isco_tokens(o.isco));
    }
    concepts.sort();
    concepts.dedup();
    let mut tags = Vec::new();
    if c.work_types.is_empty() {
        tags.push("wt:any".to_owned());
    }
    for l in &c.languages {
        let top = l.reachable();
        tags.extend(
            CefrLevel::ALL
                .into_iter()
                .filter(|x| *x <= top)
                .map(|x| reach_tag(l.code.as_str(), x)),
        );
    }
    for l in all_licences() {
        if c.covers(l) {
            tags.push(licence_tag(l));
        }
    }
    tags.push(band_tag(COMMUTE_BANDS[commute_band(c.commute_km)]));
    (concepts, tags)
}

/// Every kind of driving licence.
pub fn all_licences() -> [DrivingLicence; 17] {
    use DrivingLicence::*;
    [
        AM, A1, A2, A, B, B96, BE, C1, C1E, C, CE, D1, D1E, D, DE, L, T,
    ]
}

/// The retrieval plan of a prepared vacancy under a query.
pub fn retrieval_plan(s: &ScoringSettings, v: &PreparedVacancy, q: &MatchQuery) -> RetrievalPlan {
    let vf = &v.features;
    let f = &q.filters;
    let mut must_tags = Vec::new();
    if f.visible_only {
        must_tags.push("visible".to_owned());
    }
    for n in vf.languages.iter().filter(|n| n.required) {
        must_tags.push(reach_tag(n.code.as_str(), n.min_level));
    }
    for (code, level) in &f.languages {
        must_tags.push(format!("lang:{code}:{}", level.as_str()));
    }
    if let Some(l) = f.driving_licence {
        must_tags.push(licence_tag(l));
    }
    let areas = match f.max_distance_km {
        Some(m) => vec![Area {
            tags: Vec::new(),
            center: vf.at,
            radius_km: m,
        }],
        None => {
            let vr = s.distance.vacancy_radius_km;
            let (inner, outer): (Vec<u32>, Vec<u32>) =
                COMMUTE_BANDS.into_iter().partition(|b| f64::from(*b) <= vr);
            let mut areas = vec![Area {
                tags: inner.into_iter().map(band_tag).collect(),
                center: vf.at,
                radius_km: vr + q.extra_radius_km,
            }];
            areas.extend(outer.into_iter().map(|b| Area {
                tags: vec![band_tag(b)],
                center: vf.at,
                radius_km: f64::from(b) + q.extra_radius_km,
            }));
            areas
        }
    };
    let (boosts, base, shares) = bound_terms(s, v);
    RetrievalPlan {
        must_tags,
        any_tags: vec![work_tag(vf.work_type), "wt:any".to_owned()],
        areas,
        max_date_days: f.available_by.map(epoch_days),
        boosts,
        base,
        shares,
    }
}

/// What the distance and availability components of a candidate's score depend on, as
/// the features or the retrieval table (`app::table`) hold it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whereabouts {
    pub at: Coordinates,
    /// At least the person's longest commute (the table rounds it up to `f32`).
    pub commute_km: f64,
    /// Whether the person holds the vacancy's driving licence, or none is asked for.
    pub licensed: bool,
    pub available_from: Option<NaiveDate>,
}

impl Whereabouts {
    /// A candidate's whereabouts with respect to a vacancy.
    pub fn of(c: &CandidateFeatures, v: &PreparedVacancy) -> Self {
        Whereabouts {
            at: c.at,
            commute_km: c.commute_km,
            licensed: v.features.licence.is_none_or(|l| c.covers(l)),
            available_from: c.available_from,
        }
    }
}

/// The plan's `base` for one candidate: the distance and availability components computed
/// exactly instead of taken at their maximum. Still never below what the candidate's
/// language, permission, distance and availability add to the score, and far cheaper than
/// scoring: used to skip candidates that cannot reach the top k. Both components are
/// non-decreasing in the commute, so a commute rounded up keeps the bound admissible.
pub fn candidate_base(
    s: &ScoringSettings,
    v: &PreparedVacancy,
    w: &Whereabouts,
    q: &MatchQuery,
    base: f64,
) -> f64 {
    let weights = &s.weights;
    let total = weights.total();
    let distance = distance_component(s, w.at.distance_km(v.features.at), w.commute_km, w.licensed);
    let availability = availability_component(s, w.available_from, v.start_day(q.as_of));
    base - weights.distance / total * (1.0 - distance)
        - weights.availability / total * (1.0 - availability)
}

fn bound_terms(
    s: &ScoringSettings,
    v: &PreparedVacancy,
) -> (Vec<(String, f32)>, f64, Vec<TermShare>) {
    let w = &s.weights;
    let total = w.total();
    let (ws, wo) = (w.skills / total, w.occupation / total);
    let mut base = (w.language + w.permission + w.distance + w.availability) / total;
    let mut shares: Vec<TermShare> = Vec::new();
    if v.features.requirements.is_empty() {
        base += ws;
    } else {
        for &r in &v.label_only {
            base += ws * v.weights[usize::from(r)] * s.skills.label_credit;
        }
        for (r, o) in v.sibling_overflow.iter().enumerate() {
            base += ws * v.weights[r] * o;
        }
        let mut share = |token: String, list: &mut dyn Iterator<Item = &(u16, f32)>| {
            let requirements: Vec<(u16, f64)> = list
                .map(|(r, c)| (*r, ws * v.weights[usize::from(*r)] * f64::from(*c)))
                .collect();
            let share = TermShare {
                token,
                requirements,
                occupation: 0.0,
            };
            if share.boost() > 0.0 {
                shares.push(share);
            }
        };
        for (id, list) in &v.related {
            share(
                skill_token(SkillId(*id)),
                &mut list
                    .iter()
                    .filter(|(r, c)| !v.is_overflow_sibling(usize::from(*r), *c, s)),
            );
        }
        for (id, list) in &v.implied {
            share(occupation_token(OccupationId(*id)), &mut list.iter());
        }
    }
    match v.features.occupation {
        None => base += wo,
        Some(occ) => {
            let o = &s.occupation;
            let [u, m, sm] = isco_tokens(occ.isco);
            let steps = [
                (occupation_token(occ.id), o.same - o.same_isco_unit),
                (u, o.same_isco_unit - o.same_isco_minor),
                (m, o.same_isco_minor - o.same_isco_sub_major),
                (sm, o.same_isco_sub_major),
            ];
            for (token, c) in steps {
                shares.push(TermShare {
                    token,
                    requirements: Vec::new(),
                    occupation: wo * c,
                });
            }
        }
    }
    // One boost per term: a term may serve several purposes.
    let mut boosts: Vec<(String, f32)> = shares
        .iter()
        .map(|t| (t.token.clone(), t.boost() as f32))
        .collect();
    boosts.sort_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, f32)> = Vec::with_capacity(boosts.len());
    for (t, b) in boosts {
        match merged.last_mut() {
            Some(last) if last.0 == t => last.1 += b,
            _ => merged.push((t, b)),
        }
    }
    merged.retain(|(_, b)| *b > 0.0);
    (merged, base, shares)
}
