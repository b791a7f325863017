//! One article (`/articles/{slug}`), and where other spellings of a slug lead.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::article::Article;
use crate::corpus::{Corpus, Resolved};
use crate::web::engine::coding::Preferred;
use crate::web::engine::page_cache::CachedPage;
use crate::web::site::error::WebError;
use crate::web::site::extract::Path;
use crate::web::site::pages::choices;
use crate::web::site::request_site::RequestSite;
use crate::web::site::state::{Site, Snapshot};

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
    /// Its photos, in page order.
    photos: std::sync::Arc<[crate::article::Photo]>,
    /// The `<html lang>`: the article's language, else `en` (the site's own).
    lang: &'static str,
    /// Whether the article is written right to left (`<html dir="rtl">`).
    rtl: bool,
    /// Whether the article is known to be in a language other than English: the page's own
    /// English labels (`min read`, `Previous`) then carry `lang="en" dir="ltr"`.
    foreign: bool,
    /// Absolute (with an origin) URL of this page, for `rel=canonical` and `og:url`.
    canonical: String,
    /// URL of the article's permanent slug, the link to share (see [`crate::slug`]).
    permanent: String,
    /// The permanent slug itself: the key `reader.js` keeps the reading position under.
    permanent_slug: &'a str,
    /// The lede, for the meta description and `og:description`.
    description: String,
    body: String,
    previous: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
}

/// The HTML of the article at `position` in corpus order, `None` past the end; its previous
/// and next are its neighbours in list order (newest first: previous is newer).
///
/// # Errors
/// When the template fails to render.
pub(crate) fn render(corpus: &Corpus, position: usize, site: &Site) -> Result<Option<String>, askama::Error> {
    let articles = corpus.articles();
    let Some(article) = articles.get(position) else { return Ok(None) };
    let place = corpus.list_place(position).unwrap_or_default();
    let neighbour = |place: usize| {
        let (_, other) = corpus.at_place(place)?;
        Some(Neighbour { headline: &other.headline, url: site.links.article(&other.slug) })
    };
    let content = article.content().map_err(|error| askama::Error::Custom(Box::new(error)))?;
    let language = article.language();
    let permanent_slug = corpus.permanent_slug(position).unwrap_or(&article.slug);
    let page = ArticlePage {
        site,
        article,
        photos: content.photos.clone(),
        lang: language.unwrap_or("en"),
        rtl: article.right_to_left(),
        foreign: language.is_some_and(|code| code != "en"),
        canonical: site.links.absolute(&site.links.article(&article.slug)),
        permanent: site.links.article(permanent_slug),
        permanent_slug,
        description: content.lede(),
        body: crate::markdown::body_html(&content.blocks, crate::markdown::Marks::Permalinks),
        previous: place.checked_sub(1).and_then(neighbour),
        next: neighbour(place + 1),
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
    snapshot.pages.article(site.links.root(), position, render)?.ok_or(WebError::NotFound)
}

/// `GET /articles/{slug}`: the article (kept in the snapshot's page cache, in the coding the
/// request prefers); 308 to the canonical URL for another spelling; the
/// choice page (300) for a bare slug several articles share; else the 404 page.
pub(crate) async fn get(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    Preferred(coding): Preferred,
    Path(slug, ..): Path<String>,
) -> Result<Response, WebError> {
    let corpus = &snapshot.corpus;
    match corpus.resolve(&slug) {
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
    Path(slug, ..): Path<String>,
) -> Result<Redirect, WebError> {
    match corpus.resolve(&slug) {
        Resolved::Article(_) => Ok(Redirect::permanent(&site.links.article(&slug))),
        Resolved::Moved(canonical) => Ok(Redirect::permanent(&site.links.article(canonical))),
        Resolved::Choices(_) => Ok(Redirect::permanent(&site.links.article(&slug.to_lowercase()))),
        Resolved::Missing => Err(WebError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use super::*;

    fn texts(html: &str, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("selector");
        Html::parse_document(html)
            .select(&selector)
            .map(|element| element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    fn page(fill: impl FnOnce(&mut Article)) -> String {
        let text = "Emirates Expands Fleet\n\nThe airline ordered 30 more aircraft on Tuesday.\n";
        let mut corpus = Corpus::from_sources([("a.txt".to_owned(), Ok(text.as_bytes().to_vec()))]).0;
        fill(std::sync::Arc::make_mut(&mut corpus.articles_mut()[0]));
        render(&corpus, 0, &Site::new("")).expect("renders").expect("an article")
    }

    #[test]
    fn header_shows_section_standfirst_byline_source_and_dateline() {
        let html = page(|article| {
            article.section = Some("Business".into());
            article.standfirst = Some("The Dubai carrier is betting on long-haul demand.".into());
            article.byline = Some("Sarwat Nasir".into());
            article.source = Some("The National".into());
            article.dateline = Some("Updated 14 June 2024".into());
            article.date = crate::dateline::parse("Updated 14 June 2024");
        });
        assert_eq!(texts(&html, ".article-header .section"), ["Business"]);
        assert_eq!(texts(&html, ".article-header h1"), ["Emirates Expands Fleet"]);
        assert_eq!(texts(&html, ".article-header .standfirst"), ["The Dubai carrier is betting on long-haul demand."]);
        assert_eq!(texts(&html, ".article-header .byline"), ["By Sarwat Nasir The National"]);
        assert_eq!(texts(&html, ".byline .author"), ["Sarwat Nasir"]);
        assert_eq!(texts(&html, ".byline .source"), ["The National"]);
        assert_eq!(texts(&html, ".meta time.dateline[datetime='2024-06-14']"), ["Updated 14 June 2024"]);
        // The order on the page: section, headline, standfirst, byline, then the small print.
        let header = texts(&html, ".article-header").remove(0);
        assert!(header.starts_with("Business Emirates Expands Fleet The Dubai carrier"), "{header}");
    }

    #[test]
    fn missing_parts_leave_no_empty_element() {
        let html = page(|article| article.dateline = Some("sometime last week".into()));
        for selector in [".section", ".standfirst", ".byline", "time"] {
            assert!(texts(&html, selector).is_empty(), "{selector}");
        }
        assert_eq!(texts(&html, ".meta span.dateline"), ["sometime last week"]);
        let html = page(|article| article.source = Some("Reuters".into()));
        assert_eq!(texts(&html, ".byline"), ["Reuters"]);
        assert!(texts(&html, ".byline .author").is_empty());
    }
}
