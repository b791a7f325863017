//! The search page (`/search?q=`): ranked results with `<mark>`ed snippets, or a friendly
//! word about the query.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::corpus::Corpus;
use crate::web::error::WebError;
use crate::web::search_state::Outcome;
use crate::web::state::{Site, Snapshot};

/// The `?q=` parameter.
#[derive(Debug, Default, Deserialize)]
pub struct QueryParam {
    /// The query as typed; absent means empty.
    #[serde(default)]
    pub q: String,
}

/// One result.
#[derive(Debug)]
pub(crate) struct HitView<'a> {
    headline: &'a str,
    headline_html: Option<String>,
    url: String,
    snippet_html: Option<String>,
    lede: String,
}

/// The search page.
#[derive(Debug, Template)]
#[template(path = "search.html")]
pub(crate) struct SearchPage<'a> {
    site: &'a Site,
    query: &'a str,
    /// Shown instead of results: why the query was not run.
    message: Option<String>,
    /// Whether the page explains the query syntax (not where no search can be run).
    syntax_help: bool,
    total: usize,
    hits: Vec<HitView<'a>>,
}

/// The search page's HTML for `query` and what searching gave, with its status code:
/// 200 for results and refused queries, 503 while the index builds, 500 if it failed.
///
/// # Errors
/// When the template fails to render.
pub fn render(
    corpus: &Corpus,
    query: &str,
    outcome: Outcome,
    site: &Site,
) -> Result<(StatusCode, String), askama::Error> {
    let mut page = SearchPage { site, query, message: None, syntax_help: true, total: 0, hits: Vec::new() };
    let status = match outcome {
        Outcome::Found(results) => {
            page.total = results.total;
            page.hits = results
                .hits
                .into_iter()
                .filter_map(|hit| corpus.articles().get(hit.position).map(|article| (hit, article)))
                .map(|(hit, article)| HitView {
                    headline: &article.headline,
                    headline_html: hit.headline_html,
                    url: site.links.article(&article.slug),
                    snippet_html: hit.snippet_html,
                    lede: article.lede(),
                })
                .collect();
            StatusCode::OK
        }
        Outcome::Refused(problem) => {
            page.message = Some(capitalized(&problem.to_string()));
            StatusCode::OK
        }
        Outcome::Building => {
            page.message = Some(
                "Search is getting ready: the articles are still being indexed. Try again in a moment.".to_owned(),
            );
            StatusCode::SERVICE_UNAVAILABLE
        }
        Outcome::Failed => {
            page.message = Some("Search is not working right now; the articles can still be read.".to_owned());
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    Ok((status, page.render()?))
}

/// The search page of a static export, where no server answers queries: a notice, no
/// results, no links and no word on the query syntax.
///
/// # Errors
/// When the template fails to render.
pub fn render_static_notice(site: &Site) -> Result<String, askama::Error> {
    let message = Some(STATIC_NOTICE.to_owned());
    SearchPage { site, query: "", message, syntax_help: false, total: 0, hits: Vec::new() }.render()
}

/// What the search page of a static export says.
pub const STATIC_NOTICE: &str =
    "Search needs the newsreader server, and this is a static copy of the site. Every article is in the list.";

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `GET /search?q=`.
pub(crate) async fn get(
    State(snapshot): State<Arc<Snapshot>>,
    State(site): State<Arc<Site>>,
    param: Result<Query<QueryParam>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = param.map(|Query(param)| param.q).unwrap_or_default();
    let (outcome, corpus) = snapshot.search_blocking(query.clone()).await;
    let (status, html) = render(&corpus, &query, outcome, &site)?;
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    Ok(response)
}
