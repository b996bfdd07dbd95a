//! Request extractors that turn malformed input into problem responses naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::Problem;
use crate::domain::{EntityId, FieldError};

/// A JSON body, deserialized with the path of any failing field.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                let ct = ct.split(';').next().unwrap_or("").trim();
                ct == "application/json" || ct.ends_with("+json")
            });
        if !json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
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
        })?;
        parse_json(&bytes).map(Body)
    }
}

/// Deserializes JSON into a problem naming the failing field.
#[expect(
    clippy::result_large_err,
    reason = "the problem is the response itself, built once per refused request"
)]
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    crate::json::parse(bytes).map_err(|e| Problem::fields(StatusCode::BAD_REQUEST, vec![e]))
}

/// Query parameters, strictly parsed (unknown parameters are refused).
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
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
