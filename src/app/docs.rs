//! From stored records to index documents: what of a candidate or vacancy is searchable.
//! Names, contact data, notes and residence documents never enter the index.

use std::sync::Arc;

use chrono::NaiveDate;

use rayon::prelude::*;

use super::features::{CandidateRow, DerivedCandidate, FeatureCache};
use crate::domain::EntityId;
use crate::matching::{CandidateFeatures, PreparedVacancy, candidate_tokens};

use crate::domain::{Candidate, CefrLevel, Vacancy};
use crate::index::{DocSource, IndexDoc, IndexedEntity};
use crate::store::{Entity, StoredRecord};

/// Builds index documents from the stored JSON, and keeps the match features of each
/// record in the feature cache.
#[derive(Default, Clone)]
pub struct RecordDocs {
    pub cache: Arc<FeatureCache>,
}

/// Default reach when a candidate gives no maximum commute, in km.
pub const DEFAULT_COMMUTE_KM: f64 = 25.0;

pub(crate) fn days(d: Option<NaiveDate>) -> i64 {
    d.map_or(0, |d| (d - NaiveDate::default()).num_days())
}

/// The language code under which a record's labels are indexed: the analyzer of the language
/// detected in all of them together when detection is confident, else `simple`. One
/// detection per record: labels alone are too short to tell.
fn text_lang<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut joined = String::new();
    for t in texts {
        if joined.len() > 400 {
            break;
        }
        joined.push_str(t);
        joined.push_str(". ");
    }
    match whatlang::detect(&joined) {
        Some(info) if info.is_reliable() => match info.lang() {
            whatlang::Lang::Deu => "de",
            whatlang::Lang::Eng => "en",
            whatlang::Lang::Fra => "fr",
            whatlang::Lang::Ara => "ar",
            whatlang::Lang::Rus => "ru",
            whatlang::Lang::Tur => "tr",
            _ => "simple",
        },
        _ => "simple",
    }
    .to_owned()
}

/// Puts every label under the language detected for all of them.
fn tag_language(labels: Vec<String>) -> Vec<(String, String)> {
    let lang = text_lang(labels.iter().map(String::as_str));
    labels.into_iter().map(|l| (lang.clone(), l)).collect()
}

/// Tokens of the language levels a person has: `lang:de:A1` … up to their level, so that a
/// floor `lang:de:B1` is a single term.
pub fn language_tags(code: &str, level: CefrLevel) -> impl Iterator<Item = String> + '_ {
    CefrLevel::ALL
        .into_iter()
        .filter(move |l| *l <= level)
        .map(move |l| format!("lang:{code}:{}", l.as_str()))
}

/// The concept tokens and filter tags of a candidate's document, and where among the
/// concepts the tokens of the match features (`matching::candidate_tokens`) begin.
pub(crate) fn candidate_terms(
    c: &Candidate,
    features: &crate::matching::CandidateFeatures,
) -> (Vec<String>, Vec<String>, usize) {
    let mut concepts = Vec::new();
    for s in &c.skills {
        if let Some(uri) = &s.esco {
            concepts.push(format!("skill:{}", uri.0.uuid()));
        }
    }
    for o in &c.occupations {
        if let Some(uri) = &o.esco {
            concepts.push(format!("occ:{}", uri.0.uuid()));
        }
    }
    let mut tags: Vec<String> = c
        .work_types
        .iter()
        .map(|w| format!("wt:{}", w.as_str()))
        .collect();
    for l in &c.languages {
        tags.extend(language_tags(l.code.as_str(), l.level));
    }
    for d in &c.driving_licences {
        tags.push(format!("dl:{d:?}"));
    }
    if c.consent_employer_visibility {
        tags.push("visible".into());
    }
    let (match_concepts, match_tags) = candidate_tokens(features);
    let from = concepts.len();
    concepts.extend(match_concepts);
    tags.extend(match_tags);
    (concepts, tags, from)
}

pub(crate) fn candidate_doc(
    id: crate::domain::EntityId,
    c: &Candidate,
    features: &crate::matching::CandidateFeatures,
    (concepts, tags): (Vec<String>, Vec<String>),
) -> IndexDoc {
    let mut labels = Vec::new();
    for s in &c.skills {
        if let Some(l) = &s.label {
            labels.push(l.to_string());
        }
    }
    for o in &c.occupations {
        if let Some(l) = &o.label {
            labels.push(l.to_string());
        }
    }
    for q in &c.qualifications {
        labels.push(q.title.to_string());
    }
    let texts = tag_language(labels);
    IndexDoc {
        id,
        entity: IndexedEntity::Candidate,
        texts,
        concepts,
        tags,
        lat: features.at.lat,
        lon: features.at.lon,
        radius_km: c.max_commute_km.map_or(DEFAULT_COMMUTE_KM, f64::from),
        date_days: days(c.available_from),
    }
}

pub(crate) fn vacancy_doc(
    id: crate::domain::EntityId,
    v: &Vacancy,
    prepared: &crate::matching::PreparedVacancy,
) -> IndexDoc {
    let mut labels = vec![v.title.to_string()];
    if let Some(d) = &v.description {
        labels.push(d.to_string());
    }
    let mut concepts = Vec::new();
    if let Some(o) = &v.occupation {
        if let Some(uri) = &o.esco {
            concepts.push(format!("occ:{}", uri.0.uuid()));
        }
        if let Some(l) = &o.label {
            labels.push(l.to_string());
        }
    }
    for s in &v.skills {
        if let Some(uri) = &s.esco {
            concepts.push(format!("skill:{}", uri.0.uuid()));
        }
        if let Some(l) = &s.label {
            labels.push(l.to_string());
        }
    }
    if let Some(o) = prepared.features.occupation {
        concepts.push(format!("oc:{}", o.id.0));
    }
    let texts = tag_language(labels);
    let mut tags = vec![format!("wt:{}", v.work_type.as_str())];
    for l in &v.languages {
        if l.required {
            tags.push(format!("req:{}:{}", l.code, l.min_level.as_str()));
        }
    }
    let at = v.postcode.coordinates();
    IndexDoc {
        id,
        entity: IndexedEntity::Vacancy,
        texts,
        concepts,
        tags,
        lat: at.lat,
        lon: at.lon,
        radius_km: DEFAULT_COMMUTE_KM,
        date_days: days(v.start_date),
    }
}

/// What a stored record yields: its document and what the feature cache keeps of it.
enum Derived {
    /// The document, the features, and where the match features' tokens begin among the
    /// document's concepts.
    Candidate(IndexDoc, Arc<CandidateFeatures>, usize),
    Vacancy(IndexDoc, Arc<PreparedVacancy>),
    Unreadable(EntityId),
}

fn derive(entity: Entity, record: &StoredRecord) -> Option<Derived> {
    let parsed = match entity {
        Entity::Candidate => serde_json::from_str::<Candidate>(&record.doc).map(|c| {
            let DerivedCandidate {
                features,
                concepts,
                tags,
                from,
                ..
            } = FeatureCache::derive_candidate(record.id, &c);
            let doc = candidate_doc(record.id, &c, &features, (concepts, tags));
            Derived::Candidate(doc, features, from)
        }),
        Entity::Vacancy => serde_json::from_str::<Vacancy>(&record.doc).map(|v| {
            let p = FeatureCache::derive_vacancy(record.id, &v);
            Derived::Vacancy(vacancy_doc(record.id, &v, &p), p)
        }),
        Entity::Employer | Entity::Placement => return None,
    };
    Some(parsed.unwrap_or_else(|e| {
        tracing::error!(record.id = %record.id, error.category = ?e.classify(), error.line = e.line(), error.column = e.column(), "stored record does not parse; not indexed");
        Derived::Unreadable(record.id)
    }))
}

impl DocSource for RecordDocs {
    fn documents(
        &self,
        entity: Entity,
        records: &[StoredRecord],
        gone: &[EntityId],
    ) -> Vec<IndexDoc> {
        // Derived on every core, holding no lock; published on this thread.
        let derived: Vec<Derived> = records
            .par_iter()
            .filter_map(|r| derive(entity, r))
            .collect();
        let mut gone = gone.to_vec();
        let (mut candidates, mut vacancies) = (Vec::new(), Vec::new());
        for d in &derived {
            match d {
                Derived::Candidate(doc, features, from) => candidates.push(CandidateRow {
                    features,
                    tags: &doc.tags,
                    concepts: &doc.concepts[*from..],
                    date_days: doc.date_days,
                }),
                Derived::Vacancy(_, v) => vacancies.push(v.clone()),
                Derived::Unreadable(id) => gone.push(*id),
            }
        }
        self.cache.publish(&gone, &candidates, &vacancies);
        derived
            .into_iter()
            .filter_map(|d| match d {
                Derived::Candidate(doc, ..) | Derived::Vacancy(doc, _) => Some(doc),
                Derived::Unreadable(_) => None,
            })
            .collect()
    }

    fn forget_all(&self) {
        self.cache.clear();
    }
}
