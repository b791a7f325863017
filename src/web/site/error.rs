//! Errors a request can end in, and the pages they show.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// Seconds a client is asked to wait (`Retry-After`, RFC 9110 §10.2.3) before asking again
/// for what is not ready yet: an address while the seeds are still being read, a search while
/// the index is still being built.
const RETRY_AFTER_SECONDS: &str = "1";

/// `response` (a page, a JSON error or plain text) as the answer for what is not ready yet:
/// 503 Service Unavailable with `Retry-After`. Every such answer is made here.
pub(crate) fn not_ready(mut response: Response) -> Response {
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER_SECONDS));
    response
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WebError {
    /// No such page (404).
    #[error("not found")]
    NotFound,
    /// The request names no page as asked (400): what is wrong, as a sentence without its
    /// capital and full stop.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A template failed to render (500).
    #[error("rendering failed: {0}")]
    Render(#[from] askama::Error),
    /// A JSON document failed to serialize (500).
    #[error("JSON output failed: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<super::paging::Error> for WebError {
    /// A page number that is none is a 400; a page past the end a 404.
    fn from(error: super::paging::Error) -> Self {
        match error {
            super::paging::Error::NotANumber(_) => WebError::BadRequest(error.to_string()),
            super::paging::Error::PastTheEnd { .. } => WebError::NotFound,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            // `pages::not_found::render_marked` turns these into the site's error page.
            WebError::NotFound => {
                let mut response = StatusCode::NOT_FOUND.into_response();
                response.extensions_mut().insert(ErrorPage::NotFound);
                response
            }
            WebError::BadRequest(problem) => {
                let mut response = StatusCode::BAD_REQUEST.into_response();
                response.extensions_mut().insert(ErrorPage::BadRequest(problem));
                response
            }
            error @ (WebError::Render(_) | WebError::Json(_)) => {
                tracing::error!(%error, "page failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html("<!doctype html><title>Error</title><h1>Something went wrong</h1>"),
                )
                    .into_response()
            }
        }
    }
}

/// Marks a bare 404 or 400 response for the layer that renders the error page.
#[derive(Debug, Clone)]
pub(crate) enum ErrorPage {
    /// The 404 page (or, while the seeds are read, the 503 "still loading" page).
    NotFound,
    /// The 400 page, saying what is wrong.
    BadRequest(String),
}
