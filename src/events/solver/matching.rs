//! Maximum-weight matchings of one candidate's pairs to slots, by cardinality.
//!
//! This is the Lagrangian subproblem of a single candidate (see `bound.rs`): choose at most
//! one slot per pair and at most one pair per slot. It is a tiny assignment problem, solved
//! exactly by successive longest augmenting paths (Bellman–Ford on the residual graph), which
//! yields the optimal matching of every cardinality `j = 1, 2, …` in turn; the optimal value
//! as a function of `j` is concave. A fast path handles the common case in which the best
//! slots of the best pairs are all different.

use super::problem::NONE;

/// An edge: (left node = pair position, slot, weight).
pub(crate) type Edge = (u32, u32, f64);

/// Reusable buffers for [`best_matching`].
#[derive(Debug, Default)]
pub(crate) struct Matcher {
    match_left: Vec<u32>,
    match_right: Vec<u32>,
    dist_left: Vec<f64>,
    dist_right: Vec<f64>,
    pred_right: Vec<u32>,
}

impl Matcher {
    /// Finds a maximum-weight matching among `edges` with at least `need` and at most
    /// `limit` edges (fewer than `need` if no larger matching exists), maximising weight over
    /// that range. Pushes the chosen edge indices to `chosen` and returns the total weight.
    ///
    /// Exactness: successive longest augmenting paths give, after `j` augmentations, a
    /// maximum-weight matching of cardinality `j`; the increments are non-increasing, so it is
    /// optimal to stop at the first non-positive increment once `need` is reached.
    pub fn best_matching(
        &mut self,
        left: usize,
        slots: usize,
        edges: &[Edge],
        need: usize,
        limit: usize,
        chosen: &mut Vec<u32>,
    ) -> f64 {
        self.match_left.clear();
        self.match_left.resize(left, NONE);
        self.match_right.clear();
        self.match_right.resize(slots, NONE);
        let mut total = 0.0;
        let mut size = 0;
        while size < limit {
            let Some((gain, end)) = self.longest_path(left, slots, edges) else {
                break;
            };
            if size >= need && gain <= 0.0 {
                break;
            }
            // Augment: walk back from the free right node `end`.
            let mut r = end;
            for _step in 0..=left {
                let e = self.pred_right[r as usize];
                let l = edges[e as usize].0;
                let previous = self.match_left[l as usize];
                self.match_left[l as usize] = e;
                self.match_right[r as usize] = e;
                if previous == NONE {
                    break;
                }
                r = edges[previous as usize].1;
            }
            total += gain;
            size += 1;
        }
        chosen.extend(self.match_left.iter().copied().filter(|&e| e != NONE));
        total
    }

    /// Longest S–T path in the residual graph; returns (gain, free right node it ends in).
    fn longest_path(&mut self, left: usize, slots: usize, edges: &[Edge]) -> Option<(f64, u32)> {
        const EPS: f64 = 1e-12;
        self.dist_left.clear();
        self.dist_left.extend(
            self.match_left
                .iter()
                .map(|&m| if m == NONE { 0.0 } else { f64::NEG_INFINITY }),
        );
        self.dist_right.clear();
        self.dist_right.resize(slots, f64::NEG_INFINITY);
        self.pred_right.clear();
        self.pred_right.resize(slots, NONE);
        for _round in 0..=left + 1 {
            let mut changed = false;
            for (i, &(l, r, w)) in edges.iter().enumerate() {
                let dl = self.dist_left[l as usize];
                if dl == f64::NEG_INFINITY || self.match_left[l as usize] == i as u32 {
                    continue;
                }
                if dl + w > self.dist_right[r as usize] + EPS {
                    self.dist_right[r as usize] = dl + w;
                    self.pred_right[r as usize] = i as u32;
                    changed = true;
                    // Through the matched edge of `r` back to its left node.
                    let m = self.match_right[r as usize];
                    if m != NONE {
                        let (l2, _, w2) = edges[m as usize];
                        let d = dl + w - w2;
                        if d > self.dist_left[l2 as usize] + EPS {
                            self.dist_left[l2 as usize] = d;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut best: Option<(f64, u32)> = None;
        for r in 0..slots {
            let d = self.dist_right[r];
            if self.match_right[r] == NONE
                && d > f64::NEG_INFINITY
                && best.is_none_or(|(b, _)| d > b)
            {
                best = Some((d, r as u32));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_on_the_best_slot_is_resolved_by_the_second_best() {
        // Pair 0 likes slot 0 (5) or slot 1 (4); pair 1 only slot 0 (3).
        let edges = [(0, 0, 5.0), (0, 1, 4.0), (1, 0, 3.0)];
        let mut chosen = Vec::new();
        let value = Matcher::default().best_matching(2, 2, &edges, 0, 2, &mut chosen);
        assert_eq!(value, 7.0);
        chosen.sort();
        assert_eq!(chosen, vec![1, 2]);
    }

    #[test]
    fn negative_edges_are_taken_only_to_reach_the_required_size() {
        let edges = [(0, 0, 2.0), (1, 1, -1.0)];
        let mut chosen = Vec::new();
        assert_eq!(
            Matcher::default().best_matching(2, 2, &edges, 0, 2, &mut chosen),
            2.0
        );
        chosen.clear();
        assert_eq!(
            Matcher::default().best_matching(2, 2, &edges, 2, 2, &mut chosen),
            1.0
        );
    }
}
