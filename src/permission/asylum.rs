//! Decision table § 8.1 (*Aufenthaltsgestattung, Ankunftsnachweis, BÜMA*) and the functions of
//! § 7.3 that the Gestattung and Duldung tables share: BA consent, priority check
//! (*Vorrangprüfung*) and Leiharbeit.

use super::data::{DistrictStatus, districts, safe_countries};
use super::dates::period_complete_on;
use super::engine::{Ctx, Derived, Grant};
use super::rules::RuleId;
use super::types::{Confidence, Entitlement, Flag, MissingFact, Permission, ReasonArgs, Remedy};
use crate::domain::{AsylumOutcome, StatusType, WorkType};

const ABH: Permission = Permission::Auslaenderbehoerde;
const BA: Permission = Permission::BaConsent;

/// Decision table § 8.1; rows are checked in order, the first that applies decides.
pub(crate) fn gestattung(ctx: &mut Ctx<'_>) -> Derived {
    let f = ctx.facts;
    if matches!(
        f.status_type,
        StatusType::Ankunftsnachweis | StatusType::Buema
    ) {
        ctx.push(RuleId::S01, ReasonArgs::default());
    }
    if f.asylum_outcome == Some(AsylumOutcome::Recognised) {
        ctx.flag(Flag::StatusUpdatePending);
    }
    if ctx.work == WorkType::SelfEmployment {
        ctx.push(RuleId::G00, ReasonArgs::default());
        return Derived::not_allowed(Some(Remedy::NoSelfEmployment));
    }

    // G-01 … G-04: obliged to live in an initial reception facility.
    let mut entitlement = None;
    match f.reception_facility_obligation {
        Some(true) => match reception_facility(ctx) {
            Ok(()) => entitlement = Some(Entitlement::Anspruch),
            Err(derived) => return derived,
        },
        Some(false) => {}
        None => ctx.missing(MissingFact::ReceptionFacilityObligation),
    }

    // G-10 / G-10a: safe countries of origin.
    if let Some(derived) = safe_country_gestattung(ctx) {
        return derived;
    }

    // G-11: waiting period.
    let start = ctx.papered_start();
    let months = ctx.months(RuleId::G11);
    if let Some(start) = start
        && !ctx.period_over(start, months)
    {
        let date = period_complete_on(start, months);
        let args = ReasonArgs {
            start: Some(start),
            date,
            months: to_u16(months),
            ..ReasonArgs::default()
        };
        ctx.push(RuleId::G11, args);
        return Derived::not_allowed(date.map(Remedy::WaitUntil));
    }
    let entitlement = entitlement.unwrap_or_else(|| outside_entitlement(ctx));

    // G-12: four years.
    if let Some(start) = start
        && ctx.period_over(start, ctx.months(RuleId::G12))
    {
        let months = to_u16(ctx.months(RuleId::G12));
        ctx.push(
            RuleId::G12,
            ReasonArgs {
                start: Some(start),
                months,
                ..ReasonArgs::default()
            },
        );
        return Derived::permission(&[ABH], false, entitlement, Grant::General);
    }

    // G-13: work without BA consent.
    if !needs_ba_consent(ctx) {
        ctx.push(RuleId::G13, ReasonArgs::default());
        return Derived::permission(&[ABH], false, entitlement, Grant::JobSpecific);
    }

    // G-14 / G-15.
    let vp = vorrangpruefung(ctx, start);
    if ctx.work == WorkType::TempAgencyWork && !temp_agency_allowed(ctx, vp) {
        ctx.push(RuleId::G14, ReasonArgs::default());
        return Derived::not_allowed(Some(Remedy::TempAgencyBarred));
    }
    ctx.push(RuleId::G15, ReasonArgs::default());
    Derived::permission(&[ABH, BA], vp, entitlement, Grant::JobSpecific)
}

/// G-01 … G-04. `Ok` when the reception-facility rule lets the evaluation continue.
fn reception_facility(ctx: &mut Ctx<'_>) -> Result<(), Derived> {
    let f = ctx.facts;
    if ctx.active(RuleId::G01) {
        ctx.push(RuleId::G01, ReasonArgs::default());
        return Err(Derived::not_allowed(Some(Remedy::LeaveReceptionFacility)));
    }
    let (met, not_met, geas) = if ctx.active(RuleId::G02) {
        (RuleId::G02, RuleId::G02b, false)
    } else if ctx.active(RuleId::G03) {
        (RuleId::G03, RuleId::G03b, false)
    } else if ctx.active(RuleId::G04) {
        (RuleId::G04, RuleId::G04b, true)
    } else {
        return Ok(());
    };
    let months = ctx.months(met);
    // The period runs from the formal application; a BÜMA/Ankunftsnachweis holder has none yet.
    let (period_over, complete_on) = match f.asylum_application_date {
        Some(app) => (
            ctx.period_over(app, months),
            period_complete_on(app, months),
        ),
        None if matches!(
            f.status_type,
            StatusType::Ankunftsnachweis | StatusType::Buema
        ) =>
        {
            (false, None)
        }
        None => {
            ctx.missing(MissingFact::AsylumApplicationDate);
            (true, None)
        }
    };
    let rejected = match f.asylum_outcome {
        Some(AsylumOutcome::Rejected) => geas,
        Some(AsylumOutcome::RejectedManifestlyUnfounded | AsylumOutcome::RejectedInadmissible) => {
            geas || f.suspensive_effect_ordered != Some(true)
        }
        _ => false,
    };
    // GEAS: safe countries are handled by G-10 afterwards ("continue with G-10 ff.").
    let safe = !geas && on_safe_list(ctx);
    let args = ReasonArgs {
        application: f.asylum_application_date,
        months: to_u16(months),
        date: complete_on,
        ..ReasonArgs::default()
    };
    if period_over && !rejected && !safe {
        ctx.push(met, args);
        Ok(())
    } else {
        ctx.push(not_met, args);
        let remedy = match complete_on {
            Some(date) if !period_over && !rejected && !safe => Remedy::WaitUntil(date),
            _ => Remedy::LeaveReceptionFacility,
        };
        Err(Derived::not_allowed(Some(remedy)))
    }
}

/// Whether the nationality is on the safe list on the evaluation day (for the EAE rows).
fn on_safe_list(ctx: &mut Ctx<'_>) -> bool {
    match ctx.facts.nationality {
        Some(code) => safe_countries().on_list(code, &ctx.clock).is_some(),
        None => {
            ctx.missing(MissingFact::Nationality);
            false
        }
    }
}

/// Entitlement outside a reception facility (notes to § 8.1).
fn outside_entitlement(ctx: &mut Ctx<'_>) -> Entitlement {
    if ctx.active(RuleId::EG2) {
        let months = ctx.months(RuleId::EG2);
        if let Some(app) = ctx.facts.asylum_application_date
            && ctx.clock.months_passed(app, months)
        {
            return Entitlement::Anspruch;
        }
    }
    Entitlement::Ermessen
}

/// Where the application lies relative to a safe-country cut-off (*Stichtag*), § 4.2, § 9 U3:
/// the formal application decides; the contested case and a missing application are flagged.
pub(crate) struct Cutoff {
    /// The application (or, failing that, the request) was after the cut-off.
    pub after: bool,
    pub application: Option<chrono::NaiveDate>,
}

pub(crate) fn cutoff_position(ctx: &mut Ctx<'_>, cutoff: chrono::NaiveDate) -> Cutoff {
    let f = ctx.facts;
    match (f.asylum_request_date, f.asylum_application_date) {
        (request, Some(app)) => {
            if request.is_some_and(|r| r <= cutoff) && app > cutoff {
                ctx.flag(Flag::CutoffDateContested);
            }
            Cutoff {
                after: app > cutoff,
                application: Some(app),
            }
        }
        (Some(request), None) => {
            // A later application necessarily falls after the cut-off too.
            ctx.missing(MissingFact::AsylumApplicationDate);
            if request <= cutoff {
                ctx.flag(Flag::CutoffDateContested);
            }
            Cutoff {
                after: request > cutoff,
                application: Some(request),
            }
        }
        (None, None) => {
            ctx.missing(MissingFact::AsylumApplicationDate);
            Cutoff {
                after: false,
                application: None,
            }
        }
    }
}

/// G-10 and G-10a; `Some` if the safe-country ban decides.
fn safe_country_gestattung(ctx: &mut Ctx<'_>) -> Option<Derived> {
    let Some(code) = ctx.facts.nationality else {
        if ctx.active(RuleId::G10) || ctx.active(RuleId::G10a) {
            ctx.missing(MissingFact::Nationality);
        }
        return None;
    };
    let data = safe_countries();
    if data.announced(code, &ctx.clock) {
        ctx.flag(Flag::SafeCountryDesignationPending);
    }
    let country = data.on_list(code, &ctx.clock)?;
    if ctx.active(RuleId::G10) && ctx.clock.since(country.ban_from) {
        if country.confidence == Confidence::Medium {
            ctx.medium = true;
        }
        let position = cutoff_position(ctx, country.cutoff);
        let args = ReasonArgs {
            country: Some(code),
            application: position.application,
            cutoff: Some(country.cutoff),
            ..ReasonArgs::default()
        };
        if position.after {
            ctx.push(RuleId::G10, args);
            return Some(Derived::not_allowed(Some(Remedy::SafeCountryBan)));
        }
        if position.application.is_some() {
            ctx.push(RuleId::SC01, args);
        }
    } else if ctx.active(RuleId::G10a) {
        ctx.push(
            RuleId::G10a,
            ReasonArgs {
                country: Some(code),
                ..ReasonArgs::default()
            },
        );
        ctx.flag(Flag::AbhDiscretionRestrictivePractice);
    }
    None
}

/// `needs_ba_consent` of § 7.3, without the 4-year rule (checked before by G-12/D-10).
pub(crate) fn needs_ba_consent(ctx: &mut Ctx<'_>) -> bool {
    match ctx.work {
        WorkType::VocationalTraining | WorkType::VoluntaryService => false,
        WorkType::InternshipMandatory
        | WorkType::InternshipOrientationMax3m
        | WorkType::InternshipAccompanyingMax3m
        | WorkType::EntryQualificationEq => {
            if ctx.active(RuleId::Z01) {
                ctx.push(RuleId::Z01, ReasonArgs::default());
                false
            } else {
                ctx.push(RuleId::Z00, ReasonArgs::default());
                true
            }
        }
        WorkType::InternshipOther => {
            ctx.push(RuleId::Z03, ReasonArgs::default());
            true
        }
        WorkType::Employment
        | WorkType::MiniJob
        | WorkType::TempAgencyWork
        | WorkType::SelfEmployment => true,
    }
}

/// `vorrangpruefung` of § 7.3 (only asked where BA consent is needed).
pub(crate) fn vorrangpruefung(ctx: &mut Ctx<'_>, start: Option<chrono::NaiveDate>) -> bool {
    if ctx.active(RuleId::V01) {
        ctx.push(RuleId::V01, ReasonArgs::default());
        return true;
    }
    let rule = if ctx.active(RuleId::V02) {
        RuleId::V02
    } else if ctx.active(RuleId::V03) {
        RuleId::V03
    } else {
        ctx.push(RuleId::V04, ReasonArgs::default());
        return false;
    };
    let months = ctx.months(rule);
    let args = ReasonArgs {
        start,
        months: to_u16(months),
        date: start.and_then(|s| period_complete_on(s, months)),
        ..ReasonArgs::default()
    };
    ctx.push(rule, args);
    if start.is_some_and(|s| ctx.period_over(s, months)) {
        return false;
    }
    if ctx.vacancy.fachkraft_exception_32_5_1 == Some(true) {
        ctx.push(RuleId::VFK, ReasonArgs::default());
        return false;
    }
    if rule == RuleId::V02 {
        return true;
    }
    // V-03: the workplace district (Anlage zu § 32 BeschV); not listed ⇒ priority check.
    let list = districts();
    if !ctx.clock.within(Some(list.valid_from), Some(list.valid_to)) {
        return true;
    }
    match ctx.vacancy.workplace_agency_district.as_deref() {
        Some(district) => match list.status(district) {
            DistrictStatus::Listed => false,
            DistrictStatus::Excluded => true,
            DistrictStatus::Unrecognised => {
                ctx.flag(Flag::DistrictUnrecognised);
                true
            }
        },
        None => {
            ctx.missing(MissingFact::VacancyDistrict);
            true
        }
    }
}

/// `temp_agency_allowed` of § 7.3, without the 4-year rule (checked before).
pub(crate) fn temp_agency_allowed(ctx: &mut Ctx<'_>, vp: bool) -> bool {
    if ctx.active(RuleId::L01) {
        ctx.push(RuleId::L01, ReasonArgs::default());
        false
    } else if ctx.active(RuleId::L02) {
        ctx.push(RuleId::L02, ReasonArgs::default());
        !vp
    } else {
        ctx.push(RuleId::L03, ReasonArgs::default());
        true
    }
}

pub(crate) fn to_u16(months: u32) -> Option<u16> {
    u16::try_from(months).ok()
}
