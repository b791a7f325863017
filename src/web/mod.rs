//! The HTTP side: routes, state, pages and middleware. Depends on the domain modules, never
//! the other way round.

mod access_log;
mod api;
mod assets;
mod client;
pub(crate) mod coding;
mod error;
mod etag;
mod extract;
mod frame;
mod front;
mod health;
mod http;
mod listen;
mod metrics;
mod page_cache;
pub(crate) mod pages;
pub(crate) mod paging;
mod reload;
mod search_state;
mod server;
mod state;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state, map_response_with_state};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::sync::Semaphore;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{Service, ServiceBuilder, ServiceExt};
use tower_http::timeout::TimeoutLayer;

use crate::links::{API_ARTICLE_ROUTE, ARTICLE_ROUTE};
pub use access_log::TARGET as ACCESS_LOG_TARGET;
pub use client::{Access, Peer};
pub use frame::{CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY};
pub use listen::{Error as ListenError, Listener, Passed, passed};
pub use pages::crawlers::{render_part, render_sitemap};
pub use pages::search::STATIC_NOTICE;
pub use reload::spawn as spawn_reloads;
pub use search_state::{IndexPlace, Outcome};
pub use server::serve;
pub use state::{AppState, Site, Snapshot};

/// Limits on what one request may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest time to answer one request (then 503).
    pub request_timeout: Duration,
    /// Most requests handled at once; more wait.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { request_timeout: Duration::from_secs(30), max_concurrent: 1024 }
    }
}

/// [`router`] under [`http::frame`], the timeout, the concurrency limit (`permits`, at most
/// `limits.max_concurrent`), the 308 for repeated slashes and base-path stripping, from the
/// outside in.
fn stack(
    state: AppState,
    limits: Limits,
    permits: Arc<Semaphore>,
) -> impl Service<Request, Response: IntoResponse, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static {
    let base = state.site.links.base_path().to_owned();
    ServiceBuilder::new()
        .layer(from_fn(http::frame))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, limits.request_timeout))
        .layer(GlobalConcurrencyLimitLayer::with_semaphore(permits))
        .layer(from_fn_with_state(state.site.clone(), http::collapse_slashes))
        .map_request(move |request| http::strip_base_path(&base, request))
        .service(router(state))
}

/// Every route, in one list, at the site root (see [`app`] for the base path).
///
/// | route | page |
/// |---|---|
/// | `GET /?page=N` | article list, 30 a page; 404 past the end |
/// | `GET /articles/{slug}` | one article; 308 for other spellings, 300 choice page for a shared slug |
/// | `GET /articles/{slug}/` | 308 to the article |
/// | `GET /page/{n}`, `/page/{n}/` | 308 to `/?page={n}`, the export's list addresses; 400 for no number |
/// | `GET /random` | 302 to a random article |
/// | `GET /search?q=` | search results |
/// | `GET /search/` | 308 to `/search`, the query kept |
/// | `GET /feed.atom`, `GET /feed.json` | Atom 1.0 and JSON Feed 1.1 of the first 50 articles; `?source=`, `?section=` keep one source's or section's |
/// | `GET /search.atom?q=`, `GET /search.json?q=` | the same feeds of a search's best 50 matches |
/// | `GET /opensearch.xml` | OpenSearch description |
/// | `GET /sitemap.xml`, `/sitemaps/{n}.xml` | the articles for crawlers; an index of parts above 50,000 |
/// | `GET /robots.txt` | what crawlers may read; nothing with `--noindex` |
/// | `GET /api/articles?page=N`, `/api/articles/{slug}`, `/api/search?q=` | JSON API; JSON errors |
/// | `GET /static/{file}` | embedded stylesheet, script and icon |
/// | `GET /healthz`, `/readyz` | liveness, readiness (corpus loaded, search index built) |
/// | `GET /metrics` | Prometheus metrics; 403 outside `--metrics-allow`, 404 with `--metrics-bind` |
/// | anything else | 404 page |
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::list::get))
        .route(ARTICLE_ROUTE, get(pages::article::get))
        .route(&format!("{ARTICLE_ROUTE}/"), get(pages::article::trailing_slash))
        .route("/page/{number}", get(pages::list::exported))
        .route("/page/{number}/", get(pages::list::exported))
        .route("/random", get(pages::random::get))
        .route("/search", get(pages::search::get))
        .route("/search/", get(http::without_trailing_slash))
        .route("/feed.atom", get(pages::feeds::atom))
        .route("/feed.json", get(pages::feeds::json))
        .route("/search.atom", get(pages::feeds::search_atom))
        .route("/search.json", get(pages::feeds::search_json))
        .route("/opensearch.xml", get(pages::feeds::opensearch))
        .route("/sitemap.xml", get(pages::crawlers::sitemap))
        .route("/sitemaps/{file}", get(pages::crawlers::sitemap_part))
        .route("/robots.txt", get(pages::crawlers::robots))
        .route("/api/articles", api::route(api::articles))
        .route(API_ARTICLE_ROUTE, api::route(api::article))
        .route(&format!("{API_ARTICLE_ROUTE}/"), api::route(api::trailing_slash))
        .route("/api/search", api::route(api::search))
        .route("/api", api::route(api::not_found))
        .route("/api/", api::route(api::not_found))
        .route("/api/{*rest}", api::route(api::not_found))
        .route("/static/{file}", get(assets::get))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::get))
        .fallback(pages::not_found::get)
        .layer(map_response_with_state(state.clone(), pages::not_found::render_marked))
        .layer(from_fn(http::representation))
        .layer(from_fn_with_state(state.metrics.clone(), metrics::track))
        .with_state(state)
}

/// The whole application: [`router`] (which compresses and tags responses, see
/// `http::representation`) under the base path, with caching and security headers, request
/// limits, who may see what (`access`) and the access log.
///
/// From the outside in: `client::identify` (the client's address, the user, 401 without
/// one when `access` asks for it, the access log line); a front that answers a `GET` or
/// `HEAD` of a cached article or list page itself, with what the layers below would give it
/// (see `front`); `http::frame` (414/431, then the headers every response carries); the
/// timeout (503); the concurrency limit; the 308 for repeated slashes
/// (`http::collapse_slashes`); base-path stripping; the router.
pub fn app(state: AppState, limits: Limits, access: Access) -> Router {
    let permits = Arc::new(Semaphore::new(limits.max_concurrent));
    let base: Arc<str> = Arc::from(state.site.links.base_path());
    let stack = stack(state.clone(), limits, permits.clone());
    Router::new()
        .fallback_service(front::Front::new(state, permits, stack))
        .layer(from_fn_with_state((Arc::new(access), base), client::identify))
}

/// What `--metrics-bind` serves: `/metrics`, `/healthz` and `/readyz` under the base path or
/// without it, to every client that reaches the address, and 404 for anything else.
pub fn metrics_app(state: AppState) -> Router {
    let base = state.site.links.base_path().to_owned();
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::get))
        .with_state(state);
    Router::new().fallback_service(ServiceExt::<Request>::map_request(router, move |request| {
        http::strip_base_path(&base, request)
    }))
}
