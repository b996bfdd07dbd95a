//! Decision tables §§ 8.3–8.13: residence permits (*Aufenthaltserlaubnis*) by legal basis,
//! the *Fiktionsbescheinigung*, and EU/EEA/Swiss citizens.

use super::annotation::{SpecificMatch, effective_annotation, specific_permission_matches};
use super::data::eu_transitions;
use super::engine::{Ctx, Derived, Grant};
use super::rules::RuleId;
use super::types::{Confidence, Entitlement, Flag, MissingFact, Permission, ReasonArgs, Remedy};
use crate::domain::{Annotation, StatusType, WorkType};

const ABH: Permission = Permission::Auslaenderbehoerde;
const BA: Permission = Permission::BaConsent;

/// A paragraph reference (*Rechtsgrundlage*) such as `§ 25 Abs. 4a` or `§104c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    pub number: u16,
    pub letter: Option<char>,
    pub absatz: Option<u16>,
}

/// All paragraph references in a legal-basis string, in order (at most four).
pub fn paragraphs(text: &str) -> impl Iterator<Item = Paragraph> + '_ {
    text.split('§').skip(1).filter_map(parse_paragraph).take(4)
}

fn parse_paragraph(rest: &str) -> Option<Paragraph> {
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest.get(..digits)?.parse().ok()?;
    let rest = &rest[digits..];
    let letter = rest.chars().next().filter(char::is_ascii_lowercase);
    let rest = rest.get(letter.map_or(0, char::len_utf8)..)?.trim_start();
    let absatz = ["Absatz", "Abs.", "Abs"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
        .and_then(|r| {
            let r = r.trim_start();
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            r.get(..n)?.parse().ok()
        });
    Some(Paragraph {
        number,
        letter,
        absatz,
    })
}

/// A title the engine does not model: the annotation decides (AE-00).
fn unknown_title(ctx: &mut Ctx<'_>, flag: Flag) -> Derived {
    ctx.flag(flag);
    ctx.push(RuleId::AE00, ReasonArgs::default());
    let mut d = Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::DocumentDecides);
    d.remedy = Some(Remedy::RecordAnnotation);
    d
}

/// A rule that either applies on the day, or the title did not exist then.
fn dated_allowed(ctx: &mut Ctx<'_>, id: RuleId) -> Derived {
    if ctx.active(id) {
        ctx.push(id, ReasonArgs::default());
        Derived::allowed()
    } else {
        unknown_title(ctx, Flag::StatusNotInForce)
    }
}

/// §§ 8.3–8.9, 8.12: an Aufenthaltserlaubnis, by the paragraph printed on it.
pub(crate) fn residence_permit(ctx: &mut Ctx<'_>) -> Derived {
    let Some(basis) = ctx.facts.legal_basis.as_deref() else {
        ctx.missing(MissingFact::LegalBasis);
        ctx.push(RuleId::AE00, ReasonArgs::default());
        return Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::DocumentDecides);
    };
    let Some(p) = paragraphs(basis).next() else {
        return unknown_title(ctx, Flag::LegalBasisUnrecognised);
    };
    let none = ReasonArgs::default();
    let abh_only = |ctx: &mut Ctx<'_>, id: RuleId| {
        ctx.push(id, none);
        Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::General)
    };
    match (p.number, p.letter, p.absatz) {
        (25, None, Some(1 | 2)) => {
            ctx.push(RuleId::P2512, none);
            Derived::allowed()
        }
        (25, None, Some(3)) => {
            if ctx.active(RuleId::P253b) {
                ctx.push(RuleId::P253b, none);
                Derived::allowed()
            } else {
                abh_only(ctx, RuleId::P253a)
            }
        }
        (25, None, Some(4)) => abh_only(ctx, RuleId::P254),
        (25, None, Some(5)) => {
            if ctx.active(RuleId::P255b) {
                ctx.push(RuleId::P255b, none);
                Derived::allowed()
            } else {
                abh_only(ctx, RuleId::P255a)
            }
        }
        (25, Some('a' | 'b'), _) => dated_allowed(ctx, RuleId::P25ab),
        (104, Some('c'), _) => dated_allowed(ctx, RuleId::P104c),
        (24, None, _) => temporary_protection(ctx),
        (16, Some('a'), _) if ctx.active(RuleId::F16a) => training_title(ctx),
        (18, Some('a' | 'b' | 'g'), _) if ctx.active(RuleId::F18) => skilled_worker(ctx),
        _ => unknown_title(ctx, Flag::LegalBasisUnrecognised),
    }
}

/// § 8.3: § 24 temporary protection.
fn temporary_protection(ctx: &mut Ctx<'_>) -> Derived {
    let none = ReasonArgs::default();
    if ctx.active(RuleId::P2401)
        && effective_annotation(ctx.facts) == Some(Annotation::ErwerbErlaubt)
    {
        ctx.push(RuleId::P2401, none);
        return Derived::allowed();
    }
    let id = if ctx.active(RuleId::P2402) {
        RuleId::P2402
    } else {
        RuleId::P2400
    };
    ctx.push(id, none);
    if ctx.work == WorkType::SelfEmployment {
        // Self-employment may not be excluded (§ 24 Abs. 6 S. 1 AufenthG).
        return Derived::allowed();
    }
    Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::General)
}

/// F-16a: training title; the named training, and a side job within the hour limit.
fn training_title(ctx: &mut Ctx<'_>) -> Derived {
    let statutory = ctx.rule(RuleId::F16a).and_then(|v| v.hours);
    let args = ReasonArgs {
        hours: statutory,
        ..ReasonArgs::default()
    };
    ctx.push(RuleId::F16a, args);
    match ctx.work {
        WorkType::SelfEmployment => {
            return Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::General);
        }
        WorkType::VocationalTraining => {
            return match title_matches(ctx) {
                true => Derived::allowed(),
                false => Derived::permission(
                    &[ABH, BA],
                    false,
                    Entitlement::Ermessen,
                    Grant::JobSpecific,
                ),
            };
        }
        _ => {}
    }
    let cap = match (statutory.map(f32::from), ctx.facts.hours_cap) {
        (Some(law), Some(doc)) => Some(law.min(doc)),
        (law, doc) => law.or(doc),
    };
    match (cap, ctx.vacancy.hours_per_week) {
        (Some(cap), Some(hours)) if hours <= cap => Derived::allowed(),
        (_, None) => {
            ctx.missing(MissingFact::VacancyHours);
            Derived::permission(&[ABH, BA], false, Entitlement::Ermessen, Grant::JobSpecific)
        }
        _ if ctx.work == WorkType::TempAgencyWork => {
            Derived::not_allowed(Some(Remedy::TempAgencyBarred))
        }
        _ => Derived::permission(&[ABH, BA], false, Entitlement::Ermessen, Grant::JobSpecific),
    }
}

/// F-18: skilled-worker titles tied to an employment.
fn skilled_worker(ctx: &mut Ctx<'_>) -> Derived {
    ctx.push(RuleId::F18, ReasonArgs::default());
    match ctx.work {
        // § 40 Abs. 1 Nr. 2 AufenthG: the BA must refuse consent for Leiharbeit.
        WorkType::TempAgencyWork => Derived::not_allowed(Some(Remedy::TempAgencyBarred)),
        WorkType::SelfEmployment => {
            Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::General)
        }
        _ => {
            if title_matches(ctx) {
                Derived::allowed()
            } else {
                Derived::permission(&[ABH, BA], false, Entitlement::Ermessen, Grant::JobSpecific)
            }
        }
    }
}

/// Whether the vacancy is the one the title was issued for (employer, job, hours).
fn title_matches(ctx: &mut Ctx<'_>) -> bool {
    if ctx.facts.title_employer.is_none() && ctx.facts.annotation_text.is_none() {
        ctx.missing(MissingFact::TitleEmployer);
        return false;
    }
    match specific_permission_matches(ctx) {
        SpecificMatch::Yes => true,
        SpecificMatch::No => false,
        SpecificMatch::Unknown(fact) => {
            ctx.missing(fact);
            false
        }
    }
}

/// § 8.13: the annotation on the Fiktionsbescheinigung decides; with "Erwerbstätigkeit
/// erlaubt" after a § 24 application or a recognition the title's rule applies (P24-01,
/// P25-12).
pub(crate) fn fiktion(ctx: &mut Ctx<'_>) -> Derived {
    let none = ReasonArgs::default();
    if effective_annotation(ctx.facts) == Some(Annotation::ErwerbErlaubt) {
        let applied_for = ctx
            .facts
            .legal_basis
            .as_deref()
            .and_then(|b| paragraphs(b).find(|p| p.number != 81));
        match applied_for {
            Some(Paragraph {
                number: 24,
                letter: None,
                ..
            }) if ctx.active(RuleId::P2401) => {
                ctx.push(RuleId::P2401, none);
                return Derived::allowed();
            }
            Some(Paragraph {
                number: 25,
                letter: None,
                absatz: Some(1 | 2),
            }) => {
                ctx.push(RuleId::P2512, none);
                return Derived::allowed();
            }
            _ => {}
        }
    }
    ctx.push(RuleId::P81, none);
    let mut d = Derived::permission(&[ABH], false, Entitlement::Ermessen, Grant::DocumentDecides);
    d.remedy = Some(Remedy::RecordAnnotation);
    d
}

/// § 8.11: EU, EEA and Swiss citizens; Croatia's transitional period; UK after Brexit.
pub(crate) fn eu(ctx: &mut Ctx<'_>) -> Derived {
    let data = eu_transitions();
    let none = ReasonArgs::default();
    let Some(code) = ctx.facts.nationality else {
        if data.transition.iter().any(|t| {
            ctx.clock
                .within(Some(t.restricted_from), Some(t.restricted_to))
        }) {
            ctx.missing(MissingFact::Nationality);
        }
        ctx.push(RuleId::EU01, none);
        return Derived::allowed();
    };
    if ctx.facts.status_type == StatusType::EuCitizen {
        if data.former_member(code, &ctx.clock) {
            ctx.push(RuleId::EU03, none);
            return Derived::allowed();
        }
        if ctx.work != WorkType::SelfEmployment
            && let Some(t) = data.restriction(code, &ctx.clock)
        {
            if t.confidence == Confidence::Medium {
                ctx.medium = true;
            }
            ctx.push(
                RuleId::EU02,
                ReasonArgs {
                    country: Some(code),
                    ..none
                },
            );
            // The Arbeitserlaubnis-EU included the priority check (§ 284 Abs. 3 SGB III with
            // § 39 Abs. 2 AufenthG).
            return Derived::permission(
                &[Permission::BaArbeitsgenehmigungEu],
                true,
                Entitlement::NotApplicable,
                Grant::JobSpecific,
            );
        }
    }
    ctx.push(RuleId::EU01, none);
    Derived::allowed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_bases_are_read_in_the_usual_spellings() {
        let p = |s: &str| paragraphs(s).next();
        assert_eq!(
            p("AufenthG §25 Abs. 3"),
            Some(Paragraph {
                number: 25,
                letter: None,
                absatz: Some(3)
            })
        );
        assert_eq!(
            p("§ 25 Absatz 4a"),
            Some(Paragraph {
                number: 25,
                letter: None,
                absatz: Some(4)
            })
        );
        assert_eq!(
            p("AufenthG §104c"),
            Some(Paragraph {
                number: 104,
                letter: Some('c'),
                absatz: None
            })
        );
        assert_eq!(p("AufenthG §25b Abs. 1").map(|p| p.letter), Some(Some('b')));
        assert_eq!(p("FreizügG/EU"), None);
        let all: Vec<_> = paragraphs("AufenthG §81 Abs. 3 (Antrag §24)")
            .map(|p| p.number)
            .collect();
        assert_eq!(all, vec![81, 24]);
    }
}
