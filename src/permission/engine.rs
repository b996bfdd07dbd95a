//! The algorithm of reference § 5.2: expired document, decision table per status (§ 8), then
//! the document's annotation (§ 5.1) on top of the derived verdict.

use chrono::NaiveDate;

use super::annotation::{SpecificMatch, effective_annotation, specific_permission_matches};
pub(crate) use super::ctx::{Ctx, Derived, Grant};
use super::dates::Clock;
use super::rules::{RuleId, rules};
use super::types::{
    Confidence, Entitlement, Flag, Flags, MissingFacts, Outcome, Permission, Permissions,
    ReasonArgs, Reasons, Remedy, VacancyFacts, Verdict,
};
use super::{asylum, duldung, titles};
use crate::domain::{Annotation, ResidenceFacts, StatusType, WorkType};

fn has_document(status: StatusType) -> bool {
    !matches!(
        status,
        StatusType::EuCitizen | StatusType::EeaSwissCitizen | StatusType::None
    )
}

/// Decides whether a person may take up the work on a day (reference § 5.2). Pure and total:
/// every input gives a verdict; missing facts give a flag `FACT_MISSING:…`.
pub fn evaluate(
    facts: &ResidenceFacts,
    work_type: WorkType,
    vacancy: &VacancyFacts,
    as_of: NaiveDate,
) -> Verdict {
    let mut ctx = Ctx {
        facts,
        work: work_type,
        vacancy,
        clock: Clock::new(as_of),
        table: rules(),
        reasons: Reasons::default(),
        flags: Flags::default(),
        missing: MissingFacts::default(),
        medium: false,
    };
    // EU, EEA and Swiss citizens need no document (§ 2 FreizügG/EU); for everyone else an
    // expired document cannot be relied on. A Fiktionsbescheinigung continues a title.
    if has_document(facts.status_type)
        && facts.status_type != StatusType::Fiktionsbescheinigung
        && let Some(until) = facts.document_valid_until
        && ctx.clock.after(until)
    {
        ctx.push(
            RuleId::DOC01,
            ReasonArgs {
                date: Some(until),
                ..ReasonArgs::default()
            },
        );
        ctx.flag(Flag::DocumentExpired);
        let derived = Derived::not_allowed(Some(Remedy::CheckCurrentDocument(until)));
        return finish(ctx, derived);
    }
    let derived = match facts.status_type {
        StatusType::Aufenthaltsgestattung | StatusType::Ankunftsnachweis | StatusType::Buema => {
            asylum::gestattung(&mut ctx)
        }
        StatusType::Duldung
        | StatusType::Duldung60b
        | StatusType::Duldung60c
        | StatusType::Duldung60d => duldung::duldung(&mut ctx),
        StatusType::Aufenthaltserlaubnis => titles::residence_permit(&mut ctx),
        StatusType::Niederlassungserlaubnis | StatusType::DaueraufenthaltEu => {
            ctx.push(RuleId::NE, ReasonArgs::default());
            Derived::allowed()
        }
        StatusType::Fiktionsbescheinigung => titles::fiktion(&mut ctx),
        StatusType::EuCitizen | StatusType::EeaSwissCitizen => titles::eu(&mut ctx),
        StatusType::None => {
            ctx.push(RuleId::N01, ReasonArgs::default());
            Derived::not_allowed(Some(Remedy::ClarifyStatus))
        }
    };
    let combined = apply_annotation(&mut ctx, derived);
    finish(ctx, combined)
}

/// What the annotation itself says about this work (*Wirkung der Nebenbestimmung*), § 5.1.
enum Doc {
    Allowed,
    NotAllowed,
    /// Grants nothing itself: the derived verdict, at best `permission_required`.
    Defer,
    /// Says nothing about this work type.
    Silent,
}

fn apply_annotation(ctx: &mut Ctx<'_>, derived: Derived) -> Derived {
    let Some(annotation) = effective_annotation(ctx.facts) else {
        if has_document(ctx.facts.status_type) {
            ctx.flag(Flag::AnnotationMissing);
        }
        return derived;
    };
    let self_employed = ctx.work == WorkType::SelfEmployment;
    let none = ReasonArgs::default();
    let doc = match annotation {
        Annotation::ErwerbErlaubt => {
            ctx.push(RuleId::A01, none);
            Doc::Allowed
        }
        Annotation::BeschErlaubt => {
            ctx.push(RuleId::A02, none);
            if self_employed {
                Doc::NotAllowed
            } else {
                Doc::Allowed
            }
        }
        Annotation::BeschSpezifisch => match specific_permission_matches(ctx) {
            SpecificMatch::Yes => {
                ctx.push(RuleId::A03, none);
                Doc::Allowed
            }
            SpecificMatch::No => {
                ctx.push(RuleId::A03b, none);
                Doc::Defer
            }
            SpecificMatch::Unknown(fact) => {
                ctx.missing(fact);
                ctx.push(RuleId::A03b, none);
                Doc::Defer
            }
        },
        Annotation::BeschNurMitErlaubnis => {
            ctx.push(RuleId::A04, none);
            Doc::Defer
        }
        Annotation::ErwerbNichtGestattet => {
            ctx.push(RuleId::A05, none);
            Doc::NotAllowed
        }
        Annotation::SelbstNicht => {
            ctx.push(RuleId::A06, none);
            if self_employed {
                Doc::NotAllowed
            } else {
                Doc::Silent
            }
        }
    };
    match doc {
        Doc::Silent => {
            ctx.flag(Flag::AnnotationMissing);
            derived
        }
        Doc::Defer => {
            if derived.outcome == Outcome::Allowed {
                // The document is stricter than the statute: it stands until amended.
                conflict(ctx);
                let mut capped = Derived::permission(
                    &[Permission::Auslaenderbehoerde],
                    false,
                    Entitlement::Anspruch,
                    Grant::General,
                );
                capped.remedy = Some(Remedy::AmendAnnotation);
                capped
            } else {
                derived
            }
        }
        Doc::Allowed => {
            let fulfils = match (derived.outcome, derived.grant) {
                (Outcome::Allowed, _) => true,
                (Outcome::NotAllowed, _) => false,
                (Outcome::PermissionRequired, Grant::DocumentDecides | Grant::General) => true,
                (Outcome::PermissionRequired, Grant::JobSpecific) => {
                    annotation == Annotation::BeschSpezifisch
                }
            };
            if !fulfils {
                // More generous than the statute: valid until revoked, but to be reviewed.
                conflict(ctx);
            }
            Derived {
                remedy: None,
                ..Derived::allowed()
            }
        }
        Doc::NotAllowed => {
            let remedy = if derived.outcome == Outcome::NotAllowed {
                derived.remedy
            } else {
                if derived.grant != Grant::DocumentDecides {
                    conflict(ctx);
                }
                Some(Remedy::AmendAnnotation)
            };
            Derived::not_allowed(remedy)
        }
    }
}

fn conflict(ctx: &mut Ctx<'_>) {
    ctx.flag(Flag::AnnotationConflict);
    ctx.push(RuleId::A10, ReasonArgs::default());
}

fn finish(ctx: Ctx<'_>, derived: Derived) -> Verdict {
    let Ctx {
        clock,
        reasons,
        flags,
        missing,
        medium,
        ..
    } = ctx;
    let medium = medium
        || !missing.is_empty()
        || [
            Flag::CutoffDateContested,
            Flag::AbhDeterminationRequired,
            Flag::AbhDiscretionRestrictivePractice,
            Flag::StatusUpdatePending,
            Flag::DistrictUnrecognised,
            Flag::SafeCountryDesignationPending,
            Flag::LegalBasisUnrecognised,
            Flag::StatusNotInForce,
        ]
        .into_iter()
        .any(|f| flags.contains(f));
    let (permissions, vp, entitlement, remedy) = match derived.outcome {
        Outcome::Allowed => (Permissions::NONE, false, Entitlement::NotApplicable, None),
        Outcome::NotAllowed => (
            Permissions::NONE,
            false,
            Entitlement::NotApplicable,
            derived.remedy,
        ),
        Outcome::PermissionRequired => (
            derived.permissions,
            derived.vp,
            derived.entitlement,
            derived.remedy,
        ),
    };
    Verdict {
        outcome: derived.outcome,
        permissions,
        vorrangpruefung: vp,
        entitlement,
        confidence: if medium {
            Confidence::Medium
        } else {
            Confidence::High
        },
        reasons,
        flags,
        missing,
        remedy,
        next_boundary: clock.next_boundary(),
    }
}
