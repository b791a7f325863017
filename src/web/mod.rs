//! The HTTP side: routes, state and pages. Depends on the domain modules, never the
//! other way round.

pub mod assets;
pub mod error;
pub mod pages;
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
/// | `GET /` | article list |
/// | `GET /articles/{slug}` | one article; 404 page for an unknown slug |
/// | `GET /static/{file}` | embedded stylesheet, script and icon |
/// | anything else | 404 page |
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::list::get))
        .route("/articles/{slug}", get(pages::article::get))
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
