//! Atom and JSON feeds, parsed back.

use std::str::FromStr;

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test]
async fn atom_feed_parses_with_both_articles() {
    let reply = get(&shipped(), "/feed.atom").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/atom+xml; charset=utf-8");
    let feed = atom_syndication::Feed::from_str(&reply.body).unwrap();
    assert_eq!(feed.title.value, "newsreader");
    assert!(feed.id.starts_with("urn:uuid:"), "{}", feed.id);
    assert_eq!(feed.entries.len(), 2);
    let titles: Vec<&str> = feed.entries.iter().map(|entry| entry.title.value.as_str()).collect();
    assert_eq!(titles, [BYTEDANCE, VOLKSWAGEN]);
    let first = &feed.entries[0];
    assert_eq!(first.links[0].href, format!("/articles/{BYTEDANCE_SLUG}"));
    assert!(first.id.starts_with("urn:uuid:") && first.id.len() == 45, "{}", first.id);
    let content = first.content.as_ref().unwrap();
    assert_eq!(content.content_type.as_deref(), Some("html"));
    let html = content.value.as_deref().unwrap();
    assert!(html.starts_with("<figure><figcaption>The ByteDance logo is seen at the company's office"), "{html}");
    assert!(html.contains("<small>REUTERS/Aly Song/File Photo</small>"));
    assert!(html.contains("<h2 id=\"tight-supply\">TIGHT SUPPLY</h2>"));
    assert!(!html.contains("permalink"));
    assert_eq!(scraper::Html::parse_fragment(html).select(&scraper::Selector::parse("p").unwrap()).count(), 18);
}

#[tokio::test]
async fn entry_ids_are_stable_across_restarts_and_other_files() {
    let ids = |body: &str| -> Vec<String> {
        atom_syndication::Feed::from_str(body).unwrap().entries.iter().map(|entry| entry.id.clone()).collect()
    };
    let first = ids(&get(&shipped(), "/feed.atom").await.body);
    let again = ids(&get(&shipped(), "/feed.atom").await.body);
    assert_eq!(first, again);
    assert_ne!(first[0], first[1]);
    let dir = seeds_copy();
    std::fs::write(dir.join("001_more.txt"), "Another Story\n\nIts body.\n").unwrap();
    let grown = ids(&get(&app(&dir), "/feed.atom").await.body);
    assert_eq!(grown.len(), 3);
    assert_eq!(grown[..2], first[..]);
}

#[tokio::test]
async fn entries_are_dated_by_the_seed_file_time() {
    let dir = seeds_copy();
    let file = std::fs::File::options().write(true).open(dir.join("000_bc60f894ced19436.txt")).unwrap();
    file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)).unwrap();
    let feed = atom_syndication::Feed::from_str(&get(&app(&dir), "/feed.atom").await.body).unwrap();
    assert_eq!(feed.entries[0].updated.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    assert_eq!(feed.updated.to_rfc3339(), "2023-11-14T22:13:20+00:00");
}

#[tokio::test]
async fn json_feed_has_both_articles() {
    let reply = get(&shipped(), "/feed.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/feed+json; charset=utf-8");
    let feed = json(&reply);
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "/feed.json");
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["title"], VOLKSWAGEN);
    assert_eq!(items[1]["url"], format!("/articles/{VOLKSWAGEN_SLUG}"));
    let atom = atom_syndication::Feed::from_str(&get(&shipped(), "/feed.atom").await.body).unwrap();
    assert_eq!(items[1]["id"], atom.entries[1].id);
}

#[tokio::test]
async fn feeds_carry_at_most_fifty_entries() {
    let dir = tempdir();
    for number in 1..=55 {
        let file = dir.join(format!("{number:03}.txt"));
        std::fs::write(&file, format!("Story {number}\n\nBody {number}.\n")).unwrap();
        // One time for all: the undated stories keep file order, newest first being a tie.
        set_mtime(&file, 0);
    }
    let app = app(&dir);
    let atom = atom_syndication::Feed::from_str(&get(&app, "/feed.atom").await.body).unwrap();
    assert_eq!(atom.entries.len(), 50);
    assert_eq!(atom.entries[49].title.value, "Story 50");
    assert_eq!(json(&get(&app, "/feed.json").await)["items"].as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn an_override_left_open_in_a_headline_ends_with_it_in_the_title_and_the_feed() {
    let dir = tempdir();
    std::fs::write(dir.join("a.txt"), "\u{202E}Gold Falls\n\nGold fell on Tuesday as the dollar rose.\n").unwrap();
    let app = app(&dir);
    let page = get(&app, "/articles/gold-falls").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(texts(&page.body, "title"), ["\u{202E}Gold Falls\u{202C} — newsreader"]);
    let feed = atom_syndication::Feed::from_str(&get(&app, "/feed.atom").await.body).unwrap();
    assert_eq!(feed.entries[0].title.value, "\u{202E}Gold Falls\u{202C}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn entries_are_dated_by_their_dateline() {
    let dir = dated_seeds();
    let app = app(&dir);
    let atom = atom_syndication::Feed::from_str(&get(&app, "/feed.atom").await.body).unwrap();
    let updated: Vec<String> = atom.entries.iter().map(|entry| entry.updated.to_rfc3339()).collect();
    // Newest first.
    assert_eq!(updated, ["2021-07-16T00:00:00+00:00", "2017-11-21T07:30:00+00:00"]);
    assert_eq!(atom.updated.to_rfc3339(), "2021-07-16T00:00:00+00:00");
    let feed: serde_json::Value = serde_json::from_str(&get(&app, "/feed.json").await.body).unwrap();
    let published: Vec<&str> =
        feed["items"].as_array().unwrap().iter().map(|item| item["date_published"].as_str().unwrap()).collect();
    assert_eq!(published, ["2021-07-16T00:00:00+00:00", "2017-11-21T07:30:00+00:00"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn feed_and_entry_ids_are_the_same_whichever_host_is_asked() {
    let app = full("/news");
    let fetch = |host: &'static str, forwarded: &'static str, uri: &'static str| {
        let app = app.clone();
        async move {
            let request = axum::http::Request::builder()
                .uri(uri)
                .header("host", host)
                .header("x-forwarded-host", forwarded)
                .body(axum::body::Body::empty())
                .unwrap();
            send(&app, request).await
        }
    };
    let mut atoms = Vec::new();
    let mut items = Vec::new();
    for (host, forwarded) in [("reader.example", "reader.example"), ("10.0.0.5:3000", "evil.example")] {
        let reply = fetch(host, forwarded, "/news/feed.atom").await;
        let feed = atom_syndication::Feed::from_str(&reply.body).unwrap();
        // The links follow the host; the ids do not.
        assert_eq!(feed.links[0].href, format!("http://{forwarded}/news/feed.atom"));
        let entries: Vec<String> = feed.entries.iter().map(|entry| entry.id.clone()).collect();
        atoms.push((feed.id, entries));
        let json = json(&fetch(host, forwarded, "/news/feed.json").await);
        let ids: Vec<String> =
            json["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_owned()).collect();
        items.push(ids);
    }
    assert_eq!(atoms[0], atoms[1]);
    assert_eq!(items[0], items[1]);
    assert_eq!(items[0], atoms[0].1);
    assert_eq!(atoms[0].1.len(), 2);
    // The id a request with no host gets, and the one the export writes: one feed, one id.
    let relative = atom_syndication::Feed::from_str(&get(&app, "/news/feed.atom").await.body).unwrap();
    assert_eq!(relative.id, atoms[0].0);
    assert!(relative.id.starts_with("urn:uuid:") && relative.id.len() == 45, "{}", relative.id);
}
