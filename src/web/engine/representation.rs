//! Each response's representation (RFC 9110 §8.8.3, §12.5.3, §12.5.5, §13.1.2): its content
//! coding, `Vary` (the coding and the headers naming the request's origin), strong ETag, and
//! the 304 for a matching `If-None-Match`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::coding::{Coding, Effort};
use super::etag::{entity_tag, not_modified, tag_coding};

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

/// Request extension set by [`representation`]: marked ([`OriginRead::mark`]) when the
/// handler built its answer under the origin the request names, so the response varies by
/// the headers naming it.
#[derive(Debug, Clone, Default)]
pub(crate) struct OriginRead(Arc<AtomicBool>);

impl OriginRead {
    /// Marks the request's answer as built under its origin.
    pub(crate) fn mark(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

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

/// Middleware inside the router: the representation of every response, its headers the
/// same for `GET` and `HEAD` (axum drops a `HEAD` body only after this layer).
///
/// 1. A body of at least 32 bytes in a compressible type (not an image but SVG) gets
///    `Vary: accept-encoding` (RFC 9110 §12.5.5), whichever coding is sent; a body built
///    under the request's origin (marked in [`OriginRead`]) also names the
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
