//! Decision table § 8.2 (*Duldung*, §§ 60a–60d AufenthG).

use super::asylum::{
    cutoff_position, needs_ba_consent, temp_agency_allowed, to_u16, vorrangpruefung,
};
use super::data::safe_countries;
use super::dates::period_complete_on;
use super::engine::{Ctx, Derived, Grant};
use super::rules::RuleId;
use super::types::{Confidence, Entitlement, Flag, MissingFact, Permission, ReasonArgs, Remedy};
use crate::domain::{AsylumOutcome, StatusType, WorkType};

const ABH: Permission = Permission::Auslaenderbehoerde;
const BA: Permission = Permission::BaConsent;

/// Decision table § 8.2; rows are checked in order, the first that applies decides.
pub(crate) fn duldung(ctx: &mut Ctx<'_>) -> Derived {
    let f = ctx.facts;
    let none = ReasonArgs::default();
    // A § 60c/§ 60d Duldung is only issued when the bans of § 60a Abs. 6 do not apply, so for
    // these the ban facts are presumed absent rather than reported missing.
    let presumed = matches!(
        f.status_type,
        StatusType::Duldung60c | StatusType::Duldung60d
    );

    if ctx.work == WorkType::SelfEmployment {
        ctx.push(RuleId::D00, none);
        return Derived::not_allowed(Some(Remedy::NoSelfEmployment));
    }
    if f.status_type == StatusType::Duldung60b {
        if ctx.active(RuleId::D01) {
            ctx.push(RuleId::D01, none);
            return Derived::not_allowed(Some(Remedy::ClarifyIdentity));
        }
        ctx.flag(Flag::StatusNotInForce);
    }
    if f.status_type == StatusType::Duldung60c && !ctx.active(RuleId::D07) {
        ctx.flag(Flag::StatusNotInForce);
    }

    // D-02, D-03: § 60a Abs. 6 S. 1 Nr. 1 and 2.
    match f.entered_for_asylblg_benefits {
        Some(true) => {
            ctx.push(RuleId::D02, none);
            return Derived::not_allowed(Some(Remedy::AbhFindingBan));
        }
        Some(false) => {}
        None if presumed => {}
        None => ctx.missing(MissingFact::EnteredForAsylblgBenefits),
    }
    match f.removal_obstacle_self_caused {
        Some(true) => {
            ctx.push(RuleId::D03, none);
            return Derived::not_allowed(Some(Remedy::AbhFindingBan));
        }
        Some(false) => {
            if f.identity_clarified == Some(false) {
                ctx.push(RuleId::DN1, none);
            }
        }
        None if presumed => {}
        None => {
            if f.identity_clarified == Some(true) {
                ctx.missing(MissingFact::RemovalObstacleSelfCaused);
            } else {
                ctx.flag(Flag::AbhDeterminationRequired);
            }
        }
    }

    // D-04 / D-04b: safe countries of origin.
    if let Some(derived) = safe_country_duldung(ctx) {
        return derived;
    }

    // D-05 / D-05b: obliged to live in a reception facility.
    if ctx.active(RuleId::D05) {
        match f.reception_facility_obligation {
            Some(true) => {
                if let Some(derived) = reception_facility(ctx) {
                    return derived;
                }
            }
            Some(false) => {}
            None => ctx.missing(MissingFact::ReceptionFacilityObligation),
        }
    }

    // D-06: concrete removal measures.
    if ctx.active(RuleId::D06) {
        match f.concrete_removal_measures_pending {
            Some(true) => {
                ctx.push(RuleId::D06, none);
                return Derived::not_allowed(Some(Remedy::RemovalPending));
            }
            Some(false) => {}
            None if presumed => {}
            None => ctx.missing(MissingFact::ConcreteRemovalMeasuresPending),
        }
    }
    let entitlement = if ctx.active(RuleId::ED2) {
        Entitlement::Soll
    } else {
        Entitlement::Ermessen
    };

    // D-07: the training named in an Ausbildungsduldung.
    if f.status_type == StatusType::Duldung60c
        && ctx.work == WorkType::VocationalTraining
        && ctx.active(RuleId::D07)
        && named_training(ctx)
    {
        ctx.push(RuleId::D07, none);
        return Derived::permission(&[ABH], false, Entitlement::Anspruch, Grant::JobSpecific);
    }

    // D-08: work without BA consent, no waiting period.
    if !needs_ba_consent(ctx) {
        ctx.push(RuleId::D08, none);
        return Derived::permission(&[ABH], false, entitlement, Grant::JobSpecific);
    }

    // D-09: waiting period for work that needs BA consent.
    let start = ctx.papered_start();
    let months = ctx.months(RuleId::D09);
    if let Some(start) = start
        && !ctx.period_over(start, months)
    {
        let date = period_complete_on(start, months);
        let args = ReasonArgs {
            start: Some(start),
            date,
            months: to_u16(months),
            ..none
        };
        ctx.push(RuleId::D09, args);
        return Derived::not_allowed(date.map(Remedy::WaitUntil));
    }

    // D-10: four years.
    let four_years = ctx.months(RuleId::D10);
    if let Some(start) = start
        && ctx.period_over(start, four_years)
    {
        ctx.push(
            RuleId::D10,
            ReasonArgs {
                start: Some(start),
                months: to_u16(four_years),
                ..none
            },
        );
        return Derived::permission(&[ABH], false, entitlement, Grant::General);
    }

    // D-11 / D-12.
    let vp = vorrangpruefung(ctx, start);
    if ctx.work == WorkType::TempAgencyWork && !temp_agency_allowed(ctx, vp) {
        ctx.push(RuleId::D11, none);
        return Derived::not_allowed(Some(Remedy::TempAgencyBarred));
    }
    ctx.push(RuleId::D12, none);
    Derived::permission(&[ABH, BA], vp, entitlement, Grant::JobSpecific)
}

/// The vacancy is the training named in the Duldung, as far as the facts show: an employer
/// named on the document must not differ from the vacancy's.
fn named_training(ctx: &Ctx<'_>) -> bool {
    match (
        ctx.facts.title_employer.as_deref(),
        ctx.vacancy.employer.as_deref(),
    ) {
        (Some(named), Some(offered)) => {
            named.trim().eq_ignore_ascii_case(offered.trim())
                || named
                    .to_lowercase()
                    .contains(&offered.trim().to_lowercase())
                || offered
                    .to_lowercase()
                    .contains(&named.trim().to_lowercase())
        }
        _ => true,
    }
}

/// D-05 / D-05b; `Some` if the reception facility bars the work.
fn reception_facility(ctx: &mut Ctx<'_>) -> Option<Derived> {
    let f = ctx.facts;
    let months = ctx.months(RuleId::D05);
    let start = f.duldung_since;
    let args = ReasonArgs {
        start,
        months: to_u16(months),
        date: start.and_then(|s| period_complete_on(s, months)),
        ..ReasonArgs::default()
    };
    // asyl.net M28553: the route after 6 months does not cover applicants rejected as
    // manifestly unfounded or inadmissible.
    let qualified_rejection = matches!(
        f.asylum_outcome,
        Some(AsylumOutcome::RejectedManifestlyUnfounded | AsylumOutcome::RejectedInadmissible)
    );
    if qualified_rejection {
        ctx.push(RuleId::D05, args);
        return Some(Derived::not_allowed(Some(Remedy::LeaveReceptionFacility)));
    }
    match start {
        Some(s) if !ctx.period_over(s, months) => {
            ctx.push(RuleId::D05, args);
            Some(Derived::not_allowed(args.date.map(Remedy::WaitUntil)))
        }
        Some(_) => {
            ctx.push(RuleId::D05b, args);
            None
        }
        None => {
            ctx.missing(MissingFact::DuldungSince);
            ctx.push(RuleId::D05b, args);
            None
        }
    }
}

/// D-04 / D-04b; `Some` if a safe-country ban decides.
fn safe_country_duldung(ctx: &mut Ctx<'_>) -> Option<Derived> {
    let f = ctx.facts;
    let in_force = if ctx.active(RuleId::D04) {
        RuleId::D04
    } else if ctx.active(RuleId::D04b) {
        RuleId::D04b
    } else {
        return None;
    };
    let Some(code) = f.nationality else {
        ctx.missing(MissingFact::Nationality);
        return None;
    };
    let data = safe_countries();
    if data.announced(code, &ctx.clock) {
        ctx.flag(Flag::SafeCountryDesignationPending);
    }
    let country = data.on_list(code, &ctx.clock)?;
    if !ctx.clock.since(country.ban_from) {
        return None;
    }
    if country.confidence == Confidence::Medium {
        ctx.medium = true;
    }
    let mut args = ReasonArgs {
        country: Some(code),
        cutoff: Some(country.cutoff),
        ..ReasonArgs::default()
    };
    let uma = f.unaccompanied_minor == Some(true);
    let banned = match f.asylum_outcome {
        Some(
            AsylumOutcome::Rejected
            | AsylumOutcome::RejectedManifestlyUnfounded
            | AsylumOutcome::RejectedInadmissible,
        ) => cutoff_ban(ctx, country.cutoff, &mut args),
        // From 01.01.2020 also a withdrawal (unless after BAMF counselling) or no application;
        // not for a minor where that served the child's best interests (S. 3).
        Some(AsylumOutcome::Withdrawn) if in_force == RuleId::D04b => {
            cutoff_ban(ctx, country.cutoff, &mut args) && !best_interests_exception(ctx, uma)
        }
        Some(AsylumOutcome::NeverApplied) if in_force == RuleId::D04b => {
            !best_interests_exception(ctx, uma)
        }
        Some(_) => false,
        None => {
            ctx.missing(MissingFact::AsylumOutcome);
            false
        }
    };
    if banned {
        ctx.push(in_force, args);
        return Some(Derived::not_allowed(Some(Remedy::SafeCountryBan)));
    }
    None
}

/// Whether the application was after the cut-off; records SC-01 when it was not.
fn cutoff_ban(ctx: &mut Ctx<'_>, cutoff: chrono::NaiveDate, args: &mut ReasonArgs) -> bool {
    let position = cutoff_position(ctx, cutoff);
    args.application = position.application;
    if !position.after && position.application.is_some() {
        ctx.push(RuleId::SC01, *args);
    }
    position.after
}

fn best_interests_exception(ctx: &mut Ctx<'_>, uma: bool) -> bool {
    if uma {
        ctx.flag(Flag::AbhDeterminationRequired);
    }
    uma
}
