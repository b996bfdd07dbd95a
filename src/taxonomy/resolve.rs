//! Mapping free labels in any language to ESCO concepts.

use super::index::{Entry, LabelIndex, LabelKind};
use super::normalize::normalize;
use super::{Lang2, OccupationId, SkillId, Taxonomy};

/// How a label was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Equal (after normalisation) to a preferred label.
    Exact,
    /// Equal to an alternative/hidden label or a curated synonym.
    Synonym,
    /// Within a small edit distance of some label.
    Fuzzy,
}

/// One concept a label resolved to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolution<Id> {
    /// The concept.
    pub id: Id,
    /// Confidence in (0, 1]: 1.0 for a preferred label, 0.9 for an alternative label or
    /// synonym (0.85 for ESCO hidden labels), at most 0.8 for typo-tolerant matches, scaled by
    /// similarity.
    pub confidence: f32,
    /// How it was matched.
    pub how: MatchKind,
    /// Language of the matched label.
    pub lang: Lang2,
}

/// At most this many resolutions are returned.
pub const MAX_RESOLUTIONS: usize = 10;

/// Confidence of a fuzzy match with similarity 1.0; fuzzy matches rank below synonyms.
const FUZZY_SCALE: f32 = 0.8;

/// Inputs longer than this (in bytes) are not labels and resolve to nothing.
const MAX_LABEL_BYTES: usize = 256;

impl Taxonomy {
    /// Resolves a free skill label in any language (German, English; typos tolerated) to ESCO
    /// skills, best first. Unknown labels give an empty list. Skill groups are never returned.
    pub fn resolve_skill(&self, label: &str) -> Vec<Resolution<SkillId>> {
        resolve(&self.skill_index, label, SkillId)
    }

    /// Resolves a free occupation label in any language (German, English, French; typos,
    /// `(m/w/d)` and gender suffixes tolerated) to ESCO occupations, best first. Unknown labels
    /// give an empty list.
    pub fn resolve_occupation(&self, label: &str) -> Vec<Resolution<OccupationId>> {
        resolve(&self.occupation_index, label, OccupationId)
    }
}

fn resolve<Id>(index: &LabelIndex, label: &str, wrap: fn(u32) -> Id) -> Vec<Resolution<Id>> {
    if label.len() > MAX_LABEL_BYTES {
        return Vec::new();
    }
    let norm = normalize(label);
    if norm.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u32, f32, MatchKind, Lang2)> = Vec::new();
    push_entries(&mut found, index.exact(&norm), 1.0);
    if found.is_empty() && label.contains('/') {
        // "Koch/Köchin", "Lager/Logistik": try each half.
        for part in label.split('/') {
            let norm = normalize(part);
            if norm.chars().count() >= 3 {
                push_entries(&mut found, index.exact(&norm), 0.95);
            }
        }
    }
    if found.is_empty() {
        for hit in index.fuzzy(&norm) {
            let confidence = FUZZY_SCALE * hit.similarity;
            for e in index.entries_of(hit.key) {
                found.push((e.id, confidence, MatchKind::Fuzzy, e.lang));
            }
        }
    }
    // Best first; one resolution per concept.
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut seen = Vec::new();
    found.retain(|r| {
        let new = !seen.contains(&r.0);
        seen.push(r.0);
        new
    });
    found
        .into_iter()
        .filter(|r| r.1 > 0.0)
        .take(MAX_RESOLUTIONS)
        .map(|(id, confidence, how, lang)| Resolution {
            id: wrap(id),
            confidence: confidence.min(1.0),
            how,
            lang,
        })
        .collect()
}

fn push_entries(found: &mut Vec<(u32, f32, MatchKind, Lang2)>, entries: &[Entry], scale: f32) {
    for e in entries {
        let how = match e.kind {
            LabelKind::Preferred => MatchKind::Exact,
            LabelKind::Alternative | LabelKind::Hidden => MatchKind::Synonym,
        };
        found.push((e.id, e.kind.confidence() * scale, how, e.lang));
    }
}
