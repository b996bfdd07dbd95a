//! Pure vocabulary types of passgenau: no I/O, nothing of ours imported.
//!
//! Every type that comes from outside is parsed here ("parse, don't validate"): a value of
//! these types is valid by construction; `validate` methods check what spans fields.

pub mod candidate;
pub mod country;
pub mod employer;
pub mod esco;
pub mod event;
pub mod ids;
pub mod language;
pub mod location;
pub mod placement;
pub mod profile;
pub mod residence;
pub mod text;
pub mod vacancy;
pub mod validation;

pub use candidate::{Candidate, PersonName, Qualification, Recognition};
pub use country::CountryCode;
pub use employer::Employer;
pub use esco::{OccupationUri, SkillUri};
pub use ids::EntityId;
pub use language::{CefrLevel, LanguageCode};
pub use location::{Coordinates, Postcode};
pub use placement::{EndReason, Placement, PlacementSource, PlacementType};
pub use profile::{DrivingLicence, Hours, LanguageSkill, OccupationRef, SkillRef};
pub use residence::{Annotation, AsylumOutcome, ResidenceFacts, StatusType, WorkType};
pub use text::{LongText, ShortText};
pub use vacancy::{LanguageRequirement, Vacancy, VacancySkill};
pub use validation::FieldError;
