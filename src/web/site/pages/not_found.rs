//! The 404 page, for unknown slugs and unknown paths alike; while the seeds are still being
//! read at start-up, a 503 "still loading" page instead, since the address may lead somewhere
//! in a moment; and the 400 page, saying what is wrong with the request.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::web::site::error::{ErrorPage, WebError, not_ready};
use crate::web::site::state::{AppState, Site};

/// The 404 page.
#[derive(Debug, Template)]
#[template(path = "not_found.html")]
pub(crate) struct NotFoundPage<'a> {
    site: &'a Site,
    /// Whether the seeds are still being read (the page then says so).
    loading: bool,
    /// For a 400: what is wrong with the request.
    problem: Option<&'a str>,
}

/// The 404 page's HTML.
///
/// # Errors
/// When the template fails to render.
pub(crate) fn render(site: &Site) -> Result<String, askama::Error> {
    NotFoundPage { site, loading: false, problem: None }.render()
}

/// Fallback for paths no route matches.
pub(crate) async fn get() -> WebError {
    WebError::NotFound
}

/// Response layer: replaces a bare 404 from [`WebError::NotFound`] with the 404 page, or,
/// while the seeds are still being read, with a 503 saying so and a `Retry-After`; and a bare
/// 400 from [`WebError::BadRequest`] with the page saying what is wrong.
pub(crate) async fn render_marked(State(state): State<AppState>, response: Response) -> Response {
    let Some(marked) = response.extensions().get::<ErrorPage>() else { return response };
    let problem = match marked {
        ErrorPage::NotFound => None,
        ErrorPage::BadRequest(problem) => Some(problem.as_str()),
    };
    let loading = problem.is_none() && state.snapshot.load().loading;
    let status = if problem.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::NOT_FOUND };
    match (NotFoundPage { site: &state.site, loading, problem }).render() {
        Ok(html) => {
            let response =
                (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], html)
                    .into_response();
            if loading { not_ready(response) } else { response }
        }
        Err(error) => WebError::Render(error).into_response(),
    }
}
