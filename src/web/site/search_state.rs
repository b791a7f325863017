//! The search index of the served corpus, brought up to date in the background after start-up
//! and each reload, and the outcome of one query against it, shared by the search page and the
//! JSON API.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::corpus::Corpus;
use crate::search::{self, Indexer, QueryError, Results, SearchIndex};
use crate::web::site::paging::PER_PAGE;

/// Longest a replica waits for the index in the data folder to hold its articles before it
/// searches the index as it is (see [`SearchIndex::open_following`]).
const REPLICA_WAIT: Duration = Duration::from_secs(60);

/// Where a snapshot's search index comes from.
#[derive(Debug, Clone)]
pub enum IndexPlace {
    /// This process writes it, in memory or in a data folder's `index/`: each snapshot's
    /// articles are written into it by difference (see [`Indexer::update`]).
    Writes(Arc<Indexer>),
    /// Another process writes it in this folder (`serve --read-only`): it is opened once it
    /// holds the snapshot's articles.
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
    /// Makes the index of `corpus` (blocking; seconds for a large corpus built from nothing)
    /// and stores it: from `place` (see [`IndexPlace`]; `generation` orders the corpora
    /// written there), or built in memory on its own when `place` is `None`. An index that
    /// cannot be written to disk, or that another process has not made, is built in memory
    /// (logged). A second call does nothing.
    pub fn build(&self, corpus: &Corpus, place: Option<&IndexPlace>, generation: u64) {
        self.0.get_or_init(|| {
            let articles = corpus.articles().len();
            match place {
                Some(IndexPlace::Writes(indexer)) => match indexer.update(corpus, generation) {
                    Ok((index, change)) => {
                        let kept = if indexer.is_on_disk() { "data folder" } else { "memory" };
                        let (added, removed) = (change.added, change.removed);
                        if change.before == 0 {
                            tracing::info!(articles, kept, "search index built");
                        } else if change.is_none() {
                            tracing::info!(articles, kept, "search index up to date");
                        } else {
                            tracing::info!(articles, added, removed, kept, "search index updated");
                        }
                        return Ok(index);
                    }
                    Err(error) => {
                        tracing::error!(%error, "the search index cannot be written: building this one in memory");
                    }
                },
                Some(IndexPlace::Reads(dir)) => match SearchIndex::open_following(corpus, dir, REPLICA_WAIT) {
                    Ok(Some(index)) => {
                        tracing::info!(articles, "search index opened from the data folder");
                        return Ok(index);
                    }
                    Ok(None) => tracing::warn!(
                        articles,
                        "no index in the data folder after {} s: building it in memory",
                        REPLICA_WAIT.as_secs()
                    ),
                    Err(error) => {
                        tracing::warn!(%error, "the index in the data folder cannot be opened: building it in memory");
                    }
                },
                None => {}
            }
            let built = SearchIndex::build(corpus);
            match &built {
                Ok(_) => tracing::info!(articles, kept = "memory", "search index built"),
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
