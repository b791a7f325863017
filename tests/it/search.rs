//! Search: ranking, highlighting, phrases, exclusion, odd queries, the box on every page.

use axum::http::StatusCode;

use crate::common::*;

fn search_uri(query: &str) -> String {
    let encoded: String = query
        .bytes()
        .map(|byte| if byte.is_ascii_alphanumeric() { (byte as char).to_string() } else { format!("%{byte:02X}") })
        .collect();
    format!("/search?q={encoded}")
}

#[tokio::test]
async fn ascend_910b_finds_the_bytedance_article_with_marks() {
    let reply = get(&shipped(), &search_uri("Ascend 910B")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(texts(&reply.body, ".results .entry-headline"), [BYTEDANCE]);
    assert_eq!(attrs(&reply.body, ".results .entry-headline a", "href"), [format!("/articles/{BYTEDANCE_SLUG}")]);
    let main = main_html(&reply.body);
    assert!(main.contains("<mark>Ascend</mark> <mark>910B</mark>"), "{main}");
    assert_eq!(texts(&reply.body, ".count"), ["1 article matches Ascend 910B"]);
}

#[tokio::test]
async fn headline_matches_come_first_and_exact_headlines_lead() {
    let app = shipped();
    let chips = get(&app, &search_uri("Huawei")).await;
    assert_eq!(texts(&chips.body, ".results .entry-headline")[0], BYTEDANCE);
    let exact = get(&app, &search_uri(VOLKSWAGEN)).await;
    assert_eq!(texts(&exact.body, ".results .entry-headline")[0], VOLKSWAGEN);
    let marked = texts(&exact.body, ".results .entry-headline mark");
    assert_eq!(marked.len(), 9, "{marked:?}");
}

#[tokio::test]
async fn phrases_and_exclusions_narrow_the_results() {
    let app = shipped();
    let both = get(&app, &search_uri("company")).await;
    assert_eq!(texts(&both.body, ".results .entry-headline").len(), 2);
    let excluded = get(&app, &search_uri("company -volkswagen")).await;
    assert_eq!(texts(&excluded.body, ".results .entry-headline"), [BYTEDANCE]);
    let phrase = get(&app, &search_uri("\"warning strikes\"")).await;
    assert_eq!(texts(&phrase.body, ".results .entry-headline"), [VOLKSWAGEN]);
    let broken_phrase = get(&app, &search_uri("\"strikes warning\"")).await;
    assert!(texts(&broken_phrase.body, ".results .entry-headline").is_empty());
    assert_eq!(texts(&broken_phrase.body, ".count"), ["0 articles match \"strikes warning\""]);
}

#[tokio::test]
async fn odd_queries_get_a_friendly_page() {
    let app = shipped();
    let long = "x".repeat(10 * 1024);
    for (query, message) in [
        ("", "Type a word or two to search for"),
        ("\"", "The query has no word in it: search for letters or digits"),
        ("(", "The query has no word in it: search for letters or digits"),
        ("*", "The query has no word in it: search for letters or digits"),
        (long.as_str(), "The query is 10240 characters long; at most 200 are searched"),
    ] {
        let reply = get(&app, &search_uri(query)).await;
        assert_eq!(reply.status, StatusCode::OK, "{query:?}");
        assert_eq!(texts(&reply.body, ".search-message"), [message], "{query:?}");
    }
    for query in ["AND", "OR NOT", "((", "a:b", "[1 TO", "chips~2", "-", "\"unclosed phrase"] {
        let reply = get(&app, &search_uri(query)).await;
        assert_eq!(reply.status, StatusCode::OK, "{query:?}");
        assert_eq!(texts(&reply.body, "h1"), ["Search"], "{query:?}");
    }
    assert_eq!(get(&app, "/search").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/search?q=%FF").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_query_is_shown_back_escaped() {
    let reply = get(&shipped(), &search_uri("<b>chips</b>")).await;
    assert!(reply.body.contains("&#60;b&#62;chips&#60;/b&#62;") || reply.body.contains("&lt;b&gt;chips&lt;/b&gt;"));
    assert!(!reply.body.contains("<b>chips</b>"));
    assert_eq!(attrs(&reply.body, "input[name=q]", "value"), ["<b>chips</b>"]);
}

#[tokio::test]
async fn every_page_has_a_search_box_and_discovery_links() {
    let app = shipped();
    for uri in ["/", &format!("/articles/{BYTEDANCE_SLUG}"), "/search?q=chips", "/missing"] {
        let body = get(&app, uri).await.body;
        assert_eq!(attrs(&body, "form[role=search]", "action"), ["/search"], "{uri}");
        assert_eq!(attrs(&body, "form[role=search]", "method"), ["get"], "{uri}");
        assert_eq!(attrs(&body, "form[role=search] input[type=search]", "name"), ["q"], "{uri}");
        // The search page links its own search's feeds first.
        let own: &[&str] =
            if uri.starts_with("/search") { &["/search.atom?q=chips", "/search.json?q=chips"] } else { &[] };
        let feeds = [own, &["/feed.atom", "/feed.json"]].concat();
        assert_eq!(attrs(&body, "link[rel=alternate]", "href"), feeds, "{uri}");
        assert_eq!(attrs(&body, "link[rel=search]", "href"), ["/opensearch.xml"], "{uri}");
    }
}

#[tokio::test]
async fn opensearch_description_points_at_the_search_page() {
    let reply = get(&shipped(), "/opensearch.xml").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "application/opensearchdescription+xml; charset=utf-8");
    assert!(reply.body.contains("<ShortName>newsreader</ShortName>"));
    assert!(reply.body.contains(r#"<Url type="text/html" method="get" template="/search?q={searchTerms}"/>"#));
}

#[tokio::test]
async fn pages_serve_while_the_index_builds() {
    let (corpus, reports) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let snapshot = newsreader::web::Snapshot::new(corpus, &reports);
    let app = newsreader::web::router(newsreader::web::AppState::new(snapshot, newsreader::web::Site::new("")));
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
    let readyz = get(&app, "/readyz").await;
    assert_eq!((readyz.status, readyz.body.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "starting\n"));
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/articles/{BYTEDANCE_SLUG}")).await.status, StatusCode::OK);
    let search = get(&app, "/search?q=chips").await;
    assert_eq!(search.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(search.headers["retry-after"], "1");
    assert_eq!(
        texts(&search.body, ".search-message"),
        ["Search is getting ready: the articles are still being indexed. Try again in a moment."]
    );
    let api = get(&app, "/api/search?q=chips").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(json(&api)["error"]["status"], 503);
}

#[test]
fn a_reloaded_snapshot_searches_the_previous_index_until_its_own_is_built() {
    use newsreader::web::Outcome;
    use newsreader::web::Snapshot;
    let load = || newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let (corpus, reports) = load();
    let first = std::sync::Arc::new(Snapshot::new(corpus, &reports));
    first.build_search();
    let (corpus, reports) = load();
    let second = Snapshot::succeeding(corpus, &reports, &first);
    assert!(!second.search.is_built());
    assert!(second.is_ready(), "ready: the previous index answers");
    let (Outcome::Found(results), corpus) = second.search("Ascend 910B", 1) else { panic!("previous index answers") };
    assert_eq!(results.hits.len(), 1);
    assert!(std::sync::Arc::ptr_eq(&corpus, &first.corpus), "hits refer to the previous corpus");
    second.build_search();
    let (Outcome::Found(results), corpus) = second.search("Ascend 910B", 1) else { panic!("own index answers") };
    assert_eq!(results.hits.len(), 1);
    assert!(std::sync::Arc::ptr_eq(&corpus, &second.corpus), "hits refer to its own corpus");
    assert!(second.search.is_built());
}

#[tokio::test]
async fn arabic_search_ignores_vowel_marks_and_result_headlines_find_their_direction() {
    let dir = tempdir();
    std::fs::write(dir.join("a.txt"), "قصف على غَزَّة\n\nقالت مصادر طبية إن غارات إسرائيلية استهدفت مخيم النصيرات.\n")
        .unwrap();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("b.txt")).unwrap();
    let app = app(&dir);
    for query in ["غزة", "غَزَّة", "اسرائيلية"] {
        let reply = get(&app, &search_uri(query)).await;
        assert_eq!(texts(&reply.body, ".results .entry-headline"), ["قصف على غَزَّة"], "{query}");
        assert_eq!(attrs(&reply.body, ".results .entry-headline", "dir"), ["auto"], "{query}");
    }
    let english = get(&app, &search_uri("Huawei")).await;
    assert_eq!(texts(&english.body, ".results .entry-headline"), [BYTEDANCE]);
    assert_eq!(attrs(&english.body, ".results .entry-headline", "dir"), ["auto"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A seeds folder of five short articles for the query-language tests.
fn query_seeds() -> std::path::PathBuf {
    let dir = tempdir();
    let files = [
        ("1.txt", "Plan A Lifts Growth\n\nUnder plan a, growth returned to the region and exports rose.\n"),
        ("2.txt", "Plan B Beats Forecasts\n\nBoth plan a and plan b promised growth, and plan b won or so they say.\n"),
        (
            "3.txt",
            "ByteDance Buys Chips\n\nByteDance ordered more chips this year, or so traders said, and their prices \
             went up; it was not cheap. The headline figure was 2 billion dollars.\n",
        ),
        ("4.txt", "Oil Field Output Falls\n\nOutput at the oil field fell to a low, and fuel prices rose.\n"),
        ("5.txt", "Chip Prices Climb\n\nMemory chips cost more: prices climbed to records, traders said.\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The result headlines of `query`, in order.
async fn found(app: &axum::Router, query: &str) -> Vec<String> {
    let reply = get(app, &search_uri(query)).await;
    assert_eq!(reply.status, StatusCode::OK, "{query:?}");
    assert!(texts(&reply.body, ".search-message").is_empty(), "{query:?} is run");
    texts(&reply.body, ".results .entry-headline")
}

#[tokio::test]
async fn malformed_queries_are_read_as_their_words_and_every_word_must_match() {
    // An operator with nothing to join is left out; a query of operators alone is words.
    let dir = query_seeds();
    let app = app(&dir);
    const PLAN_B: &[&str] = &["Plan B Beats Forecasts"];
    const BYTEDANCE_BUYS: &[&str] = &["ByteDance Buys Chips"];
    const CHIPS_PRICES: &[&str] = &["Chip Prices Climb", "ByteDance Buys Chips"];
    const CHIPS: &[&str] = &["ByteDance Buys Chips", "Chip Prices Climb"];
    // (malformed query, its plain-word twin, what both find)
    let table: &[(&str, &str, &[&str])] = &[
        ("a)b growth", "a b growth", PLAN_B),
        ("a b) growth", "a b growth", PLAN_B),
        ("(a b growth", "a b growth", PLAN_B),
        ("a (b growth", "a b growth", PLAN_B),
        ("a)b growth OR", "a b growth", PLAN_B),
        ("bytedance OR", "bytedance", BYTEDANCE_BUYS),
        ("OR bytedance", "bytedance", BYTEDANCE_BUYS),
        ("bytedance AND", "bytedance", BYTEDANCE_BUYS),
        ("bytedance NOT", "bytedance", BYTEDANCE_BUYS),
        ("oil OR", "oil", &["Oil Field Output Falls"]),
        ("NOT", "not", BYTEDANCE_BUYS),
        ("chips OR OR prices", "chips prices", CHIPS_PRICES),
        ("\"chips prices", "chips prices", CHIPS_PRICES),
        ("chips \"prices", "chips prices", CHIPS_PRICES),
        ("-\"chips prices", "chips prices", CHIPS_PRICES),
        ("chips - prices", "chips prices", CHIPS_PRICES),
        ("chips -", "chips", CHIPS),
        ("chips * prices", "chips prices", CHIPS_PRICES),
        ("chips* prices*", "chips prices", CHIPS_PRICES),
        ("chips: prices", "chips prices", CHIPS_PRICES),
        ("headline:chips", "headline chips", BYTEDANCE_BUYS),
        ("body:chips prices", "body chips prices", &[]),
        ("chips^2 prices", "chips 2 prices", BYTEDANCE_BUYS),
        ("chips^ prices", "chips prices", CHIPS_PRICES),
        ("chips~ prices~2", "chips prices 2", BYTEDANCE_BUYS),
        ("[chips TO prices]", "chips to prices", &["Chip Prices Climb"]),
        ("{chips} <prices>", "chips prices", CHIPS_PRICES),
        ("+chips +prices", "chips prices", CHIPS_PRICES),
        ("chips\\ prices", "chips prices", CHIPS_PRICES),
        ("oil:field", "oil field", &["Oil Field Output Falls"]),
        ("growth OR -b", "growth -b", &["Plan A Lifts Growth"]),
    ];
    for &(query, twin, expected) in table {
        assert_eq!(found(&app, twin).await, expected, "twin {twin:?}");
        assert_eq!(found(&app, query).await, expected, "{query:?} reads as {twin:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn control_characters_in_a_query_are_spaces() {
    let dir = query_seeds();
    let app = app(&dir);
    let reply = get(&app, "/search?q=oil%00field%09output").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains(['\0', '\t']), "no control character is echoed");
    assert_eq!(attrs(&reply.body, "input[name=q]", "value"), ["oil field output"]);
    assert_eq!(texts(&reply.body, ".results .entry-headline"), ["Oil Field Output Falls"]);
    let api = json(&get(&app, "/api/search?q=oil%00field").await);
    assert_eq!(api["query"], "oil field");
    assert_eq!(api["total"], 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn well_formed_operators_keep_their_meaning() {
    let dir = query_seeds();
    let app = app(&dir);
    for (query, expected) in [
        ("growth", vec!["Plan A Lifts Growth", "Plan B Beats Forecasts"]),
        ("growth -b", vec!["Plan A Lifts Growth"]),
        ("growth NOT b", vec!["Plan A Lifts Growth"]),
        ("growth -\"plan b\"", vec!["Plan A Lifts Growth"]),
        ("\"plan b\"", vec!["Plan B Beats Forecasts"]),
        ("bytedance OR oil", vec!["ByteDance Buys Chips", "Oil Field Output Falls"]),
        ("prices (bytedance OR oil)", vec!["ByteDance Buys Chips", "Oil Field Output Falls"]),
        (
            "fuel OR bytedance OR growth",
            vec!["ByteDance Buys Chips", "Plan A Lifts Growth", "Plan B Beats Forecasts", "Oil Field Output Falls"],
        ),
        ("growth AND b", vec!["Plan B Beats Forecasts"]),
        ("prices -\"oil field\" -memory", vec!["ByteDance Buys Chips"]),
    ] {
        let mut headlines = found(&app, query).await;
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        headlines.sort();
        expected.sort();
        assert_eq!(headlines, expected, "{query:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn cjk_words_long_words_and_urls_are_found() {
    let dir = tempdir();
    let compound = "Donaudampfschifffahrtsgesellschaftskapitänsmütze";
    let token = "a8f3e9c0b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8";
    let files = [
        ("1.txt", "信仰的意义\n\n他说，这是神的呼出。我们都听见了。\n".to_owned()),
        ("2.txt", "東京の朝\n\n東京都の電車は朝から混雑している。\n".to_owned()),
        ("3.txt", format!("Ein Kapitän erzählt\n\nDie {compound} hing am Haken.\n")),
        ("4.txt", format!("Report Online\n\nThe report is at https://example.org/files/{token}/report.pdf today.\n")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let app = app(&dir);
    for (query, expected) in [
        ("神的呼出", vec!["信仰的意义"]),
        ("呼出", vec!["信仰的意义"]),
        ("神", vec!["信仰的意义"]),
        ("听见", vec!["信仰的意义"]),
        ("意义", vec!["信仰的意义"]),
        ("出呼", vec![]),
        ("電車", vec!["東京の朝"]),
        ("東京", vec!["東京の朝"]),
        ("混雑", vec!["東京の朝"]),
        ("京東", vec![]),
        (compound, vec!["Ein Kapitän erzählt"]),
        (&compound.to_lowercase(), vec!["Ein Kapitän erzählt"]),
        (token, vec!["Report Online"]),
        (&format!("https://example.org/files/{token}/report.pdf"), vec!["Report Online"]),
    ] {
        // A marked CJK character is a text node of its own: compare without spaces.
        let unspaced = |text: &str| text.replace(' ', "");
        let headlines: Vec<String> = found(&app, query).await.iter().map(|text| unspaced(text)).collect();
        assert_eq!(headlines, expected.iter().map(|text| unspaced(text)).collect::<Vec<_>>(), "{query:?}");
    }
    let reply = get(&app, &search_uri("神的呼出")).await;
    assert_eq!(texts(&reply.body, ".results .snippet mark"), ["神的呼出"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A seeds folder of 65 articles that all hold the word `harbour`, each its own story.
fn harbour_seeds() -> std::path::PathBuf {
    let dir = tempdir();
    let names = [
        "Lisbon",
        "Oslo",
        "Genoa",
        "Hamburg",
        "Piraeus",
        "Valencia",
        "Gdansk",
        "Rotterdam",
        "Antwerp",
        "Bergen",
        "Trieste",
        "Marseille",
        "Dublin",
    ];
    let cargo = ["grain", "timber", "copper", "coffee", "steel"];
    for n in 0..65 {
        let (city, load) = (names[n % names.len()], cargo[n / names.len()]);
        let text = format!(
            "{city} Harbour Ships {load} {n}\n\nDock workers in {city} loaded {n} tonnes of {load} at the harbour on day {n}.\n"
        );
        std::fs::write(dir.join(format!("{n:03}.txt")), text).unwrap();
    }
    dir
}

#[tokio::test]
async fn search_results_are_paged_like_the_list() {
    let dir = harbour_seeds();
    let app = app(&dir);
    let mut seen = Vec::new();
    for (page, count, shown, previous, next) in [
        (1, "65 articles match harbour · page 1 of 3", 30, None, Some("/search?q=harbour&page=2")),
        (2, "65 articles match harbour · page 2 of 3", 30, Some("/search?q=harbour"), Some("/search?q=harbour&page=3")),
        (3, "65 articles match harbour · page 3 of 3", 5, Some("/search?q=harbour&page=2"), None),
    ] {
        let uri = if page == 1 { "/search?q=harbour".to_owned() } else { format!("/search?q=harbour&page={page}") };
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(texts(&reply.body, ".count"), [count], "{uri}");
        let headlines = texts(&reply.body, ".results .entry-headline");
        assert_eq!(headlines.len(), shown, "{uri}");
        seen.extend(headlines);
        assert_eq!(attrs(&reply.body, "ol.results", "start"), [((page - 1) * 30 + 1).to_string()], "{uri}");
        let expected = |url: Option<&str>| url.map(str::to_owned).into_iter().collect::<Vec<_>>();
        assert_eq!(attrs(&reply.body, "link[rel=prev]", "href"), expected(previous), "{uri}");
        assert_eq!(attrs(&reply.body, "link[rel=next]", "href"), expected(next), "{uri}");
        assert_eq!(attrs(&reply.body, ".pager a[rel=prev]", "href"), expected(previous), "{uri}");
        assert_eq!(attrs(&reply.body, ".pager a[rel=next]", "href"), expected(next), "{uri}");
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 65, "every match on exactly one page");
    // A parameter given twice is a 400 saying so, as on the list, not an empty search.
    for uri in ["/search?q=harbour&page=2&page=1", "/search?q=harbour&q=oil"] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(reply.body.contains("duplicate field"), "{uri}");
    }
    // However far past the end: nothing is set aside for results that cannot exist.
    for page in ["4", "100000000000", "18446744073709551615", "99999999999999999999999"] {
        let uri = format!("/search?q=harbour&page={page}");
        assert_eq!(get(&app, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
        let uri = format!("/api/search?q=harbour&page={page}");
        assert_eq!(get(&app, &uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in ["/search?q=harbour&page=0", "/search?q=harbour&page=two"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    // One page of results has no pager; an empty result is page 1 of 1.
    let one = get(&app, &search_uri("lisbon grain")).await;
    assert_eq!(texts(&one.body, ".count"), ["1 article matches lisbon grain"]);
    assert!(texts(&one.body, ".pager").is_empty());
    assert_eq!(get(&app, "/search?q=nowhere").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/search?q=nowhere&page=2").await.status, StatusCode::NOT_FOUND);
    // The query is encoded in the links as a form encodes it.
    let spaced = get(&app, "/search?q=harbour%20%26%20dock").await;
    assert_eq!(attrs(&spaced.body, ".pager a[rel=next]", "href"), ["/search?q=harbour+%26+dock&page=2"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn api_search_results_are_paged_like_the_article_list() {
    let dir = harbour_seeds();
    let app = app(&dir);
    let first = json(&get(&app, "/api/search?q=harbour").await);
    let second = json(&get(&app, "/api/search?q=harbour&page=2").await);
    let third = json(&get(&app, "/api/search?q=harbour&page=3").await);
    for (body, page, hits, previous, next) in [
        (&first, 1, 30, serde_json::Value::Null, serde_json::json!("/api/search?q=harbour&page=2")),
        (
            &second,
            2,
            30,
            serde_json::json!("/api/search?q=harbour&page=1"),
            serde_json::json!("/api/search?q=harbour&page=3"),
        ),
        (&third, 3, 5, serde_json::json!("/api/search?q=harbour&page=2"), serde_json::Value::Null),
    ] {
        assert_eq!(body["query"], "harbour");
        assert_eq!(body["total"], 65);
        assert_eq!(body["page"], page);
        assert_eq!(body["pages"], 3);
        assert_eq!(body["per_page"], 30);
        assert_eq!(body["hits"].as_array().unwrap().len(), hits, "page {page}");
        assert_eq!(body["previous"], previous, "page {page}");
        assert_eq!(body["next"], next, "page {page}");
    }
    let mut slugs: Vec<String> = [&first, &second, &third]
        .iter()
        .flat_map(|body| body["hits"].as_array().unwrap().iter().map(|hit| hit["slug"].as_str().unwrap().to_owned()))
        .collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 65);
    let past = get(&app, "/api/search?q=harbour&page=4").await;
    assert_eq!(past.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&past), serde_json::json!({"error": {"status": 404, "message": "no such page of results"}}));
    for (uri, given) in [("/api/search?q=harbour&page=0", "0"), ("/api/search?q=harbour&page=x", "x")] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        let message = format!("the page number must be a whole number from 1, not \"{given}\"");
        assert_eq!(json(&reply), serde_json::json!({"error": {"status": 400, "message": message}}));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
