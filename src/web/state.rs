//! What handlers share: the corpus, its search index and the site's fixed parts, each
//! extractable on its own.

use std::sync::Arc;

use axum::extract::FromRef;

use super::assets::Assets;
use super::search_state::SearchSlot;
use crate::corpus::Corpus;
use crate::links::Links;

/// The site's fixed parts: how to build links and which assets there are.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// URL builder for the base path.
    pub links: Links,
    /// Embedded static files.
    pub assets: Arc<Assets>,
}

impl Site {
    /// A site under `base_path` (see [`Links::new`]).
    pub fn new(base_path: &str) -> Site {
        Site { links: Links::new(base_path), assets: Arc::new(Assets::default()) }
    }

    /// The same site with absolute links under `origin` (see [`Links::with_origin`]).
    pub fn with_origin(mut self, origin: &str) -> Site {
        self.links = self.links.with_origin(origin);
        self
    }

    /// URL of a static asset by its name in `static/`, content-hashed.
    pub fn asset(&self, name: &str) -> String {
        self.links.asset(self.assets.served_name(name))
    }
}

/// Router state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The articles.
    pub corpus: Arc<Corpus>,
    /// Links and assets.
    pub site: Arc<Site>,
    /// The search index of `corpus`, filled by [`AppState::build_search`].
    pub search: Arc<SearchSlot>,
}

impl AppState {
    /// State serving `corpus` on `site`, with the search index not yet built.
    pub fn new(corpus: Corpus, site: Site) -> AppState {
        AppState { corpus: Arc::new(corpus), site: Arc::new(site), search: Arc::default() }
    }

    /// Builds the search index of the corpus (blocking: run it on a blocking thread so
    /// pages serve meanwhile).
    pub fn build_search(&self) {
        self.search.build(&self.corpus);
    }
}

impl FromRef<AppState> for Arc<SearchSlot> {
    fn from_ref(state: &AppState) -> Self {
        state.search.clone()
    }
}

impl FromRef<AppState> for Arc<Corpus> {
    fn from_ref(state: &AppState) -> Self {
        state.corpus.clone()
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
