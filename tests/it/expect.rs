//! Fixture helpers: read a file of `tests/fixtures/` as `Corpus::load` would, check that no
//! line is lost, and compare its articles with what a careful reader picks out.

use newsreader::article::Block;
use newsreader::corpus::decode::{self, Decoded};
use newsreader::corpus::parse::{self, Parsed, ParsedArticle, Reason};

use crate::common::repo_path;

/// What one article must hold: its headline, photo count, the first photo's caption and
/// credit, its paragraph count (subheadings not counted), first and last paragraph.
pub struct Expect {
    pub headline: &'static str,
    pub photos: usize,
    pub caption: Option<&'static str>,
    pub credit: Option<&'static str>,
    pub paragraphs: usize,
    pub first: Option<&'static str>,
    pub last: Option<&'static str>,
}

/// The decoded bytes of `tests/fixtures/{name}`.
pub fn decoded(name: &str) -> Decoded {
    let bytes = std::fs::read(repo_path("tests/fixtures").join(name)).unwrap();
    decode::decode(bytes).unwrap()
}

/// The parse of `tests/fixtures/{name}`, after asserting that every non-blank line is
/// accounted for exactly once.
pub fn fixture(name: &str) -> Parsed {
    let text = decoded(name).text.into();
    let parsed = parse::parse(&text);
    if let Err(problem) = parse::check_accounting(&text, &parsed) {
        panic!("{name}: {problem}");
    }
    parsed
}

/// The lines of `parsed` removed for `reason`, in line order.
pub fn removed_as(parsed: &Parsed, reason: &Reason) -> Vec<usize> {
    parsed.removed.iter().filter(|removed| removed.reason == *reason).map(|removed| removed.line).collect()
}

pub fn paragraphs(article: &ParsedArticle) -> Vec<&str> {
    article
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(&**text),
            _ => None,
        })
        .collect()
}

pub fn assert_articles(parsed: &Parsed, expected: &[Expect]) {
    let headlines: Vec<&str> =
        parsed.articles.iter().map(|article| article.headline.as_deref().unwrap_or_default()).collect();
    let wanted: Vec<&str> = expected.iter().map(|expect| expect.headline).collect();
    assert_eq!(headlines, wanted);
    for (article, expect) in parsed.articles.iter().zip(expected) {
        let photo = article.photos.first();
        let paragraphs = paragraphs(article);
        let context = expect.headline;
        assert_eq!(article.photos.len(), expect.photos, "{context}: photos");
        assert_eq!(photo.map(|photo| &*photo.caption), expect.caption, "{context}: caption");
        assert_eq!(photo.and_then(|photo| photo.credit.as_deref()), expect.credit, "{context}: credit");
        assert_eq!(paragraphs.len(), expect.paragraphs, "{context}: paragraphs");
        assert_eq!(paragraphs.first().copied(), expect.first, "{context}: first paragraph");
        assert_eq!(paragraphs.last().copied(), expect.last, "{context}: last paragraph");
    }
}
