//! What handlers share: the current corpus snapshot and the site's fixed parts, each
//! extractable on its own.

use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::extract::FromRef;

use super::assets::Assets;
use super::metrics::Metrics;
use crate::corpus::{Corpus, FileReport};
use crate::links::Links;

/// The site's fixed parts: how to build links and which assets there are.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// URL builder for the base path.
    pub links: Links,
    /// Public URL of the site root (`https://intranet.example/news`), when configured.
    pub public_url: Option<String>,
    /// Embedded static files.
    pub assets: Arc<Assets>,
}

impl Site {
    /// A site under `base_path` (see [`Links::new`]), with absolute URLs under `public_url`
    /// when given.
    pub fn new(base_path: &str, public_url: Option<String>) -> Site {
        Site { links: Links::new(base_path), public_url, assets: Arc::new(Assets::default()) }
    }

    /// URL of a static asset by its name in `static/`, content-hashed.
    pub fn asset(&self, name: &str) -> String {
        self.links.asset(self.assets.served_name(name))
    }

    /// `link` (a site-relative URL from [`Links`]) made absolute with the public URL, or
    /// left relative when there is none.
    pub fn absolute(&self, link: &str) -> String {
        match &self.public_url {
            Some(public) => {
                let path = link.strip_prefix(self.links.base_path()).unwrap_or(link);
                format!("{public}{path}")
            }
            None => link.to_owned(),
        }
    }
}

/// One consistent state of the seeds: what every request reads, swapped whole on reload.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The articles.
    pub corpus: Arc<Corpus>,
    /// What reading each seed file found.
    pub reports: Vec<FileReport>,
}

impl Snapshot {
    /// A snapshot of `corpus` and its reports.
    pub fn new(corpus: Corpus, reports: Vec<FileReport>) -> Snapshot {
        Snapshot { corpus: Arc::new(corpus), reports }
    }

    /// Whether every part of the snapshot is built and the server can answer everything.
    pub fn is_ready(&self) -> bool {
        true
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
        metrics.observe_snapshot(&snapshot);
        AppState { snapshot: Arc::new(ArcSwap::from_pointee(snapshot)), site: Arc::new(site), metrics }
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
