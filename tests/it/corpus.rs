//! Whole seeds folders: repeated articles across and within files, stories that share a
//! headline, and hand-written Markdown articles beside scraped ones.

use axum::http::StatusCode;
use newsreader::corpus::Corpus;
use newsreader::corpus::parse::Reason;

use crate::common::*;

fn load(folder: &str) -> (Corpus, Vec<newsreader::corpus::FileReport>) {
    Corpus::load(&repo_path("tests/fixtures").join(folder)).unwrap()
}

#[test]
fn an_article_in_two_files_or_twice_in_one_is_listed_once() {
    let (corpus, reports) = load("dedup");
    let headlines: Vec<&str> = corpus.articles().iter().map(|article| &*article.headline).collect();
    assert_eq!(headlines, [BYTEDANCE, VOLKSWAGEN, BYTEDANCE]);
    let counts: Vec<(usize, usize)> = reports.iter().map(|report| (report.articles, report.removed.len())).collect();
    assert_eq!(counts, [(2, 10), (0, 47), (1, 14)]);
    let repeated = |index: usize| -> Vec<usize> {
        reports[index]
            .removed
            .iter()
            .filter(|removed| matches!(removed.reason, Reason::RepeatedArticle { .. }))
            .map(|removed| removed.line)
            .collect()
    };
    assert_eq!(repeated(1).len(), 37);
    assert_eq!(reports[1].removed[0].reason, Reason::RepeatedArticle { file: "a_seed.txt".to_owned(), of: 1 });
    assert_eq!(repeated(2), [17, 19, 28, 29]);
    assert_eq!(reports[2].removed[5].reason, Reason::RepeatedArticle { file: "c_same_headline.txt".to_owned(), of: 1 });
}

/// A real page cut after `bytes` bytes (at a character boundary), as a page store cuts it.
fn cut(text: &str, bytes: usize) -> String {
    let end = (0..=bytes).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0);
    text[..end].to_owned()
}

#[test]
fn copies_of_one_story_cut_at_other_points_are_one_article_the_most_complete_kept() {
    let page = std::fs::read_to_string(repo_path("tests/fixtures/more/aawsat_node_5117183.txt")).unwrap();
    // `?page=1` holds the story cut early; `?page=3` the whole page with other quote marks
    // and spacing and an edited caption.
    let first = cut(&page, 1300);
    let third = page
        .replace(['“', '”'], "\"")
        .replace("Aoun says", "Aoun  says")
        .replace("Ghassan Charbel.", "Ghassan Charbel in Beirut.");
    let sources =
        [("page_1.txt", first), ("page_3.txt", third)].map(|(name, text)| (name.to_owned(), Ok(text.into_bytes())));
    let (corpus, reports) = Corpus::from_sources(sources);
    assert_eq!(corpus.articles().len(), 1);
    assert_eq!(&*corpus.articles()[0].seed.file, "page_3.txt");
    assert_eq!((reports[0].articles, reports[1].articles), (0, 1));
    let copy = Reason::RepeatedArticle { file: "page_3.txt".to_owned(), of: 1 };
    let copied: Vec<usize> =
        reports[0].removed.iter().filter(|removed| removed.reason == copy).map(|removed| removed.line).collect();
    assert_eq!(copied, [1, 3, 13, 15, 17]);
}

#[test]
fn two_stories_under_one_headline_are_never_merged_by_the_headline() {
    let page = std::fs::read_to_string(repo_path("tests/fixtures/more/aawsat_home-article_3635576.txt")).unwrap();
    let other = page.replace(
        "The Saudi Project for Landmines Clearance in Yemen (MASAM) announced on Sunday",
        "Officials in Marib said on Monday that new minefields were found near the city, as the Saudi project",
    );
    let sources = [("a.txt", page), ("b.txt", other)].map(|(name, text)| (name.to_owned(), Ok(text.into_bytes())));
    let (corpus, _) = Corpus::from_sources(sources);
    assert_eq!(corpus.articles().len(), 2);
}

#[test]
fn stories_sharing_a_headline_get_stable_distinct_slugs() {
    let (corpus, _) = load("dedup");
    let slugs: Vec<&str> = corpus.articles().iter().map(|article| article.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "bytedance-plans-new-ai-model-trained-with-huawei-chips-de42f46c",
            VOLKSWAGEN_SLUG,
            "bytedance-plans-new-ai-model-trained-with-huawei-chips-ee6e8a4e"
        ]
    );
    let folder = repo_path("tests/fixtures/dedup");
    let reversed =
        ["c_same_headline.txt", "a_seed.txt"].map(|name| (name.to_owned(), std::fs::read(folder.join(name))));
    let (again, _) = Corpus::from_sources(reversed);
    let mut slugs_again: Vec<&str> = again.articles().iter().map(|article| article.slug.as_str()).collect();
    slugs_again.sort_unstable();
    let mut sorted = slugs.clone();
    sorted.sort_unstable();
    assert_eq!(slugs_again, sorted);
}

#[tokio::test]
async fn markdown_article_sits_in_the_list_and_renders_safely() {
    let app = app(&fixture_copy("markdown"));
    let list = get(&app, "/").await;
    assert_eq!(texts(&list.body, ".entry-headline"), ["Office Closed on Friday", "Budget Talks Resume"]);
    assert_eq!(texts(&list.body, ".lede")[0], "The newsroom is closed on Friday for the move to the new building.");
    let page = get(&app, "/articles/office-closed-on-friday").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(texts(&page.body, "h1"), ["Office Closed on Friday"]);
    let body = main_html(&page.body);
    assert!(body.contains("<p>The newsroom is <strong>closed</strong> on Friday"), "{body}");
    assert!(body.contains("&lt;script&gt;alert(\"raw html\")&lt;/script&gt;"), "{body}");
    assert!(body.contains("the &lt;b&gt;old&lt;/b&gt; rota."), "{body}");
    assert_eq!(attrs(&page.body, ".body a", "href"), ["/notes/move"]);
    assert!(attrs(&page.body, ".body img", "src").is_empty());
    assert_eq!(texts(&page.body, ".body li"), ["Pack your desk by Thursday.", "Label every box."]);
    assert!(!page.body.contains("javascript:") && !page.body.contains("data:"), "{body}");
}

#[tokio::test]
async fn right_to_left_text_gets_dir_auto_on_its_elements() {
    let app = app(&repo_path("tests/fixtures/rtl"));
    let list = get(&app, "/").await;
    assert_eq!(texts(&list.body, ".entry-headline"), ["الجيش السوداني يطوق مطار الخرطوم"]);
    assert_eq!(attrs(&list.body, ".entry-headline", "dir"), ["auto"]);
    assert_eq!(attrs(&list.body, ".lede", "dir"), ["auto"]);
    let href = attrs(&list.body, ".entry-headline a", "href").remove(0);
    let page = get(&app, &href).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(attrs(&page.body, "h1", "dir"), ["auto"]);
    assert_eq!(texts(&page.body, ".body p[dir=auto]"), ["قال مصدران عسكريان إن الجيش يطوق مطار الخرطوم. ¶"]);
    // Too short to tell Arabic from Persian or Urdu, but written right to left all the same.
    assert_eq!(attrs(&page.body, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&page.body, "html", "lang"), ["en"]);
    let api = json(&get(&app, &format!("/api{href}")).await);
    assert!(api["language"].is_null(), "{}", api["language"]);
}

#[tokio::test]
async fn an_arabic_article_page_is_lang_ar_right_to_left_with_its_labels_in_english() {
    let dir = tempdir();
    let text = "الجيش السوداني يطوق مطار الخرطوم\n\n\
        قال مصدران عسكريان إن الجيش يطوق مطار الخرطوم، فيما تتواصل الاشتباكات في أحياء العاصمة السودانية.\n\n\
        وأعلنت وزارة الصحة أن المستشفيات تعمل بأقل من نصف طاقتها بسبب نقص الأدوية والوقود.\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("b.txt")).unwrap();
    set_mtime(&dir.join("a.txt"), 60);
    set_mtime(&dir.join("b.txt"), 0);
    let app = app(&dir);
    let list = get(&app, "/").await;
    assert_eq!((attrs(&list.body, "html", "lang"), attrs(&list.body, "html", "dir")), (vec!["en".to_owned()], vec![]));
    // a.txt is the newer file: its Arabic article comes first, the English ones of b.txt next.
    let href = attrs(&list.body, ".entry-headline a", "href").remove(0);
    let page = get(&app, &href).await;
    assert_eq!(attrs(&page.body, "html", "lang"), ["ar"]);
    assert_eq!(attrs(&page.body, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&page.body, ".site-header", "lang"), ["en"]);
    assert_eq!(attrs(&page.body, ".site-footer", "lang"), ["en"]);
    assert_eq!(attrs(&page.body, ".reading-time > span", "lang"), ["en"]);
    // Set left to right too, so "1 min read" does not read "min read 1" on a right-to-left page.
    assert_eq!(attrs(&page.body, ".reading-time > span", "dir"), ["ltr"]);
    assert_eq!(attrs(&page.body, ".permanent-link", "lang"), ["en"]);
    assert_eq!(texts(&page.body, ".pager-label[lang=en]"), ["Next"]);
    assert_eq!(json(&get(&app, &format!("/api{href}")).await)["language"], "ar");
    // The next article, in English, is left to right again.
    let next = get(&app, &attrs(&page.body, "a[rel=next]", "href").remove(0)).await;
    assert_eq!((attrs(&next.body, "html", "lang"), attrs(&next.body, "html", "dir")), (vec!["en".to_owned()], vec![]));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn seed_extensions_are_read_in_any_case() {
    let dir = seeds_copy();
    std::fs::rename(dir.join("000_bc60f894ced19436.txt"), dir.join("000_BC60.TXT")).unwrap();
    std::fs::write(dir.join("notice.Md"), "# Office closed on Friday\n\nThe office is **closed**.\n").unwrap();
    std::fs::write(dir.join("notes.txt.bak"), "Not a seed\n\nNot read.\n").unwrap();
    let (corpus, reports) = Corpus::load(&dir).unwrap();
    let headlines: Vec<&str> = corpus.articles().iter().map(|article| &*article.headline).collect();
    assert_eq!(headlines, [BYTEDANCE, VOLKSWAGEN, "Office closed on Friday"]);
    let files: Vec<&str> = reports.iter().map(|report| report.file.as_str()).collect();
    assert_eq!(files, ["000_BC60.TXT", "notice.Md"]);
    let content = corpus.articles()[2].content().unwrap();
    assert!(matches!(&*content.blocks, [newsreader::article::Block::Markdown(_)]));
}

#[test]
fn decomposed_and_composed_text_read_as_one_article() {
    let composed = "Café Owners Protest\n\nThe café owners of Zürich protested on Monday.\n";
    let decomposed = "Cafe\u{301} Owners Protest\n\nThe cafe\u{301} owners of Zu\u{308}rich protested on Monday.\n";
    let sources = [("a.txt", decomposed), ("b.txt", composed)]
        .map(|(name, text)| (name.to_owned(), Ok(text.as_bytes().to_vec())));
    let (corpus, reports) = Corpus::from_sources(sources);
    assert_eq!(corpus.articles().len(), 1, "the second file repeats the first");
    let article = &corpus.articles()[0];
    assert_eq!(&*article.headline, "Café Owners Protest");
    assert_eq!(article.slug, "cafe-owners-protest");
    let content = article.content().unwrap();
    assert_eq!(content.paragraphs().collect::<Vec<_>>(), ["The café owners of Zürich protested on Monday."]);
    assert_eq!((reports[0].articles, reports[1].articles), (1, 0));
}

#[test]
fn seed_files_in_subfolders_are_read_under_their_relative_path() {
    let dir = seeds_copy();
    let (top, _) = Corpus::load(&dir).unwrap();
    std::fs::create_dir_all(dir.join("2024/04")).unwrap();
    std::fs::write(dir.join("2024/04/budget.txt"), "Budget passes\n\nThe city budget passed at dawn.\n").unwrap();
    std::fs::write(dir.join("2024/notice.md"), "# Office closed on Friday\n\nThe office is closed.\n").unwrap();
    std::fs::create_dir_all(dir.join(".archive/2023")).unwrap();
    std::fs::write(dir.join(".archive/2023/old.txt"), "Old story\n\nNot read.\n").unwrap();
    // A link back to its own folder would be walked for ever.
    std::os::unix::fs::symlink(dir.join("2024"), dir.join("2024/again")).unwrap();
    let (corpus, reports) = Corpus::load(&dir).unwrap();
    let files: Vec<&str> = reports.iter().map(|report| report.file.as_str()).collect();
    assert_eq!(files, ["000_bc60f894ced19436.txt", "2024/04/budget.txt", "2024/again", "2024/notice.md"]);
    let headlines: Vec<&str> = corpus.articles().iter().map(|article| &*article.headline).collect();
    assert_eq!(headlines, [BYTEDANCE, VOLKSWAGEN, "Budget passes", "Office closed on Friday"]);
    assert_eq!(&*corpus.articles()[2].seed.file, "2024/04/budget.txt");
    assert_eq!(
        reports[2].skipped.as_ref().map(ToString::to_string).as_deref(),
        Some("a symlink loop (back to 2024): not followed")
    );
    assert!(reports[2].skipped.as_ref().is_some_and(newsreader::corpus::Skip::is_error));
    // The files at the top keep their permanent slugs.
    assert_eq!(corpus.permanent_slug(0), top.permanent_slug(0));
    assert_eq!(corpus.permanent_slug(1), top.permanent_slug(1));
}
