//! Specification of the Meeting Point schedule solver (`POST /api/v1/schedule/solve`).

use crate::support::small::{brute_force, random_problem};
use passgenau::events::solver::{ErrorCode, ProblemErrorKind, ScheduleProblem, SolveOptions};
use passgenau::events::{Schedule, solve, solve_with, validate_schedule};
use proptest::prelude::*;
use serde_json::json;

fn problem(value: serde_json::Value) -> ScheduleProblem {
    serde_json::from_value(value).expect("well-formed request")
}

fn assert_consistent(problem: &ScheduleProblem, schedule: &Schedule) {
    if let Err(v) = validate_schedule(problem, schedule) {
        panic!("invalid schedule: {v}\n{schedule:#?}");
    }
    let sum: f64 = schedule
        .meetings
        .iter()
        .map(|m| {
            problem
                .pairs
                .iter()
                .find(|p| p.employer == m.employer && p.candidate == m.candidate)
                .expect("listed")
                .score
        })
        .sum();
    assert!(
        (schedule.objective - sum).abs() < 1e-9,
        "objective {} vs sum {sum}",
        schedule.objective
    );
    assert!(schedule.upper_bound >= schedule.objective);
}

fn example() -> serde_json::Value {
    json!({ "slots": 12,
      "employers": [ { "id": "E1", "tables": 1 } ],
      "candidates": [ { "id": "C1", "available_slots": [0,1,2,3,4,5], "min_meetings": 1, "max_meetings": 3 } ],
      "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.83, "interpreter": "ar" } ],
      "interpreters": { "ar": 2 },
      "pinned": [ { "employer": "E1", "candidate": "C1", "slot": 3 } ] })
}

#[test]
fn the_contract_example_keeps_its_pin_and_proves_optimality() {
    let p = problem(example());
    let s = solve(&p).expect("solvable");
    assert_consistent(&p, &s);
    let out = serde_json::to_value(&s).expect("serialisable");
    assert_eq!(
        out,
        json!({ "meetings": [ { "employer": "E1", "candidate": "C1", "slot": 3, "table": 1, "interpreter": "ar" } ],
                "candidates_at_min": 1, "objective": 0.83, "upper_bound": 0.83 })
    );
}

#[test]
fn optional_fields_have_documented_defaults() {
    let p = problem(
        json!({ "slots": 2, "employers": [ { "id": "E" } ], "candidates": [ { "id": "C" } ],
                            "pairs": [ { "employer": "E", "candidate": "C", "score": 0.5 } ] }),
    );
    assert_eq!(p.employers[0].tables, 1);
    assert!(p.interpreters.is_empty() && p.pinned.is_empty() && p.pairs[0].interpreter.is_none());
    let s = solve(&p).expect("solvable");
    assert_eq!(s.meetings.len(), 1, "min 1 by default, any slot available");
    assert_eq!(s.candidates_at_min, 1);
}

#[test]
fn unknown_fields_are_rejected() {
    let mut value = example();
    value["colour"] = json!("blue");
    assert!(serde_json::from_value::<ScheduleProblem>(value).is_err());
    let mut value = example();
    value["pairs"][0]["weight"] = json!(1);
    assert!(serde_json::from_value::<ScheduleProblem>(value).is_err());
}

#[test]
fn meetings_are_sorted_by_slot_employer_and_table_with_tables_from_one() {
    let p = problem(json!({ "slots": 2,
        "employers": [ { "id": "B", "tables": 2 }, { "id": "A" } ],
        "candidates": [ { "id": "C1", "max_meetings": 1 }, { "id": "C2", "max_meetings": 1 }, { "id": "C3", "max_meetings": 1 } ],
        "pairs": [ { "employer": "B", "candidate": "C1", "score": 1 }, { "employer": "B", "candidate": "C2", "score": 1 },
                   { "employer": "A", "candidate": "C3", "score": 1 } ],
        "pinned": [ { "employer": "B", "candidate": "C1", "slot": 0 }, { "employer": "B", "candidate": "C2", "slot": 0 },
                    { "employer": "A", "candidate": "C3", "slot": 0 } ] }));
    let s = solve(&p).expect("solvable");
    let order: Vec<(u32, &str, u32)> = s
        .meetings
        .iter()
        .map(|m| (m.slot, m.employer.as_str(), m.table))
        .collect();
    assert_eq!(order, vec![(0, "A", 1), (0, "B", 1), (0, "B", 2)]);
}

#[test]
fn coverage_comes_before_score() {
    // One table, one slot: the high score pair would leave C2 without a meeting... but C1
    // already has another meeting, so C2 gets the table.
    let p = problem(json!({ "slots": 1,
        "employers": [ { "id": "E1" }, { "id": "E2" } ],
        "candidates": [ { "id": "C1" }, { "id": "C2" } ],
        "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.9 }, { "employer": "E1", "candidate": "C2", "score": 0.1 },
                   { "employer": "E2", "candidate": "C1", "score": 0.2 } ] }));
    let s = solve(&p).expect("solvable");
    assert_eq!(s.candidates_at_min, 2);
    assert!((s.objective - 0.3).abs() < 1e-12);
    assert_eq!(
        s.upper_bound, s.objective,
        "small instances are solved exactly"
    );
}

#[test]
fn interpreters_limit_parallel_meetings_per_language() {
    let p = problem(json!({ "slots": 1,
        "employers": [ { "id": "E1" }, { "id": "E2" } ],
        "candidates": [ { "id": "C1" }, { "id": "C2" } ],
        "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.9, "interpreter": "ar" },
                   { "employer": "E2", "candidate": "C2", "score": 0.8, "interpreter": "ar" } ],
        "interpreters": { "ar": 1 } }));
    let s = solve(&p).expect("solvable");
    assert_consistent(&p, &s);
    assert_eq!(s.meetings.len(), 1);
}

#[test]
fn a_language_without_interpreters_means_the_pair_cannot_meet() {
    let p = problem(
        json!({ "slots": 3, "employers": [ { "id": "E" } ], "candidates": [ { "id": "C" } ],
        "pairs": [ { "employer": "E", "candidate": "C", "score": 1, "interpreter": "ti" } ] }),
    );
    let s = solve(&p).expect("solvable");
    assert!(s.meetings.is_empty());
    assert_eq!(s.candidates_at_min, 0);
}

fn error_of(value: serde_json::Value) -> (ErrorCode, String, ProblemErrorKind) {
    let err = solve(&problem(value)).expect_err("rejected");
    assert!(!err.message().is_empty());
    (err.code(), err.field().to_string(), err.kind())
}

#[test]
fn invalid_input_names_the_field() {
    let base = example();
    let cases: Vec<(serde_json::Value, ErrorCode, &str)> = vec![
        (json!({"slots": 0}), ErrorCode::SlotsOutOfRange, "slots"),
        (
            json!({"slots": 4_000_000_000u64}),
            ErrorCode::SlotsOutOfRange,
            "slots",
        ),
        (
            json!({"employers": [ { "id": "E1" }, { "id": "E1" } ]}),
            ErrorCode::DuplicateEmployer,
            "employers[1].id",
        ),
        (
            json!({"employers": [ { "id": "E1", "tables": 0 } ]}),
            ErrorCode::ZeroTables,
            "employers[0].tables",
        ),
        (
            json!({"employers": [ { "id": "" } ]}),
            ErrorCode::InvalidId,
            "employers[0].id",
        ),
        (
            json!({"candidates": [ { "id": "C1", "available_slots": [12] } ]}),
            ErrorCode::SlotOutOfRange,
            "candidates[0].available_slots[0]",
        ),
        (
            json!({"candidates": [ { "id": "C1", "available_slots": [1, 1] } ]}),
            ErrorCode::DuplicateSlot,
            "candidates[0].available_slots[1]",
        ),
        (
            json!({"candidates": [ { "id": "C1", "min_meetings": 3, "max_meetings": 2 } ]}),
            ErrorCode::MaxBelowMin,
            "candidates[0].max_meetings",
        ),
        (
            json!({"candidates": [ { "id": "C1" }, { "id": "C1" } ]}),
            ErrorCode::DuplicateCandidate,
            "candidates[1].id",
        ),
        (
            json!({"pairs": [ { "employer": "E1", "candidate": "C9", "score": 0.5 } ]}),
            ErrorCode::UnknownCandidate,
            "pairs[0].candidate",
        ),
        (
            json!({"pairs": [ { "employer": "E9", "candidate": "C1", "score": 0.5 } ]}),
            ErrorCode::UnknownEmployer,
            "pairs[0].employer",
        ),
        (
            json!({"pairs": [ { "employer": "E1", "candidate": "C1", "score": -0.1 } ]}),
            ErrorCode::InvalidScore,
            "pairs[0].score",
        ),
        (
            json!({"pairs": [ { "employer": "E1", "candidate": "C1", "score": 1e300 } ]}),
            ErrorCode::InvalidScore,
            "pairs[0].score",
        ),
        (
            json!({"pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.5 }, { "employer": "E1", "candidate": "C1", "score": 0.4 } ]}),
            ErrorCode::DuplicatePair,
            "pairs[1]",
        ),
        (
            json!({"interpreters": { "": 1 }}),
            ErrorCode::InvalidLanguage,
            "interpreters.",
        ),
        (
            json!({"pinned": [ { "employer": "E1", "candidate": "C1", "slot": 12 } ]}),
            ErrorCode::SlotOutOfRange,
            "pinned[0].slot",
        ),
        (
            json!({"pinned": [ { "employer": "E1", "candidate": "C7", "slot": 1 } ]}),
            ErrorCode::UnknownCandidate,
            "pinned[0].candidate",
        ),
    ];
    for (patch, code, field) in cases {
        let mut value = base.clone();
        for (k, v) in patch.as_object().expect("object") {
            value[k] = v.clone();
        }
        let (got, got_field, kind) = error_of(value);
        assert_eq!(
            (got, got_field.as_str(), kind),
            (code, field, ProblemErrorKind::InvalidInput)
        );
        assert!(!code.as_str().is_empty() && code.as_str() == code.as_str().to_lowercase());
    }
}

#[test]
fn a_nan_score_is_an_error_not_a_panic() {
    let mut p = problem(example());
    p.pairs[0].score = f64::NAN;
    assert_eq!(
        solve(&p).expect_err("rejected").code(),
        ErrorCode::InvalidScore
    );
    p.pairs[0].score = f64::INFINITY;
    assert_eq!(
        solve(&p).expect_err("rejected").code(),
        ErrorCode::InvalidScore
    );
}

#[test]
fn infeasible_pins_name_the_pin() {
    let base = json!({ "slots": 4,
        "employers": [ { "id": "E1" }, { "id": "E2" } ],
        "candidates": [ { "id": "C1", "available_slots": [0, 1], "max_meetings": 1 }, { "id": "C2" }, { "id": "C3" } ],
        "pairs": [ { "employer": "E1", "candidate": "C1", "score": 0.5 }, { "employer": "E2", "candidate": "C1", "score": 0.5 },
                   { "employer": "E1", "candidate": "C2", "score": 0.5, "interpreter": "ar" },
                   { "employer": "E2", "candidate": "C3", "score": 0.5, "interpreter": "ar" },
                   { "employer": "E2", "candidate": "C2", "score": 0.5 } ],
        "interpreters": { "ar": 1 } });
    let pin = |e: &str, c: &str, t: u32| json!({ "employer": e, "candidate": c, "slot": t });
    let cases = vec![
        (
            vec![pin("E1", "C1", 3)],
            ErrorCode::PinnedCandidateUnavailable,
            "pinned[0]",
        ),
        (
            vec![pin("E2", "C2", 0), pin("E1", "C2", 0)],
            ErrorCode::PinnedCandidateSlotTaken,
            "pinned[1]",
        ),
        (
            vec![pin("E1", "C1", 0), pin("E1", "C2", 0)],
            ErrorCode::PinnedTablesExceeded,
            "pinned[1]",
        ),
        (
            vec![pin("E1", "C2", 2), pin("E2", "C3", 2)],
            ErrorCode::PinnedInterpreterCapacityExceeded,
            "pinned[1]",
        ),
        (
            vec![pin("E1", "C3", 1)],
            ErrorCode::PinnedPairNotListed,
            "pinned[0]",
        ),
        (
            vec![pin("E1", "C1", 0), pin("E2", "C1", 1)],
            ErrorCode::PinnedMaxMeetingsExceeded,
            "pinned[1]",
        ),
        (
            vec![pin("E2", "C2", 0), pin("E2", "C2", 1)],
            ErrorCode::PinnedPairTwice,
            "pinned[1]",
        ),
    ];
    for (pins, code, field) in cases {
        let mut value = base.clone();
        value["pinned"] = json!(pins);
        let (got, got_field, kind) = error_of(value);
        assert_eq!(
            (got, got_field.as_str(), kind),
            (code, field, ProblemErrorKind::InfeasiblePin),
            "{}",
            code.as_str()
        );
    }
}

#[test]
fn an_empty_problem_gives_an_empty_schedule() {
    let p = problem(json!({ "slots": 1, "employers": [], "candidates": [], "pairs": [] }));
    let s = solve(&p).expect("solvable");
    assert!(s.meetings.is_empty());
    assert_eq!(
        (s.candidates_at_min, s.objective, s.upper_bound),
        (0, 0.0, 0.0)
    );
}

#[test]
fn huge_limits_are_clamped_not_trusted() {
    let p = problem(
        json!({ "slots": 128, "employers": [ { "id": "E", "tables": 1000 } ],
        "candidates": [ { "id": "C", "min_meetings": 4_000_000_000u64, "max_meetings": 4_294_967_295u64 } ],
        "pairs": [ { "employer": "E", "candidate": "C", "score": 1e6 } ] }),
    );
    let s = solve(&p).expect("solvable");
    assert_consistent(&p, &s);
    assert_eq!((s.meetings.len(), s.candidates_at_min), (1, 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_schedule_is_valid_consistent_and_deterministic(seed in any::<u64>(), interpreters in any::<bool>(), pins in any::<bool>()) {
        let p = random_problem(seed, 6, 12, 8, 40, interpreters, pins);
        let s = solve(&p).expect("generated problems are valid");
        assert_consistent(&p, &s);
        prop_assert_eq!(solve(&p).expect("again"), s);
    }

    #[test]
    fn the_heuristic_alone_is_valid_and_its_bound_holds(seed in any::<u64>(), interpreters in any::<bool>()) {
        let p = random_problem(seed, 4, 6, 4, 10, interpreters, true);
        let heuristic = SolveOptions { exact_max_pairs: 0, ..SolveOptions::default() };
        let s = solve_with(&p, &heuristic).expect("valid");
        assert_consistent(&p, &s);
        let (count, score) = brute_force(&p);
        prop_assert!(s.candidates_at_min <= count);
        if s.candidates_at_min == count {
            prop_assert!(s.upper_bound >= score - 1e-9, "bound {} below optimum {}", s.upper_bound, score);
        }
    }

    #[test]
    fn small_instances_are_solved_to_the_true_optimum(seed in any::<u64>(), interpreters in any::<bool>(), pins in any::<bool>()) {
        let p = random_problem(seed, 4, 6, 4, 10, interpreters, pins);
        let s = solve(&p).expect("valid");
        let (count, score) = brute_force(&p);
        prop_assert_eq!(s.candidates_at_min, count);
        prop_assert!((s.objective - score).abs() < 1e-9, "objective {} vs optimum {}", s.objective, score);
        prop_assert!(s.upper_bound >= score - 1e-9);
    }
}
