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
    assert_eq!(entry_links(&feed), [format!("/articles/{CEASEFIRE}"), format!("/articles/{RUINS}")]);
    assert_eq!(feed.title.value, "newsreader: reuters");
    assert_eq!(feed.links[0].rel, "self");
    assert_eq!(feed.links[0].href, "/feed.atom?source=reuters");
    let all = atom(&get(&app, "/feed.atom").await);
    assert_eq!(all.entries.len(), 12);
    assert_ne!(feed.id, all.id);
    // Each entry keeps the id it has in the main feed.
    let main_id = all.entries.iter().find(|entry| entry.links[0].href.ends_with(CEASEFIRE)).unwrap().id.clone();
    assert_eq!(feed.entries[0].id, main_id);

    let json = json(&get(&app, "/feed.json?source=Reuters").await);
    assert_eq!(json["title"], "newsreader: Reuters");
    assert_eq!(json["feed_url"], "/feed.json?source=Reuters");
    assert_eq!(item_urls(&json), [format!("/articles/{CEASEFIRE}"), format!("/articles/{RUINS}")]);
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
