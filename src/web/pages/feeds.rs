//! Machine-readable descriptions of the site: the Atom and JSON feeds and the OpenSearch
//! description, each linked from every page's `<head>` for autodiscovery. Their URLs are
//! absolute, under the public URL or the request's origin ([`RequestSite`]).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::corpus::Corpus;
use crate::web::error::WebError;
use crate::web::http::RequestSite;
use crate::web::state::Site;

/// `GET /feed.atom`: the first 50 articles as Atom 1.0 ([`crate::feed::atom`]).
pub(crate) async fn atom(State(corpus): State<Arc<Corpus>>, RequestSite(site): RequestSite) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], crate::feed::atom(&corpus, &site.links))
}

/// `GET /feed.json`: the first 50 articles as JSON Feed 1.1 ([`crate::feed::json`]).
pub(crate) async fn json(
    State(corpus): State<Arc<Corpus>>,
    RequestSite(site): RequestSite,
) -> Result<impl IntoResponse, WebError> {
    Ok(([(header::CONTENT_TYPE, "application/feed+json; charset=utf-8")], crate::feed::json(&corpus, &site.links)?))
}

/// The OpenSearch 1.1 description document.
#[derive(Debug, Template)]
#[template(path = "opensearch.xml")]
pub(crate) struct OpenSearch {
    icon: String,
    search: String,
    api_search: String,
    this: String,
}

/// The OpenSearch description's XML.
///
/// # Errors
/// When the template fails to render.
pub fn render_opensearch(site: &Site) -> Result<String, askama::Error> {
    let links = &site.links;
    OpenSearch {
        icon: links.absolute(&site.asset("favicon.svg")),
        search: links.absolute(&links.search()),
        api_search: links.absolute(&links.api_search()),
        this: links.absolute(&links.opensearch()),
    }
    .render()
}

/// `GET /opensearch.xml`: lets browsers add newsreader as a search engine.
pub(crate) async fn opensearch(RequestSite(site): RequestSite) -> Result<impl IntoResponse, WebError> {
    Ok(([(header::CONTENT_TYPE, "application/opensearchdescription+xml; charset=utf-8")], render_opensearch(&site)?))
}
