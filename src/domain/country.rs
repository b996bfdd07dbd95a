//! ISO 3166-1 alpha-2 country codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

/// An ISO 3166-1 alpha-2 country code, upper case. Kosovo's user-assigned `XK` is accepted,
/// as German authorities use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, example = "SY")]
pub struct CountryCode([u8; 2]);

/// Why a string is not a country code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO 3166-1 alpha-2 country code: expected two letters such as \"SY\"")]
pub struct CountryCodeError;

impl CountryCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Builds a code from a literal known to be valid (tests and tables).
    ///
    /// # Panics
    /// If `code` is not a valid code; use [`str::parse`] for input.
    pub fn known(code: &str) -> CountryCode {
        code.parse().expect("a valid country code literal")
    }
}

impl FromStr for CountryCode {
    type Err = CountryCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        let bytes = upper.as_bytes();
        if bytes.len() != 2 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(CountryCodeError);
        }
        if upper != "XK" && isocountry::CountryCode::for_alpha2(&upper).is_err() {
            return Err(CountryCodeError);
        }
        Ok(CountryCode([bytes[0], bytes[1]]))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e| serde::de::Error::custom(super::text::coded("invalid_country", e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes_and_kosovo() {
        for code in ["SY", "AF", "UA", "de", "XK", "ER"] {
            assert!(code.parse::<CountryCode>().is_ok(), "{code}");
        }
    }

    #[test]
    fn rejects_unknown_or_malformed_codes() {
        for code in ["", "S", "SYR", "ZZ", "1A", "Ä1"] {
            assert!(code.parse::<CountryCode>().is_err(), "{code}");
        }
    }
}
