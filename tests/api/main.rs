//! The HTTP API, end to end: one integration-test binary, a file per resource.

mod helpers;

mod access;
mod bodies;
mod candidates;
mod concurrency;
mod crash;
mod employers;
mod events;
mod import;
mod matches;
mod permission;
mod placements;
mod privacy;
mod reports;
mod schedule;
mod statistics;
mod vacancies;
mod validation;
