//! The placement-bonus statement (*Abrechnung der Vermittlungsprämien*) of one municipality
//! for a period.
//!
//! Which rule applies: the municipality's rule in force on the placement's **start date**.
//! A placement is billed once, in the statement whose period contains its start date, even
//! when the job runs on into the next year; a rule change later in the year does not
//! reprice placements that started before it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::config::ReportingConfig;
use super::{Counted, euros};
use crate::domain::{EntityId, PlacementType};

/// The statement: one line per placement, by pseudonym, and the sum due.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BonusStatement {
    pub municipality: String,
    /// First day of the period (placements that started on or after it).
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Which rule prices a placement: always `rule_in_force_on_start_date`.
    pub rule_basis: String,
    pub currency: String,
    pub lines: Vec<BonusLine>,
    /// Number of placements listed.
    pub placements: u32,
    pub total_cents: u64,
    /// The sum with two decimals, e.g. `"2700.00"`.
    pub total_eur: String,
}

/// One placement of the statement.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BonusLine {
    pub placement_id: EntityId,
    pub pseudonym: String,
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    pub start_date: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub ended_in_probation: bool,
    /// First day of the rule that priced it; null when no rule was in force.
    pub rule_from: Option<NaiveDate>,
    pub amount_cents: u64,
    pub amount_eur: String,
    /// Why nothing is due, if so.
    pub note: Option<BonusNote>,
}

/// Why a listed placement earns nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BonusNote {
    /// No rule of the municipality was in force on the start date.
    NoRuleInForce,
    /// The rule in force pays nothing for this type.
    TypeNotCovered,
    /// The rule pays nothing for placements that ended within probation.
    EndedInProbation,
}

impl BonusNote {
    pub fn as_str(self) -> &'static str {
        match self {
            BonusNote::NoRuleInForce => "no_rule_in_force",
            BonusNote::TypeNotCovered => "type_not_covered",
            BonusNote::EndedInProbation => "ended_in_probation",
        }
    }
}

/// The statement of `municipality` for placements that started from `from` to `to`
/// (inclusive); placements of other municipalities or days are ignored.
pub fn bonus_statement(
    cfg: &ReportingConfig,
    municipality: &str,
    from: NaiveDate,
    to: NaiveDate,
    all: &[Counted],
) -> BonusStatement {
    let mut rows: Vec<&Counted> = all
        .iter()
        .filter(|p| p.municipality == municipality && from <= p.start_date && p.start_date <= to)
        .collect();
    rows.sort_by(|a, b| (a.start_date, &a.pseudonym).cmp(&(b.start_date, &b.pseudonym)));
    let lines: Vec<BonusLine> = rows.into_iter().map(|p| line(cfg, p)).collect();
    let total_cents = lines.iter().map(|l| l.amount_cents).sum();
    BonusStatement {
        municipality: municipality.to_owned(),
        from,
        to,
        rule_basis: "rule_in_force_on_start_date".into(),
        currency: "EUR".into(),
        placements: lines.len() as u32,
        lines,
        total_cents,
        total_eur: euros(total_cents),
    }
}

fn line(cfg: &ReportingConfig, p: &Counted) -> BonusLine {
    let rule = cfg.bonus_rule(&p.municipality, p.start_date);
    let in_probation = p.ended_in_probation();
    let (amount_cents, note) = match rule {
        None => (0, Some(BonusNote::NoRuleInForce)),
        Some(r) if r.exclude_ended_in_probation && in_probation => {
            (0, Some(BonusNote::EndedInProbation))
        }
        Some(r) => match r.amounts_eur.get(&p.placement_type) {
            Some(&eur) => (u64::from(eur) * 100, None),
            None => (0, Some(BonusNote::TypeNotCovered)),
        },
    };
    BonusLine {
        placement_id: p.placement_id,
        pseudonym: p.pseudonym.clone(),
        placement_type: p.placement_type,
        start_date: p.start_date,
        ended_on: p.ended_on,
        ended_in_probation: in_probation,
        rule_from: rule.map(|r| r.from),
        amount_cents,
        amount_eur: euros(amount_cents),
        note,
    }
}
