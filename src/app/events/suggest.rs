//! Invitation suggestions: whom to invite for the registered vacancies.
//!
//! For each vacancy the candidates the one scorer ranks (legally eligible on the vacancy's
//! first working day, consented to be shown to employers, within the vacancy's reach) are
//! kept if the venue is within their `max_commute_km`, nobody said `no` and they have not
//! declined; preference bonuses are added; then [`crate::events::suggest::spread`] spreads
//! the picks over many people.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pairs::{preference_bonus, vacancy_features};
use super::{load_event, registrations_view};
use crate::app::App;
use crate::app::matching::all_candidates_for;
use crate::domain::EntityId;
use crate::domain::event::{Preference, RegistrationStatus};
use crate::error::AppError;
use crate::events::suggest::spread;
use crate::matching::{MatchQuery, ScoringSettings};
use crate::permission::Outcome;

/// Query of the suggestions.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// Suggestions per vacancy, 1–50 (default 10).
    pub per_vacancy: Option<usize>,
}

/// One suggested candidate for a vacancy.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Suggestion {
    pub candidate_id: EntityId,
    /// Set if the candidate is already registered for the event.
    pub participant_no: Option<u32>,
    pub registration_status: Option<RegistrationStatus>,
    /// Match score plus preference bonuses.
    pub score: f64,
    /// The score after the spread penalty when picked.
    pub spread_score: f64,
    /// Earlier vacancies (in this list) the candidate was suggested to.
    pub suggested_before: u32,
    pub verdict: Outcome,
    pub distance_to_venue_km: f64,
}

/// Suggestions for one vacancy.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VacancySuggestions {
    pub employer_id: EntityId,
    pub vacancy_id: EntityId,
    pub suggestions: Vec<Suggestion>,
}

/// Suggestions for every registered vacancy.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SuggestionList {
    pub event_id: EntityId,
    pub per_vacancy: usize,
    /// Different people among all suggestions.
    pub distinct_candidates: usize,
    pub vacancies: Vec<VacancySuggestions>,
}

struct Found {
    score: f64,
    verdict: Outcome,
    venue_km: f64,
}

impl App {
    /// Whom to invite, per registered vacancy, spread over many candidates.
    pub async fn event_suggestions(
        &self,
        id: EntityId,
        p: SuggestParams,
    ) -> Result<SuggestionList, AppError> {
        let per = p.per_vacancy.unwrap_or(10);
        if !(1..=50).contains(&per) {
            return Err(AppError::invalid(
                "per_vacancy",
                "out_of_range",
                "per_vacancy must be between 1 and 50",
            ));
        }
        let (store, events, cache) = (
            self.store.clone(),
            self.event_store(),
            self.features.clone(),
        );
        self.cpu
            .run(move || {
                let (_, event) = load_event(&*events, id)?;
                let regs = registrations_view(&events.registrations(id)?)?;
                let venue = event.venue_postcode.coordinates();
                let s = ScoringSettings::embedded();
                let mut q = MatchQuery::on(event.date);
                q.filters.visible_only = true;
                let registered: BTreeMap<EntityId, _> = regs
                    .candidates
                    .iter()
                    .map(|c| (c.candidate_id, (c.participant_no, c.registration.clone())))
                    .collect();
                let mut keys = Vec::new();
                let mut lists = Vec::new();
                let mut found: BTreeMap<(usize, EntityId), Found> = BTreeMap::new();
                for e in &regs.employers {
                    for &vid in &e.registration.vacancy_ids {
                        let Some(v) = vacancy_features(&*store, &cache, vid)? else {
                            continue;
                        };
                        let i = keys.len();
                        keys.push((e.employer_id, vid));
                        let mut list = Vec::new();
                        for r in all_candidates_for(&cache, s, &v, &q) {
                            let Some(c) = cache.candidate(r.id) else {
                                continue;
                            };
                            let venue_km = c.at.distance_km(venue);
                            let reg = registered.get(&r.id).map(|x| &x.1);
                            if venue_km > c.commute_km
                                || reg.is_some_and(|g| g.status == RegistrationStatus::Declined)
                            {
                                continue;
                            }
                            let mut prefs: Vec<Preference> = e
                                .registration
                                .preferences
                                .iter()
                                .filter(|p| p.candidate_id == r.id)
                                .map(|p| p.preference)
                                .collect();
                            if let Some(g) = reg {
                                prefs.extend(
                                    g.preferences
                                        .iter()
                                        .filter(|p| p.employer_id == e.employer_id)
                                        .map(|p| p.preference),
                                );
                            }
                            let Some(bonus) = preference_bonus(&prefs) else {
                                continue;
                            };
                            let score = r.scored.score + bonus;
                            list.push((r.id, score));
                            found.insert(
                                (i, r.id),
                                Found {
                                    score,
                                    verdict: r.scored.verdict.outcome,
                                    venue_km,
                                },
                            );
                        }
                        lists.push(list);
                    }
                }
                let picks = spread(&lists, per);
                let mut distinct = std::collections::BTreeSet::new();
                let vacancies = picks
                    .into_iter()
                    .enumerate()
                    .map(|(i, picks)| VacancySuggestions {
                        employer_id: keys[i].0,
                        vacancy_id: keys[i].1,
                        suggestions: picks
                            .into_iter()
                            .filter_map(|p| {
                                let f = found.get(&(i, p.id))?;
                                distinct.insert(p.id);
                                let reg = registered.get(&p.id);
                                Some(Suggestion {
                                    candidate_id: p.id,
                                    participant_no: reg.map(|r| r.0),
                                    registration_status: reg.map(|r| r.1.status),
                                    score: round(f.score),
                                    spread_score: round(p.spread_score),
                                    suggested_before: p.suggested_before,
                                    verdict: f.verdict,
                                    distance_to_venue_km: (f.venue_km * 10.0).round() / 10.0,
                                })
                            })
                            .collect(),
                    })
                    .collect();
                Ok(SuggestionList {
                    event_id: id,
                    per_vacancy: per,
                    distinct_candidates: distinct.len(),
                    vacancies,
                })
            })
            .await?
    }
}

fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}
