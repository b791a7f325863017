//! Liveness and readiness probes for load balancers and orchestrators.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;

use super::state::Snapshot;

/// `GET /healthz`: 200 while the process answers.
pub(crate) async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 once the corpus is loaded and every index built, else 503.
pub(crate) async fn readyz(State(snapshot): State<Arc<Snapshot>>) -> (StatusCode, &'static str) {
    if snapshot.is_ready() { (StatusCode::OK, "ready\n") } else { (StatusCode::SERVICE_UNAVAILABLE, "starting\n") }
}
