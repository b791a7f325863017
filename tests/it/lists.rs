//! Lists that scale: 30 articles a page, prev/next, totals, 404 past the end; `/random`.

use std::str::FromStr;

use axum::http::StatusCode;

use crate::common::*;

/// A seeds folder of `count` one-article files, headlines `Story 1` ... `Story N`, undated,
/// each file a minute newer than the one before: the list shows `Story N` first.
fn numbered(count: usize) -> std::path::PathBuf {
    let dir = tempdir();
    for number in 1..=count {
        let file = dir.join(format!("{number:03}.txt"));
        std::fs::write(&file, format!("Story {number}\n\nBody of story {number}.\n")).unwrap();
        set_mtime(&file, 60 * number as u64);
    }
    dir
}

#[tokio::test]
async fn list_pages_hold_thirty_with_prev_next_and_total() {
    let app = app(&numbered(61));
    let first = get(&app, "/").await;
    assert_eq!(first.status, StatusCode::OK);
    let headlines = texts(&first.body, ".entry-headline");
    assert_eq!(headlines.len(), 30);
    // Newest first.
    assert_eq!((headlines[0].as_str(), headlines[29].as_str()), ("Story 61", "Story 32"));
    assert_eq!(texts(&first.body, ".count"), ["61 articles · page 1 of 3"]);
    assert_eq!(attrs(&first.body, "a[rel=next]", "href"), ["/?page=2"]);
    assert_eq!(attrs(&first.body, "link[rel=next]", "href"), ["/?page=2"]);
    assert!(attrs(&first.body, "[rel=prev]", "href").is_empty());

    let second = get(&app, "/?page=2").await;
    assert_eq!(texts(&second.body, ".entry-headline")[0], "Story 31");
    assert_eq!(texts(&second.body, ".entry-headline")[29], "Story 2");
    assert_eq!(attrs(&second.body, "a[rel=prev]", "href"), ["/"]);
    assert_eq!(attrs(&second.body, "a[rel=next]", "href"), ["/?page=3"]);
    assert_eq!(attrs(&second.body, "ol.entries", "start"), ["31"]);

    let last = get(&app, "/?page=3").await;
    assert_eq!(texts(&last.body, ".entry-headline"), ["Story 1"]);
    assert_eq!(attrs(&last.body, "a[rel=prev]", "href"), ["/?page=2"]);
    assert!(attrs(&last.body, "[rel=next]", "href").is_empty());

    assert_eq!(get(&app, "/?page=4").await.status, StatusCode::NOT_FOUND);
    for uri in ["/?page=0", "/?page=-1", "/?page=two", "/?page="] {
        assert_eq!(get(&app, uri).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
}

#[tokio::test]
async fn the_list_is_newest_first_by_dateline_then_by_file_time() {
    // Dated by their datelines: 2017-11-21 07:30 and 2021-07-16.
    let dir = dated_seeds();
    // Undated: two files last modified at one time, 2019-03-01 12:00 UTC, and one modified
    // at 20:00 UTC on the day of the 2021 dateline.
    for (name, story) in [("z_harbour.txt", "Harbour Reopens"), ("z_ferry.txt", "Ferry Returns")] {
        let file = dir.join(name);
        std::fs::write(&file, format!("{story}\n\nThe story of the day.\n")).unwrap();
        set_mtime(&file, 551_441_600);
    }
    let evening = dir.join("m_evening.txt");
    std::fs::write(&evening, "Evening Storm Passes\n\nThe storm passed in the evening.\n").unwrap();
    set_mtime(&evening, 626_465_600);
    let app = app(&dir);
    let list = get(&app, "/").await;
    let headlines = texts(&list.body, ".entry-headline");
    let api = json(&get(&app, "/api/articles").await);
    let api_headlines: Vec<&str> =
        api["articles"].as_array().unwrap().iter().map(|article| article["headline"].as_str().unwrap()).collect();
    assert_eq!(api_headlines, headlines.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(headlines.len(), 5);
    assert_eq!(&headlines[0], "Evening Storm Passes");
    assert_eq!(
        texts(&list.body, ".entry .meta time.dateline"),
        ["Updated 16 July 2021", "Tuesday, 21 November, 2017 - 07:30"]
    );
    // The two of one time keep corpus order: files by name.
    assert_eq!(&headlines[2..4], ["Ferry Returns", "Harbour Reopens"]);
    // Each article's previous (newer) and next (older) follow the list.
    let hrefs = attrs(&list.body, ".entry-headline a", "href");
    for (index, href) in hrefs.iter().enumerate() {
        let page = get(&app, href).await;
        assert_eq!(
            attrs(&page.body, "a[rel=prev]", "href"),
            hrefs.get(index.wrapping_sub(1)).into_iter().cloned().collect::<Vec<_>>(),
            "{href}"
        );
        assert_eq!(
            attrs(&page.body, "a[rel=next]", "href"),
            hrefs.get(index + 1).into_iter().cloned().collect::<Vec<_>>(),
            "{href}"
        );
    }
    let feed = atom_syndication::Feed::from_str(&get(&app, "/feed.atom").await.body).unwrap();
    let titles: Vec<&str> = feed.entries.iter().map(|entry| entry.title.value.as_str()).collect();
    assert_eq!(titles, headlines.iter().map(String::as_str).collect::<Vec<_>>());
}

#[tokio::test]
async fn shipped_list_shows_its_total_without_a_pager() {
    let reply = get(&shipped(), "/").await;
    assert_eq!(texts(&reply.body, ".count"), ["2 articles"]);
    assert!(texts(&reply.body, "nav.pager").is_empty());
    assert_eq!(get(&shipped(), "/?page=2").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn random_redirects_to_an_article() {
    let app = shipped();
    let targets = [format!("/articles/{BYTEDANCE_SLUG}"), format!("/articles/{VOLKSWAGEN_SLUG}")];
    for _ in 0..5 {
        let reply = get(&app, "/random").await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.headers["cache-control"], "no-store");
        let location = reply.headers["location"].to_str().unwrap();
        assert!(targets.iter().any(|target| target == location), "{location}");
    }
}

#[tokio::test]
async fn exported_list_addresses_lead_to_the_list_pages_of_the_server() {
    let app = newsreader::web::app(
        state(&numbered(31), "/news"),
        newsreader::web::Limits::default(),
        newsreader::web::Access::default(),
    );
    for (uri, location) in [
        ("/news/page/2", "/news/?page=2"),
        ("/news/page/2/", "/news/?page=2"),
        ("/page/2", "/news/?page=2"),
        ("/news/page/1", "/news/"),
        ("/news/page/07", "/news/?page=7"),
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(reply.headers["location"], location, "{uri}");
    }
    let second = get(&app, "/news/?page=2").await;
    assert_eq!(texts(&second.body, ".entry-headline"), ["Story 1"]);
    // A page number that is none: the 400 page `?page=` gives, word for word.
    for (path, query) in [("/news/page/x", "/news/?page=x"), ("/news/page/0/", "/news/?page=0")] {
        let reply = get(&app, path).await;
        let expected = get(&app, query).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(texts(&reply.body, "main"), texts(&expected.body, "main"), "{path}");
        assert_eq!(texts(&reply.body, "main h1"), ["Bad request"], "{path}");
    }
}

#[tokio::test]
async fn search_with_a_trailing_slash_leads_to_search_keeping_the_query() {
    let app = full("/news");
    for (uri, location) in [
        ("/news/search/?q=oil&page=2", "/news/search?q=oil&page=2"),
        ("/news/search/", "/news/search"),
        ("/search/?q=%D8%BA%D8%B2%D8%A9", "/news/search?q=%D8%BA%D8%B2%D8%A9"),
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(reply.headers["location"], location, "{uri}");
    }
}
