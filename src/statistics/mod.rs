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
    /// 1 to k − 1 records; every published figure is rounded to a multiple of k, so neither
    /// does the difference of two figures, also of the same table on two days.
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
        let k = u64::from(self.k);
        let p = suppression::round_to_base(suppression::suppress(counts, k), k);
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
    use proptest::prelude::*;

    /// Every figure of a published table, margins included, in a fixed order.
    fn figures(t: &StatisticsTable) -> Vec<Option<u64>> {
        let mut out: Vec<Option<u64>> = t.cells.iter().flatten().copied().collect();
        out.extend(&t.row_totals);
        out.extend(&t.column_totals);
        out.push(t.total);
        out
    }

    /// The true figures of a counted table, margins included, in the order of [`figures`].
    fn true_figures(counts: &[Vec<u64>]) -> Vec<u64> {
        let p = suppression::suppress(counts, 0);
        let mut out: Vec<u64> = p.cells.into_iter().flatten().flatten().collect();
        out.extend(p.row_totals.into_iter().flatten());
        out.extend(p.column_totals.into_iter().flatten());
        out.extend(p.total);
        out
    }

    /// People by birth date and municipality, counted by age group × municipality on
    /// every day of a window, as an analyst asking with `as_of` day after day would.
    fn tables_over_days(
        people: &[(NaiveDate, usize)],
        from: NaiveDate,
        days: u64,
        k: u32,
    ) -> Vec<(StatisticsTable, Vec<Vec<u64>>)> {
        let places = ["Düren", "Jülich", "Kreuzau"];
        (0..days)
            .map(|d| {
                let as_of = from + chrono::Days::new(d);
                let pairs = people.iter().map(|(birth, place)| {
                    (
                        dimensions::age_group(Some(*birth), as_of).to_owned(),
                        places[*place].to_owned(),
                    )
                });
                let (rows, cols, counts) = tabulate(
                    pairs,
                    CandidateDimension::AgeGroup.categories(),
                    Some(&places),
                );
                let table = Publish {
                    population: "candidates",
                    as_of,
                    work_type: None,
                    k,
                    row_dimension: "age_group",
                    column_dimension: "municipality",
                }
                .table(rows, cols, &counts);
                (table, counts)
            })
            .collect()
    }

    fn people() -> impl Strategy<Value = Vec<(NaiveDate, usize)>> {
        // Birth dates across the age-group boundaries as seen from 2026, so that birthdays
        // in the window move people between groups.
        let birth = (1950i32..2010, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
        proptest::collection::vec((birth, 0usize..3), 0..120)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The attacker: the same table on every day of 60, each figure differenced with the
        /// same figure on every other day. No difference of published figures describes 1
        /// to k − 1 people, and every published figure is within k / 2 of the truth.
        #[test]
        fn differencing_a_table_over_days_recovers_no_small_group(
            people in people(), k in 2u32..8, start in 0u64..365,
        ) {
            let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(start);
            let tables = tables_over_days(&people, from, 60, k);
            let k = u64::from(k);
            for (t, counts) in &tables {
                for (published, truth) in figures(t).into_iter().zip(true_figures(counts)) {
                    if let Some(v) = published {
                        prop_assert!(v.abs_diff(truth) <= k / 2, "{v} published for {truth}");
                    }
                }
            }
            for (a, _) in &tables {
                for (b, _) in &tables {
                    for (x, y) in figures(a).into_iter().zip(figures(b)) {
                        if let (Some(x), Some(y)) = (x, y) {
                            let d = x.abs_diff(y);
                            prop_assert!(d == 0 || d >= k,
                                "{} and {} differ by {d} in one figure", a.as_of, b.as_of);
                        }
                    }
                }
            }
        }
    }

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
