//! HTTP done properly: compression, ETags, caching and security headers, limits, base path,
//! probes and metrics, through the whole application (`web::app`).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::common::*;

fn request(method: Method, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

fn article_uri() -> String {
    format!("/articles/{BYTEDANCE_SLUG}")
}

#[tokio::test]
async fn every_response_has_the_security_headers() {
    let app = full("");
    for uri in ["/", article_uri().as_str(), "/static/style.css", "/nope", "/healthz"] {
        let reply = get(&app, uri).await;
        assert_eq!(
            reply.headers["content-security-policy"],
            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "{uri}"
        );
        assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(reply.headers["referrer-policy"], "strict-origin-when-cross-origin", "{uri}");
        assert_eq!(reply.headers["permissions-policy"], "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn pages_carry_no_inline_script_or_style() {
    let app = full("");
    for uri in ["/", article_uri().as_str(), "/nope"] {
        let body = get(&app, uri).await.body;
        assert!(texts(&body, "script:not([src])").is_empty(), "{uri}: inline script");
        assert!(texts(&body, "style").is_empty(), "{uri}: style element");
        assert!(attrs(&body, "[style]", "style").is_empty(), "{uri}: style attribute");
    }
}

#[tokio::test]
async fn pages_compress_by_accept_encoding() {
    let app = full("");
    let plain = get(&app, &article_uri()).await;
    assert_eq!(plain.headers.get(header::CONTENT_ENCODING), None);
    for coding in ["gzip", "br", "zstd"] {
        let reply = send(&app, request(Method::GET, &article_uri(), &[("accept-encoding", coding)])).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers[header::CONTENT_ENCODING], coding);
        assert_eq!(reply.headers[header::VARY], VARY_BY_ORIGIN);
        assert!(reply.bytes.len() * 2 < plain.bytes.len(), "{coding}: {} of {}", reply.bytes.len(), plain.bytes.len());
        let tag = reply.headers[header::ETAG].to_str().unwrap();
        assert_eq!(tag, format!("{}-{coding}\"", plain.headers[header::ETAG].to_str().unwrap().trim_end_matches('"')));
    }
}

#[tokio::test]
async fn cached_pages_decompress_to_their_identity_body_and_answer_304_per_coding() {
    let app = full("/news");
    for uri in ["/news/", "/news/?page=1", &format!("/news{}", article_uri())] {
        let plain = get(&app, uri).await;
        assert_eq!(plain.status, StatusCode::OK, "{uri}");
        assert_eq!(plain.headers[header::VARY], VARY_BY_ORIGIN, "{uri}");
        let tag = plain.headers[header::ETAG].to_str().unwrap().trim_end_matches('"').to_owned();
        for (accept, coding) in [("gzip, deflate", "gzip"), ("gzip, br", "br"), ("br;q=0.5, zstd", "zstd")] {
            let reply = send(&app, request(Method::GET, uri, &[("accept-encoding", accept)])).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri} {coding}");
            assert_eq!(reply.headers[header::CONTENT_ENCODING], coding, "{uri}");
            assert_eq!(reply.headers[header::VARY], VARY_BY_ORIGIN, "{uri} {coding}");
            assert_eq!(reply.headers[header::CONTENT_LENGTH], reply.bytes.len().to_string().as_str(), "{uri} {coding}");
            let coded_tag = format!("{tag}-{coding}\"");
            assert_eq!(reply.headers[header::ETAG], coded_tag.as_str(), "{uri}");
            assert_eq!(decode(coding, &reply.bytes), plain.bytes, "{uri} {coding}");
            let again =
                send(&app, request(Method::GET, uri, &[("accept-encoding", accept), ("if-none-match", &coded_tag)]))
                    .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri} {coding}");
            assert!(again.bytes.is_empty());
            assert_eq!(again.headers[header::ETAG], coded_tag.as_str());
            assert_eq!(again.headers[header::VARY], VARY_BY_ORIGIN);
            assert_eq!(again.headers.get(header::CONTENT_ENCODING), None, "{uri} {coding}");
        }
    }
}

fn decode(coding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "gzip" => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
        }
        "br" => {
            brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
        }
        _ => out = zstd::decode_all(bytes).unwrap(),
    }
    out
}

#[tokio::test]
async fn list_pages_past_the_end_are_404_pages() {
    let app = full("");
    for uri in ["/?page=2", "/?page=99999999999999999999999"] {
        let reply = send(&app, request(Method::GET, uri, &[("accept-encoding", "gzip")])).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(reply.headers.get(header::ETAG), None, "{uri}");
    }
}

#[tokio::test]
async fn etag_and_if_none_match_give_304_with_caching_headers() {
    let app = full("");
    let first = get(&app, &article_uri()).await;
    let tag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(tag.starts_with('"') && tag.len() == 26, "{tag}");
    assert_eq!(first.headers[header::CACHE_CONTROL], "no-cache");
    let again = send(&app, request(Method::GET, &article_uri(), &[("if-none-match", &tag)])).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.headers[header::ETAG], tag.as_str());
    assert_eq!(again.headers[header::CACHE_CONTROL], "no-cache");
    let stale = send(&app, request(Method::GET, &article_uri(), &[("if-none-match", "\"0000\"")])).await;
    assert_eq!(stale.status, StatusCode::OK);
    let gzip_tag = format!("{}-gzip\"", tag.trim_end_matches('"'));
    let compressed =
        send(&app, request(Method::GET, &article_uri(), &[("if-none-match", &gzip_tag), ("accept-encoding", "gzip")]))
            .await;
    assert_eq!(compressed.status, StatusCode::NOT_MODIFIED);
    assert_eq!(compressed.headers[header::ETAG], gzip_tag.as_str());
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_tagged() {
    let app = full("");
    let page = get(&app, "/").await;
    let href = attrs(&page.body, "link[rel=stylesheet]", "href").remove(0);
    let reply = get(&app, &href).await;
    assert_eq!(reply.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let tag = reply.headers[header::ETAG].to_str().unwrap();
    let again = send(&app, request(Method::GET, &href, &[("if-none-match", tag)])).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn head_has_the_length_of_get_and_no_body() {
    let app = full("");
    for uri in ["/", article_uri().as_str(), "/static/style.css"] {
        let got = get(&app, uri).await;
        let head = send(&app, request(Method::HEAD, uri, &[])).await;
        assert_eq!(head.status, StatusCode::OK, "{uri}");
        assert!(head.bytes.is_empty(), "{uri}");
        assert_eq!(head.headers[header::CONTENT_LENGTH], got.bytes.len().to_string().as_str(), "{uri}");
        assert_eq!(head.headers[header::ETAG], got.headers[header::ETAG], "{uri}");
    }
}

#[tokio::test]
async fn oversized_targets_and_headers_are_refused() {
    let app = full("");
    let long = format!("/articles/{}", "a".repeat(9000));
    assert_eq!(get(&app, &long).await.status, StatusCode::URI_TOO_LONG);
    let big = "b".repeat(17_000);
    let reply = send(&app, request(Method::GET, "/", &[("x-big", &big)])).await;
    assert_eq!(reply.status, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
}

#[tokio::test]
async fn base_path_is_in_every_link_and_optional_in_requests() {
    let app = full("/news");
    for uri in ["/news/", "/"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(
            attrs(&reply.body, ".entry-headline a", "href"),
            [format!("/news/articles/{BYTEDANCE_SLUG}"), format!("/news/articles/{VOLKSWAGEN_SLUG}")]
        );
        for url in attrs(&reply.body, "[href]", "href").into_iter().chain(attrs(&reply.body, "[src]", "src")) {
            assert!(url.starts_with("/news/") || url.starts_with('#'), "{uri}: {url}");
        }
    }
    assert_eq!(get(&app, "/news").await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/news/articles/{BYTEDANCE_SLUG}")).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await.status, StatusCode::OK);
    let missing = get(&app, "/news/articles/nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(attrs(&missing.body, "main a", "href"), ["/news/"]);
}

#[tokio::test]
async fn probes_answer_under_and_outside_the_base_path() {
    let app = full("/news");
    for uri in ["/healthz", "/news/healthz"] {
        let reply = get(&app, uri).await;
        assert_eq!((reply.status, reply.body.as_str()), (StatusCode::OK, "ok\n"), "{uri}");
    }
    for uri in ["/readyz", "/news/readyz"] {
        let reply = get(&app, uri).await;
        assert_eq!((reply.status, reply.body.as_str()), (StatusCode::OK, "ready\n"), "{uri}");
    }
}

#[tokio::test]
async fn metrics_count_requests_articles_and_removed_lines() {
    let app = full("");
    get(&app, "/").await;
    get(&app, &article_uri()).await;
    get(&app, "/articles/nope").await;
    let reply = get(&app, "/metrics").await;
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/openmetrics-text; version=1.0.0; charset=utf-8");
    let text = reply.body;
    for line in [
        "newsreader_articles 2",
        "newsreader_removed_lines 10",
        "newsreader_reloads_total 0",
        "newsreader_reload_errors_total 0",
        "newsreader_http_requests_total{route=\"/\",status=\"200\"} 1",
        "newsreader_http_requests_total{route=\"/articles/{slug}\",status=\"200\"} 1",
        "newsreader_http_requests_total{route=\"/articles/{slug}\",status=\"404\"} 1",
        "newsreader_http_request_duration_seconds_count{route=\"/\"} 1",
    ] {
        assert!(text.lines().any(|got| got == line), "missing {line:?} in\n{text}");
    }
}

#[tokio::test]
async fn other_methods_on_the_api_get_a_json_405() {
    let app = full("");
    for uri in ["/api/articles", &format!("/api/articles/{BYTEDANCE_SLUG}"), "/api/search?q=oil", "/api/nope"] {
        let reply = send(&app, request(Method::POST, uri, &[])).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert_eq!(reply.headers[header::ALLOW], "GET, HEAD", "{uri}");
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json", "{uri}");
        assert_eq!(reply.body, r#"{"error":{"status":405,"message":"only GET and HEAD are allowed"}}"#, "{uri}");
    }
    let head = send(&app, request(Method::HEAD, "/api/articles", &[])).await;
    assert_eq!(head.status, StatusCode::OK);
}

/// `Vary` of a response whose body is built under the origin the request names (no public URL
/// set): the coding and the three headers that name the origin (RFC 9110 §12.5.5).
const VARY_BY_ORIGIN: &str = "accept-encoding, host, x-forwarded-host, x-forwarded-proto";

/// Every route that answers 200 with a body, as the full application serves it, with the
/// `Vary` it carries without a public URL: the search page and assets hold no absolute link.
async fn tagged_routes(app: &axum::Router) -> Vec<(String, &'static str)> {
    let page = get(app, "/").await;
    let stylesheet = attrs(&page.body, "link[rel=stylesheet]", "href").remove(0);
    [
        ("/", VARY_BY_ORIGIN),
        (article_uri().as_str(), VARY_BY_ORIGIN),
        ("/feed.atom", VARY_BY_ORIGIN),
        ("/feed.json", VARY_BY_ORIGIN),
        ("/opensearch.xml", VARY_BY_ORIGIN),
        ("/api/articles", VARY_BY_ORIGIN),
        (&format!("/api/articles/{BYTEDANCE_SLUG}"), VARY_BY_ORIGIN),
        ("/api/search?q=chips", VARY_BY_ORIGIN),
        ("/search?q=chips", "accept-encoding"),
        ("/static/style.css", "accept-encoding"),
        (&stylesheet, "accept-encoding"),
    ]
    .map(|(uri, vary)| (uri.to_owned(), vary))
    .to_vec()
}

/// The whole application over the shipped seed at the site root, its absolute links under
/// `public_url`.
fn full_with_public_url(public_url: &str) -> axum::Router {
    let (corpus, reports) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let site = newsreader::web::Site::new("").with_public_url(public_url);
    let state = newsreader::web::AppState::new(newsreader::web::Snapshot::new(corpus, &reports), site);
    state.build_search();
    newsreader::web::app(state, newsreader::web::Limits::default(), newsreader::web::Access::default())
}

#[tokio::test]
async fn a_304_carries_the_etag_cache_control_and_vary_of_its_200() {
    for (app, public) in [(full(""), false), (full_with_public_url("https://news.example"), true)] {
        for (uri, vary) in tagged_routes(&app).await {
            // With a public URL no body depends on the request's origin.
            let vary = if public { "accept-encoding" } else { vary };
            for accept in [None, Some("gzip"), Some("br")] {
                let accepts: Vec<(&str, &str)> = accept.map(|coding| ("accept-encoding", coding)).into_iter().collect();
                // Twice, so cached pages are answered by the page cache too.
                for _ in 0..2 {
                    let ok = send(&app, request(Method::GET, &uri, &accepts)).await;
                    assert_eq!(ok.status, StatusCode::OK, "{uri} {accept:?}");
                    assert_eq!(ok.headers.get_all(header::VARY).iter().collect::<Vec<_>>(), [vary], "{uri} {accept:?}");
                    let tag = ok.headers[header::ETAG].to_str().unwrap();
                    let conditional = [accepts.clone(), vec![("if-none-match", tag)]].concat();
                    let again = send(&app, request(Method::GET, &uri, &conditional)).await;
                    assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri} {accept:?}");
                    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
                        let values = |reply: &Reply| reply.headers.get_all(&name).iter().cloned().collect::<Vec<_>>();
                        assert_eq!(values(&again), values(&ok), "{uri} {accept:?} {name}");
                    }
                    assert_eq!(again.headers.get(header::CONTENT_LENGTH), None, "{uri} {accept:?}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_conditional_head_is_a_304_without_a_content_length() {
    let app = full("");
    for (uri, vary) in tagged_routes(&app).await {
        let ok = get(&app, &uri).await;
        let tag = ok.headers[header::ETAG].to_str().unwrap();
        let head = send(&app, request(Method::HEAD, &uri, &[("if-none-match", tag)])).await;
        assert_eq!(head.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(head.headers.get(header::CONTENT_LENGTH), None, "{uri}");
        assert_eq!(head.headers[header::ETAG], tag, "{uri}");
        assert_eq!(head.headers[header::VARY], vary, "{uri}");
    }
}

#[tokio::test]
async fn head_gives_exactly_the_headers_of_get_in_every_coding() {
    let app = full("/news");
    for (uri, _) in tagged_routes(&app).await {
        for accept in ["gzip", "br", "zstd", "identity"] {
            let got = send(&app, request(Method::GET, &uri, &[("accept-encoding", accept)])).await;
            let head = send(&app, request(Method::HEAD, &uri, &[("accept-encoding", accept)])).await;
            assert_eq!(head.status, got.status, "{uri} {accept}");
            assert!(head.bytes.is_empty(), "{uri} {accept}");
            assert_eq!(head.headers, got.headers, "{uri} {accept}");
            if accept != "identity" {
                assert_eq!(got.headers[header::CONTENT_ENCODING], accept, "{uri}");
                assert_eq!(got.headers[header::CONTENT_LENGTH], got.bytes.len().to_string().as_str(), "{uri} {accept}");
            }
        }
    }
}

#[tokio::test]
async fn repeated_slashes_lead_to_the_clean_path_under_the_base_path() {
    for (base, uri, location) in [
        ("", "//articles/x", "/articles/x"),
        ("", "/articles//x?page=2", "/articles/x?page=2"),
        ("", "//", "/"),
        ("/news", "/news//articles/x", "/news/articles/x"),
        ("/news", "//articles/x", "/news/articles/x"),
        ("/news", "//news//articles/x/", "/news/articles/x"),
        ("/news", "/news//?page=1", "/news/?page=1"),
        ("/news", "/news//", "/news/"),
        ("", "/articles/x//", "/articles/x"),
        ("", "/search//?q=oil", "/search?q=oil"),
        ("/news", "/news/page//2//", "/news/page/2"),
    ] {
        let app = full(base);
        for method in [Method::GET, Method::HEAD] {
            let reply = send(&app, request(method.clone(), uri, &[])).await;
            assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{base} {method} {uri}");
            assert_eq!(reply.headers[header::LOCATION], location, "{base} {method} {uri}");
            assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache", "{base} {uri}");
        }
    }
    let app = full("/news");
    let article = get(&app, &format!("//news//articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(article.headers[header::LOCATION], format!("/news/articles/{BYTEDANCE_SLUG}").as_str());
    assert_eq!(get(&app, article.headers[header::LOCATION].to_str().unwrap()).await.status, StatusCode::OK);
    // A trailing slash goes too, in the same 308: one hop to the page.
    let article = get(&app, &format!("/news/articles/{BYTEDANCE_SLUG}//")).await;
    assert_eq!(article.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(article.headers[header::LOCATION], format!("/news/articles/{BYTEDANCE_SLUG}").as_str());
    assert_eq!(get(&app, article.headers[header::LOCATION].to_str().unwrap()).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_page_number_that_is_not_one_is_a_400_saying_so() {
    let app = full("");
    for (query, shown) in [("x", "\"x\""), ("0", "\"0\""), ("-1", "\"-1\""), ("", "\"\""), ("1.5", "\"1.5\"")] {
        let message = format!("the page number must be a whole number from 1, not {shown}");
        let html = send(&app, request(Method::GET, &format!("/?page={query}"), &[("accept-encoding", "gzip")])).await;
        assert_eq!(html.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(html.headers[header::CONTENT_TYPE], "text/html; charset=utf-8", "{query}");
        assert_eq!(html.headers.get(header::ETAG), None, "{query}");
        let html = get(&app, &format!("/?page={query}")).await;
        assert_eq!(texts(&html.body, "main h1"), ["Bad request"], "{query}");
        assert_eq!(texts(&html.body, "main p.problem"), [format!("This address cannot be answered: {message}.")]);
        let api = get(&app, &format!("/api/articles?page={query}")).await;
        assert_eq!(api.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json(&api), serde_json::json!({"error": {"status": 400, "message": message}}), "{query}");
    }
}
