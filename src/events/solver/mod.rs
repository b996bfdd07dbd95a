//! The Meeting Point (*Kontaktbörse*) schedule solver.
//!
//! Given employers with tables, candidates with availability and meeting limits, the
//! (employer, candidate) pairs worth a conversation, interpreters per language and slot,
//! and pinned meetings, [`solve`] chooses which conversations take place and when. The
//! objective is lexicographic: first the number of candidates who get at least
//! `min_meetings`, then the sum of scores.
//!
//! How it works:
//! 1. `problem.rs` validates the request into an index-based instance.
//! 2. `search.rs` builds a schedule greedily and improves it by local search (insertions,
//!    one-level repairs, ejections).
//! 3. `bound.rs` runs subgradient optimisation on a Lagrangian relaxation of the
//!    time-indexed model (employer-table and interpreter capacities per slot and the
//!    coverage target dualised). Each evaluation decomposes into one small exact assignment
//!    problem per candidate (`matching.rs`) and yields a *proven* upper bound; its
//!    solutions and prices guide further constructions in step 2.
//! 4. Small instances are finished by exact branch and bound (`exact.rs`), which proves
//!    optimality (then `upper_bound == objective`).
//! 5. `output.rs` numbers tables and sorts the meetings; `check.rs` holds the independent
//!    validity checker used by tests and as a last guard.
//!
//! Everything is deterministic: no randomness, no hash-map iteration, iteration counts
//! that depend only on the instance.

mod assign;
mod bound;
mod check;
mod error;
mod exact;
mod flow;
mod matching;
mod output;
mod problem;
mod replan;
mod search;
mod state;
mod types;

use std::collections::BTreeMap;

pub use check::{Violation, validate_schedule};
pub use error::{ErrorCode, ProblemError, ProblemErrorKind};
pub use problem::{MAX_CANDIDATES, MAX_EMPLOYERS, MAX_PAIRS, MAX_SLOTS};
pub use replan::{replan, replan_with};
pub use types::{
    CandidateSpec, EmployerSpec, Meeting, PairSpec, PinnedMeeting, ReplanSummary, Schedule,
    ScheduleProblem,
};

use bound::{Relaxation, Relaxed, Subgradient};
use problem::Instance;
use search::better;

/// Tuning knobs of the solver; [`SolveOptions::default`] is what the service uses.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Subgradient iterations; `None` chooses by instance size.
    pub bound_iterations: Option<u32>,
    /// Instances with at most this many pairs that can meet are finished by exact search.
    pub exact_max_pairs: usize,
    /// Node limit of the exact search (keeps the running time bounded and deterministic).
    pub exact_node_limit: u64,
    /// Rounds of local search per constructed schedule.
    pub local_search_passes: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            bound_iterations: None,
            exact_max_pairs: 40,
            exact_node_limit: 300_000,
            local_search_passes: 6,
        }
    }
}

/// Solves a Meeting Point schedule with the default options; see [`solve_with`].
///
/// # Errors
/// [`ProblemError`] of kind `InvalidInput` for malformed requests, `InfeasiblePin` for
/// pinned meetings that cannot all be kept (the error's `field` names the pin).
pub fn solve(problem: &ScheduleProblem) -> Result<Schedule, ProblemError> {
    solve_with(problem, &SolveOptions::default())
}

/// Solves a Meeting Point schedule. The result satisfies every constraint of the contract,
/// keeps every pin and is the same for the same input.
///
/// # Errors
/// As [`solve`].
pub fn solve_with(
    problem: &ScheduleProblem,
    options: &SolveOptions,
) -> Result<Schedule, ProblemError> {
    let inst = Instance::with_pins(problem)?;
    let solved = optimise(&inst, options);
    let schedule = output::to_schedule(
        problem,
        &inst,
        &solved.meetings,
        solved.upper_bound,
        &BTreeMap::new(),
    );
    if validate_schedule(problem, &schedule).is_err() {
        // Never hand out an invalid schedule; the pins alone are valid (checked above).
        debug_assert!(false, "solver produced an invalid schedule");
        let fixed = inst.fixed.clone();
        return Ok(output::to_schedule(
            problem,
            &inst,
            &fixed,
            solved.upper_bound,
            &BTreeMap::new(),
        ));
    }
    Ok(schedule)
}

/// The optimiser's result in index form.
pub(crate) struct Solved {
    pub meetings: Vec<(u32, u32)>,
    /// Proven bound on the score of schedules with at least as many candidates at minimum.
    pub upper_bound: f64,
}

fn auto_iterations(inst: &Instance) -> u32 {
    let work: usize = inst
        .pairs
        .iter()
        .map(|p| p.mask.count_ones() as usize)
        .sum::<usize>()
        + inst.cand_count();
    (80_000_000 / work.max(1)).clamp(40, 400) as u32
}

/// Heuristic + Lagrangian bound + (small instances) exact search.
pub(crate) fn optimise(inst: &Instance, options: &SolveOptions) -> Solved {
    let order = search::pair_order(inst);
    // Re-planning: start from the previous meetings (those still possible).
    let previous: Vec<(u32, u32)> = (0..inst.pairs.len() as u32)
        .filter(|&p| inst.pairs[p as usize].pref_slot != problem::NONE)
        .map(|p| (p, inst.pairs[p as usize].pref_slot))
        .collect();
    let mut best = search::construct(inst, None, &previous, &order, 0);
    let mut sub = Subgradient::new(inst);
    let mut relaxation = Relaxation::new(inst);
    let mut relaxed = Relaxed::default();
    let iterations = options
        .bound_iterations
        .unwrap_or_else(|| auto_iterations(inst))
        .max(2);
    // Phase 1 moves the prices towards the greedy schedule's score; the flow heuristic then
    // uses them (interpreter prices matter most); phase 2 continues towards the much better
    // flow-based target, which makes the Polyak steps far more accurate.
    for phase in 0..2 {
        let (k, score) = (best.at_min, pure_score(&best));
        for _ in 0..iterations / 2 {
            relaxation.evaluate(inst, &sub.prices, &mut relaxed);
            sub.step(inst, &relaxed, score, k);
            if sub.bound(k) - score <= 1e-9 * (1.0 + score.abs()) {
                break;
            }
        }
        if phase == 0 {
            let flowed = assign::construct(inst, &sub.prices, &order, 0);
            if better(flowed.objective(), best.objective()) {
                best = flowed;
            }
        }
    }
    let passes = if order.len() > 5_000 {
        options.local_search_passes.min(1)
    } else {
        options.local_search_passes
    };
    search::improve(&mut best, Some(&sub.prices), &order, passes);
    let best_obj = best.objective();
    let mut best = best.meetings();
    // Floating-point safety margin on the bound (it is a sum of many rounded terms).
    let margin = |b: f64| b + 1e-9 * (1.0 + b.abs());
    let mut upper = margin(sub.bound(output::at_min_of(inst, &best)));
    if order.len() <= options.exact_max_pairs {
        let result = exact::search(inst, best_obj, options.exact_node_limit);
        if let Some(found) = result.improved {
            best = found;
            upper = margin(sub.bound(output::at_min_of(inst, &best)));
        }
        if result.complete && inst.keep_bonus == 0.0 {
            // Proven lexicographically optimal: nothing with as many candidates at minimum
            // scores more.
            upper = output::score_of(inst, &best);
        }
    }
    let score = output::score_of(inst, &best);
    Solved {
        meetings: best,
        upper_bound: upper.max(score),
    }
}

/// Sum of scores (without re-planning bonuses) of a state.
fn pure_score(state: &state::State) -> f64 {
    let inst = state.inst;
    state
        .pair_slot
        .iter()
        .enumerate()
        .filter(|&(_, &t)| t != problem::NONE)
        .map(|(p, _)| inst.pairs[p].score)
        .sum()
}
