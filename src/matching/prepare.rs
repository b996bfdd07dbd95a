//! A vacancy prepared for scoring many candidates: each requirement's neighbourhood in the
//! ESCO hierarchy expanded once into lookup tables, so scoring a candidate is a handful of
//! table lookups.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;

use crate::taxonomy::{OccupationId, Relation, SkillId, Taxonomy};

use super::features::VacancyFeatures;
use super::settings::ScoringSettings;

/// A fast hasher for dense `u32` concept ids (not for untrusted keys of unbounded range).
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by concept id.
pub type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// Credits of one concept towards requirements: (requirement index, credit).
pub type Credits = Vec<(u16, f32)>;

/// A vacancy ready to score candidates against.
#[derive(Debug, Clone)]
pub struct PreparedVacancy {
    pub features: VacancyFeatures,
    /// Normalised weight of each requirement (summing to 1).
    pub weights: Vec<f64>,
    /// Skill concept → credits towards requirements (confidence of the requirement included).
    pub related: IdMap<Credits>,
    /// Occupation → credits towards requirements it lists as essential.
    pub implied: IdMap<Credits>,
    /// Per requirement: the largest sibling credit left out of `related` because the sibling
    /// set was too large to use as retrieval terms. Scoring still gives sibling credit.
    pub sibling_overflow: Vec<f64>,
    /// Requirements without any concept: compared by label similarity.
    pub label_only: Vec<u16>,
}

fn relation_credit(s: &ScoringSettings, r: Relation) -> f64 {
    let k = &s.skills;
    match r {
        Relation::Same => 1.0,
        Relation::Broader { steps: 1 } => k.broader_one_step,
        Relation::Broader { .. } => k.broader_two_steps,
        Relation::Narrower { steps: 1 } => k.narrower_one_step,
        Relation::Narrower { .. } => k.narrower_two_steps,
        Relation::Sibling => k.sibling,
        Relation::None => 0.0,
    }
}

fn add(map: &mut IdMap<Credits>, key: u32, req: u16, credit: f32) {
    if credit <= 0.0 {
        return;
    }
    let list = map.entry(key).or_default();
    match list.iter_mut().find(|(r, _)| *r == req) {
        Some(e) => e.1 = e.1.max(credit),
        None => list.push((req, credit)),
    }
}

/// Every concept related to `a` (same, broader or narrower up to two steps, siblings), with
/// siblings apart; `Taxonomy::skill_relation` decides the relation of each.
fn neighbourhood(tax: &Taxonomy, a: SkillId) -> (Vec<SkillId>, Vec<SkillId>) {
    let mut near = vec![a];
    let up = tax.broader_skills(a);
    for &p in up {
        near.push(p);
        near.extend_from_slice(tax.broader_skills(p));
    }
    for &d in tax.narrower_skills(a) {
        near.push(d);
        near.extend_from_slice(tax.narrower_skills(d));
    }
    let mut siblings = Vec::new();
    for &p in up {
        siblings.extend_from_slice(tax.narrower_skills(p));
    }
    near.sort();
    near.dedup();
    siblings.sort();
    siblings.dedup();
    siblings.retain(|b| near.binary_search(b).is_err());
    (near, siblings)
}

fn requirement_weights(s: &ScoringSettings, v: &VacancyFeatures) -> Vec<f64> {
    let raw: Vec<f64> = v
        .requirements
        .iter()
        .map(|r| {
            if r.required {
                s.skills.essential
            } else {
                s.skills.nice_to_have
            }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter()
        .map(|w| w / total.max(f64::MIN_POSITIVE))
        .collect()
}

impl PreparedVacancy {
    /// Expands the requirements of a vacancy.
    pub fn new(tax: &Taxonomy, s: &ScoringSettings, features: VacancyFeatures) -> PreparedVacancy {
        let weights = requirement_weights(s, &features);
        let mut related = IdMap::default();
        let mut implied = IdMap::default();
        let mut sibling_overflow = vec![0.0; features.requirements.len()];
        let mut label_only = Vec::new();
        for (i, req) in features.requirements.iter().enumerate() {
            let ri = i as u16;
            if req.concepts.is_empty() {
                label_only.push(ri);
            }
            for &(a, conf) in &req.concepts {
                let (near, siblings) = neighbourhood(tax, a);
                for b in near.into_iter().chain(siblings.iter().copied()) {
                    let c = relation_credit(s, tax.skill_relation(a, b)) * f64::from(conf);
                    add(&mut related, b.0, ri, c as f32);
                }
                if siblings.len() > s.skills.max_sibling_terms {
                    sibling_overflow[i] = s.skills.sibling;
                }
                for &o in tax.occupations_requiring(a) {
                    let c = s.skills.implied_by_occupation * f64::from(conf);
                    add(&mut implied, o.0, ri, c as f32);
                }
            }
        }
        PreparedVacancy {
            features,
            weights,
            related,
            implied,
            sibling_overflow,
            label_only,
        }
    }

    /// Recomputes the requirement weights after a requirement became required or not.
    pub fn reweigh(&mut self, s: &ScoringSettings) {
        self.weights = requirement_weights(s, &self.features);
    }

    /// The day the work starts for scoring: the start date, or `as_of` if none or earlier.
    pub fn start_day(&self, as_of: NaiveDate) -> NaiveDate {
        self.features.start.map_or(as_of, |d| d.max(as_of))
    }

    /// Whether a related concept is a sibling only (a retrieval term only when the sibling
    /// set of its requirement was small).
    pub(crate) fn is_overflow_sibling(&self, req: usize, credit: f32, s: &ScoringSettings) -> bool {
        self.sibling_overflow.get(req).is_some_and(|o| *o > 0.0)
            && f64::from(credit) <= s.skills.sibling + 1e-6
    }

    /// Occupation for the occupation component.
    pub fn occupation(&self) -> Option<OccupationId> {
        self.features.occupation.map(|o| o.id)
    }
}
