//! Who a request comes from: the peer's address, the client's address a trusted proxy
//! forwards (`Forwarded`, RFC 7239; `X-Forwarded-For`), the user an authenticating proxy
//! names, and what that client may see (`/metrics`, every route behind `--auth-header`).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::access_log;
use super::frame;
use crate::config::{AccessLog, Networks};

/// The address of the connection's other end, put on each request by the server (`server`):
/// the TCP peer, or 127.0.0.1 for a Unix socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peer(pub IpAddr);

/// Who may see what, and the access log's format. [`Default`] is what `serve` does without
/// options: loopback is the trusted proxy and may read `/metrics`, no user header, the
/// combined log.
#[derive(Debug, Clone)]
pub struct Access {
    /// Peers whose forwarding headers are believed (`--trusted-proxy`).
    pub trusted_proxies: Networks,
    /// Clients that may read `/metrics` (`--metrics-allow`).
    pub metrics_allow: Networks,
    /// `/metrics` is served on an address of its own (`--metrics-bind`): 404 here.
    pub metrics_elsewhere: bool,
    /// Header a trusted proxy names the user in (`--auth-header`); every route but the
    /// probes needs it when set.
    pub auth_header: Option<HeaderName>,
    /// Access log format (`--access-log`).
    pub log: AccessLog,
    /// Search engines are asked to index nothing (`--noindex`): every response carries
    /// `X-Robots-Tag: noindex` and `/robots.txt` disallows every page.
    pub noindex: bool,
}

impl Default for Access {
    fn default() -> Self {
        Access {
            trusted_proxies: Networks::loopback(),
            metrics_allow: Networks::loopback(),
            metrics_elsewhere: false,
            auth_header: None,
            noindex: false,
            log: AccessLog::Combined,
        }
    }
}

/// Whether a client may read `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metrics {
    /// In `--metrics-allow`.
    Allowed,
    /// Outside it: 403.
    Denied,
    /// Served on `--metrics-bind` instead: 404.
    Elsewhere,
}

/// The client of one request, an extension [`identify`] puts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Client {
    /// The client's address: forwarded by a trusted proxy, else the peer's.
    pub(crate) address: IpAddr,
    /// The user the authenticating proxy named, when `--auth-header` is set.
    pub(crate) user: Option<String>,
    /// Whether it may read `/metrics`.
    pub(crate) metrics: Metrics,
}

/// Request extension [`identify`] puts on every request under `--noindex`: search engines
/// are asked to index nothing (read by `/robots.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NoIndex;

/// Forwarding headers, believed from trusted proxies only and removed from other requests,
/// so no layer below reads a client's own.
const FORWARDING: [&str; 4] = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto"];

/// Middleware, the outermost: finds the [`Client`] (a request with no [`Peer`], made in
/// process, counts as from 127.0.0.1), removes the forwarding headers and the user header
/// of a peer that is no trusted proxy, answers 401 when `--auth-header` is set and the user
/// is missing (but for `/healthz` and `/readyz`), adds `X-Robots-Tag: noindex` to every
/// response under `--noindex`, and writes the access log line.
pub(crate) async fn identify(
    State((access, base)): State<(Arc<Access>, Arc<str>)>,
    mut request: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let peer = request.extensions().get::<Peer>().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |peer| peer.0);
    let client = client(&access, peer, request.headers_mut());
    let line = (access.log != AccessLog::Off)
        .then(|| access_log::RequestLine::of(&request, client.address, client.user.clone()));
    let probe = matches!(frame::site_path(&base, request.uri().path()), "/healthz" | "/readyz");
    let mut response = if access.auth_header.is_some() && client.user.is_none() && !probe {
        unauthorized()
    } else {
        request.extensions_mut().insert(client.clone());
        if access.noindex {
            request.extensions_mut().insert(NoIndex);
        }
        next.run(request).await
    };
    if access.noindex {
        response.headers_mut().insert(HeaderName::from_static("x-robots-tag"), HeaderValue::from_static("noindex"));
    }
    if let Some(line) = line {
        access_log::write(access.log, &line, &response, start.elapsed());
    }
    response
}

/// The client of a request from `peer` with `headers`, those of an untrusted peer cleaned.
fn client(access: &Access, peer: IpAddr, headers: &mut HeaderMap) -> Client {
    let trusted = access.trusted_proxies.contains(peer);
    if !trusted {
        for name in FORWARDING {
            headers.remove(name);
        }
        if let Some(name) = &access.auth_header {
            headers.remove(name);
        }
    }
    let address = if trusted { forwarded_for(headers, &access.trusted_proxies).unwrap_or(peer) } else { peer };
    let user = access.auth_header.as_ref().and_then(|name| headers.get(name)).and_then(|value| {
        let user = value.to_str().ok()?.trim();
        (!user.is_empty()).then(|| user.to_owned())
    });
    let metrics = if access.metrics_elsewhere {
        Metrics::Elsewhere
    } else if access.metrics_allow.contains(address) {
        Metrics::Allowed
    } else {
        Metrics::Denied
    };
    Client { address: address.to_canonical(), user, metrics }
}

/// The 401 for a request without the user header: plain text, with the headers every
/// response carries.
fn unauthorized() -> Response {
    let mut response = (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "401 Unauthorized: sign in through the office's proxy\n",
    )
        .into_response();
    frame::frame_headers(&mut response);
    response
}

/// The client's address a chain of trusted proxies forwarded: the `for=` nodes of
/// `Forwarded` (RFC 7239 §5.2), else `X-Forwarded-For`, read from the right, the first that is
/// no trusted proxy; the leftmost when all are. `None` when neither header names an address,
/// or the nearest hop's is obfuscated or `unknown`.
fn forwarded_for(headers: &HeaderMap, trusted: &Networks) -> Option<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        let lines = headers.get_all(name).iter().filter_map(|value| value.to_str().ok());
        lines.flat_map(|line| line.split(',')).map(|item| item.trim().to_owned()).collect()
    };
    let forwarded: Vec<String> = values("forwarded")
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| value.trim().to_owned())
            })
        })
        .collect();
    let hops = if forwarded.is_empty() { values("x-forwarded-for") } else { forwarded };
    let mut client = None;
    for hop in hops.iter().rev() {
        let address = node_address(hop)?;
        client = Some(address);
        if !trusted.contains(address) {
            break;
        }
    }
    client
}

/// The IP address of a node (RFC 7239 §6): `192.0.2.60`, `"[2001:db8::1]:4711"`,
/// `192.0.2.60:80`; `None` for `unknown`, an obfuscated `_name`, or anything else.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    node.parse()
        .ok()
        .or_else(|| node.rsplit_once(':').and_then(|(address, _)| address.parse::<Ipv4Addr>().ok()).map(IpAddr::V4))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn forwarded_addresses_are_read_from_the_right_past_trusted_proxies() {
        let trusted = Networks(vec!["10.0.0.0/8".parse().expect("network")]);
        for (pairs, client) in [
            (&[("x-forwarded-for", "203.0.113.7")][..], Some("203.0.113.7")),
            (&[("x-forwarded-for", "198.51.100.1, 203.0.113.7, 10.0.0.2")], Some("203.0.113.7")),
            (&[("x-forwarded-for", "198.51.100.1"), ("x-forwarded-for", "10.0.0.2")], Some("198.51.100.1")),
            (&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")], Some("10.0.0.3")),
            (&[("forwarded", "for=192.0.2.60;proto=https, for=10.0.0.2")], Some("192.0.2.60")),
            (&[("forwarded", "For=\"[2001:db8:cafe::17]:4711\"")], Some("2001:db8:cafe::17")),
            (&[("forwarded", "for=192.0.2.60:8080"), ("x-forwarded-for", "198.51.100.1")], Some("192.0.2.60")),
            (&[("forwarded", "for=unknown")], None),
            (&[("forwarded", "for=_hidden, for=203.0.113.7")], Some("203.0.113.7")),
            (&[("x-forwarded-for", "not an address")], None),
            (&[], None),
        ] {
            assert_eq!(forwarded_for(&headers(pairs), &trusted), client.map(ip), "{pairs:?}");
        }
    }

    #[test]
    fn an_untrusted_peer_names_nothing() {
        let access = Access { auth_header: Some(HeaderName::from_static("remote-user")), ..Access::default() };
        let pairs = [("x-forwarded-for", "203.0.113.7"), ("x-forwarded-host", "evil.example"), ("remote-user", "ann")];
        let mut from_outside = headers(&pairs);
        let outside = client(&access, ip("192.0.2.1"), &mut from_outside);
        assert_eq!(outside, Client { address: ip("192.0.2.1"), user: None, metrics: Metrics::Denied });
        assert!(from_outside.is_empty(), "{from_outside:?}");
        let mut from_proxy = headers(&pairs);
        let proxied = client(&access, ip("127.0.0.1"), &mut from_proxy);
        assert_eq!(
            proxied,
            Client { address: ip("203.0.113.7"), user: Some("ann".to_owned()), metrics: Metrics::Denied }
        );
        assert_eq!(from_proxy.len(), 3);
        let local = client(&access, ip("::ffff:127.0.0.1"), &mut HeaderMap::new());
        assert_eq!(local, Client { address: ip("127.0.0.1"), user: None, metrics: Metrics::Allowed });
    }
}
