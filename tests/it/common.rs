//! Shared helpers: the shipped seed as a router, and HTML queries.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use newsreader::corpus::Corpus;
use newsreader::web::{Access, AppState, Limits, Site, Snapshot, app as full_app, router};
use scraper::{Html, Selector};
use tower::ServiceExt;

pub const BYTEDANCE: &str = "ByteDance Plans New AI Model Trained With Huawei Chips";
pub const VOLKSWAGEN: &str = "Volkswagen Workers to Go on Warning Strikes Across Germany";
pub const BYTEDANCE_SLUG: &str = "bytedance-plans-new-ai-model-trained-with-huawei-chips";
pub const VOLKSWAGEN_SLUG: &str = "volkswagen-workers-to-go-on-warning-strikes-across-germany";

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The state serving a seeds folder under `base_path`, with its search index built.
pub fn state(seeds: &Path, base_path: &str) -> AppState {
    let (corpus, reports) = Corpus::load(seeds).expect("seeds load");
    let state = AppState::new(Snapshot::new(corpus, &reports), Site::new(base_path));
    state.build_search();
    state
}

/// The router over a seeds folder, at the site root.
pub fn app(seeds: &Path) -> Router {
    router(state(seeds, ""))
}

/// The whole application (base path, compression, caching and security headers) over the
/// shipped seed.
pub fn full(base_path: &str) -> Router {
    full_app(state(&repo_path("seeds"), base_path), Limits::default(), Access::default())
}

pub fn shipped() -> Router {
    app(&repo_path("seeds"))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::builder().uri(uri).body(Body::empty()).unwrap()).await
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
}

/// Texts of the elements matching `selector`, whitespace-folded.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    document
        .select(&selector)
        .map(|element| element.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Inner HTML of the single `<main>`.
pub fn main_html(html: &str) -> String {
    let document = Html::parse_document(html);
    let selector = Selector::parse("main").unwrap();
    let mains: Vec<_> = document.select(&selector).collect();
    assert_eq!(mains.len(), 1, "one <main>");
    mains[0].inner_html()
}

/// Values of `attribute` on the elements matching `selector`.
pub fn attrs(html: &str, selector: &str, attribute: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let selector = Selector::parse(selector).unwrap();
    document.select(&selector).filter_map(|element| element.value().attr(attribute).map(str::to_owned)).collect()
}

/// A new seeds folder holding the two real pages of `tests/fixtures/aawsat` that print a
/// dateline (`Tuesday, 21 November, 2017 - 07:30`, `Updated 16 July 2021`).
pub fn dated_seeds() -> PathBuf {
    let dir = tempdir();
    let aawsat = repo_path("tests/fixtures/aawsat");
    for file in ["aawsat_home_article_1090441.txt", "arabnews_node_1894806.txt"] {
        std::fs::copy(aawsat.join(file), dir.join(file)).unwrap();
    }
    dir
}

/// A fresh empty folder under the system temporary directory.
pub fn tempdir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "newsreader-it-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Sets the modification time of the file `path` to `seconds` after 2001-09-09T01:46:40Z:
/// the date of its undated articles, which the list shows newest first. File systems keep
/// times only to a few milliseconds, so files written one after the other may share one.
pub fn set_mtime(path: &Path, seconds: u64) -> std::time::SystemTime {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000 + seconds);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(time).unwrap();
    time
}

/// A copy of the fixture folder `tests/fixtures/NAME` (its files, not its folders), every file
/// last modified at one time (2001-09-09): undated articles then keep corpus order, whatever
/// times a checkout gave the files.
pub fn fixture_copy(name: &str) -> PathBuf {
    let dir = tempdir();
    for entry in std::fs::read_dir(repo_path("tests/fixtures").join(name)).unwrap() {
        let path = entry.unwrap().path();
        let copy = dir.join(path.file_name().unwrap());
        std::fs::copy(&path, &copy).unwrap();
        set_mtime(&copy, 0);
    }
    dir
}

/// A folder holding a copy of the shipped seed.
pub fn seeds_copy() -> PathBuf {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("000_bc60f894ced19436.txt")).unwrap();
    dir
}

/// The JSON body of a reply.
pub fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap()
}

/// Polls `{url}readyz` (`url` ends in `/`) until it answers 200; panics after 30 seconds.
pub async fn wait_until_ready(url: &str) {
    for _ in 0..300 {
        if reqwest::get(format!("{url}readyz")).await.is_ok_and(|response| response.status() == 200) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{url} not ready within 30 s");
}
