//! Pure vocabulary types of passgenau: no I/O, nothing of ours imported.

pub mod country;
pub mod residence;

pub use country::CountryCode;
pub use residence::{Annotation, AsylumOutcome, ResidenceFacts, StatusType, WorkType};
