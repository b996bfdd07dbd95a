//! Retrieval plus exact scoring: the index narrows and orders by an admissible bound, every
//! candidate that could still reach the top k is scored exactly, so the result equals the
//! top k of scoring every record (see `matching::bound` for the argument).

use std::collections::HashSet;

use crate::domain::EntityId;
use crate::index::{FilterQuery, GeoArea, IndexError, IndexedEntity, SearchIndex};
use crate::matching::{
    CandidateFeatures, MatchQuery, PreparedVacancy, Ranked, RetrievalPlan, ScoringSettings,
    retrieval_plan, score, top_k,
};

use super::features::FeatureCache;

/// Slack added to the bound against rounding (f32 sums in the index, six-decimal scores).
const BOUND_SLACK: f64 = 1e-4;
/// Hits fetched in the first round, per requested hit (at least `MIN_FETCH`).
const FETCH_FACTOR: usize = 8;
const MIN_FETCH: usize = 256;

/// The ranked hits and how many records passed the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub hits: Vec<Ranked>,
    pub considered: usize,
}

fn filter_query(entity: IndexedEntity, plan: RetrievalPlan) -> FilterQuery {
    FilterQuery {
        entity,
        must_tags: plan.must_tags,
        any_tags: plan.any_tags,
        areas: plan
            .areas
            .into_iter()
            .map(|a| GeoArea {
                tags: a.tags,
                lat: a.center.lat,
                lon: a.center.lon,
                radius_km: a.radius_km,
            })
            .collect(),
        max_date_days: plan.max_date_days,
        boosts: plan.boosts,
    }
}

/// The best `k` candidates for a vacancy.
pub fn candidates_for(
    index: &SearchIndex,
    cache: &FeatureCache,
    s: &ScoringSettings,
    v: &PreparedVacancy,
    q: &MatchQuery,
    k: usize,
) -> Result<Ranking, IndexError> {
    let plan = retrieval_plan(s, v, q);
    let base = plan.base;
    let fq = filter_query(IndexedEntity::Candidate, plan);
    let mut seen: HashSet<EntityId> = HashSet::new();
    let mut best: Vec<Ranked> = Vec::new();
    let mut fetch = (k.saturating_mul(FETCH_FACTOR)).max(MIN_FETCH);
    loop {
        let got = index.retrieve(&fq, fetch)?;
        let fresh: Vec<EntityId> = got
            .hits
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| seen.insert(*id))
            .collect();
        for c in cache.candidates(&fresh) {
            if let Ok(scored) = score(s, v, &c, q) {
                best.push(Ranked { id: c.id, scored });
            }
        }
        best = top_k(best, k);
        let exhausted = got.hits.len() < fetch;
        let bound = got.hits.last().map_or(0.0, |(_, b)| f64::from(*b)) + base + BOUND_SLACK;
        let settled = best.len() >= k && best.last().is_some_and(|r| bound < r.scored.score);
        if exhausted || settled {
            return Ok(Ranking {
                hits: best,
                considered: got.total,
            });
        }
        fetch = fetch.saturating_mul(4);
    }
}

/// Every candidate passing the filters of a vacancy, scored (what-if counts).
pub fn all_candidates_for(
    index: &SearchIndex,
    cache: &FeatureCache,
    s: &ScoringSettings,
    v: &PreparedVacancy,
    q: &MatchQuery,
) -> Result<Vec<Ranked>, IndexError> {
    let fq = filter_query(IndexedEntity::Candidate, retrieval_plan(s, v, q));
    let ids = index.retrieve_all(&fq)?;
    Ok(cache
        .candidates(&ids)
        .iter()
        .filter_map(|c| {
            score(s, v, c, q)
                .ok()
                .map(|scored| Ranked { id: c.id, scored })
        })
        .collect())
}

/// The best `k` vacancies for a candidate: vacancies are few, every one passing the
/// filters (work type, reach) is scored.
pub fn vacancies_for(
    index: &SearchIndex,
    cache: &FeatureCache,
    s: &ScoringSettings,
    c: &CandidateFeatures,
    q: &MatchQuery,
    k: usize,
) -> Result<Ranking, IndexError> {
    let fq = FilterQuery {
        entity: IndexedEntity::Vacancy,
        must_tags: Vec::new(),
        any_tags: c
            .work_types
            .iter()
            .map(|w| format!("wt:{}", w.as_str()))
            .collect(),
        areas: vec![GeoArea {
            tags: Vec::new(),
            lat: c.at.lat,
            lon: c.at.lon,
            radius_km: c.commute_km.max(s.distance.vacancy_radius_km) + q.extra_radius_km,
        }],
        max_date_days: None,
        boosts: Vec::new(),
    };
    let ids = index.retrieve_all(&fq)?;
    let hits = cache
        .vacancies(&ids)
        .iter()
        .filter_map(|v| {
            let id = v.features.id?;
            score(s, v, c, q).ok().map(|scored| Ranked { id, scored })
        })
        .collect();
    Ok(Ranking {
        hits: top_k(hits, k),
        considered: ids.len(),
    })
}
