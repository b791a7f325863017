//! HTTP middleware of our own: the request's origin, base-path stripping, repeated slashes,
//! request size limits with the headers every response carries (one layer rather than one per
//! header), and each response's representation: content coding, `Vary`, strong ETag and
//! `If-None-Match` (RFC 9110 §8.8.3, §12.5.3, §12.5.5, §13.1.2).

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::coding::{Coding, Effort};
use super::etag::{entity_tag, not_modified, tag_coding};
use super::frame::{frame_headers, site_path};
use super::state::{AppState, Site};
use crate::links::Links;

/// Longest request target accepted, in bytes; longer ones get 414.
pub(super) const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest header section accepted (names and values), in bytes; larger ones get 431.
pub(super) const MAX_HEADER_BYTES: usize = 16 * 1024;
/// hyper's read buffer for a request's head, in bytes: room for the longest request target
/// and header section accepted and their framing, so every head over those limits that hyper
/// can hold is refused here, with its reason (`refusal`); a head past even this gets hyper's
/// own 431. The two limits are these two constants, nowhere else.
pub(super) const MAX_HEAD_BYTES: usize = MAX_URI_BYTES + MAX_HEADER_BYTES + 4 * 1024;
/// Largest response body given an ETag, in bytes; larger bodies are sent without one.
const MAX_TAGGED_BODY: usize = 16 * 1024 * 1024;

/// The origin (`https://intranet.example`) a request was made to, for absolute links when no
/// public URL is set: the first `X-Forwarded-Host` and `X-Forwarded-Proto` values a proxy
/// set, else `Host` and `http` (RFC 9110 §7.2; the server speaks plain HTTP). Lowercased, so
/// one origin is one key of the page cache. `None` when the host is missing or not a host
/// and port (`a b`, `user@host`), or the scheme is neither `http` nor `https`.
///
/// The one place that decides which request headers name the origin.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<String> {
    let first = |name: &str| {
        let value = headers.get(name)?.to_str().ok()?;
        Some(value.split(',').next().unwrap_or(value).trim())
    };
    let host = first("x-forwarded-host").or_else(|| first(header::HOST.as_str()))?;
    let authority =
        host.parse::<axum::http::uri::Authority>().ok().filter(|authority| !authority.as_str().contains('@'))?;
    let scheme = first("x-forwarded-proto").unwrap_or("http").to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https")
        .then(|| format!("{scheme}://{}", authority.as_str().to_ascii_lowercase()))
}

/// Extractor: the site with its links made absolute under the request's origin (see
/// [`request_origin`] and [`Links::with_origin`]); the shared site when a public URL is set
/// or the request names no origin. Without a public URL it marks the request ([`OriginRead`]),
/// so [`representation`] names the origin's headers in `Vary`.
#[derive(Debug, Clone)]
pub(crate) struct RequestSite(pub Arc<Site>);

impl RequestSite {
    /// The site `site` serves the request with `headers` as.
    pub(crate) fn of(site: &Arc<Site>, headers: &HeaderMap) -> RequestSite {
        match request_origin(headers) {
            Some(origin) if reads_origin(site) => {
                RequestSite(Arc::new(Site { links: site.links.with_origin(&origin), assets: site.assets.clone() }))
            }
            _ => RequestSite(site.clone()),
        }
    }
}

impl FromRequestParts<AppState> for RequestSite {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<RequestSite, Infallible> {
        if reads_origin(&state.site)
            && let Some(read) = parts.extensions.get::<OriginRead>()
        {
            read.0.store(true, Ordering::Relaxed);
        }
        Ok(RequestSite::of(&state.site, &parts.headers))
    }
}

/// Whether a [`RequestSite`] of `site` is built from the request's origin: when no public
/// URL is set.
pub(crate) fn reads_origin(site: &Site) -> bool {
    site.links.public_url().is_none()
}

/// Request extension set by [`representation`]: marked when the handler built its answer
/// under the origin the request names, so the response varies by the headers naming it.
#[derive(Debug, Clone, Default)]
struct OriginRead(Arc<AtomicBool>);

/// Sets one `Vary` field naming `Accept-Encoding` when `by_coding` is true or `Vary` named it
/// already, then the three headers [`request_origin`] reads (`Host`, `X-Forwarded-Host`,
/// `X-Forwarded-Proto`) when `by_origin` is true: a response lists each request header its
/// content depends on (RFC 9110 §12.5.5), so a shared cache never serves a page built for one
/// host to another. Leaves `headers` as they are when neither applies.
pub(crate) fn vary(headers: &mut HeaderMap, by_coding: bool, by_origin: bool) {
    let value = match (by_coding || varies_by_coding(headers), by_origin) {
        (true, true) => "accept-encoding, host, x-forwarded-host, x-forwarded-proto",
        (false, true) => "host, x-forwarded-host, x-forwarded-proto",
        (true, false) => "accept-encoding",
        (false, false) => return,
    };
    headers.insert(header::VARY, HeaderValue::from_static(value));
}

/// Middleware before base-path stripping: a path with repeated slashes (`//articles/x`,
/// `/news//articles/x`) gets a 308 to the same path with each run of slashes made one and a
/// trailing slash dropped (but for the site root's), under the base path (`/news/articles/x`),
/// its query kept. So `/articles/x//` leads to `/articles/x` in one hop, not through the
/// router's 308 for `/articles/x/`. The answer is the same whether the proxy in front strips
/// the base path or passes it on, and the clean path is the one address of a page (RFC 3986
/// §6.2.3 leaves `//` to the server; routes never have empty segments, and only the root
/// ends in `/`).
pub(crate) async fn collapse_slashes(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    match clean_location(&site.links, request.uri()) {
        Some(location) => Redirect::permanent(&location).into_response(),
        None => next.run(request).await,
    }
}

/// Where a request for `uri` is sent when its path repeats a slash (see [`collapse_slashes`]);
/// `None` when it does not.
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

/// Handler for a route that has one address without its trailing slash (`/search/`): 308 to
/// the same path without it, under the base path, the query kept.
pub(crate) async fn without_trailing_slash(State(site): State<Arc<Site>>, uri: Uri) -> Redirect {
    let mut location = site.links.path(uri.path().trim_end_matches('/'));
    if let Some(query) = uri.query() {
        location.push('?');
        location.push_str(query);
    }
    Redirect::permanent(&location)
}

/// Rewrites `{base}/x` to `/x` (and `{base}` to `/`), so routes match whether or not the
/// proxy in front stripped the base path. Other paths pass unchanged.
pub(super) fn strip_base_path(base: &str, mut request: Request) -> Request {
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

/// Middleware, outermost but for the request log: 414 for an overlong request target, 431
/// for an oversized header section; then, on every response, the caching and security
/// headers a handler did not set itself (see [`frame_headers`]).
pub(crate) async fn frame(request: Request, next: Next) -> Response {
    let mut response = match refusal(&request) {
        Some(refused) => refused.into_response(),
        None => next.run(request).await,
    };
    frame_headers(&mut response);
    response
}

/// 414 or 431 with a one-line reason, for a request over [`MAX_URI_BYTES`] or
/// [`MAX_HEADER_BYTES`].
pub(crate) fn refusal<B>(request: &axum::http::Request<B>) -> Option<(StatusCode, &'static str)> {
    let target = request.uri().path_and_query().map_or(0, |target| target.as_str().len());
    if target > MAX_URI_BYTES {
        return Some((StatusCode::URI_TOO_LONG, "request target too long\n"));
    }
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    (headers > MAX_HEADER_BYTES).then_some((StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large\n"))
}

/// Middleware inside the router: the representation of every response, its headers the
/// same for `GET` and `HEAD` (axum drops a `HEAD` body only after this layer).
///
/// 1. A body of at least 32 bytes in a compressible type (not an image but SVG) gets
///    `Vary: accept-encoding` (RFC 9110 §12.5.5), whichever coding is sent; a body built
///    under the request's origin ([`RequestSite`] without a public URL) also names the
///    headers of the origin (see [`vary`]), on a 304 too.
/// 2. A successful `GET`/`HEAD` body up to 16 MiB gets a strong ETag (a SHA-256 prefix of the
///    identity body) unless the handler set one; larger bodies are sent without one.
/// 3. The coding `Accept-Encoding` prefers ([`Coding::preferred`]) is applied at
///    [`Effort::PerResponse`] unless the handler chose one (pages from the page cache), with
///    `Content-Encoding`, the ETag of that coding (`"hex-gzip"`, RFC 9110 §8.8.3) and the
///    exact `Content-Length`.
/// 4. A matching `If-None-Match` gets a 304 in place of the 200 (see [`revalidate`]), before
///    anything is compressed.
///
/// A body of unknown length (none is streamed today) is sent as it is.
pub(crate) async fn representation(mut request: Request, next: Next) -> Response {
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let accepted = Coding::preferred(request.headers().get(header::ACCEPT_ENCODING));
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let origin_read = OriginRead::default();
    request.extensions_mut().insert(origin_read.clone());
    let response = next.run(request).await;
    let Some(size) = axum::body::HttpBody::size_hint(response.body()).exact() else { return response };
    let (mut parts, body) = response.into_parts();
    let Ok(mut bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let headers = &mut parts.headers;
    let compressible = Coding::compressible(headers.get(header::CONTENT_TYPE), size);
    vary(headers, compressible, origin_read.0.load(Ordering::Relaxed));
    let tagged = conditional && parts.status == StatusCode::OK;
    if tagged && !headers.contains_key(header::ETAG) && bytes.len() <= MAX_TAGGED_BODY {
        headers.insert(header::ETAG, entity_tag(&bytes));
    }
    let coding = accepted.filter(|_| compressible && !headers.contains_key(header::CONTENT_ENCODING));
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding.token()));
        tag_coding(headers, coding);
    }
    if tagged && let Some(matched) = not_modified(if_none_match.as_ref(), headers) {
        return into_not_modified(parts, matched);
    }
    if let Some(coding) = coding {
        bytes = coding.compress(&bytes, Effort::PerResponse);
        parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether `Vary` names `Accept-Encoding` already.
fn varies_by_coding(headers: &HeaderMap) -> bool {
    headers.get_all(header::VARY).iter().any(|value| {
        value
            .to_str()
            .is_ok_and(|value| value.split(',').any(|name| name.trim().eq_ignore_ascii_case("accept-encoding")))
    })
}

/// `response` (a 200 to a `GET` or `HEAD`), or, when `if_none_match` names its ETag in any
/// coding, a 304 in its place (see [`into_not_modified`]).
pub(crate) fn revalidate(if_none_match: Option<&HeaderValue>, response: Response) -> Response {
    let Some(matched) = not_modified(if_none_match, response.headers()) else { return response };
    into_not_modified(response.into_parts().0, matched)
}

/// A 304 from the parts of the 200 it replaces: every header the 200 carries (`ETag` as
/// matched, `Cache-Control`, `Vary`, `Content-Location`, `Expires`: RFC 9110 §15.4.5) but the
/// body's `Content-Length` and `Content-Encoding`, and no body.
fn into_not_modified(mut parts: axum::http::response::Parts, matched: HeaderValue) -> Response {
    parts.headers.insert(header::ETAG, matched);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.status = StatusCode::NOT_MODIFIED;
    Response::from_parts(parts, Body::empty())
}

#[cfg(test)]
mod tests {
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
