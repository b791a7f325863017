//! Scores the parser against a careful reader: `expect.json` names, for each file of a
//! folder of real pages, the articles and fields a reader would pick out; the score is the
//! share of those fields newsreader reads the same.
//!
//! The format is the one of `shared/corpus/more/expect.json`: an object from file name to a
//! list of articles, each with `headline` (`null` when the page prints none), `first` and
//! `last` (prefixes of the first and last body paragraph, `null` when there is none),
//! `captions` (distinct, without credits), `credit` (the first photo's), `byline` and
//! `dateline`. Strings compare with U+00A0 as a space and whitespace runs folded. A file
//! whose list is empty is a page that is no article: its one field is right when
//! newsreader serves no article from it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::article::{Article, Block};
use crate::corpus::Corpus;

/// What a careful reader picks out of one article.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Expected {
    /// The headline as printed, `None` when the page prints none.
    pub headline: Option<String>,
    /// A prefix of the first body paragraph.
    pub first: Option<String>,
    /// A prefix of the last body paragraph.
    pub last: Option<String>,
    /// The distinct photo captions, without credits.
    pub captions: Vec<String>,
    /// The first photo's credit.
    pub credit: Option<String>,
    /// The byline.
    pub byline: Option<String>,
    /// The dateline.
    pub dateline: Option<String>,
}

/// The expectations of a folder: file name to its articles, in order.
pub type Expectations = BTreeMap<String, Vec<Expected>>;

/// One field that newsreader read otherwise than the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The seed file.
    pub file: String,
    /// The article's position in the file, from 0.
    pub article: usize,
    /// The field (`headline`, `first`, ..., or `articles` for a page that is no article).
    pub field: &'static str,
    /// What the reader picked out.
    pub expected: String,
    /// What newsreader read.
    pub found: String,
}

/// A folder's score.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Score {
    /// Fields read as the reader read them.
    pub right: usize,
    /// Fields the reader picked out.
    pub asked: usize,
    /// The fields read otherwise, in file order.
    pub misses: Vec<Miss>,
}

/// Errors reading a folder's expectations.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `expect.json` cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// `expect.json` is not in the format above.
    #[error("{path}: {source}")]
    Format {
        /// The file.
        path: String,
        /// What the JSON parser said, with line and column.
        source: serde_json::Error,
    },
}

/// Reads expectations from the JSON file at `path`.
///
/// # Errors
/// [`Error::Read`] or [`Error::Format`].
pub fn read_expectations(path: &Path) -> Result<Expectations, Error> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: name.clone(), source })?;
    serde_json::from_str(&text).map_err(|source| Error::Format { path: name, source })
}

/// Reads each file of `expectations` from `dir` as `serve` would (each file on its own) and
/// scores it. A file that cannot be read scores nothing.
pub fn score(dir: &Path, expectations: &Expectations) -> Score {
    let mut score = Score::default();
    for (file, expected) in expectations {
        let bytes = std::fs::read(dir.join(file));
        let (corpus, _) = Corpus::from_sources([(file.clone(), bytes)]);
        score_file(&mut score, file, expected, corpus.articles());
    }
    score
}

/// Adds the fields of one file to `score`.
fn score_file(score: &mut Score, file: &str, expected: &[Expected], articles: &[std::sync::Arc<Article>]) {
    if expected.is_empty() {
        score.asked += 1;
        if articles.is_empty() {
            score.right += 1;
        } else {
            let found = articles.iter().map(|article| article.headline.to_string()).collect::<Vec<_>>().join(" | ");
            let miss =
                |found| Miss { file: file.to_owned(), article: 0, field: "articles", expected: "none".into(), found };
            score.misses.push(miss(format!("{} articles: {found}", articles.len())));
        }
        return;
    }
    for (position, expect) in expected.iter().enumerate() {
        let article = articles.get(position).map(|article| &**article);
        let fields = read_fields(article);
        let wanted = [
            ("headline", expect.headline.clone(), false),
            ("first", expect.first.clone(), true),
            ("last", expect.last.clone(), true),
            ("captions", Some(expect.captions.join("\n")), false),
            ("credit", expect.credit.clone(), false),
            ("byline", expect.byline.clone(), false),
            ("dateline", expect.dateline.clone(), false),
        ];
        for ((field, expected, prefix), found) in wanted.into_iter().zip(fields) {
            score.asked += 1;
            let expected = expected.as_deref().map(|text| text.split('\n').map(fold).collect::<Vec<_>>().join("\n"));
            let right = article.is_some()
                && match (&expected, &found) {
                    (Some(expected), Some(found)) if prefix => found.starts_with(expected.as_str()),
                    _ => expected == found,
                };
            if right {
                score.right += 1;
            } else {
                score.misses.push(Miss {
                    file: file.to_owned(),
                    article: position,
                    field,
                    expected: expected.unwrap_or_else(|| "null".into()),
                    found: if article.is_none() { "no article".into() } else { found.unwrap_or_else(|| "null".into()) },
                });
            }
        }
    }
    if articles.len() > expected.len() {
        score.asked += 1;
        let extra = articles[expected.len()..].iter().map(|article| article.headline.to_string()).collect::<Vec<_>>();
        score.misses.push(Miss {
            file: file.to_owned(),
            article: expected.len(),
            field: "articles",
            expected: format!("{} articles", expected.len()),
            found: format!("{} more: {}", extra.len(), extra.join(" | ")),
        });
    }
}

/// The seven fields of `article` in the order [`score_file`] asks them, folded.
fn read_fields(article: Option<&Article>) -> [Option<String>; 7] {
    let Some(article) = article else { return Default::default() };
    let content = article.content_or_empty();
    let paragraphs: Vec<&str> = content
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(&**text),
            _ => None,
        })
        .collect();
    let captions = content.photos.iter().map(|photo| fold(&photo.caption)).collect::<Vec<_>>().join("\n");
    [
        article.headline_printed.then(|| fold(&article.headline)),
        paragraphs.first().map(|text| fold(text)),
        paragraphs.last().map(|text| fold(text)),
        Some(captions),
        content.photos.first().and_then(|photo| photo.credit.as_deref()).map(fold),
        article.byline.as_deref().map(fold),
        article.dateline.as_deref().map(fold),
    ]
}

/// `text` with U+00A0 as a space and whitespace runs folded to one space.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
