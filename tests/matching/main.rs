//! Matching: score invariants, exactness of the index against brute force, golden rankings
//! and the ranking-quality harness.

mod exact;
mod golden;
mod helpers;
mod props;
mod quality;
