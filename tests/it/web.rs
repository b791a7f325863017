//! Router tests on the shipped seed, through `tower::ServiceExt::oneshot`.

use axum::http::StatusCode;
use scraper::Html;

use crate::common::*;

#[tokio::test]
async fn list_shows_both_articles_in_seed_order() {
    let reply = get(&shipped(), "/").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(texts(&reply.body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    assert_eq!(
        attrs(&reply.body, ".entry-headline a", "href"),
        [format!("/articles/{BYTEDANCE_SLUG}"), format!("/articles/{VOLKSWAGEN_SLUG}")]
    );
    let ledes = texts(&reply.body, ".lede");
    assert_eq!(
        ledes[0],
        "TikTok's Chinese parent ByteDance plans to develop an AI model trained primarily with chips from compatriot \
         Huawei Technologies, said three people familiar with the matter, as US curbs turn the…"
    );
    assert!(ledes[0].chars().count() <= 201);
    assert_eq!(texts(&reply.body, ".entry .reading-time"), ["3 min read", "3 min read"]);
    assert_eq!(texts(&reply.body, ".entry .agency"), ["Photo: Reuters", "Photo: Reuters"]);
}

#[tokio::test]
async fn article_page_has_headline_photo_and_body() {
    let reply = get(&shipped(), &format!("/articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(texts(&reply.body, "h1"), [BYTEDANCE]);
    assert_eq!(texts(&reply.body, "title"), [format!("{BYTEDANCE} — newsreader")]);
    assert_eq!(
        texts(&reply.body, "figure figcaption .caption"),
        ["The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023."]
    );
    assert_eq!(texts(&reply.body, "figure figcaption .credit"), ["REUTERS/Aly Song/File Photo"]);
    assert_eq!(texts(&reply.body, ".body p").len(), 18);
    assert_eq!(texts(&reply.body, ".body h2"), ["TIGHT SUPPLY #"]);
    assert_eq!(attrs(&reply.body, ".body h2", "id"), ["tight-supply"]);
    assert_eq!(texts(&reply.body, ".reading-time"), ["3 min read"]);
    assert_eq!(attrs(&reply.body, "a[rel=next]", "href"), [format!("/articles/{VOLKSWAGEN_SLUG}")]);
    assert_eq!(texts(&reply.body, "a[rel=next] .pager-headline"), [VOLKSWAGEN]);
    assert!(attrs(&reply.body, "a[rel=prev]", "href").is_empty());
    assert_eq!(attrs(&reply.body, "a.all", "href"), ["/"]);
}

#[tokio::test]
async fn second_article_links_back_to_the_first() {
    let reply = get(&shipped(), &format!("/articles/{VOLKSWAGEN_SLUG}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(texts(&reply.body, "h1"), [VOLKSWAGEN]);
    assert_eq!(texts(&reply.body, ".body p").len(), 14);
    assert!(texts(&reply.body, ".body h2").is_empty());
    assert_eq!(attrs(&reply.body, "a[rel=prev]", "href"), [format!("/articles/{BYTEDANCE_SLUG}")]);
    assert!(attrs(&reply.body, "a[rel=next]", "href").is_empty());
}

/// Every body line of the seed, and each caption, appears exactly once inside `<main>`;
/// `TT` never stands as an element's whole text.
#[tokio::test]
async fn every_body_line_appears_once_in_main() {
    let seed = std::fs::read_to_string(repo_path("seeds/000_bc60f894ced19436.txt")).unwrap();
    let app = shipped();
    let articles: Vec<&str> = seed.split("\n\n\n\n").collect();
    assert_eq!(articles.len(), 2);
    for (slug, text) in [BYTEDANCE_SLUG, VOLKSWAGEN_SLUG].into_iter().zip(articles) {
        let reply = get(&app, &format!("/articles/{slug}")).await;
        let main = main_html(&reply.body);
        let main_text = Html::parse_fragment(&main).root_element().text().collect::<String>();
        let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).collect();
        let body_start = lines.iter().rposition(|line| line.ends_with("File Photo")).unwrap() + 1;
        for line in &lines[body_start..] {
            assert_eq!(main_text.matches(line).count(), 1, "{slug}: {line:?}");
        }
        let caption = lines[1].trim_end_matches(|c: char| c != '.');
        assert_eq!(main_text.matches(caption).count(), 1, "{slug}: caption");
        let whole_texts = texts(&main, "*");
        assert!(!whole_texts.iter().any(|text| text == "TT"), "{slug}: TT shown");
    }
}

#[tokio::test]
async fn unknown_slug_is_a_styled_404() {
    for uri in ["/articles/no-such-article", "/no/such/page", "/articles/%E2%9C%93"] {
        let reply = get(&shipped(), uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(reply.headers["content-type"], "text/html; charset=utf-8");
        assert_eq!(texts(&reply.body, "h1"), ["Page not found"]);
        assert_eq!(attrs(&reply.body, "main a", "href"), ["/"]);
        assert_eq!(attrs(&reply.body, "link[rel=stylesheet]", "href").len(), 1);
    }
}

#[tokio::test]
async fn unknown_addresses_are_a_503_while_the_seeds_are_still_being_read() {
    let (corpus, reports) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let snapshot = newsreader::web::Snapshot::new(corpus, &reports).still_loading(true);
    let app = newsreader::web::router(newsreader::web::AppState::new(snapshot, newsreader::web::Site::new("")));
    let reply = get(&app, "/articles/no-such-article-yet").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.headers["retry-after"], "1");
    assert_eq!(texts(&reply.body, "h1"), ["Still loading"]);
    assert_eq!(get(&app, "/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    let api = get(&app, "/api/articles/no-such-article-yet").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.headers["content-type"], "application/json");
    let found = get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn stylesheet_is_served_as_css_under_its_hashed_name() {
    let app = shipped();
    let page = get(&app, "/").await;
    let href = attrs(&page.body, "link[rel=stylesheet]", "href").remove(0);
    assert!(href.starts_with("/static/style.") && href.ends_with(".css"), "{href}");
    assert_eq!(href.len(), "/static/style.12345678.css".len());
    let css = std::fs::read_to_string(repo_path("static/style.css")).unwrap();
    for (uri, cache) in [(href.as_str(), "public, max-age=31536000, immutable"), ("/static/style.css", "no-cache")] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.headers["content-type"], "text/css; charset=utf-8");
        assert_eq!(reply.headers["cache-control"], cache);
        assert_eq!(reply.body, css);
    }
    assert_eq!(get(&app, "/static/nope.css").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_request_nothing_from_other_hosts() {
    let app = shipped();
    for uri in ["/", &format!("/articles/{BYTEDANCE_SLUG}"), "/missing"] {
        let body = get(&app, uri).await.body;
        for attribute in ["href", "src"] {
            for url in attrs(&body, &format!("[{attribute}]"), attribute) {
                assert!(url.starts_with('/') || url.starts_with('#'), "{uri}: {url}");
            }
        }
    }
}

#[tokio::test]
async fn script_is_served_as_javascript_under_its_hashed_name() {
    let app = shipped();
    let page = get(&app, "/").await;
    let src = attrs(&page.body, "head script", "src").remove(0);
    assert!(src.starts_with("/static/reader.") && src.ends_with(".js"), "{src}");
    let reply = get(&app, &src).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(reply.body, std::fs::read_to_string(repo_path("static/reader.js")).unwrap());
}

/// Nothing inline: the pages run under `Content-Security-Policy: default-src 'self'`.
#[tokio::test]
async fn pages_carry_no_inline_script_or_style() {
    let app = shipped();
    for uri in ["/", &format!("/articles/{BYTEDANCE_SLUG}"), "/missing"] {
        let body = get(&app, uri).await.body;
        assert!(texts(&body, "script").iter().all(String::is_empty), "{uri}: inline script");
        assert!(texts(&body, "style").is_empty(), "{uri}: style element");
        assert!(attrs(&body, "[style]", "style").is_empty(), "{uri}: style attribute");
        let document = Html::parse_document(&body);
        let every = scraper::Selector::parse("*").unwrap();
        let handlers: Vec<_> = document
            .select(&every)
            .flat_map(|element| element.value().attrs().map(|(name, _)| name.to_owned()))
            .filter(|name| name.starts_with("on"))
            .collect();
        assert!(handlers.is_empty(), "{uri}: event handler attributes {handlers:?}");
    }
}

#[tokio::test]
async fn the_dateline_is_a_time_on_the_article_page_and_in_the_list() {
    let dir = dated_seeds();
    let app = app(&dir);
    let list = get(&app, "/").await;
    // Newest first.
    assert_eq!(
        texts(&list.body, ".entry .meta time.dateline"),
        ["Updated 16 July 2021", "Tuesday, 21 November, 2017 - 07:30"]
    );
    assert_eq!(attrs(&list.body, ".entry .meta time.dateline", "datetime"), ["2021-07-16", "2017-11-21T07:30"]);
    let href = attrs(&list.body, ".entry-headline a", "href").remove(0);
    let page = get(&app, &href).await;
    assert_eq!(texts(&page.body, ".article-header .meta time.dateline"), ["Updated 16 July 2021"]);
    assert_eq!(attrs(&page.body, ".article-header .meta time", "datetime"), ["2021-07-16"]);
    // The shipped seed prints no dateline: no time element.
    assert!(texts(&get(&shipped(), "/").await.body, "time").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn english_pages_are_lang_en_left_to_right() {
    let app = shipped();
    for uri in ["/".to_owned(), format!("/articles/{BYTEDANCE_SLUG}"), "/search?q=huawei".to_owned()] {
        let page = get(&app, &uri).await;
        assert_eq!(attrs(&page.body, "html", "lang"), ["en"], "{uri}");
        assert!(attrs(&page.body, "html", "dir").is_empty(), "{uri}");
        assert!(attrs(&page.body, "main [lang]", "lang").is_empty(), "{uri}: no label needs its own lang");
    }
}
