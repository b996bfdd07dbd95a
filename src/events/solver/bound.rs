//! The Lagrangian upper bound.
//!
//! Time-indexed model: `x[p,t] = 1` if pair `p` meets in slot `t`, `y[c] = 1` if candidate
//! `c` reaches `min_meetings`. Constraints: (a) per candidate and slot at most one meeting,
//! (b) each pair at most once, (c) at most `max_meetings` per candidate, `y[c] = 1` only if
//! the candidate has at least `min_meetings`, pins fixed; (d) per employer and slot at most
//! `tables` meetings; (e) per language and slot at most `interpreters[L]` meetings;
//! (f) `sum y >= K`, where `K` is the `candidates_at_min` of the reported schedule.
//!
//! We dualise (d) with multipliers `λ[e,t] >= 0`, (e) with `μ[L,t] >= 0` and (f) with
//! `w >= 0`. For any feasible schedule `x` with at least `K` candidates at their minimum,
//!
//! ```text
//! score(x) <= score(x) + Σ λ[e,t]·(tables[e] - load[e,t](x)) + Σ μ[L,t]·(cap[L] - use[L,t](x))
//!                      + w·(Σ y(x) - K)                       (every added term is >= 0)
//!           = Σ λ·tables + Σ μ·cap - w·K + Σ_c [ Σ_{(p,t) of c} (s_p - λ[e_p,t] - μ[L_p,t]) + w·y_c ]
//!          <= Σ λ·tables + Σ μ·cap - w·K + Σ_c max over c's own choices satisfying (a)–(c).
//! ```
//!
//! The last maximum separates by candidate and is a small assignment problem (pairs ×
//! slots) with a cardinality decision, solved exactly in `matching.rs`. So every choice of
//! multipliers gives a valid upper bound for *every* schedule reaching `K`, in particular
//! for the best one; subgradient optimisation only tightens it. The bound is evaluated in
//! floating point; `mod.rs` adds a relative safety margin before reporting it.

use super::matching::{Edge, Matcher};
use super::problem::{Instance, Mask, NONE};

/// Multipliers of the dualised constraints.
#[derive(Debug, Clone)]
pub(crate) struct Prices {
    /// `λ[e * slots + t]`.
    pub emp: Vec<f64>,
    /// `μ[l * slots + t]`.
    pub lang: Vec<f64>,
    /// `w`, the price of one candidate reaching the minimum.
    pub coverage: f64,
}

impl Prices {
    pub fn zero(inst: &Instance) -> Self {
        Self {
            emp: vec![0.0; inst.tables.len() * inst.slots],
            lang: vec![0.0; inst.lang_cap.len() * inst.slots],
            coverage: 0.0,
        }
    }

    /// Reduced weight of meeting pair `p` in slot `t`.
    pub fn reduced(&self, inst: &Instance, p: usize, t: usize) -> f64 {
        let pair = &inst.pairs[p];
        let mut w = pair.score - self.emp[pair.emp as usize * inst.slots + t];
        if pair.lang != NONE {
            w -= self.lang[pair.lang as usize * inst.slots + t];
        }
        w
    }
}

/// The relaxed optimum for one set of prices.
#[derive(Debug, Default)]
pub(crate) struct Relaxed {
    /// Lagrangian value without the `-w·K` term.
    pub value: f64,
    /// Meetings (pair, slot) chosen by the relaxation, fixed ones included.
    pub chosen: Vec<(u32, u32)>,
    /// Candidates the relaxation brings to their minimum.
    pub covered: u32,
}

/// Evaluates the Lagrangian function; owns the per-candidate scratch space.
#[derive(Debug, Default)]
pub(crate) struct Relaxation {
    fixed_slot: Vec<u32>,
    fixed_mask: Vec<Mask>,
    fixed_count: Vec<u32>,
    matcher: Matcher,
    edges: Vec<Edge>,
    best: Vec<(f64, u32, u32)>,
    row: Vec<(f64, u32)>,
    picked: Vec<u32>,
}

impl Relaxation {
    pub fn new(inst: &Instance) -> Self {
        let mut fixed_slot = vec![NONE; inst.pairs.len()];
        let mut fixed_mask = vec![0; inst.cand_count()];
        let mut fixed_count = vec![0; inst.cand_count()];
        for &(p, t) in &inst.fixed {
            fixed_slot[p as usize] = t;
            let c = inst.pairs[p as usize].cand as usize;
            fixed_mask[c] |= 1u128 << t;
            fixed_count[c] += 1;
        }
        Self {
            fixed_slot,
            fixed_mask,
            fixed_count,
            ..Self::default()
        }
    }

    /// Maximises the Lagrangian function at `prices` (see the module docs).
    pub fn evaluate(&mut self, inst: &Instance, prices: &Prices, out: &mut Relaxed) {
        out.chosen.clear();
        out.covered = 0;
        let slots = inst.slots;
        let mut value = 0.0;
        for (e, &tables) in inst.tables.iter().enumerate() {
            value += f64::from(tables) * prices.emp[e * slots..(e + 1) * slots].iter().sum::<f64>();
        }
        for (l, &cap) in inst.lang_cap.iter().enumerate() {
            value += f64::from(cap) * prices.lang[l * slots..(l + 1) * slots].iter().sum::<f64>();
        }
        for c in 0..inst.cand_count() {
            value += self.candidate(inst, prices, c, out);
        }
        out.value = value;
    }

    /// The exact optimum of candidate `c`'s part; appends its meetings to `out.chosen`.
    fn candidate(&mut self, inst: &Instance, prices: &Prices, c: usize, out: &mut Relaxed) -> f64 {
        let (min, max) = (inst.min[c] as usize, inst.max[c] as usize);
        let fixed_count = self.fixed_count[c] as usize;
        let blocked = self.fixed_mask[c];
        let mut base = 0.0;
        let range = inst.pairs_of(c as u32);
        self.best.clear();
        for p in range.clone() {
            if self.fixed_slot[p] != NONE {
                let t = self.fixed_slot[p];
                base += prices.reduced(inst, p, t as usize);
                out.chosen.push((p as u32, t));
                continue;
            }
            let mut mask = inst.pairs[p].mask & !blocked;
            let mut top = (f64::NEG_INFINITY, NONE);
            while mask != 0 {
                let t = mask.trailing_zeros();
                mask &= mask - 1;
                let w = prices.reduced(inst, p, t as usize);
                if w > top.0 {
                    top = (w, t);
                }
            }
            if top.1 != NONE {
                self.best.push((top.0, (p - range.start) as u32, top.1));
            }
        }
        let room = max.saturating_sub(fixed_count).min(self.best.len());
        let need = min.saturating_sub(fixed_count);
        self.best
            .sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mark = out.chosen.len();
        let plain = self.choose(inst, prices, c, 0, room, out);
        let free_value = if fixed_count + (out.chosen.len() - mark) >= min {
            out.covered += 1;
            plain + prices.coverage
        } else if need > room {
            plain
        } else {
            // Either stop at the unconstrained optimum or go on to `need` meetings and earn w.
            let plain_chosen: Vec<(u32, u32)> = out.chosen.drain(mark..).collect();
            let forced = self.choose(inst, prices, c, need, room, out);
            if out.chosen.len() - mark >= need && forced + prices.coverage >= plain {
                out.covered += 1;
                forced + prices.coverage
            } else {
                out.chosen.truncate(mark);
                out.chosen.extend(plain_chosen);
                plain
            }
        };
        base + free_value
    }

    /// Best matching of the free pairs of `c` with `need..=limit` meetings (see
    /// [`Matcher::best_matching`]); `self.best` holds each free pair's best slot, sorted.
    fn choose(
        &mut self,
        inst: &Instance,
        prices: &Prices,
        c: usize,
        need: usize,
        limit: usize,
        out: &mut Relaxed,
    ) -> f64 {
        let start = inst.pairs_of(c as u32).start;
        // Fast path: the first `take` pairs by best weight have pairwise different best slots.
        let positive = self
            .best
            .iter()
            .take(limit)
            .take_while(|b| b.0 > 0.0)
            .count();
        let take = positive.max(need).min(limit);
        let mut used: Mask = 0;
        let distinct = self.best[..take].iter().all(|b| {
            let bit = 1u128 << b.2;
            let fresh = used & bit == 0;
            used |= bit;
            fresh
        });
        if distinct {
            let mut total = 0.0;
            for &(w, p, t) in &self.best[..take] {
                total += w;
                out.chosen.push(((start + p as usize) as u32, t));
            }
            return total;
        }
        // Exact path. A pair only needs its `limit` best slots: in an optimal matching of at
        // most `limit` edges, a pair matched elsewhere could move to a free slot among those.
        self.edges.clear();
        let blocked = self.fixed_mask[c];
        for &(_, p, _) in &self.best {
            let pair = start + p as usize;
            self.row.clear();
            let mut mask = inst.pairs[pair].mask & !blocked;
            while mask != 0 {
                let t = mask.trailing_zeros();
                mask &= mask - 1;
                self.row.push((prices.reduced(inst, pair, t as usize), t));
            }
            let order = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
            if self.row.len() > limit && limit > 0 {
                self.row.select_nth_unstable_by(limit - 1, order);
                self.row.truncate(limit);
            }
            self.row.sort_by(order);
            self.edges.extend(self.row.iter().map(|&(w, t)| (p, t, w)));
        }
        self.picked.clear();
        let len = inst.pairs_of(c as u32).len();
        let total =
            self.matcher
                .best_matching(len, inst.slots, &self.edges, need, limit, &mut self.picked);
        for &e in &self.picked {
            let (p, t, _) = self.edges[e as usize];
            out.chosen.push(((start + p as usize) as u32, t));
        }
        total
    }
}

/// Subgradient optimisation of the multipliers (Polyak steps towards the incumbent).
#[derive(Debug)]
pub(crate) struct Subgradient {
    pub prices: Prices,
    /// Every evaluated point as (value without `-w·K`, w): the bound for a given `K` is the
    /// minimum of `value - w·K`.
    history: Vec<(f64, f64)>,
    theta: f64,
    best: f64,
    stall: u32,
    emp_load: Vec<u32>,
    lang_load: Vec<u32>,
}

impl Subgradient {
    pub fn new(inst: &Instance) -> Self {
        Self {
            prices: Prices::zero(inst),
            history: Vec::new(),
            theta: 1.0,
            best: f64::INFINITY,
            stall: 0,
            emp_load: vec![0; inst.tables.len() * inst.slots],
            lang_load: vec![0; inst.lang_cap.len() * inst.slots],
        }
    }

    /// The best bound on the score of any schedule with at least `k` candidates at minimum.
    pub fn bound(&self, k: u32) -> f64 {
        let k = f64::from(k);
        self.history
            .iter()
            .map(|&(v, w)| v - w * k)
            .fold(f64::INFINITY, f64::min)
    }

    /// Records the evaluation `relaxed` of the current prices and moves the prices one step.
    /// `target` is the incumbent's score, `k` its number of candidates at minimum.
    pub fn step(&mut self, inst: &Instance, relaxed: &Relaxed, target: f64, k: u32) {
        let w = self.prices.coverage;
        self.history.push((relaxed.value, w));
        let current = relaxed.value - w * f64::from(k);
        if current < self.best - 1e-9 * (1.0 + self.best.abs().min(1e12)) {
            self.best = current;
            self.stall = 0;
        } else {
            self.stall += 1;
            if self.stall >= 12 {
                self.theta = (self.theta * 0.5).max(1e-4);
                self.stall = 0;
            }
        }
        let slots = inst.slots;
        self.emp_load.iter_mut().for_each(|x| *x = 0);
        self.lang_load.iter_mut().for_each(|x| *x = 0);
        for &(p, t) in &relaxed.chosen {
            let pair = &inst.pairs[p as usize];
            self.emp_load[pair.emp as usize * slots + t as usize] += 1;
            if pair.lang != NONE {
                self.lang_load[pair.lang as usize * slots + t as usize] += 1;
            }
        }
        // Projected subgradient g = capacity - load (and covered - k for w); its squared norm.
        let g_emp = |i: usize| f64::from(inst.tables[i / slots]) - f64::from(self.emp_load[i]);
        let g_lang = |i: usize| f64::from(inst.lang_cap[i / slots]) - f64::from(self.lang_load[i]);
        let g_cov = f64::from(relaxed.covered) - f64::from(k);
        let mut norm = 0.0;
        for (i, &lam) in self.prices.emp.iter().enumerate() {
            let g = g_emp(i);
            if lam > 0.0 || g < 0.0 {
                norm += g * g;
            }
        }
        for (i, &mu) in self.prices.lang.iter().enumerate() {
            let g = g_lang(i);
            if mu > 0.0 || g < 0.0 {
                norm += g * g;
            }
        }
        if w > 0.0 || g_cov < 0.0 {
            norm += g_cov * g_cov;
        }
        if norm <= 0.0 {
            return;
        }
        let gap = (current - target).max(1e-6 * (1.0 + target.abs()));
        let step = self.theta * gap / norm;
        for (i, lam) in self.prices.emp.iter_mut().enumerate() {
            *lam = (*lam - step * g_emp(i)).max(0.0);
        }
        for (i, mu) in self.prices.lang.iter_mut().enumerate() {
            *mu = (*mu - step * g_lang(i)).max(0.0);
        }
        self.prices.coverage = (w - step * g_cov).max(0.0);
    }
}
