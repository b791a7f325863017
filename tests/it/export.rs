//! Static export: the files written, exported articles equal to served ones, and the export
//! served by a plain static server (Python's `http.server`) with every link working.

use std::path::{Path, PathBuf};
use std::process::Command;

use axum::http::StatusCode;

use crate::common::*;
use crate::nginx::{assert_covers_the_site, crawl, free_port, run_on, scratch};

/// `newsreader export --seeds seeds --out out` with `options`, run to its end.
fn run_export(seeds: &Path, out: &Path, options: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsreader"));
    command.arg("export").arg("--seeds").arg(seeds).arg("--out").arg(out).args(options);
    command.output().unwrap()
}

/// Runs `newsreader export` of `seeds` under `base_path` into `out`: its standard output.
fn export_into(seeds: &Path, base_path: &str, out: &Path) -> String {
    let output = run_export(seeds, out, &["--base-path", base_path]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The shipped seed exported under `base_path` into a new folder.
fn export(base_path: &str) -> PathBuf {
    // A folder of its own: tests exporting with the same base path run at once.
    let out = tempdir().join("site");
    let stdout = export_into(&repo_path("seeds"), base_path, &out);
    assert!(stdout.starts_with(&format!("newsreader: exported 2 articles to {}", out.display())), "{stdout}");
    out
}

/// A new seeds folder of `count` hand-written articles, `Article 1` to `Article {count}`,
/// in that order.
pub fn many_articles(count: usize) -> PathBuf {
    let dir = tempdir();
    for number in 1..=count {
        std::fs::write(
            dir.join(format!("{number:03}.md")),
            format!("# Article {number}\n\nBody of article {number}.\n"),
        )
        .unwrap();
        // One time for all: the undated articles keep file order in the list.
        set_mtime(&dir.join(format!("{number:03}.md")), 0);
    }
    dir
}

#[tokio::test]
async fn exported_pages_equal_served_pages_byte_for_byte() {
    for base in ["", "/news"] {
        let out = export(base);
        let app = full(base);
        for (file, uri) in [
            (format!("articles/{BYTEDANCE_SLUG}/index.html"), format!("{base}/articles/{BYTEDANCE_SLUG}")),
            (format!("articles/{VOLKSWAGEN_SLUG}/index.html"), format!("{base}/articles/{VOLKSWAGEN_SLUG}")),
            ("index.html".to_owned(), format!("{base}/")),
        ] {
            let served = get(&app, &uri).await;
            assert_eq!(served.status, StatusCode::OK);
            let written = std::fs::read(out.join(&file)).unwrap();
            assert!(written == served.bytes, "{file} differs from {uri}");
        }
        let missing = get(&app, &format!("{base}/articles/none")).await;
        assert_eq!(std::fs::read(out.join("404.html")).unwrap(), missing.bytes);
    }
}

/// Where the page at a permanent address leads: its refresh target, canonical link and links.
fn leads_to(html: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    (
        attrs(html, "meta[http-equiv=refresh]", "content"),
        attrs(html, "link[rel=canonical]", "href"),
        attrs(html, "a", "href"),
    )
}

#[test]
fn a_permanent_address_in_the_export_is_a_small_page_leading_to_the_article() {
    let out = tempdir().join("site");
    let output = run_export(
        &repo_path("seeds"),
        &out,
        &["--base-path", "/news", "--public-url", "https://intranet.example/news"],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (corpus, _) = newsreader::corpus::Corpus::load(&repo_path("seeds")).unwrap();
    let permanent = corpus.permanent_slug(0).unwrap();
    assert!(permanent.starts_with(&format!("{BYTEDANCE_SLUG}-")), "{permanent}");
    let html = std::fs::read_to_string(out.join(format!("articles/{permanent}/index.html"))).unwrap();
    let address = format!("/news/articles/{BYTEDANCE_SLUG}");
    assert_eq!(
        leads_to(&html),
        (vec![format!("0; url={address}")], vec![format!("https://intranet.example{address}")], vec![address.clone()])
    );
    assert_eq!(texts(&html, "a"), [BYTEDANCE]);
    assert!(html.len() < 1024, "{} bytes", html.len());
    let volkswagen = corpus.permanent_slug(1).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("redirects.map")).unwrap(),
        format!(
            "/news/articles/{permanent} {address};\n/news/articles/{volkswagen} /news/articles/{VOLKSWAGEN_SLUG};\n"
        )
    );
}

#[test]
fn export_writes_assets_under_both_names() {
    let out = export("");
    let css = std::fs::read(repo_path("static/style.css")).unwrap();
    assert_eq!(std::fs::read(out.join("static/style.css")).unwrap(), css);
    let hashed: Vec<String> = std::fs::read_dir(out.join("static"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style.") && name.ends_with(".css") && name != "style.css")
        .collect();
    assert_eq!(hashed.len(), 1);
    assert_eq!(std::fs::read(out.join("static").join(&hashed[0])).unwrap(), css);
}

#[test]
fn one_article_is_counted_in_the_singular() {
    let out = tempdir().join("site");
    let stdout = export_into(&many_articles(1), "", &out);
    assert!(stdout.starts_with(&format!("newsreader: exported 1 article to {} (", out.display())), "{stdout}");
}

#[test]
fn an_export_without_a_public_url_warns_that_its_feeds_hold_relative_links() {
    let run = |public_url: &[&str]| {
        let output = run_export(&repo_path("seeds"), &tempdir().join("site"), public_url);
        assert!(output.status.success());
        String::from_utf8(output.stderr).unwrap()
    };
    let warning = "no --public-url: the exported feeds, OpenSearch description and link previews hold relative links";
    assert!(run(&[]).contains(warning));
    assert!(!run(&["--public-url", "https://intranet.example/"]).contains(warning));
}

#[test]
fn the_search_page_of_an_export_says_only_that_search_needs_the_server() {
    let out = export("");
    let html = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert_eq!(texts(&html, "main p"), [newsreader::web::STATIC_NOTICE]);
    assert_eq!(texts(&html, ".search-help"), Vec::<String>::new());
}

/// Serves `root` with `python3 -m http.server` on a free port: the port.
fn python_server(root: &Path) -> (crate::nginx::Running, u16) {
    let port = free_port();
    let mut command = Command::new("python3");
    command.args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"]).arg(root).arg(port.to_string());
    (run_on(command, port), port)
}

#[tokio::test]
async fn a_plain_static_server_serves_every_link_and_permalink() {
    let root = scratch("python").join("root");
    let seeds = many_articles(31);
    export_into(&seeds, "/news", &root.join("news"));
    let (_python, port) = python_server(&root);
    let visited = crawl(port).await;
    let origin = format!("http://127.0.0.1:{port}");
    for path in ["/news/", "/news/page/2", "/news/articles/article-1", "/news/articles/article-31", "/news/search"] {
        assert!(visited.contains(&format!("{origin}{path}")), "{path} not reached: {visited:#?}");
    }
    let (corpus, _) = newsreader::corpus::Corpus::load(&seeds).unwrap();
    let permanent = corpus.permanent_slug(30).unwrap();
    let response = reqwest::get(format!("{origin}/news/articles/article-31")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(texts(&response.text().await.unwrap(), "h1"), ["Article 31"]);
    let response = reqwest::get(format!("{origin}/news/articles/{permanent}")).await.unwrap();
    assert_eq!(response.status(), 200);
    let address = "/news/articles/article-31".to_owned();
    assert_eq!(
        leads_to(&response.text().await.unwrap()),
        (vec![format!("0; url={address}")], vec![address.clone()], vec![address])
    );
    let search = reqwest::get(format!("{origin}/news/search?q=article")).await.unwrap();
    assert_eq!(search.status(), 200);
    assert_eq!(texts(&search.text().await.unwrap(), "main p"), [newsreader::web::STATIC_NOTICE]);
}

#[tokio::test]
async fn the_shipped_seed_exported_under_a_base_path_is_served_by_a_plain_static_server() {
    let root = scratch("python-root").join("root");
    export_into(&repo_path("seeds"), "/news", &root.join("news"));
    let (_python, port) = python_server(&root);
    let visited = crawl(port).await;
    assert_covers_the_site(&visited, port);
}

/// Every file under `root` by its path relative to `root`, with its bytes.
fn files_under(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The names in `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_export_leaves_the_last_site_in_place_and_no_half_written_folder() {
    let parent = tempdir();
    let out = parent.join("site");
    export_into(&many_articles(31), "", &out);
    let before = files_under(&out);
    // Files over 8 KiB (16 blocks of 512 bytes) cannot be written, by root either: the list
    // page (9 KiB) fails with EFBIG after smaller files are written. SIGXFSZ is ignored, so the
    // write fails rather than the process being killed.
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_newsreader"))
        .args(["export", "--seeds"])
        .arg(many_articles(32))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(files_under(&out) == before, "the last export changed");
    assert_eq!(names_in(&parent), ["site"]);
}

#[test]
fn a_folder_that_is_no_export_is_not_replaced() {
    let out = tempdir().join("site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let output = run_export(&repo_path("seeds"), &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: not replaced: it is not empty and holds no .newsreader-export", out.display())),
        "{stderr}"
    );
    assert_eq!(names_in(&out), ["notes.txt"]);
    assert_eq!(names_in(out.parent().unwrap()), ["site"]);
}

/// Sets the modification time of `path` to 2001-09-09.
fn set_old_mtime(path: &Path) -> std::time::SystemTime {
    set_mtime(path, 0)
}

#[test]
fn a_second_export_writes_only_what_changed_and_removes_what_went() {
    let seeds = many_articles(31);
    let out = tempdir().join("site");
    export_into(&seeds, "", &out);
    let (corpus, _) = newsreader::corpus::Corpus::load(&seeds).unwrap();
    let old_permanent = corpus.permanent_slug(30).unwrap().to_owned();
    let kept = out.join("articles/article-1/index.html");
    let time = set_old_mtime(&kept);
    let gzip_time = set_old_mtime(&kept.with_extension("html.gz"));
    let edited = seeds.join("031.md");
    let written = std::fs::metadata(&edited).unwrap().modified().unwrap();
    std::fs::write(&edited, "# Article 31\n\nBody of article 31, edited.\n").unwrap();
    // Its time kept, so the undated article keeps its place in the list (newest first by
    // the files' times) and its neighbours' pages stay as they are.
    std::fs::File::options().write(true).open(&edited).unwrap().set_modified(written).unwrap();
    let stdout = export_into(&seeds, "", &out);
    let files = files_under(&out);
    let bytes: usize =
        files.iter().filter(|(name, _)| *name != ".newsreader-export").map(|(_, bytes)| bytes.len()).sum();
    // Written: article 31, the page at its new permanent address, page 2 of the list (its
    // lede) and both feeds, each with its .gz and .br, and redirects.map. Removed: the page at
    // its old permanent address, its .gz and .br.
    let expected = format!(
        "exported 31 articles to {} (229 files: 16 written, 213 unchanged, 3 removed, {bytes} bytes)\n",
        out.display()
    );
    assert!(stdout.ends_with(&expected), "{stdout}");
    assert_eq!(files.len(), 230);
    assert_eq!(std::fs::metadata(&kept).unwrap().modified().unwrap(), time);
    assert_eq!(std::fs::metadata(kept.with_extension("html.gz")).unwrap().modified().unwrap(), gzip_time);
    assert!(!out.join(format!("articles/{old_permanent}")).exists());
    let (corpus, _) = newsreader::corpus::Corpus::load(&seeds).unwrap();
    let html = std::fs::read_to_string(out.join(format!("articles/{}/index.html", corpus.permanent_slug(30).unwrap())));
    assert_eq!(leads_to(&html.unwrap()).0, ["0; url=/articles/article-31"]);
    let html = std::fs::read_to_string(out.join("articles/article-31/index.html")).unwrap();
    assert_eq!(texts(&html, ".body p"), ["Body of article 31, edited."]);
}

#[test]
fn every_file_has_its_gzip_and_brotli_copies_beside_it() {
    use std::io::Read;
    let out = export("/news");
    let files = files_under(&out);
    let plain: Vec<&String> = files
        .keys()
        .filter(|name| !name.ends_with(".gz") && !name.ends_with(".br") && !name.starts_with('.'))
        .collect();
    assert!(plain.len() > 10, "{plain:?}");
    for name in plain.into_iter().filter(|name| *name != "redirects.map") {
        let mut gunzipped = Vec::new();
        flate2::read::GzDecoder::new(&files[&format!("{name}.gz")][..]).read_to_end(&mut gunzipped).unwrap();
        assert!(gunzipped == files[name], "{name}.gz");
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &files[&format!("{name}.br")][..], &mut unbrotli).unwrap();
        assert!(unbrotli == files[name], "{name}.br");
    }
    assert!(!files.contains_key("redirects.map.gz"));
    let page = format!("articles/{BYTEDANCE_SLUG}/index.html");
    assert!(files[&format!("{page}.gz")].len() * 2 < files[&page].len());
}

#[test]
fn folders_left_by_stopped_exports_are_removed_and_a_running_one_is_kept() {
    let root = tempdir();
    let out = root.join("site");
    let stopped = root.join("site.tmp-999999999");
    let running = root.join(format!("site.tmp-{}", std::process::id()));
    for folder in [&stopped, &running] {
        std::fs::create_dir_all(folder.join("articles")).unwrap();
        std::fs::write(folder.join("articles/half.html"), "half written").unwrap();
    }
    export_into(&repo_path("seeds"), "", &out);
    assert!(!stopped.exists(), "the folder of an export whose process is gone is removed");
    assert!(running.exists(), "the folder of a running process is kept");
    assert!(out.join("index.html").is_file());
}
