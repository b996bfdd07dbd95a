//! Retrieval plus exact scoring: retrieval narrows and orders by an admissible bound, every
//! candidate that could still reach the top k is scored exactly, so the result equals the
//! top k of scoring every record (see `matching::bound` for the argument). Candidates are
//! retrieved from the in-memory table (`app::table`), vacancies from the search index.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use crate::index::{FilterQuery, GeoArea, IndexError, IndexedEntity, SearchIndex};
use crate::matching::{
    CandidateFeatures, MatchQuery, PreparedVacancy, Ranked, RetrievalPlan, ScoringSettings,
    candidate_base, retrieval_plan, score, top_k,
};

use super::features::FeatureCache;
use super::table::{CandidateTable, Shares};

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
/// A round is scored by two runs at once, each taking every other candidate by falling
/// bound. The first candidate of a run whose bound (boost sum plus the plan's base) is
/// below the k-th score known ends the search, since every later one, in this round or
/// the next, has a bound no higher. Above it, a candidate is skipped when its distance and
/// availability, read from the table, keep it below the k-th score. The k-th best score of
/// either run is never above the k-th best of both, so each run prunes by the higher of
/// the two.
pub fn candidates_for(
    cache: &FeatureCache,
    s: &ScoringSettings,
    v: &PreparedVacancy,
    q: &MatchQuery,
    k: usize,
) -> Ranking {
    let mut plan = retrieval_plan(s, v, q);
    let base = plan.base;
    let terms = std::mem::take(&mut plan.shares);
    let fq = filter_query(IndexedEntity::Candidate, plan);
    cache.with_table(|table| {
        let cx = Context {
            shares: table.shares(&terms),
            table,
            s,
            v,
            q,
            base,
            k,
            floor: AtomicU64::new(0),
        };
        let mut rest = table.passing(&fq);
        let considered = rest.len();
        let mut runs = [Run::default(), Run::default()];
        let mut fetch = (k.saturating_mul(FETCH_FACTOR)).max(MIN_FETCH);
        let mut from = 0;
        let by_bound = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0);
        while from < rest.len() && k > 0 && !runs.iter().any(|r| r.ended) {
            let round = &mut rest[from..];
            let take = fetch.min(round.len());
            if take < round.len() {
                round.select_nth_unstable_by(take, by_bound);
            }
            round[..take].sort_unstable_by(by_bound);
            let round = &round[..take];
            let [one, other] = &mut runs;
            rayon::join(
                || one.score(&cx, round.iter().step_by(2)),
                || other.score(&cx, round.iter().skip(1).step_by(2)),
            );
            from += take;
            fetch = fetch.saturating_mul(4);
        }
        let [one, other] = runs;
        let mut hits = one.best;
        hits.extend(other.best);
        Ranking {
            hits: top_k(hits, k),
            considered,
        }
    })
}

/// What the runs of a candidate search share.
struct Context<'a> {
    table: &'a CandidateTable,
    s: &'a ScoringSettings,
    v: &'a PreparedVacancy,
    q: &'a MatchQuery,
    base: f64,
    k: usize,
    shares: Shares,
    /// The highest k-th best score of a run, as the bits of the `f64` (for scores, which
    /// are never negative, the bits order as the values do); 0 while no run has k.
    floor: AtomicU64,
}

impl Context<'_> {
    fn floor(&self) -> f64 {
        f64::from_bits(self.floor.load(AtomicOrdering::Relaxed))
    }
}

/// One of the runs scoring a search: its best candidates and its k best scores.
#[derive(Default)]
struct Run {
    best: Vec<Ranked>,
    /// The run's k best scores, least on top.
    kept: BinaryHeap<Reverse<Score>>,
    /// A bound fell below the floor: no later candidate can reach the top k.
    ended: bool,
    /// Scratch space of the share bound.
    best_shares: Vec<f64>,
}

impl Run {
    /// Scores candidates given by falling bound, until one's bound is below the floor.
    fn score<'a>(&mut self, cx: &Context<'_>, candidates: impl Iterator<Item = &'a (f32, u32)>) {
        let Context { s, v, q, k, .. } = *cx;
        for &(boost, slot) in candidates {
            let bound = f64::from(boost) + BOUND_SLACK;
            let floor = cx.floor();
            if floor > 0.0 {
                if bound + cx.base < floor {
                    self.ended = true;
                    return;
                }
                let w = cx.table.whereabouts(slot, v.features.licence);
                let rest = candidate_base(s, v, &w, q, cx.base) + BOUND_SLACK;
                if f64::from(boost) + rest < floor
                    || cx
                        .table
                        .share_bound(slot, &cx.shares, &mut self.best_shares)
                        + rest
                        < floor
                {
                    continue;
                }
            }
            let c = cx.table.features(slot);
            let Ok(scored) = score(s, v, c, q) else {
                continue;
            };
            self.kept.push(Reverse(Score(scored.score)));
            if self.kept.len() > k {
                self.kept.pop();
            }
            if self.kept.len() == k
                && let Some(Reverse(Score(kth))) = self.kept.peek()
            {
                cx.floor
                    .fetch_max(kth.max(0.0).to_bits(), AtomicOrdering::Relaxed);
            }
            self.best.push(Ranked { id: c.id, scored });
            if self.best.len() >= 4 * k {
                self.best = top_k(std::mem::take(&mut self.best), k);
            }
        }
    }
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
