//! Event-day re-planning: the event has run up to `from_slot`, some people did not show,
//! some walked in; re-optimise the rest of the day while changing little.
//!
//! Rules:
//! * Every previous meeting before `from_slot` is kept exactly (slot and table) — it is
//!   history, whether or not its participants are still present. Such meetings count
//!   towards `max_meetings`, `min_meetings` and "a pair meets at most once".
//! * From `from_slot` on, absent candidates and employers get no meetings; pins of the
//!   problem from `from_slot` on are kept unless a participant is absent, earlier pins are
//!   superseded by what was actually held.
//! * Walk-ins are simply candidates of `problem` without previous meetings.
//!
//! Stability trade-off: the optimiser adds a bonus to keeping a previous future meeting in
//! its previous slot, `KEEP_BONUS_SHARE` × the largest pair score. Reaching more candidates'
//! minimum always wins (it is the first objective); on the score, a schedule that changes a
//! previous meeting must be better by more than that bonus per changed meeting. With scores
//! in `[0, 1]` this means a move or swap is made only for a gain above 0.1. The reported
//! `objective` and `upper_bound` are pure scores, without bonuses.

use std::collections::{BTreeMap, BTreeSet};

use super::error::{ErrorCode, ProblemError};
use super::problem::{Instance, NONE};
use super::types::{ReplanSummary, Schedule, ScheduleProblem};
use super::{SolveOptions, optimise, output};

/// Bonus for keeping a previous future meeting, as a share of the largest pair score.
pub const KEEP_BONUS_SHARE: f64 = 0.1;

/// Re-plans the rest of an event day with the default options; see [`replan_with`].
///
/// # Errors
/// As [`super::solve`]; additionally `from_slot_out_of_range`, unknown ids in `absent`
/// (field `absent[i]`), and previous meetings that no longer fit the problem (field
/// `previous.meetings[i]`).
pub fn replan(
    problem: &ScheduleProblem,
    previous: &Schedule,
    from_slot: u32,
    absent: &[String],
) -> Result<Schedule, ProblemError> {
    replan_with(
        problem,
        previous,
        from_slot,
        absent,
        &SolveOptions::default(),
    )
}

/// Re-plans slots `from_slot..` of `problem` after `previous` was used up to `from_slot`,
/// without the `absent` candidates and employers (ids). The result's `replan` field reports
/// how many future meetings changed.
///
/// # Errors
/// As [`replan`].
pub fn replan_with(
    problem: &ScheduleProblem,
    previous: &Schedule,
    from_slot: u32,
    absent: &[String],
    options: &SolveOptions,
) -> Result<Schedule, ProblemError> {
    let mut inst = Instance::from_problem(problem)?;
    if from_slot > problem.slots {
        return Err(ProblemError::new(
            ErrorCode::FromSlotOutOfRange,
            "from_slot",
            format!("from_slot must be at most slots = {}", problem.slots),
        ));
    }
    let mut absent_emp = BTreeSet::new();
    let mut absent_cand = BTreeSet::new();
    for (i, id) in absent.iter().enumerate() {
        let field = format!("absent[{i}]");
        if let Ok(e) = inst.employer(id, &field) {
            absent_emp.insert(e);
        } else if let Ok(c) = inst.candidate(id, &field) {
            absent_cand.insert(c);
        } else {
            return Err(ProblemError::new(
                ErrorCode::UnknownCandidate,
                field,
                format!("no candidate or employer has id {id:?}"),
            ));
        }
    }
    let is_absent = |e: u32, c: u32| absent_emp.contains(&e) || absent_cand.contains(&c);

    // History first: it is fixed whatever the problem says now.
    let mut table_pref = BTreeMap::new();
    let mut future_prev = Vec::new();
    for (i, m) in previous.meetings.iter().enumerate() {
        let field = format!("previous.meetings[{i}]");
        let e = inst.employer(&m.employer, &format!("{field}.employer"))?;
        let c = inst.candidate(&m.candidate, &format!("{field}.candidate"))?;
        if m.slot < from_slot {
            inst.add_fixed(e, c, m.slot, &field, false)?;
            if let Some(p) = inst.pair_of(e, c) {
                table_pref.insert((p, m.slot), m.table);
            }
        } else {
            future_prev.push((e, c, m.slot, m.table));
        }
    }
    let future: u128 = (from_slot..problem.slots).fold(0, |m, t| m | (1u128 << t));
    for pair in &mut inst.pairs {
        pair.mask &= if is_absent(pair.emp, pair.cand) {
            0
        } else {
            future
        };
    }
    for (i, pin) in problem.pinned.iter().enumerate() {
        let field = format!("pinned[{i}]");
        let e = inst.employer(&pin.employer, &format!("{field}.employer"))?;
        let c = inst.candidate(&pin.candidate, &format!("{field}.candidate"))?;
        if pin.slot >= from_slot && !is_absent(e, c) {
            inst.add_fixed(e, c, pin.slot, &field, true)?;
        }
    }
    let max_score = inst.pairs.iter().map(|p| p.score).fold(0.0, f64::max);
    inst.keep_bonus = KEEP_BONUS_SHARE * max_score;
    for &(e, c, t, table) in &future_prev {
        if let Some(p) = inst.pair_of(e, c)
            && !is_absent(e, c)
            && t < problem.slots
        {
            inst.pairs[p as usize].pref_slot = t;
            table_pref.insert((p, t), table);
        }
    }

    let solved = optimise(&inst, options);
    let mut schedule = output::to_schedule(
        problem,
        &inst,
        &solved.meetings,
        solved.upper_bound,
        &table_pref,
    );
    let new_future: BTreeSet<(u32, u32)> = solved
        .meetings
        .iter()
        .copied()
        .filter(|&(_, t)| t >= from_slot)
        .collect();
    let mut summary = ReplanSummary {
        from_slot,
        kept: 0,
        dropped_absent: 0,
        moved_or_cancelled: 0,
        added: 0,
        changed_future_meetings: 0,
    };
    let mut old_future = BTreeSet::new();
    for &(e, c, t, _) in &future_prev {
        let p = inst.pair_of(e, c).unwrap_or(NONE);
        if is_absent(e, c) {
            summary.dropped_absent += 1;
        } else if new_future.contains(&(p, t)) {
            summary.kept += 1;
        } else {
            summary.moved_or_cancelled += 1;
        }
        old_future.insert((p, t));
    }
    summary.added = new_future
        .iter()
        .filter(|k| !old_future.contains(k))
        .count() as u32;
    summary.changed_future_meetings = summary.moved_or_cancelled + summary.added;
    schedule.replan = Some(summary);
    Ok(schedule)
}
