//! The corpus: every article of a seeds folder, in order, with a slug index.
//!
//! 1. List the folder's `*.txt` files, sorted by name ([`Corpus::load`] is the only I/O).
//! 2. Decode each file ([`decode`]) and parse it ([`parse`]); a file that cannot be read,
//!    or that holds no article, is reported and skipped.
//! 3. Name each article ([`crate::slug::Index`]): the headline's slug, with a content-hash
//!    suffix when two different articles would share it; the hashed (permanent) slug always
//!    resolves too, so no URL breaks when seed files come and go.

pub mod decode;
pub mod lines;
pub mod parse;
pub mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::article::{Article, Source};
use crate::slug::{self, Found};
use parse::Removed;

/// Every article of a seeds folder, in list order: files by name, articles in file order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    articles: Vec<Article>,
    permanent: Vec<String>,
    slugs: slug::Index,
    modified: HashMap<String, SystemTime>,
}

/// What reading one seed file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// File name within the seeds folder.
    pub file: String,
    /// Number of articles taken from the file.
    pub articles: usize,
    /// Lines not shown, each with its reason.
    pub removed: Vec<Removed>,
    /// Things worth a look that did not stop the file being read.
    pub warnings: Vec<String>,
    /// Why the file was skipped, if it was.
    pub skipped: Option<String>,
}

/// Why a seeds folder cannot be served at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder is missing or unreadable.
    #[error("cannot read seeds folder {path}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The folder holds no `.txt` file.
    #[error("no .txt seed files in {path}")]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

impl Corpus {
    /// Reads every `*.txt` file directly inside `dir`, in file-name order.
    ///
    /// Returns the corpus and one report per file. A file that cannot be read or decoded,
    /// or that holds no article, is skipped with its reason in its report.
    ///
    /// # Errors
    /// [`Error::Folder`] when `dir` cannot be listed; [`Error::Empty`] when it has no
    /// `.txt` file.
    pub fn load(dir: &Path) -> Result<(Corpus, Vec<FileReport>), Error> {
        let files = seed_files(dir)?;
        let modified = files
            .iter()
            .filter_map(|(name, path)| Some((name.clone(), std::fs::metadata(path).ok()?.modified().ok()?)))
            .collect();
        let sources = files.into_iter().map(|(name, path)| {
            let bytes = std::fs::read(&path);
            (name, bytes)
        });
        let (mut corpus, reports) = Corpus::from_sources(sources);
        corpus.modified = modified;
        Ok((corpus, reports))
    }

    /// Builds a corpus from named file contents, in the order given; the pure core of
    /// [`Corpus::load`].
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, std::io::Result<Vec<u8>>)>,
    ) -> (Corpus, Vec<FileReport>) {
        let mut articles = Vec::new();
        let mut reports = Vec::new();
        for (file, bytes) in sources {
            let (found, report) = read_file(&file, bytes);
            articles.extend(found);
            reports.push(report);
        }
        (Corpus::from_articles(articles), reports)
    }

    fn from_articles(mut articles: Vec<Article>) -> Corpus {
        let (names, slugs) = slug::Index::build(articles.iter().map(|article| {
            let texts =
                std::iter::once(article.headline.as_str()).chain(article.blocks.iter().map(|block| block.text()));
            (article.headline.as_str(), slug::content_hash(texts))
        }));
        let mut permanent = Vec::with_capacity(names.len());
        for (article, name) in articles.iter_mut().zip(names) {
            article.slug = name.canonical;
            permanent.push(name.permanent);
        }
        Corpus { articles, permanent, slugs, modified: HashMap::new() }
    }

    /// All articles, in list order.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// What `slug` names (exact spelling): an article by its canonical or permanent slug,
    /// the articles sharing a bare headline slug, or nothing. See [`crate::slug`].
    pub fn find(&self, slug: &str) -> Found<'_> {
        self.slugs.find(slug)
    }

    /// The permanent slug of the article at `position` (see [`crate::slug::Names`]); it
    /// depends only on the article's own text.
    pub fn permanent_slug(&self, position: usize) -> Option<&str> {
        self.permanent.get(position).map(String::as_str)
    }

    /// When the seed file `file` was last modified, for files read by [`Corpus::load`].
    pub fn modified(&self, file: &str) -> Option<SystemTime> {
        self.modified.get(file).copied()
    }
}

/// The seed files directly inside `dir`, as (file name, path), sorted by name.
///
/// # Errors
/// [`Error::Folder`] when `dir` cannot be listed; [`Error::Empty`] when it has no seed file.
pub fn seed_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let folder = |source| Error::Folder { path: dir.to_owned(), source };
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt") && path.is_file())
        .filter_map(|path| Some((path.file_name()?.to_string_lossy().into_owned(), path)))
        .collect();
    if files.is_empty() {
        return Err(Error::Empty { path: dir.to_owned() });
    }
    files.sort();
    Ok(files)
}

/// Decodes and parses one file into articles (slugs not yet set) and its report.
fn read_file(file: &str, bytes: std::io::Result<Vec<u8>>) -> (Vec<Article>, FileReport) {
    let mut report =
        FileReport { file: file.to_owned(), articles: 0, removed: Vec::new(), warnings: Vec::new(), skipped: None };
    let decoded = match bytes {
        Ok(bytes) => decode::decode(&bytes).map_err(|error| error.to_string()),
        Err(error) => Err(format!("cannot read: {error}")),
    };
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(reason) => {
            report.skipped = Some(reason);
            return (Vec::new(), report);
        }
    };
    report.warnings = decoded.warnings;
    let parsed = parse::parse(&decoded.text);
    if parsed.articles.is_empty() {
        report.skipped = Some("holds no article".to_owned());
    }
    report.articles = parsed.articles.len();
    report.removed = parsed.removed;
    let articles = parsed
        .articles
        .into_iter()
        .map(|parsed| Article {
            headline: parsed.headline,
            slug: String::new(),
            dateline: parsed.dateline,
            photos: parsed.photos,
            blocks: parsed.blocks,
            source: Source { file: file.to_owned(), line: parsed.line },
        })
        .collect();
    (articles, report)
}
