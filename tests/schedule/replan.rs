//! Specification of event-day re-planning.

use crate::support::instances::{Shape, realistic};
use passgenau::events::solver::ErrorCode;
use passgenau::events::{replan, solve};

fn shape() -> Shape {
    Shape {
        employers: 15,
        candidates: 80,
        slots: 8,
        seed: 3,
        pins: 0,
        ..Shape::reference()
    }
}

#[test]
fn the_past_is_kept_absentees_are_dropped_and_changes_are_counted() {
    let problem = realistic(&shape());
    let previous = solve(&problem).expect("solvable");
    let absent = vec!["C0001".to_string(), "E002".to_string()];
    let from = 3;
    let next = replan(&problem, &previous, from, &absent).expect("replannable");
    let past = |s: &passgenau::events::Schedule| {
        s.meetings
            .iter()
            .filter(|m| m.slot < from)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        past(&next),
        past(&previous),
        "meetings before from_slot are kept exactly"
    );
    assert!(
        next.meetings
            .iter()
            .filter(|m| m.slot >= from)
            .all(|m| !absent.contains(&m.candidate) && !absent.contains(&m.employer))
    );
    let summary = next.replan.clone().expect("summary");
    let old_future = previous.meetings.iter().filter(|m| m.slot >= from).count() as u32;
    assert_eq!(
        summary.kept + summary.dropped_absent + summary.moved_or_cancelled,
        old_future
    );
    assert_eq!(
        summary.changed_future_meetings,
        summary.moved_or_cancelled + summary.added
    );
    assert!(next.upper_bound >= next.objective);
}

#[test]
fn nothing_changes_when_everybody_shows_up() {
    let problem = realistic(&shape());
    let previous = solve(&problem).expect("solvable");
    let next = replan(&problem, &previous, 2, &[]).expect("replannable");
    let summary = next.replan.expect("summary");
    assert_eq!(summary.moved_or_cancelled, 0, "{summary:?}");
    assert_eq!(next.candidates_at_min, previous.candidates_at_min);
}

#[test]
fn walk_ins_get_meetings_in_the_remaining_slots() {
    let mut problem = realistic(&shape());
    let previous = solve(&problem).expect("solvable");
    problem
        .candidates
        .push(passgenau::events::solver::CandidateSpec {
            id: "W1".into(),
            available_slots: None,
            min_meetings: Some(1),
            max_meetings: Some(2),
        });
    for e in ["E000", "E001", "E003"] {
        problem.pairs.push(passgenau::events::solver::PairSpec {
            employer: e.into(),
            candidate: "W1".into(),
            score: 1.0,
            interpreter: None,
        });
    }
    let next = replan(&problem, &previous, 4, &[]).expect("replannable");
    assert!(
        next.meetings
            .iter()
            .any(|m| m.candidate == "W1" && m.slot >= 4)
    );
}

#[test]
fn an_unknown_absentee_or_slot_is_an_error() {
    let problem = realistic(&shape());
    let previous = solve(&problem).expect("solvable");
    let err = replan(&problem, &previous, 2, &["nobody".to_string()]).expect_err("rejected");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::UnknownCandidate, "absent[0]")
    );
    let err = replan(&problem, &previous, 99, &[]).expect_err("rejected");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::FromSlotOutOfRange, "from_slot")
    );
}
