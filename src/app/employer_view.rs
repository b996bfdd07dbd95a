//! What employers (and organisers) see of a candidate: a pseudonym, skills, languages,
//! experience, a distance band, availability and the work-permission verdict in plain
//! words. Never a name, contact, birth date, nationality, residence status or notes; only
//! people who consented to be shown to employers. Employers can ask to be put in touch
//! (an expression of interest), which the employer service acts on.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{App, MAX_PAGE, MatchRequest, not_found};
use crate::auth::Principal;
use crate::domain::text::Text;
use crate::domain::{
    Candidate, CefrLevel, DrivingLicence, EntityId, FieldError, Hours, LanguageCode, WorkType,
};
use crate::error::AppError;
use crate::matching::Components;
use crate::permission::Outcome;
use crate::store::{Entity, InterestQuery, InterestRow, InterestStatus, NewInterest};
use crate::taxonomy::{Lang2, Taxonomy};

/// How far, in bands rather than kilometres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum DistanceBand {
    #[serde(rename = "up_to_10_km")]
    UpTo10Km,
    #[serde(rename = "10_to_25_km")]
    From10To25Km,
    #[serde(rename = "25_to_50_km")]
    From25To50Km,
    #[serde(rename = "over_50_km")]
    Over50Km,
}

impl DistanceBand {
    pub fn of(km: f64) -> DistanceBand {
        if km <= 10.0 {
            DistanceBand::UpTo10Km
        } else if km <= 25.0 {
            DistanceBand::From10To25Km
        } else if km <= 50.0 {
            DistanceBand::From25To50Km
        } else {
            DistanceBand::Over50Km
        }
    }
}

/// The work-permission verdict in plain words.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlainPermission {
    pub verdict: Outcome,
    pub text_de: String,
    pub text_en: String,
}

impl PlainPermission {
    pub fn of(verdict: Outcome) -> PlainPermission {
        let (de, en) = match verdict {
            Outcome::Allowed => ("darf sofort anfangen", "may start now"),
            Outcome::PermissionRequired => (
                "braucht vorher eine Erlaubnis der Ausländerbehörde, meist einige Wochen",
                "needs a permission from the Ausländerbehörde first, usually a few weeks",
            ),
            Outcome::NotAllowed => (
                "darf diese Arbeit derzeit nicht aufnehmen",
                "may not take this work at present",
            ),
        };
        PlainPermission {
            verdict,
            text_de: de.to_owned(),
            text_en: en.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProfileSkill {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProfileLanguage {
    pub code: LanguageCode,
    pub level: CefrLevel,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProfileQualification {
    pub title: String,
    pub recognition: crate::domain::Recognition,
}

/// A candidate without anything that identifies them.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PseudonymousProfile {
    pub skills: Vec<ProfileSkill>,
    pub languages: Vec<ProfileLanguage>,
    /// Occupations with years of experience.
    pub experience: Vec<ProfileSkill>,
    pub qualifications: Vec<ProfileQualification>,
    pub driving_licences: Vec<DrivingLicence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<Hours>,
    pub work_types: Vec<WorkType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_from: Option<NaiveDate>,
}

fn skill_label(esco: Option<&str>, label: Option<&str>) -> Option<String> {
    if let Some(l) = label {
        return Some(l.to_owned());
    }
    let t = Taxonomy::embedded();
    let uri = esco?;
    if let Some(id) = t.skill_by_uri(uri) {
        return t.skill_label(id, Lang2::EN).map(str::to_owned);
    }
    t.occupation_by_uri(uri)
        .and_then(|id| t.occupation_label(id, Lang2::EN))
        .map(str::to_owned)
}

impl PseudonymousProfile {
    pub fn of(c: &Candidate) -> PseudonymousProfile {
        PseudonymousProfile {
            skills: c
                .skills
                .iter()
                .filter_map(|s| {
                    let esco = s.esco.as_ref().map(ToString::to_string);
                    Some(ProfileSkill {
                        label: skill_label(esco.as_deref(), s.label.as_deref())?,
                        years: s.years,
                    })
                })
                .collect(),
            languages: c
                .languages
                .iter()
                .map(|l| ProfileLanguage {
                    code: l.code,
                    level: l.level,
                })
                .collect(),
            experience: c
                .occupations
                .iter()
                .filter_map(|o| {
                    let esco = o.esco.as_ref().map(ToString::to_string);
                    Some(ProfileSkill {
                        label: skill_label(esco.as_deref(), o.label.as_deref())?,
                        years: o.years,
                    })
                })
                .collect(),
            qualifications: c
                .qualifications
                .iter()
                .map(|q| ProfileQualification {
                    title: q.title.to_string(),
                    recognition: q.recognition,
                })
                .collect(),
            driving_licences: c.driving_licences.clone(),
            hours: c.hours,
            work_types: c.work_types.clone(),
            available_from: c.available_from,
        }
    }
}

/// One match as an employer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PseudonymousMatch {
    /// Stable for this employer; means nothing to anyone else.
    pub pseudonym: String,
    pub vacancy_id: EntityId,
    pub score: f64,
    pub components: Components,
    pub permission: PlainPermission,
    pub distance_band: DistanceBand,
    pub matched_skills: Vec<String>,
    pub missing_skills: Vec<String>,
    pub profile: PseudonymousProfile,
}

/// Ranked matches for an employer's vacancy, pseudonymous.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PseudonymousMatchList {
    pub as_of: NaiveDate,
    pub considered: usize,
    pub matches: Vec<PseudonymousMatch>,
}

/// An employer's request to be put in touch with a candidate.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterestBody {
    /// The pseudonym from the employer's matches.
    pub pseudonym: String,
    /// A short note for the employer service (optional; never shown to other employers).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub message: Option<Text<1000, true>>,
}

/// A status change of an expression of interest.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestUpdate {
    pub status: InterestStatus,
}

/// An expression of interest. Employers see it without `candidate_id`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Interest {
    pub id: EntityId,
    pub vacancy_id: EntityId,
    pub employer_id: EntityId,
    pub pseudonym: String,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<EntityId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub status: InterestStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Interest {
    fn of(row: InterestRow, staff: bool) -> Interest {
        Interest {
            id: row.id,
            vacancy_id: row.vacancy_id,
            employer_id: row.employer_id,
            pseudonym: row.pseudonym,
            candidate_id: staff.then_some(row.candidate_id),
            message: row.message,
            status: row.status,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A page of expressions of interest.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct InterestPage {
    pub interests: Vec<Interest>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_after: Option<EntityId>,
}

fn no_interest(id: EntityId) -> AppError {
    AppError::NoSuch {
        what: "interest",
        id: id.to_string(),
    }
}

fn scope_of(p: &Principal) -> Result<String, AppError> {
    p.pseudonym_scope().ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("pseudonymous view asked for by {}", p.role))
    })
}

impl App {
    /// The pseudonymous matches of a vacancy for an employer (or organiser): only people
    /// who consented and may take the work. Returns the people shown, for the audit log.
    pub async fn pseudonymous_matches(
        &self,
        viewer: &Principal,
        vacancy: EntityId,
        mut r: MatchRequest,
    ) -> Result<(PseudonymousMatchList, Vec<EntityId>), AppError> {
        let scope = scope_of(viewer)?;
        r.include_ineligible = false;
        r.filters.visible_only = true;
        let list = self.vacancy_matches(vacancy, r).await?;
        let ids: Vec<EntityId> = list.matches.iter().map(|m| m.candidate_id).collect();
        let access = self.access.clone();
        let (lookup, scope_ids) = (ids.clone(), ids.clone());
        let (docs, names) = self
            .blocking(move |s| {
                let docs = s.get_many(Entity::Candidate, &lookup)?;
                let names = access.pseudonyms(&scope, &scope_ids)?;
                Ok((docs, names))
            })
            .await?;
        let names: HashMap<EntityId, String> = names.into_iter().collect();
        let mut profiles = HashMap::with_capacity(docs.len());
        for d in docs {
            let c: Candidate = serde_json::from_str(&d.doc).map_err(AppError::internal)?;
            // The index may lag a withdrawn consent by a moment; the store decides.
            if c.consent_employer_visibility {
                profiles.insert(d.id, PseudonymousProfile::of(&c));
            }
        }
        let mut shown = Vec::with_capacity(ids.len());
        let matches = list
            .matches
            .into_iter()
            .filter_map(|m| {
                let profile = profiles.remove(&m.candidate_id)?;
                let pseudonym = names.get(&m.candidate_id)?.clone();
                shown.push(m.candidate_id);
                Some(PseudonymousMatch {
                    pseudonym,
                    vacancy_id: vacancy,
                    score: m.score,
                    components: m.components,
                    permission: PlainPermission::of(m.permission.verdict),
                    distance_band: DistanceBand::of(m.distance_km),
                    matched_skills: m.matched_skills,
                    missing_skills: m.missing_skills,
                    profile,
                })
            })
            .collect();
        Ok((
            PseudonymousMatchList {
                as_of: list.as_of,
                considered: list.considered,
                matches,
            },
            shown,
        ))
    }

    /// An employer asks to be put in touch with the person behind a pseudonym (an admin
    /// may do so on the vacancy's employer's behalf, with that employer's pseudonym).
    pub async fn express_interest(
        &self,
        vacancy: EntityId,
        body: NewInterestBody,
    ) -> Result<(Interest, bool), AppError> {
        let employer_id = self
            .vacancy_employer(vacancy)
            .await?
            .ok_or_else(|| not_found(Entity::Vacancy, vacancy))?;
        let scope = crate::auth::employer_scope(employer_id);
        let pseudonym = body.pseudonym.trim().to_owned();
        let access = self.access.clone();
        let unknown = || {
            AppError::Unprocessable(vec![FieldError::new(
                "pseudonym",
                "unknown_pseudonym",
                "no candidate with this pseudonym has been shown to you",
            )])
        };
        let candidate = self
            .blocking(move |_| Ok(access.resolve_pseudonym(&scope, &pseudonym)?))
            .await?
            .ok_or_else(unknown)?;
        let consented = self
            .blocking(move |s| {
                Ok(match s.get(Entity::Candidate, candidate)? {
                    Some(r) => {
                        serde_json::from_str::<Candidate>(&r.doc)
                            .map_err(AppError::internal)?
                            .consent_employer_visibility
                    }
                    None => false,
                })
            })
            .await?;
        if !consented {
            return Err(unknown());
        }
        let new = NewInterest {
            vacancy_id: vacancy,
            employer_id,
            candidate_id: candidate,
            pseudonym: body.pseudonym.trim().to_owned(),
            message: body.message.map(|m| m.to_string()),
        };
        let access = self.access.clone();
        let (row, created) = self
            .blocking(move |_| Ok(access.insert_interest(&new)?))
            .await?;
        if created {
            tracing::info!(interest.id = %row.id, vacancy.id = %vacancy, "interest expressed");
        }
        Ok((Interest::of(row, false), created))
    }

    /// Expressions of interest, for staff (with the person) or for the vacancy's employer.
    pub async fn interests(
        &self,
        viewer: &Principal,
        q: InterestQuery,
    ) -> Result<InterestPage, AppError> {
        if !(1..=MAX_PAGE).contains(&q.limit) {
            return Err(AppError::invalid(
                "limit",
                "out_of_range",
                "limit must be between 1 and 200",
            ));
        }
        let staff = viewer.employer().is_none();
        let limit = q.limit;
        let access = self.access.clone();
        let rows = self
            .blocking(move |_| {
                Ok(access.interests(&InterestQuery {
                    limit: limit + 1,
                    ..q
                })?)
            })
            .await?;
        let more = rows.len() > limit;
        let interests: Vec<Interest> = rows
            .into_iter()
            .take(limit)
            .map(|r| Interest::of(r, staff))
            .collect();
        let next_after = if more {
            interests.last().map(|i| i.id)
        } else {
            None
        };
        Ok(InterestPage {
            interests,
            next_after,
        })
    }

    pub async fn interest(&self, id: EntityId) -> Result<Interest, AppError> {
        let access = self.access.clone();
        let row = self
            .blocking(move |_| Ok(access.interest(id)?))
            .await?
            .ok_or_else(|| no_interest(id))?;
        Ok(Interest::of(row, true))
    }

    /// Staff record what they did about an expression of interest.
    pub async fn set_interest_status(
        &self,
        staff: &Principal,
        id: EntityId,
        update: InterestUpdate,
    ) -> Result<Interest, AppError> {
        let access = self.access.clone();
        let by = staff.token_id.clone();
        let row = self
            .blocking(move |_| Ok(access.set_interest_status(id, update.status, &by)?))
            .await?
            .ok_or_else(|| no_interest(id))?;
        tracing::info!(interest.id = %id, status = row.status.as_str(), "interest updated");
        Ok(Interest::of(row, true))
    }
}

/// A registered participant as organisers see them: the participant number and the
/// pseudonymous profile (languages for planning interpreters, skills for the talks).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EventParticipant {
    pub event_id: EntityId,
    pub candidate_id: EntityId,
    pub participant_no: u32,
    pub profile: PseudonymousProfile,
}

impl App {
    /// The pseudonymous profile of a person registered for an event; 404 for anyone else.
    pub async fn event_participant(
        &self,
        event: EntityId,
        candidate: EntityId,
    ) -> Result<EventParticipant, AppError> {
        let events = self.events.clone();
        let entry = self
            .blocking(move |s| {
                if events.get_event(event)?.is_none() {
                    return Err(AppError::NoSuch {
                        what: "event",
                        id: event.to_string(),
                    });
                }
                let regs = events.registrations(event)?;
                let Some(entry) = regs
                    .candidates
                    .into_iter()
                    .find(|c| c.candidate_id == candidate)
                else {
                    return Ok(None);
                };
                Ok(s.get(Entity::Candidate, candidate)?
                    .map(|r| (entry.participant_no, r.doc)))
            })
            .await?
            .ok_or_else(|| not_found(Entity::Candidate, candidate))?;
        let c: Candidate = serde_json::from_str(&entry.1).map_err(AppError::internal)?;
        Ok(EventParticipant {
            event_id: event,
            candidate_id: candidate,
            participant_no: entry.0,
            profile: PseudonymousProfile::of(&c),
        })
    }
}
