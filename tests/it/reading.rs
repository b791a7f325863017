//! Reading places: the permanent slugs `reader.js` keeps them under, on the list and the
//! article page.

use axum::http::StatusCode;

use crate::common::*;

#[tokio::test]
async fn list_entries_and_article_pages_name_their_permanent_slug() {
    let app = shipped();
    let permanent = |reply: &Reply| {
        let url = json(reply)["permanent_url"].as_str().unwrap().to_owned();
        url.strip_prefix("/articles/").unwrap().to_owned()
    };
    let bytedance = permanent(&get(&app, &format!("/api/articles/{BYTEDANCE_SLUG}")).await);
    let volkswagen = permanent(&get(&app, &format!("/api/articles/{VOLKSWAGEN_SLUG}")).await);
    assert_ne!(bytedance, BYTEDANCE_SLUG);
    assert!(bytedance.starts_with(&format!("{BYTEDANCE_SLUG}-")), "{bytedance}");

    let list = get(&app, "/").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(attrs(&list.body, "li.entry", "data-permanent"), [bytedance, volkswagen.clone()]);
    let page = get(&app, &format!("/articles/{VOLKSWAGEN_SLUG}")).await;
    assert_eq!(attrs(&page.body, "article.article", "data-permanent"), [volkswagen.as_str()]);
    // The permanent link leads to the same key.
    assert_eq!(attrs(&page.body, "a[rel=bookmark]", "href"), [format!("/articles/{volkswagen}")]);
}
