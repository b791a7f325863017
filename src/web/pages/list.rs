//! The article list (`/`).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::corpus::Corpus;
use crate::web::error::WebError;
use crate::web::state::Site;

/// One entry of the list.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    headline: &'a str,
    url: String,
    lede: String,
    minutes: usize,
    agency: Option<&'a str>,
}

/// The list page.
#[derive(Debug, Template)]
#[template(path = "list.html")]
pub(crate) struct ListPage<'a> {
    site: &'a Site,
    entries: Vec<Entry<'a>>,
}

/// The list page's HTML.
///
/// # Errors
/// When the template fails to render.
pub fn render(corpus: &Corpus, site: &Site) -> Result<String, askama::Error> {
    let entries = corpus
        .articles()
        .iter()
        .map(|article| Entry {
            headline: &article.headline,
            url: site.links.article(&article.slug),
            lede: article.lede(),
            minutes: article.reading_minutes(),
            agency: article.photo_agency(),
        })
        .collect();
    ListPage { site, entries }.render()
}

/// `GET /`.
pub(crate) async fn get(
    State(corpus): State<Arc<Corpus>>,
    State(site): State<Arc<Site>>,
) -> Result<Html<String>, WebError> {
    Ok(Html(render(&corpus, &site)?))
}
