//! The Meeting Point schedule solver: validity, optimality against brute force, errors,
//! re-planning, and (ignored) a report of the benchmark figures.

mod replan;
mod report;
mod solver;
mod support;
