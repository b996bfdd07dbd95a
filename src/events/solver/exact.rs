//! Exact depth-first branch and bound for small instances: every pair either does not
//! meet or meets in one of its slots. Bounds are per-candidate optimistic (best remaining
//! scores up to the candidate's free capacity, and whether the minimum is still reachable);
//! interchangeable slots are broken by opening them in index order. A node limit keeps the
//! running time bounded; only a search that finishes proves optimality.

use super::problem::{Instance, NONE};
use super::search::better;
use super::state::State;

/// Result of the exact search.
pub(crate) struct Exact {
    /// Best schedule found that beats the incumbent, if any.
    pub improved: Option<Vec<(u32, u32)>>,
    /// The search finished: the best of incumbent and `improved` is optimal.
    pub complete: bool,
}

struct Dfs<'a, 'b> {
    state: &'b mut State<'a>,
    order: Vec<u32>,
    /// Optimistic (count, score) of candidates `c..` before any free pair is decided.
    suffix: Vec<(u32, f64)>,
    slot_class: Vec<u32>,
    best: (u32, f64),
    found: Option<Vec<(u32, u32)>>,
    nodes: u64,
    limit: u64,
}

/// Optimistic (reaches minimum, score) of candidate `c` from its pairs at `from..` in
/// `state`, with `room` further meetings allowed.
fn optimistic(state: &State, c: usize, pairs: &[u32]) -> (u32, f64) {
    let inst = state.inst;
    let s = inst.slots;
    let occupied: u128 = (0..s)
        .filter(|&t| state.cand_at[c * s + t] != NONE)
        .fold(0, |m, t| m | (1u128 << t));
    let union = pairs
        .iter()
        .fold(0u128, |m, &p| m | inst.pairs[p as usize].mask)
        & !occupied;
    let room = (inst.max[c] - state.cand_count[c]).min(union.count_ones()) as usize;
    let mut gains: Vec<f64> = pairs
        .iter()
        .map(|&p| {
            let pair = &inst.pairs[p as usize];
            let bonus = if pair.pref_slot != NONE
                && pair.mask & !occupied & (1u128 << pair.pref_slot) != 0
            {
                inst.keep_bonus
            } else {
                0.0
            };
            pair.score + bonus
        })
        .collect();
    gains.sort_by(|a, b| b.total_cmp(a));
    let extra = room.min(gains.len());
    let count = state.cand_count[c] as usize;
    let reach = u32::from(count < inst.min[c] as usize && count + extra >= inst.min[c] as usize);
    (reach, gains[..extra].iter().sum())
}

impl Dfs<'_, '_> {
    fn bound(&self, i: usize) -> (u32, f64) {
        let inst = self.state.inst;
        let (mut count, mut score) = self.state.objective();
        let Some(&p) = self.order.get(i) else {
            return (count, score);
        };
        let c = inst.pairs[p as usize].cand as usize;
        let end = self.order[i..]
            .iter()
            .position(|&q| inst.pairs[q as usize].cand as usize != c)
            .map_or(self.order.len(), |k| i + k);
        let (reach, gain) = optimistic(self.state, c, &self.order[i..end]);
        count += reach + self.suffix[c + 1].0;
        score += gain + self.suffix[c + 1].1;
        (count, score)
    }

    fn symmetric_skip(&self, t: u32) -> bool {
        let class = self.slot_class[t as usize];
        class != NONE
            && self.state.slot_count[t as usize] == 0
            && (0..t).any(|u| {
                self.slot_class[u as usize] == class && self.state.slot_count[u as usize] == 0
            })
    }

    fn run(&mut self, i: usize) -> bool {
        self.nodes += 1;
        if self.nodes > self.limit {
            return false;
        }
        if i == self.order.len() {
            if better(self.state.objective(), self.best) {
                self.best = self.state.objective();
                self.found = Some(self.state.meetings());
            }
            return true;
        }
        if !better(self.bound(i), self.best) {
            return true;
        }
        let p = self.order[i];
        let mut mask = self.state.inst.pairs[p as usize].mask;
        while mask != 0 {
            let t = mask.trailing_zeros();
            mask &= mask - 1;
            if self.state.can_place(p, t) && !self.symmetric_skip(t) {
                self.state.place(p, t);
                let finished = self.run(i + 1);
                self.state.remove(p);
                if !finished {
                    return false;
                }
            }
        }
        self.run(i + 1)
    }
}

/// Slots that are interchangeable (same availability for every pair, no fixed meeting and
/// no re-planning preference) share a class id; others get `NONE`.
fn slot_classes(inst: &Instance) -> Vec<u32> {
    let mut class = vec![NONE; inst.slots];
    if inst.pairs.iter().any(|p| p.pref_slot != NONE) {
        return class;
    }
    let fixed: u128 = inst.fixed.iter().fold(0, |m, &(_, t)| m | (1u128 << t));
    let column = |t: usize| -> Vec<bool> {
        inst.pairs
            .iter()
            .map(|p| p.mask & (1u128 << t) != 0)
            .collect()
    };
    for t in 0..inst.slots {
        if fixed & (1u128 << t) != 0 || class[t] != NONE {
            continue;
        }
        class[t] = t as u32;
        let col = column(t);
        for (u, slot_class) in class.iter_mut().enumerate().skip(t + 1) {
            if *slot_class == NONE && fixed & (1u128 << u) == 0 && column(u) == col {
                *slot_class = t as u32;
            }
        }
    }
    class
}

/// Searches for a schedule better than `incumbent` = (count, score) within `node_limit`.
pub(crate) fn search(inst: &Instance, incumbent: (u32, f64), node_limit: u64) -> Exact {
    let mut state = State::new(inst);
    let order: Vec<u32> = (0..inst.pairs.len() as u32)
        .filter(|&p| !state.fixed[p as usize] && inst.pairs[p as usize].mask != 0)
        .collect();
    let mut suffix = vec![(0u32, 0.0f64); inst.cand_count() + 1];
    for c in (0..inst.cand_count()).rev() {
        let own: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&p| inst.pairs[p as usize].cand as usize == c)
            .collect();
        let (reach, gain) = optimistic(&state, c, &own);
        suffix[c] = (suffix[c + 1].0 + reach, suffix[c + 1].1 + gain);
    }
    let mut dfs = Dfs {
        state: &mut state,
        order,
        suffix,
        slot_class: slot_classes(inst),
        best: incumbent,
        found: None,
        nodes: 0,
        limit: node_limit,
    };
    let complete = dfs.run(0);
    Exact {
        improved: dfs.found,
        complete,
    }
}
