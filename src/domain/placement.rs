//! A placement (*Vermittlung*): a person placed into work, the figure the district's targets
//! and the municipalities' placement bonuses (*Vermittlungsprämien*) are counted in.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ids::EntityId;
use super::text::ShortText;
use super::validation::{FieldError, Problems};

/// The kind of work a person was placed into (*Art der Vermittlung*).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlacementType {
    /// *Sozialversicherungspflichtige Beschäftigung*: employment subject to social insurance.
    JobSocialInsurance,
    /// *Minijob* (geringfügige Beschäftigung).
    MiniJob,
    /// *Ausbildung*: vocational training in a company.
    VocationalTraining,
    /// *Praktikum*.
    Internship,
    /// *Einstiegsqualifizierung* (§ 54a SGB III).
    EntryQualification,
}

impl PlacementType {
    /// Every type, in declaration order (the order of reports).
    pub const ALL: [PlacementType; 5] = [
        PlacementType::JobSocialInsurance,
        PlacementType::MiniJob,
        PlacementType::VocationalTraining,
        PlacementType::Internship,
        PlacementType::EntryQualification,
    ];

    /// The snake_case name used in JSON, CSV and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            PlacementType::JobSocialInsurance => "job_social_insurance",
            PlacementType::MiniJob => "mini_job",
            PlacementType::VocationalTraining => "vocational_training",
            PlacementType::Internship => "internship",
            PlacementType::EntryQualification => "entry_qualification",
        }
    }

    /// The type with this name.
    pub fn parse(s: &str) -> Option<PlacementType> {
        PlacementType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How the placement came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlacementSource {
    /// Through a Meeting Point event (*Kontaktbörse*); `event_id` names it.
    MeetingPoint,
    /// Directly, through the employer service or a case manager.
    Direct,
}

impl PlacementSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PlacementSource::MeetingPoint => "meeting_point",
            PlacementSource::Direct => "direct",
        }
    }

    pub fn parse(s: &str) -> Option<PlacementSource> {
        [PlacementSource::MeetingPoint, PlacementSource::Direct]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// Why a placement ended early (*Grund der vorzeitigen Beendigung*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Notice given by the employer.
    DismissedByEmployer,
    /// Notice given by the person.
    ResignedByEmployee,
    /// *Aufhebungsvertrag*.
    MutualAgreement,
    /// A fixed-term contract ran out.
    FixedTermEnded,
    /// The work permission was refused or withdrawn.
    WorkPermissionEnded,
    /// The person moved away or left the country.
    MovedAway,
    /// Anything else.
    Other,
}

impl EndReason {
    pub const ALL: [EndReason; 7] = [
        EndReason::DismissedByEmployer,
        EndReason::ResignedByEmployee,
        EndReason::MutualAgreement,
        EndReason::FixedTermEnded,
        EndReason::WorkPermissionEnded,
        EndReason::MovedAway,
        EndReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::DismissedByEmployer => "dismissed_by_employer",
            EndReason::ResignedByEmployee => "resigned_by_employee",
            EndReason::MutualAgreement => "mutual_agreement",
            EndReason::FixedTermEnded => "fixed_term_ended",
            EndReason::WorkPermissionEnded => "work_permission_ended",
            EndReason::MovedAway => "moved_away",
            EndReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// The probation period (*Probezeit*) assumed when none is recorded: the legal maximum
/// (§ 622 Abs. 3 BGB).
pub const DEFAULT_PROBATION_MONTHS: u32 = 6;

/// A placement as the API takes it (create and replace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Reference in the caller's own files, unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<ShortText>,
    /// The person placed. Required on create; on replace, leaving it out keeps the stored
    /// link (which is empty once the person has been erased).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate_id: Option<EntityId>,
    pub employer_id: EntityId,
    /// The vacancy filled, if the placement was for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacancy_id: Option<EntityId>,
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    /// First working day.
    pub start_date: NaiveDate,
    /// The municipality (*Kommune*) that proposed the person; defaults to the candidate's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<ShortText>,
    pub source: PlacementSource,
    /// The Meeting Point event, when `source` is `meeting_point`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<ShortText>,
    /// Last day of the probation period; when absent, six months after the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probation_end: Option<NaiveDate>,
    /// Last working day, when the placement ended early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<EndReason>,
}

impl Placement {
    /// Checks what serde cannot: dates in order, the event of a Meeting Point placement, an
    /// end with its reason.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut p = Problems::default();
        if let Some(end) = self.probation_end {
            p.check(
                end < self.start_date,
                "probation_end",
                "before_start_date",
                "the probation period cannot end before the start",
            );
        }
        if let Some(end) = self.ended_on {
            p.check(
                end < self.start_date,
                "ended_on",
                "before_start_date",
                "a placement cannot end before it starts",
            );
        }
        p.check(
            self.ended_on.is_some() && self.end_reason.is_none(),
            "end_reason",
            "required",
            "an early end needs a reason",
        );
        p.check(
            self.ended_on.is_none() && self.end_reason.is_some(),
            "ended_on",
            "required",
            "a reason for an end needs the day it ended",
        );
        p.check(
            self.source == PlacementSource::MeetingPoint && self.event_id.is_none(),
            "event_id",
            "required",
            "a placement through a Meeting Point names the event",
        );
        p.check(
            self.source == PlacementSource::Direct && self.event_id.is_some(),
            "event_id",
            "not_allowed",
            "only a Meeting Point placement names an event",
        );
        p.finish()
    }
}

/// The last day of the probation period: as recorded, else six months after the start.
pub fn probation_end(start: NaiveDate, recorded: Option<NaiveDate>) -> NaiveDate {
    recorded.unwrap_or_else(|| {
        start
            .checked_add_months(Months::new(DEFAULT_PROBATION_MONTHS))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)
    })
}

/// Whether a placement that ended on `ended_on` ended within its probation period.
pub fn ended_in_probation(
    start: NaiveDate,
    recorded_probation_end: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
) -> bool {
    ended_on.is_some_and(|e| e <= probation_end(start, recorded_probation_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn parse(json: serde_json::Value) -> Placement {
        serde_json::from_value(json).unwrap()
    }

    fn base() -> serde_json::Value {
        serde_json::json!({
            "candidate_id": "01936f0e-6a8b-7c3d-9e4f-0123456789ab",
            "employer_id": "01936f0e-6a8b-7c3d-9e4f-0123456789ac",
            "type": "job_social_insurance", "start_date": "2026-03-01",
            "source": "direct" })
    }

    #[test]
    fn an_end_needs_a_reason_and_may_not_precede_the_start() {
        let mut j = base();
        j["ended_on"] = "2026-02-01".into();
        let errs = parse(j).validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["ended_on", "end_reason"]);
    }

    #[test]
    fn a_meeting_point_placement_names_its_event() {
        let mut j = base();
        j["source"] = "meeting_point".into();
        assert_eq!(parse(j).validate().unwrap_err()[0].field, "event_id");
    }

    #[test]
    fn without_a_recorded_probation_it_lasts_six_months() {
        assert_eq!(probation_end(day("2026-03-01"), None), day("2026-08-31"));
        assert!(ended_in_probation(
            day("2026-03-01"),
            None,
            Some(day("2026-08-31"))
        ));
        assert!(!ended_in_probation(
            day("2026-03-01"),
            None,
            Some(day("2026-09-01"))
        ));
        assert!(!ended_in_probation(
            day("2026-03-01"),
            Some(day("2026-05-31")),
            Some(day("2026-06-01"))
        ));
    }

    #[test]
    fn unknown_fields_and_types_are_refused() {
        let mut j = base();
        j["salary"] = 1.into();
        assert!(serde_json::from_value::<Placement>(j).is_err());
        let mut j = base();
        j["type"] = "employment".into();
        assert!(serde_json::from_value::<Placement>(j).is_err());
    }
}
