//! Relatedness of two skills or two occupations, for partial credit in scoring.
//!
//! Both checks only look at a handful of ids (broader lists have at most nine entries), so they
//! are cheap enough for the matcher's inner loops.

use super::{OccupationId, SkillId, Taxonomy};

/// How skill `b` relates to skill `a` in the ESCO skill hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The same concept.
    Same,
    /// `b` is broader than `a`, `steps` (1 or 2) levels up.
    Broader {
        /// Levels between the two (1 or 2).
        steps: u8,
    },
    /// `b` is narrower than `a`, `steps` (1 or 2) levels down.
    Narrower {
        /// Levels between the two (1 or 2).
        steps: u8,
    },
    /// `a` and `b` share a direct broader concept (skill or skill group).
    Sibling,
    /// None of the above.
    None,
}

/// How occupation `b` relates to occupation `a` through their ISCO-08 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OccupationRelation {
    /// The same occupation.
    Same,
    /// Same ISCO-08 unit group (4 digits).
    SameIscoUnit,
    /// Same ISCO-08 minor group (3 digits).
    SameIscoMinor,
    /// Same ISCO-08 sub-major group (2 digits).
    SameIscoSubMajor,
    /// Not related by ISCO below the major group.
    None,
}

impl Taxonomy {
    /// How skill `b` relates to skill `a`: same, broader/narrower (one or two steps), sibling
    /// (shared direct broader concept) or none. Out-of-range ids are unrelated to anything but
    /// themselves.
    pub fn skill_relation(&self, a: SkillId, b: SkillId) -> Relation {
        if a == b {
            return Relation::Same;
        }
        let (up_a, up_b) = (self.broader_skills(a), self.broader_skills(b));
        if up_a.contains(&b) {
            return Relation::Broader { steps: 1 };
        }
        if up_b.contains(&a) {
            return Relation::Narrower { steps: 1 };
        }
        if up_a.iter().any(|&p| self.broader_skills(p).contains(&b)) {
            return Relation::Broader { steps: 2 };
        }
        if up_b.iter().any(|&p| self.broader_skills(p).contains(&a)) {
            return Relation::Narrower { steps: 2 };
        }
        if up_a.iter().any(|p| up_b.contains(p)) {
            return Relation::Sibling;
        }
        Relation::None
    }

    /// How occupation `b` relates to occupation `a` by ISCO-08 group.
    pub fn occupation_relation(&self, a: OccupationId, b: OccupationId) -> OccupationRelation {
        if a == b {
            return OccupationRelation::Same;
        }
        let (Some(ra), Some(rb)) = (
            self.occupations.get(a.0 as usize),
            self.occupations.get(b.0 as usize),
        ) else {
            return OccupationRelation::None;
        };
        let (x, y) = (ra.isco, rb.isco);
        if x.unit() == y.unit() {
            OccupationRelation::SameIscoUnit
        } else if x.minor() == y.minor() {
            OccupationRelation::SameIscoMinor
        } else if x.sub_major() == y.sub_major() {
            OccupationRelation::SameIscoSubMajor
        } else {
            OccupationRelation::None
        }
    }
}
