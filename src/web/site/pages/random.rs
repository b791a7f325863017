//! `/random`: a redirect to an article picked at random.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::corpus::Corpus;
use crate::web::site::error::WebError;
use crate::web::site::state::Site;

/// `GET /random`: 302 to a uniformly random article, never cached; the 404 page when there
/// is no article.
pub(crate) async fn get(
    State(corpus): State<Arc<Corpus>>,
    State(site): State<Arc<Site>>,
) -> Result<Response, WebError> {
    let articles = corpus.articles();
    if articles.is_empty() {
        return Err(WebError::NotFound);
    }
    let article = &articles[fastrand::usize(..articles.len())];
    let location = HeaderValue::try_from(site.links.article(&article.slug)).map_err(|_| WebError::NotFound)?;
    Ok((
        StatusCode::FOUND,
        [(header::LOCATION, location), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
    )
        .into_response())
}
