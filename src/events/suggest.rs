//! Spreading invitation suggestions over many candidates.
//!
//! Every vacancy has its candidates ranked by match score. Taken alone, each vacancy would
//! suggest the same few best people. The rule here: vacancies take turns (round robin, in
//! registration order), each picking one candidate per round, until each has `per_list`;
//! a candidate already suggested `k` times counts with `score × DECAY^k`. A clearly better
//! person is still suggested to several employers; among near-equals, someone not yet
//! suggested wins. Ties: higher raw score, then smaller id.

use std::collections::BTreeMap;

/// Weight of a candidate per earlier suggestion.
pub const DECAY: f64 = 0.5;

/// A candidate picked for a list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pick<Id> {
    pub id: Id,
    pub score: f64,
    /// The score after the spread penalty at the time of the pick.
    pub spread_score: f64,
    /// How often the candidate had been suggested before this pick.
    pub suggested_before: u32,
}

/// Picks up to `per_list` candidates for each ranked list (`(id, score)`).
pub fn spread<Id: Ord + Copy>(lists: &[Vec<(Id, f64)>], per_list: usize) -> Vec<Vec<Pick<Id>>> {
    let mut count: BTreeMap<Id, u32> = BTreeMap::new();
    let mut out: Vec<Vec<Pick<Id>>> = vec![Vec::new(); lists.len()];
    for _round in 0..per_list {
        let mut progressed = false;
        for (i, list) in lists.iter().enumerate() {
            let best = list
                .iter()
                .filter(|(id, _)| !out[i].iter().any(|p| p.id == *id))
                .map(|&(id, score)| {
                    let k = count.get(&id).copied().unwrap_or(0);
                    (id, score, score * DECAY.powi(k as i32), k)
                })
                .max_by(|a, b| {
                    a.2.total_cmp(&b.2)
                        .then_with(|| a.1.total_cmp(&b.1))
                        .then_with(|| b.0.cmp(&a.0))
                });
            if let Some((id, score, spread_score, k)) = best {
                *count.entry(id).or_default() += 1;
                out[i].push(Pick {
                    id,
                    score,
                    spread_score,
                    suggested_before: k,
                });
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_equal_candidates_are_spread_over_vacancies() {
        let ranked = vec![(1, 0.9), (2, 0.85), (3, 0.8), (4, 0.75)];
        let picks = spread(&[ranked.clone(), ranked.clone(), ranked], 1);
        let ids: Vec<u32> = picks.iter().map(|p| p[0].id).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn a_clearly_better_candidate_is_still_suggested_twice() {
        let a = vec![(1, 0.9), (2, 0.3)];
        let picks = spread(&[a.clone(), a], 1);
        assert_eq!(picks[1][0].id, 1);
        assert_eq!(picks[1][0].suggested_before, 1);
    }

    #[test]
    fn short_lists_end_early() {
        let picks = spread(&[vec![(7, 0.5)]], 5);
        assert_eq!(picks[0].len(), 1);
    }
}
