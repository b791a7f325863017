//! One article (`/articles/{slug}`), and where other spellings of a slug lead.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::article::Article;
use crate::corpus::Corpus;
use crate::slug::Found;
use crate::web::coding::Preferred;
use crate::web::error::WebError;
use crate::web::page_cache::CachedPage;
use crate::web::pages::choices;
use crate::web::state::{Site, Snapshot};

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
    /// Absolute (with an origin) URL of this page, for `rel=canonical` and `og:url`.
    canonical: String,
    /// URL of the article's permanent slug, the link to share (see [`crate::slug`]).
    permanent: String,
    /// The lede, for the meta description and `og:description`.
    description: String,
    body: String,
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
}

/// What a requested slug leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved<'a> {
    /// The article at this position, asked for by its canonical slug.
    Article(usize),
    /// Another name of an article (permanent slug, other case): its canonical slug.
    Moved(&'a str),
    /// A bare slug several articles share: their positions.
    Choices(&'a [usize]),
    /// Nothing.
    Missing,
}

/// Resolves `requested` (as decoded from the path): exact canonical slugs serve the article;
/// other case and permanent slugs lead to the canonical slug; shared bare slugs to a choice.
pub(crate) fn resolve<'a>(corpus: &'a Corpus, requested: &str) -> Resolved<'a> {
    match corpus.find(&requested.to_lowercase()) {
        Found::One(position) => match corpus.articles().get(position) {
            Some(article) if article.slug == requested => Resolved::Article(position),
            Some(article) => Resolved::Moved(&article.slug),
            None => Resolved::Missing,
        },
        Found::Several(positions) => Resolved::Choices(positions),
        Found::Nothing => Resolved::Missing,
    }
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
        canonical: site.links.absolute(&site.links.article(&article.slug)),
        permanent: site.links.article(corpus.permanent_slug(position).unwrap_or(&article.slug)),
        description: article.lede(),
        body: crate::markdown::body_html(&article.blocks, crate::markdown::Marks::Permalinks),
        previous: position.checked_sub(1).and_then(neighbour),
        next: neighbour(position + 1),
    };
    page.render().map(Some)
}

/// The page of the article at `position` in list order, from the snapshot's page cache
/// (rendered the first time).
///
/// # Errors
/// [`WebError::NotFound`] past the end; [`WebError::Render`] when the template fails.
pub(crate) fn cached(snapshot: &Snapshot, site: &Site, position: usize) -> Result<CachedPage, WebError> {
    let render = || render(&snapshot.corpus, position, site)?.ok_or(WebError::NotFound);
    snapshot.pages.article(position, render)?.ok_or(WebError::NotFound)
}

/// `GET /articles/{slug}`: the article (kept in the snapshot's page cache, in the coding the
/// request prefers); 308 to the canonical URL for another spelling; the
/// choice page (300) for a bare slug several articles share; else the 404 page.
pub(crate) async fn get(
    State(snapshot): State<Arc<Snapshot>>,
    State(site): State<Arc<Site>>,
    Preferred(coding): Preferred,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, WebError> {
    let Ok(Path(slug)) = slug else { return Err(WebError::NotFound) };
    let corpus = &snapshot.corpus;
    match resolve(corpus, &slug) {
        Resolved::Article(position) => Ok(cached(&snapshot, &site, position)?.response(coding)),
        Resolved::Moved(canonical) => Ok(Redirect::permanent(&site.links.article(canonical)).into_response()),
        Resolved::Choices(positions) => {
            let html = choices::render(corpus, positions, &site)?;
            Ok((StatusCode::MULTIPLE_CHOICES, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
                .into_response())
        }
        Resolved::Missing => Err(WebError::NotFound),
    }
}

/// `GET /articles/{slug}/`: 308 to the article's canonical URL (or the bare slug's choice
/// page); the 404 page when the slug names nothing.
pub(crate) async fn trailing_slash(
    State(corpus): State<Arc<Corpus>>,
    State(site): State<Arc<Site>>,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Redirect, WebError> {
    let Ok(Path(slug)) = slug else { return Err(WebError::NotFound) };
    match resolve(&corpus, &slug) {
        Resolved::Article(_) => Ok(Redirect::permanent(&site.links.article(&slug))),
        Resolved::Moved(canonical) => Ok(Redirect::permanent(&site.links.article(canonical))),
        Resolved::Choices(_) => Ok(Redirect::permanent(&site.links.article(&slug.to_lowercase()))),
        Resolved::Missing => Err(WebError::NotFound),
    }
}
