//! Retrieval plus exact scoring: retrieval narrows and orders by an admissible bound, every
//! candidate that could still reach the top k is scored exactly, so the result equals the
//! top k of scoring every record (see `matching::bound` for the argument). Candidates are
//! retrieved from the in-memory table (`app::table`), vacancies from the search index.

use crate::index::{FilterQuery, GeoArea, IndexError, IndexedEntity, SearchIndex};
use crate::matching::{
    CandidateFeatures, MatchQuery, PreparedVacancy, Ranked, RetrievalPlan, ScoringSettings,
    candidate_base, retrieval_plan, score, top_k,
};

use super::features::FeatureCache;

/// Slack added to the bound against rounding (f32 sums in the index, six-decimal scores).
const BOUND_SLACK: f64 = 1e-4;
/// Candidates scored in the first round, per requested hit (at least `MIN_FETCH`).
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

/// The retrieval request of a candidate search for a vacancy: what the index or the
/// retrieval table evaluates.
pub fn candidate_filter(s: &ScoringSettings, v: &PreparedVacancy, q: &MatchQuery) -> FilterQuery {
    filter_query(IndexedEntity::Candidate, retrieval_plan(s, v, q))
}

/// The best `k` candidates for a vacancy: the candidates passing the filters in the
/// retrieval table, taken in rounds by falling bound and scored, until the next bound is
/// below the k-th score.
pub fn candidates_for(
    cache: &FeatureCache,
    s: &ScoringSettings,
    v: &PreparedVacancy,
    q: &MatchQuery,
    k: usize,
) -> Ranking {
    let plan = retrieval_plan(s, v, q);
    let base = plan.base;
    let fq = filter_query(IndexedEntity::Candidate, plan);
    cache.with_table(|table| {
        let mut rest = table.passing(&fq);
        let considered = rest.len();
        let mut best: Vec<Ranked> = Vec::new();
        // The k-th best score so far, once there are k.
        let mut floor: Option<f64> = None;
        let mut fetch = (k.saturating_mul(FETCH_FACTOR)).max(MIN_FETCH);
        let mut from = 0;
        while from < rest.len() {
            let round = &mut rest[from..];
            let take = fetch.min(round.len());
            if take < round.len() {
                round.select_nth_unstable_by(take, |a, b| b.0.total_cmp(&a.0));
            }
            for &(boost, slot) in &round[..take] {
                let c = table.features(slot);
                if floor.is_some_and(|f| {
                    f64::from(boost) + candidate_base(s, v, c, q, base) + BOUND_SLACK < f
                }) {
                    continue;
                }
                if let Ok(scored) = score(s, v, c, q) {
                    best.push(Ranked { id: c.id, scored });
                    if best.len() >= 2 * k.max(1) {
                        best = top_k(best, k);
                        floor = kth_score(&best, k);
                    }
                }
            }
            best = top_k(best, k);
            floor = kth_score(&best, k);
            from += take;
            // After the selection the next entry holds the largest bound not yet scored.
            let Some(&(next, _)) = rest.get(from) else {
                break;
            };
            let bound = f64::from(next) + base + BOUND_SLACK;
            if floor.is_some_and(|f| bound < f) {
                break;
            }
            fetch = fetch.saturating_mul(4);
        }
        Ranking {
            hits: best,
            considered,
        }
    })
}

/// The score of the k-th hit of a ranked list holding at least k (`k` ≥ 1).
fn kth_score(ranked: &[Ranked], k: usize) -> Option<f64> {
    k.checked_sub(1)
        .and_then(|i| ranked.get(i))
        .map(|r| r.scored.score)
}

/// Every candidate passing the filters of a vacancy, scored (what-if counts).
pub fn all_candidates_for(
    cache: &FeatureCache,
    s: &ScoringSettings,
    v: &PreparedVacancy,
    q: &MatchQuery,
) -> Vec<Ranked> {
    let fq = candidate_filter(s, v, q);
    cache.with_table(|table| {
        table
            .passing(&fq)
            .into_iter()
            .filter_map(|(_, slot)| {
                let c = table.features(slot);
                score(s, v, c, q)
                    .ok()
                    .map(|scored| Ranked { id: c.id, scored })
            })
            .collect()
    })
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
