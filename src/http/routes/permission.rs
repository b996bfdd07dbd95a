//! The work-permission check, the status × work-type overview, and the rule table.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::http::AppState;
use crate::http::error::Problem;
use crate::http::extract::{Body, Params};
use crate::permission::{CheckRequest, CheckResponse, Matrix};

/// Decides whether the person may take this work on this day, with reasons and citations.
#[utoipa::path(post, path = "/api/v1/work-permission/check", tag = "work-permission", request_body = CheckRequest,
    responses((status = 200, body = CheckResponse), (status = 400, body = Problem)))]
pub async fn check(State(s): State<AppState>, Body(req): Body<CheckRequest>) -> Response {
    match s.app.check_work_permission(&req) {
        Ok(r) => axum::Json(r).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Query of the overview.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatrixParams {
    /// The day (default: today).
    pub as_of: Option<NaiveDate>,
}

/// For each status type × work type, the verdict a typical holder gets on a day, with the
/// assumptions stated: which offers are open to which titles (anonymised needs analysis).
#[utoipa::path(get, path = "/api/v1/work-permission/matrix", tag = "work-permission", params(MatrixParams),
    responses((status = 200, body = Matrix), (status = 400, body = Problem)))]
pub async fn matrix(State(s): State<AppState>, Params(p): Params<MatrixParams>) -> Response {
    axum::Json(s.app.permission_matrix(p.as_of)).into_response()
}

/// The rule table as Markdown: id, validity, text in German and English, citation.
#[utoipa::path(get, path = "/api/v1/work-permission/rules", tag = "work-permission",
    responses((status = 200, content_type = "text/markdown", body = String)))]
pub async fn rules() -> Response {
    (
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        crate::permission::rules_markdown(),
    )
        .into_response()
}
