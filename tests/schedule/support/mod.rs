//! Seeded instance generators and the exhaustive reference solver.

pub mod instances;
pub mod small;
