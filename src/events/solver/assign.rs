//! Flow-based primal heuristic: choose the meetings as a b-matching, then place them into
//! slots by bipartite edge colouring.
//!
//! Slots are grouped into *atoms*: slots in which exactly the same pairs may meet. Within
//! an atom all slots are interchangeable, so (ignoring interpreters) a set of meetings fits
//! an atom of `k` slots iff every candidate has at most `k` of them and every employer at
//! most `tables · k`: split each employer into table copies of degree at most `k`, and
//! König's theorem gives a proper `k`-edge-colouring of the bipartite multigraph.
//!
//! 1. Min-cost flow (source → candidate → pair → (employer, atom) → sink) chooses the
//!    meetings and their atoms: candidate arcs of capacity `max − pinned`, the first
//!    `min − pinned` units carrying a large coverage bonus (the lexicographic first
//!    objective), employer-atom capacity `tables · |atom|` minus pins, cost `−score` plus the
//!    Lagrangian interpreter price averaged over the atom.
//! 2. Per atom, Kempe-chain edge colouring assigns slots; pins pre-colour their slots.
//! 3. Meetings that do not fit (interpreter capacity per slot, a candidate with more
//!    meetings than slots in the atom) are re-inserted with repair by `search.rs`.

use super::bound::Prices;
use super::flow::Network;
use super::problem::{Instance, Mask, NONE};
use super::search;
use super::state::State;

const FIXED: u32 = u32::MAX - 1;

/// Groups slots with identical columns of pair masks; returns the atoms' slot masks.
fn atoms(inst: &Instance) -> Vec<Mask> {
    let words = inst.pairs.len().div_ceil(64).max(1);
    let column = |t: usize| -> Vec<u64> {
        let mut col = vec![0u64; words];
        for (p, pair) in inst.pairs.iter().enumerate() {
            if pair.mask & (1u128 << t) != 0 {
                col[p / 64] |= 1u64 << (p % 64);
            }
        }
        col
    };
    let columns: Vec<Vec<u64>> = (0..inst.slots).map(column).collect();
    let mut atom_of = vec![NONE; inst.slots];
    let mut out: Vec<Mask> = Vec::new();
    for t in 0..inst.slots {
        if atom_of[t] != NONE || columns[t].iter().all(|&w| w == 0) {
            continue;
        }
        let id = out.len() as u32;
        let mut mask: Mask = 0;
        for u in t..inst.slots {
            if atom_of[u] == NONE && columns[u] == columns[t] {
                atom_of[u] = id;
                mask |= 1u128 << u;
            }
        }
        out.push(mask);
    }
    out
}

/// Builds a schedule with the flow + colouring heuristic, then fills and improves it.
pub(crate) fn construct<'a>(
    inst: &'a Instance,
    prices: &Prices,
    order: &[u32],
    passes: usize,
) -> State<'a> {
    let mut state = State::new(inst);
    let atoms = atoms(inst);
    let (nc, np, na) = (inst.cand_count(), inst.pairs.len(), atoms.len());
    let (src, sink) = (0usize, 1usize);
    let cand_node = |c: usize| 2 + c;
    let pair_node = |p: usize| 2 + nc + p;
    let ea_node = |e: usize, a: usize| 2 + nc + np + e * na + a;
    let mut net = Network::new(2 + nc + np + inst.tables.len() * na);
    let max_score = inst
        .pairs
        .iter()
        .map(|p| p.score)
        .fold(0.0, f64::max)
        .max(1e-12);
    let scale = 1e4 / max_score;
    let scaled = |x: f64| (x * scale).round() as i64;
    let total: i64 = inst.pairs.iter().map(|p| scaled(p.score)).sum();
    let bonus = (total + 1).min(1_000_000_000_000);

    for c in 0..nc {
        let room = i64::from(inst.max[c]) - i64::from(state.cand_count[c]);
        let need = (i64::from(inst.min[c]) - i64::from(state.cand_count[c])).clamp(0, room.max(0));
        if need > 0 {
            net.add_arc(src, cand_node(c), need, -bonus);
        }
        if room > need {
            net.add_arc(src, cand_node(c), room - need, 0);
        }
    }
    let mut pair_arcs: Vec<(u32, u32, usize)> = Vec::new();
    for (p, pair) in inst.pairs.iter().enumerate() {
        if pair.mask == 0 || state.fixed[p] {
            continue;
        }
        net.add_arc(
            cand_node(pair.cand as usize),
            pair_node(p),
            1,
            -scaled(pair.score),
        );
        for (a, &atom) in atoms.iter().enumerate() {
            if pair.mask & atom != atom {
                continue;
            }
            let mut penalty = 0.0;
            if pair.lang != NONE {
                let mut m = atom;
                while m != 0 {
                    let t = m.trailing_zeros() as usize;
                    m &= m - 1;
                    penalty += prices.lang[pair.lang as usize * inst.slots + t];
                }
                penalty /= f64::from(atom.count_ones());
            }
            let arc = net.add_arc(
                pair_node(p),
                ea_node(pair.emp as usize, a),
                1,
                scaled(penalty),
            );
            pair_arcs.push((p as u32, a as u32, arc));
        }
    }
    for (e, &tables) in inst.tables.iter().enumerate() {
        for (a, &atom) in atoms.iter().enumerate() {
            let mut used = 0;
            let mut m = atom;
            while m != 0 {
                let t = m.trailing_zeros() as usize;
                m &= m - 1;
                used += state.emp_load[e * inst.slots + t];
            }
            let cap = i64::from(tables) * i64::from(atom.count_ones()) - i64::from(used);
            if cap > 0 {
                net.add_arc(ea_node(e, a), sink, cap, 0);
            }
        }
    }
    let topo: Vec<usize> = (0..net_nodes(nc, np, inst.tables.len() * na))
        .filter(|&v| v != sink)
        .chain([sink])
        .collect();
    net.min_cost_flow(src, sink, &topo);

    let mut by_atom: Vec<Vec<u32>> = vec![Vec::new(); na];
    for &(p, a, arc) in &pair_arcs {
        if net.flow(arc) > 0 {
            by_atom[a as usize].push(p);
        }
    }
    let mut leftover = Vec::new();
    for (a, pairs) in by_atom.iter().enumerate() {
        colour_atom(&mut state, atoms[a], pairs, &mut leftover);
    }
    let mut buf = Vec::new();
    for p in leftover {
        search::try_insert(&mut state, Some(prices), p, true, &mut buf);
    }
    for &p in order {
        search::try_insert(&mut state, Some(prices), p, true, &mut buf);
    }
    state.commit();
    search::repair_coverage(&mut state, Some(prices));
    search::improve(&mut state, Some(prices), order, passes);
    state
}

fn net_nodes(nc: usize, np: usize, ea: usize) -> usize {
    2 + nc + np + ea
}

/// Colours the chosen meetings of one atom into its slots and places them; meetings that
/// cannot be coloured or placed go to `leftover`.
fn colour_atom(state: &mut State, atom: Mask, pairs: &[u32], leftover: &mut Vec<u32>) {
    let inst = state.inst;
    let slots: Vec<u32> = (0..inst.slots as u32)
        .filter(|&t| atom & (1u128 << t) != 0)
        .collect();
    let k = slots.len();
    // Vertices: candidates and employer table copies, numbered locally.
    let mut vertex: std::collections::BTreeMap<(u8, u32, u32), usize> =
        std::collections::BTreeMap::new();
    let mut at: Vec<Vec<u32>> = Vec::new();
    let mut id = |key: (u8, u32, u32), at: &mut Vec<Vec<u32>>| -> usize {
        *vertex.entry(key).or_insert_with(|| {
            at.push(vec![NONE; k]);
            at.len() - 1
        })
    };
    // Pre-colour existing (fixed) meetings in the atom's slots.
    let mut copy_degree: std::collections::BTreeMap<(u32, u32), usize> =
        std::collections::BTreeMap::new();
    for (ci, &t) in slots.iter().enumerate() {
        for c in 0..inst.cand_count() {
            let q = state.cand_at[c * inst.slots + t as usize];
            if q == NONE {
                continue;
            }
            let u = id((0, c as u32, 0), &mut at);
            at[u][ci] = FIXED;
            let e = inst.pairs[q as usize].emp;
            let j = (0..inst.tables[e as usize]).find(|&j| {
                let v = id((1, e, j), &mut at);
                at[v][ci] == NONE
            });
            if let Some(j) = j {
                let v = id((1, e, j), &mut at);
                at[v][ci] = FIXED;
                *copy_degree.entry((e, j)).or_default() += 1;
            }
        }
    }
    let mut edges: Vec<(usize, usize, u32)> = Vec::with_capacity(pairs.len());
    for &p in pairs {
        let pair = &inst.pairs[p as usize];
        let e = pair.emp;
        let j = (0..inst.tables[e as usize])
            .min_by_key(|&j| (copy_degree.get(&(e, j)).copied().unwrap_or(0), j))
            .unwrap_or(0);
        *copy_degree.entry((e, j)).or_default() += 1;
        let u = id((0, pair.cand, 0), &mut at);
        let v = id((1, e, j), &mut at);
        edges.push((u, v, p));
    }
    let mut colour = vec![NONE; edges.len()];
    for (i, &(u, v, p)) in edges.iter().enumerate() {
        let free_u = (0..k).find(|&c| at[u][c] == NONE);
        let free_v = (0..k).find(|&c| at[v][c] == NONE);
        let (Some(alpha), Some(beta)) = (free_u, free_v) else {
            leftover.push(p);
            continue;
        };
        if at[v][alpha] != NONE {
            // Flip the alpha/beta path from v so that alpha becomes free at v.
            let mut path = Vec::new();
            let (mut x, mut c, mut other) = (v, alpha, beta);
            let mut ok = true;
            while at[x][c] != NONE {
                let e = at[x][c];
                if e == FIXED {
                    ok = false;
                    break;
                }
                path.push(e as usize);
                let (a, b, _) = edges[e as usize];
                x = if a == x { b } else { a };
                std::mem::swap(&mut c, &mut other);
            }
            if !ok || x == u {
                leftover.push(p);
                continue;
            }
            for &e in &path {
                let (a, b, _) = edges[e];
                at[a][colour[e] as usize] = NONE;
                at[b][colour[e] as usize] = NONE;
            }
            for &e in &path {
                let (a, b, _) = edges[e];
                let new = if colour[e] as usize == alpha {
                    beta
                } else {
                    alpha
                };
                colour[e] = new as u32;
                at[a][new] = e as u32;
                at[b][new] = e as u32;
            }
        }
        colour[i] = alpha as u32;
        at[u][alpha] = i as u32;
        at[v][alpha] = i as u32;
    }
    for (i, &(_, _, p)) in edges.iter().enumerate() {
        if colour[i] == NONE {
            continue;
        }
        let t = slots[colour[i] as usize];
        if state.can_place(p, t) {
            state.place(p, t);
        } else {
            leftover.push(p);
        }
    }
}
