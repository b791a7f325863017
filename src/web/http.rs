//! HTTP middleware of our own: base-path stripping, request size limits with the headers
//! every response carries (one layer rather than one per header), and strong ETags with
//! `If-None-Match` (RFC 9110 §8.8.3, §13.1.2).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::coding::Coding;

/// Longest request target accepted, in bytes; longer ones get 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Largest header section accepted (names and values), in bytes; larger ones get 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Largest response body given an ETag, in bytes; larger bodies are sent without one.
const MAX_TAGGED_BODY: usize = 16 * 1024 * 1024;

/// Rewrites `{base}/x` to `/x` (and `{base}` to `/`), so routes match whether or not the
/// proxy in front stripped the base path. Other paths pass unchanged.
pub fn strip_base_path(base: &str, mut request: Request) -> Request {
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

/// Middleware, outermost but for the request log: 414 for an overlong request target, 431
/// for an oversized header section; then, on every response, the caching and security
/// headers a handler did not set itself, and a per-coding ETag (see [`tag_coding`]).
pub(crate) async fn frame(request: Request, next: Next) -> Response {
    let mut response = match refusal(&request) {
        Some(refused) => refused.into_response(),
        None => next.run(request).await,
    };
    frame_headers(response.headers_mut());
    response
}

/// The caching and security headers of every response, where a handler did not set them,
/// and a per-coding ETag (see [`tag_coding`]).
pub(crate) fn frame_headers(headers: &mut HeaderMap) {
    for (name, value) in [
        (header::CACHE_CONTROL, "no-cache"),
        (header::CONTENT_SECURITY_POLICY, super::CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (HeaderName::from_static("permissions-policy"), super::PERMISSIONS_POLICY),
    ] {
        if let header::Entry::Vacant(entry) = headers.entry(name) {
            entry.insert(HeaderValue::from_static(value));
        }
    }
    tag_coding(headers);
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

/// Middleware: gives each successful `GET`/`HEAD` response a strong ETag (a SHA-256 prefix
/// of the identity body) unless the handler set one, and answers a matching
/// `If-None-Match` with 304, keeping the caching headers and `Vary` but not the body's
/// `Content-Length` or `Content-Encoding` (RFC 9110 §15.4.5).
pub(crate) async fn etag(request: Request, next: Next) -> Response {
    let conditional = matches!(*request.method(), Method::GET | Method::HEAD);
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !conditional || response.status() != StatusCode::OK {
        return response;
    }
    // A body that may be larger than the limit (a 20 MB article in the JSON API or a feed)
    // is sent as it is, without an ETag, rather than read into memory to hash.
    let untagged = !response.headers().contains_key(header::ETAG);
    let size = axum::body::HttpBody::size_hint(response.body()).upper();
    if untagged && size.is_none_or(|size| size > MAX_TAGGED_BODY as u64) {
        return response;
    }
    let response = if untagged {
        let (mut parts, body) = response.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, MAX_TAGGED_BODY).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        parts.headers.insert(header::ETAG, entity_tag(&bytes));
        Response::from_parts(parts, Body::from(bytes))
    } else {
        response
    };
    revalidate(if_none_match.as_ref(), response)
}

/// `response` (a 200 to a `GET` or `HEAD`), or, when `if_none_match` names its ETag in any
/// coding, a 304 in its place: the caching headers and `Vary` kept, the matched tag as `ETag`,
/// no body, no `Content-Length` or `Content-Encoding` (RFC 9110 §13.1.2, §15.4.5).
pub(crate) fn revalidate(if_none_match: Option<&HeaderValue>, response: Response) -> Response {
    let Some(tag) = response.headers().get(header::ETAG) else { return response };
    let hex = without_coding(tag.to_str().unwrap_or_default().trim_matches('"'));
    let Some(matched) = if_none_match.and_then(|value| matching_tag(value, hex)) else { return response };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::ETAG, matched);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.status = StatusCode::NOT_MODIFIED;
    Response::from_parts(parts, Body::empty())
}

/// The strong ETag of `body`: its SHA-256 prefix in hex, quoted.
pub(crate) fn entity_tag(body: &[u8]) -> HeaderValue {
    let hex: String = Sha256::digest(body).iter().take(12).map(|byte| format!("{byte:02x}")).collect();
    let quoted = format!("\"{hex}\"");
    HeaderValue::from_str(&quoted).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// An unquoted entity tag without its `-{coding}` suffix, if it has one: the tag of the
/// identity body.
fn without_coding(tag: &str) -> &str {
    Coding::ALL.iter().find_map(|coding| tag.strip_suffix(coding.token())?.strip_suffix('-')).unwrap_or(tag)
}

/// The entity tag in `If-None-Match` that names this body (`hex`) in any coding, or `*`.
/// Comparison is weak, as RFC 9110 §13.1.2 asks for `If-None-Match`.
fn matching_tag(if_none_match: &HeaderValue, hex: &str) -> Option<HeaderValue> {
    let value = if_none_match.to_str().ok()?;
    value.split(',').map(str::trim).find_map(|candidate| {
        if candidate == "*" {
            return HeaderValue::from_str(&format!("\"{hex}\"")).ok();
        }
        let opaque = candidate.strip_prefix("W/").unwrap_or(candidate);
        let inner = opaque.strip_prefix('"')?.strip_suffix('"')?;
        (without_coding(inner) == hex).then(|| HeaderValue::from_str(opaque).ok()).flatten()
    })
}

/// Outside compression: a body sent with a content coding gets its own strong ETag
/// (`"hex-gzip"`), as RFC 9110 §8.8.3 requires of different representations, unless its tag
/// names a coding already (pages from the page cache).
fn tag_coding(headers: &mut HeaderMap) {
    let Some(coding) = headers.get(header::CONTENT_ENCODING).and_then(|value| value.to_str().ok()) else {
        return;
    };
    let Some(inner) = headers.get(header::ETAG).and_then(|value| value.to_str().ok()?.strip_suffix('"')) else {
        return;
    };
    if without_coding(inner) == inner
        && let Ok(value) = HeaderValue::from_str(&format!("{inner}-{coding}\""))
    {
        headers.insert(header::ETAG, value);
    }
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

    #[test]
    fn if_none_match_compares_weakly_across_codings() {
        let hex = "0123456789ab0123456789ab";
        let header = |value: &str| HeaderValue::from_str(value).expect("header");
        let matched =
            |value: &str| matching_tag(&header(value), hex).map(|tag| tag.to_str().expect("ascii").to_owned());
        assert_eq!(matched(&format!("\"{hex}\"")).as_deref(), Some(format!("\"{hex}\"").as_str()));
        assert_eq!(matched(&format!("\"x\", W/\"{hex}-gzip\"")).as_deref(), Some(format!("\"{hex}-gzip\"").as_str()));
        assert_eq!(matched("*").as_deref(), Some(format!("\"{hex}\"").as_str()));
        assert_eq!(matched("\"other\""), None);
        assert_eq!(matched(&format!("\"{hex}-deflate\"")), None);
    }
}
