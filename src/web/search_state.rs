//! The search index of the served corpus, built in the background after start-up, and the
//! outcome of one query against it, shared by the search page and the JSON API.

use std::sync::OnceLock;

use crate::corpus::Corpus;
use crate::search::{self, QueryError, Results, SearchIndex};
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
    /// Builds the index of `corpus` (blocking; seconds for a large corpus) and stores it.
    /// A second call does nothing.
    pub fn build(&self, corpus: &Corpus) {
        self.0.get_or_init(|| {
            let built = SearchIndex::build(corpus);
            match &built {
                Ok(_) => tracing::info!(articles = corpus.articles().len(), "search index built"),
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
