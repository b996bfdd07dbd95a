//! Field-level validation errors: what was wrong, where, with a stable code.

use serde::Serialize;
use utoipa::ToSchema;

/// One problem with one field of the input, named by its JSON path (`skills[2].label`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON path of the offending field.
    pub field: String,
    /// Stable snake_case code.
    pub code: String,
    /// Human-readable explanation (never echoes the value: it may be personal data).
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Collects field errors while checking a whole record.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Records a problem when `bad` holds.
    pub fn check(&mut self, bad: bool, field: impl Into<String>, code: &str, message: &str) {
        if bad {
            self.push(field, code, message);
        }
    }

    /// Checks a list's length against its cap.
    pub fn cap<T>(&mut self, list: &[T], max: usize, field: &str) {
        if list.len() > max {
            self.push(field, "too_many", format!("at most {max} entries"));
        }
    }

    /// Each key once in a list: a later duplicate is reported at `field[i].key_name`.
    pub fn unique<T, K: PartialEq>(
        &mut self,
        list: &[T],
        key: impl Fn(&T) -> K,
        field: &str,
        key_name: &str,
    ) {
        for i in 0..list.len() {
            let k = key(&list[i]);
            if list[..i].iter().any(|o| key(o) == k) {
                self.push(
                    format!("{field}[{i}].{key_name}"),
                    "duplicate",
                    "each entry once",
                );
            }
        }
    }

    /// Whether nothing was recorded so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ok if nothing was recorded.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}
