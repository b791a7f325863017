//! Following and sharing: feeds of a source, a section or a search, the sitemap, robots.txt
//! and `--noindex`.

use std::str::FromStr;

use axum::http::StatusCode;
use newsreader::corpus::Corpus;
use newsreader::web::{AppState, Site, Snapshot, router};

use crate::common::*;

const CEASEFIRE: &str = "ceasefire-in-gaza";
const RUINS: &str = "living-in-the-ruins-of-gaza";

fn more() -> axum::Router {
    app(&repo_path("tests/fixtures/more"))
}

fn atom(reply: &Reply) -> atom_syndication::Feed {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.headers["content-type"], "application/atom+xml; charset=utf-8");
    atom_syndication::Feed::from_str(&reply.body).unwrap()
}

fn entry_links(feed: &atom_syndication::Feed) -> Vec<&str> {
    feed.entries.iter().map(|entry| entry.links[0].href.as_str()).collect()
}

fn item_urls(feed: &serde_json::Value) -> Vec<&str> {
    feed["items"].as_array().unwrap().iter().map(|item| item["url"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_source_feed_lists_only_that_sources_articles() {
    let app = more();
    let feed = atom(&get(&app, "/feed.atom?source=reuters").await);
    // Newest first: the ruins are dated after the ceasefire.
    assert_eq!(entry_links(&feed), [format!("/articles/{RUINS}"), format!("/articles/{CEASEFIRE}")]);
    assert_eq!(feed.title.value, "newsreader: reuters");
    assert_eq!(feed.links[0].rel, "self");
    assert_eq!(feed.links[0].href, "/feed.atom?source=reuters");
    let all = atom(&get(&app, "/feed.atom").await);
    assert_eq!(all.entries.len(), 12);
    assert_ne!(feed.id, all.id);
    // Each entry keeps the id it has in the main feed.
    let main_id = all.entries.iter().find(|entry| entry.links[0].href.ends_with(CEASEFIRE)).unwrap().id.clone();
    assert_eq!(feed.entries[1].id, main_id);

    let json = json(&get(&app, "/feed.json?source=Reuters").await);
    assert_eq!(json["title"], "newsreader: Reuters");
    assert_eq!(json["feed_url"], "/feed.json?source=Reuters");
    assert_eq!(item_urls(&json), [format!("/articles/{RUINS}"), format!("/articles/{CEASEFIRE}")]);
}

#[tokio::test]
async fn a_section_feed_lists_only_that_sections_articles() {
    let app = more();
    let feed = atom(&get(&app, "/feed.atom?section=Pictures").await);
    assert_eq!(entry_links(&feed), [format!("/articles/{RUINS}")]);
    let both = atom(&get(&app, "/feed.atom?source=Reuters&section=Pictures").await);
    assert_eq!(entry_links(&both), [format!("/articles/{RUINS}")]);
    assert_eq!(both.title.value, "newsreader: Reuters · Pictures");
    let json = json(&get(&app, "/feed.json?section=in%20pictures").await);
    assert_eq!(item_urls(&json), ["/articles/israels-war-on-gaza-12-months-12-pictures"]);
    let none = atom(&get(&app, "/feed.atom?source=Nobody").await);
    assert_eq!(none.entries.len(), 0);
}

#[tokio::test]
async fn feed_parameters_that_are_empty_or_unknown_are_400() {
    let app = more();
    for uri in ["/feed.atom?source=", "/feed.json?section=%20", "/feed.atom?sauce=Reuters", "/search.atom?q=oil&page=2"]
    {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    let empty = get(&app, "/feed.atom?source=").await;
    assert!(empty.body.contains("source is empty"), "{}", empty.body);
}

#[tokio::test]
async fn a_search_feed_lists_the_searchs_matches_best_first() {
    let app = shipped();
    let feed = atom(&get(&app, "/search.atom?q=Ascend+910B").await);
    assert_eq!(entry_links(&feed), [format!("/articles/{BYTEDANCE_SLUG}")]);
    assert_eq!(feed.title.value, "newsreader: search “Ascend 910B”");
    assert_eq!(feed.links[0].href, "/search.atom?q=Ascend+910B");
    assert_eq!(feed.links[1].href, "/search?q=Ascend+910B");
    let json = json(&get(&app, "/search.json?q=strikes").await);
    assert_eq!(item_urls(&json), [format!("/articles/{VOLKSWAGEN_SLUG}")]);
    assert_eq!(json["home_page_url"], "/search?q=strikes");
    let nothing = atom(&get(&app, "/search.atom?q=zzzyzzy").await);
    assert_eq!(nothing.entries.len(), 0);
    let refused = get(&app, "/search.atom?q=%20").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("type a word or two to search for"), "{}", refused.body);
}

#[tokio::test]
async fn a_search_feed_takes_fifty_matches_from_several_pages_of_results() {
    let dir = tempdir();
    for number in 1..=55 {
        std::fs::write(dir.join(format!("{number:03}.txt")), format!("Story {number}\n\nBody of story {number}.\n"))
            .unwrap();
    }
    let app = app(&dir);
    let feed = atom(&get(&app, "/search.atom?q=story").await);
    assert_eq!(feed.entries.len(), 50);
    let mut links: Vec<&str> = entry_links(&feed);
    links.sort_unstable();
    links.dedup();
    assert_eq!(links.len(), 50);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_search_feed_is_503_while_the_index_is_built() {
    let (corpus, reports) = Corpus::load(&repo_path("seeds")).unwrap();
    let app = router(AppState::new(Snapshot::new(corpus, &reports), Site::new("")));
    for uri in ["/search.atom?q=oil", "/search.json?q=oil"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(reply.headers["retry-after"], "1");
    }
}

#[tokio::test]
async fn the_search_page_links_its_own_feeds_first() {
    let page = get(&full("/news"), "/news/search?q=Ascend+910B").await;
    let alternates = attrs(&page.body, "link[rel=alternate]", "href");
    assert_eq!(
        alternates,
        ["/news/search.atom?q=Ascend+910B", "/news/search.json?q=Ascend+910B", "/news/feed.atom", "/news/feed.json"]
    );
    let titles = attrs(&page.body, "link[rel=alternate]", "title");
    assert_eq!(titles[0], "Search “Ascend 910B” (Atom)");
    let refused = get(&full(""), "/search?q=%20").await;
    assert_eq!(attrs(&refused.body, "link[rel=alternate]", "href"), ["/feed.atom", "/feed.json"]);
}

/// `(loc, lastmod)` of each `<url>` (or `<sitemap>`, by `element`) of a sitemap document,
/// whose root element must carry the sitemaps.org namespace.
fn locations(xml: &str, element: &str) -> Vec<(String, Option<String>)> {
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), "{xml}");
    let root = if element == "url" { "urlset" } else { "sitemapindex" };
    assert_eq!(attrs(xml, root, "xmlns"), ["http://www.sitemaps.org/schemas/sitemap/0.9"]);
    let document = scraper::Html::parse_fragment(xml);
    let select = |selector: &str| scraper::Selector::parse(selector).unwrap();
    let text = |node: scraper::ElementRef<'_>, name: &str| {
        node.select(&select(name)).next().map(|child| child.text().collect::<String>())
    };
    document.select(&select(element)).map(|node| (text(node, "loc").unwrap(), text(node, "lastmod"))).collect()
}

fn host_request(uri: &str) -> axum::http::Request<axum::body::Body> {
    axum::http::Request::builder().uri(uri).header("host", "reader.example").body(axum::body::Body::empty()).unwrap()
}

#[tokio::test]
async fn the_sitemap_lists_every_article_with_its_date() {
    let reply = send(&full("/news"), host_request("/news/sitemap.xml")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/xml; charset=utf-8");
    let urls = locations(&reply.body, "url");
    assert_eq!(
        urls,
        [
            (format!("http://reader.example/news/articles/{BYTEDANCE_SLUG}"), None),
            (format!("http://reader.example/news/articles/{VOLKSWAGEN_SLUG}"), None),
        ]
    );
    let dated = locations(&get(&app(&repo_path("tests/fixtures/more")), "/sitemap.xml").await.body, "url");
    assert_eq!(dated.len(), 12);
    let lastmod = |slug: &str| dated.iter().find(|(loc, _)| loc.ends_with(slug)).unwrap().1.clone();
    assert_eq!(lastmod(RUINS).as_deref(), Some("2015-01-26T16:52:00+00:00"));
    assert_eq!(lastmod("muslims-start-hajj-pilgrimage-in-makkah").as_deref(), Some("2024-06-14"));
    assert_eq!(lastmod("calm-in-the-middle-of-global-chaos-why-newcomers-are-choosing-dubai"), None);
    // Not split: there are no parts.
    assert_eq!(get(&shipped(), "/sitemaps/1.xml").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sitemap_above_its_limit_is_an_index_of_parts() {
    use newsreader::web::{render_part, render_sitemap};
    let (corpus, _) = Corpus::load(&repo_path("tests/fixtures/more")).unwrap();
    let links = newsreader::links::Links::new("/news").with_public_url("https://intranet.example/news");
    let index = render_sitemap(&corpus, &links, 5).unwrap();
    let parts = locations(&index, "sitemap");
    let locs: Vec<&str> = parts.iter().map(|(loc, _)| loc.as_str()).collect();
    assert_eq!(
        locs,
        [
            "https://intranet.example/news/sitemaps/1.xml",
            "https://intranet.example/news/sitemaps/2.xml",
            "https://intranet.example/news/sitemaps/3.xml"
        ]
    );
    let mut all = Vec::new();
    for number in 1..=3 {
        let urls = locations(&render_part(&corpus, &links, 5, number).unwrap().unwrap(), "url");
        assert_eq!(urls.len(), [5, 5, 2][number - 1], "part {number}");
        // Each part is dated by its newest article.
        let newest = urls.iter().filter_map(|(_, lastmod)| lastmod.clone()).max();
        assert_eq!(parts[number - 1].1.as_deref().map(|date| &date[..10]), newest.as_deref().map(|date| &date[..10]));
        all.extend(urls.into_iter().map(|(loc, _)| loc));
    }
    let whole: Vec<String> =
        locations(&render_sitemap(&corpus, &links, 12).unwrap(), "url").into_iter().map(|(loc, _)| loc).collect();
    assert_eq!(all, whole);
    assert_eq!(render_part(&corpus, &links, 5, 4).unwrap(), None);
    assert_eq!(render_part(&corpus, &links, 5, 0).unwrap(), None);
    assert_eq!(newsreader::sitemap::MAX_URLS, 50_000);
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_out_of_search_and_names_the_sitemap() {
    let reply = send(&full("/news"), host_request("/news/robots.txt")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "text/plain; charset=utf-8");
    assert_eq!(
        reply.body,
        "User-agent: *\nDisallow: /news/search\nDisallow: /news/random\nDisallow: /news/api/\n\n\
         Sitemap: http://reader.example/news/sitemap.xml\n"
    );
    assert!(!reply.headers.contains_key("x-robots-tag"));
    let relative = get(&shipped(), "/robots.txt").await;
    assert_eq!(relative.body, "User-agent: *\nDisallow: /search\nDisallow: /random\nDisallow: /api/\n");
}

#[tokio::test]
async fn noindex_tags_every_response_and_disallows_every_page() {
    let access = newsreader::web::Access { noindex: true, ..newsreader::web::Access::default() };
    let app = newsreader::web::app(state(&repo_path("seeds"), "/news"), newsreader::web::Limits::default(), access);
    let robots = send(&app, host_request("/news/robots.txt")).await;
    assert_eq!(robots.status, StatusCode::OK);
    assert_eq!(robots.bytes, b"User-agent: *\nDisallow: /news/\n");
    for uri in
        ["/news/robots.txt", "/news/", &format!("/news/articles/{BYTEDANCE_SLUG}"), "/news/feed.atom", "/news/nothing"]
    {
        // Twice: the second article and list answers come from the page cache.
        for _ in 0..2 {
            let reply = send(&app, host_request(uri)).await;
            assert_eq!(reply.headers["x-robots-tag"], "noindex", "{uri}");
        }
    }
    assert_eq!(send(&app, host_request("/news/nothing")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn serve_noindex_is_read_from_the_option_and_its_variable() {
    use crate::server::{serve_command, spawn, start_with};
    let server = start_with(&repo_path("seeds"), &["--no-watch", "--noindex"]);
    let robots = reqwest::get(format!("{}robots.txt", server.url)).await.unwrap();
    assert_eq!(robots.headers()["x-robots-tag"], "noindex");
    assert_eq!(robots.text().await.unwrap(), "User-agent: *\nDisallow: /\n");
    let log = server.stop();
    assert!(log.contains(" noindex=true"), "{log}");

    let mut command = serve_command("127.0.0.1:0", &repo_path("seeds"), &["--no-watch"]);
    command.env("NEWSREADER_NOINDEX", "yes");
    let by_variable = spawn(command);
    let home = reqwest::get(&by_variable.url).await.unwrap();
    assert_eq!(home.status(), 200);
    assert_eq!(home.headers()["x-robots-tag"], "noindex");
    drop(by_variable);

    let plain = start_with(&repo_path("seeds"), &["--no-watch"]);
    let home = reqwest::get(&plain.url).await.unwrap();
    assert!(!home.headers().contains_key("x-robots-tag"));
}
