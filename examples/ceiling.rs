//! The ceiling of the serving benchmark (`bench/peers.sh`): a bare hyper HTTP/1.1 server that
//! answers a few exported pages from memory, in the coding the request prefers, and nothing
//! else. No router, no middleware, no cache lookup: what hyper itself allows on this machine.
//!
//! ```sh
//! cargo run --release --example ceiling -- 127.0.0.1:8081 SITE /news/articles/x /news/
//! ```
//!
//! `SITE` is a `newsreader export` folder; each path is served from `SITE/{path}/index.html`
//! and, for `Accept-Encoding: br` or `gzip`, from the `.br` or `.gz` file beside it, with the
//! headers newsreader sends for a page (type, coding, `Vary`, `Cache-Control`). Any other path
//! is a 404.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

/// One page in its three codings.
struct Page {
    identity: Bytes,
    gzip: Bytes,
    br: Bytes,
}

impl Page {
    /// The page exported at `site`/`path`.
    fn read(site: &Path, path: &str) -> std::io::Result<Page> {
        let file = site.join(path.trim_start_matches('/')).join("index.html");
        let sibling = |suffix: &str| std::fs::read(format!("{}.{suffix}", file.display())).map(Bytes::from);
        Ok(Page { identity: std::fs::read(&file)?.into(), gzip: sibling("gz")?, br: sibling("br")? })
    }

    /// The answer to a request accepting `accepted` (an `Accept-Encoding` value).
    fn answer(&self, accepted: &str) -> Response<Full<Bytes>> {
        let offers = |coding: &str| accepted.split(',').any(|item| item.trim().split(';').next() == Some(coding));
        let (body, coding) = if offers("br") {
            (self.br.clone(), Some("br"))
        } else if offers("gzip") {
            (self.gzip.clone(), Some("gzip"))
        } else {
            (self.identity.clone(), None)
        };
        let mut response = Response::builder()
            .header(CONTENT_TYPE, "text/html; charset=utf-8")
            .header(CACHE_CONTROL, "no-cache")
            .header(VARY, "accept-encoding");
        if let Some(coding) = coding {
            response = response.header(CONTENT_ENCODING, coding);
        }
        response.body(Full::new(body)).unwrap_or_default()
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(site)) = (args.next(), args.next()) else {
        return Err("usage: ceiling ADDRESS SITE PATH...".into());
    };
    let mut pages = HashMap::new();
    for path in args {
        let page = Page::read(Path::new(&site), &path).map_err(|error| format!("{path}: {error}"))?;
        pages.insert(path, page);
    }
    let pages = Arc::new(pages);
    let listener = tokio::net::TcpListener::bind(&address).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        let pages = pages.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let accepted = request.headers().get(ACCEPT_ENCODING).and_then(|value| value.to_str().ok());
                let response = match pages.get(request.uri().path()) {
                    Some(page) => page.answer(accepted.unwrap_or_default()),
                    None => {
                        let mut missing = Response::new(Full::new(Bytes::new()));
                        *missing.status_mut() = StatusCode::NOT_FOUND;
                        missing
                    }
                };
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
