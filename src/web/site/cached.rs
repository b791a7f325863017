//! The cached-pages layer, just above the router: a `GET` or `HEAD` of an article page or a
//! list page is answered straight from the snapshot's page cache, everything else goes on to
//! [`super::router`]. The answer is the one the router gives (same status, headers and bytes,
//! counted in the same metrics); what it skips is what the router's routes cost per request
//! and a page kept pre-rendered and pre-compressed does not need: the route match, the
//! extractors, the boxed handler and middleware futures, and the representation layer that
//! would collect a body that is already in its coding. Every layer above it (the frame, the
//! timeout, the concurrency limit, the client and the access log) runs for these pages too.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::response::Response;
use futures_util::future::{Either, Ready, ready};
use tower::{Layer, Service};

use super::extract::Query;
use super::pages::article;
use super::pages::list;
use super::paging::PageParam;
use super::request_site::{RequestSite, reads_origin};
use super::state::AppState;
use crate::corpus::Resolved;
use crate::links::{ARTICLE_PREFIX, ARTICLE_ROUTE};
use crate::web::engine::coding::Coding;
use crate::web::engine::metrics::RouteMetrics;
use crate::web::engine::representation::{revalidate, vary};

/// The layer of [`CachedPages`] for the pages of `state`. Cloning shares its metrics.
#[derive(Debug, Clone)]
pub(crate) struct CachedPagesLayer(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    state: AppState,
    list: RouteMetrics,
    article: RouteMetrics,
}

impl CachedPagesLayer {
    /// The cached pages of `state`.
    pub(crate) fn new(state: AppState) -> CachedPagesLayer {
        CachedPagesLayer(Arc::new(Shared {
            state,
            list: RouteMetrics::new("/"),
            article: RouteMetrics::new(ARTICLE_ROUTE),
        }))
    }
}

impl<S> Layer<S> for CachedPagesLayer {
    type Service = CachedPages<S>;

    fn layer(&self, inner: S) -> CachedPages<S> {
        CachedPages { shared: self.0.clone(), inner }
    }
}

/// The service in front of the router `S` (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct CachedPages<S> {
    shared: Arc<Shared>,
    inner: S,
}

impl<S> CachedPages<S> {
    /// The answer to `request` (its base path stripped) when it is a `GET` or `HEAD` of a page
    /// the page cache holds or renders (a canonical article slug, or a list page), and `None`
    /// for everything the router must answer: other methods and routes, other spellings of a
    /// slug, and pages that do not exist.
    fn cached(&self, request: &Request) -> Option<Response> {
        let shared = &self.shared;
        let head = request.method() == Method::HEAD;
        if !(head || request.method() == Method::GET) {
            return None;
        }
        let headers = request.headers();
        let path = request.uri().path();
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
        vary(response.headers_mut(), true, reads_origin(&shared.state.site));
        let mut response = revalidate(headers.get(header::IF_NONE_MATCH), response);
        if head {
            // The headers of the `GET`, its `Content-Length` too, without the body.
            *response.body_mut() = Body::empty();
        }
        metrics.record(&shared.state.metrics, response.status(), start.elapsed());
        Some(response)
    }
}

impl<S> Service<Request> for CachedPages<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, S::Future>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(context)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.cached(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.inner.call(request)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use axum::body::Bytes;
    use axum::http::{HeaderValue, StatusCode};
    use http_body_util::BodyExt;
    use tower::{ServiceBuilder, ServiceExt};

    use super::*;
    use crate::corpus::Corpus;
    use crate::web::engine::frame::FrameLayer;
    use crate::web::{Site, Snapshot};

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

    /// The state of the shipped seeds served as `site`.
    fn seeds_state(site: Site) -> AppState {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let (corpus, reports) = Corpus::load(&seeds).expect("seeds load");
        AppState::new(Snapshot::new(corpus, &reports), site)
    }

    /// The answers of `state`'s router under the frame with the cached-pages layer and without
    /// it, to each of `cases`; `assert` checks the one with the layer beside the one without.
    async fn both_ways(
        state: &AppState,
        cases: &[(Method, &str, Fields<'_>)],
    ) -> Vec<(StatusCode, Vec<(String, HeaderValue)>, Bytes)> {
        let frame = FrameLayer::new(&state.site.links);
        let with = ServiceBuilder::new()
            .layer(frame.clone())
            .layer(CachedPagesLayer::new(state.clone()))
            .service(super::super::router(state.clone()));
        let without = ServiceBuilder::new().layer(frame).service(super::super::router(state.clone()));
        let mut answers = Vec::new();
        for (method, uri, headers) in cases {
            let Ok(expected) = without.clone().oneshot(request(method.clone(), uri, headers)).await;
            let Ok(answered) = with.clone().oneshot(request(method.clone(), uri, headers)).await;
            let expected = parts(expected).await;
            assert_eq!(parts(answered).await, expected, "{method} {uri} {headers:?}");
            answers.push(expected);
        }
        answers
    }

    /// Whether the layer answers `request` itself, with the base path stripped.
    fn answers_itself(state: &AppState, request: &Request) -> bool {
        let router = super::super::router(state.clone());
        CachedPagesLayer::new(state.clone()).layer(router).cached(request).is_some()
    }

    /// `Vary` of a page built under the request's origin: its coding and the origin's headers.
    const VARY_BY_ORIGIN: &str = "accept-encoding, host, x-forwarded-host, x-forwarded-proto";

    /// The `Vary` fields among `headers`.
    fn vary(headers: &[(String, HeaderValue)]) -> Vec<&HeaderValue> {
        headers.iter().filter(|(name, _)| name == "vary").map(|(_, value)| value).collect()
    }

    #[tokio::test]
    async fn with_a_public_url_cached_pages_vary_by_coding_alone() {
        let state = seeds_state(Site::new("/news").with_public_url("https://intranet.example/news"));
        let slug = state.snapshot.load().corpus.articles()[0].slug.clone();
        let article = format!("/news/articles/{slug}");
        let cases: [(Method, &str, Fields<'_>); 3] = [
            (Method::GET, "/news/", &[("host", "evil.example")]),
            (Method::GET, &article, &[("x-forwarded-host", "evil.example"), ("accept-encoding", "gzip")]),
            (Method::HEAD, &article, &[("x-forwarded-proto", "http")]),
        ];
        for (answer, (method, uri, headers)) in both_ways(&state, &cases).await.iter().zip(&cases) {
            assert_eq!(vary(&answer.1), ["accept-encoding"], "{method} {uri} {headers:?}");
        }
    }

    #[tokio::test]
    async fn cached_pages_get_the_answer_of_the_router() {
        let state = seeds_state(Site::new("/news"));
        let slug = state.snapshot.load().corpus.articles()[0].slug.clone();
        let article = format!("/news/articles/{slug}");
        let list = both_ways(&state, &[(Method::GET, "/news/", &[])]).await;
        let list_tag = list[0].1.iter().find(|(name, _)| name == "etag").expect("etag").1.to_str().expect("ascii");
        let gzip_tag = format!("W/{}-gzip\"", list_tag.trim_end_matches('"'));
        let cases: [(Method, &str, Fields<'_>); 16] = [
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
        for (answer, (method, uri, headers)) in both_ways(&state, &cases).await.iter().zip(&cases) {
            // Without a public URL every page is built under the origin the request names.
            assert_eq!(vary(&answer.1), [VARY_BY_ORIGIN], "{method} {uri} {headers:?}");
        }
        for (method, uri) in [(Method::GET, "/"), (Method::HEAD, &format!("/articles/{slug}"))] {
            assert!(answers_itself(&state, &request(method.clone(), uri, &[])), "{method} {uri}");
        }
        let upper = format!("/articles/{}", slug.to_uppercase());
        let declined: [(Method, &str); 6] = [
            (Method::POST, "/"),
            (Method::GET, &upper),
            (Method::GET, "/articles/nothing-here"),
            (Method::GET, "/articles/a%2Db"),
            (Method::GET, "/?page=0"),
            (Method::GET, "/search?q=chips"),
        ];
        for (method, uri) in declined {
            assert!(!answers_itself(&state, &request(method.clone(), uri, &[])), "{method} {uri}");
        }
        // Each route counted once per request, whichever way it was answered: 8 list pages at
        // 200 and 4 at 304 each way, 5 article pages at 200 each way, and one of each page
        // answered by the layer alone.
        let metrics = state.metrics.encode();
        for line in [
            "newsreader_http_requests_total{route=\"/\",status=\"200\"} 17",
            "newsreader_http_requests_total{route=\"/\",status=\"304\"} 8",
            "newsreader_http_requests_total{route=\"/articles/{slug}\",status=\"200\"} 11",
            "newsreader_http_request_duration_seconds_count{route=\"/articles/{slug}\"} 11",
        ] {
            assert!(metrics.lines().any(|metric| metric == line), "{line} in\n{metrics}");
        }
    }
}
