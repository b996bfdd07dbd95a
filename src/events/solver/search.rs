//! The primal side: a greedy construction guided by the Lagrangian solution and prices,
//! then local search with insertions, one-level repairs (moving a blocking meeting to
//! another slot) and ejections (replacing weaker meetings), all lexicographic in
//! (candidates at minimum, score).

use super::bound::Prices;
use super::problem::{Instance, NONE};
use super::state::State;

/// Tolerance for "strictly better" on the score.
const EPS: f64 = 1e-9;
/// Ejection moves tried per pair and pass (the most promising slots).
const MOVES_PER_PAIR: usize = 3;

/// `a` is lexicographically better than `b`.
pub(crate) fn better(a: (u32, f64), b: (u32, f64)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 > b.1 + EPS * (1.0 + b.1.abs()))
}

/// Heuristic cost of using slot `t` for pair `p`: the dual prices of the employer and
/// language slot (scarce slots are expensive), a little load, minus any re-planning bonus.
fn slot_cost(state: &State, prices: Option<&Prices>, p: u32, t: u32) -> f64 {
    let inst = state.inst;
    let pair = &inst.pairs[p as usize];
    let (s, t_us) = (inst.slots, t as usize);
    let e = pair.emp as usize;
    let mut cost = 1e-3 * f64::from(state.emp_load[e * s + t_us]) / f64::from(inst.tables[e]);
    if let Some(prices) = prices {
        cost += prices.emp[e * s + t_us];
        if pair.lang != NONE {
            cost += prices.lang[pair.lang as usize * s + t_us];
        }
    }
    cost - (state.gain(p, t) - pair.score)
}

fn slots_by_cost(state: &State, prices: Option<&Prices>, p: u32, buf: &mut Vec<(f64, u32)>) {
    buf.clear();
    let mut mask = state.inst.pairs[p as usize].mask;
    while mask != 0 {
        let t = mask.trailing_zeros();
        mask &= mask - 1;
        buf.push((slot_cost(state, prices, p, t), t));
    }
    buf.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}

/// Moves meeting `q` to another directly free slot (not `avoid`); false if none.
fn relocate(state: &mut State, prices: Option<&Prices>, q: u32, avoid: u32) -> bool {
    if state.fixed[q as usize] {
        return false;
    }
    let from = state.pair_slot[q as usize];
    state.remove(q);
    let mut best: Option<(f64, u32)> = None;
    let mut mask = state.inst.pairs[q as usize].mask;
    while mask != 0 {
        let t = mask.trailing_zeros();
        mask &= mask - 1;
        if t != avoid && t != from && state.can_place(q, t) {
            let cost = slot_cost(state, prices, q, t);
            if best.is_none_or(|(b, _)| cost < b) {
                best = Some((cost, t));
            }
        }
    }
    match best {
        Some((_, t)) => {
            state.place(q, t);
            true
        }
        None => {
            state.place(q, from);
            false
        }
    }
}

/// Frees slot `t` for pair `p` by relocating at most one blocking meeting per constraint
/// (candidate busy, employer tables full, interpreters busy). Changes stay in the journal.
fn clear_slot(state: &mut State, prices: Option<&Prices>, p: u32, t: u32) -> bool {
    let inst = state.inst;
    let pair = &inst.pairs[p as usize];
    let (c, e, s) = (pair.cand as usize, pair.emp as usize, inst.slots);
    let busy = state.cand_at[c * s + t as usize];
    if busy != NONE && !relocate(state, prices, busy, t) {
        return false;
    }
    if state.emp_load[e * s + t as usize] >= inst.tables[e] {
        let blockers = state.emp_at[e * s + t as usize].clone();
        if !blockers.into_iter().any(|q| relocate(state, prices, q, t)) {
            return false;
        }
    }
    let l = pair.lang;
    if l != NONE && state.lang_load[l as usize * s + t as usize] >= inst.lang_cap[l as usize] {
        let blockers = state.lang_at[l as usize * s + t as usize].clone();
        if !blockers.into_iter().any(|q| relocate(state, prices, q, t)) {
            return false;
        }
    }
    state.can_place(p, t)
}

/// Adds pair `p` in its cheapest free slot, or (if `repair`) after a one-level repair;
/// false if neither works (the state is then unchanged).
pub(crate) fn try_insert(
    state: &mut State,
    prices: Option<&Prices>,
    p: u32,
    repair: bool,
    buf: &mut Vec<(f64, u32)>,
) -> bool {
    let inst = state.inst;
    let pair = &inst.pairs[p as usize];
    if state.pair_slot[p as usize] != NONE
        || pair.mask == 0
        || state.cand_count[pair.cand as usize] >= inst.max[pair.cand as usize]
    {
        return false;
    }
    let mut best: Option<(f64, u32)> = None;
    let mut mask = pair.mask;
    while mask != 0 {
        let t = mask.trailing_zeros();
        mask &= mask - 1;
        if state.can_place(p, t) {
            let cost = slot_cost(state, prices, p, t);
            if best.is_none_or(|(b, _)| cost < b) {
                best = Some((cost, t));
            }
        }
    }
    if let Some((_, t)) = best {
        state.place(p, t);
        return true;
    }
    if !repair {
        return false;
    }
    slots_by_cost(state, prices, p, buf);
    let slots: Vec<u32> = buf.iter().map(|&(_, t)| t).collect();
    for t in slots {
        let mark = state.checkpoint();
        if clear_slot(state, prices, p, t) {
            state.place(p, t);
            return true;
        }
        state.rollback(mark);
    }
    false
}

/// What removing meeting `q` costs: (drops a candidate below minimum, gain).
fn loss(state: &State, q: u32) -> (u32, f64) {
    let pair = &state.inst.pairs[q as usize];
    let c = pair.cand as usize;
    let drop = u32::from(state.cand_count[c] == state.inst.min[c]);
    (drop, state.gain(q, state.pair_slot[q as usize]))
}

fn cheapest(state: &State, candidates: impl Iterator<Item = u32>, taken: &[u32]) -> Option<u32> {
    let mut best: Option<(u32, f64, u32)> = None;
    for q in candidates {
        if state.fixed[q as usize] || taken.contains(&q) {
            continue;
        }
        let (d, g) = loss(state, q);
        if best.is_none_or(|(bd, bg, _)| (d, g) < (bd, bg)) {
            best = Some((d, g, q));
        }
    }
    best.map(|b| b.2)
}

/// Best score among candidate `c`'s unscheduled pairs other than `except` (optimistic value
/// of giving `c` another meeting).
fn best_open(state: &State, c: u32, except: u32) -> f64 {
    let inst = state.inst;
    inst.pairs_of(c)
        .filter(|&q| q as u32 != except && state.pair_slot[q] == NONE && inst.pairs[q].mask != 0)
        .map(|q| inst.pairs[q].score + inst.keep_bonus)
        .fold(0.0, f64::max)
}

/// Gives candidate `c`, who just lost meeting `lost`, another meeting if one fits.
fn refill(
    state: &mut State,
    prices: Option<&Prices>,
    c: u32,
    lost: u32,
    buf: &mut Vec<(f64, u32)>,
) {
    let inst = state.inst;
    let mut open: Vec<u32> = inst
        .pairs_of(c)
        .map(|q| q as u32)
        .filter(|&q| q != lost && state.pair_slot[q as usize] == NONE)
        .collect();
    open.sort_by(|&a, &b| {
        inst.pairs[b as usize]
            .score
            .total_cmp(&inst.pairs[a as usize].score)
            .then(a.cmp(&b))
    });
    for q in open {
        if try_insert(state, prices, q, false, buf) {
            return;
        }
    }
}

/// Inserts `p` in some slot by ejecting the weakest blocking meetings (then trying to put
/// them back elsewhere); keeps the change only if the objective improves.
fn eject_insert(
    state: &mut State,
    prices: Option<&Prices>,
    p: u32,
    buf: &mut Vec<(f64, u32)>,
) -> bool {
    let inst = state.inst;
    let pair = &inst.pairs[p as usize];
    let (c, e, l, s) = (pair.cand as usize, pair.emp as usize, pair.lang, inst.slots);
    let before = state.objective();
    let mut mask = pair.mask;
    let mut ejected: Vec<u32> = Vec::with_capacity(4);
    let mut moves: Vec<(i64, f64, u32, Vec<u32>)> = Vec::new();
    while mask != 0 {
        let t = mask.trailing_zeros();
        mask &= mask - 1;
        ejected.clear();
        let busy = state.cand_at[c * s + t as usize];
        if busy != NONE {
            if state.fixed[busy as usize] {
                continue;
            }
            ejected.push(busy);
        } else if state.cand_count[c] >= inst.max[c] {
            let own = inst
                .pairs_of(c as u32)
                .map(|q| q as u32)
                .filter(|&q| state.pair_slot[q as usize] != NONE);
            match cheapest(state, own, &ejected) {
                Some(q) => ejected.push(q),
                None => continue,
            }
        }
        let at_e = &state.emp_at[e * s + t as usize];
        if at_e.iter().filter(|q| !ejected.contains(q)).count() as u32 >= inst.tables[e] {
            match cheapest(state, at_e.iter().copied(), &ejected) {
                Some(q) => ejected.push(q),
                None => continue,
            }
        }
        if l != NONE {
            let at_l = &state.lang_at[l as usize * s + t as usize];
            if at_l.iter().filter(|q| !ejected.contains(q)).count() as u32
                >= inst.lang_cap[l as usize]
            {
                match cheapest(state, at_l.iter().copied(), &ejected) {
                    Some(q) => ejected.push(q),
                    None => continue,
                }
            }
        }
        // Optimistic estimate (ejected meetings lost for good): skip hopeless moves.
        let mut lost: f64 = ejected.iter().map(|&q| loss(state, q).1).sum();
        for &q in &ejected {
            let other = inst.pairs[q as usize].cand;
            if other as usize != c {
                lost -= best_open(state, other, q);
            }
        }
        let drops: u32 = ejected.iter().map(|&q| loss(state, q).0).sum();
        let own_removed = ejected
            .iter()
            .filter(|&&q| inst.pairs[q as usize].cand as usize == c)
            .count() as u32;
        let reaches = u32::from(state.cand_count[c] - own_removed + 1 == inst.min[c]);
        let delta_count = i64::from(reaches) - i64::from(drops);
        if delta_count < 0 || (delta_count == 0 && state.gain(p, t) - lost <= EPS) {
            continue;
        }
        moves.push((delta_count, state.gain(p, t) - lost, t, ejected.clone()));
    }
    moves.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    for (_, _, t, ejected) in moves.into_iter().take(MOVES_PER_PAIR) {
        let mark = state.checkpoint();
        for &q in &ejected {
            state.remove(q);
        }
        if !state.can_place(p, t) {
            state.rollback(mark);
            continue;
        }
        state.place(p, t);
        for &q in &ejected {
            if !try_insert(state, prices, q, true, buf) {
                refill(state, prices, inst.pairs[q as usize].cand, q, buf);
            }
        }
        if better(state.objective(), before) {
            state.commit();
            return true;
        }
        state.rollback(mark);
    }
    false
}

/// Local search until no move improves (at most `passes` rounds over `order`).
pub(crate) fn improve(state: &mut State, prices: Option<&Prices>, order: &[u32], passes: usize) {
    let mut buf = Vec::new();
    for _ in 0..passes {
        let mut improved = false;
        for &p in order {
            if state.pair_slot[p as usize] != NONE {
                continue;
            }
            if try_insert(state, prices, p, true, &mut buf)
                || eject_insert(state, prices, p, &mut buf)
            {
                improved = true;
            }
            state.commit();
        }
        if !improved {
            break;
        }
    }
    state.refresh_value();
}

/// Gives candidates below their minimum more meetings where an insertion or ejection move
/// improves the objective (coverage first).
pub(crate) fn repair_coverage(state: &mut State, prices: Option<&Prices>) {
    let inst = state.inst;
    let mut buf = Vec::new();
    for c in 0..inst.cand_count() as u32 {
        if state.cand_count[c as usize] >= inst.min[c as usize] {
            continue;
        }
        let mut own: Vec<u32> = inst
            .pairs_of(c)
            .map(|p| p as u32)
            .filter(|&p| inst.pairs[p as usize].mask != 0)
            .collect();
        own.sort_by(|&a, &b| {
            inst.pairs[b as usize]
                .score
                .total_cmp(&inst.pairs[a as usize].score)
                .then(a.cmp(&b))
        });
        for p in own {
            if state.cand_count[c as usize] >= inst.min[c as usize] {
                break;
            }
            if state.pair_slot[p as usize] == NONE && !try_insert(state, prices, p, true, &mut buf)
            {
                eject_insert(state, prices, p, &mut buf);
            }
            state.commit();
        }
    }
}

/// Non-fixed pairs that can meet at all, best score first.
pub(crate) fn pair_order(inst: &Instance) -> Vec<u32> {
    let fixed: std::collections::BTreeSet<u32> = inst.fixed.iter().map(|&(p, _)| p).collect();
    let mut order: Vec<u32> = (0..inst.pairs.len() as u32)
        .filter(|p| inst.pairs[*p as usize].mask != 0 && !fixed.contains(p))
        .collect();
    order.sort_by(|&a, &b| {
        inst.pairs[b as usize]
            .score
            .total_cmp(&inst.pairs[a as usize].score)
            .then(a.cmp(&b))
    });
    order
}

/// Builds a schedule: the relaxation's meetings where they fit (`proposals`), then
/// candidates below their minimum (fewest options first), then the rest by score, then
/// local search.
pub(crate) fn construct<'a>(
    inst: &'a Instance,
    prices: Option<&Prices>,
    proposals: &[(u32, u32)],
    order: &[u32],
    passes: usize,
) -> State<'a> {
    let mut state = State::new(inst);
    let mut buf = Vec::new();
    let mut proposals: Vec<(u32, u32)> = proposals
        .iter()
        .copied()
        .filter(|&(p, _)| !state.fixed[p as usize])
        .collect();
    proposals.sort_by(|a, b| {
        state
            .gain(b.0, b.1)
            .total_cmp(&state.gain(a.0, a.1))
            .then(a.cmp(b))
    });
    for (p, t) in proposals {
        if state.can_place(p, t) {
            state.place(p, t);
        }
    }
    let mut needy: Vec<(usize, u32)> = (0..inst.cand_count() as u32)
        .filter(|&c| state.cand_count[c as usize] < inst.min[c as usize])
        .map(|c| {
            (
                inst.pairs_of(c)
                    .filter(|&p| inst.pairs[p].mask != 0)
                    .count(),
                c,
            )
        })
        .collect();
    needy.sort_unstable();
    for (_, c) in needy {
        let mut own: Vec<u32> = inst.pairs_of(c).map(|p| p as u32).collect();
        own.sort_by(|&a, &b| {
            inst.pairs[b as usize]
                .score
                .total_cmp(&inst.pairs[a as usize].score)
                .then(a.cmp(&b))
        });
        for p in own {
            if state.cand_count[c as usize] >= inst.min[c as usize] {
                break;
            }
            try_insert(&mut state, prices, p, true, &mut buf);
        }
    }
    for &p in order {
        try_insert(&mut state, prices, p, true, &mut buf);
    }
    state.commit();
    improve(&mut state, prices, order, passes);
    state
}
