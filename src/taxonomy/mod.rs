//! ESCO v1.1.1 taxonomy: occupations and skills, multilingual labels, a label resolver and
//! relatedness of concepts.
//!
//! The converted ESCO data (`index-config/esco/esco-v1.1.1.tsv.gz`, written by
//! [`import::import_esco`]) and the hand-written German label files are compiled into the binary
//! and parsed once, on first use of [`Taxonomy::embedded`]. English labels come from ESCO, French
//! occupation labels from the ESCO French language pack, German labels from passgenau.

mod accessors;
mod format;
pub mod german;
pub mod import;
mod index;
mod lang;
mod load;
mod normalize;
mod relation;
mod resolve;
mod sources;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::LazyLock;

pub use format::FormatError;
pub use german::{Field, GermanLabel, PlacementRow};
pub use lang::{Lang2, detect_language};
pub use load::LoadError;
pub use normalize::normalize;
pub use relation::{OccupationRelation, Relation};
pub use resolve::{MatchKind, Resolution};

use format::Span;
use index::LabelIndex;

/// Prefix of every ESCO concept URI.
pub const ESCO_URI_PREFIX: &str = "http://data.europa.eu/esco/";

/// The converted ESCO data, embedded at compile time.
pub static ESCO_DATA: &[u8] = include_bytes!("../../index-config/esco/esco-v1.1.1.tsv.gz");
/// German labels and synonyms (`labels-de.tsv`), embedded at compile time.
pub static LABELS_DE: &str = include_str!("../../index-config/esco/labels-de.tsv");
/// Occupations common in refugee placement (`placement-occupations.tsv`), embedded.
pub static PLACEMENT_OCCUPATIONS: &str =
    include_str!("../../index-config/esco/placement-occupations.tsv");

/// An ESCO occupation, numbered densely from 0 in the embedded data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct OccupationId(pub u32);

/// An ESCO skill, knowledge concept or skill group, numbered densely from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct SkillId(pub u32);

impl OccupationId {
    /// Full ESCO URI, looked up in the embedded taxonomy (empty if the id is out of range).
    pub fn uri(self) -> String {
        Taxonomy::embedded().occupation_uri(self)
    }
}

impl SkillId {
    /// Full ESCO URI, looked up in the embedded taxonomy (empty if the id is out of range).
    pub fn uri(self) -> String {
        Taxonomy::embedded().skill_uri(self)
    }
}

/// Either kind of concept, as returned by [`Taxonomy::by_uri`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Concept {
    /// An occupation.
    Occupation(OccupationId),
    /// A skill, knowledge concept or skill group.
    Skill(SkillId),
}

/// An ISCO-08 unit group code (four digits, e.g. `9333`; leading zeros allowed).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IscoCode(u16);

impl IscoCode {
    /// Parses a four-digit code.
    pub fn parse(code: &str) -> Option<IscoCode> {
        (code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()))
            .then(|| code.parse().ok().map(IscoCode))
            .flatten()
    }

    /// The unit group as a number (0–9999).
    pub fn unit(self) -> u16 {
        self.0
    }

    /// The minor group: the first three digits.
    pub fn minor(self) -> u16 {
        self.0 / 10
    }

    /// The sub-major group: the first two digits.
    pub fn sub_major(self) -> u16 {
        self.0 / 100
    }

    /// The major group: the first digit.
    pub fn major(self) -> u16 {
        self.0 / 1000
    }
}

impl fmt::Display for IscoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl fmt::Debug for IscoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IscoCode({:04})", self.0)
    }
}

/// ESCO `skillType` (plus skill groups of the hierarchy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SkillKind {
    /// `skill/competence`.
    Skill,
    /// `knowledge`.
    Knowledge,
    /// A group of the skill hierarchy or an ISCED-F field (not a skill itself).
    Group,
    /// No skill type given in ESCO.
    Unspecified,
}

/// ESCO `reuseLevel` of a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReuseLevel {
    /// Relevant to all occupations.
    Transversal,
    /// Relevant across several sectors.
    CrossSector,
    /// Specific to one sector.
    SectorSpecific,
    /// Specific to one occupation.
    OccupationSpecific,
    /// Not given (skill groups, a few skills).
    Unspecified,
}

/// An occupation from the curated placement list, with its German label.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacementOccupation {
    /// The ESCO occupation.
    pub id: OccupationId,
    /// Its ISCO-08 unit group.
    pub isco: IscoCode,
    /// German label as used by case workers.
    pub label_de: String,
    /// Field of work.
    pub field: Field,
    /// Rough relative frequency for synthetic data.
    pub weight: f32,
}

/// Offsets + values: the lists of ids attached to each concept, in one allocation.
#[derive(Default)]
struct Csr<T> {
    offsets: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy> Csr<T> {
    fn get(&self, i: usize) -> &[T] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => self.values.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// How an occupation is stored: its UUID, ISCO code and label spans.
struct OccupationRecord {
    uuid: Span,
    isco: IscoCode,
    /// en_pref, en_alt, en_hidden, fr_pref, fr_alt.
    labels: [Span; 5],
}

/// How a skill is stored.
struct SkillRecord {
    /// `true` for ISCED-F fields (`isced-f/<code>`), `false` for `skill/<uuid>`.
    isced: bool,
    key: Span,
    kind: SkillKind,
    reuse: ReuseLevel,
    /// en_pref, en_alt, en_hidden.
    labels: [Span; 3],
}

/// German label and synonyms of one concept.
struct German {
    label: String,
    synonyms: Vec<String>,
}

/// The ESCO taxonomy with labels, relations and label indexes.
pub struct Taxonomy {
    text: String,
    isco_groups: HashMap<Box<str>, Span>,
    occupations: Vec<OccupationRecord>,
    skills: Vec<SkillRecord>,
    essential: Csr<SkillId>,
    optional: Csr<SkillId>,
    requiring: Csr<OccupationId>,
    optional_for: Csr<OccupationId>,
    skill_broader: Csr<SkillId>,
    skill_narrower: Csr<SkillId>,
    occupation_broader: Csr<OccupationId>,
    by_uuid_occupation: HashMap<u128, u32>,
    by_uuid_skill: HashMap<u128, u32>,
    by_isced: HashMap<Box<str>, u32>,
    german_occupations: BTreeMap<u32, German>,
    german_skills: BTreeMap<u32, German>,
    placement: Vec<PlacementOccupation>,
    occupation_index: LabelIndex,
    skill_index: LabelIndex,
}

static EMBEDDED: LazyLock<Result<Taxonomy, LoadError>> =
    LazyLock::new(|| Taxonomy::from_parts(ESCO_DATA, LABELS_DE, PLACEMENT_OCCUPATIONS));

impl Taxonomy {
    /// The embedded taxonomy, parsed on first use, or why it could not be parsed.
    pub fn try_embedded() -> Result<&'static Taxonomy, &'static LoadError> {
        EMBEDDED.as_ref()
    }

    /// The embedded taxonomy, parsed on first use (takes a fraction of a second).
    ///
    /// # Panics
    ///
    /// If the embedded data is corrupt, which the test suite rules out for every build.
    pub fn embedded() -> &'static Taxonomy {
        match Self::try_embedded() {
            Ok(t) => t,
            Err(e) => panic!("embedded ESCO data is invalid: {e}"),
        }
    }
}
