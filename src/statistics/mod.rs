//! Anonymised statistics (*anonymisierte Bedarfsanalyse*): counts of candidates and
//! vacancies in one or two dimensions, published with small-cell suppression.
//!
//! Pure: the app scans the store and passes each record's categories in.

pub mod dimensions;
pub mod suppression;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{FieldError, WorkType};

pub use dimensions::{CandidateDimension, VacancyDimension};

/// A published table. `null` marks a suppressed figure. A one-dimensional table has one
/// column, `all`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StatisticsTable {
    /// `candidates` or `vacancies`.
    pub population: String,
    pub as_of: NaiveDate,
    /// The work type whose verdict the `access` dimension shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_type: Option<WorkType>,
    /// No published figure, and none recoverable from row or column differences, describes
    /// 1 to k − 1 records.
    pub k: u32,
    pub rows: Axis,
    pub columns: Axis,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Option<u64>>>,
    pub row_totals: Vec<Option<u64>>,
    pub column_totals: Vec<Option<u64>>,
    pub total: Option<u64>,
    /// Suppressed figures, totals included.
    pub suppressed: u32,
}

/// One dimension of a table and its categories, in order.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Axis {
    pub dimension: String,
    pub labels: Vec<String>,
}

/// Parses `by`: one or two distinct dimension names, comma-separated.
pub fn parse_by<D: Copy + PartialEq>(
    by: &str,
    all: &[D],
    name: fn(D) -> &'static str,
) -> Result<Vec<D>, FieldError> {
    let mut dims = Vec::new();
    for part in by.split(',').map(str::trim) {
        let d = all
            .iter()
            .copied()
            .find(|d| name(*d) == part)
            .ok_or_else(|| {
                let known: Vec<&str> = all.iter().map(|d| name(*d)).collect();
                FieldError::new(
                    "by",
                    "unknown_dimension",
                    format!("dimensions are: {}", known.join(", ")),
                )
            })?;
        if dims.contains(&d) {
            return Err(FieldError::new(
                "by",
                "duplicate_dimension",
                "each dimension once",
            ));
        }
        dims.push(d);
    }
    if dims.len() > 2 {
        return Err(FieldError::new(
            "by",
            "too_many_dimensions",
            "one or two dimensions",
        ));
    }
    Ok(dims)
}

/// Counts (row, column) category pairs into a table. Fixed categories keep their order and
/// appear even when empty; open ones (`None`) are the categories met, sorted.
pub fn tabulate(
    pairs: impl IntoIterator<Item = (String, String)>,
    row_categories: Option<&[&str]>,
    column_categories: Option<&[&str]>,
) -> (Vec<String>, Vec<String>, Vec<Vec<u64>>) {
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for pair in pairs {
        *counts.entry(pair).or_default() += 1;
    }
    let labels = |fixed: Option<&[&str]>, seen: Vec<&String>| -> Vec<String> {
        match fixed {
            Some(f) => f.iter().map(|s| (*s).to_owned()).collect(),
            None => {
                let mut v: Vec<String> = seen.into_iter().cloned().collect();
                v.sort();
                v.dedup();
                v
            }
        }
    };
    let rows = labels(row_categories, counts.keys().map(|k| &k.0).collect());
    let cols = labels(column_categories, counts.keys().map(|k| &k.1).collect());
    let table = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| counts.get(&(r.clone(), c.clone())).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    (rows, cols, table)
}

/// Suppresses and shapes a counted table for publication.
pub struct Publish<'a> {
    pub population: &'a str,
    pub as_of: NaiveDate,
    pub work_type: Option<WorkType>,
    pub k: u32,
    pub row_dimension: &'a str,
    pub column_dimension: &'a str,
}

impl Publish<'_> {
    pub fn table(
        &self,
        row_labels: Vec<String>,
        column_labels: Vec<String>,
        counts: &[Vec<u64>],
    ) -> StatisticsTable {
        let p = suppression::suppress(counts, u64::from(self.k));
        StatisticsTable {
            population: self.population.to_owned(),
            as_of: self.as_of,
            work_type: self.work_type,
            k: self.k,
            rows: Axis {
                dimension: self.row_dimension.to_owned(),
                labels: row_labels,
            },
            columns: Axis {
                dimension: self.column_dimension.to_owned(),
                labels: column_labels,
            },
            cells: p.cells,
            row_totals: p.row_totals,
            column_totals: p.column_totals,
            total: p.total,
            suppressed: u32::try_from(p.suppressed).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_takes_one_or_two_known_distinct_dimensions() {
        let all = CandidateDimension::ALL;
        let name = CandidateDimension::as_str;
        assert_eq!(
            parse_by("age_group, municipality", &all, name).unwrap(),
            [
                CandidateDimension::AgeGroup,
                CandidateDimension::Municipality
            ]
        );
        assert_eq!(
            parse_by("shoe_size", &all, name).unwrap_err().code,
            "unknown_dimension"
        );
        assert_eq!(
            parse_by("access,access", &all, name).unwrap_err().code,
            "duplicate_dimension"
        );
        assert_eq!(
            parse_by("access,age_group,municipality", &all, name)
                .unwrap_err()
                .code,
            "too_many_dimensions"
        );
    }

    #[test]
    fn fixed_categories_appear_even_when_empty() {
        let pairs = [
            ("b".to_string(), "all".to_string()),
            ("b".into(), "all".into()),
        ];
        let (rows, cols, t) = tabulate(pairs, Some(&["a", "b"]), None);
        assert_eq!(rows, ["a", "b"]);
        assert_eq!(cols, ["all"]);
        assert_eq!(t, [vec![0], vec![2]]);
    }
}
