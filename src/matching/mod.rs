//! Matching (*Passung*): features of candidates and vacancies, the match score with its
//! explanation, exact ranking, and the bound that lets the index prune without losing a hit.
//! Pure: no I/O; the weights are data in `index-config/scoring.toml`.

mod bound;
mod features;
mod prepare;
mod score;
mod settings;

use std::cmp::Ordering;

pub use bound::{
    Area, COMMUTE_BANDS, RetrievalPlan, TermShare, Whereabouts, all_licences, band_tag,
    candidate_base, candidate_tokens, commute_band, epoch_days, licence_tag, retrieval_plan,
};
pub use features::{
    CandidateFeatures, LanguageFeature, LanguageNeed, OccupationFeature, RequirementFeature,
    Resolver, SkillFeature, VacancyFeatures, Weighted, candidate_features, skill_concepts,
    vacancy_features,
};
pub use prepare::PreparedVacancy;
pub use score::{
    Components, Exclusion, MatchFilters, MatchQuery, Scored, overall, reach_km, score,
    skill_credits,
};
pub use settings::ScoringSettings;

use crate::domain::EntityId;

/// A candidate (or vacancy) with its score, as ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub id: EntityId,
    pub scored: Scored,
}

/// The ranking order: score descending, then id ascending.
pub fn by_rank(a: &Ranked, b: &Ranked) -> Ordering {
    b.scored
        .score
        .total_cmp(&a.scored.score)
        .then_with(|| a.id.cmp(&b.id))
}

/// Keeps the best `k` of `items` in ranking order.
pub fn top_k(mut items: Vec<Ranked>, k: usize) -> Vec<Ranked> {
    if items.len() > k {
        items.select_nth_unstable_by(k, by_rank);
        items.truncate(k);
    }
    items.sort_by(by_rank);
    items
}

/// Scores every candidate and keeps the best `k`: the reference the index must equal.
pub fn rank_all<'a>(
    s: &ScoringSettings,
    v: &PreparedVacancy,
    candidates: impl IntoIterator<Item = &'a CandidateFeatures>,
    q: &MatchQuery,
    k: usize,
) -> Vec<Ranked> {
    let all = candidates
        .into_iter()
        .filter_map(|c| {
            score(s, v, c, q)
                .ok()
                .map(|scored| Ranked { id: c.id, scored })
        })
        .collect();
    top_k(all, k)
}

/// Labels of the requirements met (credit at least `matched_from`) and missing.
pub fn explain(
    s: &ScoringSettings,
    v: &VacancyFeatures,
    credits: &[f64],
) -> (Vec<String>, Vec<String>) {
    let (mut matched, mut missing) = (Vec::new(), Vec::new());
    for (r, c) in v.requirements.iter().zip(credits) {
        if *c >= s.skills.matched_from {
            matched.push(r.display.clone());
        } else {
            missing.push(r.display.clone());
        }
    }
    (matched, missing)
}
