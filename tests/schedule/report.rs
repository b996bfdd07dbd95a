//! Prints time, objective, bound and gap of the solver on generated instances of several
//! sizes (the figures in the README). Run with
//! `cargo test --release --test schedule report -- --ignored --nocapture`.

use std::time::Instant;

use crate::support::instances::{Shape, realistic};
use passgenau::events::{solve, validate_schedule};

fn report(name: &str, shape: &Shape) -> f64 {
    let problem = realistic(shape);
    if let Ok(dir) = std::env::var("DUMP_INSTANCES") {
        let path = format!(
            "{dir}/{}.json",
            name.split_whitespace().collect::<Vec<_>>().join("")
        );
        std::fs::write(path, serde_json::to_string(&problem).expect("serialisable"))
            .expect("writable");
    }
    let started = Instant::now();
    let schedule = solve(&problem).expect("generated instances are valid");
    let elapsed = started.elapsed();
    validate_schedule(&problem, &schedule).expect("valid schedule");
    let gap = (schedule.upper_bound - schedule.objective) / schedule.upper_bound;
    println!(
        "{name:>28}: {:>8.1} ms  meetings {:>5}  at_min {:>5}/{:<5}  objective {:>9.2}  bound {:>9.2}  gap {:.3} %",
        elapsed.as_secs_f64() * 1e3,
        schedule.meetings.len(),
        schedule.candidates_at_min,
        problem.candidates.len(),
        schedule.objective,
        schedule.upper_bound,
        100.0 * gap
    );
    gap
}

#[test]
#[ignore = "performance report; run in release with --ignored --nocapture"]
fn reference_event_is_solved_within_one_percent_of_optimal() {
    let gap = report("100 x 1000 x 16 (reference)", &Shape::reference());
    report(
        "20 x 150 x 8",
        &Shape {
            employers: 20,
            candidates: 150,
            slots: 8,
            seed: 7,
            ..Shape::reference()
        },
    );
    report(
        "50 x 400 x 12",
        &Shape {
            employers: 50,
            candidates: 400,
            slots: 12,
            seed: 8,
            ..Shape::reference()
        },
    );
    report(
        "200 x 2500 x 24",
        &Shape {
            employers: 200,
            candidates: 2500,
            slots: 24,
            seed: 9,
            ..Shape::reference()
        },
    );
    assert!(gap < 0.01, "gap {gap} on the reference event");
}
