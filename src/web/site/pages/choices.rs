//! The choice page: a bare slug that several articles share (`300 Multiple Choices`), so a
//! link made before the second article arrived still leads to its article.

use askama::Template;

use crate::corpus::Corpus;
use crate::web::site::state::Site;

/// One article to choose.
#[derive(Debug)]
pub(crate) struct Choice<'a> {
    headline: &'a str,
    url: String,
    lede: String,
}

/// The choice page.
#[derive(Debug, Template)]
#[template(path = "choices.html")]
pub(crate) struct ChoicesPage<'a> {
    site: &'a Site,
    choices: Vec<Choice<'a>>,
}

/// The choice page's HTML for the articles at `positions`.
///
/// # Errors
/// When the template fails to render.
pub(crate) fn render(corpus: &Corpus, positions: &[usize], site: &Site) -> Result<String, askama::Error> {
    let choices = positions
        .iter()
        .filter_map(|&position| corpus.articles().get(position))
        .map(|article| Choice {
            headline: &article.headline,
            url: site.links.article(&article.slug),
            lede: article.lede(),
        })
        .collect();
    ChoicesPage { site, choices }.render()
}
