//! References to ESCO concepts (European Skills, Competences, Qualifications and Occupations).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// What an ESCO URI names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConceptKind {
    Occupation,
    Skill,
}

impl ConceptKind {
    fn path(self) -> &'static str {
        match self {
            ConceptKind::Occupation => "occupation",
            ConceptKind::Skill => "skill",
        }
    }
}

/// An ESCO concept URI of a given kind, e.g.
/// `http://data.europa.eu/esco/skill/<uuid>`; syntax checked, existence is the taxonomy's job.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EscoUri {
    kind: ConceptKind,
    uuid: String,
}

/// Why a string is not an ESCO URI of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ESCO {expected} URI: expected http://data.europa.eu/esco/{expected}/<uuid>")]
pub struct EscoUriError {
    expected: &'static str,
}

const PREFIX: &str = "http://data.europa.eu/esco/";

impl EscoUri {
    /// Parses a URI that must name a concept of `kind`.
    pub fn parse(s: &str, kind: ConceptKind) -> Result<EscoUri, EscoUriError> {
        let err = EscoUriError {
            expected: kind.path(),
        };
        let s = s.trim();
        let rest = s
            .strip_prefix(PREFIX)
            .or_else(|| s.strip_prefix("https://data.europa.eu/esco/"))
            .ok_or(err.clone())?;
        let uuid = rest
            .strip_prefix(kind.path())
            .and_then(|r| r.strip_prefix('/'))
            .ok_or(err.clone())?;
        let uuid = uuid::Uuid::parse_str(uuid).map_err(|_| err)?;
        Ok(EscoUri {
            kind,
            uuid: uuid.hyphenated().to_string(),
        })
    }

    /// The concept kind.
    pub fn kind(&self) -> ConceptKind {
        self.kind
    }

    /// The UUID part, lower case and hyphenated.
    pub fn uuid(&self) -> &str {
        &self.uuid
    }
}

impl fmt::Display for EscoUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}/{}", self.kind.path(), self.uuid)
    }
}

impl Serialize for EscoUri {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An ESCO skill URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[schema(value_type = String, example = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d")]
#[serde(transparent)]
pub struct SkillUri(pub EscoUri);

/// An ESCO occupation URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[schema(value_type = String, example = "http://data.europa.eu/esco/occupation/ddf8bd1a-5bd3-4ba6-b4e2-7c7d2a1d41a7")]
#[serde(transparent)]
pub struct OccupationUri(pub EscoUri);

impl FromStr for SkillUri {
    type Err = EscoUriError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EscoUri::parse(s, ConceptKind::Skill).map(SkillUri)
    }
}

impl FromStr for OccupationUri {
    type Err = EscoUriError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EscoUri::parse(s, ConceptKind::Occupation).map(OccupationUri)
    }
}

impl<'de> Deserialize<'de> for SkillUri {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e| serde::de::Error::custom(super::text::coded("invalid_esco_uri", e)))
    }
}

impl<'de> Deserialize<'de> for OccupationUri {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e| serde::de::Error::custom(super::text::coded("invalid_esco_uri", e)))
    }
}

impl fmt::Display for SkillUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for OccupationUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skill_uri_round_trips() {
        let s = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";
        assert_eq!(s.parse::<SkillUri>().unwrap().to_string(), s);
    }

    #[test]
    fn an_occupation_uri_is_not_a_skill_uri() {
        let s = "http://data.europa.eu/esco/occupation/ccd0a1d9-afda-43d9-b901-96344886e14d";
        assert!(s.parse::<SkillUri>().is_err());
        assert!(s.parse::<OccupationUri>().is_ok());
        assert!(
            "http://data.europa.eu/esco/skill/not-a-uuid"
                .parse::<SkillUri>()
                .is_err()
        );
    }
}
