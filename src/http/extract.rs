//! Request extractors that turn malformed input into problem responses naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::Problem;
use crate::domain::{EntityId, FieldError};

/// A JSON body, deserialized with the path of any failing field: `application/json` only,
/// exactly one JSON object and nothing after it. Where the access guard asks for it (an
/// employer writing a vacancy), the parsed value must name the token's employer.
pub struct Body<T>(pub T);

/// Set by the access guard on a request whose body must name this employer: the body
/// extractor checks the parsed value, so the check and the handler see one parse.
#[derive(Debug, Clone, Copy)]
pub struct BodyMustName(pub EntityId);

/// What a request body claims about who owns it.
pub trait Owned {
    /// The employer a body writes for, if it names one.
    fn claimed_employer(&self) -> Option<EntityId> {
        None
    }
}

impl Owned for crate::domain::Vacancy {
    fn claimed_employer(&self) -> Option<EntityId> {
        Some(self.employer_id)
    }
}

/// Bodies that name no employer: a guard asking one of them for its employer refuses.
macro_rules! owned_by_nobody {
    ($($ty:ty),* $(,)?) => { $(impl Owned for $ty {})* };
}

owned_by_nobody!(
    crate::domain::Candidate,
    crate::domain::Employer,
    crate::domain::Placement,
    crate::domain::event::Event,
    crate::domain::event::EmployerRegistration,
    crate::domain::event::CandidateRegistration,
    crate::domain::event::Attendance,
    crate::domain::event::MeetingOutcome,
    crate::app::NewInterestBody,
    crate::app::InterestUpdate,
    crate::app::events::ScheduleRequest,
    crate::permission::CheckRequest,
    crate::events::ScheduleProblem,
    super::routes::search::SearchBody,
);

/// Whether a `Content-Type` header names exactly this media type (parameters such as
/// `charset=utf-8` aside).
pub fn is_media_type(headers: &axum::http::HeaderMap, media_type: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(media_type)
        })
}

/// The body's bytes, within the configured limit.
async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Problem> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the request body is larger than allowed",
            )
        } else {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "unreadable_body",
                "the request body could not be read",
            )
        }
    })
}

fn unsupported(media_type: &str) -> Problem {
    Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!("send the body as {media_type}"),
    )
}

impl<S: Send + Sync, T: DeserializeOwned + Owned> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_media_type(req.headers(), "application/json") {
            return Err(unsupported("application/json"));
        }
        let must_name = req.extensions().get::<BodyMustName>().copied();
        let bytes = body_bytes(req, state).await?;
        let value: T = parse_json(&bytes)?;
        if let Some(BodyMustName(own)) = must_name
            && value.claimed_employer() != Some(own)
        {
            return Err(Problem::fields(
                StatusCode::FORBIDDEN,
                vec![FieldError::new(
                    "employer_id",
                    "forbidden",
                    "an employer token may only write its own vacancies",
                )],
            ));
        }
        Ok(Body(value))
    }
}

/// Deserializes a request body: exactly one JSON object, into a problem naming the failing
/// field.
#[expect(
    clippy::result_large_err,
    reason = "the problem is the response itself, built once per refused request"
)]
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') {
        return Err(Problem::fields(
            StatusCode::BAD_REQUEST,
            vec![FieldError::new(
                "",
                "invalid_type",
                "the body must be a JSON object",
            )],
        ));
    }
    crate::json::parse(bytes).map_err(|e| Problem::fields(StatusCode::BAD_REQUEST, vec![e]))
}

/// Query parameters, strictly parsed (unknown parameters are refused).
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        if percent_encoding::percent_decode_str(q)
            .decode_utf8()
            .is_err()
        {
            return Err(Problem::fields(
                StatusCode::BAD_REQUEST,
                vec![FieldError::new(
                    "",
                    "invalid_parameter",
                    "the query is not UTF-8 once decoded",
                )],
            ));
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(q));
        serde_path_to_error::deserialize(de)
            .map(Params)
            .map_err(|e| {
                let path = e.path().to_string();
                let msg = e.into_inner().to_string();
                let (field, code) = if let Some(rest) = msg.strip_prefix("unknown field") {
                    (
                        rest.split('`').nth(1).unwrap_or("").to_owned(),
                        "unknown_parameter",
                    )
                } else {
                    (path, "invalid_parameter")
                };
                let field = if field == "." { String::new() } else { field };
                let text = msg.split_once(": ").map_or(msg.as_str(), |(c, t)| {
                    if c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                        t
                    } else {
                        msg.as_str()
                    }
                });
                Problem::fields(
                    StatusCode::BAD_REQUEST,
                    vec![FieldError::new(field, code, text)],
                )
            })
    }
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}

/// A record id from the path.
pub struct Id(pub EntityId);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| {
                    Problem::fields(
                        StatusCode::BAD_REQUEST,
                        vec![FieldError::new("id", "invalid_id", "missing id")],
                    )
                })?;
        raw.parse().map(Id).map_err(|_| {
            Problem::fields(
                StatusCode::BAD_REQUEST,
                vec![FieldError::new(
                    "id",
                    "invalid_id",
                    "not an id: expected a UUID",
                )],
            )
        })
    }
}

/// The version named by `If-Match` (`"3"`, also weak `W/"3"`); `None` when absent or `*`.
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(v) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let text = v.to_str().unwrap_or("").trim();
        if text == "*" {
            return Ok(IfMatch(None));
        }
        let tag = text.strip_prefix("W/").unwrap_or(text);
        tag.strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .and_then(|t| t.parse::<i64>().ok())
            .map(|v| IfMatch(Some(v)))
            .ok_or_else(|| {
                Problem::fields(
                    StatusCode::BAD_REQUEST,
                    vec![FieldError::new(
                        "If-Match",
                        "invalid",
                        "If-Match takes the ETag of a GET, e.g. \"3\"",
                    )],
                )
            })
    }
}

/// The `ETag` of a record at `version`.
pub fn etag(version: i64) -> (axum::http::HeaderName, String) {
    (header::ETAG, format!("\"{version}\""))
}
