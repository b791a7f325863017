//! The corpus: every article of a seeds folder, in order, with a slug index.
//!
//! 1. List the `*.txt` and `*.md` files of the folder and its folders, sorted by their
//!    path within it ([`folder`](mod@folder); [`Corpus::load`] is the only I/O).
//! 2. Read each file on its own ([`file`](mod@file), in parallel): decode it ([`decode`]), parse it
//!    (scraped text with [`parse`], hand-written Markdown with [`handwritten`]), fingerprint
//!    its articles and slugify their headlines. A file that cannot be read, or that holds no article, is
//!    reported and skipped. [`store::SeedStore`] keeps these reads, so a reload reads only
//!    the files that changed.
//! 3. Remove repeated articles across and within files ([`dedup`]), each removed line
//!    reported with its reason.
//! 4. Name each article ([`crate::slug::Index`]): the headline's slug, with a content-hash
//!    suffix when two different articles would share it; the hashed (permanent) slug always
//!    resolves too, so no URL breaks when seed files come and go. A permanent slug that is
//!    not canonical is made when first asked for.
//!
//! [`report`] turns the per-file reports into the text `newsreader check` prints.

pub mod decode;
pub mod dedup;
pub mod explain;
pub mod file;
pub mod folder;
pub mod handwritten;
pub mod keeper;
pub mod likeness;
pub mod lines;
pub mod manifest;
pub mod parse;
pub mod report;
pub mod store;
pub mod vocabulary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::article::Article;
use crate::slug::{self, Found};
pub use decode::Warning;
use file::{FileRead, read_file};
pub use folder::{NotAFile, SeedEntry, seed_files};
use parse::Removed;

/// Every article of a seeds folder, in corpus order (files by name, articles in file order),
/// and the list order readers see: newest first ([`Corpus::newest_first`]).
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    articles: Vec<Arc<Article>>,
    /// Positions newest first, and each position's place among them.
    order: Order,
    /// Each article's permanent slug, in list order: set while building where the canonical
    /// slug is the permanent one, else made on first use.
    permanent: Vec<OnceLock<String>>,
    slugs: slug::Index,
    modified: HashMap<String, SystemTime>,
}

/// A list order of a corpus: its positions in that order, and each position's place.
#[derive(Debug, Clone, Default)]
struct Order {
    positions: Box<[u32]>,
    places: Box<[u32]>,
}

impl Order {
    /// `articles` newest first (see [`Corpus::newest_first`]), the seed files dated by
    /// `modified`.
    fn newest_first(articles: &[Arc<Article>], modified: &HashMap<String, SystemTime>) -> Order {
        // Nanoseconds since 1970: files written in the same second keep the order they
        // were written in.
        let when = |article: &Article| -> Option<i64> {
            if let Some(date) = article.date {
                return date.instant().timestamp_nanos_opt();
            }
            keeper::unix_nanos(*modified.get(&*article.seed.file)?)
        };
        // Corpora are far below 2^32 articles; the API and pages count them in `u32` too.
        let mut keys: Vec<(std::cmp::Reverse<Option<i64>>, u32)> = articles
            .iter()
            .enumerate()
            .map(|(position, article)| (std::cmp::Reverse(when(article)), position as u32))
            .collect();
        keys.sort_unstable();
        let positions: Box<[u32]> = keys.into_iter().map(|(_, position)| position).collect();
        let mut places = vec![0; positions.len()].into_boxed_slice();
        for (place, &position) in positions.iter().enumerate() {
            places[position as usize] = place as u32;
        }
        Order { positions, places }
    }
}

/// What reading one seed file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file's path within the seeds folder (`2024/04/a.txt`).
    pub file: String,
    /// Number of articles taken from the file (after repeated articles were removed).
    pub articles: usize,
    /// Lines not shown, each with its reason, in line order.
    pub removed: Vec<Removed>,
    /// Lines not shown that are not in `removed`: a server's [compacted](file::FileRead::compact)
    /// reads keep only how many there were.
    pub unlisted: usize,
    /// Things worth a look that did not stop the file being read.
    pub warnings: Vec<Warning>,
    /// Why the file gave no article, if it gave none.
    pub skipped: Option<Skip>,
}

/// Why a seed file gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// The file could not be read (the OS error's text).
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The bytes are not text.
    #[error(transparent)]
    Binary(#[from] decode::Error),
    /// A `.md` file without a headline.
    #[error(transparent)]
    Handwritten(#[from] handwritten::Error),
    /// The entry is no file to read (a dangling symlink, a folder, a FIFO...).
    #[error(transparent)]
    NotAFile(#[from] NotAFile),
    /// The text holds no article (an empty or whitespace-only file).
    #[error("holds no article")]
    NoArticle,
    /// The page is a home page, section front or listing: teasers of articles, no article.
    /// Every line is in the report; this is a reading, not a fault.
    #[error("not an article: a listing of {teasers} teasers")]
    Listing {
        /// How many teasers it lists.
        teasers: usize,
    },
}

impl FileReport {
    /// How many lines are not shown: those in `removed` and the `unlisted` ones.
    pub fn removed_count(&self) -> usize {
        self.removed.len() + self.unlisted
    }
}

impl Skip {
    /// Whether the skip is an error (the file is broken) rather than a warning (it is
    /// empty).
    pub fn is_error(&self) -> bool {
        matches!(self, Skip::Unreadable(_) | Skip::Binary(_) | Skip::Handwritten(_) | Skip::NotAFile(_))
    }

    /// Whether the skip is worth a warning: an empty file is, a listing is not (it is what
    /// the page is).
    pub fn is_warning(&self) -> bool {
        matches!(self, Skip::NoArticle)
    }
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
    /// The folder holds no `.txt` or `.md` file.
    #[error("no .txt or .md seed files in {path}")]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

/// Whether the seed file `name` is a hand-written Markdown article: `*.md`, in any case.
pub(crate) fn is_markdown(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

/// What a requested slug leads to ([`Corpus::resolve`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// The article at this position, asked for by its canonical slug.
    Article(usize),
    /// Another name of an article (permanent slug, other case): its canonical slug.
    Moved(&'a str),
    /// A bare slug several articles share: their positions.
    Choices(&'a [usize]),
    /// Nothing.
    Missing,
}

impl Corpus {
    /// Reads every `*.txt` and `*.md` file (extension in any case) of `dir` and its folders
    /// ([`seed_files`]), in name order (the path within `dir`).
    ///
    /// Returns the corpus and one report per file. A file that cannot be read or decoded,
    /// or that holds no article, is skipped with its reason in its report.
    ///
    /// # Errors
    /// [`Error::Folder`] when `dir` cannot be listed; [`Error::Empty`] when it has no
    /// seed file.
    pub fn load(dir: &Path) -> Result<(Corpus, Vec<FileReport>), Error> {
        let entries = seed_files(dir)?;
        let modified = entries
            .iter()
            .filter(|entry| entry.refused.is_none())
            .filter_map(|entry| Some((entry.name.clone(), std::fs::metadata(&entry.path).ok()?.modified().ok()?)))
            .collect();
        let reads: Vec<FileRead> = entries.into_par_iter().map(SeedEntry::read).collect();
        Ok(Corpus::from_reads_at(&reads, modified))
    }

    /// Builds a corpus from named file contents, in the order given; the pure core of
    /// [`Corpus::load`]. A name ending in `.md` (any case) is read as a hand-written Markdown
    /// article, any other as scraped text. Files are read in parallel.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, std::io::Result<Vec<u8>>)>,
    ) -> (Corpus, Vec<FileReport>) {
        let sources: Vec<_> = sources.into_iter().collect();
        let reads: Vec<FileRead> = sources.into_par_iter().map(|(file, bytes)| read_file(file, bytes)).collect();
        Corpus::from_reads(&reads)
    }

    /// Builds a corpus from files already read, in corpus order: removes repeated articles
    /// ([`dedup`]) and names the rest ([`slug::Index`]). The reads are not changed; article
    /// bodies are shared with them, not copied.
    pub fn from_reads<'a>(reads: impl IntoIterator<Item = &'a FileRead>) -> (Corpus, Vec<FileReport>) {
        Corpus::from_reads_at(reads, HashMap::new())
    }

    /// [`Corpus::from_reads`] of seed files last modified at `modified` (by file name): the
    /// date of their articles that name none ([`Corpus::newest_first`]).
    pub(crate) fn from_reads_at<'a>(
        reads: impl IntoIterator<Item = &'a FileRead>,
        modified: HashMap<String, SystemTime>,
    ) -> (Corpus, Vec<FileReport>) {
        let mut articles = Vec::new();
        let mut bases = Vec::new();
        let mut reports = Vec::new();
        for (kept, mut report) in dedup::remove_repeats(reads) {
            for read in kept {
                articles.push(read.article.clone());
                bases.push(read.article.slug.as_str());
                report.warnings.extend(read.warnings.iter().cloned());
            }
            reports.push(report);
        }
        let (names, slugs) = slug::Index::build(&bases, |position| articles[position].content_hash());
        let mut permanent = Vec::with_capacity(names.len());
        for (article, name) in articles.iter_mut().zip(names) {
            // Shared with the read unless the slug differs from its bare headline slug.
            if article.slug != name.canonical {
                Arc::make_mut(article).slug = name.canonical;
            }
            permanent.push(name.permanent.map(OnceLock::from).unwrap_or_default());
        }
        let order = Order::newest_first(&articles, &modified);
        (Corpus { articles, order, permanent, slugs, modified }, reports)
    }

    /// The positions of the articles in list order: newest first by the date the dateline
    /// names (a day alone at midnight UTC), else by the modification time of the article's
    /// seed file; articles with neither last; corpus order among equals. The list, its pages,
    /// the API's pages, the feeds and each article's previous and next follow it.
    pub fn newest_first(&self) -> &[u32] {
        &self.order.positions
    }

    /// Where the article at `position` stands in list order ([`Corpus::newest_first`]), from 0;
    /// `None` past the end.
    pub fn list_place(&self, position: usize) -> Option<usize> {
        self.order.places.get(position).map(|&place| place as usize)
    }

    /// The article at `place` in list order, with its position.
    pub fn at_place(&self, place: usize) -> Option<(usize, &Arc<Article>)> {
        let position = *self.order.positions.get(place)? as usize;
        Some((position, self.articles.get(position)?))
    }

    /// All articles, in corpus order: files by name, articles in file order. Readers see them
    /// newest first ([`Corpus::newest_first`]).
    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    /// The articles, to change in tests fields the parser does not fill for every seed (their
    /// headlines and bodies are left as they are, as the slug index depends on them).
    #[cfg(test)]
    pub(crate) fn articles_mut(&mut self) -> &mut [Arc<Article>] {
        &mut self.articles
    }

    /// Where `requested` (a slug as decoded from a path, in any case) leads: its exact canonical
    /// slug to the article; another case or a permanent slug to the canonical slug; a bare slug
    /// several articles share to their choice; else nothing. The article page and the API
    /// answer by it.
    pub fn resolve(&self, requested: &str) -> Resolved<'_> {
        match self.find(&requested.to_lowercase()) {
            Found::One(position) => match self.articles().get(position) {
                Some(article) if article.slug == requested => Resolved::Article(position),
                Some(article) => Resolved::Moved(&article.slug),
                None => Resolved::Missing,
            },
            Found::Several(positions) => Resolved::Choices(positions),
            Found::Nothing => Resolved::Missing,
        }
    }

    /// What `slug` names (exact spelling): an article by its canonical or permanent slug,
    /// the articles sharing a bare headline slug, or nothing. See [`crate::slug`].
    pub fn find(&self, slug: &str) -> Found<'_> {
        let canonical = |position: usize| self.articles.get(position).map_or("", |article| article.slug.as_str());
        self.slugs.find(slug, canonical, |position| self.permanent_slug(position) == Some(slug))
    }

    /// The permanent slug of the article at `position` (see [`crate::slug::Names`]); it
    /// depends only on the article's own text. Made (the article's text hashed) on the first
    /// call for an article whose canonical slug is its bare headline slug.
    pub fn permanent_slug(&self, position: usize) -> Option<&str> {
        let article = self.articles.get(position)?;
        let permanent =
            self.permanent.get(position)?.get_or_init(|| slug::permanent(&article.slug, &article.content_hash()));
        Some(permanent)
    }

    /// When the seed file `file` was last modified, for files read from a folder.
    pub fn modified(&self, file: &str) -> Option<SystemTime> {
        self.modified.get(file).copied()
    }
}
