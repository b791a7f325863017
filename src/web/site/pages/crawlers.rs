//! What the site tells search engines: the sitemap (`/sitemap.xml`, split into parts at
//! `/sitemaps/{n}.xml` above [`MAX_URLS`] articles, see [`crate::sitemap`]) and
//! `/robots.txt` (RFC 9309), which with `--noindex` disallows every page.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::corpus::Corpus;
use crate::links::Links;
use crate::sitemap::{Location, MAX_URLS, Sitemap};
use crate::web::engine::client::NoIndex;
use crate::web::site::error::WebError;
use crate::web::site::extract::Path;
use crate::web::site::request_site::RequestSite;

/// A `<urlset>`.
#[derive(Debug, Template)]
#[template(path = "sitemap.xml")]
struct UrlSet<'a> {
    urls: &'a [Location],
}

/// A `<sitemapindex>`.
#[derive(Debug, Template)]
#[template(path = "sitemap_index.xml")]
struct SitemapIndex<'a> {
    parts: &'a [Location],
}

/// The XML of `/sitemap.xml` for `corpus`, at most `limit` URLs a file ([`MAX_URLS`] on the
/// server): a `<urlset>` of every article, or a `<sitemapindex>` of the parts.
///
/// # Errors
/// When the template fails to render.
pub fn render_sitemap(corpus: &Corpus, links: &Links, limit: usize) -> Result<String, askama::Error> {
    match crate::sitemap::sitemap(corpus, links, limit) {
        Sitemap::Urls(urls) => UrlSet { urls: &urls }.render(),
        Sitemap::Index(parts) => SitemapIndex { parts: &parts }.render(),
    }
}

/// The XML of part `number` (from 1) of a split sitemap, `None` when there is no such part
/// (see [`crate::sitemap::part`]).
///
/// # Errors
/// When the template fails to render.
pub fn render_part(
    corpus: &Corpus,
    links: &Links,
    limit: usize,
    number: usize,
) -> Result<Option<String>, askama::Error> {
    crate::sitemap::part(corpus, links, limit, number).map(|urls| UrlSet { urls: &urls }.render()).transpose()
}

const XML: &str = "application/xml; charset=utf-8";

/// `GET /sitemap.xml`: every article's address and date, or the index of the parts.
pub(crate) async fn sitemap(
    State(corpus): State<Arc<Corpus>>,
    RequestSite(site): RequestSite,
) -> Result<Response, WebError> {
    Ok(([(header::CONTENT_TYPE, XML)], render_sitemap(&corpus, &site.links, MAX_URLS)?).into_response())
}

/// `GET /sitemaps/{n}.xml`: part `n` of a split sitemap; 404 for a part that does not exist
/// or a name that is not `{n}.xml`.
pub(crate) async fn sitemap_part(
    State(corpus): State<Arc<Corpus>>,
    RequestSite(site): RequestSite,
    Path(file, ..): Path<String>,
) -> Result<Response, WebError> {
    let number = file.strip_suffix(".xml").and_then(|number| number.parse::<usize>().ok()).ok_or(WebError::NotFound)?;
    let xml = render_part(&corpus, &site.links, MAX_URLS, number)?.ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, XML)], xml).into_response())
}

/// The text of `/robots.txt` (RFC 9309): with `noindex`, every page under the base path
/// disallowed; else the search, random and API addresses disallowed and the sitemap named
/// (`Sitemap:` with its absolute address, when the links have a root).
pub(crate) fn robots_txt(links: &Links, noindex: bool) -> String {
    if noindex {
        return format!("User-agent: *\nDisallow: {}\n", links.home());
    }
    let mut text = format!(
        "User-agent: *\nDisallow: {}\nDisallow: {}\nDisallow: {}\n",
        links.search(),
        links.random(),
        links.path("/api/")
    );
    let sitemap = links.absolute(&links.sitemap());
    if sitemap.contains("://") {
        text.push_str(&format!("\nSitemap: {sitemap}\n"));
    }
    text
}

/// `GET /robots.txt`: [`robots_txt`], disallowing everything when the client was told so
/// (`--noindex`, see [`NoIndex`]).
pub(crate) async fn robots(RequestSite(site): RequestSite, noindex: Option<Extension<NoIndex>>) -> Response {
    let text = robots_txt(&site.links, noindex.is_some());
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
