//! JSON parsing that names the failing field (`skills[2].label`) and gives a stable code.
//! Messages never echo the offending value: it may be personal data.

mod strict;

use serde::de::DeserializeOwned;

use strict::Strict;

use crate::domain::FieldError;

/// Deserializes exactly one JSON value with nothing but white space after it, reporting the
/// failing field's path and a stable code. The one parser of request bodies and import
/// lines: what the access guard checks and what a handler stores are the same value.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, FieldError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(Strict(&mut *de));
    let value = result.map_err(|e| {
        let path = e.path().to_string();
        describe(&path, &e.into_inner())
    })?;
    de.end().map_err(|e| {
        FieldError::new(
            "",
            "malformed_json",
            format!(
                "the body holds more than one JSON value (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(value)
}

/// Deserializes a JSON value like [`parse`].
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, FieldError> {
    let result: Result<T, _> = serde_path_to_error::deserialize(Strict(value));
    result.map_err(|e| {
        let path = e.path().to_string();
        describe(&path, &e.into_inner())
    })
}

/// Turns a serde error into a field error.
fn describe(path: &str, e: &serde_json::Error) -> FieldError {
    use serde_json::error::Category;
    let path = if path == "." { "" } else { path };
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            return FieldError::new(
                path,
                "malformed_json",
                format!(
                    "the body is not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            );
        }
        Category::Data => {}
    }
    let full = e.to_string();
    let msg = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_owned);
    let join = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = msg.strip_prefix("unknown field") {
        let name = quoted(rest).unwrap_or_default();
        let field = if path.ends_with(&name) {
            path.to_owned()
        } else {
            join(&name)
        };
        return FieldError::new(field, "unknown_field", format!("unknown field `{name}`"));
    }
    if let Some(rest) = msg.strip_prefix("missing field") {
        let name = quoted(rest).unwrap_or_default();
        return FieldError::new(join(&name), "missing_field", "this field is required");
    }
    if msg.starts_with("unknown variant") {
        let expected = msg.split_once("expected ").map_or("", |(_, x)| x);
        return FieldError::new(
            path,
            "invalid_value",
            format!("not an allowed value; expected {expected}"),
        );
    }
    if msg.starts_with("invalid type") {
        let expected = msg.rsplit_once("expected ").map_or("", |(_, x)| x);
        return FieldError::new(
            path,
            "invalid_type",
            format!("wrong type; expected {expected}"),
        );
    }
    if msg.starts_with("invalid value") || msg.starts_with("invalid length") {
        let expected = msg.rsplit_once("expected ").map_or("", |(_, x)| x);
        return FieldError::new(
            path,
            "invalid_value",
            format!("not allowed here; expected {expected}"),
        );
    }
    if msg.starts_with("duplicate field") {
        return FieldError::new(path, "duplicate_field", "a field is given twice");
    }
    // Our own parsers write `<code>: <message>`; other messages come from chrono and serde
    // and do not contain the input.
    match msg.split_once(": ") {
        Some((code, text))
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') =>
        {
            FieldError::new(path, code, text)
        }
        _ => FieldError::new(path, "invalid_value", msg),
    }
}
