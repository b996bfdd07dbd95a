//! The engine's result (*Prüfergebnis*) and the vacancy facts it reads. Everything here is
//! `Copy` or inline so that [`super::evaluate`] does not allocate; texts are rendered from the
//! rule table only when a verdict is serialised (see `api.rs`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::RuleId;
use crate::domain::CountryCode;

/// The facts about the vacancy that the law looks at (*Stellenangaben*), reference § 2.2.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VacancyFacts {
    /// Employer, matched against a job-specific permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Job title, matched against a job-specific permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    /// BA *Agenturbezirk* of the place of work, e.g. `AA Köln` (matters 06.08.2016–05.08.2019).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workplace_agency_district: Option<String>,
    /// Weekly hours of the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_week: Option<f32>,
    /// The job falls under § 32 Abs. 5 Nr. 1 BeschV a.F. (Blue-Card shortage job,
    /// Positivliste or recognition job), 11.11.2014–05.08.2019.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fachkraft_exception_32_5_1: Option<bool>,
}

/// Whether the person may take the work (*Ergebnis*). Ordered by rank:
/// `not_allowed < permission_required < allowed`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    NotAllowed,
    PermissionRequired,
    Allowed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotAllowed => "not_allowed",
            Outcome::PermissionRequired => "permission_required",
            Outcome::Allowed => "allowed",
        }
    }
}

/// Who must agree before the work may start (*Zustimmung / Erlaubnis*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// *Ausländerbehörde*: the immigration office's permission.
    Auslaenderbehoerde,
    /// *Zustimmung der Bundesagentur für Arbeit* (§ 39 AufenthG).
    BaConsent,
    /// *Arbeitsgenehmigung-EU* of the BA (EU transitional rules).
    BaArbeitsgenehmigungEu,
}

impl Permission {
    const ALL: [Permission; 3] = [
        Permission::Auslaenderbehoerde,
        Permission::BaConsent,
        Permission::BaArbeitsgenehmigungEu,
    ];

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`Permission`]s (*erforderliche Zustimmungen*), iterated in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Permissions(u8);

impl Permissions {
    pub const NONE: Permissions = Permissions(0);

    pub fn of(list: &[Permission]) -> Permissions {
        Permissions(list.iter().fold(0, |acc, p| acc | p.bit()))
    }

    pub fn contains(self, p: Permission) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }
}

/// How far the rule path used is verified (*Verlässlichkeit*), reference § 1.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Medium,
    High,
}

/// How strongly the authority is bound (*Anspruch / Soll / Ermessen*); informational only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Entitlement {
    #[serde(rename = "anspruch")]
    Anspruch,
    #[serde(rename = "soll")]
    Soll,
    #[serde(rename = "ermessen")]
    Ermessen,
    #[serde(rename = "n/a")]
    NotApplicable,
}

macro_rules! bitset_enum {
    ($(#[$meta:meta])* $name:ident, $set:ident, $ty:ty, { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        #[doc = concat!("A set of [`", stringify!($name), "`] values.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $set($ty);

        impl $set {
            pub fn insert(&mut self, item: $name) {
                self.0 |= 1 << (item as u32);
            }

            pub fn contains(self, item: $name) -> bool {
                self.0 & (1 << (item as u32)) != 0
            }

            pub fn is_empty(self) -> bool {
                self.0 == 0
            }

            pub fn iter(self) -> impl Iterator<Item = $name> {
                $name::ALL.iter().copied().filter(move |f| self.contains(*f))
            }
        }
    };
}

bitset_enum!(
    /// Something a case worker must look at (*Prüfhinweis*). The JSON name is `as_str()`.
    Flag, Flags, u32, {
        /// The document's annotation and the statute disagree (reference § 5.2).
        AnnotationConflict => "ANNOTATION_CONFLICT",
        /// No work annotation is known for a document that should carry one.
        AnnotationMissing => "ANNOTATION_MISSING",
        /// The document expired before the evaluation day.
        DocumentExpired => "DOCUMENT_EXPIRED",
        /// Safe-country cut-off: Asylgesuch before, formal application after (§ 9 U3).
        CutoffDateContested => "CUTOFF_DATE_CONTESTED",
        /// A rule whose legal text is not verified decided (GEAS 2026, § 9 U1).
        RuleProvisional => "RULE_PROVISIONAL",
        /// A finding of the immigration office is needed (§ 60a Abs. 6 AufenthG).
        AbhDeterminationRequired => "ABH_DETERMINATION_REQUIRED",
        /// Safe-country national before the statutory ban (reference § 7.1).
        AbhDiscretionRestrictivePractice => "ABH_DISCRETION_RESTRICTIVE_PRACTICE",
        /// Asylum recognised but the person still holds the Gestattung (§ 8.4 note).
        StatusUpdatePending => "STATUS_UPDATE_PENDING",
        /// The workplace district is in neither BA district list (§ 7.2).
        DistrictUnrecognised => "DISTRICT_UNRECOGNISED",
        /// Nationality announced as safe country by Rechtsverordnung, unverified (§ 9 U2).
        SafeCountryDesignationPending => "SAFE_COUNTRY_DESIGNATION_PENDING",
        /// A waiting period ends on the evaluation day (§ 4.1, § 9 U9).
        PeriodEndsToday => "PERIOD_ENDS_TODAY",
        /// The in-force day of a rule used is unverified (§ 9 U4).
        InForceDayUnverified => "IN_FORCE_DAY_UNVERIFIED",
        /// The legal basis of the title is not recognised or not modelled.
        LegalBasisUnrecognised => "LEGAL_BASIS_UNRECOGNISED",
        /// The document type or legal basis did not exist on the evaluation day.
        StatusNotInForce => "STATUS_NOT_IN_FORCE",
    }
);

bitset_enum!(
    /// A fact the rule path needed but did not get (*fehlende Angabe*). The flag is
    /// `FACT_MISSING:<JSON path of the request field>`.
    MissingFact, MissingFacts, u32, {
        LegalBasis => "FACT_MISSING:candidate.legal_basis",
        Nationality => "FACT_MISSING:candidate.nationality",
        AsylumRequestDate => "FACT_MISSING:candidate.asylum_request_date",
        AsylumApplicationDate => "FACT_MISSING:candidate.asylum_application_date",
        AsylumOutcome => "FACT_MISSING:candidate.asylum_outcome",
        PaperedStaySince => "FACT_MISSING:candidate.papered_stay_since",
        DuldungSince => "FACT_MISSING:candidate.duldung_since",
        ReceptionFacilityObligation => "FACT_MISSING:candidate.reception_facility_obligation",
        RemovalObstacleSelfCaused => "FACT_MISSING:candidate.removal_obstacle_self_caused",
        EnteredForAsylblgBenefits => "FACT_MISSING:candidate.entered_for_asylblg_benefits",
        ConcreteRemovalMeasuresPending => "FACT_MISSING:candidate.concrete_removal_measures_pending",
        TitleEmployer => "FACT_MISSING:candidate.title_employer",
        VacancyEmployer => "FACT_MISSING:vacancy.employer",
        VacancyJob => "FACT_MISSING:vacancy.job",
        VacancyHours => "FACT_MISSING:vacancy.hours_per_week",
        VacancyDistrict => "FACT_MISSING:vacancy.workplace_agency_district",
    }
);

/// Values that fill the placeholders of a rule's text (*Fallangaben*: `{country}`, `{start}`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReasonArgs {
    pub country: Option<CountryCode>,
    pub start: Option<NaiveDate>,
    pub date: Option<NaiveDate>,
    pub application: Option<NaiveDate>,
    pub cutoff: Option<NaiveDate>,
    pub months: Option<u16>,
    pub hours: Option<u16>,
}

/// One rule on the path to a verdict (*Begründung*): the rule, which of its dated versions,
/// and the facts quoted in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub rule: RuleId,
    pub(crate) version: u8,
    pub args: ReasonArgs,
}

const MAX_REASONS: usize = 12;

/// The rules on the path to a verdict (*Begründungen*), in the order applied (inline, no heap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reasons {
    items: [Option<Reason>; MAX_REASONS],
    len: u8,
}

impl Reasons {
    pub(crate) fn push(&mut self, reason: Reason) {
        if self.iter().any(|r| r.rule == reason.rule) {
            return;
        }
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = Some(reason);
            self.len += 1;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Reason> {
        self.items.iter().take(usize::from(self.len)).flatten()
    }

    pub fn contains(&self, rule: RuleId) -> bool {
        self.iter().any(|r| r.rule == rule)
    }

    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What the case worker can do (*Abhilfe*); rendered to text in `api.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The annotation is stricter than the statute.
    AmendAnnotation,
    /// A waiting period or the reception-facility period ends; work possible from the date.
    WaitUntil(NaiveDate),
    /// Apply to the immigration office for a permission for this job.
    ApplyAbh,
    /// Same, and the BA's consent is obtained through the office.
    ApplyAbhWithBa,
    /// Apply to the BA for an Arbeitsgenehmigung-EU.
    ApplyBaEu,
    /// The document expired on the date; the current status must be checked.
    CheckCurrentDocument(NaiveDate),
    /// Access opens when the obligation to live in a reception facility ends.
    LeaveReceptionFacility,
    /// Leiharbeit is barred; direct employment can be checked.
    TempAgencyBarred,
    /// Self-employment is not possible with this document.
    NoSelfEmployment,
    /// The safe-country ban lasts while the status lasts.
    SafeCountryBan,
    /// § 60b: identity must be clarified / passport obligations fulfilled.
    ClarifyIdentity,
    /// § 60a Abs. 6: only a change of the facts found by the office opens access.
    AbhFindingBan,
    /// Concrete removal measures are pending.
    RemovalPending,
    /// No document: the residence status must be clarified.
    ClarifyStatus,
    /// The annotation of the document decides; record it.
    RecordAnnotation,
}

/// The engine's answer for one person, work type, vacancy and day (*Prüfergebnis*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    pub permissions: Permissions,
    pub vorrangpruefung: bool,
    pub entitlement: Entitlement,
    pub confidence: Confidence,
    pub reasons: Reasons,
    pub flags: Flags,
    pub missing: MissingFacts,
    pub remedy: Option<Remedy>,
    /// The earliest later day on which any date comparison on this path flips (not
    /// necessarily a change of the verdict); used by `changes_on`.
    pub(crate) next_boundary: Option<NaiveDate>,
}

impl Verdict {
    /// What `changes_on` compares: verdict, permissions and priority check.
    pub fn key(&self) -> (Outcome, Permissions, bool) {
        (self.outcome, self.permissions, self.vorrangpruefung)
    }

    /// Whether a flag (or, for `FACT_MISSING:…`, a missing fact) is set.
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(flag)
    }

    /// All flags as JSON strings: the fixed flags first, then `FACT_MISSING:…`.
    pub fn flag_strings(&self) -> impl Iterator<Item = &'static str> {
        self.flags
            .iter()
            .map(Flag::as_str)
            .chain(self.missing.iter().map(MissingFact::as_str))
    }
}
