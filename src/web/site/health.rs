//! What operators and their tools read: liveness and readiness probes for load balancers
//! and orchestrators, and the Prometheus metrics.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::error::WebError;
use super::state::Snapshot;
use crate::web::engine::client::{self, Client};
use crate::web::engine::metrics::Metrics;

/// `GET /healthz`: 200 while the process answers.
pub(crate) async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 once the corpus is loaded and every index built, else 503.
pub(crate) async fn readyz(State(snapshot): State<Arc<Snapshot>>) -> (StatusCode, &'static str) {
    if snapshot.is_ready() { (StatusCode::OK, "ready\n") } else { (StatusCode::SERVICE_UNAVAILABLE, "starting\n") }
}

/// `GET /metrics`: the metrics to a client `--metrics-allow` names, 403 to others, and 404
/// when they are served on `--metrics-bind` instead. A request that passed no
/// `client::identify` (the `--metrics-bind` address) is answered.
pub(crate) async fn metrics(State(metrics): State<Arc<Metrics>>, client: Option<Extension<Client>>) -> Response {
    match client.map(|Extension(client)| client.metrics) {
        Some(client::Metrics::Denied) => {
            return (StatusCode::FORBIDDEN, "403 Forbidden: metrics are for the addresses in --metrics-allow\n")
                .into_response();
        }
        Some(client::Metrics::Elsewhere) => return WebError::NotFound.into_response(),
        Some(client::Metrics::Allowed) | None => {}
    }
    let content_type = HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8");
    ([(header::CONTENT_TYPE, content_type)], metrics.encode()).into_response()
}
