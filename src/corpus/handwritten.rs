//! Hand-written articles: a `.md` seed file is one article in CommonMark.
//!
//! 1. The first line that is an ATX level-1 heading (`# Headline`, optional closing `#`s) is
//!    the headline.
//! 2. Every other line, in file order, is the body: one [`Block::Markdown`] holding the
//!    CommonMark source, rendered (safely) by [`crate::markdown`].
//!
//! Every non-blank line is in the headline or the body, so [`super::parse::check_accounting`]
//! holds for the result as for scraped text.

use super::parse::{self, Field, Parsed, ParsedArticle};
use super::{likeness, lines};
use crate::article::{Block, SeedText};

/// Why a `.md` file holds no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No line is a `# ` heading.
    #[error("Markdown file without a `# ` headline")]
    NoHeadline,
}

/// Reads a `.md` seed's text as one article; its headline and line texts are views into
/// `text`.
///
/// # Errors
/// [`Error::NoHeadline`] when no line is a level-1 ATX heading with text.
pub fn parse(text: &SeedText) -> Result<Parsed, Error> {
    let lines = parse::line_texts(text);
    let (index, headline) =
        lines.iter().enumerate().find_map(|(index, line)| Some((index, atx_h1(line)?))).ok_or(Error::NoHeadline)?;
    let whole: &str = text;
    let raw: Vec<&str> = parse::split_lines(whole.strip_prefix('\u{feff}').unwrap_or(whole)).collect();
    let body: Vec<&str> =
        raw.iter().enumerate().filter(|&(other, _)| other != index).map(|(_, line)| line.trim_end()).collect();
    let body = body.join("\n").trim_matches('\n').to_owned();
    let mut article = ParsedArticle::new(Some(text.slice_ref(headline)), index + 1);
    (article.lines, article.header_texts) = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .map(|(at, line)| (at + 1, text.slice_ref(line)))
        .unzip();
    article.fields =
        article.lines.iter().map(|&line| if line == index + 1 { Field::Headline } else { Field::Paragraph }).collect();
    if !body.trim().is_empty() {
        article.blocks.push(Block::Markdown(body.into()));
    }
    let body: Vec<_> = article.blocks.iter().map(|block| lines::fold(block.text())).collect();
    article.fingerprint =
        likeness::fingerprint(&lines::fold(headline), std::iter::empty(), body.iter().map(|text| &**text));
    Ok(Parsed { articles: vec![article], ..Parsed::default() })
}

/// The text of a level-1 ATX heading line (`# Title #`), trimmed; `None` for other lines
/// or an empty heading.
fn atx_h1(line: &str) -> Option<&str> {
    let text = line.strip_prefix("# ").or_else(|| line.strip_prefix("#\t"))?;
    let text = text.trim().trim_end_matches('#').trim_end();
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_heading_is_the_headline_and_the_rest_is_body() {
        let text =
            "Intranet notice\r\n\r\n# Office closed on Friday #\r\n\r\nThe office is **closed**.\r\n\r\n  - one\r\n";
        let parsed = parse(&text.into()).expect("article");
        assert!(parse::check_accounting(text, &parsed).is_ok());
        let article = &parsed.articles[0];
        assert_eq!(article.headline.as_deref(), Some("Office closed on Friday"));
        assert_eq!(article.line, 3);
        assert_eq!(article.lines, [1, 3, 5, 7]);
        assert_eq!(
            article.blocks,
            [Block::Markdown("Intranet notice\n\n\nThe office is **closed**.\n\n  - one".into())]
        );
    }

    #[test]
    fn a_file_without_a_level_one_heading_has_no_article() {
        for text in ["## Only a subheading\n\nText.", "#hashtag\n", "", "#   \n"] {
            assert_eq!(parse(&text.into()), Err(Error::NoHeadline), "{text:?}");
        }
    }
}
