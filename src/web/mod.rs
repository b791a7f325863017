//! The HTTP side: routes, state and pages. Depends on the domain modules, never the
//! other way round.

pub mod api;
pub mod assets;
pub mod error;
pub mod pages;
pub mod paging;
pub mod search_state;
pub mod state;

use axum::Router;
use axum::routing::get;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, Site};

/// Every route, in one list.
///
/// | route | page |
/// |---|---|
/// | `GET /?page=N` | article list, 30 a page; 404 past the end |
/// | `GET /articles/{slug}` | one article; 308 for other spellings, 300 choice page for a shared slug |
/// | `GET /articles/{slug}/` | 308 to the article |
/// | `GET /random` | 302 to a random article |
/// | `GET /search?q=` | search results |
/// | `GET /feed.atom`, `GET /feed.json` | Atom 1.0 and JSON Feed 1.1 of the first 50 articles |
/// | `GET /opensearch.xml` | OpenSearch description |
/// | `GET /api/articles?page=N`, `/api/articles/{slug}`, `/api/search?q=` | JSON API; JSON errors |
/// | `GET /static/{file}` | embedded stylesheet and icon |
/// | anything else | 404 page |
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::list::get))
        .route("/articles/{slug}", get(pages::article::get))
        .route("/articles/{slug}/", get(pages::article::trailing_slash))
        .route("/random", get(pages::random::get))
        .route("/search", get(pages::search::get))
        .route("/feed.atom", get(pages::feeds::atom))
        .route("/feed.json", get(pages::feeds::json))
        .route("/opensearch.xml", get(pages::feeds::opensearch))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{slug}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found))
        .route("/static/{file}", get(assets::get))
        .fallback(pages::not_found::get)
        .layer(axum::middleware::map_response_with_state(state.site.clone(), pages::not_found::render_marked))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}
