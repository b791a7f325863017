//! The path and query extractors of every handler: axum's, whose rejection is the site's
//! error page or the API's JSON error, so no handler maps a rejection by hand.
//!
//! axum's own `Path` and `Query` answer a bad request with a plain-text body of their own;
//! `clippy.toml` forbids them outside this module.
#![allow(clippy::disallowed_types)]

use std::marker::PhantomData;

use axum::extract::FromRequestParts;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::Uri;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;

use super::error::WebError;

/// What a bad path or query answers: an error response of the site or of the API.
pub(crate) trait Rejection: IntoResponse + Sized {
    /// A path segment that does not decode (not UTF-8, or not the type asked).
    fn path(rejection: PathRejection) -> Self;
    /// A query string that does not deserialize into the parameters asked.
    fn query(rejection: QueryRejection) -> Self;
}

impl Rejection for WebError {
    /// The 404 page: no page has a path that does not decode.
    fn path(_: PathRejection) -> WebError {
        WebError::NotFound
    }

    /// The 400 page, saying what is wrong.
    fn query(rejection: QueryRejection) -> WebError {
        WebError::BadRequest(rejection.body_text())
    }
}

/// The route's path parameters as `T` (`String` for one, a tuple for several), percent-decoded;
/// else `E::path` (the site's 404 by default).
pub(crate) struct Path<T, E = WebError>(pub T, pub PhantomData<E>);

/// The query string's parameters as `T` (`application/x-www-form-urlencoded`, serde), else
/// `E::query` (the site's 400 page by default).
pub(crate) struct Query<T, E = WebError>(pub T, pub PhantomData<E>);

impl<T, E, S> FromRequestParts<S> for Path<T, E>
where
    T: DeserializeOwned + Send,
    E: Rejection,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value, PhantomData)),
            Err(rejection) => Err(E::path(rejection)),
        }
    }
}

impl<T: DeserializeOwned, E: Rejection> Query<T, E> {
    /// The parameters of `uri`'s query string, read as the extractor reads them.
    ///
    /// # Errors
    /// `E::query` when they do not deserialize into `T`.
    pub(crate) fn from_uri(uri: &Uri) -> Result<Self, E> {
        match axum::extract::Query::<T>::try_from_uri(uri) {
            Ok(axum::extract::Query(value)) => Ok(Query(value, PhantomData)),
            Err(rejection) => Err(E::query(rejection)),
        }
    }
}

impl<T, E, S> FromRequestParts<S> for Query<T, E>
where
    T: DeserializeOwned,
    E: Rejection,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value, PhantomData)),
            Err(rejection) => Err(E::query(rejection)),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt as _;

    use super::*;

    #[derive(serde::Deserialize)]
    struct Page {
        page: usize,
    }

    async fn status(uri: &str) -> (StatusCode, Option<String>) {
        let app = axum::Router::new()
            .route("/a/{slug}", get(|Path(slug, ..): Path<String>| async move { slug }))
            .route("/q", get(|Query(param, ..): Query<Page>| async move { param.page.to_string() }));
        let response = app.oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("answers");
        let status = response.status();
        let page = response.extensions().get::<super::super::error::ErrorPage>().map(|page| format!("{page:?}"));
        (status, page)
    }

    #[tokio::test]
    async fn bad_paths_are_the_404_page_and_bad_queries_the_400_page() {
        assert_eq!(status("/a/gaza").await, (StatusCode::OK, None));
        assert_eq!(status("/a/%FF").await, (StatusCode::NOT_FOUND, Some("NotFound".to_owned())));
        assert_eq!(status("/q?page=2").await, (StatusCode::OK, None));
        assert_eq!(
            status("/q?page=two").await,
            (
                StatusCode::BAD_REQUEST,
                Some(
                    "BadRequest(\"Failed to deserialize query string: page: invalid digit found in string\")"
                        .to_owned()
                )
            )
        );
    }
}
