//! The placement report of a project year (*Vermittlungsbericht*): placements by type,
//! municipality and month against the target, how many last, how many ended in probation.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use super::Counted;
use super::config::ReportingConfig;
use crate::domain::{EndReason, PlacementType};

/// The report of one project year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PlacementReport {
    /// Project year, 1 = the first twelve months from the project start.
    pub year: u32,
    /// First day of the project year.
    pub from: NaiveDate,
    /// Last day of the project year.
    pub to: NaiveDate,
    /// The day the report looks from (decides whose six-month mark has passed).
    pub as_of: NaiveDate,
    /// Placements of every type that started in the year.
    pub placements: u32,
    /// Placements of the types that count towards the target.
    pub counted: u32,
    pub counted_types: Vec<PlacementType>,
    pub target: u32,
    pub target_met: bool,
    pub by_type: Vec<TypeCount>,
    pub by_municipality: Vec<MunicipalityCount>,
    pub by_month: Vec<MonthCount>,
    pub retention: Retention,
    pub early_ends: EarlyEnds,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TypeCount {
    #[serde(rename = "type")]
    pub placement_type: PlacementType,
    pub placements: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MunicipalityCount {
    pub municipality: String,
    pub placements: u32,
    pub counted: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub placements: u32,
    pub counted: u32,
}

/// Who is still employed `months` after the start (*Verbleib*), of the placements whose mark
/// has passed on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Retention {
    pub months: u32,
    /// Placements whose mark has passed.
    pub due: u32,
    /// Of those, the ones not ended before the mark.
    pub still_employed: u32,
    /// `still_employed / due`, rounded to four decimals; null when none is due.
    pub share: Option<f64>,
}

/// Placements that ended early, by whether they ended within probation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct EarlyEnds {
    pub ended: u32,
    pub within_probation: u32,
    pub after_probation: u32,
    pub by_reason: Vec<ReasonCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReasonCount {
    pub reason: EndReason,
    pub ended: u32,
    pub within_probation: u32,
}

/// The report of project year `year` as of `as_of`, from every placement that started in it
/// (others are ignored). `None` if the year lies outside the calendar.
pub fn placement_report(
    cfg: &ReportingConfig,
    year: u32,
    as_of: NaiveDate,
    all: &[Counted],
) -> Option<PlacementReport> {
    let (from, to) = cfg.year_period(year)?;
    let rows: Vec<&Counted> = all
        .iter()
        .filter(|p| from <= p.start_date && p.start_date <= to)
        .collect();
    let counts = |p: &Counted| cfg.project.counted_types.contains(&p.placement_type);
    let counted = rows.iter().filter(|p| counts(p)).count() as u32;
    let target = cfg.target(year);

    let by_type = PlacementType::ALL
        .into_iter()
        .map(|t| TypeCount {
            placement_type: t,
            placements: rows.iter().filter(|p| p.placement_type == t).count() as u32,
        })
        .collect();

    let mut municipalities: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for p in &rows {
        let e = municipalities.entry(&p.municipality).or_default();
        e.0 += 1;
        e.1 += u32::from(counts(p));
    }
    let by_municipality = municipalities
        .into_iter()
        .map(|(m, (placements, counted))| MunicipalityCount {
            municipality: m.to_owned(),
            placements,
            counted,
        })
        .collect();

    let by_month = (0..12)
        .filter_map(|i| from.checked_add_months(Months::new(i)))
        .map(|first| {
            let same = |p: &&&Counted| {
                p.start_date.year() == first.year() && p.start_date.month() == first.month()
            };
            MonthCount {
                month: first.format("%Y-%m").to_string(),
                placements: rows.iter().filter(same).count() as u32,
                counted: rows.iter().filter(same).filter(|p| counts(p)).count() as u32,
            }
        })
        .collect();

    Some(PlacementReport {
        year,
        from,
        to,
        as_of,
        placements: rows.len() as u32,
        counted,
        counted_types: cfg.project.counted_types.clone(),
        target,
        target_met: counted >= target,
        by_type,
        by_municipality,
        by_month,
        retention: retention(&rows, cfg.project.retention_months, as_of),
        early_ends: early_ends(&rows),
    })
}

fn retention(rows: &[&Counted], months: u32, as_of: NaiveDate) -> Retention {
    let marks = rows
        .iter()
        .filter_map(|p| Some((p.start_date.checked_add_months(Months::new(months))?, p)));
    let due: Vec<_> = marks.filter(|(mark, _)| *mark <= as_of).collect();
    let still = due
        .iter()
        .filter(|(mark, p)| p.ended_on.is_none_or(|e| e >= *mark))
        .count() as u32;
    let due_n = due.len() as u32;
    Retention {
        months,
        due: due_n,
        still_employed: still,
        share: (due_n > 0).then(|| (f64::from(still) / f64::from(due_n) * 1e4).round() / 1e4),
    }
}

fn early_ends(rows: &[&Counted]) -> EarlyEnds {
    let ended: Vec<&&Counted> = rows.iter().filter(|p| p.ended_on.is_some()).collect();
    let within = ended.iter().filter(|p| p.ended_in_probation()).count() as u32;
    let by_reason = EndReason::ALL
        .into_iter()
        .filter_map(|r| {
            let of: Vec<_> = ended.iter().filter(|p| p.end_reason == Some(r)).collect();
            (!of.is_empty()).then(|| ReasonCount {
                reason: r,
                ended: of.len() as u32,
                within_probation: of.iter().filter(|p| p.ended_in_probation()).count() as u32,
            })
        })
        .collect();
    EarlyEnds {
        ended: ended.len() as u32,
        within_probation: within,
        after_probation: ended.len() as u32 - within,
        by_reason,
    }
}
