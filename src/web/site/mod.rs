//! The site: every route and its handler (pages, the JSON API, feeds, crawlers' files,
//! assets, probes), the state they share, and the cached-pages layer that answers the two
//! busiest routes from the page cache. Built on the HTTP engine (`super::engine`).

mod api;
mod assets;
pub(crate) mod cached;
pub(crate) mod error;
pub(crate) mod extract;
mod health;
pub(crate) mod pages;
pub(crate) mod paging;
pub(crate) mod reload;
pub(crate) mod request_site;
pub(crate) mod search_state;
pub(crate) mod state;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::middleware::{from_fn, from_fn_with_state, map_response_with_state};
use axum::response::Redirect;
use axum::routing::get;

use super::engine::metrics::track;
use super::engine::representation::representation;
use crate::links::{API_ARTICLE_ROUTE, ARTICLE_ROUTE};
use state::{AppState, Site};

/// Every route, in one list, at the site root (see [`super::app`] for the base path). A
/// `GET` or `HEAD` of `/` and `/articles/{slug}` is answered by the cached-pages layer above
/// the router (`cached::CachedPagesLayer`) when the page cache holds the page, with what the
/// route would answer.
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
        .route("/search/", get(without_trailing_slash))
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
        .route("/metrics", get(health::metrics))
        .fallback(pages::not_found::get)
        .layer(map_response_with_state(state.clone(), pages::not_found::render_marked))
        .layer(from_fn(representation))
        .layer(from_fn_with_state(state.metrics.clone(), track))
        .with_state(state)
}

/// The operators' routes alone, for `--metrics-bind`: `/metrics`, `/healthz` and `/readyz`,
/// and an empty 404 for anything else.
pub(crate) fn operations(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .with_state(state)
}

/// Handler for a route that has one address without its trailing slash (`/search/`): 308 to
/// the same path without it, under the base path, the query kept.
async fn without_trailing_slash(State(site): State<Arc<Site>>, uri: Uri) -> Redirect {
    let mut location = site.links.path(uri.path().trim_end_matches('/'));
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    Redirect::permanent(&location)
}
