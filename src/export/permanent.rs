//! Permanent addresses in a static export: at `articles/{permanent}/index.html` a small page
//! that leads to the article (`<meta http-equiv="refresh">`, WHATWG HTML §4.2.5.3, a canonical
//! link, RFC 6596, and a plain link for clients that do neither), and `redirects.map`, the
//! same addresses as lines of an nginx `map` block, for real 301s.

use askama::Template;

use crate::corpus::Corpus;
use crate::links::Links;

/// The file of nginx `map` lines, at the export's root.
pub(super) const MAP: &str = "redirects.map";

/// The page at an article's permanent address.
#[derive(Debug, Template)]
#[template(path = "permanent.html")]
struct PermanentPage<'a> {
    headline: &'a str,
    /// The article's absolute address (under the public URL when there is one).
    canonical: String,
    /// The article's address under the base path (`/news/articles/x`).
    address: String,
}

/// The permanent slug of the article at `position` when it differs from its slug, with the
/// HTML of the page leading from it to the article.
///
/// # Errors
/// When the template fails to render.
pub(super) fn page<'a>(
    corpus: &'a Corpus,
    position: usize,
    links: &Links,
) -> Result<Option<(&'a str, String)>, askama::Error> {
    let article = &corpus.articles()[position];
    let Some(permanent) = corpus.permanent_slug(position).filter(|permanent| *permanent != article.slug) else {
        return Ok(None);
    };
    let address = links.article(&article.slug);
    let page = PermanentPage { headline: &article.headline, canonical: links.absolute(&address), address };
    Ok(Some((permanent, page.render()?)))
}

/// One line per article whose permanent slug differs from its slug, in list order:
/// `/news/articles/{permanent} /news/articles/{slug};`, the lines of an nginx `map` from `$uri`
/// (ngx_http_map_module).
pub(super) fn map(corpus: &Corpus, links: &Links) -> String {
    let mut lines = String::new();
    for (position, article) in corpus.articles().iter().enumerate() {
        if let Some(permanent) = corpus.permanent_slug(position).filter(|permanent| *permanent != article.slug) {
            lines.push_str(&format!("{} {};\n", links.article(permanent), links.article(&article.slug)));
        }
    }
    lines
}
