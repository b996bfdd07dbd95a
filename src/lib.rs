//! passgenau: job matching for the people who place refugees and asylum seekers into work.

pub mod domain;
pub mod index;
pub mod store;
