//! The residence document (*Aufenthaltsdokument*) and the facts about a person's stay that
//! decide whether and how they may work. Field names follow the reference
//! `domain/work-permission.md` § 2.1, so a work-permission case and a candidate profile's
//! `residence` share one JSON shape.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::country::CountryCode;

/// The kind of document a person holds (*Status*), which selects the decision table.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StatusType {
    /// *Aufenthaltsgestattung* (§ 55 AsylG): permission to stay during the asylum procedure.
    Aufenthaltsgestattung,
    /// *Ankunftsnachweis* (§ 63a AsylG): proof of arrival, issued before the Gestattung.
    Ankunftsnachweis,
    /// *BÜMA* (Bescheinigung über die Meldung als Asylsuchender), before 2016.
    Buema,
    /// *Duldung* (§ 60a AufenthG): temporary suspension of deportation.
    Duldung,
    /// Duldung "für Personen mit ungeklärter Identität" (§ 60b AufenthG).
    #[serde(rename = "duldung_60b")]
    Duldung60b,
    /// *Ausbildungsduldung* (§ 60c AufenthG).
    #[serde(rename = "duldung_60c")]
    Duldung60c,
    /// *Beschäftigungsduldung* (§ 60d AufenthG).
    #[serde(rename = "duldung_60d")]
    Duldung60d,
    /// *Aufenthaltserlaubnis*: a residence permit; its paragraph is in `legal_basis`.
    Aufenthaltserlaubnis,
    /// *Niederlassungserlaubnis*: settlement permit.
    Niederlassungserlaubnis,
    /// *Erlaubnis zum Daueraufenthalt-EU* (§ 9a AufenthG).
    DaueraufenthaltEu,
    /// *Fiktionsbescheinigung* (§ 81 AufenthG): a title applied for, not yet decided.
    Fiktionsbescheinigung,
    /// Citizen of an EU member state.
    EuCitizen,
    /// Citizen of Iceland, Liechtenstein, Norway or Switzerland.
    EeaSwissCitizen,
    /// No document.
    None,
}

impl StatusType {
    /// Every status type, in declaration order.
    pub const ALL: [StatusType; 14] = [
        StatusType::Aufenthaltsgestattung,
        StatusType::Ankunftsnachweis,
        StatusType::Buema,
        StatusType::Duldung,
        StatusType::Duldung60b,
        StatusType::Duldung60c,
        StatusType::Duldung60d,
        StatusType::Aufenthaltserlaubnis,
        StatusType::Niederlassungserlaubnis,
        StatusType::DaueraufenthaltEu,
        StatusType::Fiktionsbescheinigung,
        StatusType::EuCitizen,
        StatusType::EeaSwissCitizen,
        StatusType::None,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusType::Aufenthaltsgestattung => "aufenthaltsgestattung",
            StatusType::Ankunftsnachweis => "ankunftsnachweis",
            StatusType::Buema => "buema",
            StatusType::Duldung => "duldung",
            StatusType::Duldung60b => "duldung_60b",
            StatusType::Duldung60c => "duldung_60c",
            StatusType::Duldung60d => "duldung_60d",
            StatusType::Aufenthaltserlaubnis => "aufenthaltserlaubnis",
            StatusType::Niederlassungserlaubnis => "niederlassungserlaubnis",
            StatusType::DaueraufenthaltEu => "daueraufenthalt_eu",
            StatusType::Fiktionsbescheinigung => "fiktionsbescheinigung",
            StatusType::EuCitizen => "eu_citizen",
            StatusType::EeaSwissCitizen => "eea_swiss_citizen",
            StatusType::None => "none",
        }
    }
}

/// Where the asylum procedure stands (*Stand des Asylverfahrens*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsylumOutcome {
    Pending,
    Recognised,
    Rejected,
    RejectedManifestlyUnfounded,
    RejectedInadmissible,
    Withdrawn,
    WithdrawnAfterBamfCounselling,
    NeverApplied,
}

/// The normalised annotation on work printed on the document (*Nebenbestimmung zur
/// Erwerbstätigkeit*), reference § 5.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Annotation {
    /// "Erwerbstätigkeit gestattet/erlaubt".
    ErwerbErlaubt,
    /// "Beschäftigung gestattet/erlaubt", "Beschäftigung jeder Art gestattet".
    BeschErlaubt,
    /// "Beschäftigung als … bei Fa. … gestattet", or an hours limit.
    BeschSpezifisch,
    /// "Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet".
    BeschNurMitErlaubnis,
    /// "Erwerbstätigkeit nicht gestattet/erlaubt".
    ErwerbNichtGestattet,
    /// "Selbständige Tätigkeit nicht gestattet".
    SelbstNicht,
}

/// The facts about a person's residence document and stay (*Aufenthaltsdokument*), as far as
/// they are known. Everything but `status_type` may be missing; a missing fact that a rule
/// needs yields a verdict with a flag, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidenceFacts {
    pub status_type: StatusType,
    /// Paragraph printed on the title, e.g. `AufenthG §25 Abs. 2`, `AsylG §55`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// ISO 3166-1 alpha-2 (Kosovo `XK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_date: Option<NaiveDate>,
    /// *Asylgesuch*: the date of the BÜMA or Ankunftsnachweis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asylum_request_date: Option<NaiveDate>,
    /// Formal asylum application at the BAMF (§ 14 AsylG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asylum_application_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asylum_outcome: Option<AsylumOutcome>,
    /// The court restored the suspensive effect (§ 61 Abs. 1 S. 2 Nr. 4 AsylG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspensive_effect_ordered: Option<bool>,
    /// Start of the uninterrupted stay that was permitted, tolerated or gestattet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub papered_stay_since: Option<NaiveDate>,
    /// Start of the current uninterrupted Duldung.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duldung_since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_issued_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_valid_until: Option<NaiveDate>,
    /// Obligation to live in an initial reception facility (§ 47 AsylG).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception_facility_obligation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_clarified: Option<bool>,
    /// ABH finding under § 60a Abs. 6 Nr. 2 AufenthG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removal_obstacle_self_caused: Option<bool>,
    /// § 60a Abs. 6 Nr. 1 AufenthG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_for_asylblg_benefits: Option<bool>,
    /// Concrete removal measures pending (§ 61 Abs. 1 AsylG, from 27.02.2024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concrete_removal_measures_pending: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unaccompanied_minor: Option<bool>,
    /// Normalised annotation code; `null` when no annotation is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<Annotation>,
    /// The annotation as printed (protected data: never logged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation_text: Option<String>,
    /// Employer named in a job-specific permission or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_employer: Option<String>,
    /// Job named in a job-specific permission or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_job: Option<String>,
    /// Weekly hours allowed by the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_cap: Option<f32>,
}

impl ResidenceFacts {
    /// Facts with only a status type known.
    pub fn new(status_type: StatusType) -> Self {
        ResidenceFacts {
            status_type,
            legal_basis: None,
            nationality: None,
            entry_date: None,
            asylum_request_date: None,
            asylum_application_date: None,
            asylum_outcome: None,
            suspensive_effect_ordered: None,
            papered_stay_since: None,
            duldung_since: None,
            status_issued_date: None,
            document_valid_until: None,
            reception_facility_obligation: None,
            identity_clarified: None,
            removal_obstacle_self_caused: None,
            entered_for_asylblg_benefits: None,
            concrete_removal_measures_pending: None,
            unaccompanied_minor: None,
            annotation: None,
            annotation_text: None,
            title_employer: None,
            title_job: None,
            hours_cap: None,
        }
    }
}

/// Kind of work on offer, as the law classifies it (reference § 3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WorkType {
    /// Ordinary dependent employment subject to social insurance.
    Employment,
    /// *Geringfügige Beschäftigung*.
    MiniJob,
    /// *Betriebliche Berufsausbildung* (Ausbildung).
    VocationalTraining,
    /// *Pflichtpraktikum*.
    InternshipMandatory,
    /// *Orientierungspraktikum*, at most three months.
    #[serde(rename = "internship_orientation_max3m")]
    InternshipOrientationMax3m,
    /// Voluntary internship alongside training or study, at most three months.
    #[serde(rename = "internship_accompanying_max3m")]
    InternshipAccompanyingMax3m,
    /// *Einstiegsqualifizierung* (§ 54a SGB III) or *Berufsausbildungsvorbereitung*.
    EntryQualificationEq,
    /// Any other internship.
    InternshipOther,
    /// BFD, FSJ and other statutory volunteer services.
    VoluntaryService,
    /// *Leiharbeit / Zeitarbeit* (§ 1 AÜG).
    TempAgencyWork,
    /// *Selbständige Tätigkeit*.
    SelfEmployment,
}

impl WorkType {
    /// Every work type, in declaration order.
    pub const ALL: [WorkType; 11] = [
        WorkType::Employment,
        WorkType::MiniJob,
        WorkType::VocationalTraining,
        WorkType::InternshipMandatory,
        WorkType::InternshipOrientationMax3m,
        WorkType::InternshipAccompanyingMax3m,
        WorkType::EntryQualificationEq,
        WorkType::InternshipOther,
        WorkType::VoluntaryService,
        WorkType::TempAgencyWork,
        WorkType::SelfEmployment,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkType::Employment => "employment",
            WorkType::MiniJob => "mini_job",
            WorkType::VocationalTraining => "vocational_training",
            WorkType::InternshipMandatory => "internship_mandatory",
            WorkType::InternshipOrientationMax3m => "internship_orientation_max3m",
            WorkType::InternshipAccompanyingMax3m => "internship_accompanying_max3m",
            WorkType::EntryQualificationEq => "entry_qualification_eq",
            WorkType::InternshipOther => "internship_other",
            WorkType::VoluntaryService => "voluntary_service",
            WorkType::TempAgencyWork => "temp_agency_work",
            WorkType::SelfEmployment => "self_employment",
        }
    }
}
