//! Behind a real nginx (Debian's `nginx-light`; `scripts/test.sh` installs it): newsreader
//! as a reverse-proxied app at `/news/` with README's Intranet block, with and without prefix
//! stripping, and its static export served by nginx at `/news/` with README's export block.
//! A crawler follows every same-site link, asset and feed URL from `/news/` and finds none
//! broken and none outside the prefix.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use reqwest::Url;

use crate::common::*;
use crate::export::many_articles;

const NGINX: &str = "/usr/sbin/nginx";
const PREFIX: &str = "/news/";
/// Most URLs one crawl fetches.
const MAX_URLS: usize = 500;

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsreader-nginx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running process, stopped when dropped: SIGTERM, so that nginx's master process stops
/// its workers too, then waited for.
pub struct Running(Child);

impl Running {
    /// Kills the process at once (SIGKILL), as a crash would, and waits for it.
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let stopped = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        if !stopped.is_ok_and(|status| status.success()) {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

/// Starts nginx in the foreground with `locations` inside one server on `port`.
pub fn nginx(dir: &Path, port: u16, locations: &str) -> Running {
    nginx_with(dir, port, "", locations)
}

/// [`nginx`] with `http` (such as an `upstream` block) in the `http` block too.
pub fn nginx_with(dir: &Path, port: u16, http: &str, locations: &str) -> Running {
    assert!(Path::new(NGINX).exists(), "{NGINX} is missing: install nginx-light (scripts/test.sh does)");
    let d = dir.display();
    let config = format!(
        "daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
           client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           {http}\n  server {{\n    listen 127.0.0.1:{port};\n{locations}\n  }}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), config).unwrap();
    let mut command = Command::new(NGINX);
    command.arg("-p").arg(dir).arg("-c").arg(dir.join("nginx.conf"));
    run_on(command, port)
}

/// Runs `command` quietly and waits until something listens on `port`.
pub fn run_on(mut command: Command, port: u16) -> Running {
    let running = Running(command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    wait_for_port(port);
    running
}

pub fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("nothing listens on port {port}");
}

/// Starts `newsreader serve --base-path /news` on `port`.
fn newsreader(port: u16) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsreader"));
    command
        .args(["serve", "--no-watch", "--base-path", "/news", "--bind", &format!("127.0.0.1:{port}"), "--seeds"])
        .arg(repo_path("seeds"))
        .env("XDG_CACHE_HOME", tempdir());
    run_on(command, port)
}

/// Same-site URLs a response points to: HTML links, assets and form targets; feed links.
fn links_in(page: &Url, content_type: &str, body: &str) -> Vec<Url> {
    let mut found: Vec<String> = Vec::new();
    if content_type.starts_with("text/html") {
        for (selector, attribute) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
            ("form[action]", "action"),
        ] {
            found.extend(attrs(body, selector, attribute));
        }
    } else if content_type.contains("xml") {
        found.extend(body.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned));
    } else if content_type.contains("json")
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(body)
    {
        collect_json_urls(&value, &mut found);
    }
    found.iter().filter_map(|link| page.join(link).ok()).filter(|url| url.origin() == page.origin()).collect()
}

fn collect_json_urls(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match value {
                    serde_json::Value::String(text) if key == "url" || key.ends_with("_url") => {
                        found.push(text.clone())
                    }
                    other => collect_json_urls(other, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_json_urls(item, found)),
        _ => {}
    }
}

/// Crawls from `{origin}/news/`; returns the URLs visited. Panics on a broken link or one
/// that leaves the prefix.
pub async fn crawl(port: u16) -> BTreeSet<String> {
    let start = Url::parse(&format!("http://127.0.0.1:{port}{PREFIX}")).unwrap();
    let mut queue = VecDeque::from([start]);
    let mut seen = BTreeSet::new();
    let client = reqwest::Client::new();
    while let Some(mut url) = queue.pop_front() {
        url.set_fragment(None);
        if !seen.insert(url.to_string()) {
            continue;
        }
        assert!(seen.len() <= MAX_URLS, "more than {MAX_URLS} URLs");
        assert!(url.path().starts_with(PREFIX), "link escapes {PREFIX}: {url}");
        let response = client.get(url.clone()).send().await.unwrap();
        assert_eq!(response.status(), 200, "broken link: {url}");
        assert!(response.url().path().starts_with(PREFIX), "redirect escapes {PREFIX}: {url} -> {}", response.url());
        let content_type =
            response.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or("").to_owned();
        let body = response.text().await.unwrap();
        queue.extend(links_in(&url, &content_type, &body));
    }
    seen
}

pub fn assert_covers_the_site(visited: &BTreeSet<String>, port: u16) {
    let origin = format!("http://127.0.0.1:{port}");
    for path in
        [format!("/news/articles/{BYTEDANCE_SLUG}"), format!("/news/articles/{VOLKSWAGEN_SLUG}"), "/news/".to_owned()]
    {
        assert!(visited.contains(&format!("{origin}{path}")), "{path} not reached: {visited:#?}");
    }
    assert!(visited.iter().any(|url| url.contains("/news/static/style.") && url.ends_with(".css")), "{visited:#?}");
}

/// The nginx block of README's "Intranet" section, proxying to newsreader on `app_port` with
/// `upstream_path` after the address.
fn readme_intranet_block(app_port: u16, upstream_path: &str) -> String {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let section = readme.split("\n## Intranet\n").nth(1).expect("an Intranet section");
    let block = section.split("```nginx\n").nth(1).and_then(|rest| rest.split("```").next()).expect("an nginx block");
    let upstream = "proxy_pass http://127.0.0.1:3000;";
    assert!(block.contains(upstream), "{block}");
    block.replace(upstream, &format!("proxy_pass http://127.0.0.1:{app_port}{upstream_path};"))
}

/// The README's code block in `language` (` ```nginx `) that holds `needle`.
pub fn readme_block(language: &str, needle: &str) -> String {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let fence = format!("```{language}\n");
    let blocks = readme.split(&fence).skip(1).filter_map(|rest| rest.split("```").next());
    blocks
        .into_iter()
        .find(|block| block.contains(needle))
        .unwrap_or_else(|| panic!("no {language} block with {needle}"))
        .to_owned()
}

/// Crawls nginx proxying `/news/` to newsreader with README's block; `upstream_path` is what
/// nginx's `proxy_pass` adds after the address: `""` passes the prefix through, `"/"` strips
/// it.
async fn crawl_behind_proxy(name: &str, upstream_path: &str) {
    let dir = scratch(name);
    let app_port = free_port();
    let _app = newsreader(app_port);
    // The search page answers 503 until the index is built: crawl a ready server.
    wait_until_ready(&format!("http://127.0.0.1:{app_port}/news/")).await;
    let port = free_port();
    // Slashes reach newsreader as the client sent them, so it is newsreader that collapses them.
    let locations = format!("    merge_slashes off;\n{}", readme_intranet_block(app_port, upstream_path));
    let _nginx = nginx(&dir, port, &locations);
    let visited = crawl(port).await;
    assert_covers_the_site(&visited, port);
    assert_repeated_slashes_lead_home(port).await;
    assert_a_client_names_no_host(port).await;
}

/// A client's own `X-Forwarded-Host` and `X-Forwarded-Proto` never reach newsreader: the
/// canonical link names the host and port nginx was asked for (`$http_host`) and its scheme.
async fn assert_a_client_names_no_host(port: u16) {
    let client = reqwest::Client::new();
    let path = format!("/news/articles/{BYTEDANCE_SLUG}");
    let response = client
        .get(format!("http://127.0.0.1:{port}{path}"))
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(attrs(&html, "link[rel=canonical]", "href"), [format!("http://127.0.0.1:{port}{path}")]);
}

/// Addresses with repeated slashes lead (308), through the proxy, to the clean address.
async fn assert_repeated_slashes_lead_home(port: u16) {
    let origin = format!("http://127.0.0.1:{port}");
    let clean = format!("{origin}/news/articles/{BYTEDANCE_SLUG}");
    for path in [format!("/news//articles/{BYTEDANCE_SLUG}"), format!("/news/articles//{BYTEDANCE_SLUG}")] {
        let response = reqwest::get(format!("{origin}{path}")).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.url().as_str(), clean, "{path}");
        assert_eq!(texts(&response.text().await.unwrap(), "h1"), [BYTEDANCE], "{path}");
    }
}

#[tokio::test]
async fn behind_a_proxy_that_passes_the_prefix_through() {
    crawl_behind_proxy("through", "").await;
}

#[tokio::test]
async fn behind_a_proxy_that_strips_the_prefix() {
    crawl_behind_proxy("strip", "/").await;
}

/// The nginx block of README's "Static export" section, with its root `/srv/www` as `root`:
/// the lines for the `http` block and those for the `server` block.
fn readme_export_block(root: &Path) -> (String, String) {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let section = readme.split("### Static export").nth(1).expect("a Static export section");
    let block = section.split("```nginx\n").nth(1).and_then(|rest| rest.split("```").next()).expect("an nginx block");
    assert!(block.contains("root /srv/www;"), "{block}");
    let block = block.replace("/srv/www", &root.display().to_string());
    let (http, server) = block.split_once("# In the server block:").expect("a server part");
    (http.to_owned(), server.to_owned())
}

#[tokio::test]
async fn static_export_served_by_nginx_with_the_readme_block() {
    let dir = scratch("export");
    let root = dir.join("root");
    let seeds = many_articles(31);
    let output = Command::new(env!("CARGO_BIN_EXE_newsreader"))
        .args(["export", "--base-path", "/news", "--seeds"])
        .arg(&seeds)
        .arg("--out")
        .arg(root.join("news"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let port = free_port();
    let (http, server) = readme_export_block(&root);
    let _nginx = nginx_with(&dir, port, &http, &server);
    let visited = crawl(port).await;
    let origin = format!("http://127.0.0.1:{port}");
    for path in ["/news/", "/news/page/2", "/news/articles/article-31", "/news/search"] {
        assert!(visited.contains(&format!("{origin}{path}")), "{path} not reached: {visited:#?}");
    }
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let (corpus, _) = newsreader::corpus::Corpus::load(&seeds).unwrap();
    let permanent = format!("/news/articles/{}", corpus.permanent_slug(30).unwrap());
    for (path, location) in [
        ("/news", "/news/"),
        ("/news/?page=2", "/news/page/2"),
        ("/news/?x=1&page=1", "/news/page/1"),
        (permanent.as_str(), "/news/articles/article-31"),
    ] {
        let response = client.get(format!("{origin}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 301, "{path}");
        let to = response.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(to.strip_prefix(&origin).unwrap_or(&to), location, "{path}");
    }
    let page = |path: &str| {
        let url = format!("{origin}{path}");
        async move {
            let response = reqwest::get(url).await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let article = client
        .get(format!("{origin}/news/articles/article-31"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(article.status(), 200);
    assert_eq!(article.headers()["content-encoding"], "gzip");
    assert_eq!(article.headers()["vary"], "Accept-Encoding");
    let gzipped = std::fs::read(root.join("news/articles/article-31/index.html.gz")).unwrap();
    assert!(article.bytes().await.unwrap() == gzipped);
    let (status, html) = page("/news/?page=2").await;
    assert_eq!(status, 200);
    assert_eq!(texts(&html, ".count"), ["31 articles · page 2 of 2"]);
    assert_eq!(texts(&html, ".entry-headline"), ["Article 31"]);
    let (status, html) = page("/news/?page=3").await;
    assert_eq!((status, texts(&html, "h1")), (404, vec!["Page not found".to_owned()]));
    let (status, html) = page("/news/articles/none").await;
    assert_eq!((status, texts(&html, "h1")), (404, vec!["Page not found".to_owned()]));
}

/// The `upstream` block and the `location` block of README's "Replicas" section, with its
/// replica ports replaced by `ports`.
fn readme_replica_blocks(ports: &[u16]) -> (String, String) {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let section = readme.split("\n### Replicas\n").nth(1).expect("a Replicas section");
    let block = section.split("```nginx\n").nth(1).and_then(|rest| rest.split("```").next()).expect("an nginx block");
    let (upstream, location) = block.split_once("}\n").expect("upstream, then location");
    let mut upstream = format!("{upstream}}}\n");
    for (at, port) in ports.iter().enumerate() {
        let readme_port = format!("127.0.0.1:{};", 3001 + at);
        assert!(upstream.contains(&readme_port), "{upstream}");
        upstream = upstream.replace(&readme_port, &format!("127.0.0.1:{port};"));
    }
    (upstream, location.to_owned())
}

/// `newsreader serve` on `port` for the replica test: the writer, or with `--read-only` a
/// replica, all on `seeds` and `data` under `/news`.
fn replica(port: u16, seeds: &Path, data: &Path, options: &[&str]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsreader"));
    command
        .args(["serve", "--base-path", "/news", "--bind", &format!("127.0.0.1:{port}"), "--seeds"])
        .arg(seeds)
        .arg("--data")
        .arg(data)
        .args(options);
    run_on(command, port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_behind_nginx_answer_alike_and_lose_no_request_when_one_stops() {
    let dir = scratch("replicas");
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let data = dir.join("data");
    let writer_port = free_port();
    let _writer = replica(writer_port, &seeds, &data, &[]);
    wait_until_ready(&format!("http://127.0.0.1:{writer_port}/news/")).await;
    let ports = [free_port(), free_port(), free_port()];
    let mut replicas: Vec<Option<Running>> =
        ports.iter().map(|&port| Some(replica(port, &seeds, &data, &["--read-only"]))).collect();
    for port in ports {
        wait_until_ready(&format!("http://127.0.0.1:{port}/news/")).await;
    }
    let (upstream, location) = readme_replica_blocks(&ports);
    let port = free_port();
    let _nginx = nginx_with(&dir, port, &upstream, &location);
    let client = reqwest::Client::new();
    let article = format!("/news/articles/{BYTEDANCE_SLUG}");

    // The same bytes and ETag from every replica, asked as nginx asks them (the same Host);
    // a 304 for it through nginx, whichever replica answers.
    let mut tags = BTreeSet::new();
    for replica_port in ports {
        let url = format!("http://127.0.0.1:{replica_port}{article}");
        let response = client.get(url).header("host", format!("127.0.0.1:{port}")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        tags.insert(response.headers()["etag"].to_str().unwrap().to_owned());
    }
    assert_eq!(tags.len(), 1, "{tags:?}");
    let tag = tags.pop_first().unwrap();
    for _ in 0..3 {
        let response =
            client.get(format!("http://127.0.0.1:{port}{article}")).header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(response.status(), 304);
    }

    // Load through nginx while one replica is killed: every request is answered 200.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for _ in 0..8 {
        let (client, stop, url) = (client.clone(), stop.clone(), format!("http://127.0.0.1:{port}{article}"));
        load.push(tokio::spawn(async move {
            let (mut answered, mut failed) = (0, Vec::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match client.get(&url).send().await {
                    Ok(response) if response.status() == 200 => answered += 1,
                    Ok(response) => failed.push(response.status().to_string()),
                    Err(error) => failed.push(error.to_string()),
                }
            }
            (answered, failed)
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    if let Some(mut stopped) = replicas[1].take() {
        stopped.kill();
    }
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answered = 0;
    for task in load {
        let (count, failed) = task.await.unwrap();
        assert_eq!(failed, Vec::<String>::new());
        answered += count;
    }
    assert!(answered > 100, "{answered} requests answered");

    // A new seed file reaches the replicas that are left: the list within 2 s, search once the
    // writer's index is in.
    std::fs::write(seeds.join("b.txt"), "Tin Mines Close\n\nThe last tin mine closed on Friday.\n").unwrap();
    let started = std::time::Instant::now();
    for replica_port in [ports[0], ports[2]] {
        let url = format!("http://127.0.0.1:{replica_port}/news/");
        loop {
            let body = client.get(&url).send().await.unwrap().text().await.unwrap();
            if texts(&body, ".entry-headline").iter().any(|headline| headline == "Tin Mines Close") {
                break;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "{url} has no new article after 2 s");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let search = format!("http://127.0.0.1:{replica_port}/news/search?q=tin");
        let mut found = Vec::new();
        for _ in 0..100 {
            found = texts(&client.get(&search).send().await.unwrap().text().await.unwrap(), ".results .entry-headline");
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(found, ["Tin Mines Close"], "{search}");
    }
    drop(replicas);
}
