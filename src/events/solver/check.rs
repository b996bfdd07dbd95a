//! An independent checker of schedules against the contract. It uses only the public
//! request/response types (no solver internals), so tests, benches and the solver itself
//! can rely on it as the single definition of "valid".

use std::collections::{BTreeMap, BTreeSet};

use super::types::{Meeting, Schedule, ScheduleProblem};

/// A way in which a schedule breaks the rules of its problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Violation {
    /// Meeting `index` is not a listed pair (or names an unknown id).
    #[error("meeting {index} is not a listed pair")]
    PairNotListed { index: usize },
    /// Meeting `index` uses a slot outside `0..slots`.
    #[error("meeting {index} has slot out of range")]
    SlotOutOfRange { index: usize },
    /// Meeting `index` is in a slot its candidate is not available in.
    #[error("meeting {index} is outside the candidate's availability")]
    CandidateUnavailable { index: usize },
    /// Meeting `index` has a table outside `1..=tables`.
    #[error("meeting {index} has table out of range")]
    TableOutOfRange { index: usize },
    /// Meeting `index` reports another interpreter language than its pair needs.
    #[error("meeting {index} reports the wrong interpreter")]
    WrongInterpreter { index: usize },
    /// Two meetings share an employer, slot and table.
    #[error("two meetings at employer {employer}, slot {slot}, table {table}")]
    TableDoubleBooked {
        employer: String,
        slot: u32,
        table: u32,
    },
    /// A candidate has two meetings in one slot.
    #[error("candidate {candidate} has two meetings in slot {slot}")]
    CandidateDoubleBooked { candidate: String, slot: u32 },
    /// A candidate has more than `max_meetings` meetings.
    #[error("candidate {candidate} exceeds max_meetings")]
    TooManyMeetings { candidate: String },
    /// A pair meets more than once.
    #[error("pair ({employer}, {candidate}) meets twice")]
    PairMeetsTwice { employer: String, candidate: String },
    /// More meetings need an interpreter language in a slot than there are interpreters.
    #[error("interpreter capacity for {language} exceeded in slot {slot}")]
    InterpretersExceeded { language: String, slot: u32 },
    /// A pinned meeting is missing.
    #[error("pinned meeting {index} is missing")]
    PinMissing { index: usize },
    /// Meetings are not sorted by (slot, employer, table).
    #[error("meetings are not sorted by (slot, employer, table)")]
    NotSorted,
    /// `candidates_at_min` does not match the meetings.
    #[error("candidates_at_min is {reported}, the meetings give {actual}")]
    WrongCandidatesAtMin { reported: u32, actual: u32 },
    /// `objective` does not equal the sum of the meetings' scores.
    #[error("objective is {reported}, the meetings sum to {actual}")]
    WrongObjective { reported: f64, actual: f64 },
    /// `upper_bound` is below `objective` or not finite.
    #[error("upper bound {upper_bound} is below objective {objective}")]
    BoundBelowObjective { upper_bound: f64, objective: f64 },
}

/// Checks every rule of the contract: listed pairs in available slots, tables, one meeting
/// per candidate and slot, `max_meetings`, each pair at most once, interpreters per slot,
/// pins kept, sort order, and that the reported figures match the meetings.
pub fn validate_schedule(problem: &ScheduleProblem, schedule: &Schedule) -> Result<(), Violation> {
    let slots = problem.slots;
    let employers: BTreeMap<&str, u32> = problem
        .employers
        .iter()
        .map(|e| (e.id.as_str(), e.tables))
        .collect();
    let candidates: BTreeMap<&str, _> = problem
        .candidates
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut pairs = BTreeMap::new();
    for p in &problem.pairs {
        pairs
            .entry((p.employer.as_str(), p.candidate.as_str()))
            .or_insert(p);
    }

    let mut tables_used = BTreeSet::new();
    let mut cand_slot = BTreeSet::new();
    let mut met = BTreeSet::new();
    let mut per_cand: BTreeMap<&str, u32> = BTreeMap::new();
    let mut per_emp_slot: BTreeMap<(&str, u32), u32> = BTreeMap::new();
    let mut per_lang_slot: BTreeMap<(&str, u32), u32> = BTreeMap::new();
    let mut sum = 0.0;
    for (index, m) in schedule.meetings.iter().enumerate() {
        let key = (m.employer.as_str(), m.candidate.as_str());
        let (Some(pair), Some(&tables), Some(cand)) = (
            pairs.get(&key),
            employers.get(m.employer.as_str()),
            candidates.get(m.candidate.as_str()),
        ) else {
            return Err(Violation::PairNotListed { index });
        };
        if m.slot >= slots {
            return Err(Violation::SlotOutOfRange { index });
        }
        if let Some(avail) = &cand.available_slots
            && !avail.contains(&m.slot)
        {
            return Err(Violation::CandidateUnavailable { index });
        }
        if m.table == 0 || m.table > tables {
            return Err(Violation::TableOutOfRange { index });
        }
        if m.interpreter != pair.interpreter {
            return Err(Violation::WrongInterpreter { index });
        }
        if !tables_used.insert((key.0, m.slot, m.table)) {
            return Err(Violation::TableDoubleBooked {
                employer: m.employer.clone(),
                slot: m.slot,
                table: m.table,
            });
        }
        let load = per_emp_slot.entry((key.0, m.slot)).or_default();
        *load += 1;
        if *load > tables {
            return Err(Violation::TableDoubleBooked {
                employer: m.employer.clone(),
                slot: m.slot,
                table: m.table,
            });
        }
        if !cand_slot.insert((key.1, m.slot)) {
            return Err(Violation::CandidateDoubleBooked {
                candidate: m.candidate.clone(),
                slot: m.slot,
            });
        }
        if !met.insert(key) {
            return Err(Violation::PairMeetsTwice {
                employer: m.employer.clone(),
                candidate: m.candidate.clone(),
            });
        }
        let count = per_cand.entry(key.1).or_default();
        *count += 1;
        if *count > cand.max_meetings.unwrap_or(slots) {
            return Err(Violation::TooManyMeetings {
                candidate: m.candidate.clone(),
            });
        }
        if let Some(lang) = &pair.interpreter {
            let used = per_lang_slot.entry((lang.as_str(), m.slot)).or_default();
            *used += 1;
            if *used > problem.interpreters.get(lang).copied().unwrap_or(0) {
                return Err(Violation::InterpretersExceeded {
                    language: lang.clone(),
                    slot: m.slot,
                });
            }
        }
        sum += pair.score;
    }
    for (index, pin) in problem.pinned.iter().enumerate() {
        let kept = schedule.meetings.iter().any(|m| {
            m.employer == pin.employer && m.candidate == pin.candidate && m.slot == pin.slot
        });
        if !kept {
            return Err(Violation::PinMissing { index });
        }
    }
    let sort_key = |m: &Meeting| (m.slot, m.employer.clone(), m.table);
    if schedule
        .meetings
        .windows(2)
        .any(|w| sort_key(&w[0]) > sort_key(&w[1]))
    {
        return Err(Violation::NotSorted);
    }
    let actual = problem
        .candidates
        .iter()
        .filter(|c| {
            let min = c
                .min_meetings
                .unwrap_or(1.min(c.max_meetings.unwrap_or(slots)));
            per_cand.get(c.id.as_str()).copied().unwrap_or(0) >= min
        })
        .count() as u32;
    if actual != schedule.candidates_at_min {
        return Err(Violation::WrongCandidatesAtMin {
            reported: schedule.candidates_at_min,
            actual,
        });
    }
    if (schedule.objective - sum).abs() > 1e-6 * (1.0 + sum.abs()) {
        return Err(Violation::WrongObjective {
            reported: schedule.objective,
            actual: sum,
        });
    }
    if !schedule.upper_bound.is_finite() || schedule.upper_bound < schedule.objective {
        return Err(Violation::BoundBelowObjective {
            upper_bound: schedule.upper_bound,
            objective: schedule.objective,
        });
    }
    Ok(())
}
