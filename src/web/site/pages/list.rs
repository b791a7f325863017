//! The article list (`/`, `/?page=N`), [`PER_PAGE`](crate::web::site::paging::PER_PAGE) articles a
//! page: only the page's own articles are rendered, so a page costs the same in any corpus.
//! The static export's list addresses (`/page/N`) lead here.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::{Redirect, Response};

use crate::corpus::Corpus;
use crate::web::engine::coding::Preferred;
use crate::web::engine::page_cache::CachedPage;
use crate::web::site::error::WebError;
use crate::web::site::extract::{Path, Query};
use crate::web::site::paging::{Page, PageParam};
use crate::web::site::request_site::RequestSite;
use crate::web::site::state::{Site, Snapshot};

/// One entry of the list.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    headline: &'a str,
    url: String,
    /// The article's permanent slug: where `reader.js` looks for what was read.
    permanent: &'a str,
    lede: String,
    minutes: usize,
    agency: Option<String>,
    /// The dateline as printed, and the date it names (for `<time datetime>`).
    dateline: Option<&'a str>,
    date: Option<crate::dateline::Date>,
}

/// The list page.
#[derive(Debug, Template)]
#[template(path = "list.html")]
pub(crate) struct ListPage<'a> {
    site: &'a Site,
    page: &'a Page,
    entries: Vec<Entry<'a>>,
    canonical: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The HTML of list page `page` (see [`Page::of`]).
///
/// # Errors
/// When the template fails to render.
pub(crate) fn render(corpus: &Corpus, page: &Page, site: &Site) -> Result<String, askama::Error> {
    let entries = page
        .range
        .clone()
        .filter_map(|place| corpus.at_place(place))
        .map(|(position, article)| {
            let content = article.content_or_empty();
            Entry {
                headline: &article.headline,
                url: site.links.article(&article.slug),
                permanent: corpus.permanent_slug(position).unwrap_or(&article.slug),
                lede: content.lede(),
                minutes: crate::article::reading_minutes(article.word_count_with(&content)),
                agency: content.photo_agency().map(str::to_owned),
                dateline: article.dateline.as_deref(),
                date: article.date,
            }
        })
        .collect();
    let links = &site.links;
    ListPage {
        site,
        page,
        entries,
        canonical: links.absolute(&links.list_page(page.number)),
        previous: page.previous().map(|number| links.list_page(number)),
        next: page.next().map(|number| links.list_page(number)),
    }
    .render()
}

/// `GET /?page=N`: one page of the list (kept in the snapshot's page cache, in the coding
/// the request prefers); the 404 page past the end; the 400 page for a bad number.
pub(crate) async fn get(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    Preferred(coding): Preferred,
    Query(param, ..): Query<PageParam>,
) -> Result<Response, WebError> {
    Ok(cached(&snapshot, &site, &param)?.response(coding))
}

/// `GET /page/{n}` and `/page/{n}/`, the addresses a static export gives list pages
/// ([`crate::links::Links::for_export`]): 308 to list page `n` as the server links it
/// (`{base}/?page=n`, `{base}/` for the first), so a link copied from an export works here; the
/// 400 page `?page=` gives for a number that is none (`x`, `0`).
pub(crate) async fn exported(
    State(site): State<Arc<Site>>,
    Path(number, ..): Path<String>,
) -> Result<Redirect, WebError> {
    let number = PageParam { page: Some(number) }.number()?;
    Ok(Redirect::permanent(&site.links.list_page(number)))
}

/// List page `param` (see [`Page::of`]) from the snapshot's page cache (rendered the first
/// time).
///
/// # Errors
/// [`WebError::BadRequest`] for a parameter that is no page number, [`WebError::NotFound`]
/// for a page past the end (see [`Page::find`]); [`WebError::Render`] when the template fails.
pub(crate) fn cached(snapshot: &Snapshot, site: &Site, param: &PageParam) -> Result<CachedPage, WebError> {
    let corpus = &snapshot.corpus;
    let page = Page::find(corpus.articles().len(), param)?;
    snapshot.pages.list(site.links.root(), page.number, || render(corpus, &page, site))?.ok_or(WebError::NotFound)
}
