//! The front of the application: a `GET` for an article page or a list page is answered
//! straight from the snapshot's page cache, every other request goes through the full stack of
//! [`super::app`]. The answer is the one the full stack gives (same status, headers and bytes,
//! counted in the same metrics); what it skips is the per-request cost of the layers that
//! have nothing to do for a page kept pre-rendered and pre-compressed: a second router, the
//! middleware futures and services boxed per request, and the compression wrapper that
//! would be moved and polled around a body that is already in its coding.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::{Query, Request};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryFutureExt;
use futures_util::future::{Either, MapOk, Ready, ready};
use tokio::sync::Semaphore;
use tower::util::Oneshot;
use tower::{Service, ServiceExt};

use super::coding::Coding;
use super::http;
use super::metrics::RouteMetrics;
use super::pages::article::{self, Resolved};
use super::pages::list;
use super::paging::PageParam;
use super::state::AppState;

/// The service in front of the full stack `S` (see the module docs). Cloning shares it.
#[derive(Debug)]
pub(crate) struct Front<S>(Arc<Shared<S>>);

impl<S> Clone for Front<S> {
    fn clone(&self) -> Self {
        Front(self.0.clone())
    }
}

#[derive(Debug)]
struct Shared<S> {
    state: AppState,
    /// The permits of the stack's concurrency limit: a page is answered here only when one
    /// is free, as the stack would answer it at once.
    permits: Arc<Semaphore>,
    list: RouteMetrics,
    article: RouteMetrics,
    stack: S,
}

impl<S> Front<S> {
    /// `stack` behind a front answering cached pages of `state`; `permits` are the ones
    /// `stack` limits concurrent requests with.
    pub(crate) fn new(state: AppState, permits: Arc<Semaphore>, stack: S) -> Front<S> {
        Front(Arc::new(Shared {
            state,
            permits,
            list: RouteMetrics::new("/"),
            article: RouteMetrics::new("/articles/{slug}"),
            stack,
        }))
    }

    /// The answer to `request` when it is a `GET` of a page the page cache holds or renders
    /// (a canonical article slug, or a list page), and `None` for everything the full stack
    /// must answer: other methods and routes, other spellings of a slug, pages that do not
    /// exist, oversized requests, several `Accept-Encoding` fields (which tower-http's
    /// compression would read differently), and no free permit.
    fn cached(&self, request: &Request) -> Option<Response> {
        let shared = &self.0;
        if request.method() != Method::GET || http::refusal(request).is_some() {
            return None;
        }
        let headers = request.headers();
        let mut accept_encodings = headers.get_all(header::ACCEPT_ENCODING).iter();
        let accept_encoding = accept_encodings.next();
        if accept_encodings.next().is_some() {
            return None;
        }
        let path = http::site_path(shared.state.site.links.base_path(), request.uri().path());
        let _permit = shared.permits.try_acquire().ok()?;
        let start = Instant::now();
        let snapshot = shared.state.snapshot.load();
        let site = &shared.state.site;
        let (page, metrics) = if path == "/" {
            let Query(param) = Query::<PageParam>::try_from_uri(request.uri()).ok()?;
            (list::cached(&snapshot, site, &param).ok()?, &shared.list)
        } else {
            // Without `%`, the path segment is the slug the router's `Path` would decode.
            let slug = path.strip_prefix("/articles/").filter(|slug| !slug.is_empty() && !slug.contains(['/', '%']))?;
            let Resolved::Article(position) = article::resolve(&snapshot.corpus, slug) else { return None };
            (article::cached(&snapshot, site, position).ok()?, &shared.article)
        };
        let response = page.response(Coding::preferred(accept_encoding));
        let mut response = http::revalidate(headers.get(header::IF_NONE_MATCH), response);
        http::frame_headers(response.headers_mut());
        metrics.record(&shared.state.metrics, response.status(), start.elapsed());
        Some(response)
    }
}

impl<S> Service<Request> for Front<S>
where
    S: Service<Request, Error = Infallible> + Clone,
    S::Response: IntoResponse,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, MapOk<Oneshot<S, Request>, fn(S::Response) -> Response>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The stack is made ready per request, in `call` (`Oneshot`).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.cached(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.0.stack.clone().oneshot(request).map_ok(into_response::<S::Response> as fn(_) -> _)),
        }
    }
}

fn into_response<R: IntoResponse>(response: R) -> Response {
    response.into_response()
}
