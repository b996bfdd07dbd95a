//! Match use cases: ranked candidates for a vacancy, vacancies for a candidate, an ad-hoc
//! search with an unsaved vacancy, and the what-if summary of a vacancy.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::matching::{Ranking, all_candidates_for, candidates_for, vacancies_for};
use super::{App, not_found};
use crate::domain::{CefrLevel, EntityId, LanguageCode, Vacancy};
use crate::error::AppError;
use crate::matching::{
    Components, MatchFilters, MatchQuery, PreparedVacancy, Ranked, ScoringSettings, explain,
};
use crate::permission::{Outcome, Permission, ReasonText, respond};
use crate::store::Entity;

/// The largest number of matches one request returns.
pub const MAX_MATCHES: usize = 200;

/// The work-permission part of a match.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PermissionSummary {
    pub verdict: Outcome,
    pub permissions: Vec<Permission>,
    pub reasons: Vec<ReasonText>,
}

/// One match with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatchHit {
    pub candidate_id: EntityId,
    /// The vacancy; `null` for an unsaved vacancy (ad-hoc search).
    pub vacancy_id: Option<EntityId>,
    pub score: f64,
    pub components: Components,
    pub permission: PermissionSummary,
    pub distance_km: f64,
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
}

/// Ranked matches, best first (ties by id).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatchList {
    pub as_of: NaiveDate,
    /// Records that passed the filters and were candidates for scoring.
    pub considered: usize,
    pub matches: Vec<MatchHit>,
}

/// How many and on which day.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRequest {
    pub limit: usize,
    pub as_of: Option<NaiveDate>,
    pub include_ineligible: bool,
    pub filters: MatchFilters,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn hit(s: &ScoringSettings, v: &PreparedVacancy, candidate: EntityId, r: &Ranked) -> MatchHit {
    let (matched_skills, missing_skills) = explain(s, &v.features, &r.scored.credits);
    let check = respond(&r.scored.verdict, None);
    let c = r.scored.components;
    MatchHit {
        candidate_id: candidate,
        vacancy_id: v.features.id,
        score: r.scored.score,
        components: Components {
            skills: round(c.skills, 4),
            occupation: round(c.occupation, 4),
            language: round(c.language, 4),
            permission: round(c.permission, 4),
            distance: round(c.distance, 4),
            availability: round(c.availability, 4),
        },
        permission: PermissionSummary {
            verdict: check.verdict,
            permissions: check.permissions,
            reasons: check.reasons,
        },
        distance_km: round(r.scored.distance_km, 1),
        matched_skills,
        missing_skills,
    }
}

/// The same question with one thing relaxed, and how many more then qualify.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Relaxation {
    /// What was relaxed (`german_one_level_lower`, `skill_nice_to_have`, `radius_plus_km`).
    pub change: String,
    /// The skill made nice to have, or the extra radius in km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// `null` for an employer where fewer than k people would qualify.
    pub qualifying: Option<usize>,
    /// `null` for an employer where either figure is withheld.
    pub more: Option<usize>,
}

/// How many candidates qualify for a vacancy, and how many more would if it asked less.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WhatIf {
    pub as_of: NaiveDate,
    /// A candidate qualifies when not excluded and scoring at least this.
    pub min_score: f64,
    /// `null` for an employer where fewer than k people qualify.
    pub qualifying: Option<usize>,
    pub relaxations: Vec<Relaxation>,
    /// For an employer: only people who agreed to be shown to employers are counted, no
    /// figure describes 1 to k − 1 people, and every figure is a multiple of k (so no
    /// difference between two figures does either); absent for staff, who see exact counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<u32>,
}

impl App {
    fn query(&self, r: &MatchRequest) -> MatchQuery {
        MatchQuery {
            as_of: r.as_of.unwrap_or_else(|| self.today()),
            include_ineligible: r.include_ineligible,
            filters: r.filters.clone(),
            extra_radius_km: 0.0,
        }
    }

    async fn prepared_vacancy(&self, id: EntityId) -> Result<Arc<PreparedVacancy>, AppError> {
        if let Some(p) = self.features.vacancy(id) {
            return Ok(p);
        }
        let stored = self
            .blocking(move |s| Ok(s.get(Entity::Vacancy, id)?))
            .await?
            .ok_or_else(|| not_found(Entity::Vacancy, id))?;
        let v: Vacancy = serde_json::from_str(&stored.doc).map_err(AppError::internal)?;
        Ok(Arc::new(self.features.prepare(Some(id), &v)))
    }

    async fn rank_for(
        &self,
        v: Arc<PreparedVacancy>,
        r: MatchRequest,
    ) -> Result<MatchList, AppError> {
        let q = self.query(&r);
        let cache = self.features.clone();
        let limit = r.limit.min(MAX_MATCHES);
        let as_of = q.as_of;
        self.cpu
            .run(move || {
                let s = ScoringSettings::embedded();
                let Ranking { hits, considered } = candidates_for(&cache, s, &v, &q, limit);
                let matches = hits.iter().map(|h| hit(s, &v, h.id, h)).collect();
                Ok(MatchList {
                    as_of,
                    considered,
                    matches,
                })
            })
            .await?
    }

    /// The ranked, explained candidates for a stored vacancy.
    pub async fn vacancy_matches(
        &self,
        id: EntityId,
        r: MatchRequest,
    ) -> Result<MatchList, AppError> {
        let v = self.prepared_vacancy(id).await?;
        self.rank_for(v, r).await
    }

    /// The ranked candidates for an unsaved vacancy (ad-hoc search).
    pub async fn search_candidates(
        &self,
        v: Vacancy,
        r: MatchRequest,
    ) -> Result<MatchList, AppError> {
        v.validate().map_err(|errs| {
            AppError::Invalid(
                errs.into_iter()
                    .map(|mut e| {
                        e.field = format!("vacancy.{}", e.field);
                        e
                    })
                    .collect(),
            )
        })?;
        let cache = self.features.clone();
        let v = self
            .cpu
            .run(move || Arc::new(cache.prepare(None, &v)))
            .await?;
        self.rank_for(v, r).await
    }

    /// The ranked vacancies for a stored candidate.
    pub async fn candidate_matches(
        &self,
        id: EntityId,
        r: MatchRequest,
    ) -> Result<MatchList, AppError> {
        let c = match self.features.candidate(id) {
            Some(c) => c,
            None => {
                let stored = self
                    .blocking(move |s| Ok(s.get(Entity::Candidate, id)?))
                    .await?
                    .ok_or_else(|| not_found(Entity::Candidate, id))?;
                let cand = serde_json::from_str(&stored.doc).map_err(AppError::internal)?;
                let cache = self.features.clone();
                self.cpu.run(move || cache.put_candidate(id, &cand)).await?
            }
        };
        let q = self.query(&r);
        let (index, cache) = (self.index.clone(), self.features.clone());
        let limit = r.limit.min(MAX_MATCHES);
        self.cpu
            .run(move || {
                let s = ScoringSettings::embedded();
                let Ranking { hits, considered } = vacancies_for(&index, &cache, s, &c, &q, limit)?;
                let matches = hits
                    .iter()
                    .filter_map(|h| cache.vacancy(h.id).map(|v| hit(s, &v, c.id, h)))
                    .collect();
                Ok(MatchList {
                    as_of: q.as_of,
                    considered,
                    matches,
                })
            })
            .await?
    }

    /// How many candidates qualify for a vacancy, and how many more would with German one
    /// level lower, with each required skill nice to have, or with a larger radius.
    ///
    /// For an employer (`for_employer`), only people who agreed to be shown to employers are
    /// counted, and the figures are published as statistics are: small numbers withheld,
    /// the rest rounded to a multiple of k.
    pub async fn what_if(
        &self,
        id: EntityId,
        as_of: Option<NaiveDate>,
        for_employer: bool,
    ) -> Result<WhatIf, AppError> {
        let v = self.prepared_vacancy(id).await?;
        let q = self.query(&MatchRequest {
            limit: 0,
            as_of,
            include_ineligible: false,
            filters: MatchFilters {
                visible_only: for_employer,
                ..MatchFilters::default()
            },
        });
        let k = for_employer.then_some(self.reporting.statistics.min_cell_count);
        let publish = move |n: usize| -> Option<usize> {
            let Some(k) = k.map(|k| k.max(1) as usize) else {
                return Some(n);
            };
            (n == 0 || n >= k).then(|| (n + k / 2) / k * k)
        };
        let cache = self.features.clone();
        self.cpu
            .run(move || {
                let s = ScoringSettings::embedded();
                let min = s.what_if.qualify_min_score;
                let count = |v: &PreparedVacancy, q: &MatchQuery| -> Result<usize, AppError> {
                    Ok(all_candidates_for(&cache, s, v, q)
                        .iter()
                        .filter(|r| r.scored.score >= min)
                        .count())
                };
                let base = count(&v, &q)?;
                let base = publish(base);
                let relaxed = |change: &str, detail: Option<String>, n: usize| {
                    let n = publish(n);
                    Relaxation {
                        change: change.to_owned(),
                        detail,
                        qualifying: n,
                        more: n.zip(base).map(|(n, b)| n.saturating_sub(b)),
                    }
                };
                let mut out = Vec::new();
                if let Some(lower) = german_one_level_lower(&v) {
                    out.push(relaxed("german_one_level_lower", None, count(&lower, &q)?));
                }
                for (i, r) in v
                    .features
                    .requirements
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.required)
                {
                    let mut nice = (*v).clone();
                    nice.features.requirements[i].required = false;
                    nice.reweigh(s);
                    out.push(relaxed(
                        "skill_nice_to_have",
                        Some(r.display.clone()),
                        count(&nice, &q)?,
                    ));
                }
                let wider = MatchQuery {
                    extra_radius_km: s.what_if.radius_step_km,
                    ..q.clone()
                };
                out.push(relaxed(
                    "radius_plus_km",
                    Some(format!("{}", s.what_if.radius_step_km)),
                    count(&v, &wider)?,
                ));
                Ok(WhatIf {
                    as_of: q.as_of,
                    min_score: min,
                    qualifying: base,
                    relaxations: out,
                    k,
                })
            })
            .await?
    }
}

/// The vacancy with its German requirement one CEFR level lower, if it has one above A1.
fn german_one_level_lower(v: &PreparedVacancy) -> Option<PreparedVacancy> {
    let mut lower = v.clone();
    let need = lower
        .features
        .languages
        .iter_mut()
        .find(|n| n.code == LanguageCode::DE)?;
    need.min_level = need.min_level.one_below()?;
    (need.min_level >= CefrLevel::A1).then_some(lower)
}
