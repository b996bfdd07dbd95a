//! Reports: placements against targets, and the placement-bonus statement. Meant for admin
//! and staff (access control comes with the roles).

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::error::AppError;
use crate::http::AppState;
use crate::http::error::Problem;
use crate::http::extract::Params;
use crate::reporting::render::{bonus_csv, bonus_html};
use crate::reporting::{BonusStatement, PlacementReport};

/// Query of the placement report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlacementReportParams {
    /// Project year, 1 = the first twelve months from the project start (default: the year
    /// `as_of` falls in).
    pub year: Option<u32>,
    /// The day to look from (default: today): decides whose six-month mark has passed.
    pub as_of: Option<NaiveDate>,
}

/// Placements of a project year by type, municipality and month against the target, the
/// share still employed after six months, and early ends within probation.
#[utoipa::path(get, path = "/api/v1/reports/placements", tag = "reports", params(PlacementReportParams),
    responses((status = 200, body = PlacementReport), (status = 400, body = Problem)))]
pub async fn placements(
    State(s): State<AppState>,
    Params(p): Params<PlacementReportParams>,
) -> Response {
    match s.app.placement_report(p.year, p.as_of).await {
        Ok(r) => axum::Json(r).into_response(),
        Err(e) => e.into_response(),
    }
}

/// How the statement is delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    #[default]
    Json,
    /// `;`-separated, decimal commas, UTF-8.
    Csv,
    /// A printable page.
    Html,
}

/// Query of the bonus statement.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BonusParams {
    /// The municipality billed (required).
    pub municipality: Option<String>,
    /// First start date included (required).
    pub from: Option<NaiveDate>,
    /// Last start date included (required).
    pub to: Option<NaiveDate>,
    pub format: Option<StatementFormat>,
}

/// The placement-bonus statement of a municipality for placements that started in a
/// period: one line per placement by pseudonym, the amount of the rule in force on its
/// start date, and the sum. JSON, CSV or printable HTML.
#[utoipa::path(get, path = "/api/v1/reports/bonus", tag = "reports", params(BonusParams),
    responses((status = 200, body = BonusStatement, description = "the statement; with `format=csv` as text/csv, with `format=html` as text/html"),
              (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn bonus(State(s): State<AppState>, Params(p): Params<BonusParams>) -> Response {
    match s.app.bonus_statement(p.municipality, p.from, p.to).await {
        Ok(st) => render(&st, p.format.unwrap_or_default()),
        Err(e) => e.into_response(),
    }
}

fn render(st: &BonusStatement, format: StatementFormat) -> Response {
    match format {
        StatementFormat::Json => axum::Json(st).into_response(),
        StatementFormat::Csv => match bonus_csv(st) {
            Ok(csv) => {
                let name = format!("attachment; filename=\"bonus-{}-{}.csv\"", st.from, st.to);
                (
                    [
                        (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                        (header::CONTENT_DISPOSITION, name),
                    ],
                    csv,
                )
                    .into_response()
            }
            Err(e) => AppError::internal(e).into_response(),
        },
        StatementFormat::Html => {
            let mut res = (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                bonus_html(st),
            )
                .into_response();
            let h = res.headers_mut();
            for (name, value) in HTML_HEADERS {
                h.insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            res
        }
    }
}

/// Security headers of HTML pages: nothing loads, nothing runs, nothing frames the page.
const HTML_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
];
