//! The anonymised needs analysis (*Bedarfsanalyse*): for every status type and work type, the
//! verdict a typical holder gets on a day, with the assumptions that make the holder typical.

use chrono::{Months, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use super::engine::evaluate;
use super::types::{Confidence, Outcome, Permission, VacancyFacts};
use crate::domain::{AsylumOutcome, CountryCode, ResidenceFacts, StatusType, WorkType};

/// Verdicts of typical holders of each status type (*Übersicht*).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Matrix {
    pub as_of: NaiveDate,
    /// What is assumed about every vacancy.
    pub vacancy_assumptions: String,
    pub rows: Vec<MatrixRow>,
}

/// One status type with its assumptions (*Annahmen*) and a verdict per work type.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatrixRow {
    pub status_type: StatusType,
    pub assumptions: String,
    pub cells: Vec<MatrixCell>,
}

/// The verdict for one work type (*Art der Tätigkeit*).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatrixCell {
    pub work_type: WorkType,
    pub verdict: Outcome,
    pub permissions: Vec<Permission>,
    pub vorrangpruefung: bool,
    pub confidence: Confidence,
    /// The rule ids on the path, as in `reasons[].rule`.
    pub rules: Vec<String>,
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

fn months_after(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

/// The typical holder of a status type on a day, and the assumptions in words.
fn typical(status: StatusType, as_of: NaiveDate) -> (ResidenceFacts, &'static str) {
    let mut f = ResidenceFacts::new(status);
    let ago = |m| Some(months_before(as_of, m));
    f.document_valid_until = Some(months_after(as_of, 6));
    let not_safe = CountryCode::known("SY");
    let text = match status {
        StatusType::Aufenthaltsgestattung | StatusType::Buema => {
            f.nationality = Some(not_safe);
            f.asylum_request_date = ago(5);
            f.asylum_application_date = ago(5);
            f.papered_stay_since = ago(5);
            f.asylum_outcome = Some(AsylumOutcome::Pending);
            f.reception_facility_obligation = Some(false);
            f.identity_clarified = Some(true);
            "5 months of papered stay since the asylum request, application pending, not a safe country of origin, not obliged to live in a reception facility, no annotation known"
        }
        StatusType::Ankunftsnachweis => {
            f.nationality = Some(not_safe);
            f.asylum_request_date = ago(1);
            f.papered_stay_since = ago(1);
            f.asylum_outcome = Some(AsylumOutcome::Pending);
            f.reception_facility_obligation = Some(true);
            f.identity_clarified = Some(true);
            "issued 1 month ago, formal application not yet made, obliged to live in the reception facility, not a safe country of origin, no annotation known"
        }
        StatusType::Duldung
        | StatusType::Duldung60b
        | StatusType::Duldung60c
        | StatusType::Duldung60d => {
            f.nationality = Some(CountryCode::known("AF"));
            f.asylum_request_date = ago(24);
            f.asylum_application_date = ago(24);
            f.papered_stay_since = ago(24);
            f.duldung_since = ago(12);
            f.asylum_outcome = Some(AsylumOutcome::Rejected);
            f.reception_facility_obligation = Some(false);
            f.identity_clarified = Some(status != StatusType::Duldung60b);
            f.removal_obstacle_self_caused = Some(false);
            f.entered_for_asylblg_benefits = Some(false);
            f.concrete_removal_measures_pending = Some(false);
            f.unaccompanied_minor = Some(false);
            "2 years of papered stay, Duldung for 1 year after a rejected asylum application, not a safe country of origin, no ban under § 60a Abs. 6 found, no removal measures pending, not in a reception facility, no annotation known (§ 60c: the vacancy is not shown to be the named training)"
        }
        StatusType::Aufenthaltserlaubnis => {
            f.legal_basis = Some("AufenthG §25 Abs. 2".to_owned());
            f.papered_stay_since = ago(36);
            f.status_issued_date = ago(12);
            "§ 25 Abs. 2 AufenthG (refugee or subsidiary protection), issued 1 year ago, no annotation known"
        }
        StatusType::Niederlassungserlaubnis => {
            f.legal_basis = Some("AufenthG §26 Abs. 3".to_owned());
            f.status_issued_date = ago(12);
            f.document_valid_until = None;
            "§ 26 Abs. 3 AufenthG settlement permit, no annotation known"
        }
        StatusType::DaueraufenthaltEu => {
            f.legal_basis = Some("AufenthG §9a".to_owned());
            f.status_issued_date = ago(12);
            f.document_valid_until = None;
            "§ 9a AufenthG, no annotation known"
        }
        StatusType::Fiktionsbescheinigung => {
            f.legal_basis = Some("AufenthG §81 Abs. 4".to_owned());
            f.status_issued_date = ago(1);
            "§ 81 Abs. 4 AufenthG (extension applied for), no annotation known"
        }
        StatusType::EuCitizen => {
            f.nationality = Some(CountryCode::known("PL"));
            f.document_valid_until = None;
            "Polish citizen (no transitional restrictions)"
        }
        StatusType::EeaSwissCitizen => {
            f.nationality = Some(CountryCode::known("NO"));
            f.document_valid_until = None;
            "Norwegian citizen"
        }
        StatusType::None => {
            f.document_valid_until = None;
            "no residence document"
        }
    };
    (f, text)
}

/// For each status type × work type, the verdict a typical holder gets on `as_of`.
pub fn matrix(as_of: NaiveDate) -> Matrix {
    let vacancy = VacancyFacts::default();
    let rows = StatusType::ALL
        .iter()
        .map(|&status| {
            let (facts, assumptions) = typical(status, as_of);
            let cells = WorkType::ALL
                .iter()
                .map(|&work_type| {
                    let v = evaluate(&facts, work_type, &vacancy, as_of);
                    MatrixCell {
                        work_type,
                        verdict: v.outcome,
                        permissions: v.permissions.iter().collect(),
                        vorrangpruefung: v.vorrangpruefung,
                        confidence: v.confidence,
                        rules: v
                            .reasons
                            .iter()
                            .map(|r| r.rule.as_str().to_owned())
                            .collect(),
                    }
                })
                .collect();
            MatrixRow {
                status_type: status,
                assumptions: assumptions.to_owned(),
                cells,
            }
        })
        .collect();
    Matrix {
        as_of,
        vacancy_assumptions: "an ordinary vacancy: employer, job and hours not given, no BA district given (where the district decides, the priority check is assumed), no skilled-worker exception".to_owned(),
        rows,
    }
}
