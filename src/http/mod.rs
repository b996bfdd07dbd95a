//! The HTTP API (axum): state, one error type, extractors, the route table and the
//! middleware stack. Handlers extract, call one `App` method and map the result.

pub mod auth;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod routes;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::app::App;
use error::Problem;
use routes::{
    access, candidates, employers, health, matches, permission, placements, reports, schedule,
    search, statistics, vacancies,
};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The application and its use cases.
    pub app: Arc<App>,
    /// Requests per token and minute.
    pub limiter: Arc<auth::Limiter>,
}

/// The whole API as a router (tests call it with `oneshot`, no server needed).
pub fn router(app: Arc<App>) -> Router {
    let body_limit = app.settings().http.body_limit_bytes;
    let timeout = Duration::from_secs(app.settings().http.request_timeout_secs);
    let limiter = auth::limiter(app.settings().auth.rate_limit_per_minute);
    let state = AppState { app, limiter };
    let api = Router::new()
        .route(
            "/api/v1/candidates",
            get(candidates::list).post(candidates::create),
        )
        .route(
            "/api/v1/candidates/{id}",
            get(candidates::get)
                .put(candidates::replace)
                .delete(candidates::delete),
        )
        .route(
            "/api/v1/candidates/by-ref/{external_ref}",
            get(candidates::get_by_ref).put(candidates::put_by_ref),
        )
        .route(
            "/api/v1/vacancies",
            get(vacancies::list).post(vacancies::create),
        )
        .route(
            "/api/v1/vacancies/{id}",
            get(vacancies::get)
                .put(vacancies::replace)
                .delete(vacancies::delete),
        )
        .route(
            "/api/v1/vacancies/by-ref/{external_ref}",
            get(vacancies::get_by_ref).put(vacancies::put_by_ref),
        )
        .route(
            "/api/v1/employers",
            get(employers::list).post(employers::create),
        )
        .route(
            "/api/v1/employers/{id}",
            get(employers::get)
                .put(employers::replace)
                .delete(employers::delete),
        )
        .route(
            "/api/v1/employers/by-ref/{external_ref}",
            get(employers::get_by_ref).put(employers::put_by_ref),
        )
        .route(
            "/api/v1/placements",
            get(placements::list).post(placements::create),
        )
        .route(
            "/api/v1/placements/{id}",
            get(placements::get)
                .put(placements::replace)
                .delete(placements::delete),
        )
        .route(
            "/api/v1/vacancies/{id}/placements",
            get(placements::of_vacancy),
        )
        .route("/api/v1/reports/placements", get(reports::placements))
        .route("/api/v1/reports/bonus", get(reports::bonus))
        .route("/api/v1/statistics/candidates", get(statistics::candidates))
        .route("/api/v1/statistics/vacancies", get(statistics::vacancies))
        .route("/api/v1/work-permission/check", post(permission::check))
        .route("/api/v1/work-permission/matrix", get(permission::matrix))
        .route("/api/v1/work-permission/rules", get(permission::rules))
        .route("/api/v1/schedule/solve", post(schedule::solve))
        .route("/api/v1/vacancies/{id}/matches", get(matches::vacancy))
        .route("/api/v1/vacancies/{id}/what-if", get(matches::what_if))
        .route("/api/v1/candidates/{id}/matches", get(matches::candidate))
        .route("/api/v1/search/candidates", post(search::candidates))
        .route("/api/v1/me", get(access::me))
        .route(
            "/api/v1/candidates/{id}/disclosures",
            get(access::disclosures),
        )
        .route("/api/v1/interests", get(access::list))
        .route(
            "/api/v1/interests/{id}",
            get(access::get).put(access::update),
        )
        .route(
            "/api/v1/vacancies/{id}/interests",
            get(access::of_vacancy).post(access::express),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(routes::events::routes())
        // Runs for matched routes only, where the route template is known.
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::guard,
        ))
        .with_state(state);
    let routes = api
        .merge(openapi::routes())
        .fallback(|| async {
            Problem::new(StatusCode::NOT_FOUND, "no_route", "no such endpoint").into_response()
        })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
            .into_response()
        });
    with_middleware(routes, body_limit, timeout)
}

/// Pages may load scripts, styles and images from this service only (the API browser
/// needs inline styles), and may not be framed.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Keeps a client's `X-Request-Id` only when it is a plain token (up to 64 letters, digits,
/// `-`, `_`, `.`); any other is replaced by a fresh one, so nothing a client writes there
/// reaches the logs or the audit log.
fn drop_unfit_request_id(
    mut req: axum::http::Request<axum::body::Body>,
) -> axum::http::Request<axum::body::Body> {
    let fit = req.headers().get("x-request-id").is_none_or(|v| {
        let b = v.as_bytes();
        !b.is_empty()
            && b.len() <= 64
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
    });
    if !fit {
        req.headers_mut().remove("x-request-id");
    }
    req
}

/// The whole middleware stack, outermost first.
fn with_middleware(router: Router, body_limit: usize, timeout: Duration) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let stack = ServiceBuilder::new()
        .map_request(drop_unfit_request_id)
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(
            // Method, route template and status only: a path may carry an external
            // reference (a case number) or search words, so only its template is logged.
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let route = req
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map_or("unmatched", |m| m.as_str());
                tracing::info_span!("request", method = %req.method(), route = %route, request.id = %id)
            })
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Millis)),
        )
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(CatchPanicLayer::custom(|_| {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "an internal error occurred; it has been logged").into_response()
        }))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(CSP),
        ))
        // Answers may hold personal data: no shared or browser cache keeps them.
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(DefaultBodyLimit::max(body_limit));
    router.layer(stack)
}

/// Serves until `shutdown` completes, then drains open requests.
pub async fn serve(
    app: Arc<App>,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: draining requests");
}
