//! Prometheus metrics (`/metrics`, OpenMetrics text format): requests by route and status,
//! latency, articles, removed lines, reloads, reload errors and seed files skipped.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of one request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// Route pattern (`/articles/{slug}`), or `unmatched`.
    route: String,
    /// HTTP status code.
    status: u16,
}

/// Labels of the latency histogram.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

fn latency_histogram() -> Histogram {
    // 0.1 ms to ~1.6 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

/// Every metric newsreader exports, and the registry that encodes them.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    articles: Gauge,
    removed_lines: Gauge,
    reloads: Counter,
    reload_errors: Counter,
    seed_files_skipped: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("newsreader");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let articles = Gauge::default();
        let removed_lines = Gauge::default();
        let reloads = Counter::default();
        let reload_errors = Counter::default();
        let seed_files_skipped = Gauge::default();
        registry.register("http_requests", "HTTP requests answered, by route and status", requests.clone());
        registry.register("http_request_duration_seconds", "Time to answer a request, by route", latency.clone());
        registry.register("articles", "Articles being served", articles.clone());
        registry.register(
            "removed_lines",
            "Seed lines not shown: repeated headlines, captions and articles, and page furniture",
            removed_lines.clone(),
        );
        registry.register("reloads", "Reloads of the seeds folder that changed the corpus", reloads.clone());
        registry.register(
            "reload_errors",
            "Seed files that became unusable while serving, each once, and failed reads of the seeds folder",
            reload_errors.clone(),
        );
        registry.register(
            "seed_files_skipped",
            "Seed files that cannot be used as they are now (skipped, or served at their last good version)",
            seed_files_skipped.clone(),
        );
        Metrics { registry, requests, latency, articles, removed_lines, reloads, reload_errors, seed_files_skipped }
    }
}

impl Metrics {
    /// Sets the corpus gauges: the articles served and the seed lines removed.
    pub fn observe_corpus(&self, articles: usize, removed_lines: usize) {
        self.articles.set(i64::try_from(articles).unwrap_or(i64::MAX));
        self.removed_lines.set(i64::try_from(removed_lines).unwrap_or(i64::MAX));
    }

    /// Counts a reload that swapped in a new snapshot.
    pub fn count_reload(&self) {
        self.reloads.inc();
    }

    /// Counts new reload errors: seed files that became unusable (new, or changed and now
    /// broken), or a failed read of the seeds folder.
    pub fn count_reload_errors(&self, errors: usize) {
        self.reload_errors.inc_by(errors as u64);
    }

    /// Sets how many seed files cannot be used as they are now (see
    /// [`crate::corpus::store::SeedStore::skipped_files`]).
    pub fn set_seed_files_skipped(&self, files: usize) {
        self.seed_files_skipped.set(i64::try_from(files).unwrap_or(i64::MAX));
    }

    /// The metrics in OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// Middleware: counts each request and its latency under its route pattern.
pub(crate) async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let start = Instant::now();
    let response = next.run(request).await;
    let labels = RequestLabels { route: route.clone(), status: response.status().as_u16() };
    metrics.requests.get_or_create(&labels).inc();
    metrics.latency.get_or_create(&RouteLabels { route }).observe(start.elapsed().as_secs_f64());
    response
}

/// The request counters and latency histogram of one route, looked up in [`Metrics`] on
/// first use and kept: what [`track`] records, for requests answered without it (cached pages,
/// see `CachedPages`), without building labels per request.
#[derive(Debug)]
pub(crate) struct RouteMetrics {
    /// Route pattern, as [`MatchedPath`] gives it to [`track`].
    route: &'static str,
    ok: OnceLock<Counter>,
    not_modified: OnceLock<Counter>,
    latency: OnceLock<Histogram>,
}

impl RouteMetrics {
    /// The metrics of route pattern `route` (`/articles/{slug}`), none looked up yet.
    pub(crate) const fn new(route: &'static str) -> RouteMetrics {
        RouteMetrics { route, ok: OnceLock::new(), not_modified: OnceLock::new(), latency: OnceLock::new() }
    }

    /// Counts one request answered with `status` (200 and 304 from the kept counters, others
    /// looked up) and its latency.
    pub(crate) fn record(&self, metrics: &Metrics, status: StatusCode, elapsed: Duration) {
        let counter = |status: u16| {
            let labels = RequestLabels { route: self.route.to_owned(), status };
            metrics.requests.get_or_create(&labels).clone()
        };
        match status {
            StatusCode::OK => self.ok.get_or_init(|| counter(200)).inc(),
            StatusCode::NOT_MODIFIED => self.not_modified.get_or_init(|| counter(304)).inc(),
            other => counter(other.as_u16()).inc(),
        };
        let latency = self
            .latency
            .get_or_init(|| metrics.latency.get_or_create(&RouteLabels { route: self.route.to_owned() }).clone());
        latency.observe(elapsed.as_secs_f64());
    }
}
