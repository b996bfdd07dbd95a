//! The one place where error kinds become HTTP statuses and stable codes, as
//! `application/problem+json` (RFC 9457).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::FieldError;
use crate::error::AppError;

/// An error response (RFC 9457 problem details) with a stable `code` and, for input errors,
/// the offending fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` or a passgenau problem URN).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable snake_case code, for programs.
    pub code: String,
    /// The first offending field, if the problem is about input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every offending field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Id of an existing record the request conflicts with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub existing_id: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:passgenau:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            code: code.to_owned(),
            field: None,
            errors: Vec::new(),
            existing_id: None,
        }
    }

    /// A problem about input fields.
    pub fn fields(status: StatusCode, errors: Vec<FieldError>) -> Problem {
        let first = errors.first().cloned();
        let code = if errors.len() == 1 {
            first
                .as_ref()
                .map_or("invalid_input".to_owned(), |e| e.code.clone())
        } else {
            "invalid_input".to_owned()
        };
        let detail = match &first {
            Some(e) if errors.len() == 1 => format!("{}: {}", display_field(&e.field), e.message),
            Some(e) => format!(
                "{} problems, the first at {}: {}",
                errors.len(),
                display_field(&e.field),
                e.message
            ),
            None => "invalid input".to_owned(),
        };
        let mut p = Problem::new(status, &code, detail);
        p.field = first.map(|e| e.field);
        p.errors = errors;
        p
    }
}

fn display_field(f: &str) -> &str {
    if f.is_empty() { "body" } else { f }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry =
            status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS;
        let mut res = (status, axum::Json(self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if retry {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Invalid(errors) => Problem::fields(StatusCode::BAD_REQUEST, errors),
            AppError::Unprocessable(errors) => {
                Problem::fields(StatusCode::UNPROCESSABLE_ENTITY, errors)
            }
            AppError::NotFound { entity, id } => Problem::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no {} with id {id}", entity.as_str()),
            ),
            AppError::VersionMismatch { current } => Problem::new(
                StatusCode::PRECONDITION_FAILED,
                "version_mismatch",
                format!(
                    "the record was changed meanwhile (now version {current}); \
                     read it again and repeat the change"
                ),
            ),
            AppError::NoReference { entity } => Problem::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no {} has this external_ref", entity.as_str()),
            ),
            AppError::NoSuch { what, id } => Problem::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no {what} with id {id}"),
            ),
            AppError::Conflict {
                code,
                message,
                existing,
            } => {
                let mut p = Problem::new(StatusCode::CONFLICT, code, message);
                p.existing_id = existing.map(|id| id.to_string());
                p
            }
            AppError::Overloaded => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "the service is busy; retry shortly",
            ),
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "an internal error occurred; it has been logged",
                )
            }
        }
        .into_response()
    }
}
