//! Bounded, trimmed text: every string that enters the service has a length cap.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// Why a string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {0} characters long")]
    TooLong(usize),
    #[error("must not contain control characters")]
    ControlCharacter,
}

impl TextError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TextError::Empty => "empty",
            TextError::TooLong(_) => "too_long",
            TextError::ControlCharacter => "control_character",
        }
    }
}

/// Formats a parse error for serde so that the HTTP layer can recover a stable `code`:
/// the message reads `<code>: <text>`.
pub fn coded(code: &str, message: impl fmt::Display) -> String {
    format!("{code}: {message}")
}

/// A non-empty, trimmed string of at most `MAX` characters. Line breaks and tabs are
/// allowed only when `MULTILINE` is true.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text<const MAX: usize, const MULTILINE: bool = false>(String);

/// A short single-line text: names, titles, labels (≤ 200 characters).
pub type ShortText = Text<200>;
/// A long free text: descriptions and notes (≤ 20,000 characters).
pub type LongText = Text<20_000, true>;

impl<const MAX: usize, const MULTILINE: bool> Text<MAX, MULTILINE> {
    /// Checks and trims `s`.
    pub fn parse(s: &str) -> Result<Self, TextError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(TextError::Empty);
        }
        if t.chars().count() > MAX {
            return Err(TextError::TooLong(MAX));
        }
        let bad = |c: char| c.is_control() && !(MULTILINE && matches!(c, '\n' | '\r' | '\t'));
        if t.chars().any(bad) {
            return Err(TextError::ControlCharacter);
        }
        Ok(Text(t.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize, const MULTILINE: bool> Deref for Text<MAX, MULTILINE> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Text is personal data more often than not: Debug shows only its length.
impl<const MAX: usize, const MULTILINE: bool> fmt::Debug for Text<MAX, MULTILINE> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text({} chars)", self.0.chars().count())
    }
}

impl<const MAX: usize, const MULTILINE: bool> Serialize for Text<MAX, MULTILINE> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de, const MAX: usize, const MULTILINE: bool> Deserialize<'de> for Text<MAX, MULTILINE> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Text::parse(&s).map_err(|e| serde::de::Error::custom(coded(e.code(), e)))
    }
}

impl<const MAX: usize, const MULTILINE: bool> PartialSchema for Text<MAX, MULTILINE> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX))
            .into()
    }
}

impl<const MAX: usize, const MULTILINE: bool> ToSchema for Text<MAX, MULTILINE> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_capped() {
        assert_eq!(ShortText::parse("  Lager  ").unwrap().as_str(), "Lager");
        assert_eq!(ShortText::parse("   "), Err(TextError::Empty));
        assert_eq!(
            ShortText::parse(&"x".repeat(201)),
            Err(TextError::TooLong(200))
        );
        assert_eq!(ShortText::parse("a\nb"), Err(TextError::ControlCharacter));
        assert!(LongText::parse("a\nb").is_ok());
    }

    #[test]
    fn debug_output_does_not_show_the_text() {
        let t = ShortText::parse("Amal Haddad").unwrap();
        assert!(!format!("{t:?}").contains("Amal"));
    }
}
