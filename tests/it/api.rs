//! The JSON API: every field, pages, search, and JSON errors.

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test]
async fn articles_page_has_every_field() {
    let reply = get(&shipped(), "/api/articles").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/json");
    let body = json(&reply);
    assert_eq!((body["page"].as_u64(), body["pages"].as_u64(), body["total"].as_u64()), (Some(1), Some(1), Some(2)));
    assert_eq!(body["per_page"], 30);
    assert!(body["next"].is_null() && body["previous"].is_null());
    let first = &body["articles"][0];
    assert_eq!(first["headline"], BYTEDANCE);
    assert_eq!(first["slug"], BYTEDANCE_SLUG);
    assert_eq!(first["url"], format!("/articles/{BYTEDANCE_SLUG}"));
    assert_eq!(
        first["photos"],
        serde_json::json!([{
            "caption": "The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023.",
            "credit": "REUTERS/Aly Song/File Photo"
        }])
    );
    assert_eq!(first["blocks"].as_array().unwrap().len(), 19);
    assert_eq!(first["blocks"][10], serde_json::json!({"type": "subheading", "text": "TIGHT SUPPLY"}));
    assert_eq!(first["reading_minutes"], 3);
    assert_eq!(first["seed"], serde_json::json!({"file": "000_bc60f894ced19436.txt", "line": 1}));
    assert_eq!(first["source"], "Reuters");
    assert_eq!(first["language"], "en");
    assert_eq!(first["headline_printed"], true);
    for field in ["standfirst", "byline", "section", "date"] {
        assert!(first[field].is_null(), "{field}: {}", first[field]);
    }
    assert!(first["lede"].as_str().unwrap().starts_with("TikTok's Chinese parent ByteDance plans"));
    assert!(first["dateline"].is_null());
}

#[tokio::test]
async fn one_article_by_slug_and_redirects_for_other_spellings() {
    let app = shipped();
    let reply = get(&app, &format!("/api/articles/{VOLKSWAGEN_SLUG}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(json(&reply)["headline"], VOLKSWAGEN);
    let moved = get(&app, &format!("/api/articles/{}", VOLKSWAGEN_SLUG.to_uppercase())).await;
    assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.headers["location"], format!("/api/articles/{VOLKSWAGEN_SLUG}"));
    for spelling in [VOLKSWAGEN_SLUG.to_owned(), VOLKSWAGEN_SLUG.to_uppercase()] {
        let slashed = get(&app, &format!("/api/articles/{spelling}/")).await;
        assert_eq!(slashed.status, StatusCode::PERMANENT_REDIRECT, "{spelling}");
        assert_eq!(slashed.headers["location"], format!("/api/articles/{VOLKSWAGEN_SLUG}"));
    }
    let missing = get(&app, "/api/articles/no-such-article/").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&missing)["error"]["message"], "no article has this slug");
}

#[tokio::test]
async fn api_errors_are_json_with_their_status() {
    let app = shipped();
    for (uri, status, message) in [
        ("/api/articles/no-such-article", 404, "no article has this slug"),
        ("/api/articles/%FF", 404, "no article has this slug"),
        ("/api/articles?page=2", 404, "no such page of articles"),
        ("/api/articles?page=x", 400, "the page number must be a whole number from 1, not \"x\""),
        ("/api/nothing", 404, "no such API route"),
        ("/api", 404, "no such API route"),
        ("/api/", 404, "no such API route"),
        ("/api/search?q=", 400, "type a word or two to search for"),
        ("/api/search?q=(", 400, "the query has no word in it: search for letters or digits"),
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status.as_u16(), status, "{uri}");
        assert_eq!(reply.headers["content-type"], "application/json", "{uri}");
        assert_eq!(json(&reply), serde_json::json!({"error": {"status": status, "message": message}}), "{uri}");
    }
}

#[tokio::test]
async fn api_search_returns_hits_with_snippets() {
    let reply = get(&shipped(), "/api/search?q=Ascend%20910B").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = json(&reply);
    assert_eq!(body["query"], "Ascend 910B");
    assert_eq!(body["total"], 1);
    let hit = &body["hits"][0];
    assert_eq!(hit["headline"], BYTEDANCE);
    assert_eq!(hit["slug"], BYTEDANCE_SLUG);
    assert!(hit["headline_html"].is_null());
    assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>Ascend</mark> <mark>910B</mark>"));
}

#[tokio::test]
async fn an_article_over_the_etag_limit_is_sent_without_an_etag() {
    let dir = tempdir();
    // 17 MB of body: over the 16 MiB the ETag middleware reads to hash.
    std::fs::write(dir.join("a.txt"), format!("A very long story\n\n{}", "word ".repeat(3_400_000))).unwrap();
    let app = app(&dir);
    for uri in ["/api/articles/a-very-long-story", "/api/articles", "/feed.json"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(reply.bytes.len() > 17_000_000, "{uri}: {} bytes", reply.bytes.len());
        assert!(reply.headers.get("etag").is_none(), "{uri}");
    }
}

#[tokio::test]
async fn an_article_gives_the_date_its_dateline_names() {
    let dir = dated_seeds();
    let body = json(&get(&app(&dir), "/api/articles").await);
    let dated: Vec<(&str, &str, &str)> = body["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|article| {
            (
                article["dateline"].as_str().unwrap(),
                article["date"].as_str().unwrap(),
                article["language"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dated,
        [
            ("Updated 16 July 2021", "2021-07-16", "en"),
            ("Tuesday, 21 November, 2017 - 07:30", "2017-11-21T07:30", "en")
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
