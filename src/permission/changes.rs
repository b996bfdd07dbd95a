//! The next day on which the verdict changes by law alone (*Stichtag der nächsten Änderung*).
//!
//! Every evaluation records the earliest later day on which one of its date comparisons
//! (a rule's period of validity, a waiting period, the document's expiry, reference data)
//! would flip. Until then the engine takes the same path, so nothing can change. From that day
//! the facts are evaluated again, and so on, until verdict, permissions or priority check
//! differ.

use chrono::NaiveDate;

use super::engine::evaluate;
use super::types::{VacancyFacts, Verdict};
use crate::domain::{ResidenceFacts, WorkType};

/// An upper bound on re-evaluations; there are far fewer boundaries in the table and facts.
const MAX_STEPS: usize = 512;

/// The first day after `as_of` on which verdict, permissions or priority check differ for the
/// same facts, or `None` if they never change.
pub fn changes_on(
    facts: &ResidenceFacts,
    work_type: WorkType,
    vacancy: &VacancyFacts,
    as_of: NaiveDate,
) -> Option<NaiveDate> {
    let first = evaluate(facts, work_type, vacancy, as_of);
    changes_after(facts, work_type, vacancy, &first)
}

/// As [`changes_on`], continuing from a verdict already computed for `as_of`.
pub fn changes_after(
    facts: &ResidenceFacts,
    work_type: WorkType,
    vacancy: &VacancyFacts,
    verdict: &Verdict,
) -> Option<NaiveDate> {
    let key = verdict.key();
    let mut next = verdict.next_boundary;
    for _ in 0..MAX_STEPS {
        let day = next?;
        let later = evaluate(facts, work_type, vacancy, day);
        if later.key() != key {
            return Some(day);
        }
        next = later.next_boundary.filter(|d| *d > day);
    }
    None
}
