//! From stored data to the solver's problem: who may meet whom, with which score, vacancy
//! and interpreter.
//!
//! Rules:
//! * A pair is (registered employer, confirmed candidate). Its score is the best match
//!   score over the employer's registered vacancies (the one scorer of `matching`), on the
//!   event date; that vacancy is the one the conversation is about.
//! * Eligibility: a vacancy counts only if the work-permission verdict on its first working
//!   day (the later of the event date and the vacancy's start) is not `not_allowed` — the
//!   same rule as the match lists. A pair with no eligible vacancy never meets, whatever
//!   anyone prefers.
//! * Preferences: `no` from either side removes the pair; `must_meet` adds
//!   [`Preference::MUST_MEET_BONUS`], `would_like` [`Preference::WOULD_LIKE_BONUS`] (both
//!   sides add up). A pair the scorer excludes for reasons other than the law (distance,
//!   work type) is listed with score 0 plus the bonuses when someone asked for it.
//! * Interpreter: needed when the person's German (today's level) is below the event's
//!   `german_without_interpreter` (default B1) and the event has interpreters for another
//!   language of theirs (the one with most interpreters, then by code). Otherwise the pair
//!   talks in German without one.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::app::FeatureCache;
use crate::domain::event::{Event, Preference, Slot};
use crate::domain::{Candidate, EntityId, LanguageCode, Vacancy};
use crate::error::AppError;
use crate::events::ScheduleProblem;
use crate::events::solver::PinnedMeeting;
use crate::events::solver::{CandidateSpec, EmployerSpec, PairSpec};
use crate::matching::{
    CandidateFeatures, Exclusion, MatchQuery, PreparedVacancy, ScoringSettings, score,
};
use crate::store::{Entity, Store};

use super::{EventRegistrations, parse_doc, scheduled};

/// What the problem's pairs are about, by (employer, candidate).
#[derive(Debug, Clone, Default)]
pub struct PairInfo {
    pub vacancy: BTreeMap<(EntityId, EntityId), EntityId>,
}

/// The solver's problem for an event, and what its pairs are about.
pub struct Built {
    pub problem: ScheduleProblem,
    pub info: PairInfo,
    pub slots: Vec<Slot>,
}

/// Candidate features from the cache, else from the store (and then cached).
pub fn candidate_features(
    store: &dyn Store,
    cache: &FeatureCache,
    id: EntityId,
) -> Result<Option<Arc<CandidateFeatures>>, AppError> {
    if let Some(c) = cache.candidate(id) {
        return Ok(Some(c));
    }
    let Some(rec) = store.get(Entity::Candidate, id)? else {
        return Ok(None);
    };
    let c: Candidate = parse_doc(&rec.doc)?;
    Ok(Some(cache.put_candidate(id, &c)))
}

/// Prepared vacancy from the cache, else from the store (and then cached).
pub fn vacancy_features(
    store: &dyn Store,
    cache: &FeatureCache,
    id: EntityId,
) -> Result<Option<Arc<PreparedVacancy>>, AppError> {
    if let Some(v) = cache.vacancy(id) {
        return Ok(Some(v));
    }
    let Some(rec) = store.get(Entity::Vacancy, id)? else {
        return Ok(None);
    };
    let v: Vacancy = parse_doc(&rec.doc)?;
    Ok(Some(cache.put_vacancy(id, &v)))
}

/// The summed preference bonus of a pair, or `None` if either side said no.
pub fn preference_bonus(prefs: &[Preference]) -> Option<f64> {
    let mut bonus = 0.0;
    for p in prefs {
        bonus += match p {
            Preference::No => return None,
            Preference::MustMeet => Preference::MUST_MEET_BONUS,
            Preference::WouldLike => Preference::WOULD_LIKE_BONUS,
        };
    }
    Some(bonus)
}

/// The interpreter language a candidate needs at this event, if any.
pub fn interpreter_for(event: &Event, slots: &[Slot], c: &CandidateFeatures) -> Option<String> {
    let german = c.language(LanguageCode::DE).map(|l| l.level);
    if german.is_some_and(|g| g >= event.german_without_interpreter) {
        return None;
    }
    c.languages
        .iter()
        .filter(|l| l.code != LanguageCode::DE)
        .map(|l| (event.interpreters_in(l.code, slots), l.code))
        .filter(|(n, _)| *n > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.as_str().cmp(a.1.as_str())))
        .map(|(_, code)| code.as_str().to_owned())
}

/// The best eligible vacancy of an employer for a candidate: `Ok(Some)` with the score,
/// `Ok(None)` if excluded for other reasons than the law, `Err(())` if not legally eligible
/// for any.
fn best_vacancy(
    s: &ScoringSettings,
    vacancies: &[Arc<PreparedVacancy>],
    c: &CandidateFeatures,
    q: &MatchQuery,
) -> Result<Option<(EntityId, f64)>, ()> {
    let mut best: Option<(EntityId, f64)> = None;
    let mut legal = false;
    for v in vacancies {
        let Some(id) = v.features.id else { continue };
        match score(s, v, c, q) {
            Ok(sc) => {
                legal = true;
                if best.is_none_or(|(_, b)| sc.score > b) {
                    best = Some((id, sc.score));
                }
            }
            Err(Exclusion::NotAllowed) => {}
            Err(_) => legal = true,
        }
    }
    if legal { Ok(best) } else { Err(()) }
}

/// Builds the problem from the event and its confirmed registrations.
pub fn build(
    store: &dyn Store,
    cache: &FeatureCache,
    event: &Event,
    regs: &EventRegistrations,
    pinned: Vec<PinnedMeeting>,
) -> Result<Built, AppError> {
    let s = ScoringSettings::embedded();
    let slots = event.slots();
    let q = MatchQuery::on(event.date);
    let mut problem = ScheduleProblem {
        slots: slots.len() as u32,
        employers: Vec::new(),
        candidates: Vec::new(),
        pairs: Vec::new(),
        interpreters: BTreeMap::new(),
        pinned,
    };
    for g in &event.interpreters {
        let n = event.interpreters_in(g.language, &slots);
        problem
            .interpreters
            .insert(g.language.as_str().to_owned(), n);
    }
    let mut info = PairInfo::default();
    let mut employer_vacancies = Vec::new();
    for e in &regs.employers {
        problem.employers.push(EmployerSpec {
            id: e.employer_id.to_string(),
            tables: e.registration.tables.unwrap_or(event.tables_per_employer),
        });
        let mut vs = Vec::new();
        for &v in &e.registration.vacancy_ids {
            if let Some(p) = vacancy_features(store, cache, v)? {
                vs.push(p);
            }
        }
        employer_vacancies.push((e.employer_id, vs, &e.registration.preferences));
    }
    for c in regs
        .candidates
        .iter()
        .filter(|c| scheduled(&c.registration))
    {
        let r = &c.registration;
        problem.candidates.push(CandidateSpec {
            id: c.candidate_id.to_string(),
            available_slots: Some(r.available_slots(&slots)),
            min_meetings: Some(r.min_meetings),
            max_meetings: Some(r.max_meetings),
        });
        let Some(f) = candidate_features(store, cache, c.candidate_id)? else {
            continue;
        };
        let interpreter = interpreter_for(event, &slots, &f);
        for (employer, vacancies, employer_prefs) in &employer_vacancies {
            let mut prefs: Vec<Preference> = employer_prefs
                .iter()
                .filter(|p| p.candidate_id == c.candidate_id)
                .map(|p| p.preference)
                .collect();
            prefs.extend(
                r.preferences
                    .iter()
                    .filter(|p| p.employer_id == *employer)
                    .map(|p| p.preference),
            );
            let Some(bonus) = preference_bonus(&prefs) else {
                continue;
            };
            let (vacancy, base) = match best_vacancy(s, vacancies, &f, &q) {
                Err(()) => continue,
                Ok(Some(best)) => (Some(best.0), best.1),
                Ok(None) if bonus > 0.0 => (vacancies.first().and_then(|v| v.features.id), 0.0),
                Ok(None) => continue,
            };
            if let Some(v) = vacancy {
                info.vacancy.insert((*employer, c.candidate_id), v);
            }
            problem.pairs.push(PairSpec {
                employer: employer.to_string(),
                candidate: c.candidate_id.to_string(),
                score: ((base + bonus) * 1e6).round() / 1e6,
                interpreter: interpreter.clone(),
            });
        }
    }
    Ok(Built {
        problem,
        info,
        slots,
    })
}
