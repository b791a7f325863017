//! Links that never break: slugs under collisions, redirects, odd paths, permalinks, previews.

use std::str::FromStr;

use axum::http::StatusCode;

use crate::common::*;

/// A different article with the ByteDance headline, in the simple layout.
const TWIN: &str =
    "ByteDance Plans New AI Model Trained With Huawei Chips\n\nA second report with the same headline.\n";

#[tokio::test]
async fn shipped_slugs_and_permanent_slugs_resolve() {
    let app = shipped();
    let api = json(&get(&app, &format!("/api/articles/{BYTEDANCE_SLUG}")).await);
    let permanent = api["permanent_url"].as_str().unwrap().to_owned();
    assert_eq!(permanent, format!("/articles/{BYTEDANCE_SLUG}-{}", &permanent[permanent.len() - 8..]));
    let reply = get(&app, &permanent).await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.headers["location"], format!("/articles/{BYTEDANCE_SLUG}"));
    let page = get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(attrs(&page.body, "a.permanent-link[rel=bookmark]", "href"), [permanent]);
}

#[tokio::test]
async fn adding_and_removing_a_colliding_file_never_breaks_a_link() {
    let dir = seeds_copy();
    let before = app(&dir);
    let permanent = json(&get(&before, &format!("/api/articles/{BYTEDANCE_SLUG}")).await)["permanent_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(get(&before, &format!("/articles/{BYTEDANCE_SLUG}")).await.status, StatusCode::OK);

    std::fs::write(dir.join("001_twin.txt"), TWIN).unwrap();
    let with_twin = app(&dir);
    let reply = get(&with_twin, &permanent).await;
    assert_eq!(reply.status, StatusCode::OK, "the permanent slug is now canonical");
    assert_eq!(texts(&reply.body, "h1"), [BYTEDANCE]);
    assert_eq!(texts(&reply.body, ".body p").len(), 18);
    let choice = get(&with_twin, &format!("/articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(choice.status, StatusCode::MULTIPLE_CHOICES);
    assert_eq!(texts(&choice.body, "h1"), ["Several articles share this address"]);
    let links = attrs(&choice.body, ".entry-headline a", "href");
    assert_eq!(links.len(), 2);
    assert_eq!(links[0], permanent);
    assert!(links[1].starts_with(&format!("/articles/{BYTEDANCE_SLUG}-")) && links[1] != permanent, "{links:?}");
    let volkswagen = get(&with_twin, &format!("/articles/{VOLKSWAGEN_SLUG}")).await;
    assert_eq!(volkswagen.status, StatusCode::OK, "unrelated slugs do not move");

    std::fs::remove_file(dir.join("001_twin.txt")).unwrap();
    let after = app(&dir);
    assert_eq!(get(&after, &format!("/articles/{BYTEDANCE_SLUG}")).await.status, StatusCode::OK);
    assert_eq!(get(&after, &permanent).await.status, StatusCode::PERMANENT_REDIRECT);
}

#[tokio::test]
async fn a_headline_spelled_like_a_permanent_slug_never_takes_it() {
    let dir = seeds_copy();
    let permanent = json(&get(&app(&dir), &format!("/api/articles/{BYTEDANCE_SLUG}")).await)["permanent_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let hash = &permanent[permanent.len() - 8..];
    std::fs::write(
        dir.join("001_spoof.txt"),
        format!("{BYTEDANCE} {hash}\n\nA headline spelled like a permanent slug.\n"),
    )
    .unwrap();
    set_mtime(&dir.join("000_bc60f894ced19436.txt"), 0);
    set_mtime(&dir.join("001_spoof.txt"), 60);
    let app = app(&dir);
    let reply = get(&app, &permanent).await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.headers["location"], format!("/articles/{BYTEDANCE_SLUG}"));
    let list = get(&app, "/").await;
    let links = attrs(&list.body, ".entry-headline a", "href");
    assert_eq!(links.len(), 3);
    // The spoof's file is the newest: first in the list.
    assert!(links[0].starts_with(&format!("{permanent}-")) && links[0].len() == permanent.len() + 9, "{links:?}");
    let spoof = get(&app, &links[0]).await;
    assert_eq!(spoof.status, StatusCode::OK);
    assert_eq!(texts(&spoof.body, "h1"), [format!("{BYTEDANCE} {hash}")]);
}

#[tokio::test]
async fn an_old_permanent_slug_leads_to_the_edited_article() {
    let dir = seeds_copy();
    let seed = dir.join("000_bc60f894ced19436.txt");
    let permanent = json(&get(&app(&dir), &format!("/api/articles/{BYTEDANCE_SLUG}")).await)["permanent_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text.replacen("plans to develop", "plans to build", 1)).unwrap();
    let app = app(&dir);
    let edited = json(&get(&app, &format!("/api/articles/{BYTEDANCE_SLUG}")).await)["permanent_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(edited, permanent);
    let reply = get(&app, &permanent).await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.headers["location"], format!("/articles/{BYTEDANCE_SLUG}"));
}

#[tokio::test]
async fn an_emoji_only_headline_gets_a_hash_slug() {
    let dir = tempdir();
    std::fs::write(dir.join("a.txt"), "🎉🎉\n\nThe office party went well.\n").unwrap();
    let app = app(&dir);
    let list = get(&app, "/").await;
    assert_eq!(attrs(&list.body, ".entry-headline a", "href"), ["/articles/a338b696"]);
    let reply = get(&app, "/articles/a338b696").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(texts(&reply.body, "h1"), ["🎉🎉"]);
}

#[tokio::test]
async fn trailing_slash_and_other_case_redirect_permanently() {
    let app = shipped();
    let canonical = format!("/articles/{BYTEDANCE_SLUG}");
    for uri in [
        format!("{canonical}/"),
        format!("/articles/{}", BYTEDANCE_SLUG.to_uppercase()),
        format!("/articles/{}/", BYTEDANCE_SLUG.replace("bytedance", "ByteDance")),
    ] {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(reply.headers["location"], canonical, "{uri}");
    }
}

#[tokio::test]
async fn odd_paths_are_404_never_500() {
    let app = shipped();
    for uri in [
        "/articles/%FF%FE",
        "/articles/%E2%9C%93/",
        "/articles/%00",
        "/articles/caf%C3%A9",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/",
        "/articles/a/b",
        "/%F0%9F%8E%89",
        "/static/%FF",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(texts(&reply.body, "h1"), ["Page not found"], "{uri}");
    }
}

#[tokio::test]
async fn paragraphs_and_subheadings_have_permalink_marks() {
    let reply = get(&shipped(), &format!("/articles/{BYTEDANCE_SLUG}")).await;
    let ids = attrs(&reply.body, ".body p", "id");
    assert_eq!(ids.len(), 18);
    assert_eq!(ids[6], "p7");
    let marks = attrs(&reply.body, ".body p a.permalink", "href");
    assert_eq!(marks.len(), 18);
    assert_eq!(marks[6], "#p7");
    assert_eq!(attrs(&reply.body, ".body p#p7 a.permalink", "aria-label"), ["Link to paragraph 7"]);
    assert_eq!(
        texts(&reply.body, "#p7"),
        ["Training AI models is far more demanding and requires huge amounts of data, necessitating the use of \
          ultra-high-performance chips such as Nvidia's premium graphics processing units. ¶"]
    );
    assert_eq!(attrs(&reply.body, "h2#tight-supply a.permalink", "href"), ["#tight-supply"]);
}

#[tokio::test]
async fn article_head_has_canonical_description_and_open_graph() {
    let reply = get(&shipped(), &format!("/articles/{VOLKSWAGEN_SLUG}")).await;
    let canonical = format!("/articles/{VOLKSWAGEN_SLUG}");
    assert_eq!(attrs(&reply.body, "link[rel=canonical]", "href"), std::slice::from_ref(&canonical));
    let description = attrs(&reply.body, "meta[name=description]", "content");
    assert_eq!(
        description,
        ["Volkswagen workers will go on warning strikes on Monday at plants across Germany, labor union IG Metall \
         said, marking the first large-scale walkouts at Volkswagen's domestic operations since 2018."]
    );
    assert_eq!(attrs(&reply.body, "meta[property='og:description']", "content"), description);
    assert_eq!(attrs(&reply.body, "meta[property='og:title']", "content"), [VOLKSWAGEN]);
    assert_eq!(attrs(&reply.body, "meta[property='og:type']", "content"), ["article"]);
    assert_eq!(attrs(&reply.body, "meta[property='og:url']", "content"), [canonical]);
}

#[tokio::test]
async fn a_public_url_makes_preview_links_absolute() {
    for (base, public) in [("", "https://news.example.org"), ("/news", "https://intranet.example/news/")] {
        let (corpus, reports) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
        let site = newsreader::web::Site::new(base).with_public_url(public);
        let snapshot = newsreader::web::Snapshot::new(corpus, &reports);
        let app = newsreader::web::router(newsreader::web::AppState::new(snapshot, site));
        let reply = get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await;
        let url = format!("{}/articles/{BYTEDANCE_SLUG}", public.trim_end_matches('/'));
        assert_eq!(attrs(&reply.body, "link[rel=canonical]", "href"), std::slice::from_ref(&url));
        assert_eq!(attrs(&reply.body, "meta[property='og:url']", "content"), [url]);
        assert_eq!(
            attrs(&reply.body, ".entry-headline a, a[rel=next]", "href"),
            [format!("{base}/articles/{VOLKSWAGEN_SLUG}")]
        );
    }
}

#[tokio::test]
async fn the_api_300_lists_choices_by_their_page_url_outside_any_error() {
    let dir = seeds_copy();
    std::fs::write(dir.join("001_twin.txt"), TWIN).unwrap();
    let app = app(&dir);
    let page = get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await;
    let pages = attrs(&page.body, ".entry-headline a", "href");
    let reply = get(&app, &format!("/api/articles/{BYTEDANCE_SLUG}")).await;
    assert_eq!(reply.status, StatusCode::MULTIPLE_CHOICES);
    let slugs: Vec<&str> = pages.iter().map(|url| url.strip_prefix("/articles/").unwrap()).collect();
    let choices: Vec<serde_json::Value> = slugs
        .iter()
        .map(|slug| {
            serde_json::json!({
                "headline": BYTEDANCE,
                "slug": slug,
                "url": format!("/articles/{slug}"),
                "api_url": format!("/api/articles/{slug}"),
            })
        })
        .collect();
    assert_eq!(
        json(&reply),
        serde_json::json!({"message": "several articles share this slug: choose one", "choices": choices})
    );
    for choice in &choices {
        let article = json(&get(&app, choice["api_url"].as_str().unwrap()).await);
        assert_eq!(article["url"], choice["url"]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `uri` from the whole application with `headers` (name, value).
async fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = axum::http::Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(axum::body::Body::empty()).unwrap()).await
}

#[tokio::test]
async fn without_a_public_url_absolute_links_come_from_the_request_host() {
    let app = full("/news");
    let article = format!("/news/articles/{BYTEDANCE_SLUG}");
    for (headers, origin) in [
        (&[("host", "reader.example:8080")][..], "http://reader.example:8080"),
        (
            &[("host", "10.0.0.5:3000"), ("x-forwarded-host", "Intranet.Example"), ("x-forwarded-proto", "https")][..],
            "https://intranet.example",
        ),
        (&[("host", "a.example"), ("x-forwarded-proto", "https, http")][..], "https://a.example"),
    ] {
        // Twice each, so the second answer comes from the page cache.
        for _ in 0..2 {
            for (uri, coding) in [(article.as_str(), "identity"), ("/news/", "gzip")] {
                let page = get_with(&app, uri, &[headers, &[("accept-encoding", coding)]].concat()).await;
                let body = if coding == "gzip" { gunzip(&page.bytes) } else { page.body };
                assert_eq!(attrs(&body, "link[rel=canonical]", "href"), [format!("{origin}{uri}")], "{headers:?}");
            }
            let page = get_with(&app, &article, headers).await;
            assert_eq!(attrs(&page.body, "meta[property='og:url']", "content"), [format!("{origin}{article}")]);
        }
        let opensearch = get_with(&app, "/news/opensearch.xml", headers).await.body;
        assert!(opensearch.contains(&format!("template=\"{origin}/news/search?q={{searchTerms}}\"")), "{opensearch}");
        let atom = get_with(&app, "/news/feed.atom", headers).await.body;
        let atom = atom_syndication::Feed::from_str(&atom).unwrap();
        assert_eq!(atom.entries[0].links[0].href, format!("{origin}{article}"));
        let feed = json(&get_with(&app, "/news/feed.json", headers).await);
        assert_eq!(feed["feed_url"], format!("{origin}/news/feed.json"));
        let api = json(&get_with(&app, "/news/api/articles", headers).await);
        assert_eq!(api["articles"][0]["url"], format!("{origin}{article}"));
        let found = json(&get_with(&app, "/news/api/search?q=bytedance", headers).await);
        assert_eq!(found["hits"][0]["url"], format!("{origin}{article}"));
    }
    // A host that is no host name is not used: the links stay relative.
    for headers in [&[("host", "a b")][..], &[("host", "user@evil.example")][..], &[][..]] {
        let page = get_with(&app, &article, headers).await;
        assert_eq!(attrs(&page.body, "link[rel=canonical]", "href"), std::slice::from_ref(&article), "{headers:?}");
    }
}

#[tokio::test]
async fn a_public_url_wins_over_the_request_host() {
    let (corpus, reports) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let site = newsreader::web::Site::new("/news").with_public_url("https://intranet.example/news");
    let state = newsreader::web::AppState::new(newsreader::web::Snapshot::new(corpus, &reports), site);
    let app = newsreader::web::app(state, newsreader::web::Limits::default(), newsreader::web::Access::default());
    let page = get_with(&app, "/news/", &[("host", "other.example"), ("x-forwarded-host", "evil.example")]).await;
    assert_eq!(attrs(&page.body, "link[rel=canonical]", "href"), ["https://intranet.example/news/"]);
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
    out
}

#[test]
fn the_corpus_resolves_every_spelling_of_a_slug() {
    use newsreader::corpus::{Corpus, Resolved};
    let files = [
        ("a.txt", "Oil Rises\n\nOil rose on Monday.\n"),
        ("b.txt", "Oil Rises\n\nOil rose again on Tuesday.\n"),
        ("c.txt", "Gold Falls\n\nGold fell.\n"),
    ];
    let corpus = Corpus::from_sources(files.map(|(name, text)| (name.to_owned(), Ok(text.as_bytes().to_vec())))).0;
    assert_eq!(corpus.resolve("gold-falls"), Resolved::Article(2));
    assert_eq!(corpus.resolve("Gold-Falls"), Resolved::Moved("gold-falls"));
    assert_eq!(corpus.resolve("oil-rises"), Resolved::Choices(&[0, 1]));
    // A shared headline's articles are known by their permanent slugs; another by its bare one.
    let shared = corpus.permanent_slug(1).unwrap().to_owned();
    assert_eq!(corpus.articles()[1].slug, shared);
    assert_eq!(corpus.resolve(&shared), Resolved::Article(1));
    let permanent = corpus.permanent_slug(2).unwrap().to_owned();
    assert!(permanent.starts_with("gold-falls-"), "{permanent}");
    assert_eq!(corpus.resolve(&permanent), Resolved::Moved("gold-falls"));
    assert_eq!(corpus.resolve("silver-rises"), Resolved::Missing);
}
