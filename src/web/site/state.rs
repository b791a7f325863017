//! What handlers share: the current snapshot (corpus, reports, search index) and the site's
//! fixed parts, each extractable on its own.

use std::sync::Arc;

use arc_swap::{ArcSwap, ArcSwapOption};
use axum::extract::FromRef;

use super::assets::Assets;
use super::paging::Page;
use super::search_state::{IndexPlace, Outcome, SearchSlot};
use crate::corpus::{Corpus, FileReport};
use crate::links::Links;
use crate::web::engine::metrics::Metrics;
use crate::web::engine::page_cache::{self, PageCache};

/// The site's fixed parts: how to build links and which assets there are.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// URL builder for the base path and public URL.
    pub links: Links,
    /// Embedded static files.
    pub assets: Arc<Assets>,
}

impl Site {
    /// A site under `base_path` (see [`Links::new`]).
    pub fn new(base_path: &str) -> Site {
        Site { links: Links::new(base_path), assets: Arc::new(Assets::default()) }
    }

    /// The same site with absolute links under `public_url` (see [`Links::with_public_url`]).
    pub fn with_public_url(mut self, public_url: &str) -> Site {
        self.links = self.links.with_public_url(public_url);
        self
    }

    /// URL of a static asset by its name in `static/`, content-hashed.
    pub fn asset(&self, name: &str) -> String {
        self.links.asset(self.assets.served_name(name))
    }
}

/// One consistent state of the seeds: what every request reads, swapped whole on reload.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The articles.
    pub corpus: Arc<Corpus>,
    /// Lines of the seed files left out of the articles (see [`FileReport::removed`]); the
    /// reports themselves are logged, not kept.
    pub removed_lines: usize,
    /// The search index of `corpus`, filled once built.
    pub search: Arc<SearchSlot>,
    /// Rendered article and list pages of this snapshot.
    pub pages: PageCache,
    /// Whether the seeds are still being read at start-up (see
    /// [`crate::corpus::store::SeedStore::open_first`]): an address not found yet may be
    /// found in a moment.
    pub loading: bool,
    /// Where its search index comes from; built in memory on its own when `None`.
    index_place: Option<IndexPlace>,
    /// Orders the snapshots of one process, for the index they write ([`SearchSlot::build`]).
    generation: u64,
    /// The snapshot this one replaced, answering searches (from its own corpus and index)
    /// until this one's index is built; dropped then.
    previous: ArcSwapOption<Snapshot>,
}

impl Snapshot {
    /// A snapshot of `corpus` and its reports, its search index not built yet.
    pub fn new(corpus: Corpus, reports: &[FileReport]) -> Snapshot {
        let articles = corpus.articles().len();
        let pages = PageCache::new(articles, Page::count(articles), page_cache::DEFAULT_BUDGET);
        let removed_lines = reports.iter().map(FileReport::removed_count).sum();
        static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Snapshot { corpus: Arc::new(corpus), removed_lines, pages, generation, ..Snapshot::default() }
    }

    /// The same snapshot keeping at most `bytes` of rendered pages (see `PageCache`).
    pub fn with_page_budget(mut self, bytes: usize) -> Snapshot {
        self.pages = std::mem::take(&mut self.pages).with_budget(bytes);
        self
    }

    /// The same snapshot, marked as holding only the first seed files while the rest are
    /// read.
    pub fn still_loading(mut self, loading: bool) -> Snapshot {
        self.loading = loading;
        self
    }

    /// The same snapshot, keeping its search index at `place` (see `SearchSlot::build`).
    pub fn with_index_place(mut self, place: Option<IndexPlace>) -> Snapshot {
        self.index_place = place;
        self
    }

    /// A snapshot replacing `previous`: until its own index is built, searches are answered
    /// by `previous` (or by the snapshot `previous` was still relying on). It keeps its index
    /// where `previous` did.
    pub fn succeeding(corpus: Corpus, reports: &[FileReport], previous: &Arc<Snapshot>) -> Snapshot {
        let searchable =
            if previous.search.is_built() { Some(previous.clone()) } else { previous.previous.load_full() };
        let next = Snapshot::new(corpus, reports)
            .with_page_budget(previous.pages.budget())
            .with_index_place(previous.index_place.clone());
        Snapshot { previous: ArcSwapOption::new(searchable), ..next }
    }

    /// Builds the search index (seconds for a large corpus: call it off the async threads),
    /// then lets go of the snapshot that answered searches meanwhile and hands the memory
    /// freed back to the system ([`crate::memory::release`]). Does nothing for a
    /// snapshot still loading: the index holds whole seed folders.
    pub fn build_search(&self) {
        if self.loading {
            return;
        }
        self.search.build(&self.corpus, self.index_place.as_ref(), self.generation);
        self.previous.store(None);
        // The contents now kept in the index, and the snapshot replaced, were freed.
        crate::memory::release();
    }

    /// Runs `query` for page `page` (from 1) of its results against this snapshot's index and
    /// corpus, or, while that index is being built, against the previous snapshot's (never an
    /// index against another corpus).
    /// Returns the outcome and the corpus its hits' positions refer to: look the hits up in
    /// that corpus, not in this snapshot's, which may order its articles differently.
    pub fn search(&self, query: &str, page: usize) -> (Outcome, Arc<Corpus>) {
        match self.previous.load_full() {
            Some(previous) if !self.search.is_built() => {
                (previous.search.search(&previous.corpus, query, page), previous.corpus.clone())
            }
            _ => (self.search.search(&self.corpus, query, page), self.corpus.clone()),
        }
    }

    /// [`Snapshot::search`] on tokio's blocking threads, so a slow query (tens of
    /// milliseconds on a large corpus) never holds up the async threads that serve pages.
    /// A search that panicked gives [`Outcome::Failed`] (logged) and this snapshot's corpus.
    pub async fn search_blocking(self: Arc<Self>, query: String, page: usize) -> (Outcome, Arc<Corpus>) {
        let corpus = self.corpus.clone();
        tokio::task::spawn_blocking(move || self.search(&query, page)).await.unwrap_or_else(|error| {
            tracing::error!(%error, "search task failed");
            (Outcome::Failed, corpus)
        })
    }

    /// Whether the server can answer everything: every seed file is read and the search
    /// index (this snapshot's, or the previous one's while this one's builds) is ready.
    pub fn is_ready(&self) -> bool {
        !self.loading && (self.search.is_built() || self.previous.load().is_some())
    }
}

/// Router state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The current snapshot; reloads swap in a new one.
    pub snapshot: Arc<ArcSwap<Snapshot>>,
    /// Links and assets.
    pub site: Arc<Site>,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// State serving `snapshot` on `site`.
    pub fn new(snapshot: Snapshot, site: Site) -> AppState {
        let metrics = Arc::new(Metrics::default());
        metrics.observe_corpus(snapshot.corpus.articles().len(), snapshot.removed_lines);
        AppState { snapshot: Arc::new(ArcSwap::from_pointee(snapshot)), site: Arc::new(site), metrics }
    }

    /// Builds the current snapshot's search index (see [`Snapshot::build_search`]).
    pub fn build_search(&self) {
        self.snapshot.load().build_search();
    }
}

impl FromRef<AppState> for Arc<Snapshot> {
    fn from_ref(state: &AppState) -> Self {
        state.snapshot.load_full()
    }
}

impl FromRef<AppState> for Arc<Corpus> {
    fn from_ref(state: &AppState) -> Self {
        state.snapshot.load().corpus.clone()
    }
}

impl FromRef<AppState> for Arc<Site> {
    fn from_ref(state: &AppState) -> Self {
        state.site.clone()
    }
}

impl FromRef<AppState> for Arc<Assets> {
    fn from_ref(state: &AppState) -> Self {
        state.site.assets.clone()
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
