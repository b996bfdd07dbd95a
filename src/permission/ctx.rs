//! The evaluation context (*Prüfkontext*): the facts, the clock, the rule table and what the
//! rule path has collected so far; and the derived verdict of a decision table.

use chrono::NaiveDate;

use super::dates::{Clock, period_complete_on};
use super::rules::{RuleId, RuleTable, RuleVersion};
use super::types::{
    Confidence, Entitlement, Flag, Flags, MissingFact, MissingFacts, Outcome, Permission,
    Permissions, Reason, ReasonArgs, Reasons, Remedy, VacancyFacts,
};
use crate::domain::{ResidenceFacts, WorkType};

/// What permission the derived verdict asks for (*Art der Erlaubnis*), so the annotation can
/// be judged: does a general annotation fulfil it, or only one for this job?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    /// Only a permission for this specific job is possible (Gestattung/Duldung < 4 years).
    JobSpecific,
    /// The office may also grant a general permission ("Beschäftigung gestattet").
    General,
    /// The engine does not model the title: the annotation decides without conflict.
    DocumentDecides,
}

/// The verdict of the decision table before the annotation is applied (*gesetzliche Lage*).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derived {
    pub outcome: Outcome,
    pub permissions: Permissions,
    pub vp: bool,
    pub entitlement: Entitlement,
    pub grant: Grant,
    pub remedy: Option<Remedy>,
}

impl Derived {
    pub fn allowed() -> Derived {
        Derived {
            outcome: Outcome::Allowed,
            permissions: Permissions::NONE,
            vp: false,
            entitlement: Entitlement::NotApplicable,
            grant: Grant::General,
            remedy: None,
        }
    }

    pub fn not_allowed(remedy: Option<Remedy>) -> Derived {
        Derived {
            outcome: Outcome::NotAllowed,
            remedy,
            ..Derived::allowed()
        }
    }

    pub fn permission(
        permissions: &[Permission],
        vp: bool,
        entitlement: Entitlement,
        grant: Grant,
    ) -> Derived {
        let permissions = Permissions::of(permissions);
        let remedy = if permissions.contains(Permission::BaArbeitsgenehmigungEu) {
            Remedy::ApplyBaEu
        } else if permissions.contains(Permission::BaConsent) {
            Remedy::ApplyAbhWithBa
        } else {
            Remedy::ApplyAbh
        };
        Derived {
            outcome: Outcome::PermissionRequired,
            permissions,
            vp,
            entitlement,
            grant,
            remedy: Some(remedy),
        }
    }
}

/// The state of one evaluation (*Prüfkontext*): facts, clock and what the path collected.
pub(crate) struct Ctx<'a> {
    pub facts: &'a ResidenceFacts,
    pub work: WorkType,
    pub vacancy: &'a VacancyFacts,
    pub clock: Clock,
    pub table: &'static RuleTable,
    pub reasons: Reasons,
    pub flags: Flags,
    pub missing: MissingFacts,
    pub medium: bool,
}

impl<'a> Ctx<'a> {
    /// The version of a rule in force on the evaluation day.
    pub fn rule(&self, id: RuleId) -> Option<&'static RuleVersion> {
        self.table.in_force(id, &self.clock).map(|(_, v)| v)
    }

    /// Whether a rule is in force on the evaluation day.
    pub fn active(&self, id: RuleId) -> bool {
        self.table.in_force(id, &self.clock).is_some()
    }

    /// The month parameter of the version in force (0 if the table gives none).
    pub fn months(&self, id: RuleId) -> u32 {
        self.rule(id).and_then(|v| v.months).map_or(0, u32::from)
    }

    /// Adds a rule to the path, with the version in force (else the first).
    pub fn push(&mut self, id: RuleId, args: ReasonArgs) {
        let (version, v) = match self.table.in_force(id, &self.clock) {
            Some(found) => found,
            None => match self.table.versions(id).first() {
                Some(v) => (0, v),
                None => return,
            },
        };
        if v.confidence == Confidence::Medium {
            self.medium = true;
        }
        if v.provisional {
            self.medium = true;
            self.flags.insert(Flag::RuleProvisional);
        }
        if (v.uncertain_from.is_some() || v.uncertain_to.is_some())
            && self.clock.within(v.uncertain_from, v.uncertain_to)
        {
            self.medium = true;
            self.flags.insert(Flag::InForceDayUnverified);
        }
        self.reasons.push(Reason {
            rule: id,
            version,
            args,
        });
    }

    pub fn flag(&mut self, flag: Flag) {
        self.flags.insert(flag);
    }

    pub fn missing(&mut self, fact: MissingFact) {
        self.missing.insert(fact);
    }

    /// Whether `months` months since `start` are complete. On the last day of the period the
    /// day-counting convention matters (§ 9 U9): rule M-01 and a flag say so.
    pub fn period_over(&mut self, start: NaiveDate, months: u32) -> bool {
        let over = self.clock.months_passed(start, months);
        if !over && self.clock.is_period_end(start, months) {
            let date = period_complete_on(start, months);
            self.push(
                RuleId::M01,
                ReasonArgs {
                    date,
                    ..ReasonArgs::default()
                },
            );
            self.flag(Flag::PeriodEndsToday);
        }
        over
    }

    /// Start of the uninterrupted papered stay (reference § 2.1): `papered_stay_since`, else
    /// the earliest known date of a request, Duldung or title (flagged as missing).
    pub fn papered_start(&mut self) -> Option<NaiveDate> {
        if let Some(d) = self.facts.papered_stay_since {
            return Some(d);
        }
        self.missing(MissingFact::PaperedStaySince);
        let f = self.facts;
        [
            f.asylum_request_date,
            f.asylum_application_date,
            f.duldung_since,
            f.status_issued_date,
        ]
        .into_iter()
        .flatten()
        .min()
    }
}
