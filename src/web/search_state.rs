//! The search index of the served corpus, built in the background after start-up, and the
//! outcome of one query against it, shared by the search page and the JSON API.

use std::path::Path;
use std::sync::OnceLock;

use crate::corpus::Corpus;
use crate::search::{self, Origin, QueryError, Results, SearchIndex};
use crate::web::paging::PER_PAGE;

/// The search index, empty until [`SearchSlot::build`] has run.
#[derive(Debug, Default)]
pub struct SearchSlot(OnceLock<Result<SearchIndex, search::Error>>);

/// What searching gave.
#[derive(Debug)]
pub enum Outcome {
    /// Ranked results: the total, and the hits of the page asked for.
    Found(Results),
    /// The query was not run, with the reason to show.
    Refused(QueryError),
    /// The index is still being built (answer 503 with `Retry-After`).
    Building,
    /// The index failed to build or to search (logged; answer 500).
    Failed,
}

impl SearchSlot {
    /// Builds the index of `corpus` (blocking; seconds for a large corpus) and stores it: in
    /// memory, or, with `root` (a data folder's `index/`), on disk, where an index an earlier
    /// run built for the same articles is opened instead (see [`SearchIndex::open_or_build`]).
    /// An index that cannot be written to disk is built in memory (logged). A second call
    /// does nothing.
    pub fn build(&self, corpus: &Corpus, root: Option<&Path>) {
        self.0.get_or_init(|| {
            let articles = corpus.articles().len();
            let on_disk = root.map(|root| SearchIndex::open_or_build(corpus, root));
            let built = match on_disk {
                Some(Ok((index, Origin::Opened))) => {
                    tracing::info!(articles, "search index opened from the data folder");
                    return Ok(index);
                }
                Some(Ok((index, Origin::Built))) => Ok(index),
                Some(Err(error)) => {
                    tracing::error!(%error, "the search index cannot be kept in the data folder: building it in memory");
                    SearchIndex::build(corpus)
                }
                None => SearchIndex::build(corpus),
            };
            match &built {
                Ok(_) => tracing::info!(articles, "search index built"),
                Err(error) => tracing::error!(%error, "search index failed to build"),
            }
            built
        });
    }

    /// Whether the index is built (or failed to build: it will not become ready later).
    pub fn is_built(&self) -> bool {
        self.0.get().is_some()
    }

    /// Runs `query` against `corpus`, the corpus the index was built from, for page `page`
    /// (from 1) of its results, [`PER_PAGE`] a page as the article list is paged.
    pub fn search(&self, corpus: &Corpus, query: &str, page: usize) -> Outcome {
        let Some(built) = self.0.get() else { return Outcome::Building };
        let Ok(index) = built else { return Outcome::Failed };
        let start = page.saturating_sub(1).saturating_mul(PER_PAGE);
        match index.search(corpus, query, start..start.saturating_add(PER_PAGE)) {
            Ok(Ok(results)) => Outcome::Found(results),
            Ok(Err(problem)) => Outcome::Refused(problem),
            Err(error) => {
                tracing::error!(%error, "search failed");
                Outcome::Failed
            }
        }
    }
}
