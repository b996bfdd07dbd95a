//! Solves the reference Meeting Point (100 employers × 1,000 candidates × 16 slots,
//! interpreters ar 3 / fa 2 / uk 2 per slot, fixed seed) end to end: validation, bound,
//! heuristics, output. The schedule is checked for validity and a gap below 1 % inside the
//! timed loop.

#[path = "../tests/schedule/support/instances.rs"]
mod instances;

use criterion::{Criterion, criterion_group, criterion_main};
use instances::{Shape, realistic};
use passgenau::events::{solve, validate_schedule};

fn schedule(c: &mut Criterion) {
    let problem = realistic(&Shape::reference());
    // The figures reported in the README, printed once outside the timed loop.
    let once = solve(&problem).expect("valid problem");
    eprintln!(
        "schedule: {} meetings, candidates_at_min {}, objective {:.3}, upper_bound {:.3}, gap {:.4} %",
        once.meetings.len(),
        once.candidates_at_min,
        once.objective,
        once.upper_bound,
        100.0 * (once.upper_bound - once.objective) / once.upper_bound
    );
    let mut group = c.benchmark_group("schedule");
    group.sample_size(10);
    group.bench_function("solve_100x1000x16", |b| {
        b.iter(|| {
            let schedule = solve(std::hint::black_box(&problem)).expect("valid problem");
            validate_schedule(&problem, &schedule).expect("valid schedule");
            let gap = (schedule.upper_bound - schedule.objective) / schedule.upper_bound;
            assert!(gap < 0.01, "gap {gap}");
            schedule
        });
    });
    group.finish();
}

criterion_group!(benches, schedule);
criterion_main!(benches);
