//! Turns the solver's (pair, slot) meetings into the response: table numbers, sort order
//! and the reported figures.

use std::collections::BTreeMap;

use super::problem::{Instance, NONE};
use super::types::{Meeting, Schedule, ScheduleProblem};

/// Sum of scores of `meetings`, summed in a fixed order.
pub(crate) fn score_of(inst: &Instance, meetings: &[(u32, u32)]) -> f64 {
    meetings
        .iter()
        .map(|&(p, _)| inst.pairs[p as usize].score)
        .sum()
}

/// Candidates with at least `min_meetings` among `meetings`.
pub(crate) fn at_min_of(inst: &Instance, meetings: &[(u32, u32)]) -> u32 {
    let mut count = vec![0u32; inst.cand_count()];
    for &(p, _) in meetings {
        count[inst.pairs[p as usize].cand as usize] += 1;
    }
    count.iter().zip(&inst.min).filter(|(n, m)| n >= m).count() as u32
}

/// Builds the response. Tables: a meeting keeps its entry in `table_pref` (keyed by
/// (pair, slot)) when that table is free; the others get the lowest free tables in order of
/// candidate id.
pub(crate) fn to_schedule(
    problem: &ScheduleProblem,
    inst: &Instance,
    meetings: &[(u32, u32)],
    upper_bound: f64,
    table_pref: &BTreeMap<(u32, u32), u32>,
) -> Schedule {
    let mut by_table: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
    for &(p, t) in meetings {
        by_table
            .entry((inst.pairs[p as usize].emp, t))
            .or_default()
            .push(p);
    }
    let mut out = Vec::with_capacity(meetings.len());
    for ((e, t), mut list) in by_table {
        let tables = inst.tables[e as usize];
        let mut used = vec![false; tables as usize + 1];
        let mut table_of = vec![NONE; list.len()];
        for (i, &p) in list.iter().enumerate() {
            if let Some(&k) = table_pref.get(&(p, t))
                && (1..=tables).contains(&k)
                && !used[k as usize]
            {
                used[k as usize] = true;
                table_of[i] = k;
            }
        }
        let mut order: Vec<usize> = (0..list.len()).filter(|&i| table_of[i] == NONE).collect();
        order.sort_by(|&a, &b| {
            let id = |i: usize| &problem.candidates[inst.pairs[list[i] as usize].cand as usize].id;
            id(a).cmp(id(b))
        });
        let mut next = 1u32;
        for i in order {
            while next <= tables && used[next as usize] {
                next += 1;
            }
            table_of[i] = next;
            next += 1;
        }
        for (i, p) in list.drain(..).enumerate() {
            let spec = &problem.pairs[inst.pairs[p as usize].spec as usize];
            out.push(Meeting {
                employer: spec.employer.clone(),
                candidate: spec.candidate.clone(),
                slot: t,
                table: table_of[i],
                interpreter: spec.interpreter.clone(),
            });
        }
    }
    out.sort_by(|a, b| (a.slot, &a.employer, a.table).cmp(&(b.slot, &b.employer, b.table)));
    let pairs: Vec<(u32, u32)> = {
        let mut v = meetings.to_vec();
        v.sort_unstable();
        v
    };
    let objective = score_of(inst, &pairs);
    Schedule {
        meetings: out,
        candidates_at_min: at_min_of(inst, &pairs),
        objective,
        upper_bound: upper_bound.max(objective),
        replan: None,
    }
}
