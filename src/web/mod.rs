//! The HTTP side, in two halves: the site (`site`: every route, its pages, the API, feeds,
//! and the state they share) and the HTTP engine it is built on (`engine`: the server and
//! its sockets, the client and access log, the frame, page cache, content coding, ETags,
//! metrics). [`app`] stacks them into one request path. Depends on the domain modules,
//! never the other way round.

mod engine;
mod site;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::timeout::TimeoutLayer;

pub use engine::Limits;
pub use engine::access_log::TARGET as ACCESS_LOG_TARGET;
pub use engine::client::{Access, Peer};
pub(crate) use engine::coding;
pub use engine::frame::{CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY};
pub use engine::listen::{Error as ListenError, Listener, Passed, passed};
pub use engine::server::serve;
pub use site::pages::crawlers::{render_part, render_sitemap};
pub use site::pages::search::STATIC_NOTICE;
pub use site::reload::spawn as spawn_reloads;
pub use site::router;
pub use site::search_state::{IndexPlace, Outcome};
pub use site::state::{AppState, Site, Snapshot};
pub(crate) use site::{pages, paging};

/// The whole application: one stack of layers over [`router`], each request passing every
/// layer down to the one that answers it. From the outside in:
///
/// | layer | what it does |
/// |---|---|
/// | `client::identify` | the client's address, the user (401 without one when `access` asks for it), `X-Robots-Tag` under `--noindex`, the access log line |
/// | `frame::FrameLayer` | 414/431 for oversized requests, 308 for repeated slashes, base-path stripping, the caching and security headers of every response |
/// | `TimeoutLayer` | 503 past `limits.request_timeout` |
/// | `GlobalConcurrencyLimitLayer` | at most `limits.max_concurrent` requests at once; more wait |
/// | `cached::CachedPagesLayer` | a `GET` or `HEAD` of a cached article or list page, answered from the page cache as the router would answer it |
/// | [`router`] | every route, with its own representation layer (content coding, `Vary`, ETag, 304) and route metrics |
pub fn app(state: AppState, limits: Limits, access: Access) -> Router {
    let base: Arc<str> = Arc::from(state.site.links.base_path());
    let stack = ServiceBuilder::new()
        .layer(from_fn_with_state((Arc::new(access), base), engine::client::identify))
        .layer(engine::frame::FrameLayer::new(&state.site.links))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limits.request_timeout))
        .layer(GlobalConcurrencyLimitLayer::new(limits.max_concurrent))
        .layer(site::cached::CachedPagesLayer::new(state.clone()))
        .service(router(state));
    Router::new().fallback_service(stack)
}

/// What `--metrics-bind` serves: `/metrics`, `/healthz` and `/readyz` under the base path or
/// without it, to every client that reaches the address, and 404 for anything else.
pub fn metrics_app(state: AppState) -> Router {
    let base = state.site.links.base_path().to_owned();
    let router = site::operations(state);
    Router::new().fallback_service(ServiceExt::<Request>::map_request(router, move |request| {
        engine::frame::strip_base_path(&base, request)
    }))
}
