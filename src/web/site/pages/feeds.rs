//! Machine-readable descriptions of the site: the Atom and JSON feeds (of the newest articles,
//! of one source or section, of a search) and the OpenSearch description, each linked from every page's `<head>` for autodiscovery. Their URLs are
//! absolute, under the public URL or the request's origin (`RequestSite`).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::corpus::Corpus;
use crate::feed::{FEED_ENTRIES, Feed, Filter};
use crate::web::site::error::{WebError, not_ready};
use crate::web::site::extract::Query;
use crate::web::site::request_site::RequestSite;
use crate::web::site::search_state::Outcome;
use crate::web::site::state::{Site, Snapshot};

/// The `?source=` and `?section=` parameters of `/feed.atom` and `/feed.json`; any other
/// parameter is a 400.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedParam {
    /// Keep only this source's articles (`Reuters`; any case).
    pub source: Option<String>,
    /// Keep only this section's articles (`Business`; any case).
    pub section: Option<String>,
}

impl FeedParam {
    /// The filter these parameters name.
    ///
    /// # Errors
    /// [`WebError::BadRequest`] for a parameter given empty (`?source=`).
    fn filter(self) -> Result<Filter, WebError> {
        let named = |name: &str, value: Option<String>| match value {
            Some(value) if value.trim().is_empty() => Err(WebError::BadRequest(format!("{name} is empty"))),
            value => Ok(value.map(|value| value.trim().to_owned())),
        };
        Ok(Filter { source: named("source", self.source)?, section: named("section", self.section)? })
    }
}

/// The feed `?source=&section=` names (see [`Feed::filtered`]).
fn filtered(corpus: &Corpus, site: &Site, Query(param, ..): Query<FeedParam>) -> Result<Feed, WebError> {
    Ok(Feed::filtered(corpus, &site.links, &param.filter()?))
}

/// `GET /feed.atom?source=&section=`: the first 50 articles, of one source or section when
/// asked, as Atom 1.0 ([`Feed::atom`]); 400 for an empty or unknown parameter.
pub(crate) async fn atom(
    State(corpus): State<Arc<Corpus>>,
    RequestSite(site): RequestSite,
    param: Query<FeedParam>,
) -> Result<Response, WebError> {
    let feed = filtered(&corpus, &site, param)?;
    Ok(atom_response(feed.atom(&corpus, &site.links)))
}

/// `GET /feed.json?source=&section=`: as [`atom`], as JSON Feed 1.1 ([`Feed::json`]).
pub(crate) async fn json(
    State(corpus): State<Arc<Corpus>>,
    RequestSite(site): RequestSite,
    param: Query<FeedParam>,
) -> Result<Response, WebError> {
    let feed = filtered(&corpus, &site, param)?;
    Ok(json_response(feed.json(&corpus, &site.links)?))
}

/// `GET /search.atom?q=`: the best 50 matches of a search as Atom 1.0 (see [`searched`]).
pub(crate) async fn search_atom(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    param: Query<SearchFeedParam>,
) -> Result<Response, WebError> {
    Ok(match searched(snapshot, &site, param).await? {
        Ok((feed, corpus)) => atom_response(feed.atom(&corpus, &site.links)),
        Err(refused) => refused,
    })
}

/// `GET /search.json?q=`: the best 50 matches of a search as JSON Feed 1.1 (see
/// [`searched`]).
pub(crate) async fn search_json(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    param: Query<SearchFeedParam>,
) -> Result<Response, WebError> {
    Ok(match searched(snapshot, &site, param).await? {
        Ok((feed, corpus)) => json_response(feed.json(&corpus, &site.links)?),
        Err(refused) => refused,
    })
}

/// The `?q=` parameter of `/search.atom` and `/search.json`; any other parameter is a 400.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchFeedParam {
    /// The query, read as the search page reads it (control characters made spaces).
    #[serde(default, deserialize_with = "super::search::without_controls")]
    pub q: String,
}

/// The feed of the best [`FEED_ENTRIES`] matches of `?q=` (best first) with the corpus their
/// positions refer to; or the answer when there is none: 400 for a query the search page
/// refuses (with its reason), 503 while the index is built ([`not_ready`]), 500 when
/// search failed.
async fn searched(
    snapshot: Arc<Snapshot>,
    site: &Site,
    Query(SearchFeedParam { q }, ..): Query<SearchFeedParam>,
) -> Result<Result<(Feed, Arc<Corpus>), Response>, WebError> {
    let (query, wanted) = (q.clone(), q);
    let best = tokio::task::spawn_blocking(move || best_matches(&snapshot, &wanted)).await;
    let (outcome, corpus) = best.unwrap_or_else(|error| {
        tracing::error!(%error, "search task failed");
        (Err(Outcome::Failed), Arc::default())
    });
    Ok(match outcome {
        Ok(positions) => Ok((Feed::search(&site.links, &query, positions), corpus)),
        Err(Outcome::Refused(problem)) => return Err(WebError::BadRequest(problem.to_string())),
        Err(Outcome::Building) => {
            Err(not_ready("Search is getting ready: the articles are still being indexed.\n".into_response()))
        }
        Err(_) => Err((StatusCode::INTERNAL_SERVER_ERROR, "Search is not working right now.\n").into_response()),
    })
}

/// The positions of the best [`FEED_ENTRIES`] matches of `query`, page after page of
/// results, and the corpus they refer to; the outcome that is not results otherwise.
fn best_matches(snapshot: &Snapshot, query: &str) -> (Result<Vec<usize>, Outcome>, Arc<Corpus>) {
    let mut positions = Vec::new();
    let mut searched: Option<Arc<Corpus>> = None;
    for page in 1.. {
        let (outcome, corpus) = snapshot.search(query, page);
        if searched.as_ref().is_some_and(|first| !Arc::ptr_eq(first, &corpus)) {
            break; // the index changed between pages: keep the first corpus's results
        }
        let results = match outcome {
            Outcome::Found(results) => results,
            other => return (Err(other), corpus),
        };
        let more = results.hits.len();
        positions.extend(results.hits.into_iter().map(|hit| hit.position));
        searched = Some(corpus);
        if more == 0 || positions.len() >= FEED_ENTRIES || positions.len() >= results.total {
            break;
        }
    }
    positions.truncate(FEED_ENTRIES);
    (Ok(positions), searched.unwrap_or_default())
}

fn atom_response(xml: String) -> Response {
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response()
}

fn json_response(json: String) -> Response {
    ([(header::CONTENT_TYPE, "application/feed+json; charset=utf-8")], json).into_response()
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
pub(crate) fn render_opensearch(site: &Site) -> Result<String, askama::Error> {
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
