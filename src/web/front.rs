//! The front of the application: a `GET` or `HEAD` for an article page or a list page is answered
//! straight from the snapshot's page cache, every other request goes through the full stack of
//! [`super::app`]. The answer is the one the full stack gives (same status, headers and bytes,
//! counted in the same metrics); what it skips is the per-request cost of the layers that
//! have nothing to do for a page kept pre-rendered and pre-compressed: a second router, the
//! middleware futures and services boxed per request, and the representation layer that
//! would collect a body that is already in its coding.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use futures_util::TryFutureExt;
use futures_util::future::{Either, MapOk, Ready, ready};
use tokio::sync::Semaphore;
use tower::util::Oneshot;
use tower::{Service, ServiceExt};

use super::coding::Coding;
use super::extract::Query;
use super::frame;
use super::http::{self, RequestSite};
use super::metrics::RouteMetrics;
use super::pages::article;
use super::pages::list;
use super::paging::PageParam;
use super::state::AppState;
use crate::corpus::Resolved;
use crate::links::{ARTICLE_PREFIX, ARTICLE_ROUTE};

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
            article: RouteMetrics::new(ARTICLE_ROUTE),
            stack,
        }))
    }

    /// The answer to `request` when it is a `GET` or `HEAD` of a page the page cache holds or
    /// renders (a canonical article slug, or a list page), and `None` for everything the full
    /// stack must answer: other methods and routes, other spellings of a slug, paths with
    /// repeated slashes, pages that do not exist, oversized requests, and no free permit.
    fn cached(&self, request: &Request) -> Option<Response> {
        let shared = &self.0;
        let head = request.method() == Method::HEAD;
        if !(head || request.method() == Method::GET) || http::refusal(request).is_some() {
            return None;
        }
        let headers = request.headers();
        let path = frame::site_path(shared.state.site.links.base_path(), request.uri().path());
        let _permit = shared.permits.try_acquire().ok()?;
        let start = Instant::now();
        let snapshot = shared.state.snapshot.load();
        let site = &RequestSite::of(&shared.state.site, headers).0;
        let (page, metrics) = if path == "/" {
            let Query(param, ..) = Query::<PageParam>::from_uri(request.uri()).ok()?;
            (list::cached(&snapshot, site, &param).ok()?, &shared.list)
        } else {
            // Without `%`, the path segment is the slug the router's `Path` would decode.
            let slug =
                path.strip_prefix(ARTICLE_PREFIX).filter(|slug| !slug.is_empty() && !slug.contains(['/', '%']))?;
            let Resolved::Article(position) = snapshot.corpus.resolve(slug) else { return None };
            (article::cached(&snapshot, site, position).ok()?, &shared.article)
        };
        let mut response = page.response(Coding::preferred(headers.get(header::ACCEPT_ENCODING)));
        http::vary(response.headers_mut(), true, http::reads_origin(&shared.state.site));
        let mut response = http::revalidate(headers.get(header::IF_NONE_MATCH), response);
        if head {
            // The headers of the `GET`, its `Content-Length` too, without the body.
            *response.body_mut() = Body::empty();
        }
        frame::frame_headers(&mut response);
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
            None => {
                Either::Right(self.0.stack.clone().oneshot(request).map_ok(into_response::<S::Response> as fn(_) -> _))
            }
        }
    }
}

fn into_response<R: IntoResponse>(response: R) -> Response {
    response.into_response()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use axum::body::Bytes;
    use axum::http::{HeaderValue, StatusCode};
    use http_body_util::BodyExt;

    use super::*;
    use crate::corpus::Corpus;
    use crate::web::{Limits, Site, Snapshot};

    /// Request header fields, as names and values.
    type Fields<'a> = &'a [(&'a str, &'a str)];

    /// Status, headers in order, and body.
    async fn parts(response: Response) -> (StatusCode, Vec<(String, HeaderValue)>, Bytes) {
        let (parts, body) = response.into_parts();
        let headers = parts.headers.iter().map(|(name, value)| (name.to_string(), value.clone())).collect();
        (parts.status, headers, body.collect().await.expect("body").to_bytes())
    }

    fn request(method: Method, uri: &str, headers: Fields<'_>) -> Request {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).expect("request")
    }

    /// `Vary` of a page built under the request's origin: its coding and the origin's headers.
    const VARY_BY_ORIGIN: &str = "accept-encoding, host, x-forwarded-host, x-forwarded-proto";

    /// The `Vary` fields among `headers`.
    fn vary(headers: &[(String, HeaderValue)]) -> Vec<&HeaderValue> {
        headers.iter().filter(|(name, _)| name == "vary").map(|(_, value)| value).collect()
    }

    #[tokio::test]
    async fn with_a_public_url_cached_pages_vary_by_coding_alone() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let (corpus, reports) = Corpus::load(&seeds).expect("seeds load");
        let slug = corpus.articles()[0].slug.clone();
        let site = Site::new("/news").with_public_url("https://intranet.example/news");
        let state = AppState::new(Snapshot::new(corpus, &reports), site);
        let permits = Arc::new(Semaphore::new(8));
        let stack = super::super::stack(state.clone(), Limits::default(), permits.clone());
        let front = Front::new(state, permits, stack.clone());
        let article = format!("/news/articles/{slug}");
        let cases: [(Method, &str, Fields<'_>); 3] = [
            (Method::GET, "/news/", &[("host", "evil.example")]),
            (Method::GET, &article, &[("x-forwarded-host", "evil.example"), ("accept-encoding", "gzip")]),
            (Method::HEAD, &article, &[("x-forwarded-proto", "http")]),
        ];
        for (method, uri, headers) in cases {
            let Ok(expected) = stack.clone().oneshot(request(method.clone(), uri, headers)).await;
            let expected = parts(expected.into_response()).await;
            let answered = front.cached(&request(method.clone(), uri, headers)).expect("answered in front");
            assert_eq!(parts(answered).await, expected, "{method} {uri} {headers:?}");
            assert_eq!(vary(&expected.1), ["accept-encoding"], "{method} {uri} {headers:?}");
        }
    }

    #[tokio::test]
    async fn cached_pages_get_the_answer_of_the_full_stack() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let (corpus, reports) = Corpus::load(&seeds).expect("seeds load");
        let slug = corpus.articles()[0].slug.clone();
        let state = AppState::new(Snapshot::new(corpus, &reports), Site::new("/news"));
        let permits = Arc::new(Semaphore::new(8));
        let stack = super::super::stack(state.clone(), Limits::default(), permits.clone());
        let front = Front::new(state.clone(), permits, stack.clone());
        let article = format!("/news/articles/{slug}");
        let list_tag = parts(front.cached(&request(Method::GET, "/news/", &[])).expect("cached")).await.1;
        let list_tag = list_tag.iter().find(|(name, _)| name == "etag").expect("etag").1.to_str().expect("ascii");
        let gzip_tag = format!("W/{}-gzip\"", list_tag.trim_end_matches('"'));
        let cases: [(Method, &str, Fields<'_>); 17] = [
            (Method::GET, "/news/", &[]),
            (Method::GET, "/news", &[("accept-encoding", "gzip")]),
            (Method::GET, "/?page=1", &[("accept-encoding", "br;q=0.5, zstd")]),
            (Method::GET, "/news/", &[("if-none-match", list_tag)]),
            (Method::GET, "/news/", &[("accept-encoding", "gzip"), ("if-none-match", &gzip_tag)]),
            (Method::GET, "/news/", &[("if-none-match", "\"other\"")]),
            (Method::GET, "/news/", &[("accept-encoding", "identity"), ("accept-encoding", "gzip")]),
            (Method::GET, &article, &[]),
            (Method::GET, &article, &[("accept-encoding", "gzip")]),
            (
                Method::GET,
                "/articles/bytedance-plans-new-ai-model-trained-with-huawei-chips?x=1",
                &[("accept-encoding", "zstd")],
            ),
            (Method::HEAD, "/news/", &[]),
            (Method::GET, "/news/", &[("host", "reader.example")]),
            (Method::GET, "/news/", &[("host", "reader.example"), ("x-forwarded-proto", "https")]),
            (Method::GET, &article, &[("host", "10.0.0.5"), ("x-forwarded-host", "intranet.example")]),
            (Method::HEAD, &article, &[("accept-encoding", "br")]),
            (Method::HEAD, "/news/", &[("if-none-match", list_tag)]),
            (Method::HEAD, "/news/", &[("accept-encoding", "gzip"), ("if-none-match", &gzip_tag)]),
        ];
        for (method, uri, headers) in cases {
            let Ok(expected) = stack.clone().oneshot(request(method.clone(), uri, headers)).await;
            let expected = parts(expected.into_response()).await;
            let answered = front.cached(&request(method.clone(), uri, headers)).expect("answered in front");
            assert_eq!(parts(answered).await, expected, "{method} {uri} {headers:?}");
            // Without a public URL every page is built under the origin the request names.
            assert_eq!(vary(&expected.1), [VARY_BY_ORIGIN], "{method} {uri} {headers:?}");
        }
        let upper = article.to_uppercase().replace("/NEWS/ARTICLES/", "/news/articles/");
        // Repeated slashes are the stack's to answer (308), on either path to a cached page.
        let doubled = article.replace("/articles/", "//articles/");
        let Ok(redirect) = stack.clone().oneshot(request(Method::GET, &doubled, &[])).await;
        assert_eq!(redirect.into_response().headers()[header::LOCATION], article.as_str());
        let declined: [(Method, &str, Fields<'_>); 8] = [
            (Method::GET, &doubled, &[]),
            (Method::HEAD, "/news//", &[]),
            (Method::POST, "/news/", &[]),
            (Method::GET, &upper, &[]),
            (Method::GET, "/news/articles/nothing-here", &[]),
            (Method::GET, "/news/articles/a%2Db", &[]),
            (Method::GET, "/news/?page=0", &[]),
            (Method::GET, "/news/search?q=chips", &[]),
        ];
        for (method, uri, headers) in declined {
            assert!(front.cached(&request(method.clone(), uri, headers)).is_none(), "{method} {uri} {headers:?}");
        }
        // Each route counted once per request, whichever way it was answered: 8 + 8 list pages
        // at 200 (one above to read the tag), 4 + 4 at 304.
        let metrics = state.metrics.encode();
        for line in [
            "newsreader_http_requests_total{route=\"/\",status=\"200\"} 17",
            "newsreader_http_requests_total{route=\"/\",status=\"304\"} 8",
            "newsreader_http_requests_total{route=\"/articles/{slug}\",status=\"200\"} 10",
            "newsreader_http_request_duration_seconds_count{route=\"/articles/{slug}\"} 10",
        ] {
            assert!(metrics.lines().any(|metric| metric == line), "{line} in\n{metrics}");
        }
    }
}
