//! One article (`/articles/{slug}`).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::article::Article;
use crate::corpus::Corpus;
use crate::web::error::WebError;
use crate::web::state::Site;

/// A link to a neighbouring article.
#[derive(Debug)]
pub(crate) struct Neighbour<'a> {
    headline: &'a str,
    url: String,
}

/// The article page.
#[derive(Debug, Template)]
#[template(path = "article.html")]
pub(crate) struct ArticlePage<'a> {
    site: &'a Site,
    article: &'a Article,
    body: String,
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
}

/// The HTML of the article at `position` in list order, `None` past the end.
///
/// # Errors
/// When the template fails to render.
pub fn render(corpus: &Corpus, position: usize, site: &Site) -> Result<Option<String>, askama::Error> {
    let articles = corpus.articles();
    let Some(article) = articles.get(position) else { return Ok(None) };
    let neighbour = |index: usize| {
        articles.get(index).map(|other| Neighbour { headline: &other.headline, url: site.links.article(&other.slug) })
    };
    let page = ArticlePage {
        site,
        article,
        body: crate::markdown::body_html(&article.blocks),
        previous: position.checked_sub(1).and_then(neighbour),
        next: neighbour(position + 1),
    };
    page.render().map(Some)
}

/// `GET /articles/{slug}`: the article, or the 404 page.
pub(crate) async fn get(
    State(corpus): State<Arc<Corpus>>,
    State(site): State<Arc<Site>>,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let position = corpus.position(&slug).ok_or(WebError::NotFound)?;
    render(&corpus, position, &site)?.map(Html).ok_or(WebError::NotFound)
}
