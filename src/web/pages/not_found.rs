//! The 404 page, for unknown slugs and unknown paths alike.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::web::error::{NotFoundMarker, WebError};
use crate::web::state::Site;

/// The 404 page.
#[derive(Debug, Template)]
#[template(path = "not_found.html")]
pub(crate) struct NotFoundPage<'a> {
    site: &'a Site,
}

/// The 404 page's HTML.
///
/// # Errors
/// When the template fails to render.
pub fn render(site: &Site) -> Result<String, askama::Error> {
    NotFoundPage { site }.render()
}

/// Fallback for paths no route matches.
pub(crate) async fn get() -> WebError {
    WebError::NotFound
}

/// Response layer: replaces a bare 404 from [`WebError::NotFound`] with the 404 page.
pub(crate) async fn render_marked(State(site): State<Arc<Site>>, response: Response) -> Response {
    if response.extensions().get::<NotFoundMarker>().is_none() {
        return response;
    }
    match render(&site) {
        Ok(html) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
            html,
        )
            .into_response(),
        Err(error) => WebError::Render(error).into_response(),
    }
}
