//! Small random problems and an exhaustive reference solver for them.

use std::collections::BTreeMap;

use passgenau::events::solver::{
    CandidateSpec, EmployerSpec, PairSpec, PinnedMeeting, ScheduleProblem,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random problem with at most `employers` × `candidates` × `slots`, at most `max_pairs`
/// listed pairs, optional interpreters and up to two feasible pins.
pub fn random_problem(
    seed: u64,
    employers: usize,
    candidates: usize,
    slots: u32,
    max_pairs: usize,
    interpreters: bool,
    pins: bool,
) -> ScheduleProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let ne = rng.random_range(1..=employers);
    let nc = rng.random_range(1..=candidates);
    let slots = rng.random_range(1..=slots);
    let employers: Vec<EmployerSpec> = (0..ne)
        .map(|i| EmployerSpec {
            id: format!("E{i}"),
            tables: rng.random_range(1..=2),
        })
        .collect();
    let candidates: Vec<CandidateSpec> = (0..nc)
        .map(|i| {
            let available_slots = rng
                .random_bool(0.5)
                .then(|| (0..slots).filter(|_| rng.random_bool(0.7)).collect());
            let max = rng.random_range(1..=slots.min(3));
            CandidateSpec {
                id: format!("C{i}"),
                available_slots,
                min_meetings: Some(rng.random_range(0..=max.min(2))),
                max_meetings: Some(max),
            }
        })
        .collect();
    let mut pairs = Vec::new();
    for c in 0..nc {
        for e in 0..ne {
            if pairs.len() < max_pairs && rng.random_bool(0.5) {
                let interpreter = (interpreters && rng.random_bool(0.4))
                    .then(|| ["ar", "fa"][rng.random_range(0..2)].to_string());
                pairs.push(PairSpec {
                    employer: format!("E{e}"),
                    candidate: format!("C{c}"),
                    score: f64::from(rng.random_range(0..=100u32)) / 100.0,
                    interpreter,
                });
            }
        }
    }
    let interpreters: BTreeMap<String, u32> = if interpreters {
        [("ar".to_string(), rng.random_range(0..=2))]
            .into_iter()
            .collect()
    } else {
        BTreeMap::new()
    };
    let mut problem = ScheduleProblem {
        slots,
        employers,
        candidates,
        pairs,
        interpreters,
        pinned: Vec::new(),
    };
    if pins {
        for _ in 0..2 {
            if problem.pairs.is_empty() {
                break;
            }
            let pair = &problem.pairs[rng.random_range(0..problem.pairs.len())];
            let pin = PinnedMeeting {
                employer: pair.employer.clone(),
                candidate: pair.candidate.clone(),
                slot: rng.random_range(0..slots),
            };
            let mut with_pin = problem.clone();
            with_pin.pinned.push(pin);
            if passgenau::events::solve(&with_pin).is_ok() {
                problem = with_pin;
            }
        }
    }
    problem
}

/// The lexicographic optimum (candidates at minimum, score) by exhaustive search over
/// every pair's choice of "no meeting" or one slot.
pub fn brute_force(problem: &ScheduleProblem) -> (u32, f64) {
    struct Ctx<'a> {
        problem: &'a ScheduleProblem,
        choice: Vec<Option<u32>>,
        best: (u32, f64),
    }
    fn feasible(ctx: &Ctx) -> bool {
        let p = ctx.problem;
        let mut emp: BTreeMap<(&str, u32), u32> = BTreeMap::new();
        let mut cand: BTreeMap<(&str, u32), u32> = BTreeMap::new();
        let mut count: BTreeMap<&str, u32> = BTreeMap::new();
        let mut lang: BTreeMap<(&str, u32), u32> = BTreeMap::new();
        for (pair, slot) in p.pairs.iter().zip(&ctx.choice) {
            let Some(t) = *slot else { continue };
            let e = emp.entry((pair.employer.as_str(), t)).or_default();
            *e += 1;
            let tables = p
                .employers
                .iter()
                .find(|x| x.id == pair.employer)
                .map_or(0, |x| x.tables);
            let c = cand.entry((pair.candidate.as_str(), t)).or_default();
            *c += 1;
            let n = count.entry(pair.candidate.as_str()).or_default();
            *n += 1;
            let spec = p
                .candidates
                .iter()
                .find(|x| x.id == pair.candidate)
                .expect("listed");
            if *e > tables || *c > 1 || *n > spec.max_meetings.unwrap_or(p.slots) {
                return false;
            }
            if let Some(l) = &pair.interpreter {
                let u = lang.entry((l.as_str(), t)).or_default();
                *u += 1;
                if *u > p.interpreters.get(l).copied().unwrap_or(0) {
                    return false;
                }
            }
        }
        true
    }
    fn value(ctx: &Ctx) -> (u32, f64) {
        let p = ctx.problem;
        let mut count: BTreeMap<&str, u32> = BTreeMap::new();
        let mut score = 0.0;
        for (pair, slot) in p.pairs.iter().zip(&ctx.choice) {
            if slot.is_some() {
                *count.entry(pair.candidate.as_str()).or_default() += 1;
                score += pair.score;
            }
        }
        let at_min = p
            .candidates
            .iter()
            .filter(|c| {
                count.get(c.id.as_str()).copied().unwrap_or(0) >= c.min_meetings.unwrap_or(1)
            })
            .count() as u32;
        (at_min, score)
    }
    fn go(ctx: &mut Ctx, i: usize) {
        if !feasible(ctx) {
            return;
        }
        if i == ctx.choice.len() {
            let pins_kept = ctx.problem.pinned.iter().all(|pin| {
                ctx.problem
                    .pairs
                    .iter()
                    .zip(&ctx.choice)
                    .any(|(pair, slot)| {
                        pair.employer == pin.employer
                            && pair.candidate == pin.candidate
                            && *slot == Some(pin.slot)
                    })
            });
            let v = value(ctx);
            if pins_kept && (v.0 > ctx.best.0 || (v.0 == ctx.best.0 && v.1 > ctx.best.1 + 1e-9)) {
                ctx.best = v;
            }
            return;
        }
        let pair = &ctx.problem.pairs[i];
        let spec = ctx
            .problem
            .candidates
            .iter()
            .find(|c| c.id == pair.candidate)
            .expect("listed");
        for t in 0..ctx.problem.slots {
            if spec.available_slots.as_ref().is_none_or(|a| a.contains(&t)) {
                ctx.choice[i] = Some(t);
                go(ctx, i + 1);
            }
        }
        ctx.choice[i] = None;
        go(ctx, i + 1);
    }
    let mut ctx = Ctx {
        problem,
        choice: vec![None; problem.pairs.len()],
        best: (0, f64::NEG_INFINITY),
    };
    go(&mut ctx, 0);
    ctx.best
}
