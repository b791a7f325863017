//! The frame of every exchange, whatever answers it: requests over the size limits refused,
//! paths with repeated slashes redirected, the base path stripped, and the caching and
//! security headers every response carries. One layer ([`FrameLayer`]) rather than one per
//! step, so none of them costs a boxed future per request.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::TryFutureExt;
use futures_util::future::{Either, MapOk, Ready, ready};
use tower::{Layer, Service};

use crate::links::Links;

/// Content-Security-Policy of every response: nothing inline, nothing from other hosts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Permissions-Policy of every response: no powerful features.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

/// Longest request target accepted, in bytes; longer ones get 414.
const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest header section accepted (names and values), in bytes; larger ones get 431.
const MAX_HEADER_BYTES: usize = 16 * 1024;
/// hyper's read buffer for a request's head, in bytes: room for the longest request target
/// and header section accepted and their framing, so every head over those limits that hyper
/// can hold is refused here, with its reason ([`refusal`]); a head past even this gets hyper's
/// own 431. The two limits are these two constants, nowhere else.
pub(crate) const MAX_HEAD_BYTES: usize = MAX_URI_BYTES + MAX_HEADER_BYTES + 4 * 1024;

/// The layer of [`Frame`], for the site under `links`' base path.
#[derive(Debug, Clone)]
pub(crate) struct FrameLayer(Arc<Links>);

impl FrameLayer {
    /// The frame of the site whose links are `links` (its base path, for redirects and
    /// stripping).
    pub(crate) fn new(links: &Links) -> FrameLayer {
        FrameLayer(Arc::new(links.clone()))
    }
}

impl<S> Layer<S> for FrameLayer {
    type Service = Frame<S>;

    fn layer(&self, inner: S) -> Frame<S> {
        Frame { links: self.0.clone(), inner }
    }
}

/// Middleware, outermost but for the client's identity and the access log, in this order:
/// 1. 414 for a request target over 8 KiB, 431 for a header section over 16 KiB
///    ([`refusal`]);
/// 2. a path with repeated slashes (`//articles/x`, `/news//articles/x`) gets a 308 to the
///    same path with each run of slashes made one and a trailing slash dropped (but for the
///    site root's), under the base path, its query kept ([`clean_location`]);
/// 3. `{base}/x` is passed on as `/x`, so routes match whether or not the proxy in front
///    stripped the base path ([`strip_base_path`]);
/// 4. every response gets the caching and security headers its handler did not set
///    ([`frame_headers`]).
#[derive(Debug, Clone)]
pub(crate) struct Frame<S> {
    links: Arc<Links>,
    inner: S,
}

impl<S> Service<Request> for Frame<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, MapOk<S::Future, fn(Response) -> Response>>;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(context)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let answered = match refusal(&request) {
            Some(refused) => Some(refused.into_response()),
            None => clean_location(&self.links, request.uri())
                .map(|location| Redirect::permanent(&location).into_response()),
        };
        match answered {
            Some(response) => Either::Left(ready(Ok(framed(response)))),
            None => {
                let request = strip_base_path(self.links.base_path(), request);
                Either::Right(self.inner.call(request).map_ok(framed as fn(Response) -> Response))
            }
        }
    }
}

/// `response` with [`frame_headers`].
fn framed(mut response: Response) -> Response {
    frame_headers(&mut response);
    response
}

/// 414 or 431 with a one-line reason, for a request over [`MAX_URI_BYTES`] or
/// [`MAX_HEADER_BYTES`].
fn refusal<B>(request: &axum::http::Request<B>) -> Option<(StatusCode, &'static str)> {
    let target = request.uri().path_and_query().map_or(0, |target| target.as_str().len());
    if target > MAX_URI_BYTES {
        return Some((StatusCode::URI_TOO_LONG, "request target too long\n"));
    }
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    (headers > MAX_HEADER_BYTES).then_some((StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large\n"))
}

/// Where a request for `uri` is sent when its path repeats a slash; `None` when it does not.
/// So `/articles/x//` leads to `/articles/x` in one hop, not through the router's 308 for
/// `/articles/x/`. The answer is the same whether the proxy in front strips the base path or
/// passes it on, and the clean path is the one address of a page (RFC 3986 §6.2.3 leaves `//`
/// to the server; routes never have empty segments, and only the root ends in `/`).
fn clean_location(links: &Links, uri: &Uri) -> Option<String> {
    let path = uri.path();
    if !path.contains("//") {
        return None;
    }
    let mut collapsed = String::with_capacity(path.len());
    for character in path.chars() {
        if !(character == '/' && collapsed.ends_with('/')) {
            collapsed.push(character);
        }
    }
    let route = site_path(links.base_path(), &collapsed);
    let route = if route == "/" { route } else { route.strip_suffix('/').unwrap_or(route) };
    let mut location = links.path(route);
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    Some(location)
}

/// The route path of request path `path` under `base`: `{base}/x` is `/x` and `{base}` is `/`;
/// other paths are their own route path, so routes match whether or not the proxy in front
/// stripped the base path.
pub(crate) fn site_path<'a>(base: &str, path: &'a str) -> &'a str {
    if base.is_empty() {
        return path;
    }
    match path.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// Rewrites `{base}/x` to `/x` (and `{base}` to `/`), the query kept ([`site_path`]). Other
/// paths pass unchanged.
pub(crate) fn strip_base_path(base: &str, mut request: Request) -> Request {
    let uri = request.uri();
    let path = uri.path();
    let rest = site_path(base, path);
    if rest.len() == path.len() {
        return request;
    }
    let target = match uri.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    if let Ok(stripped) = target.parse::<Uri>() {
        *request.uri_mut() = stripped;
    }
    request
}

/// The caching and security headers of every response, where a handler did not set them;
/// no `Content-Length` on a 304 (RFC 9110 §8.6: it would be the length of the 200, and axum
/// puts the empty body's 0 there).
pub(crate) fn frame_headers(response: &mut Response) {
    if response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().remove(header::CONTENT_LENGTH);
    }
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-cache"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY),
    ] {
        if let header::Entry::Vacant(entry) = headers.entry(name) {
            entry.insert(HeaderValue::from_static(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn stripped(base: &str, uri: &str) -> String {
        let request = Request::builder().uri(uri).body(Body::empty()).expect("request");
        strip_base_path(base, request).uri().to_string()
    }

    #[test]
    fn base_path_is_stripped_when_present() {
        assert_eq!(stripped("/news", "/news/articles/a?x=1"), "/articles/a?x=1");
        assert_eq!(stripped("/news", "/news"), "/");
        assert_eq!(stripped("/news", "/news/"), "/");
        assert_eq!(stripped("/news", "/articles/a"), "/articles/a");
        assert_eq!(stripped("/news", "/newsroom"), "/newsroom");
        assert_eq!(stripped("", "/news/x"), "/news/x");
    }
}
