//! The search index of the served corpus, built in the background after start-up, and the
//! outcome of one query against it, shared by the search page and the JSON API.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::corpus::Corpus;
use crate::search::{self, Origin, QueryError, Results, SearchIndex};
use crate::web::paging::PER_PAGE;

/// Longest a replica waits for the index of its articles to come into the data folder before
/// building one in memory.
pub const REPLICA_WAIT: Duration = Duration::from_secs(60);

/// Where a snapshot's search index is kept on disk: a data folder's `index/`.
#[derive(Debug, Clone)]
pub enum IndexPlace {
    /// This process writes it: the index of the snapshot's articles is opened if an earlier
    /// run built it, else built there (see [`SearchIndex::open_or_build`]).
    Writes(Arc<Path>),
    /// Another process writes it (`serve --read-only`): the index is waited for, then opened.
    Reads(Arc<Path>),
}

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
    /// memory, or on disk at `place` (see [`IndexPlace`]). An index that cannot be written to
    /// disk, or that another process has not built within [`REPLICA_WAIT`], is built in
    /// memory (logged). A second call does nothing.
    pub fn build(&self, corpus: &Corpus, place: Option<&IndexPlace>) {
        self.0.get_or_init(|| {
            let articles = corpus.articles().len();
            let root = match place {
                Some(IndexPlace::Reads(root)) => match SearchIndex::open_built(corpus, root, REPLICA_WAIT) {
                    Ok(Some(index)) => {
                        tracing::info!(articles, "search index opened from the data folder");
                        return Ok(index);
                    }
                    Ok(None) => {
                        tracing::warn!(
                            articles,
                            "no index for these articles in the data folder after {} s: building it in memory",
                            REPLICA_WAIT.as_secs()
                        );
                        None
                    }
                    Err(error) => {
                        tracing::warn!(%error, "the index in the data folder cannot be opened: building it in memory");
                        None
                    }
                },
                Some(IndexPlace::Writes(root)) => Some(root),
                None => None,
            };
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
