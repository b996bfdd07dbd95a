//! Languages (ISO 639-1) and levels on the Common European Framework of Reference (CEFR,
//! *Gemeinsamer Europäischer Referenzrahmen*).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// An ISO 639-1 language code, lower case (`de`, `ar`, `fa`, `uk` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, example = "de")]
pub struct LanguageCode([u8; 2]);

/// Why a string is not a language code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO 639-1 language code: expected two letters such as \"de\" or \"ar\"")]
pub struct LanguageCodeError;

impl LanguageCode {
    /// German, the language whose level most vacancies ask for.
    pub const DE: LanguageCode = LanguageCode(*b"de");

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Builds a code from a literal known to be valid (tests and tables).
    ///
    /// # Panics
    /// If `code` is not a valid code; use [`str::parse`] for input.
    pub fn known(code: &str) -> LanguageCode {
        code.parse().expect("a valid language code literal")
    }
}

impl FromStr for LanguageCode {
    type Err = LanguageCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        if lower.len() != 2 || isolang::Language::from_639_1(&lower).is_none() {
            return Err(LanguageCodeError);
        }
        let b = lower.as_bytes();
        Ok(LanguageCode([b[0], b[1]]))
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for LanguageCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LanguageCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e| serde::de::Error::custom(super::text::coded("invalid_language", e)))
    }
}

/// A CEFR level (*Sprachniveau*), ordered from A1 to native.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum CefrLevel {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
    /// First language (*Muttersprache*).
    #[serde(rename = "native")]
    Native,
}

impl CefrLevel {
    /// Every level, lowest first.
    pub const ALL: [CefrLevel; 7] = [
        CefrLevel::A1,
        CefrLevel::A2,
        CefrLevel::B1,
        CefrLevel::B2,
        CefrLevel::C1,
        CefrLevel::C2,
        CefrLevel::Native,
    ];

    /// 1 for A1 … 6 for C2, 7 for native.
    pub fn rank(self) -> u8 {
        self as u8 + 1
    }

    /// The level one below this one, if any.
    pub fn one_below(self) -> Option<CefrLevel> {
        let r = self as usize;
        (r > 0).then(|| CefrLevel::ALL[r - 1])
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CefrLevel::A1 => "A1",
            CefrLevel::A2 => "A2",
            CefrLevel::B1 => "B1",
            CefrLevel::B2 => "B2",
            CefrLevel::C1 => "C1",
            CefrLevel::C2 => "C2",
            CefrLevel::Native => "native",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_from_a1_to_native() {
        assert!(CefrLevel::A1 < CefrLevel::A2);
        assert!(CefrLevel::C2 < CefrLevel::Native);
        assert_eq!(CefrLevel::B1.one_below(), Some(CefrLevel::A2));
        assert_eq!(CefrLevel::A1.one_below(), None);
    }

    #[test]
    fn language_codes_are_iso_639_1() {
        assert_eq!("AR".parse::<LanguageCode>().unwrap().as_str(), "ar");
        for bad in ["ara", "xx", "", "d"] {
            assert!(bad.parse::<LanguageCode>().is_err(), "{bad}");
        }
    }
}
