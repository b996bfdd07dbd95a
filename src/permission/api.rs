//! The HTTP contract of `POST /api/v1/work-permission/check` (API.md, "Work-permission
//! check"): request, response, and the check of contradictory facts (*Plausibilitätsprüfung*).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::annotation::normalise_annotation;
use super::changes::changes_after;
use super::dates::german;
use super::engine::evaluate;
use super::rules::{render, rules};
use super::types::{Confidence, Entitlement, Outcome, Permission, Remedy, VacancyFacts, Verdict};
use crate::domain::{Annotation, AsylumOutcome, ResidenceFacts, StatusType, WorkType};

/// A work-permission check (*Prüfauftrag*): one case as in the public cases file, without the
/// expectations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The day the work would start.
    pub as_of_date: NaiveDate,
    pub candidate: ResidenceFacts,
    pub work_type: WorkType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vacancy: Option<VacancyFacts>,
}

/// One rule on the path to the verdict, with its text (*Begründung*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReasonText {
    /// Rule id of `index-config/permission/rules.toml`, e.g. `G-03`.
    pub rule: String,
    pub text_de: String,
    pub text_en: String,
    pub citation: String,
}

/// The answer of the check (*Prüfergebnis*), serialised as API.md specifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckResponse {
    pub verdict: Outcome,
    pub permissions: Vec<Permission>,
    pub vorrangpruefung: bool,
    pub reasons: Vec<ReasonText>,
    pub citations: Vec<String>,
    /// Fixed flags (e.g. `ANNOTATION_MISSING`) and `FACT_MISSING:<field path>`.
    pub flags: Vec<String>,
    pub remedy: Option<String>,
    /// The next day on which verdict, permissions or priority check change for these facts.
    pub changes_on: Option<NaiveDate>,
    pub confidence: Confidence,
    /// How strongly the authority is bound (informational, reference § 1).
    pub entitlement: Entitlement,
}

/// A contradictory or malformed fact (*unplausible Angabe*) is answered with HTTP 400 and a
/// [`FieldError`] naming it: `date_order`, `after_as_of`, `out_of_range`, `contradiction`.
pub use crate::domain::FieldError;

/// Checks the facts, evaluates them and renders the answer with `changes_on`.
pub fn check(req: &CheckRequest) -> Result<CheckResponse, Vec<FieldError>> {
    let errors = validate(req);
    if !errors.is_empty() {
        return Err(errors);
    }
    let vacancy = req.vacancy.clone().unwrap_or_default();
    let verdict = evaluate(&req.candidate, req.work_type, &vacancy, req.as_of_date);
    let changes_on = changes_after(&req.candidate, req.work_type, &vacancy, &verdict);
    Ok(respond(&verdict, changes_on))
}

/// Facts that cannot all be true. Missing facts are never errors, and neither is an expired
/// document (that is a verdict).
pub fn validate(req: &CheckRequest) -> Vec<FieldError> {
    let c = &req.candidate;
    let mut errors = Vec::new();
    let as_of = req.as_of_date;
    let past_events = [
        ("candidate.entry_date", c.entry_date),
        ("candidate.asylum_request_date", c.asylum_request_date),
        (
            "candidate.asylum_application_date",
            c.asylum_application_date,
        ),
        ("candidate.papered_stay_since", c.papered_stay_since),
        ("candidate.duldung_since", c.duldung_since),
        ("candidate.status_issued_date", c.status_issued_date),
    ];
    for (field, date) in past_events {
        if let Some(date) = date
            && date > as_of
        {
            errors.push(FieldError::new(
                field,
                "after_as_of",
                format!(
                    "{} is after as_of_date {}: the facts must describe the situation on that day",
                    german(date),
                    german(as_of)
                ),
            ));
        }
    }
    let mut order =
        |field: &str, later: Option<NaiveDate>, earlier: Option<NaiveDate>, what: &str| {
            if let (Some(later), Some(earlier)) = (later, earlier)
                && later < earlier
            {
                errors.push(FieldError::new(
                    field,
                    "date_order",
                    format!("{} is before {what} {}", german(later), german(earlier)),
                ));
            }
        };
    order(
        "candidate.document_valid_until",
        c.document_valid_until,
        c.status_issued_date,
        "status_issued_date",
    );
    order(
        "candidate.asylum_application_date",
        c.asylum_application_date,
        c.asylum_request_date,
        "asylum_request_date",
    );
    order(
        "candidate.duldung_since",
        c.duldung_since,
        c.papered_stay_since,
        "papered_stay_since (a Duldung is papered stay)",
    );

    if c.asylum_outcome == Some(AsylumOutcome::NeverApplied) {
        if c.asylum_application_date.is_some() {
            errors.push(FieldError::new(
                "candidate.asylum_application_date",
                "contradiction",
                "an application date is given but asylum_outcome is never_applied",
            ));
        }
        if matches!(
            c.status_type,
            StatusType::Aufenthaltsgestattung | StatusType::Ankunftsnachweis | StatusType::Buema
        ) {
            errors.push(FieldError::new(
                "candidate.asylum_outcome",
                "contradiction",
                "never_applied, but the document is issued to asylum seekers",
            ));
        }
    }
    if c.status_type == StatusType::None && (c.annotation.is_some() || c.annotation_text.is_some())
    {
        errors.push(FieldError::new(
            "candidate.annotation",
            "contradiction",
            "status_type none: there is no document to carry an annotation",
        ));
    }
    if let (Some(code), Some(text)) = (c.annotation, c.annotation_text.as_deref())
        && let Some(read) = normalise_annotation(text)
        && let (Some(said), Some(printed)) = (grants(code), grants(read))
        && said != printed
    {
        errors.push(FieldError::new(
            "candidate.annotation",
            "contradiction",
            "the annotation code and the printed annotation_text say opposite things",
        ));
    }
    let hours_ok = |h: f32| h.is_finite() && h > 0.0 && h <= 168.0;
    if c.hours_cap.is_some_and(|h| !hours_ok(h)) {
        errors.push(FieldError::new(
            "candidate.hours_cap",
            "out_of_range",
            "weekly hours must be more than 0 and at most 168",
        ));
    }
    if let Some(v) = &req.vacancy
        && v.hours_per_week.is_some_and(|h| !hours_ok(h))
    {
        errors.push(FieldError::new(
            "vacancy.hours_per_week",
            "out_of_range",
            "weekly hours must be more than 0 and at most 168",
        ));
    }
    errors
}

/// Whether an annotation permits dependent work at all (`None`: it does not say).
fn grants(a: Annotation) -> Option<bool> {
    match a {
        Annotation::ErwerbErlaubt | Annotation::BeschErlaubt | Annotation::BeschSpezifisch => {
            Some(true)
        }
        Annotation::ErwerbNichtGestattet => Some(false),
        Annotation::BeschNurMitErlaubnis | Annotation::SelbstNicht => None,
    }
}

/// Renders a verdict as the API response.
pub fn respond(verdict: &Verdict, changes_on: Option<NaiveDate>) -> CheckResponse {
    let table = rules();
    let mut reasons = Vec::with_capacity(verdict.reasons.len());
    let mut citations: Vec<String> = Vec::new();
    for reason in verdict.reasons.iter() {
        let Some(v) = table.version(reason.rule, reason.version) else {
            continue;
        };
        if !citations.contains(&v.citation) {
            citations.push(v.citation.clone());
        }
        reasons.push(ReasonText {
            rule: reason.rule.as_str().to_owned(),
            text_de: render(&v.text_de, &reason.args),
            text_en: render(&v.text_en, &reason.args),
            citation: v.citation.clone(),
        });
    }
    CheckResponse {
        verdict: verdict.outcome,
        permissions: verdict.permissions.iter().collect(),
        vorrangpruefung: verdict.vorrangpruefung,
        reasons,
        citations,
        flags: verdict.flag_strings().map(str::to_owned).collect(),
        remedy: verdict.remedy.map(remedy_text),
        changes_on,
        confidence: verdict.confidence,
        entitlement: verdict.entitlement,
    }
}

/// The remedy in words (English, with the German terms case workers use).
pub fn remedy_text(remedy: Remedy) -> String {
    match remedy {
        Remedy::AmendAnnotation => "apply to ABH to amend the Nebenbestimmung and for a job-specific permission".to_owned(),
        Remedy::WaitUntil(date) => format!("waiting period ends; work possible from {}: then apply to the ABH for a Beschäftigungserlaubnis for this job", german(date)),
        Remedy::ApplyAbh => "apply to the ABH for a Beschäftigungserlaubnis for this job".to_owned(),
        Remedy::ApplyAbhWithBa => "apply to the ABH for a Beschäftigungserlaubnis for this job; the ABH obtains the BA's consent (the employer fills in the BA form \"Stellenbeschreibung\")".to_owned(),
        Remedy::ApplyBaEu => "apply to the BA for an Arbeitserlaubnis-EU / Arbeitsgenehmigung-EU".to_owned(),
        Remedy::CheckCurrentDocument(date) => format!("the document expired after {}: check the current residence document (new title, Fiktionsbescheinigung or Duldung) and run the check again", german(date)),
        Remedy::LeaveReceptionFacility => "access opens only when the obligation to live in the reception facility ends or its conditions are met".to_owned(),
        Remedy::TempAgencyBarred => "Leiharbeit is barred on this date; direct employment with the hirer can be checked instead".to_owned(),
        Remedy::NoSelfEmployment => "self-employment is not possible with this document; dependent employment can be checked instead".to_owned(),
        Remedy::SafeCountryBan => "the safe-country ban lasts as long as this status; only a change of status opens access".to_owned(),
        Remedy::ClarifyIdentity => "the § 60b ban ends when the person fulfils the passport obligations and the ABH issues an ordinary Duldung".to_owned(),
        Remedy::AbhFindingBan => "ban under § 60a Abs. 6 AufenthG: only a change of the facts found by the ABH opens access".to_owned(),
        Remedy::RemovalPending => "no permission while concrete removal measures are pending".to_owned(),
        Remedy::ClarifyStatus => "no residence document: clarify the residence status first".to_owned(),
        Remedy::RecordAnnotation => "record the work annotation printed on the document; it decides".to_owned(),
    }
}
