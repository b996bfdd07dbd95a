//! The one place where requests are authenticated, authorised against the role × endpoint
//! matrix ([`crate::auth::POLICY`]), rate limited per token, and where every disclosure of
//! a candidate's data is written to the audit log before the answer leaves.
//!
//! Handlers do not check roles. A handler that shows or changes a candidate's data marks
//! its response with [`disclosed`]; the guard records it (and answers 500 instead if the
//! audit log cannot be written: no disclosure without a record).

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::AppState;
use super::error::Problem;
use super::extract::BodyMustName;
use crate::app::Rejected;
use crate::auth::{Own, Principal, Role, Rule, rule_for};
use crate::domain::{EntityId, FieldError};
use crate::store::{AuditAction, AuditContext};

/// The header a caller may use to say why they look at a person's data.
pub const PURPOSE_HEADER: &str = "x-purpose";
pub const PURPOSE_NOTE_HEADER: &str = "x-purpose-note";
const PURPOSE_MAX: usize = 200;

/// Requests per token and minute.
pub struct Limiter {
    inner: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl Limiter {
    pub fn per_minute(n: u32) -> Limiter {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Limiter {
            inner: RateLimiter::keyed(Quota::per_minute(n)),
            clock: DefaultClock::default(),
        }
    }

    /// `Err(seconds to wait)` when the token has used up its quota.
    fn check(&self, token: &str) -> Result<(), u64> {
        self.inner
            .check_key(&token.to_owned())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()).as_secs().max(1))
    }
}

/// The candidates a response showed or changed, for the audit log.
#[derive(Debug, Clone)]
pub struct Disclosed {
    pub action: AuditAction,
    pub candidates: Vec<EntityId>,
}

/// Marks a response as showing or changing these candidates' data.
pub fn disclosed(mut res: Response, action: AuditAction, candidates: Vec<EntityId>) -> Response {
    if res.status().is_success() && !candidates.is_empty() {
        res.extensions_mut()
            .insert(Disclosed { action, candidates });
    }
    res
}

fn unauthorized(code: &str, detail: &str) -> Response {
    let mut res = Problem::new(StatusCode::UNAUTHORIZED, code, detail).into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"passgenau\""),
    );
    res
}

fn forbidden(detail: &str) -> Response {
    Problem::new(StatusCode::FORBIDDEN, "forbidden", detail).into_response()
}

fn not_yours() -> Response {
    Problem::new(StatusCode::NOT_FOUND, "not_found", "no such record").into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

#[expect(
    clippy::result_large_err,
    reason = "the problem is the response itself"
)]
fn purpose(headers: &HeaderMap) -> Result<(Option<String>, Option<String>), Problem> {
    // A header's text: trimmed, at most `max` characters, no control characters.
    let text = |header: &str, field: &str, max: usize, what: &str| {
        let bad = || {
            Problem::fields(
                StatusCode::BAD_REQUEST,
                vec![FieldError::new(field, "invalid", what)],
            )
        };
        let Some(v) = headers.get(header) else {
            return Ok(None);
        };
        let s = std::str::from_utf8(v.as_bytes()).map_err(|_| bad())?.trim();
        if s.chars().count() > max || s.chars().any(char::is_control) {
            return Err(bad());
        }
        Ok((!s.is_empty()).then(|| s.to_owned()))
    };
    let codes: Vec<&str> = crate::auth::PURPOSES.iter().map(|(c, _)| *c).collect();
    let one_of = format!("the purpose is one of: {}", codes.join(", "));
    let code = text(PURPOSE_HEADER, "X-Purpose", 40, &one_of)?;
    if code.as_deref().is_some_and(|c| !codes.contains(&c)) {
        return Err(Problem::fields(
            StatusCode::BAD_REQUEST,
            vec![FieldError::new("X-Purpose", "invalid", one_of)],
        ));
    }
    let note = text(
        PURPOSE_NOTE_HEADER,
        "X-Purpose-Note",
        PURPOSE_MAX,
        "the purpose note must be up to 200 characters of UTF-8 text",
    )?;
    Ok((code, note))
}

/// Authenticates, authorises, rate limits and audits one request.
pub async fn guard(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let Some(path) = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
    else {
        return forbidden("this endpoint has no access rule");
    };
    let method = match req.method().as_str() {
        "HEAD" => "GET".to_owned(),
        m => m.to_owned(),
    };
    let Some(rule) = rule_for(&method, &path) else {
        tracing::error!(method, path, "route without an access rule");
        return forbidden("this endpoint has no access rule");
    };
    if rule.public {
        return next.run(req).await;
    }
    let principal = match bearer(req.headers()) {
        None => {
            return unauthorized(
                "missing_token",
                "send a bearer token: Authorization: Bearer <token>",
            );
        }
        Some(t) => match s.app.authenticate(t).await {
            Ok(p) => p,
            Err(why) => {
                let (code, detail) = match why {
                    Rejected::Revoked => ("token_revoked", "this token has been revoked"),
                    Rejected::Expired => ("token_expired", "this token has expired"),
                    Rejected::Malformed | Rejected::Unknown => {
                        ("invalid_token", "the token is not valid")
                    }
                };
                return unauthorized(code, detail);
            }
        },
    };
    if let Err(wait) = s.limiter.check(&principal.token_id) {
        let mut res = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests with this token; try again later",
        )
        .into_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return res;
    }
    if !rule.allows(principal.role) {
        return forbidden(&format!(
            "the {} role may not call {method} {path}",
            principal.role
        ));
    }
    let (purpose, purpose_note) = match purpose(req.headers()) {
        Ok(p) => p,
        Err(problem) => return problem.into_response(),
    };
    let mut req = req;
    if principal.role == Role::Employer {
        req = match hold_to_own(&s, rule, &principal, req).await {
            Ok(r) => r,
            Err(res) => return res,
        };
    }
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    req.extensions_mut().insert(principal.clone());
    let mut res = next.run(req).await;
    if let Some(d) = res.extensions_mut().remove::<Disclosed>() {
        let ctx = AuditContext {
            token_id: principal.token_id,
            role: principal.role,
            employer_id: principal.employer_id,
            method,
            endpoint: path,
            request_id,
            purpose,
            purpose_note,
        };
        if let Err(e) = s.app.audit(ctx, d.action, d.candidates).await {
            tracing::error!(error = %e, "audit log write failed; answer withheld");
            return Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "an internal error occurred; it has been logged",
            )
            .into_response();
        }
    }
    res
}

/// The employer checks of a rule: an employer token reaches only its own records.
async fn hold_to_own(
    s: &AppState,
    rule: &Rule,
    principal: &Principal,
    req: Request,
) -> Result<Request, Response> {
    let Some(own) = principal.employer() else {
        return Err(forbidden("this employer token is not bound to an employer"));
    };
    let (mut parts, body) = req.into_parts();
    let path_id = RawPathParams::from_request_parts(&mut parts, &())
        .await
        .ok()
        .and_then(|p| {
            p.iter()
                .find(|(k, _)| *k == "id")
                .and_then(|(_, v)| v.parse::<EntityId>().ok())
        });
    for check in rule.own {
        match check {
            Own::EmployerInPath => {
                if path_id != Some(own) {
                    return Err(not_yours());
                }
            }
            Own::VacancyInPath => {
                let Some(id) = path_id else {
                    return Err(not_yours());
                };
                match s.app.vacancy_employer(id).await {
                    Ok(Some(e)) if e == own => {}
                    Ok(_) => return Err(not_yours()),
                    Err(e) => return Err(e.into_response()),
                }
            }
            Own::EmployerInBody => {
                // Checked on the parsed value by the body extractor, which refuses a body
                // it cannot parse before any handler runs.
                parts.extensions.insert(BodyMustName(own));
            }
            Own::VacancyListing => {
                let query = parts.uri.query().unwrap_or("");
                let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect();
                let asked = pairs.iter().find(|(k, _)| k == "employer_id");
                match asked {
                    Some((_, v)) if v.trim() != own.to_string() => {
                        return Err(forbidden("an employer token lists only its own vacancies"));
                    }
                    Some(_) => {}
                    None => pairs.push(("employer_id".to_owned(), own.to_string())),
                }
                let q: String = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                let uri = format!("{}?{q}", parts.uri.path());
                parts.uri = uri.parse().map_err(|_| forbidden("malformed address"))?;
            }
        }
    }
    Ok(Request::from_parts(parts, body))
}

/// The limiter of the configured quota.
pub fn limiter(per_minute: u32) -> Arc<Limiter> {
    Arc::new(Limiter::per_minute(per_minute))
}
