//! Meeting Point (*Kontaktbörse*) events: the schedule solver that decides which
//! employer–candidate conversations take place, in which slot and at which table; the
//! spread of invitation suggestions; agendas in several languages and formats.

pub mod agenda;
pub mod solver;
pub mod suggest;

pub use solver::{
    Meeting, ProblemError, ReplanSummary, Schedule, ScheduleProblem, SolveOptions, Violation,
    replan, solve, solve_with, validate_schedule,
};
