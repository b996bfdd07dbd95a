//! Min-cost flow by successive shortest paths (Dijkstra with potentials, integer costs).
//!
//! Used for the b-matching part of the primal heuristic (`assign.rs`): which pairs meet,
//! subject to candidate limits and employer table capacity per group of slots.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A directed network with residual arcs.
#[derive(Debug, Default)]
pub(crate) struct Network {
    head: Vec<u32>,
    cap: Vec<i64>,
    cost: Vec<i64>,
    first: Vec<u32>,
    next: Vec<u32>,
    nodes: usize,
}

const END: u32 = u32::MAX;

impl Network {
    pub fn new(nodes: usize) -> Self {
        Self {
            first: vec![END; nodes],
            nodes,
            ..Self::default()
        }
    }

    /// Adds arc `u → v`; returns its index (the reverse arc is `index ^ 1`).
    pub fn add_arc(&mut self, u: usize, v: usize, cap: i64, cost: i64) -> usize {
        let index = self.head.len();
        for (from, to, c, w) in [(u, v, cap, cost), (v, u, 0, -cost)] {
            self.head.push(to as u32);
            self.cap.push(c);
            self.cost.push(w);
            self.next.push(self.first[from]);
            self.first[from] = (self.head.len() - 1) as u32;
        }
        index
    }

    /// Flow on arc `index`.
    pub fn flow(&self, index: usize) -> i64 {
        self.cap[index ^ 1]
    }

    /// Sends flow from `s` to `t` along successive cheapest paths while they have negative
    /// cost (a minimum-cost flow of any value). `order` must list the nodes in a topological
    /// order of the initial network (which must be acyclic) to set the first potentials.
    pub fn min_cost_flow(&mut self, s: usize, t: usize, order: &[usize]) {
        // Initial potentials: shortest distances in the acyclic network.
        let mut pot = vec![i64::MAX / 4; self.nodes];
        pot[s] = 0;
        for &u in order {
            if pot[u] >= i64::MAX / 4 {
                continue;
            }
            let mut a = self.first[u];
            while a != END {
                let ai = a as usize;
                if self.cap[ai] > 0 {
                    let v = self.head[ai] as usize;
                    pot[v] = pot[v].min(pot[u] + self.cost[ai]);
                }
                a = self.next[ai];
            }
        }
        let mut dist = vec![i64::MAX; self.nodes];
        let mut heap = BinaryHeap::new();
        let mut cur = vec![END; self.nodes];
        let mut dead = vec![false; self.nodes];
        let mut on_path = vec![false; self.nodes];
        loop {
            // Dijkstra on reduced costs, settling every reachable node.
            dist.iter_mut().for_each(|d| *d = i64::MAX);
            dist[s] = 0;
            heap.clear();
            heap.push(Reverse((0i64, s as u32)));
            while let Some(Reverse((d, u))) = heap.pop() {
                let u = u as usize;
                if d > dist[u] {
                    continue;
                }
                let mut a = self.first[u];
                while a != END {
                    let ai = a as usize;
                    let v = self.head[ai] as usize;
                    if self.cap[ai] > 0 && pot[v] < i64::MAX / 4 {
                        let nd = d + self.cost[ai] + pot[u] - pot[v];
                        if nd < dist[v] {
                            dist[v] = nd;
                            heap.push(Reverse((nd, v as u32)));
                        }
                    }
                    a = self.next[ai];
                }
            }
            let dt = dist[t];
            if dt == i64::MAX || dt + pot[t] - pot[s] >= 0 {
                return;
            }
            // New potentials pot + min(dist, dt): shortest paths now have reduced cost 0.
            for v in 0..self.nodes {
                if pot[v] < i64::MAX / 4 {
                    pot[v] += dist[v].min(dt);
                }
            }
            // Blocking flow on the admissible arcs (residual, reduced cost 0).
            cur.copy_from_slice(&self.first);
            dead.iter_mut().for_each(|d| *d = false);
            while let Some(path) =
                self.admissible_path(s, t, &pot, &mut cur, &mut dead, &mut on_path)
            {
                let push = path
                    .iter()
                    .map(|&a| self.cap[a as usize])
                    .min()
                    .unwrap_or(0);
                for &a in &path {
                    self.cap[a as usize] -= push;
                    self.cap[a as usize ^ 1] += push;
                }
                if pot[t] - pot[s] >= 0 {
                    return;
                }
            }
        }
    }

    /// One s–t path of residual arcs with reduced cost 0 (depth-first with current-arc
    /// pointers and dead ends marked, as in Dinic's algorithm).
    fn admissible_path(
        &self,
        s: usize,
        t: usize,
        pot: &[i64],
        cur: &mut [u32],
        dead: &mut [bool],
        on_path: &mut [bool],
    ) -> Option<Vec<u32>> {
        let mut stack: Vec<u32> = Vec::new();
        let mut u = s;
        on_path[s] = true;
        let result = loop {
            if u == t {
                break Some(stack.clone());
            }
            let mut advanced = false;
            while cur[u] != END {
                let a = cur[u] as usize;
                let v = self.head[a] as usize;
                if self.cap[a] > 0
                    && !dead[v]
                    && !on_path[v]
                    && pot[v] < i64::MAX / 4
                    && self.cost[a] + pot[u] - pot[v] == 0
                {
                    stack.push(a as u32);
                    on_path[v] = true;
                    u = v;
                    advanced = true;
                    break;
                }
                cur[u] = self.next[a];
            }
            if advanced {
                continue;
            }
            dead[u] = true;
            on_path[u] = false;
            match stack.pop() {
                Some(a) => {
                    u = self.head[a as usize ^ 1] as usize;
                    cur[u] = self.next[a as usize];
                }
                None => break None,
            }
        };
        for &a in &stack {
            on_path[self.head[a as usize] as usize] = false;
        }
        on_path[s] = false;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cheapest_flow_takes_the_better_of_two_routes_only_while_it_pays() {
        // s=0 → a=1 → t=3 (cost -5), s → b=2 → t (cost +1, never worth it).
        let mut net = Network::new(4);
        let sa = net.add_arc(0, 1, 1, 0);
        let at = net.add_arc(1, 3, 1, -5);
        let sb = net.add_arc(0, 2, 1, 0);
        net.add_arc(2, 3, 1, 1);
        net.min_cost_flow(0, 3, &[0, 1, 2, 3]);
        assert_eq!((net.flow(sa), net.flow(at), net.flow(sb)), (1, 1, 0));
    }
}
