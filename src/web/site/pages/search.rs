//! The search page (`/search?q=&page=N`): ranked results with `<mark>`ed snippets,
//! [`PER_PAGE`](crate::web::site::paging::PER_PAGE) a page as the article list is paged, or a
//! friendly word about the query.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::corpus::Corpus;
use crate::web::site::error::{WebError, not_ready};
use crate::web::site::extract::Query;
use crate::web::site::paging::{Page, PageParam};
use crate::web::site::search_state::Outcome;
use crate::web::site::state::{Site, Snapshot};

/// The `?q=` and `?page=` parameters.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct QueryParam {
    /// The query as typed, each control character (a NUL, a tab, a newline) read as a space
    /// so none reaches the page or the index; absent means empty.
    #[serde(default, deserialize_with = "without_controls")]
    pub q: String,
    /// The page of results, from 1; absent means 1. Text, so a malformed number gets a 400
    /// saying so.
    pub page: Option<String>,
}

/// Reads a query parameter with each control character made a space.
pub(crate) fn without_controls<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let query = String::deserialize(deserializer)?;
    Ok(if query.contains(char::is_control) { query.replace(char::is_control, " ") } else { query })
}

impl QueryParam {
    /// The page asked for, as the list reads `?page=N` (see [`PageParam`]).
    pub(crate) fn paging(&self) -> PageParam {
        PageParam { page: self.page.clone() }
    }
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
    /// The page of results shown (`None` with a message).
    page: Option<Page>,
    hits: Vec<HitView<'a>>,
    /// The links to the previous and next pages of results.
    previous: Option<String>,
    next: Option<String>,
}

/// The search page's HTML for `query`, page `paging` of its results, and what searching that
/// page gave, with its status code: 200 for results and refused queries, 503 while the index
/// builds, 500 if it failed.
///
/// # Errors
/// [`WebError::NotFound`] for a page of results that does not exist (0, past the last, or
/// not a number; an empty result has page 1); [`WebError::Render`] when the template fails.
pub(crate) fn render(
    corpus: &Corpus,
    query: &str,
    outcome: Outcome,
    paging: &PageParam,
    site: &Site,
) -> Result<(StatusCode, String), WebError> {
    let mut page = SearchPage {
        site,
        query,
        message: None,
        syntax_help: true,
        page: None,
        hits: Vec::new(),
        previous: None,
        next: None,
    };
    let status = match outcome {
        Outcome::Found(results) => {
            let shown = Page::find(results.total, paging)?;
            page.previous = shown.previous().map(|number| site.links.search_page(query, number));
            page.next = shown.next().map(|number| site.links.search_page(query, number));
            page.page = Some(shown);
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
pub(crate) fn render_static_notice(site: &Site) -> Result<String, askama::Error> {
    let message = Some(STATIC_NOTICE.to_owned());
    SearchPage {
        site,
        query: "",
        message,
        syntax_help: false,
        page: None,
        hits: Vec::new(),
        previous: None,
        next: None,
    }
    .render()
}

/// What the search page of a static export says.
pub const STATIC_NOTICE: &str =
    "Search needs the newsreader server, and this is a static copy of the site. Every article is in the list.";

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `GET /search?q=&page=N`: the 404 page for a page of results that does not exist.
pub(crate) async fn get(
    State(snapshot): State<Arc<Snapshot>>,
    State(site): State<Arc<Site>>,
    Query(param, ..): Query<QueryParam>,
) -> Result<Response, WebError> {
    let paging = param.paging();
    let number = paging.number()?;
    let (outcome, corpus) = snapshot.search_blocking(param.q.clone(), number).await;
    let (status, html) = render(&corpus, &param.q, outcome, &paging, &site)?;
    let response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    Ok(if status == StatusCode::SERVICE_UNAVAILABLE { not_ready(response) } else { response })
}
