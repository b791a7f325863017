//! The access log: one line per request on the `newsreader::access` log target, in the
//! combined log format of Apache and nginx or as one JSON object.

use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use axum::body::HttpBody as _;
use axum::http::{HeaderMap, Method, Uri, Version, header};
use axum::response::Response;

use crate::config::AccessLog;

/// The log target of access lines; `main` writes them as they are, without a level or
/// timestamp of the logger's.
pub const TARGET: &str = "newsreader::access";

/// What the log line needs of a request and its client, taken before the request is handed
/// on.
#[derive(Debug)]
pub(crate) struct RequestLine {
    /// The client's address (forwarded by a trusted proxy, else the peer's).
    client: IpAddr,
    /// The user an authenticating proxy named.
    user: Option<String>,
    method: Method,
    uri: Uri,
    version: Version,
    referer: Option<String>,
    user_agent: Option<String>,
}

impl RequestLine {
    /// The parts of `request`, from `client` (with `user`), a log line names.
    pub(crate) fn of(request: &axum::extract::Request, client: IpAddr, user: Option<String>) -> RequestLine {
        let text = |headers: &HeaderMap, name| {
            headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        };
        RequestLine {
            client,
            user,
            method: request.method().clone(),
            uri: request.uri().clone(),
            version: request.version(),
            referer: text(request.headers(), header::REFERER),
            user_agent: text(request.headers(), header::USER_AGENT),
        }
    }
}

/// Logs the line of `request`, answered with `response` after `elapsed`, in
/// `format` (nothing for [`AccessLog::Off`]). The size is the body's length in bytes, `-` for a
/// body streamed without one. The line is written once the response's head is ready, before
/// its body is sent.
pub(crate) fn write(format: AccessLog, request: &RequestLine, response: &Response, elapsed: Duration) {
    let line = match format {
        AccessLog::Off => return,
        AccessLog::Combined => combined(request, response, SystemTime::now()),
        AccessLog::Json => json(request, response, SystemTime::now(), elapsed),
    };
    tracing::info!(target: TARGET, "{line}");
}

/// The combined log format: `client - user [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200
/// 2326 "referer" "user-agent"`, with `"`, `\` and control bytes escaped as `\xHH` (as nginx does).
fn combined(request: &RequestLine, response: &Response, now: SystemTime) -> String {
    let time = chrono::DateTime::<chrono::Utc>::from(now).format("%d/%b/%Y:%H:%M:%S +0000");
    let quoted = |value: Option<&str>| value.map_or_else(|| "-".to_owned(), escaped);
    format!(
        "{} - {} [{time}] \"{} {} {:?}\" {} {} \"{}\" \"{}\"",
        request.client,
        request.user.as_deref().map_or_else(|| "-".to_owned(), escaped),
        request.method,
        escaped(&request.uri.to_string()),
        request.version,
        response.status().as_u16(),
        size(response).map_or_else(|| "-".to_owned(), |bytes| bytes.to_string()),
        quoted(request.referer.as_deref()),
        quoted(request.user_agent.as_deref()),
    )
}

/// One JSON object: `time` (RFC 3339, UTC), `client`, `user` (or null), `method`, `target`,
/// `protocol`, `status`, `bytes` (or null), `referer`, `user_agent` (or null) and
/// `duration_ms`.
fn json(request: &RequestLine, response: &Response, now: SystemTime, elapsed: Duration) -> String {
    let time = chrono::DateTime::<chrono::Utc>::from(now).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    serde_json::json!({
        "time": time,
        "client": request.client.to_string(),
        "user": request.user,
        "method": request.method.as_str(),
        "target": request.uri.to_string(),
        "protocol": format!("{:?}", request.version),
        "status": response.status().as_u16(),
        "bytes": size(response),
        "referer": request.referer,
        "user_agent": request.user_agent,
        // To the microsecond: the float of a duration has more digits than it is worth.
        "duration_ms": (elapsed.as_secs_f64() * 1_000_000.0).round() / 1000.0,
    })
    .to_string()
}

/// The response body's length, when known before it is sent.
fn size(response: &Response) -> Option<u64> {
    response.body().size_hint().exact()
}

/// `value` with `"`, `\` and bytes outside printable ASCII as `\xHH`.
fn escaped(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte == b'"' || byte == b'\\' || !(0x20..0x7f).contains(&byte) {
            let _ = write!(out, "\\x{byte:02X}");
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use axum::body::Body;
    use axum::http::StatusCode;

    use super::*;

    fn sample() -> (RequestLine, Response, SystemTime) {
        let request = axum::http::Request::builder()
            .uri("/news/search?q=%22oil%22")
            .header(header::USER_AGENT, "curl/8.5 \"x\"")
            .body(Body::empty())
            .expect("a request");
        let line = RequestLine::of(&request, IpAddr::from([203, 0, 113, 7]), Some("ann".to_owned()));
        let mut response = Response::new(Body::from("hello"));
        *response.status_mut() = StatusCode::NOT_FOUND;
        (line, response, SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_595_200))
    }

    #[test]
    fn combined_lines_follow_apache_and_escape_quotes() {
        let (request, response, now) = sample();
        assert_eq!(
            combined(&request, &response, now),
            "203.0.113.7 - ann [01/Dec/2025:13:20:00 +0000] \"GET /news/search?q=%22oil%22 HTTP/1.1\" 404 5 \"-\" \"curl/8.5 \\x22x\\x22\""
        );
    }

    #[test]
    fn json_lines_name_every_field() {
        let (request, response, now) = sample();
        let line: serde_json::Value =
            serde_json::from_str(&json(&request, &response, now, Duration::from_millis(3))).expect("JSON");
        assert_eq!(
            line,
            serde_json::json!({
                "time": "2025-12-01T13:20:00.000Z", "client": "203.0.113.7", "user": "ann", "method": "GET",
                "target": "/news/search?q=%22oil%22", "protocol": "HTTP/1.1", "status": 404, "bytes": 5,
                "referer": null, "user_agent": "curl/8.5 \"x\"", "duration_ms": 3.0,
            })
        );
    }
}
