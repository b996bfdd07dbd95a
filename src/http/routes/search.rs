//! Ad-hoc candidate search with an unsaved vacancy (*Ad-hoc-Suche*).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use super::matches::request;
use crate::app::MatchList;
use crate::domain::{CefrLevel, DrivingLicence, EntityId, LanguageCode, Vacancy};
use crate::http::AppState;
use crate::http::auth::disclosed;
use crate::http::error::Problem;
use crate::http::extract::Body;
use crate::matching::MatchFilters;
use crate::permission::Outcome;
use crate::store::AuditAction;

/// A vacancy that is not stored: the Vacancy JSON, `employer_id` optional.
#[derive(Debug, Clone, ToSchema)]
#[schema(value_type = Vacancy)]
pub struct UnsavedVacancy(pub Vacancy);

impl<'de> Deserialize<'de> for UnsavedVacancy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        map.entry("employer_id")
            .or_insert_with(|| serde_json::Value::String(EntityId::from_u128(0).to_string()));
        serde_path_to_error::deserialize(serde_json::Value::Object(map))
            .map(UnsavedVacancy)
            .map_err(|e| serde::de::Error::custom(format!("{}: {}", e.path(), e.inner())))
    }
}

/// A language the person must have now, at least at a level.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageFilter {
    pub code: LanguageCode,
    pub min_level: CefrLevel,
}

/// Filters of an ad-hoc search; each also excludes in the score.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchFilters {
    /// Only these verdicts (default: allowed and permission_required).
    #[serde(default)]
    pub verdicts: Vec<Outcome>,
    /// Farthest distance from the place of work, in km (replaces the usual reach).
    pub max_distance_km: Option<f64>,
    #[serde(default)]
    pub languages: Vec<LanguageFilter>,
    /// A driving licence the person must hold (or one covering it).
    pub driving_licence: Option<DrivingLicence>,
    /// Available on this day at the latest.
    pub available_by: Option<NaiveDate>,
    /// Only people who consented to be shown to employers.
    #[serde(default)]
    pub visible_only: bool,
}

/// The body of an ad-hoc search.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    pub vacancy: UnsavedVacancy,
    #[serde(default)]
    pub filters: SearchFilters,
    /// Number of matches, 1–200 (default 20).
    pub limit: Option<usize>,
    /// The day in question (default today).
    pub as_of: Option<NaiveDate>,
    pub include_ineligible: Option<bool>,
}

impl SearchFilters {
    fn into_filters(self) -> MatchFilters {
        MatchFilters {
            verdicts: self.verdicts,
            max_distance_km: self.max_distance_km.map(|km| km.clamp(0.0, 1000.0)),
            languages: self
                .languages
                .into_iter()
                .map(|l| (l.code, l.min_level))
                .collect(),
            driving_licence: self.driving_licence,
            available_by: self.available_by,
            visible_only: self.visible_only,
        }
    }
}

/// Candidates for a vacancy that is not stored, with filters.
#[utoipa::path(post, path = "/api/v1/search/candidates", tag = "matches", request_body = SearchBody,
    responses((status = 200, body = MatchList), (status = 400, body = Problem)))]
pub async fn candidates(State(s): State<AppState>, Body(b): Body<SearchBody>) -> Response {
    let req = match request(
        b.limit,
        b.as_of,
        b.include_ineligible,
        b.filters.into_filters(),
    ) {
        Ok(r) => r,
        Err(problem) => return problem.into_response(),
    };
    match s.app.search_candidates(b.vacancy.0, req).await {
        Ok(list) => {
            let ids = list.matches.iter().map(|m| m.candidate_id).collect();
            disclosed(axum::Json(list).into_response(), AuditAction::Read, ids)
        }
        Err(e) => e.into_response(),
    }
}
