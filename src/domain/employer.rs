//! An employer (*Arbeitgeber*).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::location::Postcode;
use super::profile::Contact;
use super::text::{ShortText, Text, coded};
use super::validation::FieldError;

/// A web address (`http://` or `https://`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(value_type = String, example = "https://example.org")]
#[serde(transparent)]
pub struct Website(Text<500>);

impl<'de> Deserialize<'de> for Website {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Text::<500>::deserialize(d)?;
        let rest = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"));
        match rest {
            Some(host) if host.contains('.') && !host.contains(char::is_whitespace) => {
                Ok(Website(t))
            }
            _ => Err(serde::de::Error::custom(coded(
                "invalid_url",
                "not a web address (http:// or https://)",
            ))),
        }
    }
}

/// An employer, exactly the JSON of the API contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<ShortText>,
    pub name: ShortText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    pub postcode: Postcode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Website>,
}

impl Employer {
    /// Nothing beyond what serde checks today; kept for symmetry with the other entities.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}
