//! Retrieval plus exact scoring: retrieval narrows and orders by an admissible bound, every
//! candidate that could still reach the top k is scored exactly, so the result equals the
//! top k of scoring every record (see `matching::bound` for the argument). Candidates are
//! retrieved from the in-memory table (`app::table`), vacancies from the search index.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::index::{FilterQuery, GeoArea, IndexError, IndexedEntity, SearchIndex};
use crate::matching::{
    CandidateFeatures, MatchQuery, PreparedVacancy, Ranked, RetrievalPlan, ScoringSettings,
    candidate_base, licence_tag, retrieval_plan, score, top_k,
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
///
/// Within a round, candidates go by falling bound: the first whose bound (boost sum plus
/// the plan's base) is below the k-th score so far ends the search, since every later one,
/// in this round or the next, has a bound no higher. Above it, a candidate is skipped when
/// its distance and availability, read from the table, keep it below the k-th score.
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
        let licence = table.tag_need(v.features.licence.map(licence_tag).as_deref());
        let mut rest = table.passing(&fq);
        let considered = rest.len();
        let mut best: Vec<Ranked> = Vec::new();
        // The k best scores so far, least on top; the k-th best once there are k.
        let mut kept: BinaryHeap<Reverse<Score>> = BinaryHeap::with_capacity(k + 1);
        let mut floor: Option<f64> = None;
        let mut fetch = (k.saturating_mul(FETCH_FACTOR)).max(MIN_FETCH);
        let mut from = 0;
        let by_bound = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0);
        'rounds: while from < rest.len() && k > 0 {
            let round = &mut rest[from..];
            let take = fetch.min(round.len());
            if take < round.len() {
                round.select_nth_unstable_by(take, by_bound);
            }
            round[..take].sort_unstable_by(by_bound);
            for &(boost, slot) in &round[..take] {
                let bound = f64::from(boost) + BOUND_SLACK;
                if let Some(f) = floor {
                    if bound + base < f {
                        break 'rounds;
                    }
                    let w = table.whereabouts(slot, licence);
                    if bound + candidate_base(s, v, &w, q, base) < f {
                        continue;
                    }
                }
                let c = table.features(slot);
                if let Ok(scored) = score(s, v, c, q) {
                    kept.push(Reverse(Score(scored.score)));
                    if kept.len() > k {
                        kept.pop();
                    }
                    if kept.len() == k {
                        floor = kept.peek().map(|r| r.0.0);
                    }
                    best.push(Ranked { id: c.id, scored });
                    if best.len() >= 4 * k {
                        best = top_k(best, k);
                    }
                }
            }
            from += take;
            fetch = fetch.saturating_mul(4);
        }
        Ranking {
            hits: top_k(best, k),
            considered,
        }
    })
}

/// A score, ordered (scores are finite).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
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
