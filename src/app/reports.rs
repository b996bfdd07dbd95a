//! Reports (placements against targets, bonus statements) and anonymised statistics.
//! Reports are meant for admin and staff; statistics also for the `analyst` role.

use chrono::NaiveDate;

use super::App;
use crate::domain::{Candidate, FieldError, Vacancy, WorkType};
use crate::error::AppError;
use crate::reporting::{BonusStatement, Counted, PlacementReport, ReportingConfig};
use crate::statistics::dimensions::{CandidateContext, candidate_category, vacancy_category};
use crate::statistics::{
    CandidateDimension, Publish, StatisticsTable, VacancyDimension, parse_by, tabulate,
};
use crate::store::{Entity, PlacementQuery, PlacementStore, StoreError};
use crate::taxonomy::Taxonomy;

/// The largest project year a report is asked for.
const MAX_YEAR: u32 = 100;

/// Placements that started from `from` to `to`, as reports see them.
fn counted(
    placements: &dyn PlacementStore,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Counted>, StoreError> {
    let rows = placements.list_placements(&PlacementQuery {
        started_from: Some(from),
        started_to: Some(to),
        ..PlacementQuery::default()
    })?;
    Ok(rows
        .into_iter()
        .map(|r| Counted {
            placement_id: r.id,
            pseudonym: r.pseudonym,
            placement_type: r.placement_type,
            start_date: r.start_date,
            municipality: r.municipality,
            probation_end: r.probation_end,
            ended_on: r.ended_on,
            end_reason: r.end_reason,
        })
        .collect())
}

fn required_by(by: Option<&str>) -> Result<&str, AppError> {
    by.ok_or_else(|| AppError::invalid("by", "required", "name one or two dimensions"))
}

impl App {
    /// The reporting configuration in force.
    pub fn reporting(&self) -> &ReportingConfig {
        &self.reporting
    }

    /// The first and last day of a project year, or a problem naming `field`.
    pub fn project_year(&self, year: u32, field: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
        if !(1..=MAX_YEAR).contains(&year) {
            return Err(AppError::invalid(
                field,
                "out_of_range",
                "a project year from 1 to 100",
            ));
        }
        self.reporting
            .year_period(year)
            .ok_or_else(|| AppError::invalid(field, "out_of_range", "no such project year"))
    }

    /// The placement report of a project year (default: the current one) as of a day
    /// (default: today).
    pub async fn placement_report(
        &self,
        year: Option<u32>,
        as_of: Option<NaiveDate>,
    ) -> Result<PlacementReport, AppError> {
        let as_of = as_of.unwrap_or_else(|| self.today());
        let year = year
            .or_else(|| self.reporting.year_of(as_of))
            .ok_or_else(|| {
                AppError::invalid("year", "required", "the project had not started on as_of")
            })?;
        let (from, to) = self.project_year(year, "year")?;
        let (placements, cfg) = (self.placements.clone(), self.reporting.clone());
        self.cpu
            .run(move || {
                let rows = counted(&*placements, from, to)?;
                crate::reporting::placement_report(&cfg, year, as_of, &rows).ok_or_else(|| {
                    AppError::invalid("year", "out_of_range", "no such project year")
                })
            })
            .await?
    }

    /// The bonus statement of a municipality for placements that started from `from` to `to`.
    pub async fn bonus_statement(
        &self,
        municipality: Option<String>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<BonusStatement, AppError> {
        let required = |f: &str| AppError::invalid(f, "required", "this parameter is required");
        let municipality = municipality
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .ok_or_else(|| required("municipality"))?;
        let from = from.ok_or_else(|| required("from"))?;
        let to = to.ok_or_else(|| required("to"))?;
        if to < from {
            return Err(AppError::invalid(
                "to",
                "before_from",
                "to must not be before from",
            ));
        }
        if !self.reporting.has_bonus(&municipality) {
            return Err(AppError::Unprocessable(vec![FieldError::new(
                "municipality",
                "no_bonus_rule",
                "no placement bonus is configured for this municipality",
            )]));
        }
        let (placements, cfg) = (self.placements.clone(), self.reporting.clone());
        let rows = self
            .cpu
            .run(move || counted(&*placements, from, to))
            .await??;
        Ok(crate::reporting::bonus_statement(
            &cfg,
            &municipality,
            from,
            to,
            &rows,
        ))
    }

    /// Candidates counted by one or two dimensions on a day, with small cells suppressed.
    pub async fn candidate_statistics(
        &self,
        by: Option<&str>,
        as_of: Option<NaiveDate>,
        work_type: Option<WorkType>,
    ) -> Result<StatisticsTable, AppError> {
        let dims = parse_by(
            required_by(by)?,
            &CandidateDimension::ALL,
            CandidateDimension::as_str,
        )
        .map_err(|e| AppError::Invalid(vec![e]))?;
        let as_of = as_of.unwrap_or_else(|| self.today());
        let work_type = work_type.unwrap_or(WorkType::Employment);
        let k = self.reporting.statistics.min_cell_count;
        let store = self.store.clone();
        self.cpu
            .run(move || {
                let ctx = CandidateContext {
                    as_of,
                    work_type,
                    taxonomy: Taxonomy::embedded(),
                };
                let mut pairs = Vec::new();
                store.scan(Entity::Candidate, &mut |rec| {
                    let c: Candidate = serde_json::from_str(&rec.doc).map_err(|e| {
                        StoreError::Corrupt(format!("candidate does not parse: {e}"))
                    })?;
                    let cat = |i: usize| dims.get(i).map(|d| candidate_category(&c, *d, &ctx));
                    pairs.push((
                        cat(0).unwrap_or_default(),
                        cat(1).unwrap_or_else(|| "all".into()),
                    ));
                    Ok(())
                })?;
                let categories = |i: usize| dims.get(i).map(|d| d.categories());
                let (rows, cols, counts) = tabulate(
                    pairs,
                    categories(0).flatten(),
                    categories(1).unwrap_or(Some(&["all"])),
                );
                let uses_access = dims.contains(&CandidateDimension::Access);
                Ok::<_, AppError>(
                    Publish {
                        population: "candidates",
                        as_of,
                        work_type: uses_access.then_some(work_type),
                        k,
                        row_dimension: dims[0].as_str(),
                        column_dimension: dims.get(1).map_or("all", |d| d.as_str()),
                    }
                    .table(rows, cols, &counts),
                )
            })
            .await?
    }

    /// Vacancies counted by one or two dimensions, with small cells suppressed.
    pub async fn vacancy_statistics(&self, by: Option<&str>) -> Result<StatisticsTable, AppError> {
        let dims = parse_by(
            required_by(by)?,
            &VacancyDimension::ALL,
            VacancyDimension::as_str,
        )
        .map_err(|e| AppError::Invalid(vec![e]))?;
        let as_of = self.today();
        let k = self.reporting.statistics.min_cell_count;
        let store = self.store.clone();
        self.cpu
            .run(move || {
                let tax = Taxonomy::embedded();
                let mut pairs = Vec::new();
                store.scan(Entity::Vacancy, &mut |rec| {
                    let v: Vacancy = serde_json::from_str(&rec.doc)
                        .map_err(|e| StoreError::Corrupt(format!("vacancy does not parse: {e}")))?;
                    let cat = |i: usize| dims.get(i).map(|d| vacancy_category(&v, *d, tax));
                    pairs.push((
                        cat(0).unwrap_or_default(),
                        cat(1).unwrap_or_else(|| "all".into()),
                    ));
                    Ok(())
                })?;
                let categories = |i: usize| dims.get(i).map(|d| d.categories());
                let (rows, cols, counts) = tabulate(
                    pairs,
                    categories(0).flatten(),
                    categories(1).unwrap_or(Some(&["all"])),
                );
                Ok::<_, AppError>(
                    Publish {
                        population: "vacancies",
                        as_of,
                        work_type: None,
                        k,
                        row_dimension: dims[0].as_str(),
                        column_dimension: dims.get(1).map_or("all", |d| d.as_str()),
                    }
                    .table(rows, cols, &counts),
                )
            })
            .await?
    }
}
