//! Seeded generator of realistic Meeting Point instances, shared by the benchmark, the
//! report test and the integration tests. Synthetic ids only (`E007`, `C0042`).

use std::collections::{BTreeMap, BTreeSet};

use passgenau::events::solver::{
    CandidateSpec, EmployerSpec, PairSpec, PinnedMeeting, ScheduleProblem,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Shape of a generated event.
#[derive(Debug, Clone)]
pub struct Shape {
    pub employers: usize,
    pub candidates: usize,
    pub slots: u32,
    /// Interpreters per slot by language.
    pub interpreters: Vec<(&'static str, u32)>,
    /// Pinned meetings to add (feasible by construction).
    pub pins: usize,
    pub seed: u64,
}

impl Shape {
    /// The reference event: 100 employers × 1,000 candidates × 16 slots, interpreters
    /// ar 3, fa 2, uk 2 per slot.
    pub fn reference() -> Self {
        Self {
            employers: 100,
            candidates: 1000,
            slots: 16,
            interpreters: vec![("ar", 3), ("fa", 2), ("uk", 2)],
            pins: 20,
            seed: 20_261_121,
        }
    }
}

/// A realistic instance: employers with 1–3 tables (some far more popular than others),
/// candidates with 5–15 listed pairs, a third present only in the morning or afternoon,
/// min 1 / max 2–4 meetings; about 60 % of candidates need an interpreter for some
/// conversations, so that about 30 % of pairs need one.
pub fn realistic(shape: &Shape) -> ScheduleProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let slots = shape.slots;
    let employers: Vec<EmployerSpec> = (0..shape.employers)
        .map(|i| {
            let r: f64 = rng.random();
            let tables = if r < 0.5 {
                1
            } else if r < 0.85 {
                2
            } else {
                3
            };
            EmployerSpec {
                id: format!("E{i:03}"),
                tables,
            }
        })
        .collect();
    let popularity: Vec<f64> = (0..shape.employers)
        .map(|_| 0.2 + rng.random::<f64>().powi(2))
        .collect();
    let total_pop: f64 = popularity.iter().sum();
    let half = slots / 2;
    let mut candidates = Vec::new();
    let mut pairs = Vec::new();
    for i in 0..shape.candidates {
        let id = format!("C{i:04}");
        let r: f64 = rng.random();
        let available_slots = if r < 0.17 {
            Some((0..half).collect())
        } else if r < 0.34 {
            Some((half..slots).collect())
        } else {
            None
        };
        let language = match rng.random_range(0..10) {
            0..=2 => Some("ar"),
            3..=4 => Some("fa"),
            5 => Some("uk"),
            _ => None,
        };
        let count = rng.random_range(5..=15).min(shape.employers);
        let mut chosen = BTreeSet::new();
        while chosen.len() < count {
            let mut x = rng.random::<f64>() * total_pop;
            let mut e = 0;
            while e + 1 < shape.employers && x >= popularity[e] {
                x -= popularity[e];
                e += 1;
            }
            chosen.insert(e);
        }
        for e in chosen {
            let score = (0.15 + 0.85 * rng.random::<f64>().powf(0.8) * 100.0).round() / 100.0;
            let interpreter = language
                .filter(|_| rng.random_bool(0.5))
                .map(str::to_string);
            pairs.push(PairSpec {
                employer: employers[e].id.clone(),
                candidate: id.clone(),
                score: score.min(1.0),
                interpreter,
            });
        }
        candidates.push(CandidateSpec {
            id,
            available_slots,
            min_meetings: Some(1),
            max_meetings: Some(rng.random_range(2..=4)),
        });
    }
    let interpreters: BTreeMap<String, u32> = shape
        .interpreters
        .iter()
        .map(|&(l, n)| (l.to_string(), n))
        .collect();
    let mut problem = ScheduleProblem {
        slots,
        employers,
        candidates,
        pairs,
        interpreters,
        pinned: Vec::new(),
    };
    add_pins(&mut problem, shape.pins, &mut rng);
    problem
}

/// Pins `n` random pairs without interpreter, keeping the pins feasible.
fn add_pins(problem: &mut ScheduleProblem, n: usize, rng: &mut ChaCha8Rng) {
    let tables: BTreeMap<&str, u32> = problem
        .employers
        .iter()
        .map(|e| (e.id.as_str(), e.tables))
        .collect();
    let mut emp_slot: BTreeMap<(String, u32), u32> = BTreeMap::new();
    let mut cand_slot = BTreeSet::new();
    let mut cand_count: BTreeMap<String, u32> = BTreeMap::new();
    let mut pinned_pairs = BTreeSet::new();
    let mut tries = 0;
    while problem.pinned.len() < n && tries < 100 * n + 100 && !problem.pairs.is_empty() {
        tries += 1;
        let pair = &problem.pairs[rng.random_range(0..problem.pairs.len())];
        let slot = rng.random_range(0..problem.slots);
        let cand = problem
            .candidates
            .iter()
            .find(|c| c.id == pair.candidate)
            .expect("listed candidate");
        let available = cand
            .available_slots
            .as_ref()
            .is_none_or(|a| a.contains(&slot));
        let count = cand_count.get(&pair.candidate).copied().unwrap_or(0);
        let load = emp_slot
            .get(&(pair.employer.clone(), slot))
            .copied()
            .unwrap_or(0);
        if pair.interpreter.is_some()
            || !available
            || count >= cand.max_meetings.unwrap_or(problem.slots)
            || load >= tables[pair.employer.as_str()]
            || cand_slot.contains(&(pair.candidate.clone(), slot))
            || !pinned_pairs.insert((pair.employer.clone(), pair.candidate.clone()))
        {
            continue;
        }
        emp_slot.insert((pair.employer.clone(), slot), load + 1);
        cand_slot.insert((pair.candidate.clone(), slot));
        cand_count.insert(pair.candidate.clone(), count + 1);
        problem.pinned.push(PinnedMeeting {
            employer: pair.employer.clone(),
            candidate: pair.candidate.clone(),
            slot,
        });
    }
}
