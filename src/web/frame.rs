//! The frame of every exchange, whatever answers it: the route path a request names under the
//! base path, and the caching and security headers every response carries.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;

/// Content-Security-Policy of every response: nothing inline, nothing from other hosts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Permissions-Policy of every response: no powerful features.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

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
